"""The clean stage: labels, multi-select, non-answers, redaction, duplicates, campaigns, the log, bad input."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from consult.clean import answers, campaigns, duplicates, nonanswers
from consult.clean import stage as clean
from consult.core import config, side_by_side
from consult.core.config import Consultation
from consult.core.errors import InputError

FIXTURES = Path(__file__).parent / "fixtures" / "exports"
AGREE = "1. Do you agree with the proposals?"
EXPLAIN = "2. Please explain your answer"
SERVICES = "3. Which services do you use? (tick all that apply)"


def make(tmp_path: Path, export: str | Path = "responses.csv", **overrides: Any) -> Consultation:
    data: dict[str, Any] = {
        "id": "fixture", "title": "Fixture consultation",
        "inputs": [{"path": str(FIXTURES / export)}],
        "id_column": "Response ID", "submitted_column": "Submitted",
        "questions": [
            {"id": "capacity", "column": "Are you responding as an individual or on behalf of an organisation?",
             "type": "attribute", "synonyms": {"Organisation": "On behalf of an organisation"}},
            {"id": "q1", "column": AGREE, "type": "closed", "scale": "agree5"},
            {"id": "q2", "column": EXPLAIN, "type": "free_text", "explains": "q1"},
            {"id": "services", "column": SERVICES, "type": "multi_select", "delimiter": ", ",
             "options": ["Bins", "Libraries", "Parks and open spaces"]},
        ],
        "cleaning": {"near_duplicate_threshold": 0.8, "campaign_min_size": 5},
    }
    data.update(overrides)
    return config.parse(data, "fixture.yaml", root=tmp_path)


@pytest.fixture()
def result(tmp_path: Path) -> clean.CleanResult:
    return clean.run(make(tmp_path))


def test_every_raw_row_is_accounted_for(result: clean.CleanResult) -> None:
    assert result.totals()["raw"] == 16 == result.totals()["kept"] + result.totals()["excluded"]
    status = result.log[result.log["status"] != "changed"]
    assert status["raw_row"].tolist() == list(range(1, 17))
    assert len(result.responses) == result.totals()["kept"] == 13
    excluded = status[status["status"] == "excluded"].set_index("raw_row")["reason"].to_dict()
    assert excluded == {
        12: "exact duplicate of raw row 4",
        13: "resubmission: later submission kept (raw row 14)",
        15: duplicates.EMPTY,
    }


def test_outputs_are_written_and_byte_identical_on_rerun(tmp_path: Path) -> None:
    cfg = make(tmp_path)
    clean.run(cfg)
    first = {name: (cfg.processed_dir / name).read_bytes() for name in ("responses.csv", "campaigns.csv", "cleaning_log.csv")}
    clean.run(cfg)
    assert first == {name: (cfg.processed_dir / name).read_bytes() for name in first}
    header = first["cleaning_log.csv"].decode().splitlines()[0]
    assert header == ",".join(clean.LOG_COLUMNS)


def test_labels_are_mapped_and_logged(result: clean.CleanResult) -> None:
    by_id = result.responses.set_index("respondent_id")
    assert by_id.loc[["R-002", "R-003", "R-009", "R-013"], "q1"].tolist() == [
        "Agree", "Agree", "Don't know", "Strongly agree"]
    assert by_id.loc[["R-002", "R-003", "R-013"], "capacity"].tolist() == [
        "individual", "On behalf of an organisation", "On behalf of an organisation"]
    changed = result.log[(result.log["status"] == "changed") & (result.log["column"] == "q1")]
    assert changed[["before", "after", "rule"]].values.tolist() == [
        ["AGREE ", "Agree", "label_synonym"], ["Tend to agree", "Agree", "label_synonym"],
        ["Don\u2019t know", "Don't know", "label_synonym"], ["SA", "Strongly agree", "label_synonym"]]


def test_multi_select_split_against_options_with_commas(result: clean.CleanResult) -> None:
    by_id = result.responses.set_index("respondent_id")
    assert by_id.at["R-001", "services"] == "Bins; Libraries; Parks and open spaces"
    assert by_id.at["R-006", "services"] == "Bins; Libraries"
    assert by_id.at["R-003", "services"] != by_id.at["R-003", "services"] or by_id.at["R-003", "services"] == ""


def test_free_text_status_redaction_and_formulas(result: clean.CleanResult) -> None:
    by_id = result.responses.set_index("respondent_id")
    assert by_id.loc[["R-002", "R-003", "R-013", "R-001"], "q2__status"].tolist() == [
        "non_answer", "non_answer", "non_answer", "answer"]
    assert by_id.at["R-001", "q2"] == "Good plan, call me on [phone] if needed."
    assert by_id.at["R-012", "q2"] == "More bins please, and emptied weekly"
    assert by_id.at["R-009", "q2"].startswith("don\u2019t know what")
    assert by_id.at["R-010", "q2"].startswith("'=HYPERLINK(") and by_id.at["R-011", "q2"].startswith("'+cmd|")
    redactions = result.log[result.log["rule"] == "redact"]
    assert redactions[["respondent_id", "before", "after"]].values.tolist() == [
        ["R-001", "phone×1", "Good plan, call me on [phone] if needed."],
        ["R-007", "name×1", "We the residents of Hill Street object to the closure of the library because families "
                            "rely on it every day. Regards, [name]"],
        ["R-010", "url×1", '=HYPERLINK("[url]","click")']]
    assert set(result.log["rule"]) >= {"mojibake", "whitespace", "redact", "formula", "label_synonym"}


def test_formula_text_is_never_written_live(tmp_path: Path) -> None:
    cfg = make(tmp_path)
    clean.run(cfg)
    for name in ("responses.csv", "cleaning_log.csv"):
        with open(cfg.processed_dir / name, encoding="utf-8", newline="") as handle:
            cells = [cell for row in csv.reader(handle) for cell in row]
        assert not [c for c in cells if c[:1] in ("=", "+", "@") or (c[:1] == "-" and len(c) > 1 and not c[1].isdigit())]


def test_campaign_is_found_and_named(result: clean.CleanResult) -> None:
    assert result.campaigns[["question_id", "campaign_id", "n_respondents"]].values.tolist() == [["q2", "C1", 5]]
    assert result.campaigns.at[0, "text"].startswith("We the residents of Hill Street object")
    members = result.responses[result.responses["q2__campaign"] == "C1"]["respondent_id"].tolist()
    assert members == ["R-004", "R-005", "R-006", "R-007", "R-008"]


def test_cp1252_semicolon_copy_cleans_to_the_same_responses(tmp_path: Path, result: clean.CleanResult) -> None:
    other = clean.run(make(tmp_path, "responses_cp1252_semicolon.csv"))
    columns = ["respondent_id", "capacity", "q1", "services", "q2__status", "q2__campaign"]
    assert other.responses[columns].equals(result.responses[columns])


def test_no_id_column_numbers_rows_and_drops_identical_rows(tmp_path: Path) -> None:
    cfg = make(tmp_path, "no_ids.csv", id_column=None, submitted_column=None, questions=[
        {"id": "q1", "column": AGREE, "type": "closed", "scale": "agree5"},
        {"id": "q2", "column": EXPLAIN, "type": "free_text"}])
    result = clean.run(cfg)
    status = result.log[result.log["status"] != "changed"]
    assert status["respondent_id"].tolist() == ["row 2", "row 3", "row 4", "row 5"]
    assert status["reason"].tolist() == ["", "exact duplicate of raw row 1", "", ""]


def _referenced(tmp_path: Path) -> Path:
    """An export whose own reference (Ref) runs R0000, R0001, ...; R0002 left every question blank."""
    export = tmp_path / "comments.csv"
    comments = [f"Keep the library open, reason {n}" if n != 2 else "" for n in range(8)]
    pd.DataFrame({"Ref": [f"R{n:04d}" for n in range(8)], "Comments": comments}).to_csv(export, index=False)
    return export


def test_the_log_names_rows_by_the_exports_own_reference(tmp_path: Path) -> None:
    from consult.init import draft

    drafted = draft.draft_config(_referenced(tmp_path), "comments").config
    assert drafted["id_column"] == "Ref"
    log = clean.run(config.parse(drafted, "comments.yaml", root=tmp_path)).log
    assert log[log["status"].eq("excluded")][["raw_row", "respondent_id"]].values.tolist() == [[3, "R0002"]]


def test_own_ids_are_never_like_the_exports_references(tmp_path: Path) -> None:
    export = _referenced(tmp_path)
    cfg = config.parse({"id": "comments", "title": "Comments", "inputs": [{"path": str(export)}],
                        "questions": [{"id": "comments", "column": "Comments", "type": "free_text"}]},
                       "comments.yaml", root=tmp_path)
    log = clean.run(cfg).log
    assert log[log["status"].eq("excluded")][["raw_row", "respondent_id"]].values.tolist() == [[3, "row 4"]]


def test_unmapped_labels_listed_with_counts(tmp_path: Path) -> None:
    cfg = make(tmp_path, "unmapped_labels.csv", submitted_column=None,
               questions=[{"id": "q1", "column": AGREE, "type": "closed", "scale": "agree5"}])
    problems = clean.check(cfg)
    assert len(problems) == 1
    assert problems[0].startswith(
        "unmapped_labels.csv: questions[0] (q1) column '1. Do you agree with the proposals?': "
        "unmapped labels 'Kinda agree' ×2, 'Maybe?' ×1; the scale agree5 has ")
    with pytest.raises(InputError, match="unmapped labels 'Kinda agree' ×2"):
        clean.run(cfg)
    relaxed = make(tmp_path, "unmapped_labels.csv", submitted_column=None,
                   questions=[{"id": "q1", "column": AGREE, "type": "closed", "scale": "agree5"},
                              {"id": "q2", "column": EXPLAIN, "type": "free_text"}],
                   cleaning={"unmapped_as_missing": True})
    result = clean.run(relaxed)
    assert result.responses["q1"].fillna("").tolist() == ["Agree", "", "", ""]
    assert (result.log["rule"] == "unmapped_as_missing").sum() == 3


def test_check_lists_every_missing_column_with_close_matches(tmp_path: Path) -> None:
    cfg = make(tmp_path, questions=[
        {"id": "q1", "column": "1. Do you agree with the proposal?", "type": "closed", "scale": "agree5"},
        {"id": "q2", "column": "Comments", "type": "free_text"}], id_column="Respondent ID")
    problems = clean.check(cfg)
    assert problems == [
        "responses.csv: id_column: 'Respondent ID' is not a column of the file; close matches: 'Response ID'",
        "responses.csv: questions[0].column: '1. Do you agree with the proposal?' is not a column of the file; "
        "close matches: '1. Do you agree with the proposals?'",
        "responses.csv: questions[1].column: 'Comments' is not a column of the file; no close match in the file",
    ]
    with pytest.raises(InputError, match=r"id_column: 'Respondent ID' .* \(and 2 more: run 'consult check'"):
        clean.run(cfg)


def test_resubmission_without_submitted_column_is_an_error(tmp_path: Path) -> None:
    cfg = make(tmp_path, "resubmission.csv", submitted_column=None,
               questions=[{"id": "q1", "column": AGREE, "type": "closed", "scale": "agree5"}])
    with pytest.raises(InputError) as caught:
        clean.run(cfg)
    assert str(caught.value) == (
        "resubmission.csv: respondent id '7' repeats with different answers (raw row 1, raw row 3); set "
        "submitted_column so the latest submission is kept, or remove the unwanted row from a copy of the export.")


def test_scientific_notation_ids_are_an_error(tmp_path: Path) -> None:
    cfg = make(tmp_path, "scientific_ids.csv", submitted_column=None,
               questions=[{"id": "q1", "column": AGREE, "type": "closed", "scale": "agree5"}])
    problems = clean.check(cfg)
    assert problems[0].startswith("scientific_ids.csv: id_column 'Response ID' holds ids in scientific notation "
                                  "(raw rows 1, 2, 3, e.g. '3.29288E+09')")


@pytest.mark.parametrize("bad", ["empty.csv", "header_only.csv", "binary.csv", "protected.xlsx", "duplicate_columns.csv"])
def test_bad_input_leaves_earlier_outputs_intact(tmp_path: Path, bad: str) -> None:
    good = make(tmp_path)
    clean.run(good)
    before = {p.name: p.read_bytes() for p in good.processed_dir.iterdir()}
    with pytest.raises(InputError, match=rf"{bad.replace('.', '[.]')}: ") as caught:
        clean.run(make(tmp_path, bad))
    assert "\n" not in str(caught.value)
    assert before == {p.name: p.read_bytes() for p in good.processed_dir.iterdir()}


def test_keep_first_keeps_the_earlier_resubmission(tmp_path: Path) -> None:
    result = clean.run(make(tmp_path, cleaning={"keep": "first"}))
    status = result.log[result.log["status"] == "excluded"].set_index("raw_row")["reason"]
    assert status[14] == "resubmission: earlier submission kept (raw row 13)"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("n/a", True), ("N/A.", True), ("Nothing.", True), ("-", True), ("...", True), ("No comment", True),
     ("Did not answer", True), ("NONE!!", True), ("Noo", True), ("see above", False),
     ("No, the plan ignores buses", False), ("Nothing about parking is mentioned", False)],
)
def test_non_answers(text: str, expected: bool) -> None:
    assert nonanswers.is_non_answer(text) is expected
    assert nonanswers.is_non_answer("see above", ["See above."])


def test_split_options_longest_first() -> None:
    lookup = {"a, b": "A, B", "a": "A", "c": "C"}
    assert answers.split_options("A, B, C", ", ", lookup) == (["A, B", "C"], [])
    assert answers.split_options("A;C;", ";", {"a": "A", "c": "C"}) == (["A", "C"], [])
    assert answers.split_options("A, Other thing", ", ", lookup) == (["A"], ["Other thing"])


def test_campaign_detection_thresholds() -> None:
    base = "I strongly object to the closure of the Riverside library because families use it every day"
    texts = pd.Series([base] * 3 + [base + " thanks", base.replace("every day", "daily"), "I support it fully and warmly"] * 1)
    assert campaigns.find(texts, 0.8, 5)[0].tolist() == [0, 0, 0, 0, 0, -1]
    assert campaigns.find(texts, 0.99, 5)[0].tolist() == [-1] * 6
    assert campaigns.find(pd.Series(["Yes I agree"] * 10), 0.9, 5)[0].tolist() == [-1] * 10  # too short


def test_a_campaign_needs_a_share_of_the_answers_at_national_scale(tmp_path: Path) -> None:
    cfg = make(tmp_path)
    assert [clean.campaign_min_size(cfg, n) for n in (40, 50_000, 60_000, 1_000_000)] == [5, 5, 6, 100]
    answers = int((clean.run(cfg).responses["q2__status"] == "answer").sum())
    six = {"campaign_min_size": 5, "campaign_min_share": 6 / answers, "near_duplicate_threshold": 0.8}
    assert clean.run(make(tmp_path, cleaning=six)).campaigns.empty  # the fixture's campaign has 5 respondents


def test_example_consultation(root: Path, tmp_path: Path) -> None:
    source = root / "consultations" / "example.yaml"
    if not source.exists():
        pytest.skip("the example consultation is not present")
    cfg = config.load(source).model_copy(update={"root": str(tmp_path)})
    cfg = cfg.model_copy(update={"inputs": [i.model_copy(update={"path": str(root / i.path)}) for i in cfg.inputs]})
    result = clean.run(cfg)
    assert result.totals()["raw"] == 400 and result.totals()["excluded"] == 2
    assert result.campaigns["n_respondents"].tolist() == [12]
    assert (result.log["rule"] == "redact").sum() == 8


def test_campaigns_found_side_by_side_give_the_same_files(root: Path, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    source = root / "consultations" / "example.yaml"
    if not source.exists():
        pytest.skip("the example consultation is not present")
    cfg = config.load(source).model_copy(update={"root": str(tmp_path)})
    cfg = cfg.model_copy(update={"inputs": [i.model_copy(update={"path": str(root / i.path)}) for i in cfg.inputs]})
    names = ("responses.csv", "campaigns.csv", "cleaning_log.csv")
    clean.run(cfg)
    one_by_one = {name: (cfg.processed_dir / name).read_bytes() for name in names}
    monkeypatch.setattr(side_by_side, "FROM", 0)
    monkeypatch.setattr(side_by_side, "cores", lambda: 2)
    pools = []  # whether the run had a worker process
    each = side_by_side.each
    monkeypatch.setattr(side_by_side, "each", lambda f, jobs, sizes, executor: pools.append(executor is not None)
                        or each(f, jobs, sizes, executor))
    clean.run(cfg)
    assert pools == [True] and len(cfg.questions_of("free_text")) == 2
    assert {name: (cfg.processed_dir / name).read_bytes() for name in names} == one_by_one


def test_option_columns_with_ticks_or_option_text(tmp_path: Path) -> None:
    cfg = make(tmp_path)
    question = config.Question(id="seen", column="Films seen", type="multi_select", options=["A", "B", "C"],
                               option_columns=["Seen | A", "Seen | B", "Seen | C"])
    raw = pd.DataFrame({"Seen | A": ["1", "0", "A"], "Seen | B": ["TRUE", "", ""], "Seen | C": ["0", "FALSE", "C "]})
    result = answers.clean_multi_select(raw, question, cfg, "x.csv")
    assert result.values.tolist() == ["A; B", "", "A; C"]
    assert result.changes["after"].tolist() == ["A; B", ""]  # "A; C" was already written that way
