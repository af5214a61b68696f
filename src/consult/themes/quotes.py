"""Representative quotes: typical of their theme, different from each other, short, redacted."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

from consult.core.redact import redact_text
from consult.themes.text import TextPreprocessor, clean_feedback, split_sentences, stem, stop_words, tokenize

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


class FittedSentences(Protocol):
    """What :func:`theme_quotes` reads of a fitted :class:`consult.themes.model.ThemeModel`."""

    n_quotes: int
    sentences_: list[str]
    sentence_owner_: np.ndarray
    sentence_labels_: np.ndarray
    sentence_weights_: np.ndarray
    preprocessor_: TextPreprocessor


def theme_quotes(model: FittedSentences, sentences: np.ndarray, unit: sparse.csr_matrix, label: str) -> list[str]:
    """Quotes of one theme of a fitted ``model`` from ``sentences`` (indices into ``model.sentences_``,
    most typical first): each answer's sentences on the theme, joined, so a quote never says what
    belongs to another theme; those that use every content word of ``label`` first (so the label
    describes its quotes), most typical first (``unit``: the sentences' normalised TF-IDF)."""
    if not len(sentences) or not model.n_quotes:
        return []
    owner, theme = model.sentence_owner_, model.sentence_labels_
    answers = list(dict.fromkeys(owner[sentences]))  # most typical sentence first
    j = theme[sentences[0]]
    starts, ends = np.searchsorted(owner, answers), np.searchsorted(owner, answers, side="right")  # owner is sorted
    spans = [np.arange(start, end) for start, end in zip(starts, ends)]
    parts = [span[theme[span] == j] if j >= 0 else span for span in spans]
    said = [" ".join(model.sentences_[i] for i in part) for part in parts]
    rank = np.array([-model.sentence_weights_[part].max() for part in parts])
    picks = sparse.csr_matrix((np.ones(sum(map(len, parts))), np.concatenate(parts), np.cumsum([0, *map(len, parts)])),
                              shape=(len(parts), unit.shape[0]))
    summed = (picks @ unit).tocsr()  # each answer's sentences on the theme, summed
    summed.sort_indices()  # so that the norms add up in column order
    vectors = normalize(summed)
    wanted = set(model.preprocessor_.stems(label))
    uses = np.array([bool(wanted) and wanted <= set(model.preprocessor_.stems(text)) for text in said])
    return pick_quotes(said, -rank, vectors, model.n_quotes, preferred=uses)


def member_quotes(texts: Sequence[str], n_quotes: int, label: str = "", main: Sequence[bool] | None = None) -> list[str]:
    """Up to ``n_quotes`` redacted quotes for a theme known only by its members' answers (``texts``),
    as the review recomputes them after a rename, merge or move: each answer's sentence closest to
    the centre of all the members' sentences (TF-IDF of content-word stems), most typical first;
    those that use a content word of ``label`` first, and among them answers whose ``main`` theme it is.
    """
    stops = stop_words()
    sentences, owner = [], []
    for i, text in enumerate(texts):
        for sentence in split_sentences(clean_feedback(text)) or []:
            sentences.append(sentence)
            owner.append(i)
    if not sentences or not n_quotes:
        return []
    analyse = lambda text: [stem(t) for t in tokenize(text) if t not in stops]  # noqa: E731
    try:
        vectors = TfidfVectorizer(analyzer=analyse, sublinear_tf=True).fit_transform(sentences)
    except ValueError:  # no content words at all
        return []
    centre = normalize(np.asarray(vectors.mean(axis=0)))
    closeness = np.asarray(vectors @ centre.T).ravel()
    owner_array = np.asarray(owner)
    best = [int(np.flatnonzero(owner_array == i)[np.argmax(closeness[owner_array == i])]) for i in np.unique(owner_array)]
    wanted = {stem(t) for t in tokenize(label) if t not in stops}
    liked = np.array([bool(wanted & set(analyse(sentences[b]))) for b in best])
    first = np.asarray(main, bool)[owner_array[best]] if main is not None else np.zeros(len(best), bool)
    return pick_quotes([sentences[b] for b in best], closeness[best] + first, vectors[best], n_quotes, preferred=liked)
