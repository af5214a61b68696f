"""Reading exports: formats, encodings, delimiters, header rows, and one-line errors for bad files."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from consult.clean import dates, ingest
from consult.clean.xlsx import Sheet
from consult.core.config import InputFile
from consult.core.errors import InputError

FIXTURES = Path(__file__).parent / "fixtures" / "exports"


def read(name: str, **spec: object) -> ingest.Export:
    return ingest.read_raw(InputFile(path=name, **spec), FIXTURES / name)


def test_utf8_bom_csv_is_read_as_text() -> None:
    export = read("responses.csv")
    assert (export.encoding, export.delimiter, export.header_rows) == ("utf-8-sig", ",", 1)
    assert export.frame.columns[0] == "Response ID"
    assert export.frame.index[0] == 1 and len(export.frame) == 16
    assert export.frame.loc[15].tolist() == [""] * 7  # the empty row is a row, not dropped


def test_cp1252_semicolon_export_reads_the_same() -> None:
    export = read("responses_cp1252_semicolon.csv")
    assert (export.encoding, export.delimiter) == ("cp1252", ";")
    assert export.frame.shape == (16, 7)
    assert export.frame.iloc[8, 3] == "Don\u2019t know"


def test_repair_fixes_mojibake_and_white_space() -> None:
    frame = ingest.read_export(InputFile(path="responses.csv"), FIXTURES / "responses.csv")
    assert frame.iloc[8, 4] == "don\u2019t know what this means for my street"
    assert frame.iloc[12, 4] == "More bins please, near the SW1A 1AA shops"
    assert frame.iloc[1, 2] == "individual"


@pytest.mark.parametrize(
    ("raw", "fixed"),
    [("don\u00e2\u20ac\u2122t", "don\u2019t"), ("caf\u00c3\u00a9", "caf\u00e9"), ("fine \u201cquotes\u201d", "fine \u201cquotes\u201d"),
     ("a\u00a0b\u200bc\n\td ", "a bc d"), ("plain", "plain")],
)
def test_text_repair(raw: str, fixed: str) -> None:
    assert ingest.normalise_whitespace(ingest.fix_mojibake(raw)) == fixed


def test_xlsx_sheets_listed_and_largest_chosen() -> None:
    assert ingest.list_sheets(FIXTURES / "responses.xlsx") == {"Summary": Sheet(1, 2, 2), "Responses": Sheet(4, 7, 25)}
    export = read("responses.xlsx")
    assert (export.format, export.sheet, len(export.frame)) == ("xlsx", "Responses", 3)
    with pytest.raises(InputError, match=r"responses.xlsx: inputs\[\].sheet 'Answers' is not in the workbook; its sheets are 'Summary' \(1 rows, 2 columns\)"):
        read("responses.xlsx", sheet="Answers")


def test_leading_metadata_lines_are_skipped() -> None:
    export = read("metadata_rows.csv")
    assert export.skipped_rows == 2
    assert list(export.frame.columns[:2]) == ["Response ID", "Submitted"]
    assert len(export.frame) == 4


def test_qualtrics_three_row_header_uses_codes_and_keeps_text() -> None:
    export = read("qualtrics.csv")
    assert (export.header_rows, export.tool) == (3, "qualtrics")
    assert list(export.frame.columns) == ["StartDate", "EndDate", "Progress", "ResponseId", "Q1", "Q2", "Q3_TEXT"]
    assert export.labels["Q1"] == "How satisfied are you with the service?"
    assert len(export.frame) == 8


def test_configured_header_rows_win_over_detection() -> None:
    assert read("qualtrics.csv", header_rows=1).header_rows == 1


def test_surveymonkey_two_row_header(external_data: Path) -> None:
    path = external_data / "fivethirtyeight-surveys" / "star-wars-survey" / "StarWars.csv"
    export = ingest.read_raw(InputFile(path=str(path)), path)
    assert (export.header_rows, export.encoding, export.tool) == (2, "cp1252", "surveymonkey")
    assert export.frame.shape == (1186, 38)
    assert "Please state whether you view the following characters favorably, unfavorably, or are unfamiliar with " \
           "him/her. | Han Solo" in export.frame.columns


def test_polis_export_is_recognised(external_data: Path) -> None:
    folder = external_data / "polis-opendata" / "15-per-hour-seattle"
    assert ingest.is_polis(folder) and ingest.is_polis(folder / "votes.csv")
    assert not ingest.is_polis(FIXTURES / "responses.csv")
    export = ingest.read_raw(InputFile(path=str(folder), format="polis"), folder)
    assert (export.format, export.source_file, len(export.frame)) == ("polis", "comments.csv", 54)


def test_scientific_ids_are_noticed() -> None:
    ids = pd.Series(["3.29288E+09", "3292879998", "1e5", "R-001"])
    assert ingest.scientific_ids(ids).tolist() == [True, False, True, False]


def test_mixed_date_formats_are_parsed_or_reported() -> None:
    parsed, problems = dates.parse_datetimes(pd.Series(["13/01/2026 10:00", "2026-01-12 09:00:00", "", "soon",
                                                         "1403054217000"]))
    assert parsed[0] == pd.Timestamp("2026-01-13 10:00") and parsed[1] == pd.Timestamp("2026-01-12 09:00")
    assert parsed[4] == pd.Timestamp("2014-06-18 01:16:57")
    assert problems.tolist() == [False, False, False, True, False]
    us = dates.parse_datetimes(pd.Series(["01/13/2026", "02/01/2026"]))[0]
    assert us.tolist() == [pd.Timestamp("2026-01-13"), pd.Timestamp("2026-02-01")]
    mixed = dates.parse_datetimes(pd.Series(["13/01/2026", "01/13/2026", "02/03/2026"]))[1]
    assert mixed.tolist() == [False, False, True]  # only the ambiguous date is reported


@pytest.mark.parametrize(
    ("name", "spec", "message"),
    [
        ("empty.csv", {}, r"empty\.csv: the file is empty"),
        ("header_only.csv", {}, r"header_only\.csv: has a header but no responses"),
        ("binary.csv", {}, r"binary\.csv: this is a binary file, not a CSV or XLSX export"),
        ("protected.xlsx", {}, r"protected\.xlsx: this is a password-protected workbook or an old \.xls file"),
        ("not_really.xlsx", {"format": "xlsx"}, r"not_really\.xlsx: declared as xlsx \(inputs\[\]\.format\) but the file is CSV"),
        ("responses.xlsx", {"format": "csv"}, r"responses\.xlsx: declared as csv \(inputs\[\]\.format\) but the file is XLSX"),
        ("ragged.csv", {}, r"ragged\.csv: line 3: 3 values where the header has 2 columns"),
        ("responses.csv", {"encoding": "ascii"}, r"responses\.csv: cannot be read as ascii"),
        ("missing.csv", {}, r"missing\.csv: not found"),
    ],
)
def test_bad_files_get_one_line_errors(name: str, spec: dict, message: str) -> None:
    with pytest.raises(InputError, match=message) as caught:
        read(name, **spec)
    assert "\n" not in str(caught.value)


def test_multi_megabyte_cell_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "huge.csv"
    path.write_text("Response ID,Comments\n1,short\n2," + "x" * (3 << 20) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"huge\.csv: line 3: a cell of more than 1,000,000 characters"):
        ingest.read_raw(InputFile(path=str(path)), path)
