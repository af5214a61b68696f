"""Equality monitoring: recognising the questions, the population profile, disclosure control, the profile."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from consult.agreement import equality
from consult.agreement.disclosure import suppress, suppress_table, table_lines
from consult.core.config import parse
from consult.core.equality import CHARACTERISTICS, is_declined, read_population
from consult.core.errors import ConfigError
from consult.init.columns import characteristic_of
from consult.init.draft import draft_config

# ---------------------------------------------------------------------------- recognising the questions
RECOGNISED = [
    ("What is your age?", ["25 to 34", "65 to 74", "Prefer not to say"], "age"),
    ("Age group", ["18-24", "Under 18", "75+"], "age"),
    ("What is your sex?", ["Female", "Male", "Prefer not to say"], "sex"),
    ("Gender", ["Woman", "Man", "Non-binary"], "sex"),
    ("Is your gender identity the same as the sex you were registered at birth?", ["Yes", "No", "Prefer not to say"],
     "gender_reassignment"),
    ("Do you consider yourself to have a disability?", ["Yes", "No", "Prefer not to say"], "disability"),
    ("Do you have any physical or mental health conditions lasting 12 months or more?", ["Yes", "No"], "disability"),
    ("What is your ethnic group?", ["White: English, Welsh, Scottish, Northern Irish or British", "Asian or Asian British"],
     "race"),
    ("What is your religion or belief?", ["No religion", "Christian", "Muslim", "Prefer not to say"], "religion_belief"),
    ("Which of the following best describes your sexual orientation?", ["Heterosexual or straight", "Bisexual"],
     "sexual_orientation"),
    ("Are you married or in a civil partnership?", ["Yes", "No", "Prefer not to say"], "marriage_civil_partnership"),
    ("Are you pregnant, or have you given birth in the last 26 weeks?", ["Yes", "No"], "pregnancy_maternity"),
]
NOT_RECOGNISED = [
    ("Household Income", ["$0 - $24,999", "$25,000 - $49,999"]),  # not a protected characteristic
    ("How far do you agree that faith groups should be consulted?", ["Agree", "Disagree", "Strongly agree"]),  # a scale
    ("Which age group should the service prioritise?", ["Children", "Young people", "Older people"]),  # no ages
    ("Gender", ["Yes", "No"]),  # sex needs a sex among its answers
    ("In which district do you live?", ["Ashcombe", "Eastwold"]),
]


@pytest.mark.parametrize(("header", "labels", "expected"), RECOGNISED)
def test_init_recognises_equality_questions_by_wording_and_options(header: str, labels: list[str], expected: str) -> None:
    assert characteristic_of(header, labels) == expected


@pytest.mark.parametrize(("header", "labels"), NOT_RECOGNISED)
def test_other_questions_are_not_taken_for_equality_questions(header: str, labels: list[str]) -> None:
    assert characteristic_of(header, labels) is None


def test_declined_answers() -> None:
    assert all(map(is_declined, ["Prefer not to say", "prefer not to answer", "I'd rather not say",
                                 "Do not wish to disclose", "I would prefer not to say."]))
    assert not any(map(is_declined, ["No", "Not sure", "Other", "None"]))


def test_init_drafts_equality_attributes_tagged_with_their_characteristic(tmp_path: Path) -> None:
    rows = 40
    frame = pd.DataFrame({
        "Response ID": [f"R{i:03d}" for i in range(rows)],
        "1. Do you agree with the plan?": (["Agree", "Disagree", "Strongly agree", "Neither agree nor disagree"] * 10),
        "What is your age?": (["16 to 24", "25 to 34", "65 to 74", "Prefer not to say", ""] * 8),
        "What is your ethnic group?": (["White: English, Welsh, Scottish, Northern Irish or British",
                                        "Black, Black British, Caribbean or African", "Asian or Asian British",
                                        "Prefer not to say"] * 10),
        "Do you consider yourself to have a disability?": (["Yes", "No", "No", "Prefer not to say"] * 10),
    })
    export = tmp_path / "export.csv"
    frame.to_csv(export, index=False)
    draft = draft_config(export, "plan")
    tagged = {q["column"]: q.get("characteristic") for q in draft.config["questions"]}
    assert tagged["What is your age?"] == "age"
    assert tagged["What is your ethnic group?"] == "race"  # not a multi-select, for all the commas in its options
    assert tagged["Do you consider yourself to have a disability?"] == "disability"
    assert tagged["1. Do you agree with the plan?"] is None
    assert "characteristic: race" in draft.yaml and "equality-monitoring question(s)" in draft.yaml
    tagged_ids = {q["id"] for q in draft.config["questions"] if q.get("characteristic")}
    assert not tagged_ids & set(draft.config.get("groups", []))  # reported with disclosure control, not as groups
    parse(draft.config, "<draft>")


FIVETHIRTYEIGHT = {  # file -> the demographic columns and the characteristic init should tag (None: not one)
    "comma-survey/comma-survey.csv": {"Gender": "sex", "Age": "age", "Household Income": None,
                                      "Location (Census Region)": None},
    "flying-etiquette-survey/flying-etiquette.csv": {"Gender": "sex", "Age": "age", "Household Income": None},
    "star-wars-survey/StarWars.csv": {"Gender": "sex", "Age": "age", "Household Income": None},
    "non-voters/nonvoters_data.csv": {"race": "race", "gender": "sex", "ppage": None, "income_cat": None},
    "religion-survey/religion-survey-results.csv": {"What is your present religion, if any?": "religion_belief",
                                                    "What is your age?": "age", "What is your gender?": "sex"},
    "thanksgiving-2015/thanksgiving-2015-poll-data.csv": {"Age": "age", "What is your gender?": "sex"},
}


@pytest.mark.parametrize("name", sorted(FIVETHIRTYEIGHT))
def test_init_tags_the_demographics_of_real_fivethirtyeight_surveys(name: str, external_data: Path) -> None:
    export = external_data / "fivethirtyeight-surveys" / name
    if not export.exists():
        pytest.skip(f"{export} is not present")
    questions = {q["column"]: q for q in draft_config(export, "survey").config["questions"]}
    for column, expected in FIVETHIRTYEIGHT[name].items():
        assert questions[column].get("characteristic") == expected, column
        assert questions[column]["type"] == "attribute"


# ---------------------------------------------------------------------------- config and population profile
def _config(tmp_path: Path, population: str | None = None, **question: object) -> dict:
    (tmp_path / "consultations").mkdir(exist_ok=True)
    return {"id": "eq", "title": "Equality", "inputs": [{"path": "export.csv"}],
            "questions": [{"id": "q1", "column": "Q1", "type": "closed", "scale": "agree5"},
                          {"id": "age", "column": "Age", "type": "attribute", "characteristic": "age", **question},
                          {"id": "sex", "column": "Sex", "type": "attribute", "characteristic": "sex"}],
            **({"equality": {"population": population}} if population else {})}


@pytest.mark.parametrize(("change", "message"), [
    ({"characteristic": "height"}, "unknown characteristic 'height'; the nine are age, disability"),
    ({"type": "choice", "options": ["A", "B"]}, "only attribute questions take a characteristic"),
])
def test_characteristic_is_checked(tmp_path: Path, change: dict, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        parse(_config(tmp_path, **change))


def test_a_population_needs_a_tagged_question_and_characteristics_are_not_repeated(tmp_path: Path) -> None:
    data = _config(tmp_path, "pop.csv")
    data["questions"][2]["characteristic"] = "age"
    with pytest.raises(ConfigError, match="characteristic 'age' is on more than one question"):
        parse(data)
    for q in data["questions"][1:]:
        q.pop("characteristic")
    with pytest.raises(ConfigError, match="equality.population: no question has a characteristic"):
        parse(data)


def _population(tmp_path: Path, text: str):
    (tmp_path / "pop.csv").write_text(text, encoding="utf-8")
    return read_population(parse(_config(tmp_path, "pop.csv"), root=tmp_path))


def test_a_good_population_profile_is_read(tmp_path: Path) -> None:
    frame, problems = _population(tmp_path, "characteristic,category,share\nage,16 to 24,0.4\nage,25 or over,0.6\n"
                                            "sex,Female,0.51\nsex,Male,0.49\n")
    assert problems == [] and frame["share"].tolist() == [0.4, 0.6, 0.51, 0.49]


@pytest.mark.parametrize(("text", "message"), [
    (None, "file not found"),
    ("characteristic,group,share\nage,16 to 24,1\n", "no column category"),
    ("characteristic,category,share\nheight,Tall,1\n", "line 2: characteristic 'height' is not one of age"),
    ("characteristic,category,share\ndisability,Yes,1\n", "line 2: no question has characteristic: disability"),
    ("characteristic,category,share\nage,16 to 24,23%\nage,25+,0.77\n", "share '23%' is not a number from 0 to 1"),
    ("characteristic,category,share\nage,16 to 24,0.5\nage,25+,0.4\n", "the shares of age sum to 0.900, not 1"),
    ("characteristic,category,share\nage,Old,0.5\nage,old ,0.5\n", "category 'Old' of age is listed more than once"),
])
def test_population_problems_are_one_line_each(tmp_path: Path, text: str | None, message: str) -> None:
    if text is None:
        frame, problems = read_population(parse(_config(tmp_path, "pop.csv"), root=tmp_path))
    else:
        frame, problems = _population(tmp_path, text)
    assert frame.empty and problems and all("\n" not in p and "equality.population" in p for p in problems)
    assert any(message in p for p in problems), problems


# ---------------------------------------------------------------------------- disclosure control
def _pinned(table: np.ndarray, hidden: np.ndarray) -> list[tuple[int, int]]:
    """Suppressed cells that the row and column totals and the open cells determine, found by rank: a cell is
    determined when adding its unit vector to the equations of the suppressed cells does not raise their rank."""
    rows, columns = table.shape
    cells = [(r, c) for r in range(rows) for c in range(columns) if hidden[r, c]]
    equations = np.array([[1.0 if cell[0] == r else 0.0 for cell in cells] for r in range(rows)]
                         + [[1.0 if cell[1] == c else 0.0 for cell in cells] for c in range(columns)])
    rank = np.linalg.matrix_rank(equations) if cells else 0
    found = []
    for i, cell in enumerate(cells):
        unit = np.zeros((1, len(cells)))
        unit[0, i] = 1.0
        if np.linalg.matrix_rank(np.vstack([equations, unit])) == rank:
            found.append(cell)
    return found


@settings(max_examples=300, deadline=None)
@given(arrays(np.int64, st.tuples(st.integers(2, 6), st.integers(2, 6)), elements=st.integers(0, 40)),
       st.integers(1, 15))
def test_no_suppressed_cell_can_be_worked_out_from_the_totals(table: np.ndarray, threshold: int) -> None:
    hidden = suppress_table(table, threshold)
    primary = (table > 0) & (table < threshold)
    assert (hidden | ~primary).all(), "every small count is suppressed"
    for line in [*hidden, *hidden.T]:
        assert line.sum() != 1, "no row or column has exactly one suppressed cell"
    assert _pinned(table, hidden) == []


def test_the_exactly_one_rule_alone_can_leave_a_cell_pinned_and_suppress_fixes_it() -> None:
    # two blocks of suppressed cells joined by one cell (a bridge): every row and column holds 0 or 2+
    # suppressed cells, yet the bridge is the total of one block's rows less its columns
    table = np.array([[1, 1, 50, 50, 50], [1, 1, 50, 1, 50], [50, 50, 50, 1, 1], [50, 50, 50, 1, 1]])
    bridge = (table > 0) & (table < 10)
    assert all(line.sum() != 1 for line in [*bridge, *bridge.T]) and _pinned(table, bridge) == [(1, 3)]
    hidden = suppress_table(table, 10)
    assert _pinned(table, hidden) == [] and hidden.sum() > bridge.sum()


def test_a_list_of_categories_with_its_total_hides_the_next_smallest() -> None:
    counts = [120, 40, 3, 25, 0]
    assert suppress(counts, [list(range(5))], 10).tolist() == [False, False, True, False, True]  # the zero goes
    assert suppress([120, 40, 3, 25], [list(range(4))], 10).tolist() == [False, False, True, True]
    assert table_lines(2, 3) == [[0, 1, 2], [3, 4, 5], [0, 3], [1, 4], [2, 5]]


# ---------------------------------------------------------------------------- the profile
def test_the_profile_keeps_declined_and_blank_apart_and_suppresses_small_counts(tmp_path: Path) -> None:
    (tmp_path / "pop.csv").write_text("characteristic,category,share\nage,16 to 24,0.2\nage,25 to 64,0.5\n"
                                      "age,65 or over,0.3\n", encoding="utf-8")
    cfg = parse(_config(tmp_path, "pop.csv"), root=tmp_path)
    population, _ = read_population(cfg)
    ages = ["25 to 64"] * 50 + ["65 or over"] * 30 + ["16 to 24"] * 4 + ["Prefer not to say"] * 12 + [None] * 14
    responses = pd.DataFrame({"q1": ["Agree", "Disagree"] * 55, "age": ages, "sex": ["Female", "Male"] * 55})
    profiled = equality.profile(responses, cfg, population)
    age = profiled[profiled["question_id"] == "age"].set_index("category")
    assert age["status"].tolist() == ["said", "said", "said", "declined", "not answered"]
    assert age.loc["25 to 64", ["n", "base"]].tolist() == [50, 84] and age.loc["Prefer not to say", "base"] == 110
    assert age.loc["65 or over", "pct"] == pytest.approx(100 * 30 / 84)
    assert age.loc["65 or over", "difference_pp"] == pytest.approx(100 * 30 / 84 - 30)
    assert age["flag"].tolist() == ["[c]", "", "[c]", "", ""]  # 4 is small; 30, the next smallest, goes with it
    assert set(profiled["characteristic"]) <= set(CHARACTERISTICS)
    tests = equality.tests(responses, cfg, profiled)
    assert set(tests.loc[tests["characteristic"] == "age", "group"]) == {"all", "16 to 24", "25 to 64", "65 or over"}
    hidden = tests[(tests["characteristic"] == "age") & (tests["flag"] == "[c]")]["group"]
    assert {"16 to 24", "65 or over"} <= set(hidden)


# ---------------------------------------------------------------------------- the report
def test_the_report_gives_the_equality_sections_in_md_docx_and_xlsx_alike(tmp_path: Path) -> None:
    from docx import Document
    from test_summary import STATEMENT, build

    from consult.core import files
    from consult.report import stage as report

    questions = [
        {"id": "respondent_type", "column": "Type", "type": "attribute", "text": "Sex", "characteristic": "sex"},
        {"id": "q1", "column": "Q1", "type": "closed", "scale": "agree5", "statement": STATEMENT,
         "text": "The purpose and aims of the Strategy are clear"},
        {"id": "q2", "column": "Q2", "type": "closed", "scale": "yes_no", "text": "Would you use the new hub?"},
        {"id": "comments", "column": "Q3", "type": "free_text", "explains": "q1", "text": "Any other comments?"},
    ]
    q1 = ["Agree"] * 20 + ["Disagree"] * 12 + ["Agree"] * 12 + ["Disagree"] * 16
    types = ["Female"] * 32 + ["Male"] * 20 + ["Prefer not to say"] * 3 + [""] * 5
    cfg, _ = build(tmp_path, q1, types=types, questions=questions)
    responses = files.read_csv(cfg.processed_dir / "responses.csv", dtype=str)
    profiled = equality.profile(responses, cfg, read_population(cfg)[0])
    files.write_csv(profiled, cfg.processed_dir / "equality.csv")
    files.write_csv(equality.tests(responses, cfg, profiled), cfg.processed_dir / "equality_tests.csv")
    report.run(cfg)
    md = (cfg.reports_dir / "summary.md").read_text(encoding="utf-8")
    assert "## Equality monitoring: who responded" in md and "asked of all respondents (60 respondents)" in md
    assert "secondary suppression" in md and "Holm" in md
    document = Document(str(cfg.reports_dir / "summary.docx"))
    rows = [[cell.text for cell in row.cells] for table in document.tables for row in table.rows]
    sheet = pd.read_excel(cfg.reports_dir / "tables.xlsx", sheet_name="Equality profile", dtype=str)
    profile_rows = [row[:5] for row in rows if row and row[0] == "Sex"]
    assert profile_rows == sheet.iloc[:4, :5].fillna("").values.tolist()  # Word and Excel show the same cells
    assert profile_rows == [["Sex", "Female", "32", "62", "52"], ["Sex", "Male", "20", "38", "52"],
                            ["Sex", "Prefer not to say", "[c]", "[c]", "60"], ["Sex", "Not answered", "[c]", "[c]", "60"]]
    tests = pd.read_excel(cfg.reports_dir / "tables.xlsx", sheet_name="Equality agreement", dtype=str)
    assert set(tests["Characteristic"].dropna()) >= {"Sex"}
    # the Word file prints only the tests that found a difference, and says where all of them are
    printed = [row for row in rows if row and row[0] in set(tests.loc[tests["Differs"].notna(), "Question"])]
    assert len(printed) == (tests["Differs"] == "Yes").sum() and all(row[4] == "Yes" for row in printed)
    said = " ".join(p.text for p in document.paragraphs)
    assert f"all {tests['Differs'].isin(['Yes', 'No']).sum()} are in tables.xlsx (sheet “Equality agreement”)" in said


def test_the_agreement_stage_stops_on_a_bad_population_profile_before_writing(tmp_path: Path) -> None:
    from test_summary import build

    from consult.agreement import stage

    cfg, _ = build(tmp_path, ["Agree"] * 12)
    tagged = [q.model_dump(exclude_defaults=True) for q in cfg.questions]
    tagged[0]["characteristic"] = "sex"
    data = {**cfg.model_dump(mode="json", exclude_defaults=True, exclude={"source", "root"}), "questions": tagged,
            "equality": {"population": "data/raw/t/population.csv"}}
    (tmp_path / "data/raw/t").mkdir(parents=True, exist_ok=True)
    (tmp_path / "data/raw/t/population.csv").write_text("characteristic,category,share\nsex,Female,0.6\nsex,Male,lots\n",
                                                        encoding="utf-8")
    before = (cfg.processed_dir / "agreement.csv").read_bytes()
    with pytest.raises(ConfigError) as raised:
        stage.run(parse(data, "consultations/t.yaml", tmp_path))
    message = str(raised.value)
    assert "\n" not in message and "line 2: no question has characteristic: sex" not in message
    assert "line 3: share 'lots' is not a number from 0 to 1" in message
    assert (cfg.processed_dir / "agreement.csv").read_bytes() == before
