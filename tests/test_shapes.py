"""Any shape of export: header rows found (Qualtrics, legacy Qualtrics, SurveyMonkey), repeated headers
made unique the same way by init and clean, and degenerate exports drafted and cleaned (docs/exports.md)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from consult.clean import headers, ingest
from consult.clean import stage as clean
from consult.core import config
from consult.core.config import InputFile
from consult.core.errors import InputError
from consult.core.files import write_text
from consult.init import draft

FIXTURES = Path(__file__).parent / "fixtures" / "exports"
Q1 = "To what extent do you agree with the proposed changes to bin collections?"
Q19 = "The use of the old depot site - How satisfied are you with this?"


def read(name: str, **spec: object) -> ingest.Export:
    return ingest.read_raw(InputFile(path=name, **spec), FIXTURES / name)


def run_draft(result: draft.Draft, folder: Path) -> clean.CleanResult:
    """Write a draft as consult init does, check it and clean with it, untouched."""
    path = folder / "consultations" / "drafted.yaml"
    write_text(path, result.yaml)
    cfg = config.load(path)
    assert clean.check(cfg) == []
    return clean.run(cfg)


# ---------------------------------------------------------------------------- header rows
@pytest.mark.parametrize(
    ("name", "rows", "tool", "encoding", "shape"),
    [("qualtrics_3row.csv", 3, "qualtrics", "utf-8-sig", (12, 18)),
     ("qualtrics_2row.csv", 2, "qualtrics", "utf-8-sig", (12, 18)),
     ("qualtrics_legacy.csv", 2, "qualtrics", "utf-8-sig", (6, 13)),
     ("surveymonkey.csv", 2, "surveymonkey", "cp1252", (10, 19))],
)
def test_header_rows_are_detected(name: str, rows: int, tool: str, encoding: str, shape: tuple[int, int]) -> None:
    export = read(name)
    assert (export.header_rows, export.tool, export.encoding, export.frame.shape) == (rows, tool, encoding, shape)
    assert export.frame.index[0] == 1  # the first respondent, not a header row
    first = export.frame.iloc[0]
    assert not first.str.lower().isin(headers.PLACEHOLDERS).any() and not first.str.startswith('{"ImportId"').any()


@pytest.mark.parametrize("name", ["qualtrics_3row.csv", "qualtrics_2row.csv"])
def test_qualtrics_codes_name_the_columns_and_text_labels_them(name: str) -> None:
    export = read(name)
    assert list(export.frame.columns[7:]) == ["ResponseId", "DistributionChannel", "UserLanguage", "Q1", "Q19", "Q4_1",
                                              "Q4_2", "Q3", "Q3_4_TEXT", "Q5", "Q6"]
    assert (export.labels["Q1"], export.labels["Q19"], export.labels["ResponseId"]) == (Q1, Q19, "Response ID")
    assert export.frame.loc[1, "ResponseId"].startswith("R_")


def test_configured_two_header_rows_on_codes_keep_the_codes() -> None:
    """The real-export bug: header_rows: 2 named a column 'Q19 | The use of ...'."""
    export = read("qualtrics_2row.csv", header_rows=2)
    assert "Q19" in export.frame.columns and export.labels["Q19"] == Q19
    assert not any(" | " in name for name in export.frame.columns)


def test_too_few_configured_header_rows_on_qualtrics_is_one_line() -> None:
    with pytest.raises(InputError, match=r"qualtrics_3row\.csv: data row 1 is Qualtrics' ImportId header row; "
                                         r"set inputs\[\]\.header_rows: 3") as caught:
        read("qualtrics_3row.csv", header_rows=2)
    assert "\n" not in str(caught.value)


def test_legacy_qualtrics_codes_take_their_one_word_labels() -> None:
    export = read("qualtrics_legacy.csv")
    assert list(export.frame.columns[:3]) == ["ResponseID", "ResponseSet", "Name"]
    assert list(export.frame.columns[10:]) == ["Q1", "Q2", "Q3"]  # the trailing blank column is dropped
    assert export.labels["Q2"] == "Why do you say that?"


def test_surveymonkey_joins_question_and_sub_label_and_drops_placeholders() -> None:
    columns = list(read("surveymonkey.csv").frame.columns)
    assert columns[9] == "Overall, do you agree with the council\u2019s draft parking strategy?"  # 'Response' dropped
    assert columns[13] == "Which of these do you use? (tick all that apply) | Other (please specify)"
    assert columns[14] == "How satisfied are you with parking in each area? | High Street"
    assert columns[17] == "Is there anything else you would like to tell us?"  # 'Open-Ended Response' dropped


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        # sub-labels under a forward-filled question, no placeholder, first cell filled
        ([["Which services?", "", "", "Area"], ["Bins", "Parks", "Libraries", "Ward"], ["Bins", "", "", "North"],
          ["", "Parks", "Libraries", "South"]], 2),
        # a one-respondent export whose names are codes: its one row is a respondent
        ([["ResponseId", "Q1", "Q2"], ["R_abcdefghij12345", "Agree", "The bins are fine"]], 1),
        # codes over numeric answers (FiveThirtyEight non-voters style)
        ([["RespId", "weight", "Q1", "Q2_1"], ["470001", "0.75", "1", "2"], ["470002", "1.2", "1", "3"]], 1),
        # codes over their labels, then answers
        ([["ResponseId", "Q1"], ["Response ID", "Do you agree?"], ["R_abcdefghij12345", "Agree"]], 2),
        # a one-row header whose second row is the first respondent
        ([["Response ID", "Comments"], ["1", "More buses"], ["2", "Fewer cars"]], 1),
        # ... also when a column has no header
        ([["Response ID", "Comments", ""], ["1", "More buses", "x"], ["2", "Fewer cars", "y"]], 1),
    ],
)
def test_detect_rows(rows: list[list[str]], expected: int) -> None:
    assert headers.detect_rows(rows, 0) == expected


# ---------------------------------------------------------------------------- drafted input spec
@pytest.mark.parametrize(
    ("name", "spec", "questions"),
    [("qualtrics_3row.csv", {"header_rows": 3}, {"Q1": "bin collections", "Q19": Q19}),
     ("qualtrics_2row.csv", {"header_rows": 2}, {"Q1": "bin collections", "Q19": Q19}),
     ("qualtrics_legacy.csv", {"header_rows": 2}, {"Q2": "Why do you say that?"}),
     ("surveymonkey.csv", {"header_rows": 2}, {"Is there anything else you would like to tell us?": None})],
)
def test_draft_records_the_header_and_cleans_untouched(name: str, spec: dict, questions: dict[str, str | None],
                                                       tmp_path: Path) -> None:
    """Codes name the questions and the text below them words them (the draft may shorten it)."""
    result = draft.draft_config(FIXTURES / name, "shape")
    assert result.config["inputs"] == [{"path": str(FIXTURES / name), **spec}]
    by_column = {q["column"]: q for q in result.config["questions"]}
    for column, text in questions.items():
        assert text in by_column[column]["text"] if text else "text" not in by_column[column]
    assert f"{spec['header_rows']} header rows were found" in result.yaml
    totals = run_draft(result, tmp_path).totals()
    assert totals["raw"] == len(read(name).frame) == totals["kept"] + totals["excluded"]


# ---------------------------------------------------------------------------- repeated names
def test_unique_names_suffix_repeats_deterministically() -> None:
    assert headers.unique_names(["A", "B", "A", "A (2)", "A"]) == ["A", "B", "A (3)", "A (2)", "A (4)"]
    assert headers.unique_names(["A", "B"]) == ["A", "B"]


def test_repeated_headers_are_read_with_a_suffix() -> None:
    export = read("duplicate_columns.csv")
    assert list(export.frame.columns) == ["Response ID", "Comments", "Comments (2)"]
    assert export.renamed == {"Comments (2)": "Comments"}
    assert export.frame.loc[1].tolist() == ["1", "a", "b"]


def test_draft_of_repeated_headers_says_so_and_cleans_the_same(tmp_path: Path) -> None:
    result = draft.draft_config(FIXTURES / "repeated_headers.csv", "repeats")
    other = "Which dishes are served? Please select all that apply. - Other (please specify)"
    by_column = {q["column"]: q for q in result.config["questions"]}
    assert by_column["Which dishes are served? Please select all that apply."]["option_columns"][-1] == other
    assert by_column[f"{other} (2)"]["type"] == "free_text" and by_column[f"{other} (2)"]["text"] == other
    assert "Comments (2)" in by_column
    assert "2 column header(s) repeat an earlier one" in result.yaml
    assert f"its header repeats an earlier column's, so it is read as '{other} (2)'" in result.yaml
    cleaned = run_draft(result, tmp_path)
    typed = by_column[f"{other} (2)"]["id"]
    assert sorted(cleaned.responses[typed][cleaned.responses[typed].ne("")]) == ["Cranberry jelly", "Roast parsnips"]


# ---------------------------------------------------------------------------- degenerate exports
@pytest.mark.parametrize(
    ("text", "kinds"),
    [("Response ID,Age band,Any comments?\n1,18-24,I like the park very much\n", ["id", "attribute", "free_text"]),
     ("Age band,Area,Gender\n18-24,North,Female\n25-34,South,Male\n35-44,North,Female\n",
      ["attribute", "attribute", "attribute"]),
     ("Response ID,Do you agree?,Gender\n1,Agree,Female\n2,Disagree,Male\n3,Agree,Female\n", ["id", "closed", "attribute"]),
     ("Response ID,Any comments?,Gender\n1,I like the park very much,Female\n2,More buses in the evening please,Male\n",
      ["id", "free_text", "attribute"]),
     ("Any comments?\nI like the park very much\n", ["free_text"])],
    ids=["one-data-row", "only-attributes", "no-free-text", "no-closed-question", "one-column-one-row"],
)
def test_degenerate_exports_draft_and_clean(text: str, kinds: list[str], tmp_path: Path) -> None:
    path = tmp_path / "data" / "export.csv"
    write_text(path, text)
    result = draft.draft_config(path, "tiny")
    assert result.decisions["type"].tolist() == kinds
    assert yaml.safe_load(result.yaml) == result.config and "header_rows" not in result.config["inputs"][0]
    cleaned = run_draft(result, tmp_path)
    rows = text.count("\n") - 1
    assert cleaned.totals() == {"raw": rows, "kept": rows, "excluded": 0, "changed": 0}
    assert len(cleaned.responses) == rows


# ---------------------------------------------------------------------------- real exports
@pytest.mark.parametrize(
    ("folder", "file", "rows", "respondents", "renamed"),
    [("religion-survey", "religion-survey-results.csv", 2, 1039, 0),
     ("star-wars-survey", "StarWars.csv", 2, 1186, 0),
     ("thanksgiving-2015", "thanksgiving-2015-poll-data.csv", 1, 1058, 3),
     ("comma-survey", "comma-survey.csv", 1, 1129, 0),
     ("flying-etiquette-survey", "flying-etiquette.csv", 1, 1040, 0),
     ("non-voters", "nonvoters_data.csv", 1, 5836, 0)],
)
def test_fivethirtyeight_headers(external_data: Path, folder: str, file: str, rows: int, respondents: int,
                                 renamed: int) -> None:
    path = external_data / "fivethirtyeight-surveys" / folder / file
    export = ingest.read_raw(InputFile(path=str(path)), path)
    assert (export.header_rows, len(export.frame), len(export.renamed)) == (rows, respondents, renamed)
    first = export.frame.iloc[0]
    assert not first.str.lower().isin(headers.PLACEHOLDERS).any()  # no header row became a respondent
    assert not set(first[first.ne("")]) & set(export.frame.columns)


def test_thanksgiving_drafts_and_cleans_without_editing(external_data: Path, tmp_path: Path) -> None:
    path = external_data / "fivethirtyeight-surveys" / "thanksgiving-2015" / "thanksgiving-2015-poll-data.csv"
    result = draft.draft_config(path, "thanksgiving")
    kinds = result.decisions["type"].tolist()
    assert kinds[11:25] == ["multi_select"] * 14 and kinds[25] == "free_text"  # side dishes, then their 'Other' text
    assert clean.check(config.parse(result.config, "<draft>")) == []
    assert run_draft(result, tmp_path).totals()["raw"] == 1058
