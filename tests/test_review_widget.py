"""The review widget, driven as a user would: set values, click buttons, check the file and tables."""

from __future__ import annotations

import shutil
from pathlib import Path

import ipywidgets as w
import pandas as pd
import pytest
import yaml

from consult.core import config
from consult.review.actions import ACTION_GROUPS
from consult.review.widget import ReviewWidget

FIXTURE = Path(__file__).parent / "fixtures" / "review" / "project"


@pytest.fixture()
def ui(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ReviewWidget:
    shutil.copytree(FIXTURE, tmp_path, dirs_exist_ok=True)
    monkeypatch.setenv("CONSULT_REVIEWER", "asmith")
    return ReviewWidget(config.load(tmp_path / "consultations" / "town.yaml"), page_size=4)


def _tick(ui: ReviewWidget, *respondents: str) -> None:
    """Tick the responses' boxes on the page shown, as a reviewer would."""
    for row in ui.rows:
        if row.respondent_id in respondents:
            row.choose.value = True


def _shown(ui: ReviewWidget) -> list[str]:
    return [row.respondent_id for row in ui.rows if row.box.layout.display != "none"]


def _decisions(ui: ReviewWidget) -> list[dict]:
    return yaml.safe_load(ui.session.decisions.path.read_text(encoding="utf-8"))["decisions"]


def _listing(ui: ReviewWidget) -> dict[str, dict]:
    table = ui.session.theme_list("q_why")
    return {row["theme_id"]: row for row in table.to_dict("records")}


def test_it_shows_one_formatted_theme_table_and_question_text(ui: ReviewWidget) -> None:
    assert ui.question.value == "q_why"
    assert ui.question.options[0][0] == "Why do you say that?  ·  0 of 4 themes reviewed (0%)"
    assert [value for _, value in ui.theme.options] == ["T01", "T02", "T03", "other"]
    assert ui.theme.options[0][0] == "T01 · parking charges (6)"
    table = ui.themes_table.value
    assert "parking charges" in table and "40% (6 of 15)" in table and "33% (5 of 15)" in table
    assert "33.33" not in table and "q_agree" not in table
    assert "Answer to “Do you agree with the plan?”" in table and "disagree 83%, agree 17%" in table
    assert '<tr class="chosen"><td class="">T01' in table
    ui.theme.value = "T02"
    assert '<tr class="chosen"><td class="">T02' in ui.themes_table.value
    assert _listing(ui)["other"]["position"] == "agree 50%, don't know 50%"
    assert "bus; routes" in ui.details.value
    assert [ui.actions.get_title(i) for i in range(len(ui.actions.children))] == [
        "Rename", "Merge", "Split", "Move", "Drop", "Sign off", "Response"]


def test_responses_are_paged_searchable_and_filtered_by_group(ui: ReviewWidget) -> None:
    assert ui.page_label.value == "page 1 of 2 (6 responses)"
    assert _shown(ui) == ["R01", "R02", "R03", "R04"] and ui.prev_page.disabled
    assert "Do you agree with the plan?: <b>Disagree</b>" in ui.rows[0].details.value
    assert "Where do you live?: North" in ui.rows[0].details.value
    ui.next_page.click()
    assert ui.page_label.value == "page 2 of 2 (6 responses)" and len(_shown(ui)) == 2
    assert ui.next_page.disabled
    ui.search.value = "SHOP"
    assert ui.page_label.value == "page 1 of 1 (2 responses)"
    assert _shown(ui) == ["R02", "R03"]
    ui.filters["area"].value = "South"
    assert _shown(ui) == ["R02"] and ui.page_label.value == "page 1 of 1 (1 responses)"
    assert ui.filters["area"].description == "Where do you live?"
    assert ui.filters["area"].options == ("(all)", "North", "South")


def test_rename_through_the_widget(ui: ReviewWidget) -> None:
    ui.theme.value = "T02"
    ui.rename_text.value = "Bus services to villages"
    ui.rename_button.click()
    [entry] = _decisions(ui)
    assert (entry["action"], entry["label"], entry["who"]) == ("rename", "Bus services to villages", "asmith")
    assert _listing(ui)["T02"]["label"] == "Bus services to villages"
    assert ui.theme.value == "T02" and "Bus services to villages" in ui.theme.options[1][0]
    assert "renamed &#x27;Bus services to villages&#x27;" in ui.status.value
    assert "saved to town.review.yaml (1 decision in all)" in ui.status.value
    assert ui.rename_text.value == ""
    assert "Decisions so far (1)" == ui.more.get_title(1)
    assert "rename" in ui.log_table.value and "asmith" in ui.log_table.value
    assert "Why do you say that?" in ui.log_table.value


def test_merge_split_drop_through_the_widget(ui: ReviewWidget) -> None:
    ui.theme.value = "T02"
    ui.merge_with.value = ("T03",)
    ui.merge_button.click()
    assert "T03" not in _listing(ui) and _listing(ui)["T02"]["n"] == 8
    assert "Merged &#x27;cycle lanes&#x27; into &#x27;bus routes&#x27;" in ui.status.value

    ui.theme.value = "T01"
    ui.search.value = "shop"
    _tick(ui, "R02", "R03")
    assert "2 ticked" in ui.chosen_label.value
    ui.split_label.value = "Effect on shops"
    ui.split_button.click()
    assert _listing(ui)["R01"]["label"] == "Effect on shops" and _listing(ui)["T01"]["n"] == 4
    assert ui.chosen == {} and "Decisions so far (2)" == ui.more.get_title(1)

    ui.theme.value = "R01"
    ui.drop_to.value = "other"
    ui.drop_button.click()
    assert "R01" not in _listing(ui) and _listing(ui)["other"]["n"] == 4
    assert [d["action"] for d in _decisions(ui)] == ["merge", "split", "drop"]
    assert _decisions(ui)[1]["parts"] == [{"label": "Effect on shops", "respondents": ["R02", "R03"]}]


def test_ticks_survive_paging_and_untick_all(ui: ReviewWidget) -> None:
    _tick(ui, "R01")
    ui.next_page.click()
    _tick(ui, "R05")
    assert ui.chosen_ids() == ["R01", "R05"] and "2 ticked" in ui.chosen_label.value
    ui.prev_page.click()
    assert ui.rows[0].choose.value
    ui.rows[0].choose.value = False
    assert ui.chosen_ids() == ["R05"]
    ui.clear_chosen.click()
    assert ui.chosen_ids() == [] and ui.clear_chosen.disabled


def test_move_a_response_between_themes(ui: ReviewWidget) -> None:
    ui.theme.value = "other"
    _tick(ui, "R14")
    ui.assign_to.value = "T03"
    ui.assign_button.click()
    assert _listing(ui)["T03"]["n"] == 4 and _listing(ui)["other"]["n"] == 1
    assert "Added &#x27;cycle lanes&#x27; to 1 response(s)" in ui.status.value

    ui.theme.value = "T02"
    ui.search.value = "sundays"
    _tick(ui, "R05")
    ui.unassign_button.click()
    assert _listing(ui)["T02"]["n"] == 4
    assert [(d["action"], d["respondent_id"]) for d in _decisions(ui)] == [("assign", "R14"), ("unassign", "R05")]


def test_mark_reviewed_and_note(ui: ReviewWidget) -> None:
    ui.theme.value = "T03"
    ui.reviewed_button.click()
    ui.note_text.value = "Check with the cycling forum"
    ui.note_button.click()
    row = _listing(ui)["T03"]
    assert row["reviewed"] and row["note"] == "Check with the cycling forum"
    assert "✓" in ui.themes_table.value and "Check with the cycling forum" in ui.themes_table.value
    assert "Check with the cycling forum" in ui.details.value
    assert ui.question.options[0][0].endswith("1 of 4 themes reviewed (25%)")
    assert ui.session.agreement().loc[0, "responses_reviewed"] == 3
    assert ui.more.get_title(2) == "Model and reviewer"
    assert "<td class=\"\">Why do you say that?</td><td class=\"num\">15</td><td class=\"num\">3</td>" in (
        ui.agreement_table.value)
    across = ui.across_table.value
    assert "Why do you say that?" in across and "T03 · cycle lanes" in across and "20% (3 of 15)" in across


def test_whole_response_and_show_all(ui: ReviewWidget) -> None:
    ui.rows[1].whole.click()
    whole = ui.whole.value
    assert "Whole response of R02" in whole
    assert "Do you agree with the plan?" in whole and "Strongly disagree" in whole and "South" in whole
    assert "The parking charges put shoppers off coming in" in whole
    assert ui.rows[0].expand.layout.display == "none"  # a short answer needs no "show all"
    ui.theme.value = "T02"
    assert ui.whole.value == ""


@pytest.fixture()
def campaign_ui(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ReviewWidget:
    """The fixture with R01–R03 sending one campaign text, and R04 a long answer with an e-mail address."""
    shutil.copytree(FIXTURE, tmp_path, dirs_exist_ok=True)
    path = tmp_path / "data" / "processed" / "town" / "responses.csv"
    responses = pd.read_csv(path, dtype=str, keep_default_na=False)
    campaign = responses["respondent_id"].isin(["R01", "R02", "R03"])
    responses.loc[campaign, "q_why"] = "Scrap the parking charges now, say the town centre traders"
    responses.loc[campaign, "q_why__campaign"] = "1"
    responses.loc[responses["respondent_id"] == "R04", "q_why"] = (
        "Parking is expensive and the charges keep rising. " * 8 + "Write to jane.doe@example.com")
    responses.to_csv(path, index=False)
    monkeypatch.setenv("CONSULT_REVIEWER", "asmith")
    return ReviewWidget(config.load(tmp_path / "consultations" / "town.yaml"), page_size=4)


def test_a_campaign_is_one_row_with_its_size(campaign_ui: ReviewWidget) -> None:
    ui = campaign_ui
    assert ui.page_label.value == "page 1 of 1 (4 responses; 1 campaign shown once, 6 respondents in all)"
    assert _shown(ui) == ["R01", "R04", "R05", "R06"]
    assert "campaign text, 3 respondents" in ui.rows[0].details.value
    ui.rows[0].whole.click()
    assert "one of the 3 respondents who sent this campaign text" in ui.whole.value
    _tick(ui, "R01")
    assert ui.chosen_ids() == ["R01", "R02", "R03"] and "3 ticked" in ui.chosen_label.value
    ui.split_label.value = "Traders' campaign"
    ui.split_button.click()
    assert _decisions(ui)[0]["parts"] == [{"label": "Traders' campaign", "respondents": ["R01", "R02", "R03"]}]


def test_a_long_answer_is_cut_until_show_all(campaign_ui: ReviewWidget) -> None:
    row = campaign_ui.rows[1]
    assert row.respondent_id == "R04" and row.expand.layout.display != "none"
    assert "…" in row.answer.value and "[email]" not in row.answer.value
    row.expand.value = True
    assert "Write to [email]" in row.answer.value and "jane.doe" not in row.answer.value
    assert row.expand.description == "show less"
    row.whole.click()
    assert "Write to [email]" in campaign_ui.whole.value and "jane.doe" not in campaign_ui.whole.value


def test_an_action_group_is_one_more_entry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(FIXTURE, tmp_path, dirs_exist_ok=True)
    monkeypatch.setenv("CONSULT_REVIEWER", "asmith")
    seen: list[tuple[str, str]] = []

    def extra(ui: ReviewWidget) -> w.Widget:
        ui.on_theme(lambda q, t: seen.append((q, t)))
        return w.HTML("extra")

    ui = ReviewWidget(config.load(tmp_path / "consultations" / "town.yaml"), groups=[*ACTION_GROUPS, ("Extra", extra)])
    assert ui.actions.get_title(7) == "Extra" and ui.actions.children[7].value == "extra"
    ui.theme.value = "T02"
    assert seen[-1] == ("q_why", "T02")


def test_mistakes_show_one_line_and_save_nothing(ui: ReviewWidget) -> None:
    ui.theme.value = "T01"
    ui.assign_button.click()  # no responses ticked
    assert "no responses chosen" in ui.status.value and "#a00" in ui.status.value
    ui.rename_text.value = "   "
    ui.rename_button.click()
    assert "rename" in ui.status.value and "label" in ui.status.value
    assert not ui.session.decisions.path.exists()


def test_retheme_into_k_with_the_theme_model(ui: ReviewWidget) -> None:
    ui.theme.value = "T01"
    ui.retheme_k.value = 2
    ui.retheme_button.click()
    [entry] = _decisions(ui)
    assert entry["action"] == "split" and len(entry["parts"]) == 2
    moved = sorted(r for part in entry["parts"] for r in part["respondents"])
    assert moved == ["R01", "R02", "R03", "R04", "R05", "R06"]  # each response in exactly one part
    listing = _listing(ui)
    assert "T01" not in listing and {"R01", "R02"} <= set(listing)
    assert [listing[t]["label"] for t in ("R01", "R02")] == [p["label"] for p in entry["parts"]]


def test_the_review_notebook_runs(tmp_path: Path) -> None:
    import nbformat
    import papermill

    shutil.copytree(FIXTURE, tmp_path, dirs_exist_ok=True)
    notebook = Path(__file__).resolve().parents[1] / "notebooks" / "review_themes.ipynb"
    (tmp_path / "notebooks").mkdir()
    out = tmp_path / "notebooks" / "out.ipynb"
    papermill.execute_notebook(str(notebook), str(out), parameters={"config_path": "../consultations/town.yaml"},
                               cwd=str(tmp_path / "notebooks"), kernel_name="python3", progress_bar=False)
    outputs = [o for cell in nbformat.read(out, as_version=4).cells if cell.cell_type == "code" for o in cell.outputs]
    assert any("application/vnd.jupyter.widget-view+json" in o.get("data", {}) for o in outputs)
    assert not any(o.output_type == "error" for o in outputs)
