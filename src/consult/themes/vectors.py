"""Static word embeddings for the default theme engine: WordLlama, offline and torch-free.

WordLlama (PyPI ``wordllama``, MIT) ships a 32,000-token × 256 embedding table (of which the first
:data:`DIM` columns are used: it is Matryoshka-trained, so a prefix is a smaller model) distilled from
large language models' token embeddings, and its tokenizer, inside the package (about 19 MB). A
text's vector is the mean of its tokens' vectors, L2-normalised (weighting the tokens by inverse
document frequency scored lower on most development sets). The default engine (``wordllama``)
clusters these beside the LSA vectors of the ``tfidf`` engine (:func:`blend`). Everything is read
from the installed package's own folder with downloads disabled: no network is used, ever.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

CONFIG, SHIPPED = "l2_supercat", 256  # the model shipped inside the wheel (a 256-wide table)
DIM = 128  # its first 128 columns (WordLlama is Matryoshka-trained: a prefix is a smaller model)
CHUNK = 1000  # texts pooled at a time (their token vectors: about 10 MB)
LSA_SHARE = 0.3  # share of the LSA in the blended cosine similarity (see blend)


@lru_cache(maxsize=1)
def _model() -> tuple[np.ndarray, Any]:
    """The embedding table (tokens × ``DIM``, float32) and the tokenizer, loaded from the package's files."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    import wordllama  # its import configures the root logger (logging.basicConfig): undone below

    root.handlers[:], root.level = handlers, level
    # the weights sit in the package folder; the tokenizer in <package>/tokenizers/, which load()
    # reads as the cache folder (cache_dir=<package>): with downloads disabled it never fetches one
    model = wordllama.WordLlama.load(CONFIG, cache_dir=Path(wordllama.__file__).parent, dim=SHIPPED, disable_download=True)
    tokenizer = model.tokenizer
    tokenizer.no_padding()
    return np.ascontiguousarray(model.embedding[:, :DIM], dtype=np.float32), tokenizer


def blend(lsa: np.ndarray, texts: Sequence[str]) -> np.ndarray:
    """The rows of ``lsa`` (L2-normalised LSA vectors, one per text) beside the texts' WordLlama vectors,
    weighted so that cosine similarity is ``LSA_SHARE`` times that of the LSA plus the rest times that
    of WordLlama; L2-normalised, float32 (filled in place: a 100,000-answer question holds one copy).
    """
    both = np.empty((len(texts), lsa.shape[1] + DIM), dtype=np.float32)
    both[:, :lsa.shape[1]] = np.sqrt(LSA_SHARE) * lsa
    both[:, lsa.shape[1]:] = embed(texts)
    both[:, lsa.shape[1]:] *= np.sqrt(1 - LSA_SHARE)
    norms = np.linalg.norm(both, axis=1, keepdims=True)
    return np.divide(both, norms, out=both, where=norms > 0)


def embed(texts: Sequence[str]) -> np.ndarray:
    """L2-normalised float32 vectors (``len(texts)`` × ``DIM``): each text's mean token vector.

    A text with no tokens gets a zero row. Texts are pooled ``CHUNK`` at a time, so the token
    vectors of a million texts are never all held.
    """
    table, tokenizer = _model()
    out = np.zeros((len(texts), table.shape[1]), dtype=np.float32)
    for start in range(0, len(texts), CHUNK):
        chunk = [e.ids for e in tokenizer.encode_batch(list(texts[start:start + CHUNK]), add_special_tokens=False)]
        lengths = np.fromiter(map(len, chunk), dtype=int, count=len(chunk))
        flat = np.fromiter((t for row in chunk for t in row), dtype=int, count=int(lengths.sum()))
        if not len(flat):
            continue
        starts = np.r_[0, np.cumsum(lengths)[:-1]][lengths > 0]
        out[start + np.flatnonzero(lengths > 0)] = np.add.reduceat(table[flat], starts, axis=0)
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return np.divide(out, norms, out=out, where=norms > 0)  # in place: a row with no tokens stays zero
