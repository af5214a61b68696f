"""Stage 3: theme every free-text question of a consultation and write the theme tables.

Reads ``responses.csv`` and writes ``themes.csv``, ``theme_assignments.csv`` and
``theme_breakdown.csv`` (docs/files.md). Only answers whose ``<id>__status`` is ``answer`` are
themed; non-answers and blanks are counted in :attr:`ThemesResult.coverage`. A campaign (one
``<id>__campaign`` group) is themed once, counted once in ``n`` and ``base``, and every member
gets its themes in ``theme_assignments.csv``; ``n_respondents`` counts every member.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from consult.config import Consultation, Question
from consult.errors import InputError
from consult.files import read_csv, write_csv
from consult.themes import ThemeModel

QUOTE_COLUMNS = [f"quote_{i}" for i in range(1, 6)]


@dataclass
class ThemesResult:
    """What stage 3 wrote, and what the notebook shows.

    ``themes``, ``assignments`` and ``breakdown`` are the three CSVs; ``coverage`` has one row
    per question (answers, non-answers, blanks, campaign groups, texts themed); ``checks`` the
    theme-set checks per question; ``models`` the fitted :class:`ThemeModel` per question id.
    """

    themes: pd.DataFrame
    assignments: pd.DataFrame
    breakdown: pd.DataFrame
    coverage: pd.DataFrame
    checks: pd.DataFrame
    models: dict[str, ThemeModel] = field(default_factory=dict)


def model_for(cfg: Consultation, question_id: str) -> ThemeModel:
    """An unfitted :class:`ThemeModel` with the config's ``themes`` settings for one question."""
    settings = cfg.themes
    return ThemeModel(
        n_themes=None if settings.n_themes == "auto" else settings.n_themes,
        min_themes=settings.min_themes, max_themes=settings.max_themes, engine=settings.engine,
        random_state=settings.random_state, stop_words=tuple(settings.stop_words),
        codebook=tuple(t for t in settings.codebook if not t.questions or question_id in t.questions),
        n_quotes=settings.quotes, cache_dir=cfg.project_root / ".cache" / "embeddings",
    )


def positions(cfg: Consultation, closed: Question, answers: pd.Series) -> pd.Series:
    """Each closed answer as a position: the scale's positive/negative net name without "(net)"
    ("agree", "disagree"), "neutral", the non-substantive option in lower case, or "not answered"."""
    scale = closed.get_scale(cfg.cleaning.synonyms)
    side = {o: scale.positive_net.removesuffix(" (net)") for o in scale.positive}
    side.update({o: "neutral" for o in scale.neutral})
    side.update({o: scale.negative_net.removesuffix(" (net)") for o in scale.negative})
    side.update({o: o.lower() for o in scale.non_substantive})
    return answers.fillna("").map(lambda a: side.get(a, "not answered" if a == "" else a))


def _columns(responses: pd.DataFrame, question: Question, source: str) -> tuple[pd.Series, pd.Series]:
    status_col, campaign_col = f"{question.id}__status", f"{question.id}__campaign"
    for column in (question.id, status_col):
        if column not in responses.columns:
            raise InputError(f"{source}: column {column!r} is missing; rerun stage 1 (notebooks/01_clean.ipynb).")
    campaign = responses[campaign_col] if campaign_col in responses.columns else pd.Series("", index=responses.index)
    return responses[status_col].fillna(""), campaign.fillna("")


def theme_units(responses: pd.DataFrame, question: Question, source: str = "responses.csv"
                ) -> tuple[pd.DataFrame, np.ndarray, list[str]]:
    """The answers to theme: the answered rows, each row's unit index, and one text per unit.

    A unit is one answer, or one campaign (its first member's text), so a campaign counts once.
    Raises :class:`consult.errors.InputError` naming ``source`` when a column is missing.
    """
    status, campaign = _columns(responses, question, source)
    answered = responses[status == "answer"]
    unit_of = np.where(campaign[answered.index] != "", "campaign " + campaign[answered.index],
                       "row " + pd.Series(answered.index, index=answered.index).astype(str))
    units = pd.unique(unit_of)
    first = pd.Series(answered.index, index=unit_of).groupby(level=0, sort=False).first()
    position = {u: i for i, u in enumerate(units)}
    rows = np.array([position[u] for u in unit_of], dtype=int)
    return answered, rows, [str(responses.at[first[u], question.id]) for u in units]


def theme_question(cfg: Consultation, responses: pd.DataFrame, question: Question, source: str) -> dict[str, object]:
    """Theme one question; returns its rows for each output table, its coverage row, checks and model."""
    status, campaign = _columns(responses, question, source)
    answered, rows, texts = theme_units(responses, question, source)
    model = model_for(cfg, question.id).fit(texts)
    ids = model.themes_["theme_id"].tolist()
    member = np.hstack([model.memberships_, (model.labels_ == -1)[:, None]])  # columns: themes, then other
    sizes = np.bincount(rows, minlength=len(texts)) if len(texts) else np.zeros(0, int)

    themes = model.themes_.assign(question_id=question.id, top_terms=model.themes_["top_terms"].map("; ".join))
    themes["n_respondents"] = [int(sizes[member[:, j]].sum()) for j in range(member.shape[1])]
    themes["base"], themes["base_respondents"] = len(texts), len(answered)
    themes["pct"] = 100.0 * themes["n"] / len(texts) if len(texts) else np.nan
    themes["sentiment"] = themes["sentiment"].round(4)
    for i, column in enumerate(QUOTE_COLUMNS):
        themes[column] = themes["quotes"].map(lambda q, i=i: q[i] if i < len(q) else "")
    themes = themes[["question_id", "theme_id", "label", "top_terms", "n", "base", "pct", "sentiment", "source",
                     *QUOTE_COLUMNS, "n_respondents", "base_respondents"]]

    sources = model.themes_["source"].tolist()
    r, j = np.nonzero(member[rows])
    weights = np.hstack([model.weights_, np.zeros((len(texts), 1))])
    assignments = pd.DataFrame({
        "respondent_id": answered["respondent_id"].to_numpy()[r], "question_id": question.id,
        "theme_id": np.array(ids)[j], "weight": weights[rows[r], j].round(4),
        "primary": np.where(model.labels_[rows[r]] == -1, j == len(ids) - 1, j == model.labels_[rows[r]]),
        "source": np.array(sources)[j],
    })

    splits = [(g, responses.loc[answered.index, g].fillna("")) for g in cfg.groups]
    if question.explains:
        splits.append((question.explains, positions(cfg, cfg.question(question.explains), responses.loc[answered.index, question.explains])))
    breakdown = []
    for split_by, values in splits:
        for value in sorted(values.unique()):
            cell = np.unique(rows[(values == value).to_numpy()])
            for t, theme_id in enumerate(ids):
                n = int(member[cell, t].sum())
                breakdown.append((question.id, theme_id, split_by, value, n, len(cell), 100.0 * n / len(cell)))
    coverage = {
        "question_id": question.id, "answers": len(answered), "non_answers": int((status == "non_answer").sum()),
        "blank": int((status == "blank").sum()), "campaign_groups": int(campaign[answered.index].replace("", np.nan).nunique()),
        "texts_themed": len(texts), "themes": model.n_themes_, "too_few_to_theme": model.too_few_,
    }
    return {"themes": themes, "assignments": assignments, "coverage": coverage, "model": model,
            "breakdown": pd.DataFrame(breakdown, columns=["question_id", "theme_id", "split_by", "split", "n", "base", "pct"]),
            "checks": model.checks_.assign(question_id=question.id)[["question_id", "check", "passed", "detail"]]}


def run(cfg: Consultation) -> ThemesResult:
    """Theme every free-text question; write themes.csv, theme_assignments.csv, theme_breakdown.csv.

    Raises :class:`consult.errors.InputError` when responses.csv is missing (run stage 1) or
    lacks a question's columns. Earlier outputs stay intact when it fails (atomic writes).
    """
    source = cfg.processed_dir / "responses.csv"
    responses = read_csv(source, dtype=str)
    parts = [theme_question(cfg, responses, q, str(source)) for q in cfg.questions_of("free_text")]
    frames = {key: pd.concat([p[key] for p in parts], ignore_index=True) if parts else pd.DataFrame()
              for key in ("themes", "assignments", "breakdown", "checks")}
    write_csv(frames["themes"], cfg.processed_dir / "themes.csv")
    write_csv(frames["assignments"], cfg.processed_dir / "theme_assignments.csv")
    write_csv(frames["breakdown"], cfg.processed_dir / "theme_breakdown.csv")
    return ThemesResult(frames["themes"], frames["assignments"], frames["breakdown"],
                        pd.DataFrame([p["coverage"] for p in parts]), frames["checks"],
                        {p["coverage"]["question_id"]: p["model"] for p in parts})

