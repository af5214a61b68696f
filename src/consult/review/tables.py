"""Tables for reviewing themes: the theme list, one theme's responses, one respondent's whole response,
the themes of every question, and how far each question's review has got.

Pure functions of the themes, assignments and responses frames (docs/files.md), shared by the
review widget and the notebook.
"""

from __future__ import annotations

import pandas as pd

from consult.core.config import Consultation
from consult.core.redact import redact_text
from consult.core.rounding import pct_int
from consult.themes.question import positions

LIST_COLUMNS = ["theme_id", "label", "n", "base", "pct", "respondents", "sentiment", "position", "reviewed", "note",
                "source"]
ACROSS_COLUMNS = ["question_id", "question", "theme_id", "label", "n", "base", "pct", "reviewed"]


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
    sizes = assignments[assignments["question_id"] == question_id].groupby("theme_id")["respondent_id"].nunique()
    rows["respondents"] = rows["theme_id"].map(sizes).fillna(0).astype(int)
    rows["position"] = [position_split(cfg, responses, members(assignments, question_id, t)["respondent_id"], question_id)
                        for t in rows["theme_id"]]
    for column, default in (("reviewed", False), ("note", "")):
        if column not in rows:
            rows[column] = default
    return rows[LIST_COLUMNS].reset_index(drop=True)


def theme_responses(cfg: Consultation, assignments: pd.DataFrame, responses: pd.DataFrame, question_id: str,
                    theme_id: str, search: str = "", filters: dict[str, str] | None = None) -> pd.DataFrame:
    """One theme's responses, main-theme and heaviest first, with their closed answers and groups.

    Columns: ``respondent_id``, ``answer`` (the free text), ``respondents`` (1, or a campaign's
    size), ``members`` (the respondent ids the row stands for), ``primary``, ``weight``,
    ``source``, ``themes`` (every theme of the response, ``; ``-joined), then each closed
    question's answer and each group attribute. A campaign (one ``<id>__campaign`` group) is one
    row, as it is one in the theme's count, led by its first member. ``search`` keeps the rows
    whose answer contains it (any case); ``filters`` (``{group attribute: value}``) keeps the
    respondents with those values.
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
    for group, value in (filters or {}).items():
        table = table[table["respondent_id"].map(answers[group]).fillna("").astype(str) == value]
    if search:
        table = table[table["answer"].str.contains(search, case=False, regex=False)]
    table = table.sort_values(["primary", "weight", "respondent_id"], ascending=[False, False, True], kind="stable")
    campaign_column = f"{question_id}__campaign"
    campaign = (table["respondent_id"].map(answers[campaign_column]).fillna("").astype(str)
                if campaign_column in answers else pd.Series("", index=table.index))
    unit = campaign.where(campaign != "", "respondent:" + table["respondent_id"])
    grouped = table.groupby(unit, sort=False)["respondent_id"]
    table = table.assign(respondents=grouped.transform("size"), members=unit.map(grouped.agg(tuple)))
    table = table[~unit.duplicated()]
    ordered = ["respondent_id", "answer", "respondents", "members"]
    return table[ordered + [c for c in table.columns if c not in ordered]].reset_index(drop=True)


def whole_response(cfg: Consultation, responses: pd.DataFrame, respondent_id: str) -> pd.DataFrame:
    """Every answer one respondent gave, in config order, redacted as quotes are: columns ``question``, ``answer``.

    ``question`` is the question's text; blank answers are left out. Raises ``KeyError`` for an
    unknown respondent.
    """
    row = responses.set_index(responses["respondent_id"].astype(str)).loc[str(respondent_id)]
    shown = [(q.label, redact_text(str(row[q.id]))) for q in cfg.questions
             if q.id in row.index and pd.notna(row[q.id]) and str(row[q.id]).strip()]
    return pd.DataFrame(shown, columns=["question", "answer"])


def review_progress(themes: pd.DataFrame, question_id: str) -> tuple[int, int]:
    """``(themes signed off, themes)`` of one question."""
    rows = themes[themes["question_id"] == question_id]
    reviewed = rows["reviewed"].fillna(False).astype(bool).sum() if "reviewed" in rows else 0
    return int(reviewed), len(rows)


def themes_across(cfg: Consultation, themes: pd.DataFrame) -> pd.DataFrame:
    """Every free-text question's themes in one table (columns :data:`ACROSS_COLUMNS`), in config order.

    ``question`` is the question's text; ``reviewed`` is False where no decision signed it off.
    """
    order = {q.id: i for i, q in enumerate(cfg.questions)}
    rows = themes[themes["question_id"].isin(order)].copy()
    rows["question"] = [cfg.question(q).label for q in rows["question_id"]]
    rows["reviewed"] = rows["reviewed"].fillna(False).astype(bool) if "reviewed" in rows else False
    rows = rows.sort_values("question_id", key=lambda q: q.map(order), kind="stable")
    return rows[ACROSS_COLUMNS].reset_index(drop=True)
