"""The summary of a Polis conversation: participants voting on statements, not respondents answering.

:func:`summarise` writes, in order: who took part (participants, votes, statements, what the
filters left out, the opinion groups); the common ground (statements a majority of every opinion
group agreed with, or disagreed with); the statements that divided the groups most (their votes
differ by group beyond chance, Holm-adjusted, ranked by the gap in agreement between groups); the
statements most passed on; the themes of the statements' text; and the caveat. :func:`methods`
writes how the figures were made. Every percentage is "NN% (n of base)" from an agreement.csv row,
checked by :mod:`consult.report.summary_checks`; small bases are given as counts.
"""

from __future__ import annotations

import pandas as pd

from consult.clean.polis import MAJORITY
from consult.clean.polis_stage import OPINION_GROUP, SUMMARY
from consult.core import wording
from consult.core.config import Consultation
from consult.core.files import is_true
from consult.core.rounding import format_pct
from consult.report.summary import Bullets, Paragraph, Summary
from consult.report.summary_checks import labels_of, verify
from consult.report.tables import (
    ALL,
    ReportTables,
    clean_quote,
    first_quote,
    is_shown,
    ordered_themes,
    quote_columns,
    reason_kind,
)
from consult.themes.names import RESERVED

__all__ = ["methods", "summarise"]

_MAJORITY_WORDS = {60.0: "three in five"}


def _majority() -> str:
    return _MAJORITY_WORDS.get(MAJORITY, f"{MAJORITY:g} in 100")


def _quote(text: object) -> str:
    return f"“{wording.shorten(clean_quote(text), 25)}”"


def _figure(agreement: pd.DataFrame, statement: str, group_by: str, group: str, option: str,
            cfg: Consultation) -> str:
    """A share as "85% (170 of 200)", or "6 of 8" where the base is small or suppressed."""
    rows = agreement[(agreement["question_id"] == statement) & (agreement["group_by"] == group_by)
                     & (agreement["group"] == group) & (agreement["option"] == option)]
    row = rows.iloc[0]
    n, base = int(row["n"]), int(row["base"])
    if not is_shown(row["flag"]) or base < cfg.agreement.small_base:
        below = cfg.report.numbers_in_words_below
        return f"{wording.number(n, below)} of {wording.number(base, below)}"
    return format_pct(n, base)


def _groups(tables: ReportTables) -> list[str]:
    groups = tables.polis_participants.get(OPINION_GROUP, pd.Series(dtype=str)).dropna().astype(str)
    return sorted(groups.unique(), key=lambda g: (len(g), g))


# ---------------------------------------------------------------------------- who took part
def _opening(tables: ReportTables, cfg: Consultation) -> str:
    below = cfg.report.numbers_in_words_below
    statements, people = tables.polis_statements, tables.polis_participants
    votes = int(pd.to_numeric(statements["base"]).sum())
    how = (" " + wording.date_range(cfg.period.start, cfg.period.end)) if cfg.period else ""
    sentences = [f"A total of {wording.count(len(people), 'participant', below)} took part{how}, casting "
                 f"{wording.count(votes, 'vote', below)} (agree, disagree or pass) on "
                 f"{wording.count(len(statements), 'statement', below)}."]
    log = tables.cleaning_log
    resolved = log[(log["status"] == SUMMARY) & (log["rule"] == "latest_vote")]
    if len(resolved):
        events, kept = (int(pd.to_numeric(resolved[c]).iloc[0]) for c in ("before", "after"))
        if events > kept:
            sentences.append(f"Repeated clicks count once, as the participant's latest vote "
                             f"({wording.number(events - kept, below)} of {wording.count(events, 'vote event', below)}"
                             " were repeats).")
    sentences += _left_out(log, below)
    groups = _groups(tables)
    if groups:
        sizes = tables.polis_participants[OPINION_GROUP].value_counts()
        placed = int(sizes.sum())
        listed = wording.join([f"{g} ({wording.number(int(sizes[g]), below)})" for g in groups])
        sentences.append(f"Polis placed {wording.number(placed, below)} of them in "
                         f"{wording.count(len(groups), 'opinion group', below)} by how they voted: {listed}.")
    else:
        sentences.append("Polis did not place participants in opinion groups.")
    return " ".join(sentences)


def _left_out(log: pd.DataFrame, below: int) -> list[str]:
    """What the filters and the cleaning left out: statements, then participants, by kind."""
    excluded = log[log["status"] == "excluded"]
    sentences = []
    for noun, rows in (("statement", excluded[~excluded["rule"].fillna("").str.startswith("filter.")
                                              | excluded["rule"].eq("filter.statements")]),
                       ("participant", excluded[excluded["rule"].isin(["filter.min_votes", "filter.exclude_ids",
                                                                       "filter.where"])])):
        kinds = rows["reason"].map(reason_kind).value_counts()
        for kind, n in sorted(kinds.items(), key=lambda item: (-item[1], item[0])):
            counted = noun if n == 1 else wording.count(int(n), noun, below)
            sentences.append(f"A further {counted} {'was' if n == 1 else 'were'} left out ({kind}).")
    return sentences


# ---------------------------------------------------------------------------- the statements
def _more(shown: int, total: int, below: int) -> str:
    return f"; {wording.number(total - shown, below)} more in tables.xlsx" if total > shown else ""


def _common_ground(tables: ReportTables, cfg: Consultation) -> list[Paragraph | Bullets]:
    below, listed = cfg.report.numbers_in_words_below, cfg.polis.listed
    statements = tables.polis_statements
    if len(_groups(tables)) < 2:
        return [Paragraph("With fewer than two opinion groups, no statement can be called common ground "
                          "across groups.")]
    blocks: list[Paragraph | Bullets] = []
    for side, verb in (("agree", "agreed"), ("disagree", "disagreed")):
        found = statements[statements["consensus"].fillna("") == side]
        found = found.assign(_pct=-pd.to_numeric(found[f"pct_{side}"])).sort_values(["_pct", "statement_id"],
                                                                                      kind="stable")
        if found.empty:
            continue
        items = tuple(f"{_quote(row['statement'])}: {_figure(tables.agreement, row['statement_id'], ALL, ALL, side, cfg)} "
                      f"{verb}" for _, row in found.head(listed).iterrows())
        lead = (f"Common ground: statements that a majority (at least {_majority()}) of every opinion group {verb} "
                f"with (highest share first{_more(len(items), len(found), below)}):")
        blocks.append(Bullets(lead, items))
    if not blocks:
        blocks.append(Paragraph(f"No statement was agreed or disagreed with by a majority (at least {_majority()}) "
                                "of every opinion group."))
    return blocks


def _divisive(tables: ReportTables, cfg: Consultation) -> list[Paragraph | Bullets]:
    below, listed = cfg.report.numbers_in_words_below, cfg.polis.listed
    statements, groups = tables.polis_statements, _groups(tables)
    if len(groups) < 2:
        return []
    level = f"p below {cfg.agreement.significance:g} after adjusting for the number of statements"
    found = statements[statements["groups_differ"].map(is_true)]
    if found.empty:
        return [Paragraph(f"The opinion groups' votes did not differ on any statement more than chance would explain "
                          f"({level}).")]
    found = found.assign(_gap=-pd.to_numeric(found["agree_gap_pp"]).fillna(-1)).sort_values(
        ["_gap", "p_adjusted", "statement_id"], kind="stable")
    items = []
    for _, row in found.head(listed).iterrows():
        shares = wording.join([f"{g} {_figure(tables.agreement, row['statement_id'], OPINION_GROUP, g, 'agree', cfg)}"
                               for g in groups])
        opposed = "; majorities of different groups agreed and disagreed" if is_true(row["divisive"]) else ""
        items.append(f"{_quote(row['statement'])}: agreed by {shares}{opposed}")
    lead = (f"The statements that divided the opinion groups most (their votes differed by group, {level}; "
            f"largest gap in agreement first{_more(len(items), len(found), below)}):")
    return [Bullets(lead, tuple(items))]


def _passed(tables: ReportTables, cfg: Consultation) -> list[Paragraph | Bullets]:
    statements = tables.polis_statements
    eligible = statements[(pd.to_numeric(statements["base"]) >= cfg.agreement.small_base)
                          & (pd.to_numeric(statements["pass"]) > 0)]
    if eligible.empty:
        return []
    top = eligible.assign(_pct=-pd.to_numeric(eligible["pct_pass"])).sort_values(
        ["_pct", "statement_id"], kind="stable").head(min(cfg.polis.listed, 3))
    items = tuple(f"{_quote(row['statement'])}: {_figure(tables.agreement, row['statement_id'], ALL, ALL, 'pass', cfg)} "
                  "passed" for _, row in top.iterrows())
    return [Bullets("The statements participants passed on most (unsure, or no view either way):", items)]


def _themes(tables: ReportTables, cfg: Consultation) -> list[Paragraph | Bullets]:
    below = cfg.report.numbers_in_words_below
    themes = ordered_themes(tables.themes)
    quotes = quote_columns(themes)
    blocks: list[Paragraph | Bullets] = []
    for question in cfg.questions_of("free_text"):
        mine = themes[themes["question_id"] == question.id]
        named = mine[~mine["theme_id"].isin(RESERVED) & (pd.to_numeric(mine["n"]) > 0)]
        if named.empty:
            continue
        items = []
        for _, theme in named.iterrows():
            quote = first_quote(theme, quotes)
            said = f": “{wording.shorten(quote)}”" if quote else ""
            items.append(f"{wording.capitalise(str(theme['label']))} "
                         f"({wording.count(int(theme['n']), 'statement', below)}){said}")
        blocks.append(Bullets("The statements participants wrote fell into these themes:", tuple(items)))
        other = int(pd.to_numeric(mine.loc[mine["theme_id"] == "other", "n"]).sum())
        if other:
            blocks.append(Paragraph(f"A further {wording.count(other, 'statement', below)} did not fit any of "
                                    "these themes."))
    return blocks


def caveat(cfg: Consultation) -> str:
    """The self-selection caveat, in a conversation's terms."""
    return ("Participants in a Polis conversation choose to take part, and each sees the statements in the order "
            "Polis shows them, so each statement was voted on by a different set of participants: the results "
            f"describe their views and are not representative of everyone affected by {cfg.document}.")


def summarise(tables: ReportTables, cfg: Consultation) -> Summary:
    """The summary of a Polis conversation from its stage files (see the module docstring).

    Raises :class:`consult.report.summary_checks.PercentageError` if a percentage it wrote does not
    trace to agreement.csv.
    """
    blocks: list[Paragraph | Bullets] = [Paragraph(_opening(tables, cfg))]
    blocks += _common_ground(tables, cfg) + _divisive(tables, cfg) + _passed(tables, cfg) + _themes(tables, cfg)
    blocks.append(Paragraph(caveat(cfg)))
    summary = Summary(tuple(blocks), None)
    verify(summary.text, tables.known_agreement, str(cfg.reports_dir / "summary.md"), labels_of(cfg, tables.known_agreement))
    return summary


def methods(tables: ReportTables, cfg: Consultation) -> list[str]:
    """How the figures of a Polis conversation were made."""
    agreement = cfg.agreement
    notes = [
        "Every percentage is of the participants who saw the statement and voted on it, passes included (the base "
        "Polis itself uses), and is given with that base. A participant who voted more than once on a statement "
        "counts once, with their latest vote.",
        "Opinion groups (A, B, ...) are Polis's own grouping of participants by how they voted; participants Polis "
        "did not place in a group count only in the overall figures.",
        f"A statement has a majority when at least {_majority()} of its voters voted one way. It is common ground "
        f"when every opinion group, each with at least {agreement.small_base} voters on it, has a majority the same "
        "way.",
        "Whether the groups voted differently on a statement was tested with a chi-square test of vote (agree, "
        "disagree, pass) by group (Fisher's exact test for small two-by-two tables), leaving out groups with fewer "
        f"than {agreement.small_base} voters on the statement, with p-values adjusted by "
        "Holm's method for the number of statements; statements with an adjusted p below "
        f"{agreement.significance:g} are reported as dividing the groups, largest gap in agreement first. The groups "
        "were formed from these same votes, so differences between them are expected: the test ranks statements by "
        "how clearly they divide the groups rather than proving that they do.",
        "Percentages are rounded half up to whole numbers, so they may not sum to 100 due to rounding. Where fewer "
        f"than {agreement.small_base} participants voted on a statement, results are marked [u] and the summary "
        f"gives counts; under {agreement.suppress_below}, percentages are suppressed [c].",
    ]
    if cfg.filter.min_votes or cfg.filter.statements == "accepted" or cfg.filter.exclude_ids or cfg.filter.where:
        rules = []
        if cfg.filter.statements == "accepted":
            rules.append("only statements moderators accepted are analysed")
        if cfg.filter.min_votes:
            rules.append(f"participants with fewer than {cfg.filter.min_votes} votes are left out")
        if cfg.filter.exclude_ids:
            rules.append("participants listed for exclusion are left out")
        if cfg.filter.where:
            rules.append(f"only participants for whom {cfg.filter.where} holds are analysed")
        notes.append(f"Filters: {wording.join(rules)}; the cleaning log lists every statement and participant left "
                     "out and the votes that went with them.")
    if cfg.questions_of("free_text"):
        engine = {"embeddings": "sentence embeddings", "wordllama": "word frequencies and word embeddings"}.get(
            cfg.themes.engine, "word frequencies")
        notes.append(f"The statements' text was grouped into themes by {engine} and clustering, with a fixed "
                     f"seed ({cfg.themes.random_state}); quotes are shortened, and personal data such as e-mail "
                     "addresses, phone numbers and postcodes is removed.")
    return notes
