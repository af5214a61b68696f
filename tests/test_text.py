"""Tokens, stems, stop words and phrases for theming feedback."""

from __future__ import annotations

from consult.text import STOP_WORDS, TextPreprocessor, stem, stop_words, tokenize


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
