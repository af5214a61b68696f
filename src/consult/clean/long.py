"""Long-format exports: one row per answer (respondent, question, answer) instead of one row per respondent.

:func:`detect` recognises the layout (for ``consult init``); :func:`pivot` turns such a table into
one row per respondent, one column per question, and records what became of every raw row, so
that the cleaning log accounts for each of them (:func:`log_rows`):

* a row with a blank respondent or question cannot be placed: it is excluded;
* a respondent who answered the same question on several rows keeps one answer, the last
  non-blank one (the last row when all are blank); the others are excluded as repeated answers;
* every other row is kept as part of its respondent's response (the response's ``raw_row`` is
  the respondent's first raw row).

Other columns of the file are carried over when they hold one value per respondent (a timestamp,
an age band); a column holding one value per question (the question's text next to its code)
labels the questions; any other column is not read (:attr:`Pivot.dropped`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from consult.clean.headers import unique_names
from consult.core.config import LongLayout

_MAX_COLUMNS = 12  # a long export has its three columns and a few respondent attributes
_SAMPLE = 20_000  # rows detection looks at
_RESPONDENT = re.compile(r"respondent|participant|person|user|submission|response[ _-]?id|^id$|[ _-]id$", re.IGNORECASE)
_QUESTION = re.compile(r"question|item|field|variable|prompt|topic|^q$", re.IGNORECASE)
_ANSWER = re.compile(r"answer|response|value|repl(?:y|ies)", re.IGNORECASE)
_TIMESTAMP = re.compile(r"^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}(?:[ T]\d{1,2}:\d{2}.*)?$")


@dataclass(frozen=True)
class Pivot:
    """A long export as one row per respondent.

    ``frame``: the respondent column, the columns holding one value per respondent, then one column
    per question (first-seen order), every cell text (``""`` when not answered); index = the
    respondent's first raw row. ``labels``: column → question text. ``rows``: one row per raw row
    (index ``raw_row``) with ``respondent_row`` (the respondent's first raw row, 0 when the row names
    none), ``column`` (the question's column, ``""`` when none) and ``reason`` (``""`` when the row
    is part of its respondent's response, else why it is excluded). ``dropped``: columns not read.
    ``renamed``: question columns whose name repeats another column's, new name → old.
    """

    frame: pd.DataFrame
    labels: dict[str, str]
    rows: pd.DataFrame
    dropped: list[str]
    renamed: dict[str, str]


def _within(values: pd.Series, by: pd.Series) -> bool:
    """Whether ``values`` (blanks ignored; the same index as ``by``) hold at most one value per value of ``by``."""
    filled = values.ne("")
    return bool(values[filled].groupby(by[filled].to_numpy()).nunique().le(1).all())


def _runs(values: pd.Series) -> float:
    """Runs of equal consecutive values per distinct value: 1 when the rows are grouped by the value."""
    return float(values.ne(values.shift()).sum() / max(values.nunique(), 1))


def _answer_rank(values: pd.Series, questions: pd.Series, name: str, names: list[str]) -> tuple[bool, bool, int, int]:
    """How likely a column is the answers (lower first): not one value per question (the question's
    text), not timestamps, then named like answers (``Answer`` before ``Answered at``), then leftmost."""
    filled = values[values.ne("")]
    timestamps = bool(len(filled)) and bool(filled.head(200).str.match(_TIMESTAMP).all())
    cue = 0 if _ANSWER.fullmatch(name.strip().rstrip("s")) else 1 if _ANSWER.search(name) else 2
    return _within(values, questions), timestamps, cue, names.index(name)


def detect(frame: pd.DataFrame) -> LongLayout | None:
    """The respondent, question and answer columns when ``frame`` (an export read as text) is in
    long format, else None.

    Long: a respondent column whose values repeat (two rows or more each on average), a question
    column with few distinct values, the pair (respondent, question) naming nearly every row once,
    and an answer column varying within a respondent's rows. A single respondent's file is
    long only when its columns are named for a respondent and a question. Exports of more than
    twelve columns or fewer than four rows are taken as wide.
    """
    if not 3 <= frame.shape[1] <= _MAX_COLUMNS or len(frame) < 4:
        return None
    sample = frame.head(_SAMPLE).apply(lambda column: column.str.strip())
    rows = len(sample)
    names = list(sample.columns)
    filled = sample.ne("").mean()
    distinct = sample.nunique()
    keys = [c for c in names if filled[c] >= 0.95 and distinct[c] >= 1]
    candidates = []
    for respondent in keys:
        if rows / distinct[respondent] < 2:
            continue
        for question in keys:
            cues = (not _RESPONDENT.search(respondent) or bool(_QUESTION.search(respondent)),
                    not _QUESTION.search(question))
            # a question column holds few values, unless both columns are named for it (one respondent)
            few = rows if cues == (False, False) else rows / 2
            if question == respondent or not 2 <= distinct[question] <= few:
                continue
            if sample.duplicated([respondent, question]).mean() > 0.1:
                continue
            if sample.groupby(respondent)[question].nunique().mean() < 1.5:
                continue
            candidates.append((*cues, _runs(sample[respondent]), -int(distinct[respondent]),
                               names.index(respondent), names.index(question), respondent, question))
    for *_, respondent, question in sorted(candidates):
        answers = [c for c in names if c not in (respondent, question) and not _within(sample[c], sample[respondent])]
        if answers:
            answer = min(answers, key=lambda c: _answer_rank(sample[c], sample[question], c, names))
            return LongLayout(respondent=respondent, question=question, answer=answer)
    return None


def _repeated(valid: pd.DataFrame) -> pd.Series:
    """Per valid raw row, the raw row whose answer is kept for its (respondent, question): the last
    non-blank one, else the last."""
    order = valid.sort_values("filled", kind="stable")  # blank answers first, each kind in file order
    kept = order.groupby(["respondent", "question"], sort=False)["raw_row"].last()
    pairs = pd.MultiIndex.from_frame(valid[["respondent", "question"]])
    return pd.Series(kept.reindex(pairs).to_numpy(), index=valid.index)


def pivot(frame: pd.DataFrame, layout: LongLayout, tidy: Callable[[pd.Series], pd.Series]) -> Pivot:
    """Turn a long export (text cells, index ``raw_row``) into one row per respondent.

    ``tidy`` normalises the respondent and question values (the question values become column
    names). The answers are carried over as read. The caller checks that the three columns exist.
    """
    respondents, questions = tidy(frame[layout.respondent]), tidy(frame[layout.question])
    reason = pd.Series("", index=frame.index, dtype=object)
    reason[questions.eq("")] = f"no question: {layout.question!r} is blank"
    reason[respondents.eq("")] = f"no respondent: {layout.respondent!r} is blank"
    ok = reason.eq("").to_numpy()
    valid = pd.DataFrame({"respondent": respondents[ok], "question": questions[ok],
                          "filled": frame[layout.answer][ok].str.strip().ne(""), "raw_row": frame.index[ok]})
    kept = _repeated(valid)
    losers = kept.ne(valid["raw_row"])
    reason[losers[losers].index] = ("repeated answer: raw row " + kept[losers].astype(str) + " kept for "
                                    + valid.loc[losers, "question"].map(repr) + " (the respondent's last non-blank answer)")
    first = valid.groupby("respondent", sort=False)["raw_row"].first()
    order = list(pd.unique(valid["question"]))
    winners = valid[~losers]
    answers = (pd.DataFrame({"respondent": winners["respondent"], "question": winners["question"],
                             "answer": frame.loc[winners.index, layout.answer]})
               .pivot(index="respondent", columns="question", values="answer")
               .reindex(index=first.index, columns=order).fillna(""))
    carried = {layout.respondent: pd.Series(first.index, dtype=object)}
    per_question: dict[str, pd.Series] = {}
    others = [c for c in frame.columns if c not in (layout.respondent, layout.question, layout.answer)]
    for column in others:
        raw, values = frame.loc[ok, column], tidy(frame.loc[ok, column])
        filled = values.ne("")
        if _within(values, valid["respondent"]):
            per = raw[filled].groupby(valid.loc[filled, "respondent"].to_numpy(), sort=False).first()
            carried[column] = pd.Series(per.reindex(first.index).fillna("").to_numpy(), dtype=object)
        elif _within(values, valid["question"]):
            per_question[column] = values[filled].groupby(valid.loc[filled, "question"].to_numpy(), sort=False).first()
    # the question text: of the columns holding one value per question, the one with the longest values
    text = max(per_question, key=lambda c: (per_question[c].str.len().mean(), -others.index(c)), default=None)
    labels = {q: label for q, label in per_question[text].items() if label != q} if text else {}
    dropped = [c for c in others if c not in carried and c != text]
    names = unique_names(list(carried) + order)
    renamed = dict(zip(names[len(carried):], order))
    wide = pd.concat([pd.DataFrame(carried), pd.DataFrame(answers.to_numpy(), columns=order)], axis=1)
    wide.columns = names
    wide.index = pd.Index(first.to_numpy(), name="raw_row")
    columns = pd.Series("", index=frame.index, dtype=object)
    columns[ok] = valid["question"].map(dict(zip(order, names[len(carried):])))
    placed = respondents.map(first).fillna(0).astype(int)  # a row with no question still names its respondent
    rows = pd.DataFrame({"respondent_row": placed, "column": columns, "reason": reason}, index=frame.index)
    return Pivot(wide, {new: labels.get(old, old) for new, old in renamed.items()}, rows, dropped,
                 {new: old for new, old in renamed.items() if new != old})


def log_rows(status: pd.DataFrame, rows: pd.DataFrame) -> pd.DataFrame:
    """The cleaning log's ``kept``/``excluded`` rows of one long export, one per raw row.

    ``status``: the export's rows of the log, one per respondent (``raw_row`` = the respondent's first
    raw row, with ``respondent_id``, ``status``, ``reason`` and any other columns); ``rows``:
    :attr:`Pivot.rows`. A raw row shares its respondent's status and reason unless it was excluded
    while pivoting; a row naming no respondent has a blank ``respondent_id``.
    """
    by_first = status.set_index("raw_row")
    placed = rows["respondent_row"].to_numpy() > 0
    # a row naming no respondent starts as a copy of the first respondent's (same file, blank columns)
    out = by_first.reindex(np.where(placed, rows["respondent_row"].to_numpy(), by_first.index[0]))
    out.index = rows.index
    own = rows["reason"].ne("").to_numpy()
    out.loc[own, "status"], out.loc[own, "reason"] = "excluded", rows.loc[own, "reason"]
    out.loc[~placed, "respondent_id"] = ""
    return out.reset_index()


def answer_rows(rows: pd.DataFrame, respondent_rows: np.ndarray, column: str) -> np.ndarray:
    """The raw row each respondent's kept answer to ``column`` came from (for the log's ``changed``
    rows); the respondent's first raw row where ``column`` is no question column."""
    own = rows[rows["reason"].eq("") & rows["column"].eq(column)]
    found = pd.Series(own.index.to_numpy(), index=own["respondent_row"].to_numpy()).reindex(respondent_rows)
    return np.where(found.isna(), respondent_rows, found.fillna(0)).astype(int)
