"""Readable theme labels: the phrase a theme's responses actually use, distinct across themes.

A label is the word sequence (two to five words, not starting or ending with a stop word)
that the theme's responses write most often, that contains one of the theme's top terms, and
that is rarer outside the theme. "links with public health" beats "health" because it is what
people wrote. Labels are checked against each other on their stems so no two read alike.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from consult.text import STOP_WORDS, VIEW_WORDS, TextPreprocessor, stem, tokenize

_READABLE = {1: 0.6, 2: 1.0, 3: 1.0, 4: 0.6}  # by content words: two or three read best
_EDGE_WORDS = STOP_WORDS | VIEW_WORDS | {"also", "really", "like", "think", "feel", "would", "please"}


def ngrams(text: str, max_words: int = 5) -> set[tuple[str, ...]]:
    """The 1- to ``max_words``-word sequences of a text that neither start nor end with a stop word."""
    tokens = tokenize(text)
    grams = set()
    for size in range(1, max_words + 1):
        for start in range(len(tokens) - size + 1):
            gram = tuple(tokens[start:start + size])
            if gram[0] not in _EDGE_WORDS and gram[-1] not in _EDGE_WORDS:
                grams.add(gram)
    return grams


def _stems(gram: Sequence[str]) -> frozenset[str]:
    return frozenset(stem(word.replace("'", "")) for word in gram if word not in STOP_WORDS)


def candidate_labels(member_grams: Sequence[set[tuple[str, ...]]], other_grams: Sequence[set[tuple[str, ...]]],
                     top_terms: Sequence[str]) -> list[str]:
    """Phrases for one theme, best first.

    ``member_grams`` and ``other_grams`` are :func:`ngrams` of the theme's responses and of a
    sample of the others. ``top_terms`` are the theme's stemmed terms (single stems or ``"stem stem"`` phrases) by
    weight. A phrase scores by how many of the theme's responses use it, how specific it is to
    the theme, and the weight of the top terms it contains; it must be used by at least two
    responses (one when the theme has fewer than four).
    """
    weights = {}
    for rank, term in enumerate(top_terms):
        for part in term.split():
            weights.setdefault(part, 1.0 / (1 + rank))
    inside: Counter[tuple[str, ...]] = Counter()
    for grams in member_grams:
        inside.update(grams)
    wanted = {gram for gram in inside if _stems(gram) & weights.keys()}
    outside: Counter[tuple[str, ...]] = Counter()
    for grams in other_grams:
        outside.update(grams & wanted)
    least = 1 if len(member_grams) < 4 else 2
    scored = []
    for gram in wanted:
        if inside[gram] < least:
            continue
        stems = _stems(gram)
        cover = sum(weights.get(s, 0.0) for s in stems)
        specificity = inside[gram] / (inside[gram] + outside[gram])
        score = cover * specificity * (inside[gram] / len(member_grams)) ** 0.5 * _READABLE.get(len(stems), 0.4)
        scored.append((-score, len(gram), gram))
    return [" ".join(gram) for _, _, gram in sorted(scored)]


def too_similar(a: str, b: str, threshold: float = 0.5) -> bool:
    """Whether two labels share most of their content stems (Jaccard above ``threshold``)."""
    sa, sb = _stems(tokenize(a)), _stems(tokenize(b))
    if not sa or not sb:
        return a == b
    return len(sa & sb) / len(sa | sb) > threshold


def choose_labels(candidates: Sequence[Sequence[str]], top_terms: Sequence[Sequence[str]],
                  preprocessor: TextPreprocessor) -> list[str]:
    """One distinct label per theme, bigger themes choosing first.

    ``candidates[j]`` are theme j's phrases, best first (from :func:`candidate_labels`);
    when none is distinct from the labels already taken, the label joins the theme's top two
    unused terms in their written form ("parking and charges"), numbered as a last resort.
    """
    labels: list[str] = []
    for options, terms in zip(candidates, top_terms):
        label = next((c for c in options if not any(too_similar(c, taken) for taken in labels)), None)
        if label is None:
            words = [preprocessor.surface(t) for t in terms]
            fresh = [w for w in words if not any(too_similar(w, taken) for taken in labels)]
            label = " and ".join((fresh or words)[:2]) or "unlabelled"
            while label in labels:
                label = f"{label} ({len(labels) + 1})"
        labels.append(label)
    return labels
