"""Finding campaign (organised) responses: one text, identical or nearly so, sent by many people.

Texts are compared after folding (lower case, punctuation dropped). Identical folded texts are
blocked together first; near-identical ones are found among the distinct texts by MinHash
locality-sensitive hashing over their sets of word pairs, and every candidate pair is
then checked exactly: two texts are near-identical when the Jaccard similarity of those sets is
at least the config's ``cleaning.near_duplicate_threshold``. Work grows with the number of
distinct texts, never with its square, so a million rows stay feasible.
"""

from __future__ import annotations

import re
from itertools import chain

import numpy as np
import pandas as pd
from scipy.sparse import coo_matrix, csr_matrix
from scipy.sparse.csgraph import connected_components
from sklearn.feature_extraction.text import HashingVectorizer

from consult.clean.ingest import map_unique
from consult.clean.nonanswers import fold
from consult.core.progress import progress

MIN_WORDS = 5  # shorter texts ("I agree", "Yes") are common answers, never a campaign
_FEATURES = 1 << 22  # hashed columns of the word-pair sets
_CHUNK = 50_000  # texts split into word pairs at a time
_BANDS = 16
_SEED = 20240501
_WORD = re.compile(r"\w+")
_ASCII_NON_WORD = bytes(c if chr(c).isalnum() or chr(c) == "_" else 32 for c in range(128)).ljust(256)  # to spaces


def _words(text: str) -> list[str]:
    """The runs of word characters in ``text`` (what ``\\w+`` finds), ASCII texts split without a regular expression."""
    if text.isascii():
        return text.encode("ascii").translate(_ASCII_NON_WORD).decode("ascii").split()
    return _WORD.findall(text)


def _word_pairs(text: str) -> list[str]:
    """Adjacent word pairs ("a b"): what ``analyzer="word", ngram_range=(2, 2)`` gives, without its overhead."""
    words = _words(text)
    return list(map(" ".join, zip(words, words[1:])))


def _hash_pairs(pairs: list[str]) -> dict[str, int]:
    """The column HashingVectorizer hashes each word pair into (one pair per row, so one column each)."""
    hasher = HashingVectorizer(analyzer=lambda pair: [pair], n_features=_FEATURES, norm=None, alternate_sign=False)
    return dict(zip(pairs, hasher.transform(pairs).indices.tolist()))


def _shingles(texts: np.ndarray) -> csr_matrix:
    """Each text's set of word pairs as a row of ones in ``_FEATURES`` hashed columns, indices sorted.

    The same matrix as ``HashingVectorizer(analyzer=_word_pairs, binary=True)``, but each distinct
    pair is hashed once, and the texts are split a chunk at a time to bound memory.
    """
    rows, columns, known = [], [], {}
    for start in range(0, len(texts), _CHUNK):
        pairs = [_word_pairs(text) for text in texts[start : start + _CHUNK]]
        known.update(_hash_pairs(list(set().union(*pairs).difference(known))))
        counts = np.fromiter(map(len, pairs), dtype=np.int64, count=len(pairs))
        columns.append(np.fromiter(map(known.__getitem__, chain.from_iterable(pairs)), dtype=np.int64,
                                   count=counts.sum()))
        rows.append(np.repeat(np.arange(start, start + len(pairs)), counts))
    rows, columns = np.concatenate(rows), np.concatenate(columns)
    matrix = csr_matrix((np.ones(len(rows)), (rows, columns)), shape=(len(texts), _FEATURES))  # sums duplicates
    matrix.data[:] = 1.0
    return matrix


def _rows_per_band(threshold: float) -> int:
    """The most MinHash rows per band (1-5) that still find a pair at ``threshold`` 99% of the time."""
    for rows in range(5, 0, -1):
        if 1 - (1 - threshold**rows) ** _BANDS >= 0.99:
            return rows
    return 1


def _signatures(matrix: csr_matrix, n_hashes: int) -> np.ndarray:
    """Per text, the minimum of ``n_hashes`` multiply-shift hashes over its shingles (uint64 arithmetic wraps)."""
    rng = np.random.RandomState(_SEED)
    a = rng.randint(1, 1 << 62, size=n_hashes, dtype=np.int64).astype(np.uint64) | np.uint64(1)
    b = rng.randint(0, 1 << 62, size=n_hashes, dtype=np.int64).astype(np.uint64)
    indices = matrix.indices.astype(np.uint64)
    starts = matrix.indptr[:-1]
    signatures = np.empty((matrix.shape[0], n_hashes), dtype=np.uint64)
    for k in progress(range(n_hashes), n_hashes, "campaigns: hashing texts", size=matrix.shape[0]):
        signatures[:, k] = np.minimum.reduceat((a[k] * indices + b[k]) >> np.uint64(32), starts)
    return signatures


def _candidates(signatures: np.ndarray, rows: int) -> np.ndarray:
    """Pairs (leader, member) sharing a band: each bucket's members linked to its first text."""
    n = signatures.shape[0]
    pairs = []
    multipliers = np.array([pow(1_000_003, j, 1 << 64) for j in range(rows)], dtype=np.uint64)
    for band in range(signatures.shape[1] // rows):
        block = signatures[:, band * rows : (band + 1) * rows]
        keys = (block * multipliers).sum(axis=1)
        order = np.argsort(keys, kind="stable")
        sorted_keys = keys[order]
        starts = np.r_[True, sorted_keys[1:] != sorted_keys[:-1]]
        leaders = order[np.flatnonzero(starts)[np.cumsum(starts) - 1]]
        linked = leaders != order
        pairs.append(np.column_stack([leaders[linked], order[linked]]))
    if not pairs:
        return np.empty((0, 2), dtype=np.int64)
    found = np.concatenate(pairs)
    codes = np.unique(np.minimum(found[:, 0], found[:, 1]) * n + np.maximum(found[:, 0], found[:, 1]))
    return np.column_stack([codes // n, codes % n])


def _jaccard(matrix: csr_matrix, pairs: np.ndarray) -> np.ndarray:
    sizes = np.diff(matrix.indptr)
    similarity = np.empty(len(pairs))
    for start in range(0, len(pairs), 100_000):
        chunk = pairs[start : start + 100_000]
        shared = np.asarray(matrix[chunk[:, 0]].multiply(matrix[chunk[:, 1]]).sum(axis=1)).ravel()
        similarity[start : start + len(chunk)] = shared / (sizes[chunk[:, 0]] + sizes[chunk[:, 1]] - shared)
    return similarity


def _long_folded(text: str) -> str:
    """``text`` folded (:func:`~consult.clean.nonanswers.fold`), or "" when it has fewer than ``MIN_WORDS`` words."""
    folded = fold(text)
    return folded if folded.count(" ") + 1 >= MIN_WORDS else ""


def near_duplicate_components(texts: np.ndarray, threshold: float) -> np.ndarray:
    """A component number per distinct folded text: texts joined by Jaccard ≥ ``threshold`` share one."""
    n = len(texts)
    if n < 2 or threshold >= 1:
        return np.arange(n)
    matrix = _shingles(texts)
    rows = _rows_per_band(threshold)
    pairs = _candidates(_signatures(matrix, rows * _BANDS), rows)
    pairs = pairs[_jaccard(matrix, pairs) >= threshold] if len(pairs) else pairs
    graph = coo_matrix((np.ones(len(pairs)), (pairs[:, 0], pairs[:, 1])), shape=(n, n))
    return connected_components(graph, directed=False)[1]


def find(texts: pd.Series, threshold: float, min_size: int) -> tuple[pd.Series, pd.DataFrame]:
    """Campaign groups among the free-text answers of one question.

    ``texts``: the (redacted) answers, non-answers and blanks already left out. Returns
    ``(group, groups)``: ``group`` gives each text's group number (0 = largest campaign) or -1;
    ``groups`` has one row per campaign: ``group``, ``n_respondents``, ``text`` (the most common
    wording; ties go to the first sent). Groups are ordered by size, then wording.
    """
    folded = map_unique(texts, _long_folded, "campaigns: folding texts")
    eligible = folded.ne("")
    group = pd.Series(-1, index=texts.index, dtype=np.int64)
    if not eligible.any():
        return group, pd.DataFrame(columns=["group", "n_respondents", "text"])
    codes, uniques = pd.factorize(folded[eligible], sort=True)
    component = near_duplicate_components(np.asarray(uniques, dtype=object), threshold)[codes]
    members = pd.DataFrame({"component": component, "text": texts[eligible].to_numpy()}, index=texts.index[eligible])
    sizes = members["component"].value_counts()
    members = members[members["component"].map(sizes).ge(min_size)]
    if members.empty:
        return group, pd.DataFrame(columns=["group", "n_respondents", "text"])
    members["order"] = range(len(members))
    wording = (
        members.groupby(["component", "text"], sort=False)["order"].agg(["size", "min"]).reset_index()
        .sort_values(["component", "size", "min"], ascending=[True, False, True], kind="stable")
        .drop_duplicates("component")
        .set_index("component")["text"]
    )
    table = pd.DataFrame({"n_respondents": sizes[wording.index], "text": wording})
    table = table.sort_values(["n_respondents", "text"], ascending=[False, True], kind="stable")
    table["group"] = np.arange(len(table))
    group.loc[members.index] = members["component"].map(table["group"]).to_numpy()
    return group, table.reset_index(drop=True)[["group", "n_respondents", "text"]]
