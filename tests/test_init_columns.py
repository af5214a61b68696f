"""Classifying export columns (consult.init.columns): free text, personal data and wording rules."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from consult.clean import stage as clean
from consult.core import config
from consult.init import draft
from consult.init.columns import characteristic_of, classify_one, recognise_scale
from consult.init.wording import drafted_values, plain

SUGGESTIONS = [f"The {thing} near the {place} should be {fix} as soon as possible"
               for thing in ("toilets", "lights", "benches", "paths", "bins", "swings")
               for place in ("pond", "gate", "cafe", "playground")
               for fix in ("repaired", "replaced")]  # 48 different sentences


def test_many_different_sentences_are_free_text_even_when_each_repeats() -> None:
    answers = pd.Series(SUGGESTIONS * 3 + ["N/A"] * 10)  # a third of the answers differ: not "mostly unique"
    column = classify_one("Q7", "Q7", answers)
    assert column.kind == "free_text", column.reason
    assert "48 different answers" in column.reason


@pytest.mark.parametrize("header", ["What one thing would most improve the park?", "How could we make the service better?",
                                    "Do you have any ideas for the site?", "What would you like to see in the park?"])
def test_a_header_asking_for_a_suggestion_is_free_text(header: str) -> None:
    answers = pd.Series(SUGGESTIONS[:10] * 4)  # ten answers, each given four times
    assert classify_one(header, header, answers).kind == "free_text"


def test_short_codes_are_still_metadata_and_say_so() -> None:
    column = classify_one("Ref", "Ref", pd.Series([f"R{i:03d}" for i in range(60)] * 2))
    assert column.kind == "metadata" and "short values (1.0 words on average)" in column.reason


@pytest.mark.parametrize("header", ["Postcode", "Q4. Your postcode", "Home address", "Phone number", "IP Address",
                                    "IPAddress", "User Agent", "Name2", "RecipientEmail", "LocationLatitude"])
def test_personal_headers_are_metadata_said_to_be_personal(header: str) -> None:
    column = classify_one(header, header, pd.Series(["LS7 3XY", "LS6 1AB", "LS6 2QR"] * 20))
    assert (column.kind, column.reason) == ("metadata", "personal data (never analysed)")


def test_answers_that_are_postcodes_are_personal_whatever_the_header() -> None:
    column = classify_one("Where do you live?", "Where do you live?",
                          pd.Series(["LS7 3XY", "ls6 1ab", "LS6 2QR", "CF10 1AA", ""] * 20))
    assert column.kind == "metadata" and column.reason.startswith("personal data (postcode")


@pytest.mark.parametrize(("header", "answers"), [
    ("Postcode district", ["LS6", "LS7", "LS8"]),
    ("How well has the plan addressed your concerns?", ["Very well", "Fairly well", "Not very well"]),
    ("Would you like email updates?", ["Yes", "No"]),
])
def test_look_alikes_are_not_personal(header: str, answers: list[str]) -> None:
    assert classify_one(header, header, pd.Series(answers * 20)).kind != "metadata"


def test_accented_headers_match_wording_rules_and_make_plain_ids() -> None:
    ages = pd.Series(["16-24", "25-34", "35-44", "45-54", "65+", "Prefer not to say"] * 10)
    column = classify_one("Âge", "Âge", ages)
    assert (column.kind, column.characteristic) == ("attribute", "age")
    assert characteristic_of("Your âge group", list(ages.unique())) == "age"
    taken: set[str] = set()
    assert draft._slug("Âge", taken, 1) == "age"
    assert draft._slug("Résumé: satisfaction with waste collection (1-5)", taken, 2) == "resume_satisfaction_waste_collection"
    assert plain("Ydych chi'n cytuno â'r targed? ŵ") == "Ydych chi'n cytuno a'r targed? w"


def test_every_drafted_attribute_has_a_short_text(tmp_path: Path) -> None:
    rows = 40
    frame = pd.DataFrame({
        "Response ID": [f"R{i}" for i in range(rows)],
        "Do you support the plan?": ["Yes", "No"] * (rows // 2),
        "Do you consider yourself disabled?": ["Yes", "No", "No", "Prefer not to say"] * (rows // 4),
        "Where do you live?": ["North", "South", "East", "West"] * (rows // 4),
        "Are you responding as an individual or on behalf of an organisation?": ["Individual", "Organisation"] * (rows // 2),
    })
    export = tmp_path / "export.csv"
    frame.to_csv(export, index=False)
    questions = draft.draft_config(export, "t").config["questions"]
    texts = {q["column"]: q.get("text") for q in questions if q["type"] == "attribute"}
    assert texts == {"Do you consider yourself disabled?": "Disability",
                     "Where do you live?": "Where they live",
                     "Are you responding as an individual or on behalf of an organisation?": "Respondent type"}


def test_repeated_headers_get_distinct_texts_that_check_lists_as_drafted(tmp_path: Path) -> None:
    header = "Respondent,Comments,Comments,Comments\n"
    rows = "".join(f"R{i},{SUGGESTIONS[i]},{SUGGESTIONS[i + 1]},{SUGGESTIONS[i + 2]}\n" for i in range(40))
    export = tmp_path / "comments.csv"
    export.write_text(header + rows, encoding="utf-8")
    result = draft.draft_config(export, "comments")
    texts = [q.get("text") or q["column"] for q in result.config["questions"]]
    assert texts == ["Comments", "Comments (2)", "Comments (3)"]
    path = tmp_path / "comments.yaml"
    path.write_text(result.yaml, encoding="utf-8")
    notes = drafted_values(config.load(path), [export])
    assert [n for n in notes if "headers repeat" in n] == [
        f"questions (comments_{n}): text 'Comments ({n})' was drafted to tell apart questions whose headers repeat; "
        "give it the question it asked" for n in (2, 3)]


IMPORTANCE4 = ["Very important", "Important", "Not important", "Not at all important"]


@pytest.mark.parametrize(("labels", "scale"), [
    (IMPORTANCE4, None),  # four points: not importance5 reworded with a midpoint nobody was offered
    (["very important", "Important", "Not important", "Neither important nor unimportant"], "importance5"),
    (["Very important", "Not at all important", "Don't know"], "importance5"),  # its own words: options unchosen
    (["Strongly agree", "agree", "Tend to disagree", "Don't know"], "agree4"),
])
def test_a_built_in_scale_fits_only_the_options_respondents_saw(labels: list[str], scale: str | None) -> None:
    assert recognise_scale(labels) == scale


def test_a_battery_of_four_point_items_shares_one_scale_drafted_from_its_own_options(tmp_path: Path) -> None:
    rows = 48
    frame = pd.DataFrame({
        "Response ID": [f"R{i}" for i in range(rows)],
        "How important are these? | Books": IMPORTANCE4 * (rows // 4),
        "How important are these? | Wifi": IMPORTANCE4[:3] * (rows // 3),
        "How important are these? | Events": (IMPORTANCE4[:3] + ["Not applicable"]) * (rows // 4),
    })
    export = tmp_path / "grid.csv"
    frame.to_csv(export, index=False)
    result = draft.draft_config(export, "grid")
    scales = {q["scale"] for q in result.config["questions"] if q["type"] == "closed"}
    assert len(scales) == 1
    scale = result.config["scales"][scales.pop()]
    assert scale["options"] == IMPORTANCE4 and scale["no_view"] == ["Not applicable"]


def test_a_frequency_question_with_less_often_is_an_ordered_scale() -> None:
    answers = pd.Series(["Weekly", "Never", "Daily", "Less often", "Monthly"] * 10)
    column = classify_one("How often do you visit?", "How often do you visit?", answers)
    assert column.kind == "closed" and column.ordered is not None
    assert column.ordered.options == ("Daily", "Weekly", "Monthly", "Less often", "Never")


def test_qualtrics_previews_are_drafted_as_a_filter_that_leaves_them_out(tmp_path: Path) -> None:
    rows = 40
    frame = pd.DataFrame({
        "ResponseId": [f"R_{i:015d}" for i in range(rows)],
        "Finished": ["True"] * (rows - 3) + ["False"] * 3,
        "DistributionChannel": ["anonymous"] * (rows - 2) + ["preview"] * 2,
        "Q1": ["Yes", "No"] * (rows // 2),
    })
    export = tmp_path / "data" / "raw" / "qx" / "export.csv"
    export.parent.mkdir(parents=True)
    frame.to_csv(export, index=False)
    result = draft.draft_config(export, "qx")
    assert result.config["filter"] == {"where": "survey_channel != 'preview'", "description": "the survey's own previews and tests"}
    assert "2 row(s) have DistributionChannel “preview”" in result.decisions.set_index("column")["reason"][
        "DistributionChannel"]
    assert "3 response(s) are unfinished" in result.yaml
    path = tmp_path / "consultations" / "qx.yaml"
    path.parent.mkdir()
    path.write_text(result.yaml, encoding="utf-8")
    log = clean.run(config.load(path)).log
    assert log.loc[log["status"].eq("excluded"), "rule"].tolist() == ["filter.where"] * 2
