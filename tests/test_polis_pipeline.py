"""Polis through the command line: both export layouts, the drafted config, filters, the cleaning log,
agreement.csv per statement and opinion group, consensus / divisive calls, and the report."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
import yaml

from consult.agreement import polis as polis_agreement
from consult.agreement import stage as agreement_stage
from consult.clean import polis
from consult.clean import stage as clean_stage
from consult.core import config
from consult.core.errors import ConfigError
from consult.init import draft
from consult.report import summary_checks

FIXTURE = Path(__file__).parent / "fixtures" / "exports" / "polis-report-export"
PREFIX = "2025-03-14-1030-4kjzx8vydp-"


def project(tmp_path: Path, export: Path = FIXTURE, extra: dict | None = None, target: str | None = None) -> Path:
    """A project folder with the export copied under data/raw/conv/ and its drafted config (plus ``extra``)."""
    raw = tmp_path / "data" / "raw" / "conv"
    shutil.copytree(export, raw)
    (tmp_path / "consultations").mkdir()
    drafted = draft.draft_config(raw / target if target else raw, "conv").config
    drafted["inputs"][0]["path"] = str(Path(drafted["inputs"][0]["path"]).relative_to(tmp_path))
    path = tmp_path / "consultations" / "conv.yaml"
    path.write_text(yaml.safe_dump({**drafted, **(extra or {})}, sort_keys=False), encoding="utf-8")
    return path


def clean_and_count(path: Path) -> tuple[config.Consultation, clean_stage.CleanResult, agreement_stage.AgreementResult]:
    cfg = config.load(path)
    return cfg, clean_stage.run(cfg), agreement_stage.run(cfg)


def row(agreement: pd.DataFrame, statement: str, group_by: str, group: str, option: str) -> pd.Series:
    found = agreement[(agreement["question_id"].astype(str) == statement) & (agreement["group_by"] == group_by)
                      & (agreement["group"] == group) & (agreement["option"] == option)]
    assert len(found) == 1
    return found.iloc[0]


# ---------------------------------------------------------------------------- reading both layouts
def test_newer_export_files_are_found_by_role_behind_their_prefix():
    roles = polis.conversation_files(FIXTURE)
    assert {r: p.name for r, p in roles.items()} == {
        "comments": PREFIX + "comments.csv", "votes": PREFIX + "votes.csv",
        "participants-votes": PREFIX + "participant-votes.csv", "comment-groups": PREFIX + "comment-groups.csv",
        "summary": PREFIX + "summary.csv"}
    assert polis.conversation_files(FIXTURE / (PREFIX + "votes.csv")) == roles


def test_newer_export_reads_with_latest_vote_winning():
    conv = polis.read_conversation(FIXTURE)
    assert conv.summary["topic"] == "Parking on Church Street"
    assert len(conv.votes) == 26 and len(conv.participants) == 8
    latest = polis.latest_votes(conv).set_index(["voter_id", "comment_id"])["vote"]
    assert len(latest) == 24 and latest[(4, 1)] == -1  # agree at 10:30:44, disagree 30 s later
    matrix = conv.matrix.stack().dropna().rename_axis(["voter_id", "comment_id"]).astype(int)
    pd.testing.assert_series_equal(latest.sort_index(), matrix.sort_index(), check_names=False)


def test_matrix_with_comment_prefixed_columns_and_no_vote_log(tmp_path):
    folder = tmp_path / "conv"
    shutil.copytree(FIXTURE, folder)
    (folder / (PREFIX + "votes.csv")).unlink()
    matrix = folder / (PREFIX + "participant-votes.csv")
    lines = matrix.read_text().splitlines()
    head = lines[0].split(",")
    lines[0] = ",".join(head[:6] + [f"comment-{c}" for c in head[6:]])
    matrix.write_text("\n".join(lines) + "\n")
    conv = polis.read_conversation(folder)
    assert conv.votes is None and list(conv.matrix.columns) == [0, 1, 2, 3, 4, 5]
    assert len(polis.latest_votes(conv)) == 24


def test_comment_groups_stand_in_for_a_missing_comments_file(tmp_path):
    folder = tmp_path / "conv"
    shutil.copytree(FIXTURE, folder)
    (folder / (PREFIX + "comments.csv")).unlink()
    conv = polis.read_conversation(folder)
    assert conv.comments["moderated"].isna().all() and 4 not in set(conv.comments["comment_id"])
    drafted = draft.draft_config(folder, "conv")
    assert drafted.config["questions"][0]["column"] == "comment"
    assert "moderation is unknown" in drafted.yaml


# ---------------------------------------------------------------------------- init + clean + agreement
@pytest.mark.parametrize("target", [None, PREFIX + "votes.csv", PREFIX + "participant-votes.csv",
                                    PREFIX + "comment-groups.csv"])
def test_init_from_the_folder_or_any_file_drafts_the_same_config(tmp_path, target):
    drafted = draft.draft_config(FIXTURE / target if target else FIXTURE, "conv").config
    assert drafted["inputs"] == [{"path": str(FIXTURE / (PREFIX + "comments.csv")), "format": "polis"}]
    assert drafted["title"] == "Parking on Church Street" and drafted["id_column"] == "comment-id"


def test_drafted_config_runs_one_question_per_statement(tmp_path):
    _, _, result = clean_and_count(project(tmp_path))
    agreement = result.agreement
    assert list(dict.fromkeys(agreement["question_id"])) == ["0", "1", "2", "3", "5"]  # 4 was moderated out
    assert set(agreement["option"]) == {"agree", "disagree", "pass"} and not agreement["net"].any()
    assert list(dict.fromkeys(agreement["group_by"])) == ["all", "opinion_group"]
    assert sorted(agreement.loc[agreement["group_by"] == "opinion_group", "group"].unique()) == ["A", "B"]
    agree = row(agreement, "1", "all", "all", "agree")
    assert (agree["n"], agree["base"]) == (4, 8)  # voter 4 agreed, then disagreed: one disagree
    assert row(agreement, "1", "opinion_group", "B", "disagree")["n"] == 3
    # participant 7 is in no group: counted overall only
    assert row(agreement, "0", "all", "all", "pass")["n"] == 1
    assert row(agreement, "0", "opinion_group", "A", "pass")["n"] == 0
    empty = row(agreement, "5", "all", "all", "agree")
    assert (empty["base"], empty["flag"]) == (0, "[x]")  # a statement with no votes keeps its rows


def test_cleaning_log_accounts_for_statements_participants_and_votes(tmp_path):
    _, cleaned, _ = clean_and_count(project(tmp_path))
    log = cleaned.log
    statements = log[log["source_file"] == PREFIX + "comments.csv"]
    assert statements["status"].value_counts().to_dict() == {"kept": 5, "excluded": 1}
    out = statements[statements["status"] == "excluded"].iloc[0]
    assert (str(out["raw_row"]), out["reason"], out["rule"]) == ("5", "moderated out (moderated = -1)",
                                                                 "filter.statements")
    people = log[log["source_file"] == PREFIX + "participant-votes.csv"]
    assert len(people) == 8 and set(people["status"]) == {"kept"}
    votes = log[log["status"] == "summary"].set_index("rule")
    assert (votes.loc["latest_vote", "before"], votes.loc["latest_vote", "after"]) == (26, 24)
    assert "1 of them a change of vote" in votes.loc["latest_vote", "reason"]
    assert (votes.loc["filter.statements", "before"], votes.loc["filter.statements", "after"]) == (24, 23)
    assert len(cleaned.polis_votes) == 23 and cleaned.totals()["raw"] == 6 + 8


# ---------------------------------------------------------------------------- filters
def test_min_votes_and_accepted_statements(tmp_path):
    path = project(tmp_path, extra={"filter": {"min_votes": 3, "statements": "accepted"}})
    _, cleaned, result = clean_and_count(path)
    log = cleaned.log
    gone = log[(log["status"] == "excluded") & (log["rule"] == "filter.min_votes")]
    assert sorted(gone["respondent_id"].astype(int)) == [3, 6, 7]  # n-votes 2
    assert gone["reason"].tolist()[0].startswith("fewer than 3 votes (2)")
    accepted = log[(log["status"] == "excluded") & (log["rule"] == "filter.statements")]
    assert sorted(accepted["reason"]) == ["moderated out (moderated = -1)", "not moderated in (moderated = 0)"]
    assert set(cleaned.polis_participants["participant_id"]) == {0, 1, 2, 4, 5}
    assert set(result.agreement["question_id"]) == {"0", "1", "2", "5"}
    assert cleaned.filtered() == [
        "filter.min_votes: 3 row(s) left out (3 of 2025-03-14-1030-4kjzx8vydp-participant-votes.csv), "
        "and 6 vote(s) with them",
        "filter.statements: 2 row(s) left out (2 of 2025-03-14-1030-4kjzx8vydp-comments.csv), and 3 vote(s) with them"]


def test_exclude_ids_and_where(tmp_path):
    (tmp_path / "bots.txt").write_text("# known test accounts\n5\n", encoding="utf-8")
    path = project(tmp_path, extra={"filter": {"exclude_ids": "bots.txt", "where": "opinion_group == 'A'"}})
    _, cleaned, _ = clean_and_count(path)
    people = cleaned.log[cleaned.log["source_file"].str.endswith("participant-votes.csv")].set_index("respondent_id")
    assert people.loc[5, "rule"] == "filter.exclude_ids"
    assert set(people.index[people["rule"] == "filter.where"]) == {4, 6, 7}
    assert set(cleaned.polis_participants["participant_id"]) == {0, 1, 2, 3}


def test_bad_where_is_one_problem_naming_the_columns(tmp_path):
    path = project(tmp_path, extra={"filter": {"where": "votes >"}})
    problems = clean_stage.check(config.load(path))
    assert len(problems) == 1 and "filter.where" in problems[0] and "opinion_group, n_votes" in problems[0]


def test_polis_keys_are_refused_for_ordinary_exports():
    base = {"id": "x", "title": "x", "inputs": [{"path": "a.csv"}],
            "questions": [{"id": "q", "column": "q", "type": "free_text"}]}
    with pytest.raises(ConfigError, match="filter.min_votes: only for a Polis conversation"):
        config.parse({**base, "filter": {"min_votes": 3}})
    with pytest.raises(ConfigError, match="statements are identified by 'comment-id'"):
        config.parse({**base, "inputs": [{"path": "c.csv", "format": "polis"}]})
    with pytest.raises(ConfigError, match="attributes need polis.participants"):
        config.parse({**base, "inputs": [{"path": "c.csv", "format": "polis"}], "id_column": "comment-id",
                      "polis": {"attributes": {"age": "Age"}}})


# ---------------------------------------------------------------------------- attributes, small groups
def test_attributes_by_xid_and_a_group_with_one_member(tmp_path):
    export = tmp_path / "export"
    shutil.copytree(FIXTURE, export)
    (export / "a1b2-xid.csv").write_text("participant,xid\n" + "".join(f"{p},user-{p}\n" for p in range(8)))
    (tmp_path / "people.csv").write_text("xid,Age band\n" + "".join(
        f"user-{p},{'65+' if p == 6 else '18-64'}\n" for p in range(7)))  # participant 7 has no row
    path = project(tmp_path / "p", export, {"polis": {"participants": "../people.csv",
                                                      "attributes": {"age": "Age band"}}})
    _, cleaned, result = clean_and_count(path)
    assert cleaned.polis_participants.set_index("participant_id")["age"].fillna("").to_dict()[6] == "65+"
    single = row(result.agreement, "0", "age", "65+", "disagree")
    assert (single["n"], single["base"], single["flag"]) == (1, 1, "[c]")
    assert row(result.agreement, "0", "age", "(not stated)", "pass")["n"] == 1  # participant 7
    tested = result.group_tests[result.group_tests["group_by"] == "age"]
    assert len(tested) == 5 and tested["test"].str.startswith("not tested").all()  # groups under small_base


def conversation(votes: list[tuple[int, int, str]], groups: dict[int, str], statements: int) -> tuple:
    responses = pd.DataFrame({"respondent_id": [str(s) for s in range(statements)],
                              "statement": [f"S{s}" for s in range(statements)], "moderated": "1"})
    frame = pd.DataFrame(votes, columns=["participant_id", "statement_id", "vote"]).astype({"statement_id": str})
    people = pd.DataFrame({"participant_id": list(groups), "opinion_group": [g or None for g in groups.values()]})
    return responses, frame, people


def test_consensus_divisive_and_a_one_member_group_on_a_constructed_conversation():
    groups = {p: "A" if p < 30 else "B" if p < 60 else "C" for p in range(61)}  # group C has one member
    votes = [(p, 0, "agree" if p % 10 else "disagree") for p in range(61)]  # 90% agree in A and B
    votes += [(p, 1, "agree" if p < 30 else "disagree") for p in range(61)]  # A agrees, B disagrees
    votes += [(p, 2, "pass") for p in range(0, 61, 2)]
    cfg = config.parse({"id": "c", "title": "c", "inputs": [{"path": "c.csv", "format": "polis"}],
                        "id_column": "comment-id", "questions": [{"id": "statement", "column": "comment-body",
                                                                  "type": "free_text"}]})
    agreement, tests, statements = polis_agreement.compute(*conversation(votes, groups, 4), cfg)
    calls = statements.set_index("statement_id")
    # group C (one voter) is too small to count for consensus, so A and B decide
    assert calls.loc["0", "consensus"] == "" and calls.loc["0", "majority"] == "agree"
    assert calls.loc["1", "divisive"] and calls.loc["1", "groups_differ"] and calls.loc["1", "agree_gap_pp"] == 100
    assert not calls.loc["0", "groups_differ"]
    assert calls.loc["2", "pct_pass"] == 100 and calls.loc["3", "base"] == 0
    one = row(agreement, "1", "opinion_group", "C", "disagree")
    assert (one["n"], one["base"], one["flag"]) == (1, 1, "[c]")
    agreed = config.parse({**cfg.model_dump(exclude={"source", "root"}), "agreement": {"small_base": 1,
                                                                                      "suppress_below": 1}})
    both = polis_agreement.compute(*conversation(votes[:122], {p: groups[p] for p in range(60)}, 2), agreed)[2]
    assert both.set_index("statement_id").loc["0", "consensus"] == "agree"


# ---------------------------------------------------------------------------- report
def test_report_names_participants_statements_and_traces_percentages(tmp_path):
    from consult.report import stage as report_stage
    from consult.themes import stage as themes_stage

    cfg, _, result = clean_and_count(project(tmp_path, extra={"agreement": {"small_base": 2, "suppress_below": 2}}))
    themes_stage.run(cfg)
    report = report_stage.run(cfg)
    text = report.paths["summary.md"].read_text(encoding="utf-8")
    assert "A total of eight participants took part, casting 23 votes" in text
    assert "respondent" not in text.lower()
    assert "Common ground" in text and "“Church Street should be closed to cars on Saturdays.”: 75% (6 of 8) agreed" in text
    assert "A further statement was left out (moderated out)." in text
    assert summary_checks.check_percentages(text, result.agreement) == []
    assert "07700" not in text
    assert (cfg.reports_dir / "figures" / "polis_statements.png").exists()


# ---------------------------------------------------------------------------- real conversations
@pytest.mark.parametrize("name", ["london.youth.policing", "scoop-hivemind.freshwater"])
def test_real_conversation_counts_equal_the_exports_own(external_data, tmp_path, name):
    """agreement.csv's overall counts are participants-votes.csv's (latest vote per participant); the raw vote
    events are what comments.csv's agrees / disagrees count."""
    folder = external_data / "polis-opendata" / name
    path = project(tmp_path, folder, {"filter": {"statements": "not_rejected"}})
    cfg, cleaned, result = clean_and_count(path)
    pv = pd.read_csv(folder / "participants-votes.csv")
    matrix = pv[[c for c in pv.columns if c.isdigit()]]
    comments = pd.read_csv(folder / "comments.csv").set_index("comment-id")
    kept = comments.index[comments["moderated"] != -1].astype(str)
    overall = result.agreement[result.agreement["group_by"] == "all"].pivot(
        index="question_id", columns="option", values="n")
    for option, value in (("agree", 1), ("disagree", -1), ("pass", 0)):
        truth = (matrix == value).sum().reindex(kept, fill_value=0)
        assert overall.loc[kept, option].tolist() == truth.tolist()
    groups = pv.dropna(subset=["group-id"])
    for group_id, members in groups.groupby("group-id"):
        letter = polis.group_letter(str(int(group_id)))
        mine = result.agreement[(result.agreement["group_by"] == "opinion_group") & (result.agreement["group"] == letter)
                                & (result.agreement["option"] == "agree")].set_index("question_id")["n"]
        assert mine.loc[kept].tolist() == (members[matrix.columns] == 1).sum().reindex(kept, fill_value=0).tolist()
    events = pd.read_csv(folder / "votes.csv")
    raw = events[events["vote"] == 1].groupby("comment-id").size().reindex(comments.index, fill_value=0)
    assert raw.tolist() == comments["agrees"].tolist()
    log = cleaned.log[cleaned.log["rule"] == "latest_vote"].iloc[0]
    assert (int(log["before"]), int(log["after"])) == (len(events), int(matrix.notna().sum().sum()))
