"""The clean stage's Polis path: statements filtered, votes resolved, participants filtered and described.

A Polis conversation's statements are cleaned like any export's rows (comments.csv is the input:
one row per statement, its text a free-text question), then :func:`filter_statements` leaves out
the statements that ``filter.statements`` rejects. :func:`clean_votes` turns the votes into
``polis_votes.csv`` (the latest vote of each kept participant on each kept statement) and
``polis_participants.csv`` (each kept participant's opinion group, vote count and attributes),
and accounts for every participant row (kept, or excluded with its rule) and for the votes in
``summary`` rows of the cleaning log: events read, repeats resolved to the latest vote, and the
votes each filter left out. See docs/files.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from consult.clean import filters, polis
from consult.clean.duplicates import RowStatus
from consult.clean.ingest import normalise_whitespace
from consult.core.config import Consultation
from consult.core.errors import InputError

VOTE_COLUMNS = ["participant_id", "statement_id", "vote"]
OPINION_GROUP = "opinion_group"
"""The ``group_by`` of Polis's opinion groups in agreement.csv, and its column in polis_participants.csv."""
SUMMARY = "summary"
"""The cleaning-log status of a row that counts what is not logged row by row (Polis vote events)."""
_LEFT_OUT = {"not_rejected": ("-1",), "accepted": ("-1", "0")}  # moderated values each choice leaves out
_WHY = {"-1": "moderated out", "0": "not moderated in"}


@dataclass(frozen=True)
class PolisVotes:
    """The votes and participants as kept, the cleaning-log rows about them, and the problems found."""

    votes: pd.DataFrame
    participants: pd.DataFrame
    log: pd.DataFrame
    problems: list[str] = field(default_factory=list)


def filter_statements(cfg: Consultation, frame: pd.DataFrame, keys: pd.DataFrame,
                      rows: RowStatus) -> tuple[RowStatus, pd.Series, list[str]]:
    """Leave out the statements that ``filter.statements`` rejects (by comments.csv's ``moderated``).

    ``frame`` is the statements' export as read (text cells, in ``keys`` order). Returns the rows'
    status with those statements excluded (``moderated out`` / ``not moderated in``), which rows the
    filter excluded, and the problems (``accepted`` without a ``moderated`` column).
    """
    if "moderated" not in frame.columns:
        problem = (f"{keys['source_file'].iloc[0]}: filter.statements: accepted needs comments.csv's 'moderated' "
                   "column; export comments.csv too, or use statements: not_rejected.")
        return rows, pd.Series(False, index=keys.index), [problem] if cfg.filter.statements == "accepted" else []
    moderated = frame["moderated"].reset_index(drop=True).astype(str).str.strip()
    hit = moderated.isin(_LEFT_OUT[cfg.filter.statements]).set_axis(keys.index) & rows.status.eq("kept")
    status, why = rows.status.copy(), rows.reason.copy()
    status[hit] = "excluded"
    values = moderated[hit.to_numpy()]
    why[hit] = (values.map(_WHY) + " (moderated = " + values + ")").to_numpy()
    return RowStatus(status, why, rows.problems), hit, []


def _participant_rows(people: pd.DataFrame, out: pd.Series, reason: pd.Series, rule: pd.Series) -> pd.DataFrame:
    """One cleaning-log row per participant: kept, or excluded with its reason and rule."""
    return pd.DataFrame({"source_file": people["source_file"], "raw_row": people["raw_row"],
                         "respondent_id": people["participant"], "status": np.where(out, "excluded", "kept"),
                         "reason": reason, "column": "", "before": "", "after": "", "rule": rule})


def _summary_row(source: str, reason: str, rule: str, before: int, after: int) -> pd.DataFrame:
    """A cleaning-log row counting votes: ``before`` in, ``after`` out of the step ``rule``."""
    return pd.DataFrame([{"source_file": source, "raw_row": "", "respondent_id": "", "status": SUMMARY,
                          "reason": reason, "column": "vote", "before": before, "after": after, "rule": rule}])


def _participants(conv: polis.Conversation, latest: pd.DataFrame) -> pd.DataFrame:
    """Every participant: from the vote matrix, plus any voter it lacks (from votes.csv, no raw row)."""
    counted = latest.groupby("voter_id").size()
    if conv.participants is not None:
        found = conv.participants.assign(source_file=conv.files[polis.MATRIX].name)
    else:
        found = pd.DataFrame({"participant": pd.Series(dtype=np.int64), "group": "", "n_votes": 0, "raw_row": ""})
    extra = counted.index.difference(found["participant"])
    if len(extra):
        found = pd.concat([found, pd.DataFrame({
            "participant": extra, "group": "", "n_votes": counted[extra].to_numpy(), "raw_row": "",
            "source_file": conv.files["votes"].name})], ignore_index=True)
    return found.assign(opinion_group=found["group"].map(polis.group_letter)).reset_index(drop=True)


def _attributes(cfg: Consultation, conv: polis.Conversation, people: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """The participants with ``polis.attributes`` joined by xid (blank where a participant has none)."""
    spec = cfg.polis
    if not spec.participants:
        return people, []
    path = cfg.resolve(spec.participants)
    if not path.is_file():
        return people, [f"{path}: polis.participants: file not found; check the path (relative to the project folder)."]
    table = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    missing = [c for c in [spec.xid_column, *spec.attributes.values()] if c not in table.columns]
    if missing:
        return people, [f"{path}: polis: column(s) {', '.join(map(repr, missing))} not in the file; its columns are "
                        f"{', '.join(map(repr, table.columns))}."]
    xids = people["xid"] if "xid" in people.columns else _xid_report(conv, people)
    if xids is None:
        return people, [f"{conv.folder}: polis.participants: the export has no xids (no 'xid' column in the vote "
                        "matrix and no xid.csv); export the participants' xids from Polis beside the conversation."]
    table = table.assign(**{spec.xid_column: table[spec.xid_column].map(normalise_whitespace)})
    repeated = table[spec.xid_column][table[spec.xid_column].duplicated() & table[spec.xid_column].ne("")]
    if len(repeated):
        return people, [f"{path}: polis.participants: xid {repeated.iloc[0]!r} is on more than one row; give each "
                        "participant one row."]
    lookup = table.set_index(spec.xid_column)
    joined = {key: xids.map(lookup[column].map(normalise_whitespace)).replace("", np.nan)
              for key, column in spec.attributes.items()}
    return people.assign(**joined), []


def _xid_report(conv: polis.Conversation, people: pd.DataFrame) -> pd.Series | None:
    """Each participant's xid from Polis's xid report (``participant``, ``xid``), or None without one."""
    if "xid" not in conv.files:
        return None
    report = pd.read_csv(conv.files["xid"], dtype=str, keep_default_na=False, encoding="utf-8-sig")
    if not {"participant", "xid"} <= set(report.columns):
        return None
    mapping = report.set_index(report["participant"].str.strip())["xid"].map(normalise_whitespace)
    return people["participant"].astype(str).map(mapping)


def _exclusions(cfg: Consultation, people: pd.DataFrame) -> tuple[pd.Series, pd.Series, pd.Series, list[str]]:
    """Each participant's exclusion (False when kept), its reason and its rule, in rule order:
    ``filter.exclude_ids``, ``filter.min_votes``, ``filter.where``."""
    out = pd.Series(False, index=people.index)
    reason, rule = pd.Series("", index=people.index, dtype=object), pd.Series("", index=people.index, dtype=object)
    ids, problems = filters.read_ids(cfg, "participant")
    steps: list[tuple[str, pd.Series, object]] = []
    if ids:
        named = people["participant"].astype(str).isin(ids)
        if "xid" in people.columns:
            named |= people["xid"].isin(ids)
        steps.append(("filter.exclude_ids", named, "participant id listed in filter.exclude_ids"))
    if cfg.filter.min_votes:
        few = pd.to_numeric(people["n_votes"]) < cfg.filter.min_votes
        steps.append(("filter.min_votes", few, "fewer than " + str(cfg.filter.min_votes) + " votes ("
                      + people["n_votes"].astype(str) + ")"))
    if cfg.filter.where:
        try:
            kept = people.drop(columns=["xid"], errors="ignore").eval(cfg.filter.where)
        except Exception as error:  # noqa: BLE001 - any failure of the user's expression is reported as one problem
            problems.append(f"{cfg.source}: filter.where: {cfg.filter.where!r} cannot be evaluated on the participants "
                            f"({type(error).__name__}: {error}); its columns are participant, opinion_group, n_votes"
                            f"{''.join(', ' + a for a in cfg.polis.attributes)}.")
            kept = pd.Series(True, index=people.index)
        steps.append(("filter.where", ~pd.Series(kept, index=people.index).fillna(False).astype(bool),
                      f"filter.where is false: {cfg.filter.where}"))
    for name, hit, why in steps:
        new = hit & ~out
        out |= new
        reason[new] = why[new] if isinstance(why, pd.Series) else why
        rule[new] = name
    return out, reason, rule, problems


def clean_votes(cfg: Consultation, path: Path, statements: pd.Series) -> PolisVotes:
    """The votes of the conversation at ``path`` on the kept ``statements`` (their comment ids).

    Repeated votes resolve to the latest (:func:`consult.clean.polis.latest_votes`); participants
    are left out by ``filter.exclude_ids``, ``filter.min_votes`` and ``filter.where``; attributes are
    joined from ``polis.participants`` by xid. Problems (unreadable files, a bad filter) are returned,
    not raised.
    """
    try:
        conv = polis.read_conversation(path)
    except InputError as error:
        return PolisVotes(pd.DataFrame(columns=VOTE_COLUMNS), pd.DataFrame(), pd.DataFrame(), [str(error)])
    latest = polis.latest_votes(conv)
    people = _participants(conv, latest)
    people, problems = _attributes(cfg, conv, people)
    out, reason, rule, more = _exclusions(cfg, people)
    problems += more
    log = [_participant_rows(people, out, reason, rule)]
    source = conv.files["votes"].name if conv.votes is not None else conv.files[polis.MATRIX].name
    read = len(conv.votes) if conv.votes is not None else len(latest)
    changed = _changed_votes(conv)
    how = ("vote events read; repeated votes by a participant on a statement resolved to the latest"
           f" ({changed:,} of them a change of vote)" if conv.votes is not None
           else "votes read from the vote matrix, which holds each participant's latest vote")
    log.append(_summary_row(source, how, "latest_vote", read, len(latest)))
    on_kept = latest[latest["comment_id"].isin(statements)]
    log.append(_summary_row(source, f"votes on statements left out (statements: {cfg.filter.statements})",
                            "filter.statements", len(latest), len(on_kept)))
    voters = on_kept
    for name in dict.fromkeys(rule[out]):
        leaving = set(people.loc[rule.eq(name), "participant"])
        remaining = voters[~voters["voter_id"].isin(leaving)]
        log.append(_summary_row(source, f"votes of participants left out by {name}", name, len(voters),
                                len(remaining)))
        voters = remaining
    kept = people[~out]
    votes = pd.DataFrame({"participant_id": voters["voter_id"].to_numpy(), "statement_id": voters["comment_id"].to_numpy(),
                          "vote": voters["vote"].map(polis.VOTE_NAMES).to_numpy()})
    participants = pd.DataFrame({"participant_id": kept["participant"], OPINION_GROUP: kept["opinion_group"],
                                 "n_votes": kept["n_votes"],
                                 **{key: kept[key] for key in cfg.polis.attributes if key in kept.columns}})
    return PolisVotes(votes.sort_values(["statement_id", "participant_id"], ignore_index=True),
                      participants.reset_index(drop=True), pd.concat(log, ignore_index=True), problems)


def _changed_votes(conv: polis.Conversation) -> int:
    """How many (participant, statement) pairs of the event log hold more than one distinct vote."""
    if conv.votes is None:
        return 0
    return int((conv.votes.groupby(["voter_id", "comment_id"])["vote"].nunique() > 1).sum())
