"""Agreement for a Polis conversation: one question per statement, voted agree / disagree / pass.

From the clean stage's ``polis_votes.csv`` (each kept participant's latest vote on each kept
statement), ``polis_participants.csv`` (their opinion group and attributes) and ``responses.csv``
(the kept statements, one row each) to:

- ``agreement.csv`` rows with ``question_id`` = the statement's comment-id, options ``agree``,
  ``disagree`` and ``pass`` (``net`` False), each over the participants who saw the statement and
  voted on it, passes included (as Polis counts it); grouped ``all``, by ``opinion_group`` (Polis's
  groups A, B, ...; participants Polis did not place in a group count only in ``all``) and by each
  ``polis.attributes`` id (blank as ``(not stated)``);
- ``group_tests.csv``: per statement and grouping, a chi-square test of vote by group (Fisher's
  exact test for a small 2 x 2 table), Holm-adjusted across the statements of the grouping;
- ``polis_statements.csv``: per statement, the overall counts, the majority, consensus and
  divisive calls of :func:`consult.clean.polis.vote_stats`, and the opinion-group test.

Statements nobody voted on keep their rows (base 0, flag ``[x]``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from consult.agreement.table import AGREEMENT_COLUMNS, ALL, GROUP_TEST_COLUMNS, NOT_STATED, _flags
from consult.clean import polis
from consult.clean.polis_stage import OPINION_GROUP
from consult.core import significance
from consult.core.config import Consultation

OPTIONS = ("agree", "disagree", "pass")
BASE_DEFINITION = "participants who saw the statement and voted (agree, disagree or pass)"
STATEMENT_COLUMNS = [
    "statement_id", "statement", "moderated", "agree", "disagree", "pass", "base", "pct_agree", "pct_disagree",
    "pct_pass", "majority", "consensus", "divisive", "groups_tested", "statistic", "p_value", "p_adjusted",
    "groups_differ", "agree_gap_pp",
]
_CODES = {name: code for code, name in polis.VOTE_NAMES.items()}


def statement_ids(responses: pd.DataFrame) -> list[str]:
    """The kept statements' ids (responses.csv's ``respondent_id``), in numeric order."""
    return sorted(responses["respondent_id"].astype(str), key=lambda s: (len(s), s))


def _labels(participants: pd.DataFrame, group_by: str) -> pd.Series:
    """Each participant's group under ``group_by`` (blank opinion group: none; blank attribute: not stated)."""
    if group_by == ALL:
        return pd.Series(ALL, index=participants["participant_id"])
    values = participants.set_index("participant_id")[group_by].astype("string")
    return values.dropna() if group_by == OPINION_GROUP else values.fillna(NOT_STATED)


def _ordered(groups: list[str]) -> list[str]:
    return sorted(groups, key=lambda g: (g == NOT_STATED, len(g) if len(g) == 1 else 2, g))


def counts(votes: pd.DataFrame, participants: pd.DataFrame, statements: list[str], group_by: str) -> pd.DataFrame:
    """agree / disagree / pass counts per (statement_id, group), every statement x group, zeros kept."""
    labels = _labels(participants, group_by)
    grouped = votes.assign(group=votes["participant_id"].map(labels)).dropna(subset=["group"])
    table = pd.crosstab([grouped["statement_id"].astype(str), grouped["group"]], grouped["vote"])
    index = pd.MultiIndex.from_product([statements, _ordered(list(labels.unique()))], names=["statement_id", "group"])
    return table.reindex(index=index, columns=list(OPTIONS), fill_value=0).rename_axis(columns=None)


def _rows(table: pd.DataFrame, group_by: str, cfg: Consultation) -> pd.DataFrame:
    long = table.stack().rename("n").reset_index().rename(columns={"level_2": "option"})
    base = table.sum(axis=1).reindex(pd.MultiIndex.from_frame(long[["statement_id", "group"]])).to_numpy()
    n = long["n"].to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        proportion = np.where(base > 0, n / base, np.nan)
    low, high = significance.wilson_interval(proportion, base, cfg.agreement.confidence)
    return pd.DataFrame({
        "question_id": long["statement_id"], "group_by": group_by, "group": long["group"], "option": long["option"],
        "net": False, "n": n.astype(np.int64), "base": base.astype(np.int64), "pct": 100 * proportion,
        "ci_low": 100 * low, "ci_high": 100 * high, "base_definition": BASE_DEFINITION,
        "flag": _flags(n, base, 100 * proportion, cfg),
    })[AGREEMENT_COLUMNS]


def _tests(table: pd.DataFrame, group_by: str, cfg: Consultation) -> pd.DataFrame:
    """One test per statement of vote by group, Holm-adjusted across the grouping's statements. Groups with
    fewer than ``agreement.small_base`` voters on the statement are left out of its test (one voter would
    otherwise decide it)."""
    ids = list(table.index.get_level_values("statement_id").unique())
    sized = table[table.sum(axis=1) >= cfg.agreement.small_base]
    found = [significance.independence_test(sized.xs(s, level="statement_id").to_numpy()
                                            if s in sized.index.get_level_values("statement_id") else np.empty((0, 3)))
             for s in ids]
    p = np.array([f.p_value for f in found], dtype=float)
    adjusted = significance.holm(p)
    frame = pd.DataFrame({
        "question_id": ids, "group_by": group_by, "group": ALL, "option": ", ".join(OPTIONS),
        "test": [f.test for f in found], "statistic": [f.statistic for f in found], "p_value": p,
        "p_adjusted": adjusted, "significant": adjusted < cfg.agreement.significance,
        "base_group": [int(table.xs(s, level="statement_id").to_numpy().sum()) for s in ids], "flag": "",
    })
    return frame.reindex(columns=GROUP_TEST_COLUMNS)


def _statements(responses: pd.DataFrame, votes: pd.DataFrame, participants: pd.DataFrame, tests: pd.DataFrame,
                by_group: pd.DataFrame, cfg: Consultation) -> pd.DataFrame:
    texts = pd.DataFrame({"comment_id": responses["respondent_id"].astype(str),
                          "statement": responses.get("statement", pd.Series("", index=responses.index)),
                          "moderated": responses.get("moderated", pd.Series("", index=responses.index))})
    coded = pd.DataFrame({"voter_id": votes["participant_id"], "comment_id": votes["statement_id"].astype(str),
                          "vote": votes["vote"].map(_CODES)})
    groups = _labels(participants, OPINION_GROUP)
    stats = polis.vote_stats(coded, groups, texts, cfg.agreement.small_base)
    overall = stats[stats["group"] == polis.ALL].set_index("comment_id")
    tested = tests.set_index("question_id") if len(tests) else pd.DataFrame(
        columns=["statistic", "p_value", "p_adjusted", "significant"])
    reliable = by_group.sum(axis=1) >= cfg.agreement.small_base
    agree = (100 * by_group["agree"] / by_group.sum(axis=1))[reliable]
    gap = agree.groupby(level="statement_id").agg(lambda s: s.max() - s.min() if len(s) > 1 else np.nan)
    ids = statement_ids(responses)
    frame = overall.reindex(ids).reset_index(names="statement_id").assign(
        groups_tested=by_group.sum(axis=1).gt(0).groupby(level="statement_id").sum().reindex(ids, fill_value=0)
        .astype(int).to_numpy(),
        statistic=tested["statistic"].reindex(ids).to_numpy(), p_value=tested["p_value"].reindex(ids).to_numpy(),
        p_adjusted=tested["p_adjusted"].reindex(ids).to_numpy(),
        groups_differ=tested["significant"].reindex(ids).fillna(False).astype(bool).to_numpy(),
        agree_gap_pp=gap.reindex(ids).to_numpy())
    return frame[STATEMENT_COLUMNS]


def compute(responses: pd.DataFrame, votes: pd.DataFrame, participants: pd.DataFrame,
            cfg: Consultation) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """agreement.csv, group_tests.csv and polis_statements.csv (see the module docstring) of a conversation.

    ``responses``: responses.csv (``respondent_id`` = comment-id, ``statement``, ``moderated``);
    ``votes``: polis_votes.csv (``participant_id``, ``statement_id``, ``vote`` as agree / disagree /
    pass); ``participants``: polis_participants.csv (``participant_id``, ``opinion_group``, attributes).
    """
    ids = statement_ids(responses)
    votes = votes.assign(statement_id=votes["statement_id"].astype(str))
    groupings = [ALL, OPINION_GROUP, *cfg.polis.attributes]
    tables = {g: counts(votes, participants, ids, g) for g in groupings}
    agreement = pd.concat([_rows(tables[g], g, cfg) for g in groupings], ignore_index=True)
    order = {s: i for i, s in enumerate(ids)}
    agreement = agreement.sort_values("question_id", key=lambda q: q.map(order), kind="stable", ignore_index=True)
    tests = [_tests(tables[g], g, cfg) for g in groupings[1:] if len(tables[g])]
    group_tests = pd.concat(tests, ignore_index=True) if tests else pd.DataFrame(columns=GROUP_TEST_COLUMNS)
    opinion = group_tests[group_tests["group_by"] == OPINION_GROUP]
    statements = _statements(responses, votes, participants, opinion, tables[OPINION_GROUP], cfg)
    return agreement, group_tests, statements
