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


def _names(keys: pd.DataFrame, rows: np.ndarray, others: np.ndarray) -> np.ndarray:
    """``raw row 17`` for each of ``rows`` (``raw row 17 of b.csv`` when in another file than its ``others``)."""
    source = keys["source_file"].to_numpy()
    names = "raw row " + keys["raw_row"].to_numpy()[rows].astype(str).astype(object)
    elsewhere = source[rows] != source[others]
    names[elsewhere] += " of " + source[rows][elsewhere]
    return names


def _kept_rows(repeated: pd.DataFrame, keep: str) -> pd.Series:
    """Per respondent id, the row kept: the first when its rows are identical, else the ``latest`` (or
    ``first``) submitted, unreadable times counting as earliest and ties going to file order."""
    heads = repeated.drop_duplicates("id").set_index("id")
    by_time = (repeated.sort_values(["t", "row"], na_position="first", kind="stable")
               .drop_duplicates("id", keep="last" if keep == "latest" else "first").set_index("id")["row"])
    return heads["row"].where(~heads["differs"], by_time.reindex(heads.index))


def _unresolved(keys: pd.DataFrame, repeated: pd.DataFrame, keep: str) -> list[str]:
    """A problem per respondent whose rows differ, when there is no submission time to choose by."""
    problems = []
    for respondent, rows in repeated[repeated["differs"]].groupby("id", sort=False)["row"]:
        rows = rows.to_numpy()
        problems.append(
            f"{keys['source_file'].iat[rows[0]]}: respondent id {respondent!r} repeats with different answers "
            f"({', '.join(_names(keys, rows, np.repeat(rows[0], len(rows))))}); set submitted_column so the {keep} "
            "submission is kept, or remove the unwanted row from a copy of the export."
        )
    return problems


def _same_raw_rows(raw_rows: pd.Series, live: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Without ids: each row repeating an earlier whole raw row, that earlier row, and True (an exact duplicate)."""
    hashes = pd.Series(raw_rows.to_numpy()[live])
    repeats = hashes.duplicated().to_numpy()
    first = pd.Series(live).groupby(hashes).transform("first").to_numpy()
    return live[repeats], first[repeats], np.ones(int(repeats.sum()), dtype=bool)


def _same_ids(keys: pd.DataFrame, answers: pd.DataFrame, live: np.ndarray, submitted: pd.Series | None,
              keep: str) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[str]]:
    """Each row whose respondent id repeats but is not the row kept, the row kept, whether the answers are the
    same, and the problems (ids whose rows differ when there is no submission time)."""
    at = live[keys["respondent_id"].iloc[live].duplicated(keep=False).to_numpy()]
    repeated = pd.DataFrame({
        "id": keys["respondent_id"].to_numpy()[at], "row": at,
        "hash": pd.util.hash_pandas_object(answers.iloc[at], index=False).to_numpy(),
        "t": submitted.to_numpy()[at] if submitted is not None else pd.NaT,
    })
    repeated["differs"] = repeated.groupby("id")["hash"].transform("nunique").gt(1)
    problems = []
    if submitted is None:
        problems = _unresolved(keys, repeated, keep)
        repeated = repeated[~repeated["differs"]]
    chosen = repeated["id"].map(_kept_rows(repeated, keep)).to_numpy(dtype=np.int64)
    others = repeated["row"].to_numpy() != chosen
    hashes = repeated.set_index("row")["hash"]
    rows, chosen = repeated["row"].to_numpy()[others], chosen[others]
    return rows, chosen, hashes.loc[rows].to_numpy() == hashes.loc[chosen].to_numpy(), problems


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
    status = np.full(len(keys), "kept", dtype=object)
    reason = np.full(len(keys), "", dtype=object)
    empty = answers.eq("").all(axis=1).to_numpy() if len(answers.columns) else np.zeros(len(keys), dtype=bool)
    status[empty], reason[empty] = "excluded", EMPTY
    live = np.flatnonzero(~empty)
    if raw_rows is not None:
        rows, chosen, duplicate, problems = (*_same_raw_rows(raw_rows, live), [])
    else:
        rows, chosen, duplicate, problems = _same_ids(keys, answers, live, submitted, keep)
    names = _names(keys, chosen, rows)
    word = "later" if keep == "latest" else "earlier"
    status[rows] = "excluded"
    reason[rows] = np.where(duplicate, "exact duplicate of " + names, f"resubmission: {word} submission kept (" + names + ")")
    return RowStatus(pd.Series(status, index=keys.index), pd.Series(reason, index=keys.index), problems)
