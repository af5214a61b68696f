"""Tokens, stems, stop words and phrases for theming feedback."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st
from sklearn.feature_extraction.text import TfidfVectorizer

from consult.themes.text import (
    _SENTENCE_BREAK,
    STOP_WORDS,
    DistinctTfidfVectorizer,
    TextPreprocessor,
    distinct,
    split_sentences,
    stem,
    stop_words,
    tokenize,
    word_ngrams,
)


def test_tokenize_lowercases_keeps_apostrophes_and_drops_redaction_tags() -> None:
    assert tokenize("Don’t close the [email] Library!") == ["don't", "close", "the", "library"]


def test_view_words_are_never_stop_words() -> None:
    assert {"no", "not", "nothing", "more"} <= set(tokenize("no not nothing more")) - STOP_WORDS
    assert "no" not in stop_words(["no", "Barnsley Council"])
    assert {"barnsley", "council"} <= stop_words(["Barnsley Council"])


def test_snowball_stems() -> None:
    assert stem("libraries") == stem("library") == "librari"


def test_preprocessor_learns_phrases_and_surface_forms() -> None:
    texts = ["links with public health", "public health matters", "more on public health please",
             "the libraries are closing", "keep the library open", "library hours"] * 2 + [
        f"words about topic {i} and item {i * 7} with colour {i * 3}" for i in range(40)]
    pre = TextPreprocessor().fit(texts)
    assert ("public", "health") in pre.phrases_
    assert "public health" in pre("Public health first")
    assert pre.surface("librari") == "library"
    assert pre.surface("public health") == "public health"
    assert pre.stems("The libraries and the parks") == ["librari", "park"]


def test_split_sentences_keeps_abbreviations_and_splits_lines() -> None:
    assert split_sentences("Good plan. More buses please!\nThanks") == ["Good plan.", "More buses please!", "Thanks"]
    assert split_sentences("We met in St. Albans, e.g. twice. Fine") == ["We met in St. Albans, e.g. twice.", "Fine"]
    assert split_sentences("   ") == []
    assert split_sentences("Too slow - Buses late;  more please.\u201d  Then") == ["Too slow", "Buses late;", "more please.\u201d", "Then"]


#: The sentence breaks as first written, lookbehinds first: the shipped pattern is a faster spelling of it.
_READABLE_BREAK = re.compile(r"(?<=[.!?;])\s+|(?<=[.!?;][\"'’”)\]])\s+|\s*\n\s*|\s+[-–—]\s+(?=[A-Z])")


@given(st.text(alphabet=" \n\t\r\u00a0.!?;\"'’”)]-–—Aab", max_size=16))
def test_sentence_breaks_match_the_readable_pattern(text: str) -> None:
    assert _SENTENCE_BREAK.split(text) == _READABLE_BREAK.split(text)


def test_courtesy_words_are_stop_words_but_view_words_are_not() -> None:
    words = stop_words()
    assert {"thank", "opportunity", "comment", "agree"} <= words
    assert not {"not", "more", "enough"} & words
    assert tokenize("anti-social behaviour") == ["anti-social", "behaviour"]


def test_distinct_keeps_first_appearance_order() -> None:
    unique, inverse = distinct(["b", "a", "b", "c", "a"])
    assert unique == ["b", "a", "c"]
    assert inverse.tolist() == [0, 1, 0, 2, 1]


def test_word_ngrams_match_scikit_learn_char_wb() -> None:
    analyse = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5)).build_analyzer()
    assert word_ngrams("bus", 3, 5) == (" bu", "bus", "us ", " bus", "bus ", " bus ")
    for word in ["a", "ab", "abc", "abcd", "abcdef", "café", "top-up"]:
        assert list(word_ngrams(word, 3, 5)) == analyse(word)


def test_distinct_vectoriser_equals_tfidf_on_repeated_documents() -> None:
    docs = ["more buses please", "No comment.", "more buses please", "fix the potholes", "No comment.",
            "the library hours", "more buses please", "buses to the library", "  Buses\tbuses  BUSES\n", "Café, ünï  code!"]
    for settings in ({"analyzer": "char_wb", "ngram_range": (3, 5), "min_df": 2, "max_df": 0.5, "sublinear_tf": True},
                     {"analyzer": TextPreprocessor().fit(docs), "min_df": 2}):
        plain, mine = TfidfVectorizer(**settings), DistinctTfidfVectorizer(**settings)
        expected, got = plain.fit_transform(docs), mine.fit_transform(docs)
        assert plain.vocabulary_ == mine.vocabulary_
        assert (expected != got).nnz == 0 and (expected.indices == got.indices).all()
        unseen = [*docs[::-1], "brand new words", ""]
        assert (plain.transform(unseen) != mine.transform(unseen)).nnz == 0


def test_preprocessor_fit_counts_repeats() -> None:
    once = ["public health matters"] * 3 + [f"topic {i} item {i}" for i in range(20)]
    pre = TextPreprocessor(min_phrase_count=3).fit(once)
    assert ("public", "health") in pre.phrases_
    assert ("public", "health") not in TextPreprocessor(min_phrase_count=3).fit(once[2:]).phrases_


def test_reading_joined_sentences_gives_the_terms_of_the_whole_text() -> None:
    sentences = ["Public health matters.", "Fund public health!", "More buses; fewer cuts.", "Public", "health"]
    pre = TextPreprocessor(min_phrase_count=2).fit(sentences)
    whole = ["Public health matters. More buses; fewer cuts.", "Public health"]
    expected = [pre(text) for text in whole]
    with pre.reading(whole, [sentences[0:3:2], sentences[3:5]]):
        assert [pre(text) for text in whole] == expected
    assert whole[0] not in pre._fitted
