"""What a draft takes from the export's own words: title, statements, short labels, merged spellings."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from consult import cli
from consult.core import config
from consult.core.files import write_text
from consult.init import draft
from consult.init.wording import (
    attribute_text,
    drafted_values,
    merged_spellings,
    short_label,
    short_question,
    statement_from,
    title_from,
    topic_of,
)

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "data" / "raw" / "example" / "community-safety-strategy-responses.csv"


@pytest.mark.parametrize(("question", "scale", "statement"), [
    ("1. To what extent do you agree or disagree that the purpose and aims of the Strategy are clear?", "agree5",
     "the purpose and aims of the Strategy were clear"),
    ("Q4. How far do you agree that the Strategy will make a difference in your area?", "agree4",
     "the Strategy would make a difference in their area"),
    ("Do you agree or disagree that The Council should build more homes?", "agree5", "the Council should build more homes"),
    ("6. Have you been affected by anti-social behaviour in the last 12 months?", "yes_no",
     "they had been affected by anti-social behaviour in the last 12 months"),
    ("Are the purpose and aims of the Strategy clear?", "yes_no", "the purpose and aims of the Strategy were clear"),
    ("Is the consultation document easy to understand?", "yes_no", "the consultation document was easy to understand"),
    ("Should the Council introduce a 20mph limit?", "yes_no", "the Council should introduce a 20mph limit"),
    ("How satisfied are you with the service?", "satisfaction5", "the service"),
    ("How important is road safety to you?", "importance5", "road safety"),
    # no rule fits: no statement, so the prose quotes the question
    ("3. To what extent do you agree or disagree with the proposed priorities?", "agree5", None),
    ("Do you consider yourself to be a fan of the Star Wars film franchise?", "yes_no",
     "they considered themselves to be a fan of the Star Wars film franchise"),
    ("Do you have any children under 18?", "yes_no", "they had any children under 18"),
    ("Did you go to a drop-in event?", "yes_no", None),
    ("Rate the plan", "numeric1_5", None),
    ("To what extent do you agree or disagree with the following statements about the draft Plan? | "
     "The vision for 2040 is clear", "agree5", "the vision for 2040 was clear"),
])
def test_statements_come_from_the_wording_or_not_at_all(question: str, scale: str, statement: str | None) -> None:
    assert statement_from(question, scale) == statement


def test_names_keep_their_capitals_and_pronouns_are_reported() -> None:
    clause = statement_from("To what extent do you agree that NHS Elmshire should fund your local clinic?", "agree5")
    assert clause == "NHS Elmshire should fund their local clinic"


def test_title_comes_from_the_file_name() -> None:
    assert title_from(Path("data/raw/x/community-safety-strategy-responses.csv")) == "Community safety strategy responses"
    assert title_from(Path("thanksgiving_2015.poll-data.XLSX")) == "Thanksgiving 2015 poll data"
    assert title_from(Path("polis-conversation")) == "Polis conversation"


def test_short_headings_and_ids() -> None:
    assert short_question("3. To what extent do you agree or disagree with the proposed priorities?") == \
        "The proposed priorities"
    assert short_question("How satisfied are you with the service?") is None  # the stem carries the meaning
    assert short_question("Do you agree or disagree with these statements? | Buses should run later") == \
        "Buses should run later"
    assert short_label("Which type of organisation are you responding on behalf of?") == "Type of organisation"
    assert short_label("In which district do you live or, for organisations, mainly work?") == "District"
    assert short_label("Are you responding as an individual or on behalf of an organisation?") == "Respondent type"
    assert short_label("Which of the following best describes you?") is None
    assert short_label("income_cat") == "Income cat" and short_label("Gender") is None
    assert topic_of("1. To what extent do you agree or disagree that the aims are clear?") == "1. the aims are clear"


def test_spellings_are_merged_onto_the_most_common() -> None:
    counts = {"Individual": 300, "individual": 10, "As an individual": 13, "INDIVIDUALs": 3, "Organisation": 4,
              "On behalf of an organisation": 55, "On behalf of an organization": 1, "Business": 9, "Class": 2}
    assert merged_spellings(counts) == {
        "As an individual": "Individual", "INDIVIDUALs": "Individual", "individual": "Individual",
        "On behalf of an organization": "On behalf of an organisation", "Organisation": "On behalf of an organisation"}


@given(st.dictionaries(st.sampled_from(["Yes", "yes", "YES ", "Yes.", "No", "no", "Nos", "Maybe", "maybe!", "Mays"]),
                       st.integers(1, 50), min_size=1))
def test_merging_keeps_one_spelling_per_form_and_maps_onto_a_seen_one(counts: dict[str, int]) -> None:
    synonyms = merged_spellings(counts)
    assert set(synonyms) <= set(counts) and set(synonyms.values()) <= set(counts)
    assert not set(synonyms) & set(synonyms.values())  # a canonical spelling is never itself mapped
    canonical = {synonyms.get(label, label) for label in counts}
    assert merged_spellings({label: 1 for label in canonical}) == {}  # nothing left to merge


def test_the_example_drafts_without_placeholders_and_check_lists_what_to_read(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    result = draft.draft_config(EXAMPLE, "drafted")
    assert "EDIT" not in result.yaml
    by_id = {q["id"]: q for q in result.config["questions"]}
    assert by_id["q1_purpose_aims_strategy"]["statement"] == "the purpose and aims of the Strategy were clear"
    capacity = by_id["responding_as_individual_behalf"]
    assert capacity["text"] == "Respondent type"
    assert capacity["synonyms"]["As an individual"] == "Individual"
    folder = tmp_path / "project"
    (folder / "data" / "raw" / "drafted").mkdir(parents=True)
    (folder / "data" / "raw" / "drafted" / EXAMPLE.name).write_bytes(EXAMPLE.read_bytes())
    monkeypatch.chdir(folder)  # as consult init runs: the export's path relative to the project folder
    config = folder / "consultations" / "drafted.yaml"
    write_text(config, draft.draft_config(Path("data/raw/drafted") / EXAMPLE.name, "drafted").yaml)
    assert cli.main(["check", str(config)]) == 0
    out = capsys.readouterr().out
    assert "Worth a look before publishing" in out
    assert "title: 'Community safety strategy responses' was drafted from the export's file name" in out
    assert "statement 'the purpose and aims of the Strategy were clear' was drafted" in out
    assert "questions (q3_proposed_priorities): no statement" in out


@pytest.mark.parametrize(("header", "characteristic", "text"), [
    ("Do you consider yourself disabled?", "disability", "Disability"),
    ("Which age group are you in?", "age", "Age group"),
    ("What is your present religion, if any?", "religion_belief", "Religion or belief"),
    ("What is your ethnicity?", "race", "Ethnic group"),
    ("Gender", "sex", "Gender"),
    ("Are you responding as an individual or on behalf of an organisation?", None, "Respondent type"),
    ("Ydych chi'n ymateb fel unigolyn neu ar ran sefydliad?", None, "Respondent type"),
    ("Which of the following best describes you?", None, "Respondent type"),
    ("Which of the following best describes your employment status?", None, "Employment status"),
    ("Do you own a car?", None, "Whether they own a car"),
    ("Q12. Have you used the library in the last year? (tick one)", None, "Whether they have used the library in the last year"),
    ("How often do you use the bus?", None, "How often they use the bus"),
    ("Where do you live?", None, "Where they live"),
    ("Please state your ward", None, "Ward"),
    ("Location (Census Region)", None, "Location"),
])
def test_every_attribute_gets_a_short_phrase_never_the_question(header: str, characteristic: str | None,
                                                                 text: str) -> None:
    assert attribute_text(header, characteristic) == text


@pytest.mark.parametrize(("text", "scale", "statement"), [
    ("How satisfied are you with the park? [Cleanliness]", "satisfaction5", "the cleanliness of the park"),
    ("How important are the following library services to you? - Borrowing books", "importance5", "borrowing books"),
    ("How important are the following library services to you? - Borrowing books", "important4", None),  # drafted:
    # its prose asks "whether {statement}", which no object alone completes, so it quotes the question
    ("How important are the following services to you? | NHS dentists", "importance5", "NHS dentists"),
    ("How satisfied are you with the service?", "satisfaction5", "the service"),
    ("Q2 - Selected Choice", "satisfaction5", None),
])
def test_grid_items_of_known_exports_give_clean_statements(text: str, scale: str, statement: str | None) -> None:
    assert statement_from(text, scale) == statement


def test_check_lists_statements_and_short_names_drafted_from_a_question_text(tmp_path: Path) -> None:
    export = tmp_path / "export.csv"
    export.write_text("Q3_1,Q9,Do you consider yourself disabled?\nVery important,Yes,No\n", encoding="utf-8")
    cfg = config.parse({
        "id": "t", "title": "Library review", "inputs": [{"path": str(export)}],
        "questions": [
            {"id": "books", "column": "Q3_1", "type": "closed", "scale": "importance5", "statement": "borrowing books",
             "text": "How important are the following library services to you? - Borrowing books"},
            {"id": "disabled", "column": "Do you consider yourself disabled?", "type": "attribute",
             "text": "Disability", "characteristic": "disability"},
        ]}, "<test>")
    notes = drafted_values(cfg, [export])
    assert any(note.startswith("questions (books): statement 'borrowing books' was drafted") for note in notes)
    assert any(note.startswith("questions (disabled): text 'Disability' drafted as a short name") for note in notes)
