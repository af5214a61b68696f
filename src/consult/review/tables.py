"""Tables for reviewing themes: the theme list, one theme's responses, and theme counts by group.

Pure functions of the themes, assignments and responses frames (docs/files.md), shared by the
review widget and the notebook.
"""

from __future__ import annotations

import pandas as pd

from consult.core.config import Consultation
from consult.core.rounding import pct_int
from consult.themes.question import positions

LIST_COLUMNS = ["theme_id", "label", "n", "pct", "sentiment", "position", "reviewed", "note", "source"]


def members(assignments: pd.DataFrame, question_id: str, theme_id: str) -> pd.DataFrame:
    """One theme's assignment rows."""
    return assignments[(assignments["question_id"] == question_id) & (assignments["theme_id"] == theme_id)]


def position_split(cfg: Consultation, responses: pd.DataFrame, respondents: pd.Series, question_id: str) -> str:
    """How these respondents answered the closed question the free text explains: ``"agree 60%, disagree 40%"``.

    Shares are of the respondents, largest first (ties by name); blank when the question
    explains none or there are no respondents.
    """
    explains = cfg.question(question_id).explains
    if explains is None or respondents.empty:
        return ""
    answers = responses.set_index("respondent_id").reindex(respondents.astype(str))[explains]
    counts = positions(cfg, cfg.question(explains), answers).value_counts()
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return ", ".join(f"{name} {pct_int(count, len(respondents))}%" for name, count in ordered)


def theme_list(cfg: Consultation, themes: pd.DataFrame, assignments: pd.DataFrame, responses: pd.DataFrame,
               question_id: str) -> pd.DataFrame:
    """One question's themes as the reviewer sees them (columns :data:`LIST_COLUMNS`), in the themes' order."""
    rows = themes[themes["question_id"] == question_id].copy()
    rows["position"] = [position_split(cfg, responses, members(assignments, question_id, t)["respondent_id"], question_id)
                        for t in rows["theme_id"]]
    for column, default in (("reviewed", False), ("note", "")):
        if column not in rows:
            rows[column] = default
    return rows[LIST_COLUMNS].reset_index(drop=True)


def theme_responses(cfg: Consultation, assignments: pd.DataFrame, responses: pd.DataFrame, question_id: str,
                    theme_id: str, search: str = "") -> pd.DataFrame:
    """One theme's responses, main-theme and heaviest first, with their closed answers and groups.

    Columns: ``respondent_id``, ``answer`` (the free text), ``primary``, ``weight``, ``source``,
    ``themes`` (every theme of the response, ``; ``-joined), then each closed question's answer
    and each group attribute. ``search`` keeps the rows whose answer contains it (any case).
    """
    rows = members(assignments, question_id, theme_id)
    mine = assignments[assignments["question_id"] == question_id]
    all_themes = mine.groupby(mine["respondent_id"].astype(str))["theme_id"].agg(lambda t: "; ".join(sorted(t)))
    extra = [q.id for q in cfg.questions_of("closed")] + [g for g in cfg.groups]
    table = pd.DataFrame({
        "respondent_id": rows["respondent_id"].astype(str).to_numpy(),
        "primary": rows["primary"].astype(bool).to_numpy(),
        "weight": rows["weight"].to_numpy(),
        "source": rows["source"].to_numpy(),
    })
    table["themes"] = table["respondent_id"].map(all_themes)
    answers = responses.assign(respondent_id=responses["respondent_id"].astype(str)).set_index("respondent_id")
    table.insert(1, "answer", table["respondent_id"].map(answers[question_id]).fillna("").astype(str))
    for column in dict.fromkeys(extra):
        table[column] = table["respondent_id"].map(answers[column]).fillna("")
    if search:
        table = table[table["answer"].str.contains(search, case=False, regex=False)]
    table = table.sort_values(["primary", "weight", "respondent_id"], ascending=[False, False, True], kind="stable")
    return table.reset_index(drop=True)
