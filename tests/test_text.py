"""Tokens, stems, stop words and phrases for theming feedback."""

from __future__ import annotations

from consult.text import STOP_WORDS, TextPreprocessor, split_sentences, stem, stop_words, tokenize


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


def test_courtesy_words_are_stop_words_but_view_words_are_not() -> None:
    words = stop_words()
    assert {"thank", "opportunity", "comment", "agree"} <= words
    assert not {"not", "more", "enough"} & words
    assert tokenize("anti-social behaviour") == ["anti-social", "behaviour"]
