"""Telling free-text non-answers ("n/a", "Nothing.", "-", "No comment") from answers.

Non-answers stay in the data but are marked, so that themes and counts can leave them out and
the report can say how many gave no comment.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import pandas as pd

from consult.clean.ingest import map_unique

NON_ANSWERS: frozenset[str] = frozenset({
    "n/a", "na", "n a", "none", "nothing", "no comment", "no comments", "no further comment",
    "no further comments", "nothing to add", "nothing further", "nothing else", "nothing more",
    "nothing to say", "nothing to report", "did not answer", "no answer", "not answered",
    "no response", "not applicable", "nil", "no thanks", "no thank you", "not really", "none at all",
    "none really", "none thanks", "none thank you", "nothing thanks", "nothing thank you",
    "no other comments", "no additional comments", "no", "nope", "nah", "non", "dont know",
    "don't know", "do not know", "not sure", "no idea", "no opinion", "prefer not to say",
    "tbc", "null",
})
_SHORT_NO = re.compile(r"^(?:no+|nope+|none+|nah+|nil|nothing+|n/?a)$")
_SEPARATORS = re.compile(r"[^\w/']+")
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'"})
# ASCII bytes: the characters _SEPARATORS matches become spaces, the others stay
_ASCII_SEPARATORS = bytes(c if chr(c).isalnum() or chr(c) in "_/'" else 32 for c in range(128)).ljust(256)


def fold(text: str) -> str:
    """Lower case, straight apostrophes, punctuation (but ``/`` and ``'``) and white space runs → one space."""
    if text.isascii():  # the same result, several times faster: separators to spaces byte by byte, then one space
        words = text.lower().encode("ascii").translate(_ASCII_SEPARATORS).decode("ascii").split()
        return " ".join(words).strip(" '")
    return _SEPARATORS.sub(" ", text.lower().translate(_QUOTES)).strip(" '")


def is_non_answer(text: str, extra: Iterable[str] = ()) -> bool:
    """Whether a non-blank free-text answer says nothing: a known phrase, punctuation only, or a "no" variant.

    ``extra`` adds phrases (the config's ``cleaning.non_answers``); phrases are compared after :func:`fold`.
    """
    return _folded_non_answer(fold(text), {fold(p) for p in extra})


def _folded_non_answer(folded: str, phrases: set[str]) -> bool:
    if not folded.strip("/ "):
        return True
    return folded in NON_ANSWERS or folded in phrases or bool(_SHORT_NO.match(folded))


def status(series: pd.Series, extra: Iterable[str] = ()) -> pd.Series:
    """``answer``, ``non_answer`` or ``blank`` for each value of a free-text column."""
    phrases = {fold(p) for p in extra}

    def one(text: str) -> str:
        if not text.strip():
            return "blank"
        return "non_answer" if _folded_non_answer(fold(text), phrases) else "answer"

    return map_unique(series, one, f"{series.name or 'text'}: finding non-answers")
