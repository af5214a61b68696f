"""Questions asked of only some respondents (skip logic): ``asked_if`` validated, the not-asked kept
out of bases and "(not stated)" groups, and the prose saying who was asked."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from consult.agreement import table as agreement
from consult.agreement.routing import NOT_ASKED, asked_of, was_asked
from consult.core import config, files
from consult.core.errors import ConfigError
from consult.report import stage as report
from consult.report import summary
from consult.report.tables import ReportTables, agreement_table, profile_table

USED = "Have you used the tools?"


def routed_config(root: Path | None = None, **q6: object) -> config.Consultation:
    """q5 yes/no routes q6 (asked of those who said Yes); org_type is asked only of organisations."""
    data = {
        "id": "r", "title": "Tools consultation", "inputs": [{"path": "data/raw/r/export.csv"}],
        "questions": [
            {"id": "respondent_type", "column": "Type", "type": "attribute", "text": "Responding as"},
            {"id": "org_type", "column": "Org", "type": "attribute", "text": "Type of organisation",
             "asked_if": {"question": "respondent_type", "answers": ["Organisation"]}},
            {"id": "q5", "column": "Q5", "type": "closed", "scale": "yes_no", "text": USED},
            {"id": "q6", "column": "Q6", "type": "closed", "scale": "agree5", "text": "The tools were easy to use",
             "statement": "the tools were easy to use",
             "asked_if": {"question": "q5", "answers": ["yes"]}, **q6},
        ],
        "groups": ["respondent_type", "org_type"],
    }
    return config.parse(data, "consultations/r.yaml", root)


def routed_responses() -> pd.DataFrame:
    """125 respondents: 26 said Yes to q5 and answered q6 (20 agree); 25 organisations, 22 gave their type."""
    n = 125
    q5 = ["Yes"] * 26 + ["No"] * 99
    q6 = ["Agree"] * 20 + ["Disagree"] * 6 + [None] * 99
    kind = (["Organisation"] * 25 + ["Individual"] * 100)
    org = ["Charity"] * 12 + ["Business"] * 10 + [None] * 3 + [None] * 100
    return pd.DataFrame({"respondent_id": [f"R{i:04d}" for i in range(1, n + 1)], "source_file": "export.csv",
                         "respondent_type": kind, "org_type": org, "q5": q5, "q6": q6})


def write_project(root: Path, cfg: config.Consultation, responses: pd.DataFrame) -> ReportTables:
    folder = cfg.processed_dir
    files.write_csv(responses, folder / "responses.csv")
    files.write_csv(pd.DataFrame({"source_file": "export.csv", "raw_row": range(1, len(responses) + 1),
                                  "status": "kept", "reason": "", "rule": ""}), folder / "cleaning_log.csv")
    as_text = files.read_csv(folder / "responses.csv", dtype=str)
    files.write_csv(agreement.compute(as_text, cfg), folder / "agreement.csv")
    files.write_csv(agreement.group_tests(as_text, cfg), folder / "group_tests.csv")
    return ReportTables.read(cfg)


# ---------------------------------------------------------------------------- config
def test_asked_if_is_validated_against_the_routing_question() -> None:
    assert routed_config().question("q6").asked_if.answers == ["yes"]  # a label that maps onto Yes is accepted
    with pytest.raises(ConfigError, match=r"questions\.q6\.asked_if\.answers: 'Often' not among the answers of "
                                          r"'q5' \(Yes, No, Not sure\)"):
        routed_config(asked_if={"question": "q5", "answers": ["Often"]})
    with pytest.raises(ConfigError, match=r"questions\.q6\.asked_if\.question: 'q9' is not the id of another"):
        routed_config(asked_if={"question": "q9", "answers": ["Yes"]})
    with pytest.raises(ConfigError, match=r"asked_if\.question: 'q6' is not the id of another"):
        routed_config(asked_if={"question": "q6", "answers": ["Agree"]})
    with pytest.raises(ConfigError, match="asked_if: add asked_if|describes a routing"):
        config.parse({"id": "x", "title": "x", "inputs": [{"path": "x.csv"}],
                      "questions": [{"id": "a", "column": "A", "type": "attribute", "asked_of": "some"}]})


def test_routings_that_go_round_in_a_loop_are_refused() -> None:
    data = {"id": "x", "title": "x", "inputs": [{"path": "x.csv"}], "questions": [
        {"id": "a", "column": "A", "type": "closed", "scale": "yes_no", "asked_if": {"question": "b", "answers": ["Yes"]}},
        {"id": "b", "column": "B", "type": "closed", "scale": "yes_no", "asked_if": {"question": "a", "answers": ["Yes"]}},
    ]}
    with pytest.raises(ConfigError, match="go round in a loop"):
        config.parse(data)


def test_who_was_asked_is_described_or_derived() -> None:
    cfg = routed_config()
    assert asked_of(cfg, cfg.question("q6")) == f"those who answered yes to “{USED}”"
    assert asked_of(cfg, cfg.question("q5")) is None
    cfg = routed_config(asked_of="those who had used the tools")
    assert asked_of(cfg, cfg.question("q6")) == "those who had used the tools"


def test_was_asked_follows_the_routing_and_counts_anyone_who_answered() -> None:
    cfg = routed_config()
    responses = routed_responses().astype("string")
    responses.loc[30, "q6"] = "Agree"  # said No to q5 but answered q6 all the same: evidently asked
    asked = was_asked(responses, cfg.question("q6"), cfg)
    assert asked.sum() == 27 and asked[:26].all() and asked[30]


# ---------------------------------------------------------------------------- agreement.csv
def test_a_routed_question_is_based_on_those_asked(tmp_path: Path) -> None:
    cfg = routed_config(tmp_path, base="all")
    write_project(tmp_path, cfg, routed_responses())
    table = files.read_csv(cfg.processed_dir / "agreement.csv")
    overall = table[(table["question_id"] == "q6") & (table["group_by"] == "all")].set_index("option")
    assert overall.loc["agree (net)", ["n", "base", "asked"]].tolist() == [20, 26, 26]  # not of 125
    assert overall.loc["agree (net)", "base_definition"] == (
        f"all respondents asked, including those who did not answer; asked only of those who answered yes to “{USED}”")
    q5 = table[(table["question_id"] == "q5") & (table["group_by"] == "all")]
    assert set(q5["asked"]) == {125} and not q5["base_definition"].str.contains("asked only").any()


def test_a_routed_attribute_has_a_not_asked_group_apart_from_not_stated(tmp_path: Path) -> None:
    cfg = routed_config(tmp_path)
    write_project(tmp_path, cfg, routed_responses())
    table = files.read_csv(cfg.processed_dir / "agreement.csv")
    by_org = table[(table["question_id"] == "q5") & (table["group_by"] == "org_type") & (table["option"] == "Yes")]
    sizes = dict(zip(by_org["group"], by_org["asked"]))
    assert sizes == {"Business": 10, "Charity": 12, "(not stated)": 3, NOT_ASKED: 100}
    tests = files.read_csv(cfg.processed_dir / "group_tests.csv")
    assert NOT_ASKED not in set(tests["group"])
    by_type = table[(table["group_by"] == "respondent_type")]
    assert set(by_type["group"]) == {"Individual", "Organisation"}  # not routed: no extra group


# ---------------------------------------------------------------------------- the report
def test_prose_says_who_was_asked_and_traces_to_agreement_csv(tmp_path: Path) -> None:
    cfg = routed_config(tmp_path, asked_of="those who had used the tools")
    tables = write_project(tmp_path, cfg, routed_responses())
    text = summary.summarise(tables, cfg).text
    assert ("Asked only of those who had used the tools (26 respondents): most respondents who gave a view, "
            "77% (20 of 26), agreed that the tools were easy to use; 23% (6 of 26) disagreed.") in text
    assert "Type of organisation (asked only of those who answered Organisation to “Responding as”): " \
           "Charity (12), Business (10) and not stated (three)." in text
    assert "100 from individuals and 25 from organisations." in text  # the routing attribute as before


def test_profile_and_published_tables_show_not_asked_apart(tmp_path: Path) -> None:
    cfg = routed_config(tmp_path)
    tables = write_project(tmp_path, cfg, routed_responses())
    profile = profile_table(tables, cfg)
    org = profile[profile["Question"] == "Type of organisation"]
    assert org["Answer"].tolist() == ["Charity", "Business", "(not stated)", NOT_ASKED]
    assert org["Responses"].tolist() == [12, 10, 3, 100]
    published = agreement_table(tables, cfg)
    assert published.columns.tolist().index("Asked") == published.columns.tolist().index("Base") + 1
    result = report.run(cfg)
    sheet = report.sheets(tables, cfg)[0]
    assert any("(not asked)" in note for note in sheet.notes)
    assert "asked only of" in (cfg.reports_dir / "summary.md").read_text(encoding="utf-8")
    assert result.paths["tables.xlsx"].exists()


def test_no_one_asked(tmp_path: Path) -> None:
    cfg = routed_config(tmp_path, asked_of="those who had used the tools")
    responses = routed_responses().assign(q5="No", q6=None)
    text = summary.summarise(write_project(tmp_path, cfg, responses), cfg).text
    assert ("No respondent was asked whether the tools were easy to use: it was asked only of those who had "
            "used the tools.") in text


def test_questions_asked_of_the_same_respondents_say_so_briefly(tmp_path: Path) -> None:
    cfg = routed_config(tmp_path, asked_of="those who had used the tools")
    data = cfg.model_dump(mode="json", exclude_defaults=True)
    q7 = {**data["questions"][3], "id": "q7", "column": "Q7", "statement": "the tools saved time"}
    cfg = config.parse({**data, "questions": [*data["questions"], q7]}, "consultations/r.yaml", tmp_path)
    text = summary.summarise(write_project(tmp_path, cfg, routed_responses().assign(q7=routed_responses()["q6"])),
                             cfg).text
    assert "Asked only of those who had used the tools (26 respondents): most" in text
    assert "Asked of the same 26: most respondents who gave a view, 77% (20 of 26), agreed that the tools saved time" in text


# ---------------------------------------------------------------------------- consult init
def routed_export(folder: Path) -> Path:
    """125 rows: 26 said Yes to "Have you used the tools?" and only they rated the tools (one skipped it)."""
    n = 125
    used = ["Yes"] * 26 + ["No"] * 90 + [""] * 9
    rows = {
        "Response ID": [f"R{i:03d}" for i in range(1, n + 1)],
        "Are you responding as an individual or on behalf of an organisation?":
            (["Individual", "Organisation"] * 63)[:n],
        "5. Have you used the tools?": used,
        "6. How easy were the tools to use?": ["Very easy", "Fairly easy", "Fairly difficult"] * 8 + ["Very easy", ""]
                                             + [""] * 99,
        "7. Do you agree with the proposals?": (["Agree", "Disagree", "Strongly agree", ""] * 32)[:n],
    }
    path = folder / "export.csv"
    pd.DataFrame(rows).to_csv(path, index=False)
    return path


def test_init_drafts_asked_if_with_its_evidence(tmp_path: Path) -> None:
    from consult.init import draft

    result = draft.draft_config(routed_export(tmp_path), "tools")
    by_column = {q["column"]: q for q in result.config["questions"]}
    routed = by_column["6. How easy were the tools to use?"]
    assert routed["asked_if"] == {"question": by_column["5. Have you used the tools?"]["id"], "answers": ["Yes"]}
    assert f"answered by 25 of 26 who said Yes to {routed['asked_if']['question']}, by 0 of 99 others" in result.yaml
    # answered by every kind of respondent, or unrelated to q5: not routed
    assert not any("asked_if" in q for c, q in by_column.items() if c != "6. How easy were the tools to use?")
    cfg = config.parse(result.config, "<draft>")
    assert asked_of(cfg, cfg.question(routed["id"])).startswith("those who answered Yes to “")


@pytest.mark.parametrize(("strays", "routed"), [(1, True), (2, False)])
def test_init_tolerates_two_percent_of_the_others_answering(tmp_path: Path, strays: int, routed: bool) -> None:
    from consult.init import draft

    path = routed_export(tmp_path)
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.loc[40:39 + strays, "6. How easy were the tools to use?"] = "Very easy"  # said No, answered all the same
    frame.to_csv(path, index=False)
    result = draft.draft_config(path, "tools")
    assert any("asked_if" in q for q in result.config["questions"]) is routed  # ROUTING_TOLERANCE: 2% of 99 is 1.98
    assert (f"by {strays} of 99 others" in result.yaml) is routed


def test_a_routing_on_all_answers_but_a_few_names_the_few() -> None:
    often = "How often do you travel by plane?"
    options = ["Every day", "Every week", "Every month", "Once a year or less", "Never"]
    cfg = config.parse({"id": "t", "title": "T", "inputs": [{"path": "x.csv"}], "questions": [
        {"id": "often", "column": often, "type": "choice", "options": options},
        {"id": "recline", "column": "Do you recline your seat?", "type": "closed", "scale": "yes_no",
         "asked_if": {"question": "often", "answers": options[:4]}},
        {"id": "daily", "column": "Is it tiring?", "type": "closed", "scale": "yes_no",
         "asked_if": {"question": "often", "answers": ["Every day"]}}]}, "t.yaml")
    assert asked_of(cfg, cfg.question("recline")) == f"those who did not answer Never to “{often}”"
    assert asked_of(cfg, cfg.question("daily")) == f"those who answered Every day to “{often}”"


def test_init_names_the_few_left_out_of_a_routing_on_an_attribute(tmp_path: Path) -> None:
    from consult.init import draft

    faith = ["Christian", "Muslim", "Hindu", "Jewish", "Sikh", "None"] * 20
    frame = pd.DataFrame({"Response ID": [f"R{i:03d}" for i in range(1, 121)], "Religion": faith,
                          "Do you pray in public?": ["" if f == "None" else y for f, y in zip(faith, ["Yes", "No"] * 60)]})
    frame.to_csv(tmp_path / "faith.csv", index=False)
    result = draft.draft_config(tmp_path / "faith.csv", "faith")
    routed = next(q for q in result.config["questions"] if q["column"] == "Do you pray in public?")
    assert routed["asked_of"] == "those who did not answer None to “Religion”"
    cfg = config.parse(result.config, "<draft>")
    assert asked_of(cfg, cfg.question(routed["id"])) == "those who did not answer None to “Religion”"
