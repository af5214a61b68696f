"""Polis exports: reading, latest-vote-wins counting, majority / consensus / divisive, real conversations."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from consult.clean import polis
from consult.core.errors import InputError

# conversations with votes.csv, checked statement by statement against participants-votes.csv
WITH_VOTES = ["london.youth.policing", "15-per-hour-seattle", "brexit-consensus", "scoop-hivemind.freshwater"]


def write_export(folder: Path, votes: list[tuple[int, int, int, int]], groups: dict[int, int | None],
                 comments: int = 2) -> Path:
    """A minimal export: votes as (timestamp, comment, voter, vote); groups voter -> group id."""
    folder.mkdir(parents=True, exist_ok=True)
    pd.DataFrame({"timestamp": range(comments), "datetime": "x", "comment-id": range(comments), "author-id": 0,
                  "agrees": 0, "disagrees": 0, "moderated": 1, "comment-body": [f"S{i}" for i in range(comments)]}
                 ).to_csv(folder / "comments.csv", index=False)
    pd.DataFrame(votes, columns=["timestamp", "comment-id", "voter-id", "vote"]).assign(datetime="x").to_csv(
        folder / "votes.csv", index=False)
    pd.DataFrame({"participant": list(groups), "group-id": list(groups.values()), "n-comments": 0, "n-votes": 0,
                  "n-agree": 0, "n-disagree": 0}).to_csv(folder / "participants-votes.csv", index=False)
    return folder


def stats_row(table: pd.DataFrame, comment: int, group: str = "all") -> pd.Series:
    return table[(table["comment_id"] == comment) & (table["group"] == group)].iloc[0]


def test_latest_vote_wins_and_repeats_are_not_new_votes(tmp_path):
    votes = [(1, 0, 1, 1), (5, 0, 1, -1), (2, 0, 1, 1),  # voter 1 changed to disagree (latest by timestamp)
             (3, 0, 2, 1), (3, 0, 2, 0),  # same timestamp: the later row (pass) wins
             (4, 0, 3, 1), (4, 0, 3, 1), (4, 0, 3, 1)]  # repeat clicks
    conv = polis.read_conversation(write_export(tmp_path, votes, {1: 0, 2: 0, 3: 1}))
    latest = polis.latest_votes(conv).set_index("voter_id")["vote"].to_dict()
    assert latest == {1: -1, 2: 0, 3: 1}
    overall = stats_row(polis.statement_stats(conv, min_votes=1), 0)
    assert (overall["agree"], overall["disagree"], overall["pass"], overall["base"]) == (1, 1, 1, 3)
    assert overall["pct_agree"] == pytest.approx(100 / 3)


def test_majority_consensus_and_divisive_calls(tmp_path):
    votes = [(t, 0, v, 1) for t, v in enumerate(range(1, 11))]  # statement 0: everyone agrees
    votes += [(100 + v, 1, v, 1 if v <= 5 else -1) for v in range(1, 11)]  # statement 1: groups split
    groups = {v: 0 if v <= 5 else 1 for v in range(1, 11)}
    table = polis.statement_stats(polis.read_conversation(write_export(tmp_path, votes, groups)), min_votes=5)
    assert stats_row(table, 0)["majority"] == "agree"
    assert stats_row(table, 0)["consensus"] == "agree" and not stats_row(table, 0)["divisive"]
    assert stats_row(table, 1)["majority"] == ""  # 50 / 50 overall
    assert stats_row(table, 1, "0")["majority"] == "agree" and stats_row(table, 1, "1")["majority"] == "disagree"
    assert stats_row(table, 1)["divisive"] and stats_row(table, 1)["consensus"] == ""
    assert list(table["group"].unique()) == ["all", "0", "1"]


def test_min_votes_holds_back_the_calls(tmp_path):
    votes = [(v, 0, v, 1) for v in range(1, 5)]
    table = polis.statement_stats(polis.read_conversation(write_export(tmp_path, votes, {v: 0 for v in range(1, 5)})),
                                  min_votes=5)
    assert stats_row(table, 0)["majority"] == "" and stats_row(table, 0)["pct_agree"] == 100
    assert stats_row(table, 1)["base"] == 0  # a statement without votes is still listed


def test_unclustered_participants_count_only_overall(tmp_path):
    votes = [(1, 0, 1, 1), (2, 0, 2, -1)]
    table = polis.statement_stats(polis.read_conversation(write_export(tmp_path, votes, {1: 0, 2: None})), 1)
    assert stats_row(table, 0)["base"] == 2 and stats_row(table, 0, "0")["base"] == 1


def test_missing_files_and_columns_are_named(tmp_path):
    with pytest.raises(InputError, match="comments.csv: not found"):
        polis.read_conversation(tmp_path)
    folder = write_export(tmp_path / "x", [(1, 0, 1, 1)], {1: 0})
    (folder / "votes.csv").unlink()
    (folder / "participants-votes.csv").unlink()
    with pytest.raises(InputError, match="neither votes.csv nor participants-votes.csv"):
        polis.read_conversation(folder)
    pd.DataFrame({"timestamp": [1], "comment-id": [0]}).to_csv(folder / "votes.csv", index=False)
    with pytest.raises(InputError, match=r"votes.csv: missing column\(s\) 'voter-id', 'vote'"):
        polis.read_conversation(folder)


def pv_counts(folder: Path) -> pd.DataFrame:
    """Independent truth: agree / disagree / pass per statement straight from participants-votes.csv."""
    pv = pd.read_csv(folder / "participants-votes.csv")
    matrix = pv.drop(columns=[c for c in pv.columns if not c.isdigit()])
    return pd.DataFrame({"agree": (matrix == 1).sum(), "disagree": (matrix == -1).sum(),
                         "pass": (matrix == 0).sum()}).rename(index=int)


@pytest.mark.parametrize("name", WITH_VOTES)
def test_counts_from_the_vote_log_match_participants_votes(external_data, name):
    folder = external_data / "polis-opendata" / name
    conv = polis.read_conversation(folder)
    assert conv.votes is not None
    table = polis.statement_stats(conv).set_index(["comment_id", "group"])
    truth = pv_counts(folder)
    mine = table.xs("all", level="group").loc[truth.index, ["agree", "disagree", "pass"]]
    pd.testing.assert_frame_equal(mine, truth, check_dtype=False, check_names=False)
    # per opinion group too
    pv = pd.read_csv(folder / "participants-votes.csv").dropna(subset=["group-id"])
    for group_id, members in pv.groupby("group-id"):
        agree = (members[[str(c) for c in truth.index]] == 1).sum().rename(index=int)
        assert table.xs(str(int(group_id)), level="group").loc[truth.index, "agree"].tolist() == agree.tolist()


def test_raw_events_are_what_comments_csv_counts(external_data):
    """comments.csv agrees count repeat clicks; consult's counts (distinct voters) are never higher."""
    conv = polis.read_conversation(external_data / "polis-opendata" / "15-per-hour-seattle")
    raw = conv.votes[conv.votes["vote"] == 1].groupby("comment_id").size()
    stats = polis.statement_stats(conv).query("group == 'all'").set_index("comment_id")["agree"]
    comments = pd.read_csv(external_data / "polis-opendata" / "15-per-hour-seattle" / "comments.csv")
    published = comments.set_index("comment-id")["agrees"]
    assert raw.reindex(published.index, fill_value=0).tolist() == published.tolist()
    assert (stats.reindex(published.index) <= published).all() and (stats.reindex(published.index) < published).any()


def test_export_without_votes_uses_participants_votes(external_data):
    folder = external_data / "polis-opendata" / "american-assembly.bowling-green"
    conv = polis.read_conversation(folder)
    assert conv.votes is None
    table = polis.statement_stats(conv).query("group == 'all'").set_index("comment_id")
    truth = pv_counts(folder)
    assert table.loc[truth.index, "agree"].tolist() == truth["agree"].tolist()
    assert int(conv.summary["voters"]) == len(conv.matrix)
    assert int(table["base"].sum()) == 225524  # distinct (voter, statement) pairs, SOURCE.md
