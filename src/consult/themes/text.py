"""Text preprocessing for theming feedback: tokens, Snowball stems, stop words, phrases.

Uses only NLTK parts that need no downloaded data (the Snowball stemmer). The stop-word list
is built for feedback: it drops function words but keeps the words that carry a view
("no", "not", "nothing", "more", "less", "too", "enough"), which general lists remove.

:class:`TextPreprocessor` learns phrases (word pairs that occur together far more often than
chance, such as "public health") and, for every stem, the surface word people used most, so
that themes can be labelled with real words rather than stems.
"""

from __future__ import annotations

import html
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache

import numpy as np
from nltk.stem.snowball import SnowballStemmer
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

_TOKEN = re.compile(r"[a-z][a-z0-9]*(?:['’-][a-z]+)*|\d+(?:\.\d+)?")
_REDACTION = re.compile(r"\[[a-z_ ]+\]")
#: Every break starts with a space, so the pattern starts with one (each lookbehind then reaches
#: back over it): the regex engine skips straight to spaces, 2.5 times as fast as the same breaks
#: written with the lookbehinds first.
_SENTENCE_BREAK = re.compile(r"\s(?:(?<=[.!?;]\s)\s*|(?<=[.!?;][\"'’”)\]]\s)\s*|\s*\n\s*|(?<=\n)\s*|\s*[-–—]\s+(?=[A-Z]))")
_ABBREVIATION = re.compile(r"(?:^|\s)(?:e\.g|i\.e|etc|st|mr|mrs|ms|dr|no|vs|approx)\.$", re.IGNORECASE)

_URL = re.compile(r"(?:https?://|www\.)\S+|(?<![@\w.])\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|org|net|co|uk|gov|io|ly)(?:/\S*)?\b",
                  re.IGNORECASE)
_HANDLE = re.compile(r"(?<![\w@])@\w{1,30}")
_RETWEET = re.compile(r"^\s*(?:RT|MT)\b:?\s*", re.IGNORECASE)
_HASHTAG = re.compile(r"(?<![\w&])#(?=\w)")
_SPACES = re.compile(r"[ \t]{2,}")
_TAG = re.compile(r"</?[a-z][a-z0-9]*(?:\s[^<>]*)?/?>", re.IGNORECASE)  # <br>, <p class="x">, </font>


def _symbol(char: str) -> bool:
    """Whether a character is an emoji or pictograph (Unicode "So" symbols, variation selectors, joiners)."""
    return unicodedata.category(char) == "So" or char in "\ufe0f\u200d" or 0x1F3FB <= ord(char) <= 0x1F3FF


def clean_feedback(text: str) -> str:
    """Feedback as a person reads it, for theming and quoting: HTML entities decoded (``&amp;`` → ``&``)
    and HTML tags removed (``<br>``, ``&lt;font&gt;``), web addresses, @handles and a leading ``RT`` removed, ``#`` dropped from hashtags (the word kept),
    emoji removed, and runs of spaces closed up.

    ``"RT @united: Lost my bag &amp; no reply #fail https://t.co/x1 😡"`` → ``"Lost my bag & no reply fail"``.
    """
    text = html.unescape(html.unescape(str(text)))  # exports sometimes escape twice ("&amp;amp;")
    if "<" in text:
        text = _TAG.sub(" ", text)
    if "@" in text or "/" in text or "." in text or "#" in text or not text.isascii():
        text = _URL.sub(" ", text)
        text = _HANDLE.sub(" ", text)
        text = _HASHTAG.sub("", text)
        if not text.isascii():
            text = "".join(" " if _symbol(char) else char for char in text)
    text = _RETWEET.sub("", text)
    return _SPACES.sub(" ", text).strip(" :")


#: Function words that carry no view. Negations, quantities and comparisons are kept.
STOP_WORDS: frozenset[str] = frozenset(
    """
    a about above after again against all also am an and any are aren't as at be because been before
    being below between both but by can could couldn't did didn't do does doesn't doing don't down
    during each etc few for from further get gets got had hadn't has hasn't have haven't having he
    he'd he'll he's her here here's hers herself him himself his how how's i i'd i'll i'm i've if
    in into is isn't it it's its itself just let's may me might must my myself of off on once only
    or other our ours ourselves out over own re same shall she she'd she'll she's should shouldn't
    so some such than that that's the their theirs them themselves then there there's these they
    they'd they'll they're they've this those through to under until up upon us very was wasn't we
    we'd we'll we're we've were weren't what what's when when's where where's which while who who's
    whom why why's will with within without won't would wouldn't you you'd you'll you're you've
    your yours yourself yourselves one ones s t d ll m ve
    """.split()
)

#: Courtesy and stance words of consultation letters ("thank you for the opportunity to comment",
#: "broadly agree", "good to see"): they say how a point is made, not what it is about, so a
#: sentence made only of them raises no theme. The stance itself is reported by position.
BOILERPLATE_WORDS: frozenset[str] = frozenset(
    """
    thank thanks opportunity comment comments commented respond responding submit submitted
    behalf forward discuss discussing happy pleased glad delighted nice good great welcome welcomes agree
    agreed agrees disagree disagreed support supports supported broadly generally general mostly overall
    whole fine ok okay right sensible yes see seems seem think feel like really well lot things thing
    way say said following points point above below further meeting officers hope helps opinion
    """.split()
)

#: Words that carry a view and must never be treated as stop words, whatever the caller adds.
VIEW_WORDS: frozenset[str] = frozenset(
    "no not nothing never none nobody more less most least too enough much many better worse".split()
)

_STEMMER = SnowballStemmer("english")


def tokenize(text: str) -> list[str]:
    """Lower-case word tokens of ``text`` (letters, digits, inner apostrophes); redaction tags dropped.

    ``"Don't close the [email] library!"`` → ``["don't", "close", "the", "library"]``.
    """
    cleaned = _REDACTION.sub(" ", str(text).lower())
    return [token.replace("’", "'") for token in _TOKEN.findall(cleaned)]


def split_sentences(text: str) -> list[str]:
    """The sentences of ``text``, stripped, in order, with no trained model: split after ``.``, ``!``,
    ``?`` or ``;`` (not after "e.g.", "St." and the like), at line breaks and at a spaced dash
    before a capital.

    ``"Good plan. More buses please!\\nThanks"`` → ``["Good plan.", "More buses please!", "Thanks"]``.
    """
    sentences: list[str] = []
    for part in _SENTENCE_BREAK.split(str(text)):
        part = part.strip()
        if part and sentences and _ABBREVIATION.search(sentences[-1][-10:]):  # the end is enough: "approx." is 7
            sentences[-1] += " " + part
        elif part:
            sentences.append(part)
    return sentences


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The Snowball (Porter 2) English stem of a lower-case word (memoised: feedback repeats words)."""
    return _STEMMER.stem(word)


def stop_words(extra: Iterable[str] = ()) -> frozenset[str]:
    """:data:`STOP_WORDS`, :data:`BOILERPLATE_WORDS` and the analyst's ``extra`` words (lower-cased,
    each word of a phrase), less :data:`VIEW_WORDS`."""
    added = {token for word in extra for token in tokenize(word)}
    return (STOP_WORDS | BOILERPLATE_WORDS | added) - VIEW_WORDS


def distinct(texts: Iterable[str]) -> tuple[list[str], np.ndarray]:
    """The distinct texts in order of first appearance, and the index of each text among them.

    ``["b", "a", "b"]`` → ``(["b", "a"], array([0, 1, 0]))``.
    """
    index: dict[str, int] = {}
    inverse = [index.setdefault(text, len(index)) for text in texts]
    return list(index), np.asarray(inverse, dtype=np.intp)


class DistinctTfidfVectorizer(TfidfVectorizer):
    """:class:`sklearn.feature_extraction.text.TfidfVectorizer` that analyses each distinct document once.

    Feedback repeats itself (campaign texts, "No comment.", stock sentences), and analysing a
    document (a Python analyser, character n-grams) is most of a vectoriser's time. The counts of
    the distinct documents are computed once and copied to every repeat, so the matrix, vocabulary,
    document frequencies and weights are exactly those of ``TfidfVectorizer``.
    """

    def _count_vocab(self, raw_documents: Iterable[str], fixed_vocab: bool):  # type: ignore[no-untyped-def]
        unique, inverse = distinct(raw_documents)
        count = self._count_char_wb if self.analyzer == "char_wb" else super()._count_vocab
        vocabulary, counts = count(unique, fixed_vocab)
        return vocabulary, counts[inverse]

    def _count_char_wb(self, documents: list[str], fixed_vocab: bool) -> tuple[dict[str, int], sparse.csr_matrix]:
        """``char_wb`` n-gram counts as (document × word counts) @ (word × n-gram counts): a document's
        n-grams are those of its words, so each distinct word is cut into n-grams once."""
        preprocess = self.build_preprocessor()
        index: dict[str, int] = {}
        rows = [[index.setdefault(word, len(index)) for word in preprocess(self.decode(doc)).split()] for doc in documents]
        by_word = _counts(rows, len(index), self.dtype)
        vocabulary: dict[str, int] = self.vocabulary_ if fixed_vocab else {}
        low, high = self.ngram_range
        if fixed_vocab:
            grams = [[vocabulary[g] for g in word_ngrams(word, low, high) if g in vocabulary] for word in index]
        else:
            grams = [[vocabulary.setdefault(g, len(vocabulary)) for g in word_ngrams(word, low, high)] for word in index]
            if not vocabulary:
                raise ValueError("empty vocabulary; perhaps the documents only contain stop words")
        counts = by_word @ _counts(grams, len(vocabulary), self.dtype)  # small whole numbers: exact in floats too
        counts.sort_indices()
        return vocabulary, counts


def _counts(rows: list[list[int]], width: int, dtype: type) -> sparse.csr_matrix:
    """A sparse count matrix of ``dtype`` with one row per list of column indices (a repeated index counts again)."""
    indptr = np.cumsum([0, *map(len, rows)])
    indices = np.fromiter((j for row in rows for j in row), dtype=np.int64, count=indptr[-1])
    matrix = sparse.csr_matrix((np.ones(len(indices), dtype=dtype), indices, indptr), shape=(len(rows), width))
    matrix.sum_duplicates()
    return matrix


@lru_cache(maxsize=500_000)
def word_ngrams(word: str, low: int, high: int) -> tuple[str, ...]:
    """The character ``low``–``high``-grams of one word padded with a space each side, as scikit-learn's
    ``char_wb`` analyser makes them: a padded word no longer than ``n`` gives itself once, and no longer grams.

    ``word_ngrams("bus", 3, 5)`` → ``(" bu", "bus", "us ", " bus", "bus ", " bus ")``.
    """
    padded = f" {word} "
    grams: list[str] = []
    for n in range(low, high + 1):
        grams.extend(padded[start:start + n] for start in range(max(len(padded) - n, 0) + 1))
        if len(padded) <= n:
            break
    return tuple(grams)


class TextPreprocessor:
    """Turns texts into stemmed terms, with learned phrases kept as phrases.

    Parameters are stored as given; :meth:`fit` learns ``phrases_`` (stem pairs, e.g.
    ``("public", "health")``) and ``surface_`` (stem or phrase → the words most often written).
    Calling the fitted object on a text returns its terms: content-word stems and, for each
    learned phrase, the phrase as one term (``"public health"``), so a vectoriser can use it
    as its ``analyzer``.
    """

    def __init__(self, extra_stop_words: Sequence[str] = (), min_phrase_count: int = 3,
                 min_phrase_pmi: float = 3.0) -> None:
        self.extra_stop_words = extra_stop_words
        self.min_phrase_count = min_phrase_count
        self.min_phrase_pmi = min_phrase_pmi

    def _pairs(self, text: str) -> list[tuple[str, str] | None]:
        """(surface, stem) per content word; ``None`` where a stop word breaks a phrase (kept for the
        texts fitted on, which are then vectorised; callers must not change the list)."""
        known = self._fitted.get(text)
        if known is not None:
            return known
        return [None if token in self.stop_words_ or len(token) < 2 and not token.isdigit()
                else (token, stem(token.replace("'", ""))) for token in tokenize(text)]

    def fit(self, texts: Iterable[str]) -> TextPreprocessor:
        """Learn phrases and surface forms from ``texts``; returns ``self``."""
        self.stop_words_ = stop_words(self.extra_stop_words)
        self._fitted: dict[str, list[tuple[str, str] | None]] = {}
        unigrams: Counter[str] = Counter()
        pairs: Counter[tuple[str, str]] = Counter()
        surfaces: Counter[tuple[str, str]] = Counter()
        n_words = 0
        for text, times in Counter(texts).items():  # each distinct text once, counted as often as it occurs
            words = self._fitted[text] = self._pairs(text)
            for i, item in enumerate(words):
                if item is None:
                    continue
                n_words += times
                unigrams[item[1]] += times
                surfaces[(item[1], item[0])] += times
                following = words[i + 1] if i + 1 < len(words) else None
                if following is not None and following[1] != item[1]:
                    pairs[(item[1], following[1])] += times
                    surfaces[(f"{item[1]} {following[1]}", f"{item[0]} {following[0]}")] += times
        self.phrases_ = frozenset(
            pair for pair, count in pairs.items()
            if count >= self.min_phrase_count
            and math.log(count * n_words / (unigrams[pair[0]] * unigrams[pair[1]])) >= self.min_phrase_pmi
        )
        best: dict[str, tuple[int, str]] = {}
        for (term, surface), count in sorted(surfaces.items()):
            if count > best.get(term, (0, ""))[0]:
                best[term] = (count, surface)
        self.surface_ = {term: surface for term, (_, surface) in best.items()}
        return self

    @contextmanager
    def reading(self, texts: Sequence[str], parts: Sequence[Sequence[str]]) -> Iterator[None]:
        """Within the block, each of ``texts`` (its ``parts`` joined by spaces) is read as its parts'
        words one after another, so texts made of fitted sentences are not tokenised again."""
        added = {text: None for text in texts if text not in self._fitted}
        for text, its in zip(texts, parts):
            if text in added:
                self._fitted[text] = [pair for part in its for pair in self._pairs(part)]
        try:
            yield
        finally:
            for text in added:
                del self._fitted[text]

    def __call__(self, text: str) -> list[str]:
        """The terms of one text: stems of content words, plus ``"stem stem"`` for each learned phrase."""
        words = self._pairs(text)
        terms = [item[1] for item in words if item is not None]
        for first, second in zip(words, words[1:]):
            if first is not None and second is not None and (first[1], second[1]) in self.phrases_:
                terms.append(f"{first[1]} {second[1]}")
        return terms

    def stems(self, text: str) -> list[str]:
        """The stems of a text's content words, in order (no phrases)."""
        return [item[1] for item in self._pairs(text) if item is not None]

    def surface(self, term: str) -> str:
        """The words people wrote for a stem or phrase term (``"librari"`` → ``"library"``)."""
        return self.surface_.get(term, term)
