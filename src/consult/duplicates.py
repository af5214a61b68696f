"""Which raw rows are kept: empty rows, exact duplicates and resubmissions.

Policy (every excluded row gets a reason for the cleaning log):

* a row with no answer to any question is an ``empty row``;
* rows with the same respondent id and identical (clean) answers are exact duplicates: the first is kept;
* rows with the same id and different answers are resubmissions: with ``submitted_column`` the
  latest (or first, ``cleaning.keep``) is kept; without it they are a problem to fix;
* without an id column, rows identical in every raw column are exact duplicates.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

EMPTY = "empty row: no answer to any question"


@dataclass
class RowStatus:
    """``status`` (``kept``/``excluded``) and ``reason`` per row, and problems that stop the run."""

    status: pd.Series
    reason: pd.Series
    problems: list[str] = field(default_factory=list)


def _name(keys: pd.DataFrame, row: int, other: int) -> str:
    """``raw row 17`` (or ``raw row 17 of b.csv`` when ``row`` is in another file than ``other``)."""
    where = f"raw row {keys.at[row, 'raw_row']}"
    if keys.at[row, "source_file"] != keys.at[other, "source_file"]:
        where += f" of {keys.at[row, 'source_file']}"
    return where


def decide(
    keys: pd.DataFrame,
    answers: pd.DataFrame,
    raw_rows: pd.Series | None,
    submitted: pd.Series | None,
    keep: str = "latest",
) -> RowStatus:
    """Decide each row's status.

    ``keys``: ``source_file``, ``raw_row``, ``respondent_id`` per row; ``answers``: the clean
    question values (``""`` = blank); ``raw_rows``: a hash of each whole raw row, given when the
    export has no id column (ids are then row numbers and cannot repeat); ``submitted``: parsed
    submission times or None; ``keep``: ``latest`` or ``first``.
    """
    status = pd.Series("kept", index=keys.index, dtype=object)
    reason = pd.Series("", index=keys.index, dtype=object)
    empty = answers.eq("").all(axis=1) if len(answers.columns) else pd.Series(False, index=keys.index)
    status[empty], reason[empty] = "excluded", EMPTY
    live = keys.index[~empty]
    result = RowStatus(status, reason)
    if raw_rows is not None:
        hashes = raw_rows[live]
        first = pd.Series(hashes.index, index=hashes.index).groupby(hashes.to_numpy()).transform("first")
        for row in hashes.index[hashes.duplicated()]:
            status[row], reason[row] = "excluded", f"exact duplicate of {_name(keys, first[row], row)}"
        return result
    hashes = pd.util.hash_pandas_object(answers.loc[live], index=False)
    ids = keys.loc[live, "respondent_id"]
    repeated = ids[ids.duplicated(keep=False)]
    for respondent, rows in repeated.groupby(repeated, sort=False).groups.items():
        rows = list(rows)
        if hashes[rows].nunique() == 1:
            chosen, word = rows[0], None
        elif submitted is None:
            listed = ", ".join(_name(keys, r, rows[0]) for r in rows)
            result.problems.append(
                f"{keys.at[rows[0], 'source_file']}: respondent id {respondent!r} repeats with different answers "
                f"({listed}); set submitted_column so the {keep} submission is kept, or remove the unwanted row "
                "from a copy of the export."
            )
            continue
        else:
            when = pd.DataFrame({"t": submitted[rows].to_numpy(), "pos": np.arange(len(rows))}, index=rows)
            ordered = when.sort_values(["t", "pos"], na_position="first", kind="stable").index
            chosen, word = (ordered[-1], "later") if keep == "latest" else (ordered[0], "earlier")
        for row in rows:
            if row == chosen:
                continue
            status[row] = "excluded"
            if hashes[row] == hashes[chosen]:
                reason[row] = f"exact duplicate of {_name(keys, chosen, row)}"
            else:
                reason[row] = f"resubmission: {word} submission kept ({_name(keys, chosen, row)})"
    return result
