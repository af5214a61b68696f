"""Stage 3: theme every free-text question of a consultation and write the theme tables.

Reads ``responses.csv`` and writes ``themes.csv``, ``theme_assignments.csv`` and
``theme_breakdown.csv`` (docs/files.md). Only answers whose ``<id>__status`` is ``answer`` are
themed; non-answers and blanks are counted in :attr:`ThemesResult.coverage`. A campaign (one
``<id>__campaign`` group) is themed once, counted once in ``n`` and ``base``, and every member
gets its themes in ``theme_assignments.csv``; ``n_respondents`` counts every member.

With ``themes.previous`` set, each question is themed by :func:`consult.cycles.theme_question`
(last cycle's reviewed themes carried first). The reviewer's saved decisions
(``consultations/<id>.review.yaml``) are re-applied on every run before the tables are written
(:func:`consult.review.apply_saved`, which also keeps the model's own tables in ``*_model.csv``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from threadpoolctl import threadpool_limits

from consult import review, side_by_side
from consult.config import Consultation, Question
from consult.errors import InputError
from consult.files import copy_file, join_terms, read_csv, write_csv
from consult.themes import ThemeModel

QUOTE_COLUMNS = [f"quote_{i}" for i in range(1, 6)]


def quote_columns(quotes: pd.Series) -> dict[str, pd.Series]:
    """``quote_1`` … ``quote_5`` from a series of quote lists ("" where a theme has fewer)."""
    return {column: quotes.map(lambda q, i=i: q[i] if i < len(q) else "") for i, column in enumerate(QUOTE_COLUMNS)}


@dataclass
class ThemesResult:
    """What stage 3 wrote, and what the notebook shows.

    ``themes``, ``assignments`` and ``breakdown`` are the three CSVs (after the review's
    decisions); ``coverage`` has one row per question (answers, non-answers, blanks, campaign
    groups, texts themed); ``checks`` the theme-set checks per question; ``outcome`` the result of
    re-applying the saved decisions (its ``stale`` and ``log``).
    """

    themes: pd.DataFrame
    assignments: pd.DataFrame
    breakdown: pd.DataFrame
    coverage: pd.DataFrame
    checks: pd.DataFrame
    outcome: review.ReviewOutcome


def background_words(cfg: Consultation, question: Question) -> list[str]:
    """Words every answer to ``question`` tends to repeat, so they make no theme: the config's
    ``themes.stop_words``, the words of the question (its column and text, and those of the
    closed question it explains) and of ``cfg.document`` ("the Strategy").

    ``cfg.organisation`` is left in: on the example, removing "County Council" lowered the theme
    F1 of q3a from 42.7 to 38.4, as the council's own role is one of the themes people raise.
    """
    asked = [question] + ([cfg.question(question.explains)] if question.explains else [])
    return [*cfg.themes.stop_words, cfg.document, *(part for q in asked for part in (q.column, q.text or ""))]


def model_for(cfg: Consultation, question_id: str) -> ThemeModel:
    """An unfitted :class:`ThemeModel` with the config's ``themes`` settings for one question,
    its :func:`background_words` as stop words."""
    settings = cfg.themes
    return ThemeModel(
        n_themes=None if settings.n_themes == "auto" else settings.n_themes,
        min_themes=settings.min_themes, max_themes=settings.max_themes, engine=settings.engine,
        random_state=settings.random_state, stop_words=tuple(background_words(cfg, cfg.question(question_id))),
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


def unit_labels(responses: pd.DataFrame, question: Question, source: str = "responses.csv") -> pd.Series:
    """Each answered row's unit (indexed as in ``responses``): ``campaign C3`` for a campaign's
    members, so a campaign counts once, else ``row <index>``.

    Raises :class:`consult.errors.InputError` naming ``source`` when a column is missing.
    """
    status, campaign = _columns(responses, question, source)
    mine = campaign[status == "answer"]
    return pd.Series(np.where(mine != "", "campaign " + mine, "row " + mine.index.astype(str)), index=mine.index)


def theme_units(responses: pd.DataFrame, question: Question, source: str = "responses.csv"
                ) -> tuple[pd.DataFrame, np.ndarray, list[str]]:
    """The answers to theme: the answered rows, each row's unit index, and one text per unit
    (:func:`unit_labels`; a campaign's text is its first member's).

    Raises :class:`consult.errors.InputError` naming ``source`` when a column is missing.
    """
    labels = unit_labels(responses, question, source)
    answered = responses.loc[labels.index]
    unit_of = labels.to_numpy()
    units = pd.unique(unit_of)
    rows = pd.Index(units).get_indexer(unit_of).astype(int)
    first = answered.index[np.unique(rows, return_index=True)[1]]  # each unit's first row, in unit order
    return answered, rows, [str(text) for text in responses.loc[first, question.id]]


def theme_question(cfg: Consultation, responses: pd.DataFrame, question: Question, source: str) -> dict[str, object]:
    """Theme one question; returns its rows of themes.csv (``themes``, and ``subthemes`` for the second
    level) and theme_assignments.csv, its coverage row and checks (the breakdown is built by
    :func:`run` from the reviewed assignments)."""
    status, campaign = _columns(responses, question, source)
    answered, rows, texts = theme_units(responses, question, source)
    model = model_for(cfg, question.id).fit(texts)
    ids = model.themes_["theme_id"].tolist()
    member = np.hstack([model.memberships_, (model.labels_ == -1)[:, None]])  # columns: themes, then other
    sizes = np.bincount(rows, minlength=len(texts)) if len(texts) else np.zeros(0, int)

    themes = model.themes_.assign(question_id=question.id, top_terms=model.themes_["top_terms"].map(join_terms))
    themes["n_respondents"] = [int(sizes[member[:, j]].sum()) for j in range(member.shape[1])]
    themes["base"], themes["base_respondents"] = len(texts), len(answered)
    themes["pct"] = 100.0 * themes["n"] / len(texts) if len(texts) else np.nan
    themes["sentiment"] = themes["sentiment"].round(4)
    themes = themes.assign(**quote_columns(themes["quotes"]))[[
        "question_id", "theme_id", "label", "top_terms", "n", "base", "pct", "sentiment", "source", *QUOTE_COLUMNS,
        "n_respondents", "base_respondents"]]

    sources = model.themes_["source"].tolist()
    r, j = np.nonzero(member[rows])
    weights = np.hstack([model.weights_, np.zeros((len(texts), 1))])
    assignments = pd.DataFrame({
        "respondent_id": answered["respondent_id"].to_numpy()[r], "question_id": question.id,
        "theme_id": np.array(ids)[j], "weight": weights[rows[r], j].round(4),
        "primary": np.where(model.labels_[rows[r]] == -1, j == len(ids) - 1, j == model.labels_[rows[r]]),
        "source": np.array(sources)[j],
    })

    coverage = {
        "question_id": question.id, "answers": len(answered), "non_answers": int((status == "non_answer").sum()),
        "blank": int((status == "blank").sum()), "campaign_groups": int(campaign[answered.index].replace("", np.nan).nunique()),
        "texts_themed": len(texts), "themes": model.n_themes_, "too_few_to_theme": model.too_few_,
    }
    return {"themes": themes, "assignments": assignments, "coverage": coverage,
            "subthemes": subtheme_rows(question, model, themes, sizes, len(answered)),
            "checks": model.checks_.assign(question_id=question.id)[["question_id", "check", "passed", "detail"]]}


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


def _with_subthemes(themes: pd.DataFrame, subs: list[pd.DataFrame]) -> pd.DataFrame:
    """``themes`` with an empty ``parent_theme_id`` and each sub-theme row just after its (still present) parent."""
    themes = themes.assign(parent_theme_id="")
    present = set(zip(themes["question_id"], themes["theme_id"]))
    subs = [s[[(q, p) in present for q, p in zip(s["question_id"], s["parent_theme_id"])]] for s in subs if not s.empty]
    if not subs:
        return themes
    table = pd.concat([themes, *subs], ignore_index=True)
    key = table["parent_theme_id"].where(table["parent_theme_id"] != "", table["theme_id"])
    first = {k: i for i, k in reversed(list(enumerate(zip(themes["question_id"], themes["theme_id"]))))}
    order = [first[(q, k)] for q, k in zip(table["question_id"], key)]
    return table.assign(_o=order).sort_values("_o", kind="stable").drop(columns="_o").reset_index(drop=True)


def _of_questions(column: str, question_ids: set[str]) -> bool:
    """Whether ``column`` of responses.csv is one of these questions' answers or ``<id>__*`` columns."""
    return column.split("__")[0] in question_ids


def columns_read(cfg: Consultation) -> Callable[[str], bool]:
    """Which columns of responses.csv the stage reads: ``respondent_id``, the groups, the closed
    questions the free text explains, and each free-text question's answer and ``<id>__*`` columns."""
    free = {q.id for q in cfg.questions_of("free_text")}
    wanted = {"respondent_id", *cfg.groups, *(q.explains for q in cfg.questions_of("free_text") if q.explains)}
    return lambda column: column in wanted or _of_questions(column, free)


PARALLEL_BYTES_PER_ANSWER = 10_000
"""Free memory needed per answer to theme the questions side by side: the benchmark's million
respondents (1.02 million answers, two questions) peaked at 7.6 GiB with each question in a
process of its own (8 KB an answer, taken with a quarter to spare) and 4.6 GiB one after
another, which is how they run on a machine with less free memory."""


def theme_questions(per_question: Callable[..., dict[str, object]], cfg: Consultation, responses: pd.DataFrame,
                    questions: list[Question], source: str) -> list[dict[str, object]]:
    """``per_question(cfg, responses, question, source)`` for each question, in order.

    From :data:`consult.side_by_side.FROM` answers in all, the questions run side by side where the
    cores and the free memory (:data:`PARALLEL_BYTES_PER_ANSWER`) allow (:mod:`consult.side_by_side`),
    each given only its own columns; BLAS threads are shared out so that the processes do not
    oversubscribe the cores.
    """
    answers = [int((responses.get(f"{q.id}__status", pd.Series(dtype=str)) == "answer").sum()) for q in questions]
    with side_by_side.pool(len(questions), sum(answers), PARALLEL_BYTES_PER_ANSWER, __name__) as executor:
        threads = max(1, side_by_side.cores() // len(questions)) if executor else side_by_side.cores()
        jobs = [(threads, per_question, cfg, _own_columns(responses, q) if executor else responses, q, source)
                for q in questions]
        return side_by_side.each(_limited, jobs, answers, executor)


def _own_columns(responses: pd.DataFrame, question: Question) -> pd.DataFrame:
    """The columns theming ``question`` reads: ``respondent_id``, its answer and its ``<id>__*`` columns."""
    return responses[[c for c in responses.columns if c == "respondent_id" or _of_questions(c, {question.id})]]


def _limited(threads: int, function: Callable[..., dict[str, object]], *args: object) -> dict[str, object]:
    """``function(*args)`` with BLAS and OpenMP limited to ``threads`` threads (in this process or a worker)."""
    with threadpool_limits(threads):
        return function(*args)


def run(cfg: Consultation) -> ThemesResult:
    """Theme every free-text question, re-apply the saved review, and write themes.csv,
    theme_assignments.csv and theme_breakdown.csv (plus the model's own ``*_model.csv``).

    Raises :class:`consult.errors.InputError` when responses.csv is missing (run stage 1) or
    lacks a question's columns, :class:`consult.review.ReviewError` for a bad decisions file,
    and :class:`consult.errors.ConfigError` when ``themes.previous`` names no usable config.
    Earlier outputs stay intact when it fails (atomic writes).
    """
    from consult import cycles, review_tables  # both import this module

    source = cfg.processed_dir / "responses.csv"
    responses = read_csv(source, dtype=str, usecols=columns_read(cfg))
    per_question = cycles.theme_question if cfg.themes.previous else theme_question
    parts = theme_questions(per_question, cfg, responses, cfg.questions_of("free_text"), str(source))
    frames = {key: pd.concat([p[key] for p in parts], ignore_index=True) if parts else pd.DataFrame()
              for key in ("themes", "assignments", "checks")}
    model_assignments = frames["assignments"]
    outcome = review.apply_saved(cfg, frames["themes"], model_assignments, responses)
    subs = [] if cfg.themes.previous else [p["subthemes"] for p in parts]  # carried cycles renumber themes: no second level
    frames["themes"], frames["assignments"] = _with_subthemes(outcome.themes, subs), outcome.assignments
    frames["breakdown"] = review_tables.breakdown(cfg, responses, outcome.assignments, outcome.themes)
    write_csv(frames["themes"], cfg.processed_dir / "themes.csv")
    if outcome.assignments.equals(model_assignments):  # no decision moved an answer: the model's file as it is
        copy_file(review.model_paths(cfg)[1], cfg.processed_dir / "theme_assignments.csv")
    else:
        write_csv(frames["assignments"], cfg.processed_dir / "theme_assignments.csv")
    write_csv(frames["breakdown"], cfg.processed_dir / "theme_breakdown.csv")
    return ThemesResult(frames["themes"], frames["assignments"], frames["breakdown"],
                        pd.DataFrame([p["coverage"] for p in parts]), frames["checks"], outcome)
