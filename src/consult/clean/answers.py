"""Cleaning the answers of one question, column by column, recording every value changed.

Each function takes the raw text of a question's column(s) (one row per raw row, ``""`` when
blank) and returns a :class:`Cleaned`: the clean values, the log of changes (``row``,
``before``, ``after``, ``rule``) and the problems found (unmapped labels), which the caller
reports together. Work is done once per distinct value, so long files stay fast.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from consult.clean import nonanswers
from consult.clean.ingest import fix_mojibake, map_unique, normalise_whitespace
from consult.clean.options import other_option
from consult.core.config import Consultation, Question
from consult.core.files import neutralise_column, strip_controls
from consult.core.redact import describe, redact, redact_text
from consult.core.scales import normalise_label

_UNTICKED = {"0", "false", "no", "not selected", "unchecked"}  # option columns holding 0/1 or TRUE/FALSE
REASONS = {
    "mojibake": "mis-decoded characters repaired",
    "control": "control characters removed",
    "whitespace": "white space normalised",
    "label_synonym": "label mapped onto the question's options",
    "unmapped_as_missing": "label not on the scale: treated as not answered (cleaning.unmapped_as_missing)",
    "multi_select": "chosen options matched and joined in option order (re-joining alone is not logged)",
    "other": "text matching no option counted once as the question's Other option",
    "redact": "personal data replaced by tags",
    "formula": "formula-like text prefixed with ' so that spreadsheets show it as text",
}


@dataclass
class Cleaned:
    """One question's clean values (``values``), changes and problems; free text adds ``status`` and ``text``."""

    values: pd.Series
    changes: pd.DataFrame
    problems: list[str] = field(default_factory=list)
    status: pd.Series | None = None
    text: pd.Series | None = None  # free text: redacted answers before formula neutralising (for campaigns)


TIDYING = ("mojibake", "control", "whitespace")
"""Rules that only tidy characters: their log shows where the text changed, never the text (which may
hold personal data that redaction finds only once it is tidy, "07700  900123")."""


def _tidy(text: str) -> str:
    return normalise_whitespace(strip_controls(fix_mojibake(text)))


def fingerprint(before: str, after: str) -> str:
    """What the cleaning log shows of a text a tidying rule changed: a hash, its length and where it first
    changed ("sha256 1f0c9a2b3c4d5e6f, 42 characters, changed from character 17"), never the text."""
    digest = hashlib.sha256(before.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    first = next((i for i, (a, b) in enumerate(zip(before, after)) if a != b), min(len(before), len(after)))
    return f"sha256 {digest}, {len(before)} characters, changed from character {first + 1}"


def _changes(before: pd.Series, after: pd.Series, rule: str | pd.Series, shown: pd.Series | None = None) -> pd.DataFrame:
    changed = before.ne(after)
    rules = rule[changed] if isinstance(rule, pd.Series) else pd.Series(rule, index=before.index[changed])
    shown_before = (shown if shown is not None else before)[changed].to_numpy(dtype=object, copy=True)
    tidied = rules.isin(TIDYING).to_numpy()
    shown_before[tidied] = [fingerprint(b, a) for b, a in zip(before[changed][tidied], after[changed][tidied])]
    return pd.DataFrame({
        "row": before.index[changed], "before": shown_before, "after": after[changed].to_numpy(),
        "rule": rules.to_numpy(),
    })


def _steps(raw: pd.Series, steps: list[tuple[str, Callable[[str], str]]]) -> tuple[pd.Series, list[pd.DataFrame]]:
    current, logged = raw, []
    for rule, func in steps:
        new = map_unique(current, func, f"{raw.name}: {rule}")
        logged.append(_changes(current, new, rule))
        current = new
    return current, logged


def _unmapped_problem(where: str, labels: Counter[str], fix: str) -> str:
    """The problem line; each label redacted (an unmapped answer may be "Other: Jane Smith 07700 900789")."""
    shown = ", ".join(f"{redact_text(label)!r} ×{n}"
                      for label, n in sorted(labels.items(), key=lambda kv: (-kv[1], kv[0])))
    return f"{where}: unmapped labels {shown}; {fix}"


def _mapped(raw: pd.Series, decide: Callable[[str], tuple[str, str | None, list[str]]]) -> tuple[pd.Series, pd.DataFrame, Counter[str]]:
    """Map each distinct raw value through ``decide`` → (clean value, rule, unmapped labels); rule None = not logged."""
    codes, uniques = pd.factorize(raw, use_na_sentinel=False)
    decided = [decide(value) for value in uniques]
    after = pd.Series(np.array([d[0] for d in decided], dtype=object)[codes], index=raw.index, dtype=object)
    rules = pd.Series(np.array([d[1] or "" for d in decided], dtype=object)[codes], index=raw.index)
    unmapped: Counter[str] = Counter()
    counts = np.bincount(codes, minlength=len(uniques))
    for (_, _, labels), n in zip(decided, counts):
        for label in labels:
            unmapped[label] += int(n)
    logged = rules.ne("")
    return after, _changes(raw[logged], after[logged], rules[logged]), unmapped


def _label_rule(raw: str, tidy: str, canonical: str) -> str:
    if tidy == canonical:
        if normalise_whitespace(strip_controls(raw)) != canonical:
            return "mojibake"
        return "whitespace" if normalise_whitespace(raw) == canonical else "control"
    return "label_synonym"


def _where(cfg: Consultation, question: Question, files: str) -> str:
    index = cfg.questions.index(question)
    return f"{files}: questions[{index}] ({question.id}) column {question.column!r}"


def clean_labelled(raw: pd.Series, question: Question, cfg: Consultation, files: str) -> Cleaned:
    """A closed or choice question (labels onto its scale or options) or an attribute (labels through its
    synonyms, else kept)."""
    if question.type in ("closed", "choice"):
        lookup = question.get_scale(cfg.cleaning.synonyms).lookup()
    else:
        lookup = {normalise_label(k): v for k, v in question.synonyms.items()}
    missing_ok = cfg.cleaning.unmapped_as_missing

    def decide(value: str) -> tuple[str, str | None, list[str]]:
        tidy = _tidy(value)
        if not tidy:
            return "", "whitespace", []
        canonical = lookup.get(normalise_label(tidy))
        if canonical is None and question.type == "attribute":
            return tidy, _label_rule(value, tidy, tidy), []
        if canonical is None:
            return ("", "unmapped_as_missing", []) if missing_ok else (tidy, None, [tidy])
        return canonical, _label_rule(value, tidy, canonical), []

    values, changes, unmapped = _mapped(raw, decide)
    problems = []
    if unmapped:
        index = cfg.questions.index(question)
        scale = question.get_scale(cfg.cleaning.synonyms)
        where = (f"the options are {', '.join(scale.all_options)}: add the labels to questions[{index}].options or "
                 if question.type == "choice" else f"the scale {scale.name} has {', '.join(scale.all_options)}: "
                 "add the labels to ")
        fix = (f"{where}questions[{index}].synonyms or cleaning.synonyms, "
               "or set cleaning.unmapped_as_missing: true")
        problems.append(_unmapped_problem(_where(cfg, question, files), unmapped, fix))
    if question.type == "attribute":  # answers not mapped onto a synonym are the respondent's own words
        redacted, redacting = _redacted(values, question.id)
        neutral = neutralise_column(redacted)
        changes = pd.concat([changes, redacting, _changes(redacted, neutral, "formula")], ignore_index=True)
        values = neutral
    return Cleaned(values.astype(object), changes, problems)


def _redacted(tidy: pd.Series, name: str) -> tuple[pd.Series, pd.DataFrame]:
    """``tidy`` with personal data replaced by tags, and the log of it (what was found, never the text)."""
    redacted = map_unique(tidy, redact_text, f"{name}: redacting personal data")
    found = map_unique(tidy[tidy.ne(redacted)], lambda v: describe(redact(v)[1]))
    return redacted, _changes(tidy, redacted, "redact", shown=found.reindex(tidy.index, fill_value=""))


def split_options(text: str, delimiter: str, lookup: dict[str, str]) -> tuple[list[str], list[str]]:
    """Split a multi-select cell into known options (longest first) and unknown parts.

    ``lookup`` maps a normalised label onto its option. Options may contain the delimiter
    (Google Forms joins with ", " and options can hold commas), so at each point the longest
    option that the text starts with, followed by the delimiter or the end, is taken.
    """
    keys = sorted(lookup, key=len, reverse=True)
    sep = normalise_label(delimiter) or delimiter.strip()
    rest, chosen, unknown = normalise_label(text), [], []
    original = normalise_whitespace(text)
    while rest:
        rest = rest.lstrip(" " + sep).strip()
        if not rest:
            break
        for key in keys:
            tail = rest[len(key):]
            if rest.startswith(key) and (not tail.strip() or tail.lstrip().startswith(sep)):
                chosen.append(lookup[key])
                rest = tail
                break
        else:
            part, _, rest = rest.partition(sep)
            start = original.lower().find(part.strip())
            unknown.append(original[start : start + len(part.strip())] if start >= 0 else part.strip())
    return chosen, unknown


def clean_multi_select(raw: pd.DataFrame, question: Question, cfg: Consultation, files: str) -> Cleaned:
    """A multi-select question, from one delimited cell or one column per option, as ``"A; C"`` in option order."""
    lookup = {normalise_label(o): o for o in question.options}
    lookup.update({normalise_label(k): v for k, v in question.synonyms.items() if v in question.options})
    order = {option: i for i, option in enumerate(question.options)}
    missing_ok = cfg.cleaning.unmapped_as_missing
    if question.option_columns:
        cells = [map_unique(raw[c], _tidy) for c in question.option_columns]
        ticked = [cell.map(lambda v: bool(v) and normalise_label(v) not in _UNTICKED) for cell in cells]
        before = pd.Series(["; ".join(v for v in row if v) for row in zip(*cells)], index=raw.index, dtype=object)
        after = pd.Series(["; ".join(o for o, t in zip(question.options, flags) if t) for flags in zip(*ticked)],
                          index=raw.index, dtype=object)
        return Cleaned(after, _changes(before, after, "multi_select"))
    delimiter = question.delimiter or ";"
    other = other_option(question.options)

    def decide(value: str) -> tuple[str, str | None, list[str]]:
        chosen, unknown = split_options(_tidy(value), delimiter, lookup)
        if unknown and other:
            chosen.append(other)
        elif unknown and not missing_ok:
            return _tidy(value), None, unknown
        joined = "; ".join(sorted(set(chosen), key=order.__getitem__))
        if unknown:
            return joined, "other" if other else "unmapped_as_missing", []
        rejoined = [part.strip() for part in _tidy(value).split(delimiter.strip()) if part.strip()] == chosen
        return joined, (None if rejoined and joined == "; ".join(chosen) else "multi_select"), []

    values, changes, unmapped = _mapped(raw[question.column], decide)
    problems = []
    if unmapped:
        index = cfg.questions.index(question)
        fix = (f"split on {delimiter!r}, the options are {', '.join(question.options)}: fix questions[{index}].options "
               f"or .delimiter, add questions[{index}].synonyms, add an option 'Other' to count such text as Other, "
               "or set cleaning.unmapped_as_missing: true")
        problems.append(_unmapped_problem(_where(cfg, question, files), unmapped, fix))
    return Cleaned(values, changes, problems)


def clean_free_text(raw: pd.Series, question: Question, cfg: Consultation) -> Cleaned:
    """A free-text question: repaired, marked answer / non_answer / blank, personal data redacted, formulas defused."""
    tidy, logged = _steps(raw.rename(question.id), [("mojibake", fix_mojibake), ("control", strip_controls),
                                                    ("whitespace", normalise_whitespace)])
    status = nonanswers.status(tidy, cfg.cleaning.non_answers)
    redacted, redacting = _redacted(tidy, question.id)
    logged.append(redacting)
    safe = neutralise_column(redacted).astype(object)
    logged.append(_changes(redacted, safe, "formula"))
    return Cleaned(safe, pd.concat(logged, ignore_index=True), status=status, text=redacted)


def clean_question(raw: pd.DataFrame, question: Question, cfg: Consultation, files: str) -> Cleaned:
    """Clean one question's column(s) of ``raw`` (all raw rows, text cells); ``files`` names the inputs for messages."""
    if question.type == "multi_select":
        return clean_multi_select(raw, question, cfg, files)
    if question.type == "free_text":
        return clean_free_text(raw[question.column], question, cfg)
    return clean_labelled(raw[question.column], question, cfg, files)
