"""Sentiment of feedback texts with VADER (the ``vaderSentiment`` package; no download needed)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import numpy as np
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer


@lru_cache(maxsize=1)
def _analyzer() -> SentimentIntensityAnalyzer:
    return SentimentIntensityAnalyzer()


def compound(texts: Sequence[str]) -> np.ndarray:
    """VADER's compound score per text, from -1 (most negative) to 1 (most positive)."""
    analyzer = _analyzer()
    return np.array([analyzer.polarity_scores(str(text))["compound"] for text in texts], dtype=float)
