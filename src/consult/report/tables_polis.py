"""Published tables of a Polis conversation: participants, statements, agreement, group tests and votes.

Built from the stage files as :mod:`consult.report.tables` builds a survey's: percentages rounded
half up as 0-1 fractions, nothing a ``[c]`` flag suppresses, statement text redacted again.
"""

from __future__ import annotations

import math

import pandas as pd

from consult.clean.polis_stage import OPINION_GROUP, SUMMARY
from consult.core.config import Consultation
from consult.core.files import is_true
from consult.core.rounding import round_half_up
from consult.report import xlsx as workbook
from consult.report.tables import (
    ALL,
    ReportTables,
    agreement_table,
    clean_quote,
    fraction,
    group_tests_table,
    is_shown,
    table_notes,
)


def participants_table(tables: ReportTables, cfg: Consultation) -> pd.DataFrame:
    """Participants analysed: in all, by opinion group (``not placed`` for those Polis left out of every
    group) and by each ``polis.attributes`` answer. Counts only."""
    people = tables.polis_participants
    rows = [("All participants", "Total", len(people))]
    columns = [("Opinion group", OPINION_GROUP, "not placed in a group"),
               *[(column, key, "(not stated)") for key, column in cfg.polis.attributes.items()]]
    for label, column, blank in columns:
        if column in people.columns:
            counts = people[column].fillna(blank).value_counts()
            rows += [(label, value, int(n)) for value, n in sorted(counts.items(), key=lambda i: (i[0] == blank, i[0]))]
    return pd.DataFrame(rows, columns=["Question", "Answer", "Participants"])


def _group_shares(tables: ReportTables) -> dict[str, pd.Series]:
    """Each opinion group's agree share per statement (rounded fractions; NaN when suppressed or no base)."""
    rows = tables.agreement[(tables.agreement["group_by"] == OPINION_GROUP) & (tables.agreement["option"] == "agree")]
    return {group: pd.Series([fraction(p) if is_shown(f) else math.nan for p, f in zip(part["pct"], part["flag"])],
                             index=part["question_id"].astype(str))
            for group, part in rows.groupby("group", sort=False)}


def statements_table(tables: ReportTables, cfg: Consultation) -> pd.DataFrame:
    """One row per statement: its text, votes, overall shares, each group's agree share and the calls."""
    frame = tables.polis_statements
    overall = tables.agreement[tables.agreement["group_by"] == ALL]
    shown = overall.assign(ok=overall["flag"].map(is_shown)).set_index(["question_id", "option"])["ok"]
    ids = frame["statement_id"].astype(str)

    def share(option: str) -> list[float]:
        return [fraction(p) if shown.get((i, option), False) else math.nan for i, p in zip(ids, frame[f"pct_{option}"])]

    table = pd.DataFrame({
        "Statement id": ids, "Statement": frame["statement"].map(clean_quote),
        "Moderated": frame["moderated"].fillna("").astype(str),
        "Votes": pd.to_numeric(frame["base"]).astype(int),
        "Agree %": share("agree"), "Disagree %": share("disagree"), "Pass %": share("pass"),
    })
    for group, values in _group_shares(tables).items():
        table[f"Group {group} agree %"] = ids.map(values).to_numpy()
    table["Common ground"] = frame["consensus"].fillna("").map({"agree": "agreed", "disagree": "disagreed"}).fillna("")
    table["Opposing group majorities"] = frame["divisive"].map(is_true).map({True: "Yes", False: ""})
    table["Groups differ"] = frame["groups_differ"].map(is_true).map({True: "Yes", False: "No"})
    table["p-value (Holm-adjusted)"] = pd.to_numeric(frame["p_adjusted"]).map(lambda v: round_half_up(v, 4))
    return table


def votes_table(tables: ReportTables) -> pd.DataFrame:
    """How the votes were counted: each step of the cleaning log's vote rows, with votes in and out."""
    log = tables.cleaning_log
    steps = log[log["status"] == SUMMARY]
    return pd.DataFrame({"Step": steps["rule"], "Detail": steps["reason"],
                         "Votes in": pd.to_numeric(steps["before"]).astype(int),
                         "Votes out": pd.to_numeric(steps["after"]).astype(int)})


def sheets(tables: ReportTables, cfg: Consultation) -> list[workbook.Sheet]:
    """The Polis sheets of tables.xlsx, before the themes and the cleaning summary."""
    notes = tuple(table_notes(cfg))
    agreement = agreement_table(tables, cfg)
    texts = dict(zip(tables.polis_statements["statement_id"].astype(str),
                     tables.polis_statements["statement"].map(clean_quote)))
    agreement["Question"] = [f"#{q} {texts.get(str(q), '')}".rstrip() for q in tables.agreement["question_id"]]
    agreement = agreement.rename(columns={"Question": "Statement", "Respondents": "Participants"})
    names = {OPINION_GROUP: "Opinion group", **cfg.polis.attributes}
    agreement["Group by"] = agreement["Group by"].replace({"All respondents": "All participants", **names})
    statement_columns = tuple(c for c in statements_table(tables, cfg).columns if c.endswith("%"))
    result = [
        workbook.Sheet("Participants", participants_table(tables, cfg),
                       notes=("Participants analysed, after the filters; opinion groups are Polis's own.",)),
        workbook.Sheet("Statements", statements_table(tables, cfg), statement_columns,
                       ("Shares are of the participants who saw the statement and voted, passes included.",
                        "Common ground: a majority of every opinion group voted the same way.", *notes)),
        workbook.Sheet("Agreement", agreement,
                       tuple(c for c in agreement.columns if c == "Percentage" or " CI " in c), notes),
        workbook.Sheet("Votes", votes_table(tables),
                       notes=("Each participant's latest vote on a statement counts once.",)),
    ]
    if not tables.group_tests.empty:
        tests = group_tests_table(tables, cfg)
        tests["Group by"] = tests["Group by"].replace(names)
        result.append(workbook.Sheet("Group tests", tests, notes=(
            "One test per statement of vote by group; p-values Holm-adjusted across the statements.",)))
    return result
