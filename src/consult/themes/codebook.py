"""Seeded themes: match responses to an analyst's codebook before discovering new themes.

A codebook theme (``consult.core.sections.CodebookTheme``) has a name, keywords and/or example
responses. A response matches a keyword when the keyword's content-word stems appear in it in
order and side by side ("bus lane" matches "more bus lanes please"); it matches the examples
when its TF-IDF cosine similarity to one of them reaches ``example_threshold``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

from consult.core.sections import CodebookTheme
from consult.themes.text import TextPreprocessor


def _contains(sequence: tuple[str, ...], part: tuple[str, ...]) -> bool:
    size = len(part)
    return size > 0 and any(sequence[i:i + size] == part for i in range(len(sequence) - size + 1))


def codebook_scores(texts: Sequence[str], codebook: Sequence[CodebookTheme], preprocessor: TextPreprocessor,
                    vectorizer: TfidfVectorizer, example_threshold: float = 0.3) -> np.ndarray:
    """Response × codebook-theme match scores in [0, 1]; 0 means no match.

    A keyword match scores 1; an example match scores the cosine similarity to the closest
    example (kept only from ``example_threshold`` up). ``preprocessor`` and ``vectorizer`` must
    be fitted. Raises nothing; a theme with neither keywords nor examples matches nothing.
    """
    scores = np.zeros((len(texts), len(codebook)))
    if not codebook:
        return scores
    sequences = [tuple(preprocessor.stems(text)) for text in texts]
    vectors = normalize(vectorizer.transform(texts))
    for j, theme in enumerate(codebook):
        keys = [tuple(preprocessor.stems(keyword)) for keyword in theme.keywords]
        for i, sequence in enumerate(sequences):
            if any(_contains(sequence, key) for key in keys):
                scores[i, j] = 1.0
        if theme.examples:
            similarity = (vectors @ normalize(vectorizer.transform(theme.examples)).T).toarray().max(axis=1)
            similarity[similarity < example_threshold] = 0.0
            scores[:, j] = np.maximum(scores[:, j], similarity)
    return scores
