"""One free-text question themed: its answers as units (a campaign once), the model for it,
and its rows of themes.csv and theme_assignments.csv, returned as :class:`QuestionThemes`.

The themes stage (:mod:`consult.themes.stage`) runs :func:`theme_question` for each question;
:mod:`consult.themes.carry` wraps it when last cycle's reviewed themes are carried.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from consult.core.config import Consultation, Question
from consult.core.errors import InputError
from consult.core.files import join_terms
from consult.themes.names import NOTHING
from consult.themes.names import OTHER as OTHER  # read from here by the review and the report

if TYPE_CHECKING:  # the model loads scikit-learn, which the review's and report's users of this module never need
    from consult.themes.model import ThemeModel


REVIEW = "review"
"""The ``source`` of a theme or assignment a person decided (the model's are ``model`` or ``codebook``)."""
QUOTE_COLUMNS = [f"quote_{i}" for i in range(1, 6)]


def quote_columns(quotes: pd.Series) -> dict[str, pd.Series]:
    """``quote_1`` … ``quote_5`` from a series of quote lists ("" where a theme has fewer)."""
    return {column: quotes.map(lambda q, i=i: q[i] if i < len(q) else "") for i, column in enumerate(QUOTE_COLUMNS)}


THEME_COLUMNS = ["question_id", "theme_id", "label", "top_terms", "n", "base", "pct", "sentiment", "source",
                 *QUOTE_COLUMNS, "n_respondents", "base_respondents"]
"""The model's rows of themes.csv (the stage adds ``parent_theme_id``; the review ``reviewed`` and ``note``)."""
ASSIGNMENT_COLUMNS = ["respondent_id", "question_id", "theme_id", "weight", "primary", "source"]
CHECK_COLUMNS = ["question_id", "check", "passed", "detail"]


@dataclass(frozen=True)
class QuestionThemes:
    """One question's themes: its rows of themes.csv (``themes``; ``subthemes`` for the second
    level, with ``parent_theme_id``) and of theme_assignments.csv (``assignments``), the theme-set
    ``checks``, and its ``coverage`` row (answers, non-answers, blanks, campaign groups, texts
    themed, themes, and ``carried`` when last cycle's themes were carried)."""

    themes: pd.DataFrame
    assignments: pd.DataFrame
    subthemes: pd.DataFrame
    checks: pd.DataFrame
    coverage: dict[str, object]


def background_words(cfg: Consultation, question: Question) -> list[str]:
    """Words every answer to ``question`` tends to repeat, so they make no theme: the config's
    ``themes.stop_words``, the words of the question (its column and text, and those of the
    closed question it explains) and of ``cfg.document`` ("the Strategy").

    ``cfg.organisation`` is left in: on the example, removing "County Council" lowered the theme
    F1 of q3a from 42.7 to 38.4, as the council's own role is one of the themes people raise.
    """
    asked = [question] + ([cfg.question(question.explains)] if question.explains else [])
    return [*cfg.themes.stop_words, cfg.document, *(part for q in asked for part in (q.column, q.text or ""))]


def model_for(cfg: Consultation, question_id: str, taken: Sequence[str] = ()) -> ThemeModel:
    """An unfitted :class:`ThemeModel` with the config's ``themes`` settings for one question,
    its :func:`background_words` as stop words, naming its themes apart from the labels ``taken``."""
    from consult.themes.model import ThemeModel

    settings = cfg.themes
    return ThemeModel(
        n_themes=None if settings.n_themes == "auto" else settings.n_themes,
        min_themes=settings.min_themes, max_themes=settings.max_themes, engine=settings.engine,
        random_state=settings.random_state, stop_words=tuple(background_words(cfg, cfg.question(question_id))),
        codebook=tuple(t for t in settings.codebook if not t.questions or question_id in t.questions),
        taken_labels=tuple(taken),
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


def unit_labels(responses: pd.DataFrame, question: Question, source: str = "responses.csv") -> pd.Series:
    """Each answered row's unit (indexed as in ``responses``): ``campaign C3`` for a campaign's
    members, so a campaign counts once, else ``row <index>``.

    Raises :class:`consult.core.errors.InputError` naming ``source`` when a column is missing.
    """
    status, campaign = _columns(responses, question, source)
    mine = campaign[status == "answer"]
    return pd.Series(np.where(mine != "", "campaign " + mine, "row " + mine.index.astype(str)), index=mine.index)


def theme_units(responses: pd.DataFrame, question: Question, source: str = "responses.csv"
                ) -> tuple[pd.DataFrame, np.ndarray, list[str]]:
    """The answers to theme: the answered rows, each row's unit index, and one text per unit
    (:func:`unit_labels`; a campaign's text is its first member's).

    Raises :class:`consult.core.errors.InputError` naming ``source`` when a column is missing.
    """
    labels = unit_labels(responses, question, source)
    answered = responses.loc[labels.index]
    unit_of = labels.to_numpy()
    units = pd.unique(unit_of)
    rows = pd.Index(units).get_indexer(unit_of).astype(int)
    first = answered.index[np.unique(rows, return_index=True)[1]]  # each unit's first row, in unit order
    return answered, rows, [str(text) for text in responses.loc[first, question.id]]


def theme_question(cfg: Consultation, responses: pd.DataFrame, question: Question, source: str,
                   taken: Sequence[str] = ()) -> QuestionThemes:
    """Theme one question (the breakdown is built by the stage from the reviewed assignments),
    naming its themes apart from the labels ``taken`` (themes carried from last cycle).

    Answers that say there is nothing to improve or add (:func:`consult.themes.nothing.says_nothing`)
    are not themed: they make the ``nothing`` row, after the themes and before ``other``, and count
    in every row's base."""
    from consult.themes.nothing import nothing_label, says_nothing

    status, campaign = _columns(responses, question, source)
    answered, rows, texts = theme_units(responses, question, source)
    quiet = np.fromiter(map(says_nothing, texts), bool, count=len(texts))
    said = np.flatnonzero(~quiet)
    model = model_for(cfg, question.id, taken).fit([texts[i] for i in said])
    k, units = model.n_themes_, len(texts)
    table = model.themes_
    if quiet.any():
        row = {"theme": -2, "theme_id": NOTHING, "label": nothing_label(question.text or question.column),
               "top_terms": [], "n": int(quiet.sum()), "source": "rule", "quotes": []}
        table = pd.concat([table.iloc[:k], pd.DataFrame([row]), table.iloc[k:]], ignore_index=True)
    ids = table["theme_id"].tolist()
    member = np.zeros((units, len(ids)), bool)  # columns: themes, then nothing (when any), then other
    member[said, :k], member[said, -1] = model.memberships_, model.labels_ == -1
    member[quiet, k] = True
    primary = np.full(units, len(ids) - 1)
    primary[said] = np.where(model.labels_ == -1, len(ids) - 1, model.labels_)
    primary[quiet] = k
    weights = np.zeros((units, len(ids)))
    weights[said, :k], weights[quiet, k] = model.weights_, 1.0
    sizes = np.bincount(rows, minlength=units) if units else np.zeros(0, int)
    model.subthemes_["members"] = [said[m] for m in model.subthemes_["members"]]  # the model's texts → units

    themes = table.assign(question_id=question.id, top_terms=table["top_terms"].map(join_terms))
    themes["n_respondents"] = [int(sizes[member[:, j]].sum()) for j in range(member.shape[1])]
    themes["base"], themes["base_respondents"] = units, len(answered)
    themes["pct"] = 100.0 * themes["n"] / units if units else np.nan
    themes["sentiment"] = themes["sentiment"].round(4)
    themes = themes.assign(**quote_columns(themes["quotes"]))[THEME_COLUMNS]

    r, j = np.nonzero(member[rows])
    assignments = pd.DataFrame({
        "respondent_id": answered["respondent_id"].to_numpy()[r], "question_id": question.id,
        "theme_id": np.array(ids)[j], "weight": weights[rows[r], j].round(4), "primary": j == primary[rows[r]],
        "source": table["source"].to_numpy()[j],
    })

    coverage = {
        "question_id": question.id, "answers": len(answered), "non_answers": int((status == "non_answer").sum()),
        "blank": int((status == "blank").sum()), "campaign_groups": int(campaign[answered.index].replace("", np.nan).nunique()),
        "nothing_to_add": int(quiet.sum()), "texts_themed": len(said), "themes": k, "too_few_to_theme": model.too_few_,
    }
    return QuestionThemes(themes, assignments, subtheme_rows(question, model, themes, sizes, len(answered)),
                          model.checks_.assign(question_id=question.id)[CHECK_COLUMNS],
                          coverage)


def subtheme_rows(question: Question, model: ThemeModel, themes: pd.DataFrame, sizes: np.ndarray,
                  n_answered: int) -> pd.DataFrame:
    """Rows of themes.csv for the sub-themes of ``model`` (:attr:`ThemeModel.subthemes_`), with
    ``parent_theme_id`` naming their theme in ``themes`` (this question's rows); empty when none.
    ``sizes`` are the respondents per themed text and ``n_answered`` the respondents who answered."""
    subs = model.subthemes_
    if subs.empty:
        return pd.DataFrame(columns=[*themes.columns, "parent_theme_id"])
    parents = themes["theme_id"].to_numpy()[subs["parent"].to_numpy()]
    return pd.DataFrame({
        "question_id": question.id, "theme_id": [f"{p}.{t.split('.')[1]}" for p, t in zip(parents, subs["theme_id"])],
        "label": subs["label"], "top_terms": subs["top_terms"].map(join_terms), "n": subs["n"], "base": len(sizes),
        "pct": 100.0 * subs["n"] / len(sizes), "sentiment": np.nan, "source": "model", **quote_columns(subs["quotes"]),
        "n_respondents": [int(sizes[m].sum()) for m in subs["members"]], "base_respondents": n_answered,
        "parent_theme_id": parents,
    })
