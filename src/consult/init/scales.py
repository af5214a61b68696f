"""Recognising an ordered answer set that no built-in scale fits, and drafting it as a config scale.

Each label is read on its own (:func:`read_label`) as a point on an axis: a *family* (the
dimension it speaks of: "good", "favourable", "rude", an amount, a frequency, a number) and a
*value* (how far along: "Very good" 4, "Good" 3, "Neither good nor poor" 0, "Poor" -3). A set
of labels is a scale (:func:`read_set`) when every label that is not a "no view" answer
("Don't know", "Unfamiliar (N/A)") reads in the same family and the values order them. Labels
reading the same (family, value) are spellings of one option ("No, not rude at all" and "No,
not at all rude") and become synonyms.

Direction comes from the words, never from position alone: a family whose word is evaluative
(good, agree, likely, satisfied, favourable, important, comfortable, support, ...) has a
positive side (values above 0), a neutral one (0) and a negative one (below 0). Any other
ordered set (amounts, frequencies, "very / somewhat / not at all masculine", plain numbers)
is drafted without direction: no net rows and no tone, until the analyst says which end is
the favourable one.

:func:`draft_scales` merges the sets of several columns that read in the same family and
whose values nest (one column's answers are a subset of another's: an option nobody chose, or
a spelling variant) into one scale, names each scale, and writes its config entry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from consult.core import wording
from consult.core.scales import SCALES, normalise_label, spellings

NO_VIEW = re.compile(
    r"^(?:(?:i )?(?:don't|do not|dont) know|not sure|unsure|can't say|cannot say|no opinion|n/?a|not applicable\b.*"
    r"|unfamiliar\b.*|prefer not to (?:say|answer)|i don't do this|i do not do this|i don't understand\b.*"
    r"|ddim yn gwybod|ddim yn siŵr|ddim yn siwr)$"
)
"""Answers outside any scale: counted, but not in the base of those who gave a view."""

# evaluative words: family -> (positive spellings, negative spellings); the positive one names the family
_POLES: dict[str, tuple[str, str]] = {
    "agree": (r"agree", r"disagree"),
    "good": (r"good|well", r"poor|poorly|bad|badly"),
    "likely": (r"likely", r"unlikely"),
    "satisfied": (r"satisfied|satisfactory", r"dissatisfied|unsatisfied|unsatisfactory"),
    "favourable": (r"favou?rabl[ey]|favou?red", r"unfavou?rabl[ey]"),
    "important": (r"important", r"unimportant"),
    "comfortable": (r"comfortabl[ey]", r"uncomfortabl[ey]"),
    "support": (r"support|supportive", r"oppose|opposed"),
    "helpful": (r"helpful", r"unhelpful"),
    "useful": (r"useful", r"useless"),
    "clear": (r"clear", r"unclear"),
    "easy": (r"easy", r"difficult|hard"),
    "effective": (r"effective", r"ineffective"),
    "acceptable": (r"acceptable", r"unacceptable"),
    "confident": (r"confident", r"unconfident"),
    "happy": (r"happy", r"unhappy"),
    "safe": (r"safe", r"unsafe"),
    "positive": (r"positive", r"negative"),
}
_PATTERNS = {pattern: (family, sign) for family, pair in _POLES.items() for sign, pattern in zip((1, -1), pair)}
# ranked evaluative words that carry their own strength
_RANKED = {"excellent": 5.0, "outstanding": 5.0, "fair": 0.0, "average": 0.0, "terrible": -5.0, "awful": -5.0}
_STRENGTH = [  # (modifier before the word, strength); longest first
    ("extremely", 5.0), ("completely", 5.0), ("totally", 5.0), ("very", 4.0), ("strongly", 4.0),
    ("really", 4.0), ("quite", 2.5), ("fairly", 2.5), ("mostly", 2.5), ("tend to", 2.5), ("rather", 2.5),
    ("somewhat", 2.0), ("moderately", 2.0), ("reasonably", 2.0), ("slightly", 1.0), ("a little", 1.0),
    ("a bit", 1.0),
]
_NEGATED = [  # (negation before the word, value); "not X at all" is handled with "not at all"
    ("not at all", -4.0), ("not very", -1.0), ("not so", -1.0), ("not particularly", -1.0),
    ("not really", -1.5), ("not too", -1.0), ("not", -2.0),
]
_AMOUNT = {  # labels that are amounts or degrees on their own: "A lot / Some / Not much / Not at all"
    "a great deal": 5.0, "completely": 5.0, "perfectly": 5.0, "entirely": 5.0, "fully": 5.0, "extremely": 5.0,
    "a lot": 4.0, "very much": 4.0, "very": 4.0, "quite a lot": 3.5, "quite a bit": 3.5, "mostly": 3.5,
    "largely": 3.5, "a fair amount": 3.0, "quite": 2.5, "fairly": 2.5, "some": 2.0, "somewhat": 2.0,
    "partly": 2.0, "partially": 2.0, "moderately": 2.0, "a little": 1.0, "slightly": 1.0, "a bit": 1.0,
    "not much": -1.0, "not very much": -1.0, "not very": -1.0, "not really": -1.5, "hardly": -2.0,
    "hardly at all": -3.0, "poorly": -2.0, "barely": -2.0, "not at all": -4.0, "none": -4.0,
    "none at all": -4.0, "nothing": -4.0, "not much at all": -3.0,
}
_ADVERBS = {  # how often, as words: "Always / Usually / About half the time / Once in a while / Never"
    "always": 100.0, "all the time": 100.0, "almost always": 90.0, "nearly always": 90.0, "most of the time": 75.0,
    "usually": 75.0, "mostly": 75.0, "often": 65.0, "very often": 70.0, "frequently": 65.0,
    "about half the time": 50.0, "half the time": 50.0, "sometimes": 40.0, "occasionally": 30.0,
    "once in a while": 30.0, "rarely": 15.0, "seldom": 15.0, "hardly ever": 10.0, "almost never": 10.0,
}
_PER_YEAR = {"day": 365.0, "week": 52.0, "month": 12.0, "year": 1.0}
_ADJECTIVE = {"daily": "day", "weekly": "week", "monthly": "month", "yearly": "year", "annually": "year"}
_COUNT = {"once": 1.0, "twice": 2.0, "a few times": 3.0, "several times": 4.0, "many times": 6.0}
_PERIOD = re.compile(
    r"^(?P<less>less than |more than )?(?:(?P<every>every|each) (?P<unit1>day|week|month|year)"
    r"|(?P<adjective>daily|weekly|monthly|yearly|annually)"
    r"|(?P<count>once|twice|a few times|several times|many times|\d+ times) (?:a|per|every|each) "
    r"(?P<unit2>day|week|month|year))(?P<more> or (?:more|less))?$"
)
NEVER = "never"
"""The family of "Never", which ends both kinds of frequency: "how often" in words and "frequency" per period."""
_ANCHOR = re.compile(r"^(\d{1,2})\s*(?:[-–—:=.)]\s*(.*[a-z].*))?$")
_ANSWER_PREFIX = re.compile(r"^(?:yes|no)\s*,\s*")


@dataclass(frozen=True)
class Reading:
    """One label on an axis: its ``family`` (None for "neutral", which fits any) and ``value``.

    ``directed`` says whether the family's word is evaluative (its positive end is favourable);
    ``word`` is the label's own word for its side ("favorably", "poor"), which names net rows.
    """

    family: str | None
    value: float
    directed: bool = False
    word: str = ""


def _word_reading(word: str) -> tuple[str, float, bool, str] | None:
    """A bare word's (family, sign, directed, word): ``good`` → ("good", 1, True, "good")."""
    for pattern, (family, sign) in _PATTERNS.items():
        if re.fullmatch(pattern, word):
            return family, float(sign), True, word
    if re.fullmatch(r"[a-z][a-z'-]{2,}", word):  # an ordered dimension we cannot tell the favourable end of
        return word, 1.0, False, word
    return None


def _graded(text: str) -> Reading | None:
    """"very good", "not at all rude", "somewhat unfavorably", "good" read through modifiers."""
    if text in _RANKED:
        value = _RANKED[text]
        return Reading("good", value, True, "good" if value > 0 else "poor" if value < 0 else "")
    value, rest = 3.0, text
    at_all = rest.startswith("not ") and rest.endswith(" at all")
    if at_all:
        value, rest = -4.0, rest.removeprefix("not ").removesuffix(" at all")
    else:
        for prefix, strength in _NEGATED + _STRENGTH:
            if rest.startswith(prefix + " "):
                value, rest = strength, rest.removeprefix(prefix + " ")
                break
    found = _word_reading(rest)
    if found is None:
        return None
    family, sign, directed, word = found
    return Reading(family, value * sign, directed, word if value * sign > 0 or sign < 0 else f"not {word}")


def _neutral(text: str) -> Reading | None:
    match = re.fullmatch(r"neither (\w+) nor (\w+)", text)
    if match:
        first, second = _word_reading(match.group(1)), _word_reading(match.group(2))
        if first and second and first[0] == second[0] and first[1] != second[1]:
            return Reading(first[0], 0.0, first[2])
        return None
    return Reading(None, 0.0) if text in ("neutral", "neither", "undecided") else None


_LESS_OFTEN = re.compile(r"less (?:often|frequently)(?: than (?:that|this|these|the above))?")
"""After the least frequent period ("Monthly / Less often / Never"): below every period, above never."""


def _frequency(text: str) -> Reading | None:
    if text == "never":
        return Reading(NEVER, 0.0)
    if _LESS_OFTEN.fullmatch(text):
        return Reading("frequency", 0.5)
    match = _PERIOD.fullmatch(text)
    if not match:
        return Reading("how often", _ADVERBS[text]) if text in _ADVERBS else None
    unit = match.group("unit1") or match.group("unit2") or _ADJECTIVE.get(match.group("adjective") or "")
    count = match.group("count")
    times = 1.0 if not count else _COUNT.get(count) or float(count.split()[0])
    per_year = times * _PER_YEAR[unit]
    shift = {"less than ": -0.2, "more than ": 0.2}.get(match.group("less") or "", 0.0)
    shift += {" or more": 0.1, " or less": -0.1}.get(match.group("more") or "", 0.0)
    return Reading("frequency", per_year + shift)


def read_label(label: str) -> Reading | None:
    """The label as a point on an ordered axis, or None when it reads as no such thing.

    Case, spacing, a "(neutral)" note and a leading "Yes," / "No," do not matter.
    """
    text = re.sub(r"\s*\([^)]*\)", "", normalise_label(label)).strip()
    text = _ANSWER_PREFIX.sub("", text)
    if re.fullmatch(r"\d{1,2}", text):
        return Reading("number", float(text))
    if text in _AMOUNT:
        return Reading("amount", _AMOUNT[text])
    for reader in (_frequency, _neutral, _graded):
        found = reader(text)
        if found is not None:
            return found
    return None


@dataclass(frozen=True)
class OrderedSet:
    """The labels of one column read as an ordered scale.

    ``options`` are the canonical labels from the highest value (most positive) to the lowest,
    ``values`` their values, ``synonyms`` other spellings → option, ``no_view`` the answers
    outside the scale, ``directed`` whether the words give it a favourable end, and
    ``words`` the words naming its positive and negative sides ("favorably", "unfavorably").
    """

    family: str
    options: tuple[str, ...]
    values: tuple[float, ...]
    synonyms: dict[str, str]
    no_view: tuple[str, ...]
    directed: bool
    words: tuple[str, str]

    @property
    def positive(self) -> tuple[str, ...]:
        return tuple(o for o, v in zip(self.options, self.values) if v > 0) if self.directed else ()

    @property
    def neutral(self) -> tuple[str, ...]:
        return tuple(o for o, v in zip(self.options, self.values) if v == 0) if self.directed else ()

    @property
    def negative(self) -> tuple[str, ...]:
        return tuple(o for o, v in zip(self.options, self.values) if v < 0) if self.directed else ()


def _anchored(labels: list[str]) -> dict[str, Reading] | None:
    """Numbered labels with words at one or both ends ("1 - Very good", "2", ..., "5 - Very poor").

    Each number's value is its distance from the middle number, signed so that the end whose
    words read higher comes first; the family and direction are the anchors' words'. Numbers
    between the lowest and highest that nobody chose are added as options.
    """
    numbers: dict[str, int] = {}
    anchors: list[tuple[int, Reading]] = []
    for label in labels:
        match = _ANCHOR.fullmatch(normalise_label(label))
        if not match:
            return None
        numbers[label] = int(match.group(1))
        if match.group(2):
            reading = read_label(match.group(2))
            if reading is None or reading.family in (None, "number"):
                return None
            anchors.append((numbers[label], reading))
    low, high = min(numbers.values()), max(numbers.values())
    if not anchors or len({r.family for _, r in anchors}) != 1 or len(set(numbers.values())) != len(numbers):
        return None
    anchors.sort(key=lambda a: a[0])
    steps = {b.value > a.value for (_, a), (_, b) in pairwise(anchors) if a.value != b.value}
    if len(anchors) == 1 and anchors[0][1].value != 0 and anchors[0][0] in (low, high):
        steps = {(anchors[0][0] == high) == (anchors[0][1].value > 0)}
    if len(steps) != 1:
        return None
    sign = 1.0 if steps.pop() else -1.0
    middle = (low + high) / 2
    family, directed = anchors[0][1].family, anchors[0][1].directed
    words = {r.value > 0: r.word for _, r in anchors if r.value != 0}
    numbers.update({str(n): n for n in range(low, high + 1) if n not in numbers.values()})
    return {label: Reading(f"anchored {family}", sign * (n - middle), directed, words.get(sign * (n - middle) > 0, ""))
            for label, n in sorted(numbers.items(), key=lambda item: item[1])}


def _numbers(readings: dict[str, Reading]) -> dict[str, Reading]:
    """Plain numbers with the numbers between the lowest and highest that nobody chose added."""
    seen = {int(r.value) for r in readings.values()}
    missing = [n for n in range(min(seen), max(seen) + 1) if n not in seen]
    return {**readings, **{str(n): Reading("number", float(n)) for n in missing}}


def read_set(labels: list[str]) -> OrderedSet | None:
    """The labels as an ordered scale (see the module docstring), or None.

    Needs two or more different substantive values, every substantive label read in one family
    ("Never" ends either kind of frequency; a bare "Neutral" fits any family).
    """
    substantive = [label for label in labels if not NO_VIEW.fullmatch(normalise_label(label))]
    no_view = tuple(spellings([label for label in labels if label not in substantive]).values())
    readings: dict[str, Reading] = {}
    for label in substantive:
        reading = read_label(label)
        if reading is None:
            readings = _anchored(substantive) or {}
            break
        readings[label] = reading
    families = {r.family for r in readings.values() if r.family is not None}
    if len(families) > 1 and NEVER in families and families - {NEVER} in ({"frequency"}, {"how often"}):
        families.discard(NEVER)
    if not readings or len(families) != 1:
        return None
    family = families.pop()
    if family == "number":
        readings = _numbers(readings)
    canonical: dict[float, str] = {}
    synonyms: dict[str, str] = {}
    for label, reading in readings.items():  # most common first: the first spelling of a value is its option
        if reading.value not in canonical:
            canonical[reading.value] = label
        elif normalise_label(label) != normalise_label(canonical[reading.value]):
            synonyms[label] = canonical[reading.value]
    if len(canonical) < 2:
        return None
    ordered = sorted(canonical, reverse=True)
    directed = all(r.directed for r in readings.values() if r.family is not None) and ordered[0] > 0 > ordered[-1]
    words = (readings[canonical[ordered[0]]].word, readings[canonical[ordered[-1]]].word)
    return OrderedSet(family, tuple(canonical[v] for v in ordered), tuple(ordered), synonyms, no_view, directed,
                      words)


def _merged(first: OrderedSet, second: OrderedSet) -> OrderedSet | None:
    """One scale for two columns' sets when they read in one family and one's values hold the other's
    (``first``'s spellings are the options)."""
    if first.family != second.family:
        return None
    values, others = set(first.values), set(second.values)
    if not (values <= others or others <= values):
        return None
    labels = [*first.options, *first.synonyms, *second.options, *second.synonyms]  # the first spellings win
    return read_set(list(dict.fromkeys(labels)) + [*first.no_view, *second.no_view])


def _name(found: OrderedSet, taken: set[str]) -> str:
    if found.family == "number":
        base = f"numeric{int(found.values[-1])}_{int(found.values[0])}"
    else:
        stem = re.sub(r"[^a-z0-9]+", "_", found.family.removeprefix("anchored ")).strip("_") or "scale"
        base = f"{stem if stem[0].isalpha() else 'scale_' + stem}{len(found.options)}"
    name, n = base, 2
    while name in taken or name in SCALES:
        name, n = f"{base}_{n}", n + 1
    taken.add(name)
    return name


def _entry(found: OrderedSet) -> dict[str, object]:
    """The config entry (``scales: {name: ...}``) of a drafted scale."""
    entry: dict[str, object] = {"options": list(found.options)}
    if found.directed:
        entry["positive"] = list(found.positive)
        if found.neutral:
            entry["neutral"] = list(found.neutral)
        entry["negative"] = list(found.negative)
    if found.no_view:
        entry["no_view"] = list(found.no_view)
    if found.synonyms:
        entry["synonyms"] = dict(found.synonyms)
    if found.directed:
        positive, negative = found.words
        entry["positive_net"] = f"{positive or 'positive'} (net)"
        entry["negative_net"] = f"{negative or 'negative'} (net)"
        if entry["positive_net"] == entry["negative_net"]:
            entry["positive_net"], entry["negative_net"] = "positive (net)", "negative (net)"
        entry["positive_clause"] = "answered " + wording.join([f"“{o}”" for o in found.positive], "or")
        entry["negative_clause"] = "answered " + wording.join([f"“{o}”" for o in found.negative], "or")
    return entry


def draft_scales(sets: list[OrderedSet | None]) -> tuple[dict[str, dict[str, object]], list[str | None]]:
    """Config scales for the columns' ordered sets, and each column's scale name (None where it has no set).

    Sets of one family whose values nest share one scale (the union of their labels). Names are
    the family and the number of options ("favourable5", "amount4"), never a built-in name.
    """
    groups: list[OrderedSet] = []
    member: list[int | None] = []
    for found in sets:
        if found is None:
            member.append(None)
            continue
        for index, group in enumerate(groups):
            merged = _merged(group, found)
            if merged is not None:
                groups[index] = merged
                member.append(index)
                break
        else:
            groups.append(found)
            member.append(len(groups) - 1)
    taken: set[str] = set()
    names = [_name(group, taken) for group in groups]
    scales = {name: _entry(group) for name, group in zip(names, groups)}
    return scales, [names[i] if i is not None else None for i in member]


def describe(entry: dict[str, object]) -> str:
    """What the analyst should check about a drafted scale, for the comment above it."""
    ends = f"{entry['options'][0]} … {entry['options'][-1]}"  # type: ignore[index]
    if "positive" in entry:
        return (f"drafted from the answers ({ends}): check the options against the form (an option nobody "
                "chose is missing), which are positive, neutral and negative, and the clauses the summary uses")
    return (f"drafted from the answers ({ends}): ordered, but the words do not say which end is favourable, "
            "so it has no direction (no net rows, no tone); add positive, neutral and negative options if "
            "one end is, and check the options against the form (an option nobody chose is missing)")
