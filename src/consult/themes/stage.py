"""Stage 3: theme every free-text question of a consultation and write the theme tables.

Reads ``responses.csv`` and writes ``themes.csv``, ``theme_assignments.csv`` and
``theme_breakdown.csv`` (docs/files.md). Only answers whose ``<id>__status`` is ``answer`` are
themed; non-answers and blanks are counted in :attr:`ThemesResult.coverage`. A campaign (one
``<id>__campaign`` group) is themed once, counted once in ``n`` and ``base``, and every member
gets its themes in ``theme_assignments.csv``; ``n_respondents`` counts every member.

With ``themes.previous`` set, each question is themed by :func:`consult.themes.carry.theme_question`
(last cycle's reviewed themes carried first). The reviewer's saved decisions
(``consultations/<id>.review.yaml``) are re-applied on every run before the tables are written
(:func:`consult.review.decisions.apply_saved`, which also keeps the model's own tables in ``*_model.csv``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
from threadpoolctl import threadpool_limits

from consult.core import side_by_side
from consult.core.config import Consultation, Question
from consult.core.files import copy_file, read_csv, write_csv
from consult.review import decisions as review  # a later stage, by design: every run re-applies the saved review
from consult.themes import carry
from consult.themes.breakdown import breakdown
from consult.themes.question import ASSIGNMENT_COLUMNS, CHECK_COLUMNS, THEME_COLUMNS, QuestionThemes, theme_question


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


PARALLEL_BYTES_PER_ANSWER = 12_000
"""Free memory needed per answer to theme the questions side by side: the benchmark's million
respondents (1.02 million answers, two questions) peaked at 7.8 GiB with each question in a
process of its own and the WordLlama engine (8.1 KB an answer, taken with a half to spare;
9.1 GiB before the similarities kept the vectors' float32), and less one after another, which is how they run on a machine
with less free memory."""


def theme_questions(per_question: Callable[..., QuestionThemes], cfg: Consultation, responses: pd.DataFrame,
                    questions: list[Question], source: str) -> list[QuestionThemes]:
    """``per_question(cfg, responses, question, source)`` for each question, in order.

    From :data:`consult.core.side_by_side.FROM` answers in all, the questions run side by side where the
    cores and the free memory (:data:`PARALLEL_BYTES_PER_ANSWER`) allow (:mod:`consult.core.side_by_side`),
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


def _limited(threads: int, function: Callable[..., QuestionThemes], *args: object) -> QuestionThemes:
    """``function(*args)`` with BLAS and OpenMP limited to ``threads`` threads (in this process or a worker)."""
    with threadpool_limits(threads):
        return function(*args)


def run(cfg: Consultation) -> ThemesResult:
    """Theme every free-text question, re-apply the saved review, and write themes.csv,
    theme_assignments.csv and theme_breakdown.csv (plus the model's own ``*_model.csv``).

    Raises :class:`consult.core.errors.InputError` when responses.csv is missing (run stage 1) or
    lacks a question's columns, :class:`consult.review.decisions.ReviewError` for a bad decisions file,
    and :class:`consult.core.errors.ConfigError` when ``themes.previous`` names no usable config.
    Earlier outputs stay intact when it fails (atomic writes).
    """
    source = cfg.processed_dir / "responses.csv"
    responses = read_csv(source, dtype=str, usecols=columns_read(cfg))
    per_question = carry.theme_question if cfg.themes.previous else theme_question
    parts = theme_questions(per_question, cfg, responses, cfg.questions_of("free_text"), str(source))
    empty = {"themes": THEME_COLUMNS, "assignments": ASSIGNMENT_COLUMNS, "checks": CHECK_COLUMNS}  # no free text
    frames = {key: pd.concat([getattr(p, key) for p in parts], ignore_index=True) if parts else pd.DataFrame(columns=columns)
              for key, columns in empty.items()}
    model_assignments = frames["assignments"]
    outcome = review.apply_saved(cfg, frames["themes"], model_assignments, responses)
    subs = [] if cfg.themes.previous else [p.subthemes for p in parts]  # carried cycles renumber themes: no second level
    frames["themes"], frames["assignments"] = _with_subthemes(outcome.themes, subs), outcome.assignments
    frames["breakdown"] = breakdown(cfg, responses, outcome.assignments, outcome.themes)
    write_csv(frames["themes"], cfg.processed_dir / "themes.csv")
    if outcome.assignments.equals(model_assignments):  # no decision moved an answer: the model's file as it is
        copy_file(review.model_paths(cfg)[1], cfg.processed_dir / "theme_assignments.csv")
    else:
        write_csv(frames["assignments"], cfg.processed_dir / "theme_assignments.csv")
    write_csv(frames["breakdown"], cfg.processed_dir / "theme_breakdown.csv")
    return ThemesResult(frames["themes"], frames["assignments"], frames["breakdown"],
                        pd.DataFrame([p.coverage for p in parts]), frames["checks"], outcome)
