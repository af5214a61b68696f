"""House-style wording for report prose: numbers in words, plurals, lists, quantifiers, dates.

Pure functions on plain values, so that every rule the summary follows is written down once
and tested on its own. The quantifier scale follows the Scottish Government's practice for
describing consultation results: a word chosen from the figure, never stronger than it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

_UNITS = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
)
_TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")

QUANTIFIER_FLOORS = (("almost all", 90), ("most", 70), ("a majority", 56), ("around half", 45),
                     ("a minority", 10))
"""The lowest whole-number percentage for each quantifier; below 10% (but not none) is "a few"."""

_OF = {"a majority": "a majority of", "around half": "around half of", "a minority": "a minority of",
       "none": "none of the"}


def words(n: int) -> str:
    """``n`` (0 to 99) in words: ``words(7) == "seven"``, ``words(42) == "forty-two"``.

    Raises ``ValueError`` outside 0-99.
    """
    if not 0 <= n < 100:
        raise ValueError(f"words() spells 0 to 99, not {n}")
    if n < 20:
        return _UNITS[n]
    tens, units = divmod(n, 10)
    return _TENS[tens] + (f"-{_UNITS[units]}" if units else "")


def number(n: int, below: int = 10) -> str:
    """A count in house style: in words under ``below`` (``"eight"``), else numerals (``"1,204"``).

    ``below`` is ``cfg.report.numbers_in_words_below``; 0 means always numerals.
    """
    return words(n) if 0 <= n < min(below, 100) else f"{n:,}"


def plural(noun: str, n: int) -> str:
    """``noun`` for a count of ``n``: ``plural("response", 1) == "response"``, else ``"responses"``.

    Nouns ending in s, x, z, ch, sh take ``es``; a consonant and ``y`` becomes ``ies``.
    """
    if n == 1:
        return noun
    if noun.endswith(("s", "x", "z", "ch", "sh")):
        return noun + "es"
    if re.search(r"[^aeiou]y$", noun):
        return noun[:-1] + "ies"
    return noun + "s"


def count(n: int, noun: str, below: int = 10) -> str:
    """A count with its noun in the right number: ``count(1, "response") == "one response"``."""
    return f"{number(n, below)} {plural(noun, n)}"


def join(items: Sequence[str], conjunction: str = "and") -> str:
    """``"a, b and c"`` (no Oxford comma, as GOV.UK style has it); ``""`` for no items."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def capitalise(text: str) -> str:
    """``text`` with its first letter upper case (the rest untouched, unlike ``str.capitalize``)."""
    return text[:1].upper() + text[1:]


def lower_first(text: str) -> str:
    """``text`` with its first letter lower case, unless it starts an acronym (``"NHS trust"``)."""
    return text if text[1:2].isupper() else text[:1].lower() + text[1:]


def quantifier(n: int, base: int, shown_pct: int) -> str:
    """The honest word for ``n`` of ``base``, whose whole-number percentage shows as ``shown_pct``.

    "all" and "none" are exact (99.6% shows as 100% but is "almost all"); the others follow
    the shown percentage through :data:`QUANTIFIER_FLOORS` (almost all 90+, most 70-89, a
    majority 56-69, around half 45-55, a minority 10-44, a few under 10), so "a majority" is
    never used for 55% or less. Raises ``ValueError`` for a base of 0 or a count outside 0..base.
    """
    if base <= 0 or not 0 <= n <= base:
        raise ValueError(f"quantifier needs 0 <= n <= base and base > 0, got {n} of {base}")
    if n == base:
        return "all"
    if n == 0:
        return "none"
    for word, floor in QUANTIFIER_FLOORS:
        if shown_pct >= floor:
            return word
    return "a few"


def quantified(word: str, noun_phrase: str) -> str:
    """``word`` before a plural noun phrase: ``"most respondents"``, ``"a majority of respondents"``."""
    return f"{_OF.get(word, word)} {noun_phrase}"


def day(value: date) -> str:
    """``"1 May 2024"``."""
    return f"{value.day} {value:%B %Y}"


def date_range(start: date, end: date) -> str:
    """``"between 1 May and 30 June 2024"`` (the year once when both dates share it)."""
    first = f"{start.day} {start:%B}" if start.year == end.year else day(start)
    return f"between {first} and {day(end)}"


def shorten(text: str, max_words: int = 30) -> str:
    """``text`` on one line, cut at a word boundary after ``max_words`` words with an ellipsis."""
    tokens = str(text).split()
    if len(tokens) <= max_words:
        return " ".join(tokens)
    return " ".join(tokens[:max_words]).rstrip(",;:.") + "…"


def with_article(noun: str) -> str:
    """``"an organisation"``, ``"a business"`` (by the first letter: "a university" is not handled)."""
    return ("an " if noun[:1].lower() in "aeiou" else "a ") + noun


RESPONDENT_NOUNS = frozenset({
    "agent", "association", "authority", "body", "business", "carer", "charity", "club", "company", "council",
    "councillor", "developer", "employee", "employer", "group", "individual", "landowner", "member", "officer",
    "organisation", "organization", "parent", "partner", "person", "practitioner", "professional", "provider",
    "resident", "school", "service", "society", "student", "tenant", "trust", "user", "visitor",
})
"""Words that name a kind of respondent; only answers ending in one are written as nouns."""

_PREFIX = re.compile(r"^(?:on behalf of|as|representing)\s+(?:an?|the|my)?\s*", re.IGNORECASE)


def group_noun(value: str) -> str | None:
    """The noun for an answer naming a kind of respondent, or ``None`` when it is not one.

    ``"Organisation"`` and ``"On behalf of an organisation"`` give ``"organisation"``,
    ``"Parish council"`` gives ``"parish council"``; place names, age bands and "Other" give
    ``None`` (the answer ends in no word of :data:`RESPONDENT_NOUNS`), so the caller quotes
    the answer instead of inventing grammar.
    """
    tokens = _PREFIX.sub("", value.strip()).split()
    if not 1 <= len(tokens) <= 4 or not all(t.isalpha() for t in tokens):
        return None
    if tokens[-1].lower() not in RESPONDENT_NOUNS:
        return None
    tokens = [t if t.isupper() and len(t) > 1 else t.lower() for t in tokens]
    return " ".join(tokens)
