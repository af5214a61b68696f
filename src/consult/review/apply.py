"""Re-applying review decisions to freshly computed themes.

Decisions are applied in the order they were made, each to the themes as the earlier ones left
them, exactly as the reviewer saw them. A decision's theme is found by content: the theme of
the same question whose members overlap most with the decision's (Jaccard at least
:data:`MIN_MEMBER_JACCARD`), else the one whose top terms overlap most (at least
:data:`MIN_TERM_JACCARD`); ``other`` is found by its id. A decision that finds no theme, or
whose response has gone, is logged as ``stale`` with the reason, never dropped silently.

Themes whose members change, and renamed themes, get their ``n``, ``pct``, ``sentiment`` and quotes recomputed from
``responses`` (quotes: the members' most typical sentences, so they fit the theme as it now is); rows a person decided get ``source`` = ``review``. Themes made by a split get
ids ``R01``, ``R02``, … (after the highest already used in the question). Themes gain
``reviewed`` and ``note``, and ``response`` and ``changed`` (blank until a ``respond`` decision).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from consult.core.files import is_true, join_terms, split_terms
from consult.review.figures import TOP_TERMS, distinctive_terms, theme_figures
from consult.review.file import Decision, ThemeRef
from consult.themes.names import RESERVED
from consult.themes.question import OTHER, REVIEW

MIN_MEMBER_JACCARD = 0.3
MIN_TERM_JACCARD = 0.5
LOG_COLUMNS = ["decision", "when", "who", "action", "question_id", "theme_then", "theme_now",
               "matched_by", "status", "reason"]


class Stale(Exception):
    """Raised inside :class:`Applier` when a decision no longer applies; carries the reason."""


@dataclass
class Applier:
    """Applies decisions one by one to copies of the themes and assignments frames."""

    themes: pd.DataFrame
    assignments: pd.DataFrame
    responses: pd.DataFrame
    changed: set[tuple[str, str]] = field(default_factory=set)
    log: list[dict[str, object]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.themes = self.themes.reset_index(drop=True).copy()
        for column, default in (("reviewed", False), ("note", ""), ("response", ""), ("changed", "")):
            if column not in self.themes:
                self.themes[column] = default
        for column in ("note", "response", "changed"):
            self.themes[column] = self.themes[column].fillna("").astype(object)
        self.themes["reviewed"] = self.themes["reviewed"].map(is_true).astype(bool)
        for column in ("n", "base", "pct", "sentiment"):
            if column in self.themes:
                self.themes[column] = pd.to_numeric(self.themes[column])
        self.assignments = self.assignments.reset_index(drop=True).copy()
        self.assignments["respondent_id"] = self.assignments["respondent_id"].astype(str)
        self.assignments["primary"] = self.assignments["primary"].map(is_true).astype(bool)
        self.assignments["weight"] = pd.to_numeric(self.assignments["weight"])
        self.responses = self.responses.assign(respondent_id=self.responses["respondent_id"].astype(str))
        self.base_themes = self.themes.copy()

    # ------------------------------------------------------------------ finding themes
    def members(self, question_id: str, theme_id: str) -> set[str]:
        rows = self.assignments
        return set(rows.loc[(rows["question_id"] == question_id) & (rows["theme_id"] == theme_id), "respondent_id"])

    def _terms(self, row: pd.Series) -> list[str]:
        return split_terms(row.get("top_terms"))

    def match(self, question_id: str, ref: ThemeRef) -> tuple[str, str]:
        """The theme now matching ``ref``, and how it was matched; :class:`Stale` if none does."""
        candidates = self.themes[self.themes["question_id"] == question_id]
        if ref.theme_id in RESERVED:
            if (candidates["theme_id"] == ref.theme_id).any():
                return ref.theme_id, "id"
            raise Stale(f"the question has no {ref.theme_id!r} theme now")
        scored = []
        others = candidates[~candidates["theme_id"].isin(RESERVED)].sort_values("theme_id", kind="stable")
        for _, row in others.iterrows():
            members = ref.jaccard(self.members(question_id, row["theme_id"]))
            scored.append((members, ref.term_overlap(self._terms(row)), row["theme_id"], row["label"]))
        if not scored:
            raise Stale(f"question {question_id!r} has no themes now")
        by_members = max(scored, key=lambda s: (s[0], s[1]))  # max keeps the first (lowest id) of ties
        if by_members[0] >= MIN_MEMBER_JACCARD:
            return by_members[2], f"responses (Jaccard {by_members[0]:.2f})"
        by_terms = max(scored, key=lambda s: (s[1], s[0]))
        if by_terms[1] >= MIN_TERM_JACCARD:
            return by_terms[2], f"top terms (Jaccard {by_terms[1]:.2f})"
        raise Stale(f"no theme now shares enough responses or top terms with it (closest: {by_members[2]} "
                    f"{by_members[3]!r}, responses {by_members[0]:.2f}, terms {by_members[1]:.2f})")

    # ------------------------------------------------------------------ helpers on assignments
    def _rows(self, question_id: str, respondent_id: str | None = None, theme_id: str | None = None) -> pd.Series:
        rows = self.assignments
        mask = rows["question_id"] == question_id
        if respondent_id is not None:
            mask &= rows["respondent_id"] == respondent_id
        if theme_id is not None:
            mask &= rows["theme_id"] == theme_id
        return mask

    def _add(self, question_id: str, respondent_id: str, theme_id: str, weight: float, primary: bool) -> None:
        row = {"respondent_id": respondent_id, "question_id": question_id, "theme_id": theme_id,
               "weight": weight, "primary": primary, "source": REVIEW}
        self.assignments = pd.concat([self.assignments, pd.DataFrame([row])], ignore_index=True)
        self.changed.add((question_id, theme_id))

    def _remove(self, question_id: str, respondent_id: str, theme_id: str, promote: bool) -> None:
        """Take ``theme_id`` off a response; if it was the main theme, promote the next (or 'other')."""
        mask = self._rows(question_id, respondent_id, theme_id)
        was_primary = bool(self.assignments.loc[mask, "primary"].any())
        self.assignments = self.assignments[~mask].reset_index(drop=True)
        self.changed.add((question_id, theme_id))
        rest = self._rows(question_id, respondent_id)
        if not rest.any():
            self._add(question_id, respondent_id, OTHER, 1.0, True)
        elif was_primary and promote:
            best = self.assignments[rest].sort_values(["weight", "theme_id"], ascending=[False, True]).index[0]
            self.assignments.loc[best, ["primary", "source"]] = [True, REVIEW]
        elif was_primary:
            self._add(question_id, respondent_id, OTHER, 1.0, True)

    def _move(self, question_id: str, source: str, target: str, respondents: set[str]) -> None:
        """Move these respondents' rows from theme ``source`` to ``target`` (merging duplicates)."""
        mask = self._rows(question_id, theme_id=source) & self.assignments["respondent_id"].isin(respondents)
        self.assignments.loc[mask, ["theme_id", "source"]] = [target, REVIEW]
        keys = ["respondent_id", "question_id", "theme_id"]
        rows = self.assignments
        rows = rows.assign(primary=rows.groupby(keys, sort=False)["primary"].transform("any"))
        best = rows.sort_values("weight", ascending=False, kind="stable").drop_duplicates(keys).index
        self.assignments = rows.loc[sorted(best)].reset_index(drop=True)
        self.changed |= {(question_id, source), (question_id, target)}

    def _theme_index(self, question_id: str, theme_id: str) -> int:
        hits = self.themes.index[(self.themes["question_id"] == question_id) & (self.themes["theme_id"] == theme_id)]
        return int(hits[0])

    def _respondent_present(self, question_id: str, respondent_id: str) -> None:
        if not self._rows(question_id, respondent_id).any():
            raise Stale(f"response {respondent_id} is no longer among the themed answers to {question_id}")

    # ------------------------------------------------------------------ the actions
    def apply(self, number: int, decision: Decision) -> None:
        """Apply one decision, logging it as applied, partly applied or stale."""
        entry: dict[str, object] = {"decision": number, "when": decision.when, "who": decision.who,
                                    "action": decision.action, "question_id": decision.question_id,
                                    "theme_then": decision.theme.label, "theme_now": "", "matched_by": "",
                                    "status": "applied", "reason": ""}
        try:
            theme_id, how = self.match(decision.question_id, decision.theme)
            entry.update(theme_now=theme_id, matched_by=how)
            partial = getattr(self, f"_{decision.action}")(decision, theme_id)
            if partial:
                entry.update(status="partly applied", reason=partial)
        except Stale as stale:
            entry.update(status="stale", reason=str(stale))
        self.log.append(entry)

    def _set_theme(self, question_id: str, theme_id: str, **values: object) -> None:
        index = self._theme_index(question_id, theme_id)
        for column, value in {**values, "source": REVIEW}.items():
            self.themes.loc[index, column] = value

    def _rename(self, decision: Decision, theme_id: str) -> str:
        self._set_theme(decision.question_id, theme_id, label=decision.label)
        self.changed.add((decision.question_id, theme_id))  # quotes chosen again, for the new label
        return ""

    def _merge(self, decision: Decision, theme_id: str) -> str:
        qid, missing = decision.question_id, []
        terms = self._terms(self.themes.loc[self._theme_index(qid, theme_id)])
        for ref in decision.others:
            try:
                other, _ = self.match(qid, ref)
            except Stale:
                missing.append(ref.label)
                continue
            if other in (theme_id, OTHER):
                continue
            terms += self._terms(self.themes.loc[self._theme_index(qid, other)])
            self._move(qid, other, theme_id, self.members(qid, other))
            self.themes = self.themes.drop(index=self._theme_index(qid, other)).reset_index(drop=True)
        kept = list(dict.fromkeys(terms))[: max(TOP_TERMS, len(decision.theme.top_terms))]
        self._set_theme(qid, theme_id, top_terms=join_terms(kept))
        return f"not found now: {', '.join(repr(m) for m in missing)}" if missing else ""

    def _split(self, decision: Decision, theme_id: str) -> str:
        qid, empty = decision.question_id, []
        for part in decision.parts:
            moving = self.members(qid, theme_id) & set(part.respondents)
            if not moving:
                empty.append(part.label)
                continue
            new_id = self._new_id(qid)
            row = self.themes.loc[self._theme_index(qid, theme_id)].copy()
            row["theme_id"], row["label"], row["reviewed"], row["note"] = new_id, part.label, False, ""
            row["response"], row["changed"] = "", ""  # the response was to the whole theme
            everyone = set(self.assignments.loc[self._rows(qid), "respondent_id"])
            row["top_terms"] = join_terms(distinctive_terms(self.responses, qid, moving, everyone))
            self.themes = pd.concat([self.themes, row.to_frame().T], ignore_index=True)
            self._set_theme(qid, new_id)
            self._move(qid, theme_id, new_id, moving)
        if empty and len(empty) == len(decision.parts):
            raise Stale("none of the responses it moved are in the theme now")
        return f"no responses left for {', '.join(repr(e) for e in empty)}" if empty else ""

    def _drop(self, decision: Decision, theme_id: str) -> str:
        qid = decision.question_id
        if theme_id == OTHER:
            raise Stale("'other' holds the responses that fit no theme; it cannot be dropped")
        for respondent in sorted(self.members(qid, theme_id)):
            self._remove(qid, respondent, theme_id, promote=decision.to == "discovery")
        self.themes = self.themes.drop(index=self._theme_index(qid, theme_id)).reset_index(drop=True)
        return ""

    def _assign(self, decision: Decision, theme_id: str) -> str:
        qid, respondent = decision.question_id, str(decision.respondent_id)
        self._respondent_present(qid, respondent)
        existing = self._rows(qid, respondent, theme_id)
        if existing.any():
            self._reviewed_response(qid, respondent)
            return ""
        only_other = set(self.assignments.loc[self._rows(qid, respondent), "theme_id"]) == {OTHER}
        if only_other:
            self.assignments = self.assignments[~self._rows(qid, respondent, OTHER)].reset_index(drop=True)
            self.changed.add((qid, OTHER))
        self._add(qid, respondent, theme_id, 1.0, only_other)
        self._reviewed_response(qid, respondent)
        return ""

    def _unassign(self, decision: Decision, theme_id: str) -> str:
        qid, respondent = decision.question_id, str(decision.respondent_id)
        self._respondent_present(qid, respondent)
        if self._rows(qid, respondent, theme_id).any():
            self._remove(qid, respondent, theme_id, promote=True)
        self._reviewed_response(qid, respondent)
        return ""

    def _reviewed_response(self, question_id: str, respondent_id: str) -> None:
        """A person looked at this response and settled its themes: all its rows are theirs."""
        self.assignments.loc[self._rows(question_id, respondent_id), "source"] = REVIEW

    def _mark_reviewed(self, decision: Decision, theme_id: str) -> str:
        qid = decision.question_id
        self._set_theme(qid, theme_id, reviewed=True)
        mask = self._rows(qid, theme_id=theme_id)
        if decision.theme.complete:  # responses that joined after the sign-off were not read
            mask &= self.assignments["respondent_id"].isin(decision.theme.members)
        self.assignments.loc[mask, "source"] = REVIEW
        return ""

    def _note(self, decision: Decision, theme_id: str) -> str:
        index = self._theme_index(decision.question_id, theme_id)
        before = self.themes.loc[index, "note"]
        self._set_theme(decision.question_id, theme_id, note=f"{before}; {decision.text}" if before else decision.text)
        return ""

    def _respond(self, decision: Decision, theme_id: str) -> str:
        """The organisation's response to the theme; a later one replaces an earlier one."""
        self._set_theme(decision.question_id, theme_id, response=decision.response, changed=bool(decision.changed))
        return ""

    # ------------------------------------------------------------------ recomputing
    def _new_id(self, question_id: str) -> str:
        used = set(self.themes.loc[self.themes["question_id"] == question_id, "theme_id"])
        number = 1
        while f"R{number:02d}" in used:
            number += 1
        return f"R{number:02d}"

    def finish(self) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
        """Recompute the changed themes' figures and return ``(themes, assignments, log)``."""
        quote_columns = [c for c in self.themes.columns if c.startswith("quote_")]
        filled = self.base_themes[quote_columns].astype(object)
        used = (filled.notna() & filled.ne("")).sum(axis=1) if quote_columns else []
        n_quotes = int(max(used, default=0)) or len(quote_columns)
        for qid, theme_id in sorted(self.changed):
            found = self.themes.index[(self.themes["question_id"] == qid) & (self.themes["theme_id"] == theme_id)]
            if not len(found):
                continue
            index = int(found[0])
            rows = self.assignments[self._rows(qid, theme_id=theme_id)]
            figures = theme_figures(self.responses, rows, qid, self.themes.loc[index, "base"], n_quotes,
                                    str(self.themes.loc[index, "label"]))
            for column, value in figures.items():
                if column in self.themes:
                    if isinstance(value, str):
                        self.themes[column] = self.themes[column].astype(object)
                    self.themes.loc[index, column] = value
        held = pd.MultiIndex.from_frame(self.assignments[["question_id", "theme_id"]])
        kept = self.themes["theme_id"].eq(OTHER) | pd.MultiIndex.from_frame(
            self.themes[["question_id", "theme_id"]]).isin(held)
        themes = self.themes[kept].reset_index(drop=True)
        for column in ("n", "base", "pct", "sentiment"):
            if column in themes:
                themes[column] = pd.to_numeric(themes[column])
        themes["reviewed"] = themes["reviewed"].astype(bool)
        order = themes["question_id"].map({q: i for i, q in enumerate(dict.fromkeys(self.base_themes["question_id"]))})
        themes = themes.assign(_q=order, _o=themes["theme_id"].map({t: i for i, t in enumerate(RESERVED, 1)}).fillna(0)).sort_values(
            ["_q", "_o"], kind="stable").drop(columns=["_q", "_o"])
        assignments = self.assignments.reset_index(drop=True)
        return themes.reset_index(drop=True), assignments, pd.DataFrame(self.log, columns=LOG_COLUMNS)
