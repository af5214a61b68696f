"""The decisions file ``consultations/<id>.review.yaml``: what a reviewer decided about the themes.

One entry per decision, in the order they were made, each saying who, when (UTC), what
(``action``), on which question, and on which theme. A theme is named by its content (a
:class:`ThemeRef`: its label and top terms at the time, and its member respondent ids, in full
up to :data:`MAX_MEMBERS` or else as a hash and a bottom-k sample), never by its position, so
that a rerun on changed data can find it again (see :mod:`consult.review.apply`).

The file is plain YAML meant to be read, diffed and versioned::

    version: 1
    consultation: example
    decisions:
    - who: asmith
      when: '2026-11-23T16:54:08Z'
      action: rename
      question_id: q_feedback
      theme: {theme_id: T03, label: parking charge, top_terms: [parking, charge, car], n: 3,
        members: [R0004, R0011, R0019], members_sha256: 5f0c...}
      label: Cost of parking

A ``respond`` decision records the organisation's response to a theme ("You said, we did"):
``response`` (what it will do) and ``changed`` (whether the proposal changed because of it).
"""

from __future__ import annotations

import getpass
import hashlib
import os
from collections.abc import Iterable, Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from consult.core.config import format_errors
from consult.core.errors import ReviewError
from consult.core.files import read_yaml, write_text

Action = Literal["rename", "merge", "split", "drop", "assign", "unassign", "mark_reviewed", "note", "respond"]
ACTIONS: tuple[str, ...] = Action.__args__  # type: ignore[attr-defined]
FORMAT_VERSION = 1
MAX_MEMBERS = 200  # member ids kept in full up to this many; beyond it, a sample of this size


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _id_hash(respondent_id: str) -> str:
    return hashlib.sha1(respondent_id.encode("utf-8")).hexdigest()


class ThemeRef(_Frozen):
    """A theme named by its content: label, top terms and member respondents when it was decided on.

    ``members`` holds every member id when ``n`` is at most :data:`MAX_MEMBERS`; otherwise the
    :data:`MAX_MEMBERS` ids with the smallest SHA-1 (a bottom-k sample, the same ids whichever
    order they come in), from which :meth:`jaccard` estimates the overlap.
    """

    theme_id: str  # the id at the time; shown to people, never used to match
    label: str
    top_terms: tuple[str, ...] = ()
    n: int = Field(ge=0)
    members: tuple[str, ...] = ()
    members_sha256: str = ""

    @classmethod
    def of(cls, theme_id: str, label: str, top_terms: Iterable[str], members: Iterable[str]) -> ThemeRef:
        """The fingerprint of a theme with these member respondent ids."""
        ids = sorted({str(m) for m in members})
        digest = hashlib.sha256("\n".join(ids).encode("utf-8")).hexdigest()
        kept = ids if len(ids) <= MAX_MEMBERS else sorted(sorted(ids, key=_id_hash)[:MAX_MEMBERS])
        return cls(theme_id=theme_id, label=label, top_terms=tuple(top_terms), n=len(ids),
                   members=tuple(kept), members_sha256=digest)

    @property
    def complete(self) -> bool:
        """Whether ``members`` lists every member (not a sample)."""
        return len(self.members) == self.n

    def jaccard(self, ids: set[str]) -> float:
        """Jaccard overlap between this theme's members and ``ids`` (estimated from the sample if sampled)."""
        if self.n == 0 or not ids:
            return 0.0
        if self.complete:
            shared = float(len(ids.intersection(self.members)))
        else:
            shared = self.n * len(ids.intersection(self.members)) / len(self.members)
        return shared / (self.n + len(ids) - shared)

    def term_overlap(self, terms: Iterable[str]) -> float:
        """Jaccard overlap between this theme's top terms and ``terms``."""
        mine, theirs = set(self.top_terms), set(terms)
        return len(mine & theirs) / len(mine | theirs) if mine | theirs else 0.0


class Part(_Frozen):
    """One new theme split off: its label and the respondents moved into it."""

    label: str = Field(min_length=1)
    respondents: tuple[str, ...] = Field(min_length=1)


_NEEDS: dict[str, tuple[str, ...]] = {
    "rename": ("label",), "merge": ("others",), "split": ("parts",), "drop": ("to",),
    "assign": ("respondent_id",), "unassign": ("respondent_id",), "mark_reviewed": (), "note": ("text",),
    "respond": ("response", "changed"),
}


class Decision(_Frozen):
    """One reviewer decision about one theme of one question.

    ``theme`` is the theme acted on (for ``assign``: the theme added to the response). The other
    fields belong to particular actions: ``label`` (rename), ``others`` (merge: the themes merged
    into ``theme``), ``parts`` (split), ``to`` (drop: ``discovery`` gives each response its
    next theme, ``other`` makes "other" its main theme), ``respondent_id`` (assign, unassign),
    ``text`` (note), ``response`` and ``changed`` (respond: the organisation's response to the theme,
    and whether the proposal changed because of it).
    """

    who: str = Field(min_length=1)
    when: str = Field(pattern=r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
    action: Action
    question_id: str
    theme: ThemeRef
    label: str | None = Field(None, min_length=1)
    others: tuple[ThemeRef, ...] = ()
    parts: tuple[Part, ...] = ()
    to: Literal["discovery", "other"] | None = None
    respondent_id: str | None = None
    text: str | None = Field(None, min_length=1)
    response: str | None = Field(None, min_length=1)
    changed: bool | None = None

    @model_validator(mode="after")
    def _fields_fit_action(self) -> Decision:
        missing = [name for name in _NEEDS[self.action] if getattr(self, name) in (None, "", ())]
        if missing:
            raise ValueError(f"a {self.action} decision needs {' and '.join(missing)}")
        return self

    def describe(self) -> str:
        """One line for people: ``rename 'parking charge' → 'Cost of parking'``."""
        what = f"{self.action} {self.theme.label!r}"
        extra = {
            "rename": lambda: f" → {self.label!r}",
            "merge": lambda: " ← " + ", ".join(repr(o.label) for o in self.others),
            "split": lambda: " → " + ", ".join(f"{p.label!r} ({len(p.respondents)})" for p in self.parts),
            "drop": lambda: f" (responses to {self.to})",
            "assign": lambda: f" on {self.respondent_id}",
            "unassign": lambda: f" on {self.respondent_id}",
            "mark_reviewed": lambda: "",
            "note": lambda: f": {self.text}",
            "respond": lambda: f": {self.response!r} (proposal {'changed' if self.changed else 'not changed'})",
        }[self.action]()
        return what + extra


class DecisionsFile(_Frozen):
    """The whole file: its format version, the consultation id, and the decisions in order."""

    version: Literal[1] = FORMAT_VERSION
    consultation: str
    decisions: tuple[Decision, ...] = ()


def reviewer(who: str | None = None) -> str:
    """Who is deciding: ``who`` if given, else ``$CONSULT_REVIEWER``, else the operating-system user."""
    return who or os.environ.get("CONSULT_REVIEWER") or getpass.getuser()


def now() -> str:
    """The current time in UTC as ``YYYY-MM-DDTHH:MM:SSZ``."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def read(path: Path, consultation: str) -> DecisionsFile:
    """Read a decisions file; an empty one (for ``consultation``) when ``path`` does not exist.

    Raises :class:`ReviewError` when the file is empty (0 bytes or only comments), unreadable, not
    UTF-8 or not YAML, and listing every problem, each naming the file and the entry
    (``decisions[3].label``), when an entry is not a valid decision.
    """
    if not path.exists():
        return DecisionsFile(consultation=consultation)
    data = read_yaml(path, ReviewError, ", or restore it from version control")
    if data is None:  # an emptied file would silently drop every decision
        raise ReviewError(f"{path}: the decisions file is empty; restore it from version control, or delete it "
                          "to start the review afresh")
    try:
        parsed = DecisionsFile.model_validate(data)
    except ValidationError as error:
        raise ReviewError(format_errors(str(path), error)) from None
    if parsed.consultation != consultation:
        raise ReviewError(f"{path}: consultation: the file is for {parsed.consultation!r}, not {consultation!r}; "
                          "name it <id>.review.yaml after its own consultation")
    return parsed


def dump(decisions: DecisionsFile) -> str:
    """The decisions as YAML text: keys in a fixed order, short lists inline, empty fields left out."""
    data = decisions.model_dump(mode="json", exclude_none=True, exclude_defaults=False)
    for entry in data["decisions"]:
        for name in ("others", "parts"):
            if not entry[name]:
                del entry[name]
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100, default_flow_style=None)


def append(path: Path, decisions: DecisionsFile, new: Sequence[Decision]) -> DecisionsFile:
    """Add ``new`` to ``decisions``, write the whole file atomically at ``path``, and return it."""
    updated = decisions.model_copy(update={"decisions": decisions.decisions + tuple(new)})
    write_text(path, dump(updated))
    return updated
