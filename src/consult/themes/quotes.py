"""Representative quotes: typical of their theme, different from each other, short, redacted."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy import sparse

from consult.core.redact import redact_text

#: Quotes shorter than this many words say too little; longer ones are kept only if nothing else fits.
MIN_WORDS, MAX_WORDS = 4, 40


def pick_quotes(texts: Sequence[str], typicality: np.ndarray, vectors: sparse.spmatrix | np.ndarray,
                n_quotes: int, max_overlap: float = 0.5, preferred: np.ndarray | None = None) -> list[str]:
    """Up to ``n_quotes`` redacted quotes from one theme's ``texts``.

    ``typicality`` scores each text (higher = closer to the theme's centre) and ``vectors`` are
    the texts' L2-normalised rows (TF-IDF or embeddings). Texts are taken from most typical
    down, preferring those of ``MIN_WORDS``–``MAX_WORDS`` words and, among those, the
    ``preferred`` ones (booleans, e.g. texts that use the theme's label), and skipping any whose
    cosine similarity to a quote already taken exceeds ``max_overlap`` (so quotes differ).
    Returns fewer quotes when the theme has fewer distinct texts.
    """
    lengths = np.array([len(str(text).split()) for text in texts])
    fits = (lengths >= MIN_WORDS) & (lengths <= MAX_WORDS)
    liked = np.ones(len(texts), bool) if preferred is None else np.asarray(preferred, bool)
    order = np.lexsort((np.arange(len(texts)), -np.asarray(typicality, dtype=float), ~liked, ~fits))
    chosen: list[int] = []
    seen: set[str] = set()  # texts taken or turned down: a repeat would be turned down again
    for i in order:
        key = " ".join(str(texts[i]).lower().split())
        if key in seen:
            continue
        seen.add(key)
        if chosen:
            overlap = vectors[chosen] @ vectors[i].T
            overlap = overlap.toarray() if sparse.issparse(overlap) else np.asarray(overlap)
            if overlap.max() > max_overlap:
                continue
        chosen.append(int(i))
        if len(chosen) == n_quotes:
            break
    return [redact_text(str(texts[i]).strip()) for i in chosen]
