"""The config's ``filter`` on an ordinary export: which respondents are analysed.

``filter.exclude_ids`` names a text file of respondent ids to leave out (one a line; blank lines
and lines starting with ``#`` are skipped; no header needed); ``filter.where`` is a condition on
the clean answers, with the question ids as names (``q6 == 'Yes'``, ``age_band != '16-24'``;
numbers compare as numbers where every answer to a question is one). Rows a rule leaves out
are excluded in the cleaning log with the rule (``filter.exclude_ids`` / ``filter.where``) and
why. A Polis conversation applies the same keys to its participants instead
(:mod:`consult.clean.polis_stage`).
"""

from __future__ import annotations

import pandas as pd

from consult.clean.duplicates import RowStatus
from consult.clean.ingest import normalise_whitespace
from consult.core.config import Consultation


def read_ids(cfg: Consultation, who: str = "respondent") -> tuple[set[str], list[str]]:
    """The ids listed in ``filter.exclude_ids`` (none when unset), and the problem when its file is missing."""
    if not cfg.filter.exclude_ids:
        return set(), []
    path = cfg.resolve(cfg.filter.exclude_ids)
    if not path.is_file():
        return set(), [f"{path}: filter.exclude_ids: file not found; give a text file with one {who} id a line."]
    lines = (normalise_whitespace(line) for line in path.read_text(encoding="utf-8-sig").splitlines())
    return {line for line in lines if line and not line.startswith("#")}, []


def _typed(answers: pd.DataFrame) -> pd.DataFrame:
    """The answers with blanks as missing, and numbers as numbers where every answer to a question is one."""
    frame = answers.replace("", None)
    for column in frame.columns:
        numbers = pd.to_numeric(frame[column], errors="coerce")
        if numbers.notna().sum() == frame[column].notna().sum():
            frame[column] = numbers
    return frame


def apply(cfg: Consultation, respondent_ids: pd.Series, answers: pd.DataFrame,
          rows: RowStatus) -> tuple[RowStatus, pd.Series, list[str]]:
    """Leave out the kept rows that ``filter.exclude_ids`` lists or ``filter.where`` rejects, in that order.

    ``answers`` holds each row's clean answers by question id. Returns the rows' status, each row's
    rule (``""`` for rows no filter left out) and the problems (a missing ids file, a condition that
    cannot be evaluated).
    """
    rule = pd.Series("", index=rows.status.index, dtype=object)
    status, reason = rows.status.copy(), rows.reason.copy()
    ids, problems = read_ids(cfg)
    steps: list[tuple[str, pd.Series, str]] = []
    if ids:
        steps.append(("filter.exclude_ids", respondent_ids.astype(str).isin(ids), "id listed in filter.exclude_ids"))
    if cfg.filter.where:
        try:
            kept = pd.Series(_typed(answers).eval(cfg.filter.where), index=answers.index)
            if kept.dtype != bool and not kept.map(lambda v: isinstance(v, bool) or pd.isna(v)).all():
                raise TypeError("the condition does not give true or false for each row")
            steps.append(("filter.where", ~kept.fillna(False).astype(bool).set_axis(rule.index),
                          f"filter.where is false: {cfg.filter.where}"))
        except Exception as error:  # noqa: BLE001 - any failure of the analyst's condition is one problem line
            problems.append(f"{cfg.source}: filter.where: {cfg.filter.where!r} cannot be evaluated "
                            f"({type(error).__name__}: {error}); its names are the question ids "
                            f"({', '.join(answers.columns)}), e.g. q6 == 'Yes'.")
    for name, hit, why in steps:
        new = hit & status.eq("kept")
        status[new], reason[new], rule[new] = "excluded", why, name
    return RowStatus(status, reason, rows.problems), rule, problems


def with_rules(log: pd.DataFrame, keys: pd.DataFrame, rule: pd.Series) -> pd.DataFrame:
    """The cleaning log with each filtered row's rule (``rule``, one per row of ``keys``) on its excluded line."""
    named = rule.ne("")
    if not named.any():
        return log
    lookup = pd.Series(rule[named].to_numpy(), index=_row_keys(keys[named]))  # (file, raw row) -> rule
    found = pd.Series(lookup.reindex(_row_keys(log)).to_numpy(), index=log.index)
    mine = log["status"].eq("excluded") & found.notna()
    return log.assign(rule=log["rule"].where(~mine, found))


def _row_keys(frame: pd.DataFrame) -> pd.MultiIndex:
    """Each row's (source file, raw row), as text so that the log's and the keys' types agree."""
    return pd.MultiIndex.from_arrays([frame["source_file"].astype(str), frame["raw_row"].astype(str)])
