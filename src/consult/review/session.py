"""A review in progress: the model's themes, the decisions so far, and actions that add one.

:class:`ReviewSession` is what the review widget drives. Every action fingerprints the theme as
the reviewer sees it now, appends the decision to ``consultations/<id>.review.yaml`` (saved at
once, atomically), and re-applies all decisions to the model's themes, so the screen shows
exactly what the next pipeline run will produce.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from consult.core.config import Consultation
from consult.core.files import read_csv
from consult.review import decisions as review
from consult.review import tables as review_tables
from consult.review.decisions import Decision, ReviewError, ReviewOutcome
from consult.themes.question import model_for

_TYPES = {"respondent_id": str, "theme_id": str, "question_id": str}


class ReviewSession:
    """The review of one consultation's themes.

    Reads responses.csv and the model's themes (``themes_model.csv`` and
    ``theme_assignments_model.csv`` when the themes stage kept them, else themes.csv and
    theme_assignments.csv, which are the model's own until a review exists). ``who`` names the
    reviewer (else ``$CONSULT_REVIEWER``, else the OS user). Raises
    :class:`consult.core.errors.InputError` when a file is missing (run the themes stage first).
    """

    def __init__(self, cfg: Consultation, who: str | None = None) -> None:
        self.cfg = cfg
        self.who = who
        folder = cfg.processed_dir
        self.responses = read_csv(folder / "responses.csv", dtype=str)
        themes_path, assignments_path = review.model_paths(cfg)
        if not themes_path.exists():
            themes_path, assignments_path = folder / "themes.csv", folder / "theme_assignments.csv"
        self.model_themes = read_csv(themes_path, dtype=_TYPES)
        self.model_assignments = read_csv(assignments_path, dtype=_TYPES)
        self.decisions = review.load(cfg)
        self.outcome: ReviewOutcome = review.apply(self.model_themes, self.model_assignments, self.decisions,
                                                   self.responses)

    # ------------------------------------------------------------------ what is shown
    @property
    def questions(self) -> list[str]:
        """The free-text questions that have themes, in config order."""
        themed = set(self.outcome.themes["question_id"])
        return [q.id for q in self.cfg.questions_of("free_text") if q.id in themed]

    def theme_list(self, question_id: str) -> pd.DataFrame:
        """See :func:`consult.review.tables.theme_list`."""
        return review_tables.theme_list(self.cfg, self.outcome.themes, self.outcome.assignments, self.responses,
                                        question_id)

    def theme_responses(self, question_id: str, theme_id: str, search: str = "",
                        filters: Mapping[str, str] | None = None) -> pd.DataFrame:
        """See :func:`consult.review.tables.theme_responses`."""
        return review_tables.theme_responses(self.cfg, self.outcome.assignments, self.responses, question_id,
                                             theme_id, search, dict(filters or {}))

    def whole_response(self, respondent_id: str) -> pd.DataFrame:
        """See :func:`consult.review.tables.whole_response`."""
        return review_tables.whole_response(self.cfg, self.responses, respondent_id)

    def themes_across(self) -> pd.DataFrame:
        """See :func:`consult.review.tables.themes_across`."""
        return review_tables.themes_across(self.cfg, self.outcome.themes)

    def review_progress(self, question_id: str) -> tuple[int, int]:
        """See :func:`consult.review.tables.review_progress`."""
        return review_tables.review_progress(self.outcome.themes, question_id)

    def group_values(self, group: str) -> list[str]:
        """The values a group attribute takes in responses.csv, sorted (blanks left out)."""
        values = self.responses[group].dropna().astype(str) if group in self.responses else pd.Series(dtype=str)
        return sorted(set(values[values.str.strip() != ""]))

    def theme(self, question_id: str, theme_id: str) -> pd.Series:
        """One theme's row of the reviewed themes table; :class:`ReviewError` if it is not there now."""
        themes = self.outcome.themes
        rows = themes[(themes["question_id"] == question_id) & (themes["theme_id"] == theme_id)]
        if rows.empty:
            raise ReviewError(f"question {question_id!r} has no theme {theme_id!r} now; choose one from the list")
        return rows.iloc[0]

    def agreement(self) -> pd.DataFrame:
        """Model against reviewer so far: see :func:`consult.review.decisions.model_agreement`."""
        return review.model_agreement(self.model_assignments, self.outcome.assignments)

    # ------------------------------------------------------------------ actions
    def _ref(self, question_id: str, theme_id: str) -> review.ThemeRef:
        self.theme(question_id, theme_id)
        return review.fingerprint(self.outcome.themes, self.outcome.assignments, question_id, theme_id)

    def _decide(self, action: str, question_id: str, theme_id: str, **fields: object) -> Decision:
        return review.decide(action, question_id, self._ref(question_id, theme_id), self.who, **fields)

    def _commit(self, new: Sequence[Decision]) -> ReviewOutcome:
        """Save the new decisions, re-apply them all, and return the outcome."""
        self.decisions = review.record(self.decisions, new)
        self.outcome = review.apply(self.model_themes, self.model_assignments, self.decisions, self.responses)
        return self.outcome

    def rename(self, question_id: str, theme_id: str, label: str) -> ReviewOutcome:
        """Give a theme a new label."""
        return self._commit([self._decide("rename", question_id, theme_id, label=label.strip())])

    def merge(self, question_id: str, theme_id: str, others: Sequence[str]) -> ReviewOutcome:
        """Merge the themes ``others`` into ``theme_id`` (which keeps its label)."""
        refs = tuple(self._ref(question_id, o) for o in others if o != theme_id)
        return self._commit([self._decide("merge", question_id, theme_id, others=refs)])

    def split(self, question_id: str, theme_id: str, parts: Mapping[str, Sequence[str]]) -> ReviewOutcome:
        """Move chosen responses of a theme into new themes: ``{new label: [respondent ids]}``."""
        chosen = [{"label": label.strip(), "respondents": tuple(map(str, ids))} for label, ids in parts.items()]
        return self._commit([self._decide("split", question_id, theme_id, parts=chosen)])

    def retheme(self, question_id: str, theme_id: str, k: int) -> ReviewOutcome:
        """Re-theme only this theme's responses into ``k`` themes with the ThemeModel, as a split.

        Responses the model leaves in none of the ``k`` stay in the theme. Raises
        :class:`ReviewError` when the theme has too few responses for ``k`` themes.
        """
        rows = review_tables.members(self.outcome.assignments, question_id, theme_id)
        ids = rows["respondent_id"].astype(str).tolist()
        texts = self.responses.set_index("respondent_id").reindex(ids)[question_id].fillna("").tolist()
        model = model_for(self.cfg, question_id).set_params(n_themes=k, min_themes=2, max_themes=k,
                                                            min_theme_size=1, codebook=()).fit(texts)
        if model.too_few_ or model.n_themes_ < 2:
            raise ReviewError(f"theme {theme_id} has too few distinct responses ({len(ids)}) to re-theme into {k}")
        labels = model.themes_["label"].tolist()
        parts: dict[str, list[str]] = {}
        for respondent, found in zip(ids, model.labels_):
            if found >= 0:
                parts.setdefault(labels[found], []).append(respondent)
        return self.split(question_id, theme_id, parts)

    def drop(self, question_id: str, theme_id: str, to: str = "discovery") -> ReviewOutcome:
        """Drop a theme; its responses go to their next theme (``discovery``) or to "other" (``other``)."""
        return self._commit([self._decide("drop", question_id, theme_id, to=to)])

    def assign(self, question_id: str, theme_id: str, respondent_ids: Sequence[str]) -> ReviewOutcome:
        """Add a theme to each of these responses (one decision per response)."""
        _chosen(respondent_ids)
        return self._commit([self._decide("assign", question_id, theme_id, respondent_id=str(r))
                             for r in respondent_ids])

    def unassign(self, question_id: str, theme_id: str, respondent_ids: Sequence[str]) -> ReviewOutcome:
        """Take a theme off each of these responses (one decision per response)."""
        _chosen(respondent_ids)
        return self._commit([self._decide("unassign", question_id, theme_id, respondent_id=str(r))
                             for r in respondent_ids])

    def mark_reviewed(self, question_id: str, theme_id: str) -> ReviewOutcome:
        """Sign a theme off as read and right."""
        return self._commit([self._decide("mark_reviewed", question_id, theme_id)])

    def note(self, question_id: str, theme_id: str, text: str) -> ReviewOutcome:
        """Write a note against a theme."""
        return self._commit([self._decide("note", question_id, theme_id, text=text.strip())])

    def respond(self, question_id: str, theme_id: str, response: str, changed: bool) -> ReviewOutcome:
        """Record the organisation's response to a theme ("You said, we did") and whether the proposal
        changed because of it; a later response to the same theme replaces this one. Raises
        :class:`ReviewError` when ``response`` is blank."""
        if not response.strip():
            raise ReviewError("no response written: write what the organisation will do about this theme first")
        return self._commit([self._decide("respond", question_id, theme_id, response=response.strip(),
                                          changed=bool(changed))])


def _chosen(respondent_ids: Sequence[str]) -> None:
    if not respondent_ids:
        raise ReviewError("no responses chosen: tick one or more responses in the list first")
