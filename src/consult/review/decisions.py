"""Theme review: the reviewer's decisions, re-applied to the themes on every run.

A reviewer renames, merges, splits and drops themes, moves single responses between themes,
signs themes off, writes notes and records the organisation's response to a theme ("You said,
we did"), in notebooks/review_themes.ipynb or by hand in the YAML.
Each decision is kept in ``consultations/<id>.review.yaml`` (:mod:`consult.review.file`) and
re-applied, by theme content not index, to whatever the themes stage computes next
(:mod:`consult.review.apply`), so a corrected export or a late response keeps the review.

The themes stage calls :func:`apply_saved` before writing its tables; the report stage calls
:func:`agreement_for` for "how many assignments a person reviewed, and how far the model agreed".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from consult.core.config import Consultation
from consult.core.files import is_true, read_csv, split_terms, write_csv
from consult.review.apply import Applier
from consult.review.file import Decision, DecisionsFile, ReviewError, ThemeRef, append, now, read, reviewer
from consult.themes.question import OTHER, REVIEW

__all__ = ["Decision", "Decisions", "ReviewError", "ReviewOutcome", "ThemeRef", "agreement_for", "apply",
           "apply_saved", "decide", "fingerprint", "label_sources", "load", "model_agreement", "model_paths",
           "other_themes", "record"]

MODEL_THEMES = "themes_model.csv"
MODEL_ASSIGNMENTS = "theme_assignments_model.csv"
AGREEMENT_COLUMNS = ["question_id", "responses_themed", "responses_reviewed", "assignments",
                     "assignments_review", "assignments_model", "precision", "recall", "f1"]


@dataclass(frozen=True)
class Decisions:
    """The decisions of one consultation, in the order they were made, and the file they live in."""

    path: Path
    file: DecisionsFile

    @property
    def items(self) -> tuple[Decision, ...]:
        return self.file.decisions

    def __len__(self) -> int:
        return len(self.file.decisions)


@dataclass(frozen=True)
class ReviewOutcome:
    """Themes and assignments after the decisions, and what became of each decision.

    ``themes`` and ``assignments`` follow docs/files.md (``source`` = ``review`` where a person
    decided); ``themes`` gains ``reviewed`` (signed off), ``note``, ``response`` and ``changed``
    (the organisation's response and whether the proposal changed). ``log`` has one row per
    decision (:data:`consult.review.apply.LOG_COLUMNS`): the theme it meant, the theme it
    matched now and how, and ``status`` (``applied``, ``partly applied`` or ``stale``) with a reason.
    """

    themes: pd.DataFrame
    assignments: pd.DataFrame
    log: pd.DataFrame

    @property
    def stale(self) -> pd.DataFrame:
        """The decisions that no longer (fully) apply, with the reason for each."""
        return self.log[self.log["status"] != "applied"].reset_index(drop=True)


def load(cfg: Consultation) -> Decisions:
    """The decisions in ``cfg.review_path``; none when the file does not exist.

    Raises :class:`ReviewError` naming the file and entry when the file is not valid.
    """
    return Decisions(cfg.review_path, read(cfg.review_path, cfg.id))


def apply(themes: pd.DataFrame, assignments: pd.DataFrame, decisions: Decisions,
          responses: pd.DataFrame) -> ReviewOutcome:
    """Re-apply ``decisions`` in order to the model's ``themes`` and ``assignments``.

    ``responses`` is responses.csv (for texts, campaigns and sentiment of changed themes). Inputs
    are not modified. With no decisions the frames come back unchanged (plus ``reviewed``, ``note``,
    ``response`` and ``changed``). Decisions that no longer apply are listed in :attr:`ReviewOutcome.stale`.
    """
    applier = Applier(themes, assignments, responses)
    for number, decision in enumerate(decisions.items, start=1):
        applier.apply(number, decision)
    return ReviewOutcome(*applier.finish())


def model_paths(cfg: Consultation) -> tuple[Path, Path]:
    """Where the themes stage keeps the model's own, unreviewed ``themes`` and ``assignments``."""
    return cfg.processed_dir / MODEL_THEMES, cfg.processed_dir / MODEL_ASSIGNMENTS


def apply_saved(cfg: Consultation, themes: pd.DataFrame, assignments: pd.DataFrame,
                responses: pd.DataFrame) -> ReviewOutcome:
    """What the themes stage calls before writing: keep the model's tables, apply the saved decisions.

    Writes ``themes_model.csv`` and ``theme_assignments_model.csv`` (the model's output, which
    the review notebook starts from and :func:`agreement_for` compares with), then returns
    :func:`apply` of :func:`load` ``(cfg)``. Raises :class:`ReviewError` for a bad decisions file.
    """
    themes_path, assignments_path = model_paths(cfg)
    write_csv(themes, themes_path)
    write_csv(assignments, assignments_path)
    return apply(themes, assignments, load(cfg), responses)


def fingerprint(themes: pd.DataFrame, assignments: pd.DataFrame, question_id: str, theme_id: str) -> ThemeRef:
    """The content of one theme as it is now, to name it in a decision.

    Raises :class:`ReviewError` when the question has no such theme.
    """
    row = themes[(themes["question_id"] == question_id) & (themes["theme_id"] == theme_id)]
    if row.empty:
        raise ReviewError(f"question {question_id!r} has no theme {theme_id!r} now; reload the themes")
    members = assignments.loc[(assignments["question_id"] == question_id)
                              & (assignments["theme_id"] == theme_id), "respondent_id"].astype(str)
    return ThemeRef.of(theme_id, str(row["label"].iloc[0]), split_terms(row["top_terms"].iloc[0]), members)


def decide(action: str, question_id: str, theme: ThemeRef, who: str | None = None, **fields: object) -> Decision:
    """A new decision by ``who`` (else ``$CONSULT_REVIEWER``, else the OS user), made now (UTC).

    ``fields`` are the action's own (``label``, ``others``, ``parts``, ``to``, ``respondent_id``,
    ``text``, ``response``, ``changed``; see :class:`consult.review.file.Decision`). Raises :class:`ReviewError` naming
    what is missing or wrong.
    """
    from pydantic import ValidationError

    try:
        return Decision(who=reviewer(who), when=now(), action=action, question_id=question_id, theme=theme, **fields)
    except ValidationError as error:
        problems = "; ".join(f"{'.'.join(map(str, e['loc'])) or action}: {e['msg'].removeprefix('Value error, ')}"
                             for e in error.errors())
        raise ReviewError(f"{action} on {theme.label!r}: {problems}") from None


def record(decisions: Decisions, new: Sequence[Decision]) -> Decisions:
    """Append ``new`` and save the file at once (atomically); returns the updated decisions."""
    return Decisions(decisions.path, append(decisions.path, decisions.file, new))


def _pairs(frame: pd.DataFrame) -> set[tuple[str, str, str]]:
    return set(zip(frame["question_id"], frame["respondent_id"].astype(str), frame["theme_id"]))


def model_agreement(model_assignments: pd.DataFrame, reviewed_assignments: pd.DataFrame) -> pd.DataFrame:
    """How far the model agreed with the reviewer, per question.

    Over the responses a person reviewed (any assignment with ``source`` = ``review``), the
    model's (response, theme) pairs are compared with the final ones: precision = share of the
    model's pairs the reviewer kept, recall = share of the final pairs the model had, F1 their
    harmonic mean (NaN when nothing was reviewed). Also counts responses and assignments, and
    how many assignments are the reviewer's and how many the model's. Columns:
    :data:`AGREEMENT_COLUMNS`.
    """
    rows = []
    for question_id, final in reviewed_assignments.groupby("question_id", sort=False):
        final = final.assign(respondent_id=final["respondent_id"].astype(str))
        reviewed = set(final.loc[final["source"] == REVIEW, "respondent_id"])
        model = model_assignments[(model_assignments["question_id"] == question_id)
                                  & model_assignments["respondent_id"].astype(str).isin(reviewed)]
        model_pairs, final_pairs = _pairs(model), _pairs(final[final["respondent_id"].isin(reviewed)])
        shared = len(model_pairs & final_pairs)
        precision = shared / len(model_pairs) if model_pairs else float("nan")
        recall = shared / len(final_pairs) if final_pairs else float("nan")
        f1 = 2 * precision * recall / (precision + recall) if precision + recall > 0 else float("nan")
        by_person = int((final["source"] == REVIEW).sum())
        rows.append((question_id, final["respondent_id"].nunique(), len(reviewed), len(final), by_person,
                     len(final) - by_person, precision, recall, f1))
    return pd.DataFrame(rows, columns=AGREEMENT_COLUMNS)


def agreement_for(cfg: Consultation) -> pd.DataFrame:
    """:func:`model_agreement` for a consultation, from the files the themes stage wrote.

    Before any review (or before the stage kept the model's tables) every assignment is the
    model's and ``responses_reviewed`` is 0. Raises :class:`consult.core.errors.InputError` when
    theme_assignments.csv is missing (run the themes stage).
    """
    final = read_csv(cfg.processed_dir / "theme_assignments.csv", dtype={"respondent_id": str})
    model_path = model_paths(cfg)[1]
    model = read_csv(model_path, dtype={"respondent_id": str}) if model_path.exists() else final
    return model_agreement(model, final)


SIGNED_OFF, RENAMED, CODEBOOK, MODEL = "signed off", "renamed", "codebook", "model"


def label_sources(themes: pd.DataFrame, decisions: Decisions) -> pd.Series:
    """Who settled each theme's label: ``signed off`` (``reviewed`` true), ``renamed`` (the label a
    rename or split decision of ``decisions`` gave a theme of that question), ``codebook`` (named in
    advance, or carried from last cycle's review: ``source`` = ``codebook``), else ``model``.

    ``themes`` is themes.csv (any rows); the result has its index.
    """
    given = {(d.question_id, d.label) for d in decisions.items if d.action == "rename"}
    given |= {(d.question_id, part.label) for d in decisions.items if d.action == "split" for part in d.parts}
    reviewed = themes["reviewed"].map(is_true) if "reviewed" in themes else pd.Series(False, themes.index)
    renamed = pd.Series([key in given for key in zip(themes["question_id"], themes["label"])], index=themes.index,
                        dtype=bool)
    codebook = themes["source"].eq("codebook") if "source" in themes else pd.Series(False, themes.index)
    by = pd.Series(MODEL, index=themes.index)
    return by.mask(codebook, CODEBOOK).mask(renamed, RENAMED).mask(reviewed, SIGNED_OFF)


def other_themes(themes: pd.DataFrame, question_id: str, theme_id: str) -> list[tuple[str, str]]:
    """``(label, theme_id)`` of the question's other themes, "other" last: choices for merge and assign."""
    rows = themes[(themes["question_id"] == question_id) & (themes["theme_id"] != theme_id)]
    rows = rows.assign(_o=rows["theme_id"].eq(OTHER)).sort_values(["_o", "theme_id"], kind="stable")
    return [(f"{r.theme_id} · {r.label}", r.theme_id) for r in rows.itertuples()]

