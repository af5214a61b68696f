"""Long-format exports (one row per answer): detected by init, read as one row per respondent, every raw
row accounted for in the cleaning log, and a long file read as wide stopped by check (docs/exports.md)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from consult.clean import ingest, long
from consult.clean import stage as clean
from consult.core import config
from consult.core.config import InputFile, LongLayout
from consult.core.errors import ConfigError, InputError
from consult.core.files import write_text
from consult.init import draft

FIXTURES = Path(__file__).parent / "fixtures" / "exports"
LONG = FIXTURES / "long_format.csv"
LAYOUT = {"respondent": "Respondent ID", "question": "Question", "answer": "Answer"}
AGREE = "To what extent do you agree with the proposal to extend library opening hours?"


def read(path: Path, **layout: str) -> ingest.Export:
    return ingest.read_raw(InputFile(path=str(path), layout="long", long=layout or LAYOUT), path)


def consultation(tmp_path: Path, path: Path, layout: dict | None = None, **extra: object) -> config.Consultation:
    spec: dict = {"path": str(path)}
    if layout is not None:
        spec.update(layout="long", long=layout)
    data = {"id": "long", "title": "Long", "inputs": [spec], "id_column": "Respondent ID",
            "questions": [{"id": "agree", "column": "Q1", "type": "closed", "scale": "agree5"},
                          {"id": "why", "column": "Q5", "type": "free_text"}], **extra}
    return config.parse(data, "long.yaml", root=tmp_path)


def test_long_layout_is_detected() -> None:
    frame = ingest.read_export(InputFile(path=str(LONG)), LONG)
    assert long.detect(frame) == LongLayout(**LAYOUT)


@pytest.mark.parametrize("name", ["responses.csv", "no_ids.csv", "qualtrics.csv", "qualtrics_3row.csv", "surveymonkey.csv",
                                  "resubmission.csv", "repeated_headers.csv", "metadata_rows.csv"])
def test_wide_exports_are_not_taken_for_long(name: str) -> None:
    assert long.detect(ingest.read_export(InputFile(path=name), FIXTURES / name)) is None


def test_pivot_gives_one_row_per_respondent() -> None:
    export = read(LONG)
    frame = export.frame
    assert frame.shape == (40, 7) and export.raw_rows == 198
    assert list(frame.columns) == ["Respondent ID", "Area", "Q1", "Q2", "Q3", "Q4", "Q5"]
    assert frame["Respondent ID"].is_unique and frame.index[:3].tolist() == [1, 6, 11]  # each one's first raw row
    assert export.labels["Q1"] == AGREE and export.labels["Area"] == "Area"
    assert export.dropped == ["Answered at"]  # one time per answer: not a respondent's
    by_id = frame.set_index("Respondent ID")
    assert by_id.loc["R-007", "Q1"] == "Disagree"  # answered twice: the later answer
    assert by_id.loc["R-005", "Q3"] == "" and by_id.loc["R-012", "Q4"] == ""  # no row; a blank answer row
    rows = export.long_rows
    assert rows.loc[30, "reason"] == "repeated answer: raw row 31 kept for 'Q1' (the respondent's last non-blank answer)"
    assert rows["reason"].ne("").sum() == 1 and rows["respondent_row"].gt(0).all()


def test_every_raw_answer_row_is_in_the_log(tmp_path: Path) -> None:
    result = clean.run(consultation(tmp_path, LONG, LAYOUT))
    log = result.log[result.log["status"].isin(["kept", "excluded"])]
    assert result.totals() == {"raw": 198, "kept": 197, "excluded": 1, "changed": 0}
    assert log["raw_row"].tolist() == list(range(1, 199))
    raw = pd.read_csv(LONG, dtype=str, keep_default_na=False)
    assert log["respondent_id"].tolist() == raw["Respondent ID"].tolist()  # each row under its own respondent
    assert len(result.responses) == 40 and result.responses["respondent_id"].is_unique
    written = pd.read_csv(tmp_path / "data" / "processed" / "long" / "cleaning_log.csv", dtype=str)
    assert (written["status"] != "changed").sum() == 198


def test_unplaceable_repeated_and_changed_rows(tmp_path: Path) -> None:
    path = tmp_path / "answers.csv"
    write_text(path, "\n".join([
        "Respondent ID,Question,Answer",
        "A1,Q1,Agree", "A1,Q5,More buses please", "A1,Q1,",  # a later blank answer: the earlier one stands
        ",Q1,Agree",  # no respondent
        "A2,,Disagree",  # no question
        "A2,Q1, AGREE ", "A2,Q5,Fewer cars",
        "A3,Q1,", "A3,Q5,",  # nothing answered: an empty response
        "A4,Q1,Disagree", "A4,Q5,Cycle lanes",
    ]) + "\n")
    result = clean.run(consultation(tmp_path, path, LAYOUT))
    log = result.log.set_index("raw_row")
    status = log[log["status"] != "changed"]
    assert status["status"].tolist() == ["kept", "kept", "excluded", "excluded", "excluded", "kept", "kept",
                                         "excluded", "excluded", "kept", "kept"]
    assert status.loc[3, "reason"].startswith("repeated answer: raw row 1 kept for 'Q1'")
    assert status.loc[4, ["respondent_id", "reason"]].tolist() == ["", "no respondent: 'Respondent ID' is blank"]
    assert status.loc[5, ["respondent_id", "reason"]].tolist() == ["A2", "no question: 'Question' is blank"]
    assert status.loc[8, "reason"] == status.loc[9, "reason"] == "empty row: no answer to any question"
    changed = log[log["status"] == "changed"]
    assert set(changed.index) == {6} and set(changed["column"]) == {"agree"}  # logged at the answer's own raw row
    assert result.responses["agree"].tolist() == ["Agree", "Agree", "Disagree"]


def test_long_and_wide_inputs_combine(tmp_path: Path) -> None:
    wide = tmp_path / "letters.csv"
    write_text(wide, "Respondent ID,Q1,Q5\nL-1,Agree,Sent by post\nR-001,Disagree,Changed my mind\n")
    cfg = consultation(tmp_path, LONG, LAYOUT, submitted_column=None)
    cfg = cfg.model_copy(update={"inputs": [*cfg.inputs, InputFile(path=str(wide))]})
    with pytest.raises(InputError, match=r"respondent id 'R-001' repeats with different answers \(raw row 1, "
                                         r"raw row 2 of letters\.csv\)"):
        clean.run(cfg)


def test_draft_of_a_long_export_runs_untouched(tmp_path: Path) -> None:
    result = draft.draft_config(LONG, "library")
    assert result.config["inputs"] == [{"path": str(LONG), "layout": "long", "long": LAYOUT}]
    assert result.config["id_column"] == "Respondent ID"
    assert result.decisions["type"].tolist() == ["id", "attribute", "closed", "closed", "closed", "attribute", "free_text"]
    questions = {q["column"]: q for q in result.config["questions"]}
    assert "library opening hours" in questions["Q1"]["text"] and questions["Q1"]["scale"] == "agree5"
    assert questions["Q5"]["text"] == "Please explain your answer"  # from the 'Question text' column
    assert "its 198 rows are read as 40 respondents" in result.yaml
    assert "'Answered at' vary between a respondent's rows and are not read" in result.yaml
    path = tmp_path / "consultations" / "library.yaml"
    write_text(path, result.yaml)
    cfg = config.load(path)
    assert clean.check(cfg) == []
    assert clean.run(cfg).totals()["raw"] == 198


def test_one_respondent_long_export(tmp_path: Path) -> None:
    path = tmp_path / "one.csv"
    write_text(path, "".join(LONG.read_text(encoding="utf-8").splitlines(keepends=True)[:6]))  # R-001's five answers
    result = draft.draft_config(path, "one")
    assert result.config["inputs"][0]["long"] == LAYOUT and "read as 1 respondent," in result.yaml
    written = tmp_path / "consultations" / "one.yaml"
    write_text(written, result.yaml)
    assert clean.run(config.load(written)).totals() == {"raw": 5, "kept": 5, "excluded": 0, "changed": 0}


def test_check_stops_a_long_export_read_as_wide(tmp_path: Path) -> None:
    problems = clean.check(consultation(tmp_path, LONG, questions=[{"id": "answer", "column": "Answer",
                                                                     "type": "free_text"}]))
    assert problems == [(
        "long_format.csv: id_column 'Respondent ID' repeats on 158 of 198 rows and the file reads as one row per "
        "answer; set inputs[0].layout: long and inputs[0].long: {respondent: 'Respondent ID', question: 'Question', "
        "answer: 'Answer'}.")]


@pytest.mark.parametrize(
    ("spec", "message"),
    [({"layout": "long"}, r"inputs\[0\]: layout: long needs its columns"),
     ({"long": LAYOUT}, r"inputs\[0\]: long: names the columns of a long-format export; add layout: long"),
     ({"layout": "long", "long": {**LAYOUT, "answer": "Question"}},
      r"inputs\[0\]\.long: respondent, question and answer must name three different columns"),
     ({"layout": "long", "long": {"respondent": "Respondent ID", "question": "Question"}}, r"inputs\[0\]\.long\.answer: Field required"),
     ({"layout": "tall"}, r"inputs\[0\]\.layout: Input should be 'wide' or 'long'")],
)
def test_layout_keys_are_validated(spec: dict, message: str, tmp_path: Path) -> None:
    data = {"id": "x", "title": "x", "inputs": [{"path": "a.csv", **spec}],
            "questions": [{"id": "q", "column": "Q1", "type": "free_text"}]}
    with pytest.raises(ConfigError, match=message):
        config.parse(data, "x.yaml", root=tmp_path)


def test_missing_long_column_is_one_line() -> None:
    with pytest.raises(InputError, match=r"long_format\.csv: inputs\[\]\.long\.question: 'Questions' is not a column "
                                         r"of the file; close matches: 'Question'") as caught:
        read(LONG, respondent="Respondent ID", question="Questions", answer="Answer")
    assert "\n" not in str(caught.value)
