"""The review widget, driven as a user would: set values, click buttons, check the file and tables."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from consult.core import config
from consult.review.widget import ReviewWidget

FIXTURE = Path(__file__).parent / "fixtures" / "review" / "project"


@pytest.fixture()
def ui(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ReviewWidget:
    shutil.copytree(FIXTURE, tmp_path, dirs_exist_ok=True)
    monkeypatch.setenv("CONSULT_REVIEWER", "asmith")
    return ReviewWidget(config.load(tmp_path / "consultations" / "town.yaml"), page_size=4)


def _decisions(ui: ReviewWidget) -> list[dict]:
    return yaml.safe_load(ui.session.decisions.path.read_text(encoding="utf-8"))["decisions"]


def _listing(ui: ReviewWidget) -> dict[str, dict]:
    table = ui.session.theme_list("q_why")
    return {row["theme_id"]: row for row in table.to_dict("records")}


def test_it_shows_the_theme_list_with_position_split(ui: ReviewWidget) -> None:
    assert ui.question.value == "q_why"
    assert [value for _, value in ui.theme.options] == ["T01", "T02", "T03", "other"]
    assert ui.theme.options[0][0] == "T01 · parking charges (6, 40%)"
    assert "parking charges" in ui.themes_table.value and "disagree 83%, agree 17%" in ui.themes_table.value
    assert _listing(ui)["other"]["position"] == "agree 50%, don't know 50%"
    assert "parking; charges" in ui.details.value


def test_responses_are_paged_and_searchable(ui: ReviewWidget) -> None:
    assert ui.page_label.value == "page 1 of 2 (6 responses)"
    assert len(ui.responses.options) == 4 and ui.prev_page.disabled
    ui.next_page.click()
    assert ui.page_label.value == "page 2 of 2 (6 responses)" and len(ui.responses.options) == 2
    assert ui.next_page.disabled
    ui.search.value = "SHOP"
    assert ui.page_label.value == "page 1 of 1 (2 responses)"
    assert [value for _, value in ui.responses.options] == ["R02", "R03"]
    assert "Disagree" in ui.responses_table.value and "South" in ui.responses_table.value


def test_rename_through_the_widget(ui: ReviewWidget) -> None:
    ui.theme.value = "T02"
    ui.rename_text.value = "Bus services to villages"
    ui.rename_button.click()
    [entry] = _decisions(ui)
    assert (entry["action"], entry["label"], entry["who"]) == ("rename", "Bus services to villages", "asmith")
    assert _listing(ui)["T02"]["label"] == "Bus services to villages"
    assert ui.theme.value == "T02" and "Bus services to villages" in ui.theme.options[1][0]
    assert "saved to town.review.yaml (1 decision in all)" in ui.status.value
    assert ui.rename_text.value == ""


def test_merge_split_drop_through_the_widget(ui: ReviewWidget) -> None:
    ui.theme.value = "T02"
    ui.merge_with.value = ("T03",)
    ui.merge_button.click()
    assert "T03" not in _listing(ui) and _listing(ui)["T02"]["n"] == 8

    ui.theme.value = "T01"
    ui.search.value = "shop"
    ui.responses.value = ("R02", "R03")
    ui.split_label.value = "Effect on shops"
    ui.split_button.click()
    assert _listing(ui)["R01"]["label"] == "Effect on shops" and _listing(ui)["T01"]["n"] == 4

    ui.theme.value = "R01"
    ui.drop_to.value = "other"
    ui.drop_button.click()
    assert "R01" not in _listing(ui) and _listing(ui)["other"]["n"] == 4
    assert [d["action"] for d in _decisions(ui)] == ["merge", "split", "drop"]
    assert _decisions(ui)[1]["parts"] == [{"label": "Effect on shops", "respondents": ["R02", "R03"]}]


def test_move_a_response_between_themes(ui: ReviewWidget) -> None:
    ui.theme.value = "other"
    ui.responses.value = ("R14",)
    ui.assign_to.value = "T03"
    ui.assign_button.click()
    assert _listing(ui)["T03"]["n"] == 4 and _listing(ui)["other"]["n"] == 1

    ui.theme.value = "T02"
    ui.search.value = "sundays"
    ui.responses.value = ("R05",)
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
    assert ui.theme.options[2][0].endswith("✓")
    assert "Check with the cycling forum" in ui.details.value
    assert ui.session.agreement().loc[0, "responses_reviewed"] == 3


def test_mistakes_show_one_line_and_save_nothing(ui: ReviewWidget) -> None:
    ui.theme.value = "T01"
    ui.assign_button.click()  # no responses chosen
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
