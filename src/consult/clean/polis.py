"""Polis conversations: reading an export and per-statement agreement statistics.

A Polis export folder holds ``comments.csv`` (the statements), ``votes.csv`` (an event log:
1 agree, -1 disagree, 0 pass), ``participants-votes.csv`` (one row per participant with their
opinion group and their latest vote on each statement) and ``summary.csv`` (headerless
key,value rows). See ../shared/EXPORT-FORMATS.md §8.

Two layouts are read (:func:`conversation_files`): the openData one (those names as they are)
and the newer report export, whose downloads carry a common prefix
(``2025-01-31-1205-2abcd3efgh-comments.csv``), name the matrix ``participant-votes.csv`` (its
statement columns either bare ids or ``comment-<id>``), write timestamps in seconds, and add
``comment-groups.csv`` (per-statement totals and ``group-<letter>-*`` counts from Polis's own
clustering), which stands in for ``comments.csv`` when that is absent (moderation then unknown).

Repeated vote events: a participant may click several times on one statement. Only the
latest event per (voter, statement) counts, ordered by the millisecond ``timestamp`` (events
with the same timestamp keep their file order, the later row winning), so every percentage is
over distinct voters. This is exactly the view ``participants-votes.csv`` stores; when
``votes.csv`` is missing from an export the matrix is used instead. The ``agrees`` and
``disagrees`` of ``comments.csv`` count raw events (repeats included) and are not used.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from consult.core.errors import InputError
from consult.core.sections import Agreement

ALL = "all"
ROLES = ("participants-votes", "participant-votes", "comment-groups", "comments", "summary", "votes", "xid")
"""The files of a Polis export, each named ``<role>.csv`` or ``<prefix>-<role>.csv`` (longest role first,
so that ``participant-votes.csv`` is not taken for ``votes.csv``)."""
MATRIX = "participants-votes"  # both spellings of the vote matrix go by this role
MAJORITY = 60.0  # percent of a statement's voters, one way, for a majority
VOTE_NAMES = {1: "agree", -1: "disagree", 0: "pass"}
_FIXED_PV_COLUMNS = ("participant", "xid", "group-id", "n-comments", "n-votes", "n-agree", "n-disagree")
_STATEMENT_COLUMN = re.compile(r"^(?:comment-)?(\d+)$")

STATS_COLUMNS = [
    "comment_id", "statement", "moderated", "group", "agree", "disagree", "pass", "base",
    "pct_agree", "pct_disagree", "pct_pass", "majority", "consensus", "divisive",
]


@dataclass(frozen=True)
class Conversation:
    """One Polis export.

    ``comments``: ``comment_id``, ``author_id``, ``moderated`` (1 in, -1 out, 0 none; NaN when
    only comment-groups.csv lists the statements), ``statement``. ``votes``: the raw event log
    (``timestamp``, ``comment_id``, ``voter_id``, ``vote``), or None when the export lacks
    votes.csv. ``matrix``: participants x statements of latest votes (1, -1, 0, NaN = not seen),
    or None. ``groups``: participant -> opinion group id as text ("" = not clustered; empty
    without a vote matrix). ``participants``: the matrix's fixed columns (``participant``,
    ``group``, ``n_votes``, ``xid`` when exported, ``raw_row``), or None. ``summary``: the
    key/value pairs of summary.csv. ``files``: the export's files by role (:data:`ROLES`).
    """

    folder: Path
    comments: pd.DataFrame
    votes: pd.DataFrame | None
    matrix: pd.DataFrame | None
    groups: pd.Series
    summary: dict[str, str]
    participants: pd.DataFrame | None = None
    files: dict[str, Path] = field(default_factory=dict)


def _role(name: str) -> tuple[str, str] | None:
    """(role, prefix) of a file name such as ``x-participant-votes.csv``, or None."""
    for role in ROLES:
        if name == f"{role}.csv" or name.endswith(f"-{role}.csv"):
            return (MATRIX if role == "participant-votes" else role), name[: len(name) - len(role) - 4]
    return None


def conversation_files(path: Path) -> dict[str, Path]:
    """The files of the Polis export that ``path`` (its folder or one of its CSVs) belongs to, by role:
    ``comments``, ``votes``, ``participants-votes`` (either spelling), ``comment-groups``, ``summary``,
    ``xid`` (Polis's participant,xid report).

    A file's own prefix picks its export; a folder must hold one export. Raises :class:`InputError`
    for a folder holding several exports (naming them) or none.
    """
    path = Path(path)
    folder = path if path.is_dir() else path.parent
    found: dict[str, dict[str, Path]] = {}
    for candidate in sorted(folder.glob("*.csv")):
        named = _role(candidate.name)
        if named:
            found.setdefault(named[1], {})[named[0]] = candidate
    xids = [roles["xid"] for roles in found.values() if "xid" in roles]  # Polis names it <uuid>-xid.csv
    if not path.is_dir():
        named = _role(path.name)
        roles = found.get(named[1], {}) if named else {}
    else:
        exports = {prefix: roles for prefix, roles in found.items() if {"comments", "comment-groups"} & set(roles)}
        if len(exports) > 1:
            names = ", ".join(f"{prefix or '(no prefix)'}" for prefix in exports)
            raise InputError(f"{folder}: holds {len(exports)} Polis exports ({names}); point inputs[].path at one "
                             "export's comments.csv.")
        roles = next(iter(exports.values()), {})
    if roles and "xid" not in roles and len(xids) == 1:
        roles = {**roles, "xid": xids[0]}
    return roles


def statements_file(path: Path) -> Path:
    """The file that lists a Polis export's statements: its ``comments.csv``, else its ``comment-groups.csv``
    (``path`` itself when it is neither a Polis folder nor a file of one)."""
    roles = conversation_files(path)
    return roles.get("comments") or roles.get("comment-groups") or (Path(path) / "comments.csv"
                                                                     if Path(path).is_dir() else Path(path))


def _read(path: Path, required: tuple[str, ...]) -> pd.DataFrame:
    try:
        frame = pd.read_csv(path, encoding="utf-8-sig", keep_default_na=False, na_values=[""])
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as error:
        raise InputError(f"{path}: cannot be read as a Polis CSV ({error}); re-export it from Polis.") from None
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise InputError(f"{path}: missing column(s) {', '.join(map(repr, missing))}; "
                         f"a Polis export has {', '.join(required)}.")
    return frame


def _read_summary(path: Path | None) -> dict[str, str]:
    if path is None or not path.exists():
        return {}
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return {row[0]: ",".join(row[1:]) for row in csv.reader(handle) if row}


def _statements(roles: dict[str, Path], folder: Path) -> pd.DataFrame:
    if "comments" in roles:
        comments = _read(roles["comments"], ("comment-id", "author-id", "moderated", "comment-body"))
        return comments.rename(columns={"comment-id": "comment_id", "author-id": "author_id",
                                        "comment-body": "statement"})
    if "comment-groups" in roles:
        groups = _read(roles["comment-groups"], ("comment-id", "comment"))
        return groups.rename(columns={"comment-id": "comment_id", "comment": "statement"}).assign(
            author_id=np.nan, moderated=np.nan)
    raise InputError(f"{folder / 'comments.csv'}: not found; point the config at a Polis export folder.")


def _matrix(path: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The vote matrix (participant x statement id) and the participants' fixed columns."""
    pv = _read(path, ("participant", "group-id"))
    statement_columns = {c: int(m.group(1)) for c in pv.columns if (m := _STATEMENT_COLUMN.match(str(c)))}
    matrix = pv.set_index("participant")[list(statement_columns)].rename(columns=statement_columns)
    group = pv["group-id"].map(lambda g: "" if pd.isna(g) else str(int(g)))
    n_votes = pv["n-votes"] if "n-votes" in pv.columns else matrix.notna().sum(axis=1).to_numpy()
    participants = pd.DataFrame({"participant": pv["participant"], "group": group, "n_votes": n_votes,
                                 "raw_row": np.arange(1, len(pv) + 1)})
    if "xid" in pv.columns:
        participants["xid"] = pv["xid"].astype("string")
    return matrix, participants


def read_conversation(folder: Path) -> Conversation:
    """Read a Polis export: its folder, or any of its files (see :func:`conversation_files`).

    Needs ``comments.csv`` (or ``comment-groups.csv``) and at least one of ``votes.csv`` and the
    vote matrix. Raises :class:`InputError` naming the file when one is missing, unreadable or
    lacks a column.
    """
    path = Path(folder)
    folder = path if path.is_dir() else path.parent
    roles = conversation_files(path)
    comments = _statements(roles, folder)
    if "votes" not in roles and MATRIX not in roles:
        raise InputError(f"{folder}: neither votes.csv nor participants-votes.csv found; "
                         "export the conversation again with its vote files.")
    votes = None
    if "votes" in roles:
        votes = _read(roles["votes"], ("timestamp", "comment-id", "voter-id", "vote")).rename(
            columns={"comment-id": "comment_id", "voter-id": "voter_id"})[["timestamp", "comment_id", "voter_id", "vote"]]
    matrix, participants, groups = None, None, pd.Series(dtype=str, name="group")
    if MATRIX in roles:
        matrix, participants = _matrix(roles[MATRIX])
        groups = participants.set_index("participant")["group"]
    return Conversation(folder, comments[["comment_id", "author_id", "moderated", "statement"]],
                        votes, matrix, groups, _read_summary(roles.get("summary")), participants, roles)


def group_letter(group_id: str) -> str:
    """How Polis names an opinion group: ``"0"`` -> ``"A"``, ``"1"`` -> ``"B"`` ...; ``""`` stays ``""``."""
    if group_id == "":
        return ""
    number = int(group_id)
    return chr(ord("A") + number) if number < 26 else f"G{number}"


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
    return vote_stats(latest_votes(conv), conv.groups, conv.comments, min_votes, majority)


def vote_stats(votes: pd.DataFrame, groups: pd.Series, statements: pd.DataFrame,
               min_votes: int = Agreement().small_base, majority: float = MAJORITY) -> pd.DataFrame:
    """:func:`statement_stats` from the parts: latest ``votes`` (``voter_id``, ``comment_id``, ``vote``
    as 1 / -1 / 0), ``groups`` (voter id -> opinion group label, ``""`` when not clustered; groups are
    ordered short labels first, then alphabetically) and ``statements`` (``comment_id``,
    ``statement``, ``moderated``), each of which gets rows, voted on or not."""
    votes = votes.assign(group=votes["voter_id"].map(groups).fillna(""))
    overall = _counts(votes.assign(group=ALL))
    by_group = _counts(votes[votes["group"] != ""])
    group_ids = sorted(by_group["group"].unique(), key=lambda g: (len(g), g))
    index = pd.MultiIndex.from_product([sorted(statements["comment_id"].unique()), [ALL, *group_ids]],
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
    texts = statements.drop_duplicates("comment_id").set_index("comment_id")[["statement", "moderated"]]
    return table.join(texts, on="comment_id")[STATS_COLUMNS]


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
