"""Classifying the columns of an export, as a person reading it would (see ../shared/EXPORT-FORMATS.md §9).

Each column becomes one :class:`Column` with a ``kind``:

* ``id`` — the respondent id; ``metadata`` — timestamps, progress, IP, consent, personal details;
* ``closed`` — one label from a few, with a recognised built-in ``scale``, or an ``ordered`` set of
  labels that :mod:`consult.init.scales` drafts a scale for, or neither ("unknown scale": too many
  labels to be options);
* ``choice`` — one label from a handful of unordered ones (``options``): "Which ...?";
* ``free_text`` — varied wording, even when many answers repeat ("No", "n/a");
* ``multi_select`` — options ticked in one delimited cell, or one column per option (siblings);
* ``ranking`` — siblings holding the numbers 1..k once per row;
* ``attribute`` — who answered (capacity, age, area, ...), used to group results; an equality-monitoring
  question (age, disability, ethnic group, ...) also names its protected ``characteristic``.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

import pandas as pd

from consult.clean.dates import parse_datetimes
from consult.clean.nonanswers import is_non_answer
from consult.clean.options import known_options
from consult.core.equality import is_declined
from consult.core.redact import redact
from consult.core.scales import SCALES, normalise_label, spellings
from consult.init.scales import OrderedSet, read_set
from consult.init.wording import plain

_METADATA = re.compile(
    r"\b(start|end|completion|recorded|submitted|submission|last modified|created|updated)\b.*\b(date|time)\b"
    r"|^(date|time|timestamp|datetime|started|ended|submitted)$|\bprogress\b"
    r"|\bduration\b|^finished$|^status$|\bconsent\b|\bpublish|\bcollector\b"
    r"|external ?reference|distribution ?channel|user ?language|custom (data|value)|^q_"
    r"|tracking link|\bpoints\b|quiz|grade|^score$|^userno$|^weight$|analyst|^tags?$",
    re.IGNORECASE,
)
_PERSONAL = re.compile(  # who a respondent is, or where they are: EXPORT-FORMATS.md's personal columns
    r"e-?mail(?! (updates?|newsletters?|alerts?)\b)|\b(first|last|full|given|family) ?name\b|\bsurname\b|^name\d*$"
    r"|\byour name\b|name of your organi[sz]ation|organi[sz]ation name|\b(tele)?phone\b|\bmobile (number|no)\b"
    r"|contact number|\baddress(es)?\b|\bpost ?code\b(?! (district|area|sector))|\bzip\b|\bip\b|^ip ?address"
    r"|user ?agent|latitude|longitude|^recipient|^user ?name$|^password$|^token$|_pid$",
    re.IGNORECASE,
)
_ID = re.compile(r"^(respondent|response|user|unique|record|participant|submission)?[ _-]?(id|ref|reference)$|^respid$",
                 re.IGNORECASE)
_OTHER_TEXT = re.compile(r"please specify|please say|please state|open-ended|\(text\)|_text$", re.IGNORECASE)
_FREE_TEXT = re.compile(
    r"please (explain|specify|tell|describe|give|provide)|\bwhy\b|\bcomments?\b|tell us|describe|suggestion"
    r"|what could|anything else|other views|_text$|- text$|\bfeedback\b|\breasons?\b|\bimprove|\bideas?\b"
    r"|\b(your|any) (views|thoughts|concerns)\b|what (one thing|else|would you|should|do you think)"
    r"|how (could|can|should|would) (we|the|it|this|they)\b|would you like to see",
    re.IGNORECASE,
)
_ATTRIBUTE = re.compile(
    r"responding as|capacity|on behalf of|individual or|which best describes|type of organi[sz]ation|\bage\b"
    r"|gender|\bsex\b|income|education|region|\blocation\b|\bward\b|\barea\b|district|ethnic|disabilit"
    r"|employment|occupation|postcode district|where do you live|which .* do you live|\breligion\b|\bearn\b"
    r"|ymateb fel|\bar ran\b|\boed\b|\bardal\b|\brhyw\b|rhywedd",  # Welsh: responding as, on behalf of, age, area, sex
    re.IGNORECASE,
)
# Equality monitoring: characteristic -> (the question's wording, an option one of its answers must match or None).
# Gender identity comes before sex: its wording names the sex registered at birth.
_CHARACTERISTICS: dict[str, tuple[re.Pattern[str], re.Pattern[str] | None]] = {
    name: (re.compile(wording, re.IGNORECASE), re.compile(option, re.IGNORECASE) if option else None)
    for name, wording, option in (
        ("gender_reassignment", r"gender identity|\btrans(gender)?\b|sex (you were )?(registered|assigned) at birth",
         None),
        ("pregnancy_maternity", r"pregnan|given birth|maternity", None),
        ("sexual_orientation", r"sexual orientation|sexuality", None),
        ("marriage_civil_partnership", r"married|marital|civil partnership", None),
        ("disability", r"disabilit|disabled|long[- ]term (health )?condition|long[- ]standing illness"
                       r"|physical or mental health condition", None),
        ("race", r"ethnic|\brace\b", None),
        ("religion_belief", r"\byour (present |current )?(religio|faith|belief)|religion or belief|^\W*(religion|faith)\b",
         None),
        ("age", r"^\W*age\b|\byour age\b|how old are you|\bage (group|band|range)|\boed\b", r"\d"),
        ("sex", r"\bsex\b|\bgender\b|\brhyw(edd)?\b", r"\b(fe)?male\b|\b(wo)?m[ae]n\b|\bbenyw|\bgwryw"),
    )
}
_WHOLLY_TAGS = re.compile(r"^(?:\[[^\]]+\]|[\W_])*$")  # nothing left of an answer but redaction tags
MAX_OPTIONS = 12
"""The most distinct answers a closed or choice question is drafted with; more are free text or an attribute."""
_DELIMITERS = (";", "|", ", ", ",")
_TRUE = {"1", "true", "yes", "x", "selected", "checked"}
_FALSE = {"0", "false", "no", "not selected", "unchecked"}


@dataclass
class Column:
    """What one export column is, and why consult thinks so."""

    name: str
    label: str
    kind: str
    reason: str
    scale: str | None = None
    characteristic: str | None = None  # attribute: the protected characteristic an equality question monitors
    labels: list[str] = field(default_factory=list)  # distinct answers, most common first
    options: list[str] = field(default_factory=list)  # multi_select and choice: the options
    ordered: OrderedSet | None = None  # closed with no built-in scale: its labels read as an ordered scale
    delimiter: str | None = None
    stem: str | None = None  # siblings: the question they share


def recognise_scale(labels: list[str]) -> str | None:
    """The smallest built-in scale that every label maps onto, using at least two of its options; else None.

    A scale whose labels differ in wording from the answers ("Important" for "Fairly important") fits only
    when the answers reach its middle option as well: else the answers are a scale of their own (four points,
    "Very important / Important / Not important / Not at all important"), which the scale would reword and
    give a midpoint nobody was offered."""
    fitting = []
    for name, scale in SCALES.items():
        lookup = scale.lookup()
        mapped = {lookup.get(normalise_label(label)) for label in labels}
        if None in mapped or len(mapped & set(scale.options)) < 2:
            continue
        own = {normalise_label(option) for option in scale.all_options}
        reworded = any(normalise_label(label) not in own for label in labels if lookup[normalise_label(label)]
                       in scale.options)
        if not reworded or not scale.neutral or mapped & set(scale.neutral):
            fitting.append((len(scale.all_options), name))
    return min(fitting)[1] if fitting else None


def characteristic_of(header: str, labels: list[str]) -> str | None:
    """The protected characteristic an equality-monitoring question asks about (``consult.core.equality``),
    from its wording and answers, or None: the header must read like one ("What is your ethnic group?",
    "Do you consider yourself to have a disability?"), age's answers must hold numbers ("25 to 34") and
    sex's a sex ("Female"); at most 30 distinct answers, not an agreement or rating scale."""
    header = plain(header)
    said = [label for label in labels if not is_declined(label)]
    if not said or len(labels) > 30:
        return None
    folded = sorted({normalise_label(label) for label in said})
    if recognise_scale(folded) not in (None, "yes_no"):
        return None
    for name, (wording, option) in _CHARACTERISTICS.items():
        if wording.search(header) and (option is None or any(option.search(label) for label in folded)):
            return name
    return None


def _stem(name: str) -> tuple[str, str] | None:
    for separator in (" | ", " - "):
        if separator in name:
            stem, _, sub = name.rpartition(separator)
            return stem, sub
    return None


def _as_int(value: str) -> int | None:
    return int(value) if re.fullmatch(r"\d{1,3}", value) else None


def _sibling_kind(frame: pd.DataFrame, names: list[str]) -> tuple[str, list[str]] | None:
    """``("multi_select", options)`` or ``("ranking", [])`` for a set of sibling columns, else None."""
    options = []
    for name in names:
        values = {v for v in frame[name] if v}
        folded = {normalise_label(v) for v in values}
        if len(values) == 1:
            options.append(next(iter(values)) if not folded <= _TRUE else _stem(name)[1])
        elif values and folded <= _TRUE | _FALSE:
            options.append(_stem(name)[1])
        else:
            break
    else:
        return "multi_select", options
    numbers = frame[names].map(lambda v: _as_int(v) if v else None)
    flat = [n for n in numbers.to_numpy().ravel() if n is not None and n == n]
    if flat and set(flat) <= set(range(1, len(names) + 1)):
        rows = numbers.apply(lambda row: [int(v) for v in row if v is not None and v == v], axis=1)
        if all(len(r) == len(set(r)) for r in rows):
            return "ranking", []
    return None


def _delimited(values: pd.Series) -> tuple[str, list[str]] | None:
    """(delimiter, options by frequency) when cells join a few recurring options, else None."""
    for delimiter in _DELIMITERS:
        joined = values[values.str.contains(delimiter, regex=False)]
        if len(joined) < max(2, 0.1 * len(values)):
            continue
        tokens = Counter(t.strip() for cell in values for t in cell.split(delimiter) if t.strip())
        if len(tokens) <= 30 and len(tokens) < values.nunique() and sum(tokens.values()) >= 3 * len(tokens):
            return delimiter, known_options(values, delimiter)
    return None


def personal_values(values: pd.Series) -> list[str]:
    """The kinds of personal data ("postcode", "email", "phone", ...) that more than half of the first 200
    answers consist of wholly ("LS7 3XY"), as :func:`consult.core.redact.redact` finds them, most common
    first; [] otherwise. Names are left to the header: a one-word answer can be a name or a place."""
    sample = values.head(200)
    kinds: Counter[str] = Counter()
    wholly = 0
    for value in sample:
        text, found = redact(value)
        if found and "name" not in found and _WHOLLY_TAGS.match(text):
            wholly += 1
            kinds.update(found)
    return [kind for kind, _ in kinds.most_common()] if wholly > 0.5 * len(sample) else []


def _is_dates(values: pd.Series) -> bool:
    sample = values.head(200)
    looks = sample.str.contains(r"\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}|^\d{10}(?:\d{3})?$", regex=True)
    return bool(looks.all()) and not parse_datetimes(sample)[1].any()


def classify_one(name: str, label: str, column: pd.Series) -> Column:
    """Classify a single column from its header and its (repaired) text values."""
    values = column[column.ne("")]
    headers = (plain(name), plain(label))  # wording rules read "Âge" as "Age"
    header = " ".join(dict.fromkeys(headers))
    if any(_PERSONAL.search(text) for text in headers):
        return Column(name, label, "metadata", "personal data (never analysed)")
    if values.empty:
        return Column(name, label, "metadata", "always blank")
    if any(_METADATA.search(text) for text in headers):
        return Column(name, label, "metadata", "header names survey metadata")
    if kinds := personal_values(values):
        return Column(name, label, "metadata", f"personal data ({', '.join(kinds)} in most answers; never analysed)")
    if _ID.search(name) and len(values) >= 0.9 * len(column) and values.nunique() >= 0.8 * len(values):
        repeats = len(values) - values.nunique()
        return Column(name, label, "id", f"named like an id; {repeats} repeated value(s) (resubmissions?)")
    if _is_dates(values):
        return Column(name, label, "metadata", "dates and times")
    labels = list(values.value_counts().index)
    characteristic = characteristic_of(header, labels) if values.nunique() <= max(0.5 * len(values), 12) else None
    if characteristic:
        reason = f"equality monitoring ({characteristic}); {len(labels)} groups"
        return Column(name, label, "attribute", reason, characteristic=characteristic, labels=labels)
    distinct = set(values.map(normalise_label))
    scale = recognise_scale(sorted(distinct)) if len(distinct) <= 12 else None
    if scale:
        reason = f"every label fits scale {scale}"
        if scale == "agree4":
            reason += " (no 'Neither' seen: use agree5 if the form offered it)"
        return Column(name, label, "closed", reason, scale=scale, labels=labels)
    ordered = read_set(labels) if len(distinct) <= 12 else None
    if ordered:
        reason = (f"labels form an ordered scale ({ordered.family}, "
                  f"{'with' if ordered.directed else 'without'} direction); drafted as a config scale")
        return Column(name, label, "closed", reason, labels=labels, ordered=ordered)
    delimited = _delimited(values)
    if delimited and not _FREE_TEXT.search(header):
        return Column(name, label, "multi_select", f"cells join a few options with {delimited[0]!r}",
                      options=delimited[1], delimiter=delimited[0], labels=labels)
    substantive = values[~values.map(is_non_answer)]
    words = substantive.str.count(" ").add(1).mean() if len(substantive) else 0.0
    unique = substantive.nunique() / len(substantive) if len(substantive) else 0.0
    if _FREE_TEXT.search(header) and (unique > 0.3 or words >= 3):
        reason = f"header asks for comments or suggestions; {unique:.0%} of answers differ"
        return Column(name, label, "free_text", reason)
    if _ATTRIBUTE.search(header) and len(labels) <= 30:
        return Column(name, label, "attribute", f"header asks who answered; {len(labels)} groups", labels=labels)
    options = list(spellings(labels).values())
    if 2 <= len(options) <= MAX_OPTIONS:
        reason = f"one of {len(options)} unordered options in each of {len(values)} answers"
        return Column(name, label, "choice", reason, labels=labels, options=options)
    different = substantive.nunique()
    if words >= 3 and (unique > 0.5 or different > MAX_OPTIONS):  # sentences, too many different ones to be options
        reason = f"{different} different answers ({unique:.0%}), {words:.1f} words on average"
        return Column(name, label, "free_text", reason)
    if len(labels) <= MAX_OPTIONS or len(labels) <= 0.05 * len(values):
        reason = f"{len(labels)} labels repeat across {len(values)} answers; unknown scale"
        return Column(name, label, "closed", reason, labels=labels)
    return Column(name, label, "metadata", f"{len(labels)} short values ({words:.1f} words on average) that are "
                                           "neither options nor sentences")


def _is_repeat(name: str, names: pd.Index) -> bool:
    """Whether ``name`` is a repeated header made unique on reading (``X (2)`` beside ``X``): in a
    flattened SurveyMonkey header, the text typed next to the option ``X`` (``... - Other (please specify)``)."""
    base = re.match(r"^(.*) \(\d+\)$", name)
    return bool(base) and base.group(1) in names


def _other_text(name: str, sub_label: str, frame: pd.DataFrame) -> bool:
    """Whether a sibling column is an "Other (please specify)" text box (varied answers), which is free
    text of its own, rather than the ticked option "Other" (one repeated value)."""
    values = frame[name][frame[name] != ""]
    return bool(_OTHER_TEXT.search(sub_label)) and values.nunique() > 1


def classify(frame: pd.DataFrame, labels: dict[str, str]) -> list[Column]:
    """Classify every column of a repaired export frame, siblings (``stem | option``) together; a
    repeated header made unique on reading (``X (2)``) is classified on its own."""
    groups: dict[str, list[str]] = {}
    for name in frame.columns:
        parts = _stem(name)
        if parts and not _is_repeat(name, frame.columns) and not _other_text(name, parts[1], frame):
            groups.setdefault(parts[0], []).append(name)
    sibling: dict[str, Column] = {}
    for stem, names in groups.items():
        if len(names) < 2:
            continue
        found = _sibling_kind(frame, names)
        if found is None:
            continue
        kind, options = found
        for i, name in enumerate(names):
            reason = (f"one column per option of {len(names)} (blank or the option)" if kind == "multi_select"
                      else f"the numbers 1-{len(names)} once per row across {len(names)} columns")
            sibling[name] = Column(name, labels.get(name, name), kind, reason, options=options if i == 0 else [],
                                   stem=stem)
    first_id = False
    result = []
    for name in frame.columns:
        column = sibling.get(name) or classify_one(name, labels.get(name, name), frame[name])
        if column.kind == "id":
            if first_id:
                column = Column(name, column.label, "metadata", "a second id column")
            first_id = True
        result.append(column)
    return result
