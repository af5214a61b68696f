"""Drafting a config from an export: column types as a person would read them, and a config that cleans."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import yaml

from consult.clean import stage as clean
from consult.core import config
from consult.core.files import write_text
from consult.init import draft
from consult.init.columns import classify_one, recognise_scale

FIXTURES = Path(__file__).parent / "fixtures" / "exports"


def types(result: draft.Draft) -> list[str]:
    return result.decisions["type"].tolist()


def clean_draft(result: draft.Draft, folder: Path, name: str) -> clean.CleanResult:
    """Write the draft as consult init does, load it back, and clean with it."""
    path = folder / "consultations" / f"{name}.yaml"
    write_text(path, result.yaml)
    assert yaml.safe_load(result.yaml) == result.config
    return clean.run(config.load(path))


def test_fixture_export_is_classified_and_cleans(tmp_path: Path) -> None:
    result = draft.draft_config(FIXTURES / "responses.csv", "fixture")
    assert types(result) == ["id", "metadata", "attribute", "closed", "free_text", "multi_select", "metadata"]
    assert result.decisions["scale"].tolist()[3] == "agree4"  # no "Neither" in the answers
    assert "use agree5 if the form offered it" in result.decisions["reason"].tolist()[3]
    assert result.config["id_column"] == "Response ID" and result.config["submitted_column"] == "Submitted"
    services = result.config["questions"][3]
    assert (services["type"], services["delimiter"]) == ("multi_select", ", ")
    totals = clean_draft(result, tmp_path, "fixture").totals()
    assert (totals["raw"], totals["kept"] + totals["excluded"]) == (16, 16)


def test_qualtrics_draft_reads_codes_and_text() -> None:
    result = draft.draft_config(FIXTURES / "qualtrics.csv", "q")
    assert types(result) == ["metadata", "metadata", "metadata", "id", "closed", "closed", "free_text"]
    assert result.decisions["scale"].tolist()[4:6] == ["satisfaction5", "yes_no"]
    assert result.config["inputs"] == [{"path": str(FIXTURES / "qualtrics.csv"), "header_rows": 3}]
    assert result.config["questions"][0]["text"] == "How satisfied are you with the service?"


def test_no_id_export_is_numbered() -> None:
    result = draft.draft_config(FIXTURES / "no_ids.csv", "forms")
    assert "id_column" not in result.config
    assert "no respondent id column was found" in result.yaml


def test_yaml_has_comments_and_parses() -> None:
    result = draft.draft_config(FIXTURES / "responses.csv", "fixture")
    assert result.yaml.startswith("# DRAFT written by 'consult init'")
    assert "  # column 4: closed, scale agree4; labels seen: Disagree, Agree, Strongly agree" in result.yaml
    config.parse(yaml.safe_load(result.yaml), "<draft>")


@pytest.mark.parametrize(
    ("labels", "scale"),
    [(["Strongly agree", "agree", "Tend to disagree", "Don't know"], "agree4"),
     (["Agree", "Neither agree nor disagree", "Disagree"], "agree5"),
     (["Yes", "No", "Not sure"], "yes_no"), (["1", "3", "5"], "numeric1_5"), (["0", "7", "10"], "numeric0_10"),
     (["Very important", "Not at all important"], "importance5"), (["Red", "Blue"], None), (["Yes"], None)],
)
def test_scales_are_recognised(labels: list[str], scale: str | None) -> None:
    assert recognise_scale(labels) == scale


def test_free_text_with_repeated_non_answers_is_still_free_text() -> None:
    answers = ["No", "Nothing.", "n/a", "No", "n/a", "More buses in the evening please", "Fix the potholes on Mill Lane",
               "None", "No", "The library hours are too short for workers"] * 3
    column = classify_one("Any other comments?", "Any other comments?", pd.Series(answers))
    assert column.kind == "free_text"
    choice = classify_one("Preferred option", "Preferred option", pd.Series(["Option A", "Option B", "Option C"] * 10))
    assert (choice.kind, choice.scale, choice.options) == ("choice", None, ["Option A", "Option B", "Option C"])


def test_star_wars_two_row_header(external_data: Path, tmp_path: Path) -> None:
    path = external_data / "fivethirtyeight-surveys" / "star-wars-survey" / "StarWars.csv"
    result = draft.draft_config(path, "starwars")
    kinds = types(result)
    assert kinds[:3] == ["id", "closed", "closed"]
    assert kinds[3:9] == ["multi_select"] * 6  # films seen: one column per option
    assert kinds[9:15] == ["ranking"] * 6  # films ranked 1-6
    assert kinds[15:29] == ["closed (drafted scale)"] * 14  # characters: favourably ... unfavourably
    assert set(result.decisions["scale"][15:29]) == {"favourable5"}  # one scale for the 14 characters
    assert result.config["scales"]["favourable5"] == {
        "options": ["Very favorably", "Somewhat favorably", "Neither favorably nor unfavorably (neutral)",
                    "Somewhat unfavorably", "Very unfavorably"],
        "positive": ["Very favorably", "Somewhat favorably"], "neutral": ["Neither favorably nor unfavorably (neutral)"],
        "negative": ["Somewhat unfavorably", "Very unfavorably"], "no_view": ["Unfamiliar (N/A)"],
        "positive_net": "favorably (net)", "negative_net": "unfavorably (net)",
        "positive_clause": "answered “Very favorably” or “Somewhat favorably”",
        "negative_clause": "answered “Somewhat unfavorably” or “Very unfavorably”"}
    assert kinds[29:33] == ["choice", "closed", "closed", "closed"]  # who shot first: Han, Greedo, ...
    assert kinds[33:] == ["attribute"] * 5  # gender, age, income, education, region
    assert result.config["inputs"][0]["header_rows"] == 2
    totals = clean_draft(result, tmp_path, "starwars").totals()
    assert totals == {"raw": 1186, "kept": 1186, "excluded": 0, "changed": 0}


def test_flying_etiquette(external_data: Path, tmp_path: Path) -> None:
    path = external_data / "fivethirtyeight-surveys" / "flying-etiquette-survey" / "flying-etiquette.csv"
    result = draft.draft_config(path, "flying")
    kinds = types(result)
    assert kinds[0] == "id" and kinds[-5:] == ["attribute"] * 5
    yes_no = [c for c, s in zip(result.decisions["column"], result.decisions["scale"]) if s == "yes_no"]
    assert len(yes_no) == 4
    assert set(kinds[1:-5]) == {"closed", "closed (drafted scale)", "choice", "closed (unknown scale)"}
    assert kinds.count("closed (unknown scale)") == 1  # height: 20 labels are too many for options
    rude = result.config["scales"]["rude3"]  # "is it rude to ...": ordered, but which end is favourable?
    assert rude == {"options": ["Yes, very rude", "Yes, somewhat rude", "No, not rude at all"],
                    "synonyms": {"No, not at all rude": "No, not rude at all"}}
    assert result.decisions["scale"].tolist().count("rude3") == 9
    result_clean = clean_draft(result, tmp_path, "flying")
    assert result_clean.totals()["raw"] == 1040 == len(result_clean.responses)


def test_polis_conversation(external_data: Path, tmp_path: Path) -> None:
    folder = external_data / "polis-opendata" / "15-per-hour-seattle"
    result = draft.draft_config(folder / "votes.csv", "seattle")
    assert result.config["inputs"] == [{"path": str(folder / "comments.csv"), "format": "polis"}]
    assert "is a Polis conversation" in result.yaml
    cleaned = clean_draft(result, tmp_path, "seattle")
    assert cleaned.totals()["raw"] == 54 + 339  # statements, then participants (rows of participants-votes.csv)
    assert len(cleaned.responses) == 54 - 23  # moderated out: left out by filter.statements' default
    assert cleaned.responses["statement__status"].eq("answer").sum() >= 30
