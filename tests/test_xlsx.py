"""XLSX workbooks of several sheets: the responses sheet found, the one named read, and both said."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
import yaml
from openpyxl.styles import Font

from consult import cli
from consult.clean import ingest
from consult.clean import stage as clean
from consult.core import config
from consult.core.config import InputFile

QUESTIONS = ["Response ID", "Responding as", "1. Do you agree?", "2. Why?", "What is your age?", "Are you a carer?"]


@pytest.fixture()
def workbook(tmp_path: Path) -> Path:
    """A summary sheet before the responses: more rows with a value (31 to 21), and formatted blank rows to
    row 400 (openpyxl's max_row counts them), but 3 columns to the responses' 6."""
    book = openpyxl.Workbook()
    summary = book.active
    summary.title = "Question summary"
    summary.append(["Question", "Answer", "Count"])
    for n in range(30):
        summary.append([QUESTIONS[2 + n % 4], f"answer {n}", n + 1])
    for row in range(32, 401):
        summary.cell(row=row, column=1).font = Font(bold=True)
    responses = book.create_sheet("Responses")
    responses.append(QUESTIONS)
    for n in range(20):
        responses.append([f"ANON-{n:04d}", ["Individual", "Organisation"][n % 2], ["Agree", "Disagree"][n % 3 > 0],
                          f"Reason number {n} is that the library matters to the village", f"{20 + n}", "No"])
    path = tmp_path / "export.xlsx"
    book.save(path)
    return path


def test_the_responses_sheet_is_read_not_a_longer_summary(workbook: Path) -> None:
    export = ingest.read_raw(InputFile(path=str(workbook)), workbook)
    assert (export.sheet, len(export.frame), list(export.frame.columns)) == ("Responses", 20, QUESTIONS)
    assert export.sheet_note == ("read sheet 'Responses' (21 rows, 6 columns; the most filled cells); skipped "
                                 "'Question summary' (31 rows, 3 columns): set inputs[].sheet to read another")


def test_a_named_sheet_is_read(workbook: Path) -> None:
    export = ingest.read_raw(InputFile(path=str(workbook), sheet="Question summary"), workbook)
    assert (export.sheet, list(export.frame.columns)) == ("Question summary", ["Question", "Answer", "Count"])
    assert "named by inputs[].sheet); skipped 'Responses' (21 rows, 6 columns)" in export.sheet_note


def test_the_cleaning_log_says_which_sheet_was_read(workbook: Path, tmp_path: Path) -> None:
    cfg = config.parse({"id": "book", "title": "Book", "inputs": [{"path": str(workbook)}], "id_column": "Response ID",
                        "questions": [{"id": "q1", "column": "1. Do you agree?", "type": "closed", "scale": "agree5"}]},
                       "book.yaml", root=tmp_path)
    log = clean.run(cfg).log
    sheet = log[log["rule"].eq("sheet")]
    assert sheet[["status", "source_file"]].values.tolist() == [["summary", "export.xlsx"]]
    assert sheet["reason"].iloc[0].startswith("read sheet 'Responses' (21 rows, 6 columns")
    assert clean.run(cfg).totals()["raw"] == 20


@pytest.mark.parametrize("sheet, column", [(None, "1. Do you agree?"), ("Question summary", "Question")])
def test_init_prints_the_sheet_and_reads_the_one_named(workbook: Path, tmp_path: Path, sheet: str | None, column: str,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "book.yaml"
    argv = ["init", str(workbook), "--id", "book", "--output", str(target)] + (["--sheet", sheet] if sheet else [])
    assert cli.main(argv) == 0
    drafted = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert drafted["inputs"][0]["sheet"] == (sheet or "Responses")
    assert column in [q["column"] for q in drafted["questions"]]
    assert f"Note: read sheet {sheet or 'Responses'!r}" in capsys.readouterr().out


def test_a_config_drafted_from_another_sheet_is_told_so(workbook: Path, tmp_path: Path) -> None:
    cfg = config.parse({"id": "book", "title": "Book", "inputs": [{"path": str(workbook), "sheet": "Responses"}],
                        "questions": [{"id": "q", "column": "Question", "type": "attribute"}]}, "book.yaml", root=tmp_path)
    assert clean.check(cfg) == ["export.xlsx: questions[0].column: 'Question' is not a column of the sheet 'Responses' "
                                "(the config names columns of another sheet? draft it again with consult init --sheet); "
                                "no close match in the file"]
