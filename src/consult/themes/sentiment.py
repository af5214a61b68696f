"""Sentiment of feedback texts with VADER (the ``vaderSentiment`` package; no download needed)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import numpy as np
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer


@lru_cache(maxsize=1)
def _analyzer() -> SentimentIntensityAnalyzer:
    return SentimentIntensityAnalyzer()


@lru_cache(maxsize=100_000)
def _score(text: str) -> float:
    return _analyzer().polarity_scores(text)["compound"]


def compound(texts: Sequence[str]) -> np.ndarray:
    """VADER's compound score per text, from -1 (most negative) to 1 (most positive); a repeated
    text is scored once (memoised)."""
    return np.array([_score(str(text)) for text in texts], dtype=float)
