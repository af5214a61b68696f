"""The agreement table and the group tests: percentages with their bases, intervals and flags.

From ``responses.csv`` (one row per response, one column per question id holding the
canonical option) to the rows of ``agreement.csv`` (question x grouping x option) and
``group_tests.csv`` (does agreement differ between groups?) as docs/files.md describes.

Counting is vectorised: each question's answers become integer codes, and one ``bincount``
per grouping gives, for every group and answer, the count, the sum of weights and the sum of
squared weights (the last for Kish's effective base). Every figure is then a sum of those
cells, so 100,000 respondents take well under a second.

Bases follow the question's ``base`` in the config: ``gave_view`` (answered, excluding
non-substantive answers such as "Don't know"), ``answered`` (every answer), ``all`` (every
respondent, blanks included). Non-substantive options under ``gave_view`` are given over all
who answered, and their ``base_definition`` says so. Multi-select options are counted over
respondents who answered the question, so their percentages may total more than 100. A choice
question (one answer from unordered options) is counted like a closed question whose scale
has no direction: one row per option over those who answered, and no net rows.

A question with ``asked_if`` (skip logic) was asked only of some respondents (:func:`was_asked`):
the others are not in its ``all`` base, its ``base_definition`` says who was asked, and an
``asked`` column (present when any question is routed) counts those asked in each group. A
routed attribute's rows that were not asked form the group ``(not asked)``, apart from
``(not stated)`` (asked, left blank) and left out of the group tests.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from consult.agreement.routing import MULTI_DELIMITER, NOT_ASKED, asked_of, routing_columns, was_asked
from consult.core import significance
from consult.core.config import Consultation, Question
from consult.core.equality import is_declined
from consult.core.errors import InputError
from consult.core.rounding import format_pct, round_half_up
from consult.core.sections import WEIGHT

ALL = "all"
NOT_STATED = "(not stated)"
COUNTED = ("closed", "multi_select", "choice")
"""The question types agreement.csv counts, each in config order."""

AGREEMENT_COLUMNS = [
    "question_id", "group_by", "group", "option", "net", "n", "base", "pct", "ci_low", "ci_high",
    "base_definition", "flag",
]
WEIGHT_COLUMNS = ["n_weighted", "base_weighted", "effective_base"]
ROUTED_COLUMNS = ["asked"]  # with a routed question in the config: respondents asked, per group
GROUP_TEST_COLUMNS = [
    "question_id", "group_by", "group", "option", "test", "statistic", "p_value", "p_adjusted", "significant",
    "pct_group", "pct_rest", "difference_pp", "base_group", "base_rest", "flag",
]


@dataclass(frozen=True)
class _Tally:
    """One question's answers summed per group.

    ``cells`` has shape (3, groups, columns): count, sum of weights, sum of squared weights;
    the columns are the question's options, then ``answered``, then ``all`` respondents.
    """

    options: tuple[str, ...]
    groups: tuple[str, ...]
    cells: np.ndarray

    def total(self, names: tuple[str, ...]) -> np.ndarray:
        """The (3, groups) sums over the named columns (options, ``answered`` or ``all``)."""
        columns = (*self.options, "answered", "all")
        return self.cells[:, :, [columns.index(name) for name in names]].sum(axis=2)

    def without(self, *groups: str) -> _Tally:
        """The tally without these groups (itself when it has none of them)."""
        if not set(groups) & set(self.groups):
            return self
        keep = [i for i, g in enumerate(self.groups) if g not in groups]
        return _Tally(self.options, tuple(self.groups[i] for i in keep), self.cells[:, keep, :])


# ---------------------------------------------------------------------------- reading answers
def _answer_codes(responses: pd.DataFrame, question: Question, options: tuple[str, ...]) -> np.ndarray:
    """Single choice: the option's index per respondent, -1 where blank.

    Raises :class:`InputError` naming the column, the unknown values and the allowed options.
    """
    values = responses[question.id]
    codes = pd.Index(options).get_indexer(values)  # -1 where blank or not an option
    unknown = values.notna().to_numpy() & (codes < 0)
    if unknown.any():
        found = ", ".join(repr(v) for v in sorted(values[unknown].astype(str).unique())[:5])
        of = f"questions.{question.id}.options" if question.type == "choice" else f"scale {question.scale!r}"
        raise InputError(
            f"responses.csv column {question.id!r}: {found} not an option of {of} "
            f"({', '.join(options)}); check the clean stage's synonyms (extra whitespace, spelling, "
            "capitalisation) and rerun it."
        )
    return codes.astype(np.int64)


def _selections(responses: pd.DataFrame, question: Question) -> tuple[np.ndarray, np.ndarray]:
    """Multi-select: (respondents x options) booleans of what was chosen, and who answered."""
    values = responses[question.id]
    answered = values.notna().to_numpy()
    codes, uniques = pd.factorize(values.fillna("").astype(str))
    chosen = pd.Series(uniques, dtype=str).str.get_dummies(sep=MULTI_DELIMITER)  # each distinct answer once
    unknown = sorted(set(chosen.columns) - set(question.options))
    if unknown:
        raise InputError(
            f"responses.csv column {question.id!r}: {', '.join(map(repr, unknown[:5]))} not among the "
            f"options of questions.{question.id}.options ({', '.join(question.options)}); add it there "
            f"or fix the clean stage, which joins choices with {MULTI_DELIMITER!r}."
        )
    return chosen.reindex(columns=question.options, fill_value=0).to_numpy(dtype=bool)[codes], answered


def _weights(responses: pd.DataFrame, cfg: Consultation) -> np.ndarray:
    """The survey weights (ones when none are configured).

    Raises :class:`InputError` when the ``weight`` column is missing, blank, not a number or negative.
    """
    if cfg.agreement.weight_column is None:
        return np.ones(len(responses))
    where = f"responses.csv column {WEIGHT!r} (agreement.weight_column: {cfg.agreement.weight_column!r})"
    if WEIGHT not in responses.columns:
        raise InputError(f"{where} is missing; rerun the clean stage so that it carries the weights.")
    weights = pd.to_numeric(responses[WEIGHT], errors="coerce")
    bad = weights.isna() | (weights < 0)
    if bad.any():
        row = int(np.flatnonzero(bad.to_numpy())[0]) + 1
        raise InputError(f"{where}: data row {row} holds {responses[WEIGHT].iloc[row - 1]!r}; "
                         "every weight must be a number of at least 0.")
    return weights.to_numpy(dtype=float)


def _group_codes(responses: pd.DataFrame, group_by: str, cfg: Consultation) -> tuple[np.ndarray, tuple[str, ...]]:
    """Each respondent's group index and the group labels: sorted, then ``(not stated)`` for blanks,
    then ``(not asked)`` for the blanks of respondents a routed attribute was not asked."""
    if group_by == ALL:
        return np.zeros(len(responses), dtype=np.int64), (ALL,)
    values = responses[group_by].astype("string")
    stated = sorted(values.dropna().unique())
    blank = values.isna().to_numpy()
    not_asked = ~was_asked(responses, cfg.question(group_by), cfg)  # answered rows count as asked
    labels = (*stated, *([NOT_STATED] if (blank & ~not_asked).any() else []),
              *([NOT_ASKED] if not_asked.any() else []))
    codes = pd.Index(stated, dtype=object).get_indexer(values)
    codes = np.where(codes >= 0, codes, np.where(not_asked, labels.index(NOT_ASKED) if not_asked.any() else 0,
                                                 len(stated)))
    return codes.astype(np.int64), labels


def needed_columns(cfg: Consultation) -> list[str]:
    """The columns of responses.csv that agreement is computed from (the weight apart), routing questions last."""
    counted = [q.id for q in cfg.questions_of(*COUNTED)] + list(cfg.groups)
    routing = routing_columns(cfg, [cfg.question(c) for c in counted])
    return list(dict.fromkeys(counted + routing))


def _require_columns(responses: pd.DataFrame, cfg: Consultation) -> None:
    missing = [column for column in needed_columns(cfg) if column not in responses.columns]
    if missing:
        raise InputError(f"responses.csv: no column {', '.join(map(repr, missing))} for the questions "
                         "in the config; rerun the clean stage (01_clean) with this config.")


# ---------------------------------------------------------------------------- tallying
def _sum_by(index: np.ndarray, size: int, weights: np.ndarray) -> np.ndarray:
    """Count, sum of weights and sum of squared weights of each ``index`` value, shape (3, size)."""
    return np.stack([np.bincount(index, weights=stat, minlength=size)
                     for stat in (np.ones_like(weights), weights, weights**2)])


def _tally_closed(codes: np.ndarray, asked: np.ndarray, groups: np.ndarray, labels: tuple[str, ...],
                  options: tuple[str, ...], weights: np.ndarray) -> _Tally:
    """Counts per group and option; the ``all`` column holds only those ``asked``."""
    k = len(options)
    index = groups * (k + 2) + np.where(codes >= 0, codes, np.where(asked, k, k + 1))
    sums = _sum_by(index, len(labels) * (k + 2), weights).reshape(3, len(labels), k + 2)
    answered = sums[:, :, :k].sum(axis=2, keepdims=True)
    everyone = sums[:, :, :k + 1].sum(axis=2, keepdims=True)
    return _Tally(options, labels, np.concatenate([sums[:, :, :k], answered, everyone], axis=2))


def _tally_multi(chosen: np.ndarray, answered: np.ndarray, asked: np.ndarray, groups: np.ndarray,
                 labels: tuple[str, ...], options: tuple[str, ...], weights: np.ndarray) -> _Tally:
    masks = [chosen[:, j] for j in range(chosen.shape[1])] + [answered, asked]
    cells = np.stack([_sum_by(groups[m], len(labels), weights[m]) for m in masks], axis=2)
    return _Tally(options, labels, cells)


# ---------------------------------------------------------------------------- rows
def _base_spec(question: Question, substantive: tuple[str, ...],
               non_substantive: tuple[str, ...]) -> tuple[tuple[str, ...], str]:
    """The columns whose sum is the question's base, and how the base is described (without who was asked)."""
    outside = ", ".join(option.lower() for option in non_substantive)
    if question.type == "multi_select":
        if question.base == "all":
            return ("all",), "all respondents; totals may exceed 100%"
        return ("answered",), "respondents who answered; totals may exceed 100%"
    if question.base == "all":
        who = "all respondents asked" if question.asked_if else "all respondents"
        return ("all",), f"{who}, including those who did not answer"
    if question.base == "answered" or not non_substantive:
        return ("answered",), f"answered, including {outside}" if non_substantive else "answered"
    return substantive, f"answered, excluding {outside}"


def _row_specs(question: Question, tally: _Tally) -> list[tuple[str, tuple[str, ...], tuple[str, ...], str, bool]]:
    """(option, numerator columns, base columns, base definition, is a net row) for each output row."""
    if question.type == "multi_select":
        base, text = _base_spec(question, (), ())
        return [(option, (option,), base, text, False) for option in tally.options]
    scale = question.get_scale()
    base, text = _base_spec(question, scale.options, scale.non_substantive)
    specs = [(option, (option,), base, text, False) for option in scale.options]
    for option in scale.non_substantive:
        if question.base == "gave_view":
            specs.append((option, (option,), ("answered",),
                          "answered, including " + ", ".join(o.lower() for o in scale.non_substantive)
                          + " (not in the base of the other options)", False))
        else:
            specs.append((option, (option,), base, text, False))
    if scale.has_nets:
        specs.append((scale.positive_net, scale.positive, base, text, True))
        specs.append((scale.negative_net, scale.negative, base, text, True))
    return specs


def _base_flag(base: float, cfg: Consultation) -> str:
    """``[x]`` no base, ``[c]`` suppressed (below suppress_below), ``[u]`` small (below small_base)."""
    if base == 0:
        return "[x]"
    if base < cfg.agreement.suppress_below:
        return "[c]"
    return "[u]" if base < cfg.agreement.small_base else ""


def _flags(n: np.ndarray, base: np.ndarray, pct: np.ndarray, cfg: Consultation) -> list[str]:
    """The base's flag, else ``[low]`` where a non-zero count rounds to 0%."""
    flags = []
    for count, b, p in zip(n.tolist(), base.tolist(), pct.tolist(), strict=True):
        flag = _base_flag(b, cfg)
        flags.append("[low]" if not flag and count > 0 and round_half_up(p) == 0 else flag)
    return flags


def _rows(question: Question, group_by: str, tally: _Tally, cfg: Consultation, weighted: bool) -> pd.DataFrame:
    specs = _row_specs(question, tally)
    routed = asked_of(cfg, question)
    if routed:
        specs = [(*spec[:3], f"{spec[3]}; asked only of {routed}", spec[4]) for spec in specs]
    numerator = np.stack([tally.total(spec[1]) for spec in specs], axis=2)  # (3, groups, rows)
    base = np.stack([tally.total(spec[2]) for spec in specs], axis=2)
    n, n_w = numerator[0].ravel(), numerator[1].ravel()
    b, b_w, b_w2 = base[0].ravel(), base[1].ravel(), base[2].ravel()
    effective = significance.kish_effective_base(b_w, b_w2)
    with np.errstate(divide="ignore", invalid="ignore"):
        proportion = np.where(b_w > 0, n_w / b_w, np.nan)
    low, high = significance.wilson_interval(proportion, effective, cfg.agreement.confidence)
    count = len(tally.groups) * len(specs)
    frame = pd.DataFrame({
        "question_id": question.id,
        "group_by": group_by,
        "group": np.repeat(tally.groups, len(specs)),
        "option": [spec[0] for spec in specs] * len(tally.groups),
        "net": [spec[4] for spec in specs] * len(tally.groups),
        "n": n.round().astype(np.int64),
        "base": b.round().astype(np.int64),
        "pct": 100 * proportion,
        "ci_low": 100 * low,
        "ci_high": 100 * high,
        "base_definition": [spec[3] for spec in specs] * len(tally.groups),
        "flag": _flags(n, b, 100 * proportion, cfg),
    }, index=range(count))
    if weighted:
        frame["n_weighted"], frame["base_weighted"], frame["effective_base"] = n_w, b_w, effective
    if _is_routed(cfg):
        frame["asked"] = np.repeat(tally.total(("all",))[0].round().astype(np.int64), len(specs))
    return frame


def _is_routed(cfg: Consultation) -> bool:
    """Whether any question agreement counts, or any grouping, was asked of only some respondents."""
    counted = [*cfg.questions_of(*COUNTED), *map(cfg.question, cfg.groups)]
    return any(q.asked_if is not None for q in counted)


# ---------------------------------------------------------------------------- tallies per question
def _tallies(responses: pd.DataFrame, cfg: Consultation, questions: list[Question], groupings: list[str]):
    """Yield (question, grouping, tally) in config order: ``all`` first, then cfg.groups."""
    _require_columns(responses, cfg)
    weights = _weights(responses, cfg)
    grouped = {g: _group_codes(responses, g, cfg) for g in groupings}
    for question in questions:
        asked = was_asked(responses, question, cfg)
        if question.type == "multi_select":
            options = tuple(question.options)
            chosen, answered = _selections(responses, question)
        else:
            options = question.get_scale().all_options
            codes = _answer_codes(responses, question, options)
        for group_by in groupings:
            groups, labels = grouped[group_by]
            if question.type == "multi_select":
                yield question, group_by, _tally_multi(chosen, answered, asked, groups, labels, options, weights)
            else:
                yield question, group_by, _tally_closed(codes, asked, groups, labels, options, weights)


def compute(responses: pd.DataFrame, cfg: Consultation) -> pd.DataFrame:
    """The agreement table (docs/files.md, ``agreement.csv``) for every closed, choice and multi-select question.

    ``responses`` has one row per response and the columns of ``responses.csv`` (answers as
    canonical options, blank = not answered; a ``weight`` column when
    ``cfg.agreement.weight_column`` is set). Rows come in config order: question, then
    grouping (``all`` first, then ``cfg.groups``), then group (sorted), then option (scale
    order, then net rows). Raises :class:`InputError` for a missing column, an answer not on the
    question's scale, or a bad weight.
    """
    weighted = cfg.agreement.weight_column is not None
    questions = cfg.questions_of(*COUNTED)
    frames = [_rows(q, g, tally, cfg, weighted)
              for q, g, tally in _tallies(responses, cfg, questions, [ALL, *cfg.groups])]
    columns = AGREEMENT_COLUMNS + (WEIGHT_COLUMNS if weighted else []) + (ROUTED_COLUMNS if _is_routed(cfg) else [])
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)


def group_tests(responses: pd.DataFrame, cfg: Consultation) -> pd.DataFrame:
    """Tests of whether answers differ between the groups of each ``cfg.groups`` attribute.

    For each closed question with net rows and each grouping: one ``group == "all"`` row with a
    chi-square (or, for a 2 x 2 table with small expected counts, Fisher's exact) test on the
    groups x (positive / neutral / negative) table; then one row per group with a two-sided
    two-proportion z-test of its positive net share (among those who gave a view) against all
    other respondents, Holm-adjusted across the grouping's groups (``p_adjusted``; ``significant``
    uses it). Groups that are not groups of people with something in common are left out: the
    ``(not asked)`` of a routed attribute, the ``(not stated)`` of blank answers and those who
    declined to say ("Prefer not to say"). With weights, counts are rescaled
    to each group's Kish effective base (Fisher's test then applies only where those are whole numbers, as
    with weights of 1). For each choice question and closed question whose scale has no direction: the
    ``group == "all"`` row alone, testing the groups x options table (options in the base only).
    Columns: see docs/files.md (``group_tests.csv``).
    """
    questions = cfg.questions_of("closed", "choice")
    frames = [(_tests if q.get_scale().has_nets else _option_test)(q, g, _tested(tally), cfg)
              for q, g, tally in _tallies(responses, cfg, questions, list(cfg.groups))]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=GROUP_TEST_COLUMNS)


def _test_flag(found: significance.TestResult) -> str:
    """``[u]`` (low reliability) for an overall test too many of whose expected counts are small, else blank."""
    return "" if found.reliable else "[u]"


def _tested(tally: _Tally) -> _Tally:
    """The groups a test compares: without those not asked, not stating or declining to say."""
    return tally.without(NOT_ASKED, NOT_STATED, *(g for g in tally.groups if is_declined(g)))


def _option_test(question: Question, group_by: str, tally: _Tally, cfg: Consultation) -> pd.DataFrame:
    """The overall test of a question without positive and negative sides: groups x its options."""
    options = question.get_scale().options
    found = significance.independence_of([tally.total((option,)) for option in options])
    weighted = cfg.agreement.weight_column is not None
    base = int(tally.total(options)[0].sum().round())
    frame = pd.DataFrame([{
        "question_id": question.id, "group_by": group_by, "group": ALL, "option": "all options",
        "test": found.test + (" (weighted, effective bases)" if weighted else ""),
        "statistic": found.statistic, "p_value": found.p_value, "p_adjusted": found.p_value,
        "significant": bool(found.p_value < cfg.agreement.significance), "base_group": base, "flag": _test_flag(found),
    }], columns=GROUP_TEST_COLUMNS)
    return frame.astype({"base_rest": "Int64"})


def _tests(question: Question, group_by: str, tally: _Tally, cfg: Consultation) -> pd.DataFrame:
    scale = question.get_scale()
    sides = [tally.total(side) for side in (scale.positive, scale.neutral, scale.negative) if side]
    found = significance.compare_groups(sides, tally.total(scale.positive))
    weighted = cfg.agreement.weight_column is not None
    level = cfg.agreement.significance
    # each group vs the rest is one family per question x grouping; with two groups both rows are
    # the same comparison, so there is nothing to adjust
    tested = int((~np.isnan(np.asarray(found.p_value, dtype=float))).sum())
    adjusted = significance.holm(found.p_value) if tested > 2 else np.asarray(found.p_value, dtype=float)
    per_group = pd.DataFrame({
        "question_id": question.id, "group_by": group_by, "group": list(tally.groups),
        "option": scale.positive_net,
        "test": f"two-proportion z-test: {scale.positive_net}, group vs rest" + (" (weighted)" if weighted else ""),
        "statistic": found.z, "p_value": found.p_value, "p_adjusted": adjusted, "significant": adjusted < level,
        "pct_group": 100 * found.share_group, "pct_rest": 100 * found.share_rest,
        "difference_pp": 100 * (found.share_group - found.share_rest),
        "base_group": found.base_group, "base_rest": found.base_rest,
        "flag": [_base_flag(b, cfg) for b in found.base_group.tolist()],
    })
    head = pd.DataFrame([{
        "question_id": question.id, "group_by": group_by, "group": ALL, "option": "positive, neutral, negative",
        "test": found.overall.test + (" (weighted, effective bases)" if weighted else ""),
        "statistic": found.overall.statistic, "p_value": found.overall.p_value, "p_adjusted": found.overall.p_value,
        "significant": bool(found.overall.p_value < level), "base_group": int(found.base_group.sum()),
        "flag": _test_flag(found.overall),
    }])
    frame = pd.concat([head, per_group], ignore_index=True)[GROUP_TEST_COLUMNS]
    return frame.astype({"base_rest": "Int64"})


def headline(table: pd.DataFrame) -> pd.DataFrame:
    """The overall net rows of an agreement table as a report shows them.

    Columns ``question_id``, ``option``, ``shown`` ("75% (6 of 8)", or "3 (suppressed)" for
    ``[c]`` rows and "no answers" for ``[x]``), ``base_definition`` and ``flag``.
    """
    nets = table[(table["group_by"] == ALL) & table["net"].astype(bool)]

    def shown(row: pd.Series) -> str:
        if row["flag"] == "[x]":
            return "no answers"
        if row["flag"] == "[c]":
            return f"{int(row['n'])} (suppressed)"
        return format_pct(int(row["n"]), int(row["base"]))

    shown_column = [shown(row) for _, row in nets.iterrows()]  # (DataFrame.apply returns a frame when empty)
    return nets.assign(shown=shown_column)[["question_id", "option", "shown", "base_definition", "flag"]]
