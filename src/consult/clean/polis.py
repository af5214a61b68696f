"""Polis conversations: reading an export and per-statement agreement statistics.

A Polis export folder holds ``comments.csv`` (the statements), ``votes.csv`` (an event log:
1 agree, -1 disagree, 0 pass), ``participants-votes.csv`` (one row per participant with their
opinion group and their latest vote on each statement) and ``summary.csv`` (headerless
key,value rows). See ../shared/EXPORT-FORMATS.md §8.

Repeated vote events: a participant may click several times on one statement. Only the
latest event per (voter, statement) counts, ordered by the millisecond ``timestamp`` (events
with the same timestamp keep their file order, the later row winning), so every percentage is
over distinct voters. This is exactly the view ``participants-votes.csv`` stores; when
``votes.csv`` is missing from an export the matrix is used instead. The ``agrees`` and
``disagrees`` of ``comments.csv`` count raw events (repeats included) and are not used.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from consult.core.config import Agreement
from consult.core.errors import InputError

ALL = "all"
MAJORITY = 60.0  # percent of a statement's voters, one way, for a majority
VOTE_NAMES = {1: "agree", -1: "disagree", 0: "pass"}
_FIXED_PV_COLUMNS = ("participant", "xid", "group-id", "n-comments", "n-votes", "n-agree", "n-disagree")

STATS_COLUMNS = [
    "comment_id", "statement", "moderated", "group", "agree", "disagree", "pass", "base",
    "pct_agree", "pct_disagree", "pct_pass", "majority", "consensus", "divisive",
]


@dataclass(frozen=True)
class Conversation:
    """One Polis export.

    ``comments``: ``comment_id``, ``author_id``, ``moderated`` (1 in, -1 out, 0 none),
    ``statement``. ``votes``: the raw event log (``timestamp``, ``comment_id``, ``voter_id``,
    ``vote``), or None when the export lacks votes.csv. ``matrix``: participants x statements of
    latest votes (1, -1, 0, NaN = not seen), or None. ``groups``: participant -> opinion group
    id as text ("" = not clustered; empty without participants-votes.csv). ``summary``: the
    key/value pairs of summary.csv.
    """

    folder: Path
    comments: pd.DataFrame
    votes: pd.DataFrame | None
    matrix: pd.DataFrame | None
    groups: pd.Series
    summary: dict[str, str]


def _read(path: Path, required: tuple[str, ...]) -> pd.DataFrame:
    try:
        frame = pd.read_csv(path, encoding="utf-8", keep_default_na=False, na_values=[""])
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as error:
        raise InputError(f"{path}: cannot be read as a Polis CSV ({error}); re-export it from Polis.") from None
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise InputError(f"{path}: missing column(s) {', '.join(map(repr, missing))}; "
                         f"a Polis export has {', '.join(required)}.")
    return frame


def _read_summary(path: Path) -> dict[str, str]:
    if not path.exists():
        return {}
    with open(path, encoding="utf-8", newline="") as handle:
        return {row[0]: ",".join(row[1:]) for row in csv.reader(handle) if row}


def read_conversation(folder: Path) -> Conversation:
    """Read a Polis export folder.

    Needs ``comments.csv`` and at least one of ``votes.csv`` and ``participants-votes.csv``.
    Raises :class:`InputError` naming the file when one is missing, unreadable or lacks a column.
    """
    folder = Path(folder)
    comments_path = folder / "comments.csv"
    if not comments_path.exists():
        raise InputError(f"{comments_path}: not found; point the config at a Polis export folder.")
    comments = _read(comments_path, ("comment-id", "author-id", "moderated", "comment-body"))
    comments = comments.rename(columns={"comment-id": "comment_id", "author-id": "author_id",
                                        "comment-body": "statement"})
    votes_path, pv_path = folder / "votes.csv", folder / "participants-votes.csv"
    if not votes_path.exists() and not pv_path.exists():
        raise InputError(f"{folder}: neither votes.csv nor participants-votes.csv found; "
                         "export the conversation again with its vote files.")
    votes = None
    if votes_path.exists():
        votes = _read(votes_path, ("timestamp", "comment-id", "voter-id", "vote")).rename(
            columns={"comment-id": "comment_id", "voter-id": "voter_id"})[["timestamp", "comment_id", "voter_id", "vote"]]
    matrix, groups = None, pd.Series(dtype=str, name="group")
    if pv_path.exists():
        pv = _read(pv_path, ("participant", "group-id")).set_index("participant")
        statement_columns = [c for c in pv.columns if c not in _FIXED_PV_COLUMNS]
        matrix = pv[statement_columns].rename(columns=int)
        groups = pv["group-id"].map(lambda g: "" if pd.isna(g) else str(int(g))).rename("group")
    return Conversation(folder, comments[["comment_id", "author_id", "moderated", "statement"]],
                        votes, matrix, groups, _read_summary(folder / "summary.csv"))


def latest_votes(conv: Conversation) -> pd.DataFrame:
    """One row per (voter, statement): ``voter_id``, ``comment_id``, ``vote`` (the latest event).

    From votes.csv (latest ``timestamp`` wins; ties keep the later row), else from the
    participants-votes matrix, which already holds the latest votes.
    """
    if conv.votes is not None:
        ordered = conv.votes.sort_values("timestamp", kind="stable")
        latest = ordered.drop_duplicates(["voter_id", "comment_id"], keep="last")
        return latest[["voter_id", "comment_id", "vote"]].sort_values(["comment_id", "voter_id"], kind="stable",
                                                                      ignore_index=True)
    assert conv.matrix is not None  # read_conversation guarantees one of the two
    long = conv.matrix.rename_axis(index="voter_id", columns="comment_id").stack().dropna().rename("vote").reset_index()
    return long.astype({"vote": np.int64})[["voter_id", "comment_id", "vote"]]


def statement_stats(conv: Conversation, min_votes: int = Agreement().small_base,
                    majority: float = MAJORITY) -> pd.DataFrame:
    """Per statement x group (``all``, then each opinion group): agree / disagree / pass counts.

    ``base`` is the number of distinct voters who saw and voted on the statement (pass
    included, as Polis counts it); ``pct_*`` are over that base (unrounded). Calls are made
    only where ``base >= min_votes`` (pass ``cfg.agreement.small_base``):

    - ``majority``: ``agree`` / ``disagree`` when at least ``majority`` percent voted that way;
    - ``consensus`` (statement-wide): ``agree`` / ``disagree`` when every opinion group (at
      least two, each with ``min_votes``) has such a majority that way;
    - ``divisive`` (statement-wide): some opinion group has an agree majority and another a
      disagree majority.

    Participants outside any opinion group count only in ``all``. Every statement of
    comments.csv appears, including those without votes (base 0). Columns: ``STATS_COLUMNS``.
    """
    votes = latest_votes(conv)
    votes = votes.assign(group=votes["voter_id"].map(conv.groups).fillna(""))
    overall = _counts(votes.assign(group=ALL))
    by_group = _counts(votes[votes["group"] != ""])
    group_ids = sorted(by_group["group"].unique(), key=lambda g: (len(g), g))
    index = pd.MultiIndex.from_product([sorted(conv.comments["comment_id"].unique()), [ALL, *group_ids]],
                                       names=["comment_id", "group"])
    table = pd.concat([overall, by_group]).set_index(["comment_id", "group"]).reindex(index, fill_value=0)
    table["base"] = table[["agree", "disagree", "pass"]].sum(axis=1)
    for name in ("agree", "disagree", "pass"):
        table[f"pct_{name}"] = 100 * table[name] / table["base"].where(table["base"] > 0)
    called = table["base"] >= min_votes
    table["majority"] = np.select(
        [called & (table["pct_agree"] >= majority), called & (table["pct_disagree"] >= majority)],
        ["agree", "disagree"], "")
    table = table.reset_index()
    table = table.join(_between_groups(table[table["group"] != ALL], len(group_ids)), on="comment_id")
    statements = conv.comments.drop_duplicates("comment_id").set_index("comment_id")[["statement", "moderated"]]
    return table.join(statements, on="comment_id")[STATS_COLUMNS]


def _counts(votes: pd.DataFrame) -> pd.DataFrame:
    """Agree / disagree / pass counts per (comment_id, group)."""
    counts = pd.crosstab([votes["comment_id"], votes["group"]], votes["vote"].map(VOTE_NAMES))
    return counts.reindex(columns=list(VOTE_NAMES.values()), fill_value=0).reset_index().rename_axis(columns=None)


def _between_groups(groups: pd.DataFrame, n_groups: int) -> pd.DataFrame:
    """Per statement: ``consensus`` and ``divisive`` from the opinion groups' majorities."""
    majorities = groups.groupby("comment_id")["majority"]
    agree = majorities.apply(lambda m: int((m == "agree").sum()))
    disagree = majorities.apply(lambda m: int((m == "disagree").sum()))
    enough = n_groups >= 2
    consensus = np.select([enough & (agree == n_groups), enough & (disagree == n_groups)], ["agree", "disagree"], "")
    return pd.DataFrame({"consensus": consensus, "divisive": (agree > 0) & (disagree > 0)}, index=agree.index)
