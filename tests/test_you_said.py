"""“You said, we did”: the organisation's response to a theme, recorded in the review, re-applied by
content on reruns, written in the report (summary.md, summary.docx, tables.xlsx) and carried into the
next cycle's comparison; and the review screen's control for it."""

from __future__ import annotations

import shutil
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest
import yaml
from openpyxl import load_workbook
from test_cycles import _second_cycle, _write_cycle
from test_review import _rerun_data
from test_summary import build, default_themes

from consult.core import config
from consult.core.files import read_csv, write_csv
from consult.report import compare as cycle_compare
from consult.report import docx as word
from consult.report import stage as report
from consult.report import you_said
from consult.review import decisions as review
from consult.review import file as review_file
from consult.review.session import ReviewSession
from consult.review.widget import ReviewWidget

FIXTURE = Path(__file__).parent / "fixtures" / "review" / "project"
PARKING = "We will review town-centre parking charges in 2027."


@pytest.fixture()
def cfg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> config.Consultation:
    shutil.copytree(FIXTURE, tmp_path, dirs_exist_ok=True)
    monkeypatch.setenv("CONSULT_REVIEWER", "asmith")
    return config.load(tmp_path / "consultations" / "town.yaml")


def _theme(outcome: review.ReviewOutcome, theme_id: str) -> pd.Series:
    return outcome.themes.set_index("theme_id").loc[theme_id]


# ---------------------------------------------------------------------------- the decision
def test_a_response_is_saved_and_reads_back_to_the_same_decision(cfg: config.Consultation) -> None:
    outcome = ReviewSession(cfg).respond("q_why", "T01", f"  {PARKING} ", changed=False)
    row = _theme(outcome, "T01")
    assert (row["response"], row["changed"]) == (PARKING, False)
    assert _theme(outcome, "T02")["response"] == "" and _theme(outcome, "T02")["changed"] == ""
    [entry] = yaml.safe_load(cfg.review_path.read_text(encoding="utf-8"))["decisions"]
    assert (entry["action"], entry["response"], entry["changed"]) == ("respond", PARKING, False)  # false is kept
    assert entry["theme"]["label"] == "parking charges" and entry["theme"]["members"][0] == "R01"
    loaded = review.load(cfg).file
    assert review_file.dump(loaded) == cfg.review_path.read_text(encoding="utf-8")
    assert loaded.decisions[0].describe() == f"respond 'parking charges': {PARKING!r} (proposal not changed)"


def test_a_response_needs_its_text_and_whether_the_proposal_changed(cfg: config.Consultation) -> None:
    with pytest.raises(review.ReviewError, match="no response written"):
        ReviewSession(cfg).respond("q_why", "T01", "   ", changed=True)
    ref = review_file.ThemeRef.of("T01", "a", [], ["R1"])
    with pytest.raises(review.ReviewError, match="respond decision needs changed"):
        review.decide("respond", "q", ref, who="x", response="We will look again.")
    assert not cfg.review_path.exists()


def test_the_latest_response_counts_and_a_split_part_starts_without_one(cfg: config.Consultation) -> None:
    session = ReviewSession(cfg)
    session.respond("q_why", "T01", "We will look again.", changed=False)
    session.respond("q_why", "T01", PARKING, changed=True)
    outcome = session.split("q_why", "T01", {"Effect on shops": ["R02", "R03"]})
    assert (_theme(outcome, "T01")["response"], _theme(outcome, "T01")["changed"]) == (PARKING, True)
    assert _theme(outcome, "R01")["response"] == "" and _theme(outcome, "R01")["changed"] == ""


def test_a_response_is_reapplied_by_content_on_a_rerun(cfg: config.Consultation, tmp_path: Path) -> None:
    ReviewSession(cfg).respond("q_why", "T01", PARKING, changed=True)
    _rerun_data(cfg)  # parking is T02 now, one response withdrawn and one added
    outcome = ReviewSession(cfg).outcome
    assert outcome.stale.empty and outcome.log.loc[0, "matched_by"].startswith("responses")
    assert (_theme(outcome, "T02")["response"], _theme(outcome, "T02")["changed"]) == (PARKING, True)
    assert _theme(outcome, "T01")["response"] == ""
    written = read_csv(write_csv(outcome.themes, tmp_path / "themes.csv"), dtype=str, keep_default_na=False)
    assert written.columns[-2:].tolist() == ["response", "changed"]
    assert written.set_index("theme_id").loc["T02", ["response", "changed"]].tolist() == [PARKING, "True"]


# ---------------------------------------------------------------------------- the review screen
def test_the_response_control_saves_and_shows_the_chosen_themes_response(cfg: config.Consultation) -> None:
    ui = ReviewWidget(cfg, page_size=4)
    control = ui.response
    assert control.box in ui.actions.children  # a tab beside the other decisions
    ui.theme.value = "T02"
    assert control.text.value == "" and not control.changed.value and "No response saved" in control.saved.value
    control.save_button.click()  # nothing written
    assert "no response written" in control.status.value and not cfg.review_path.exists()
    control.text.value, control.changed.value = "More buses to the villages from May.", True
    control.save_button.click()
    assert "Response saved to town.review.yaml" in control.status.value
    [entry] = yaml.safe_load(cfg.review_path.read_text(encoding="utf-8"))["decisions"]
    assert (entry["action"], entry["changed"], entry["who"]) == ("respond", True, "asmith")
    ui.theme.value = "T03"
    assert control.text.value == "" and not control.changed.value
    ui.theme.value = "T02"  # back: the saved response is shown
    assert control.text.value == "More buses to the villages from May." and control.changed.value
    assert "Saved: proposal changed" in control.saved.value


# ---------------------------------------------------------------------------- the report
def _responded_themes() -> pd.DataFrame:
    themes = default_themes()
    themes["response"] = [PARKING, "Fees will rise by 2% (half the rate proposed).", ""]
    themes["changed"] = [False, True, ""]
    return themes


def test_the_section_is_written_alike_in_md_docx_and_xlsx(tmp_path: Path) -> None:
    cfg, _ = build(tmp_path, ["Agree"] * 6, themes=_responded_themes())
    paths = report.run(cfg).paths
    md = paths["summary.md"].read_text(encoding="utf-8")
    assert "## You said, we did\n\n" in md and "The Strategy changed in response to one of the two themes." in md
    assert ("| Any other comments? | Cost | 5 of 6 | “=SUM(A1) too expensive” | "
            "Fees will rise by 2% (half the rate proposed). | Yes |") in md  # a % in the response is its own words
    assert "| Parking | 3 of 6 | “There is nowhere to park, email me at [email]” | " + PARKING + " | No |" in md
    assert md.index("| Cost |") < md.index("| Parking |")  # biggest theme first; "other" had no response
    text = word.document_text(paths["summary.docx"].read_bytes())
    for cell in ("5 of 6", "3 of 6", "“=SUM(A1) too expensive”", PARKING, "Representative quote (redacted)"):
        assert cell in text.splitlines(), cell
    sheet = load_workbook(paths["tables.xlsx"])["You said, we did"]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=1, max_row=3)]
    assert rows[0] == you_said.TABLE_COLUMNS
    assert rows[1][1:] == ["Cost", "5 of 6", "“=SUM(A1) too expensive”", "Fees will rise by 2% (half the rate proposed).",
                           "Yes"]


def test_without_responses_there_is_no_section(tmp_path: Path) -> None:
    cfg, data = build(tmp_path, ["Agree"] * 6)
    assert you_said.sections(data, cfg) == []
    themes = default_themes().assign(response="", changed="")
    cfg, data = build(tmp_path / "blank", ["Agree"] * 6, themes=themes)
    assert you_said.sections(data, cfg) == []


# ---------------------------------------------------------------------------- the next cycle
def test_the_next_cycle_sets_last_responses_against_the_themes_now(cfg: config.Consultation) -> None:
    now = _second_cycle(cfg)
    _write_cycle(cfg, (60, 100), [("T01", "Parking charges", "parking; charges", 30),
                                  ("T02", "bus routes", "bus; routes; villages", 20),
                                  ("T03", "litter", "litter; bins", 10)], base=100)
    _write_cycle(now, (150, 200), [("T01", "parking charges", "parking; charges", 30),
                                   ("T02", "Bus services", "bus; routes; villages; late", 80)], base=200)
    themes = read_csv(cfg.processed_dir / "themes.csv")
    themes["response"] = [PARKING, "A Sunday bus to the villages.", "More bins in the park."]
    themes["changed"] = [False, True, True]
    write_csv(themes, cfg.processed_dir / "themes.csv")
    compared = cycle_compare.run(now).themes.set_index("theme_id_then")
    assert compared.loc["T02", ["label_then", "response_then", "changed_then"]].tolist() == [
        "bus routes", "A Sunday bus to the villages.", True]
    written = read_csv(now.processed_dir / "cycle_themes.csv")
    table = you_said.last_time_table(SimpleNamespace(cycle_themes=written), now)
    assert table.columns.tolist() == you_said.LAST_COLUMNS
    assert table.drop(columns="Question").values.tolist() == [
        ["Parking charges", "30 of 100", "30 of 200 (shrank)", PARKING, "No"],
        ["Bus routes", "20 of 100", "80 of 200 (grew) (now “Bus services”)", "A Sunday bus to the villages.", "Yes"],
        ["Litter", "10 of 100", "not raised now", "More bins in the park.", "Yes"]]
    section = you_said.last_time_section(SimpleNamespace(cycle_themes=written), now)
    assert "responded to three themes" in section.paragraphs[0] and "one of them was not raised" in section.paragraphs[0]
