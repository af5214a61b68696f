"""Test rows an export marks itself: Qualtrics previews and tests (EXPORT-FORMATS.md §5), drafted as a filter.

Qualtrics records the survey builder's own previews and test runs among the responses, marked
``DistributionChannel`` = ``preview`` / ``test`` (``Status`` = ``Survey Preview`` / ``Survey Test``
in the label export). They are not responses: :func:`draft_exclusion` drafts the channel column as
an attribute and ``filter.where`` leaving those rows out, which the clean stage logs row by row.
Unfinished responses (``Finished`` false) are real, partial responses and are kept; the draft says
how many there are.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

_MARKED = {"distributionchannel": ("preview", "test"), "status": ("survey preview", "survey test")}
_UNFINISHED = {"false", "0"}


@dataclass(frozen=True)
class Exclusion:
    """The drafted ``question`` (the marking column as an attribute), ``filter`` section and ``note`` to print."""

    question: dict[str, Any]
    filter: dict[str, str]
    note: str


def _normal(values: pd.Series) -> pd.Series:
    return values.fillna("").astype(str).str.strip().str.lower()


def unfinished(frame: pd.DataFrame) -> int:
    """How many rows a ``Finished`` column marks as not finished (0 without one)."""
    names = [name for name in frame.columns if name.replace(" ", "").lower() == "finished"]
    return int(_normal(frame[names[0]]).isin(_UNFINISHED).sum()) if names else 0


def draft_exclusion(frame: pd.DataFrame, question_id: str) -> Exclusion | None:
    """The filter leaving out the rows an export marks as previews or tests, the marking column drafted as
    the attribute ``question_id``; None when no row is marked."""
    named = {name.replace(" ", "").lower(): name for name in frame.columns}
    for key, marks in _MARKED.items():  # the channel first: EXPORT-FORMATS.md's rule
        name = named.get(key)
        values = _normal(frame[name]) if name else None
        if values is None or not values.isin(marks).any():
            continue
        seen = sorted(set(values[values.isin(marks)]))
        labels = sorted({v for v in frame[name].fillna("").astype(str).str.strip() if v.lower() in seen})
        where = " and ".join(f"{question_id} != {label!r}" for label in labels)
        said = " or ".join(f"“{label}”" for label in labels)
        note = (f"{int(values.isin(marks).sum())} row(s) have {name} {said}: the survey's own previews or tests, "
                f"not responses; filter.where leaves them out (each logged as excluded)")
        return Exclusion({"id": question_id, "column": name, "type": "attribute", "text": "Survey channel"},
                         {"where": where, "description": "the survey's own previews and tests"}, note)
    return None
