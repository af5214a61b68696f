"""Before publishing: each thing consult check lists is found on a case made for it, and not on a clean one."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
from test_summary import build, default_themes, make_config

from consult import cli
from consult.core import config, files
from consult.report import prepublish
from consult.review import decisions as review
from consult.review.session import ReviewSession

TOWN = Path(__file__).parent / "fixtures" / "review" / "project"


@pytest.fixture()
def town(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> config.Consultation:
    """The review fixture (three themes of "Why do you say that?"), as the themes stage left it."""
    shutil.copytree(TOWN, tmp_path, dirs_exist_ok=True)
    monkeypatch.setenv("CONSULT_REVIEWER", "asmith")
    return config.load(tmp_path / "consultations" / "town.yaml")


def themes_stage(cfg: config.Consultation) -> None:
    """What stage 3 does after theming: keep the model's tables, re-apply the decisions, write themes.csv."""
    folder = cfg.processed_dir
    model_themes, model_assignments = review.model_paths(cfg)
    themes = files.read_csv(model_themes if model_themes.exists() else folder / "themes.csv", dtype={"theme_id": str})
    assignments = files.read_csv(model_assignments if model_assignments.exists() else folder / "theme_assignments.csv",
                                 dtype={"respondent_id": str})
    outcome = review.apply_saved(cfg, themes, assignments, files.read_csv(folder / "responses.csv", dtype=str))
    files.write_csv(outcome.themes.assign(parent_theme_id=""), folder / "themes.csv")


def kinds(items: list[prepublish.Item]) -> list[str]:
    return [item.kind for item in items]


def theme_rows(labels: list[str], ns: list[int], other: int = 0, notes: list[str] | None = None) -> pd.DataFrame:
    rows = [{"question_id": "q_why", "theme_id": f"T{i:02d}", "label": label, "n": n, "base": sum(ns) + other,
             "source": "model", "reviewed": False, "note": (notes or [""] * len(ns))[i - 1], "parent_theme_id": ""}
            for i, (label, n) in enumerate(zip(labels, ns), start=1)]
    rows.append({"question_id": "q_why", "theme_id": "other", "label": "Other (fits no theme)", "n": other,
                 "base": sum(ns) + other, "source": "model", "reviewed": False, "note": "", "parent_theme_id": ""})
    return pd.DataFrame(rows)


# ---------------------------------------------------------------------------- catch-all themes
def test_a_catch_all_theme_is_listed_leading_ones_first(town: config.Consultation) -> None:
    themes = theme_rows(["Parking charges", "General comments", "Mixed: buses, trains and cycle lanes", "Bus routes"],
                        [30, 20, 40, 10], notes=["", "", "", "Too broad: covers every route"])
    items = prepublish.catch_all_themes(themes, town)
    assert [item.where.split()[1] for item in items] == ["T03", "T02", "T04"]
    assert "leads the list for “Why do you say that?” (40 comments)" in items[0].what
    assert "the model found no one phrase for it" in items[0].what
    assert "is number 3 of 4" in items[1].what and "its label reads as a catch-all" in items[1].what
    assert "a reviewer's note calls it a catch-all" in items[2].what


def test_other_holding_more_than_any_theme_is_a_catch_all_but_not_where_comments_are_listed(
        town: config.Consultation) -> None:
    crowded = theme_rows(["Parking charges", "Bus routes"], [30, 20], other=40)
    [item] = prepublish.catch_all_themes(crowded, town)
    assert item.where == "q_why other" and "40 of the 90 comments" in item.what
    assert "more than any theme holds (30)" in item.what
    assert prepublish.catch_all_themes(theme_rows(["Parking charges", "Bus routes"], [30, 20], other=10), town) == []
    few = theme_rows(["Parking charges", "Bus routes"], [3, 2], other=4)  # 9 comments: listed one by one
    assert prepublish.catch_all_themes(few, town) == []


def test_clean_themes_list_no_catch_all(town: config.Consultation) -> None:
    assert prepublish.catch_all_themes(theme_rows(["Parking charges", "Bus routes", "Other councils"],
                                                  [30, 20, 10], other=2), town) == []


# ---------------------------------------------------------------------------- labels, notes, stale decisions
def test_labels_left_as_the_model_wrote_them_are_counted_per_question(town: config.Consultation) -> None:
    session = ReviewSession(town)
    session.rename("q_why", "T01", "Cost of parking")
    session.mark_reviewed("q_why", "T02")
    themes_stage(town)
    themes = files.read_csv(town.processed_dir / "themes.csv", dtype={"theme_id": str})
    [item] = prepublish.model_labels(themes, review.load(town), town)
    assert item.where == "q_why “Why do you say that?”"
    assert item.what.startswith("1 of 3 theme labels are as the model wrote them") and "“cycle lanes” (3)" in item.what
    session.mark_reviewed("q_why", "T03")
    themes_stage(town)
    themes = files.read_csv(town.processed_dir / "themes.csv", dtype={"theme_id": str})
    assert prepublish.model_labels(themes, review.load(town), town) == []
    assert review.label_sources(themes, review.load(town)).tolist() == ["renamed", "signed off", "signed off", "model"]


def test_a_note_asking_for_action_is_listed_until_a_later_decision_answers_it(town: config.Consultation) -> None:
    session = ReviewSession(town)
    session.note("q_why", "T01", "Needs splitting: charges and spaces")
    session.note("q_why", "T02", "Merge with cycle lanes?")
    session.note("q_why", "T03", "Mostly from the south")  # asks for nothing
    session.merge("q_why", "T02", ["T03"])
    themes_stage(town)
    items = [item for item in prepublish.before_publishing(town) if item.kind == "reviewer's note"]
    [item] = items
    assert item.where == "q_why T01 “parking charges”"
    assert "“Needs splitting: charges and spaces” (asmith," in item.what


def test_stale_and_partly_applied_decisions_are_listed_with_the_reason(town: config.Consultation) -> None:
    session = ReviewSession(town)
    session.rename("q_why", "T03", "Cycling")
    session.merge("q_why", "T01", ["T02"])
    themes_stage(town)
    assert "stale decision" not in kinds(prepublish.before_publishing(town))
    for name in ("themes_model.csv", "theme_assignments_model.csv"):  # the next run finds no cycle lanes, no buses
        path = town.processed_dir / name
        table = files.read_csv(path, dtype=str)
        files.write_csv(table[~table["theme_id"].isin(["T02", "T03"])], path)
    themes_stage(town)
    stale = [item for item in prepublish.before_publishing(town) if item.kind == "stale decision"]
    assert [item.where for item in stale] == ["consultations/town.review.yaml decision 1 (q_why)",
                                             "consultations/town.review.yaml decision 2 (q_why)"]
    assert "rename 'cycle lanes' → 'Cycling' (asmith," in stale[0].what and "is stale: no theme now shares" in stale[0].what
    assert "is partly applied: not found now: 'bus routes'" in stale[1].what


def test_decisions_made_since_the_themes_stage_ran_ask_for_a_run(town: config.Consultation) -> None:
    themes_stage(town)
    assert "themes.csv" not in [item.where for item in prepublish.before_publishing(town)]
    ReviewSession(town).rename("q_why", "T01", "Cost of parking")
    [item] = [item for item in prepublish.before_publishing(town) if item.where == "themes.csv"]
    assert item.kind == "needs a run" and "--from themes" in item.what


# ---------------------------------------------------------------------------- placeholders
@pytest.mark.parametrize("text", ["EDIT: the consultation's title", "Parking TODO", "Dates TBC", "XXX residents",
                                  "Lorem ipsum dolor", "The [placeholder] plan"])
def test_placeholder_text_is_found(text: str) -> None:
    [item] = prepublish.placeholders([("somewhere", text)])
    assert item.kind == "placeholder text" and item.where == "somewhere" and text in item.what


@pytest.mark.parametrize("text", ["Edit the timetable", "todo list", "the tbc bus", "Texas", "Box XI"])
def test_ordinary_words_are_not_placeholders(text: str) -> None:
    assert prepublish.placeholders([("somewhere", text)]) == []


def test_the_config_prose_is_searched_but_not_the_exports_own_column_names(tmp_path: Path) -> None:
    questions = make_config(tmp_path).model_dump(mode="json", exclude_none=True)["questions"]
    questions[1]["statement"] = "EDIT: what respondents agreed"
    questions[2]["column"] = "Q2 (XXX)"  # the export's header, not the analyst's text
    cfg = make_config(tmp_path, title="TBC: Local Plan", questions=questions)
    items = prepublish.placeholders(prepublish.config_texts(cfg, "consultations/t.yaml"))
    assert [item.where for item in items] == ["consultations/t.yaml title", "consultations/t.yaml questions[q1].statement"]


def test_placeholders_in_the_summary_labels_and_review_file_are_found(town: config.Consultation) -> None:
    ReviewSession(town).rename("q_why", "T01", "TODO better name")
    ReviewSession(town).note("q_why", "T02", "lorem ipsum")
    themes_stage(town)
    summary = town.reports_dir / "summary.md"
    files.write_text(summary, "# Title\n\nThe plan [placeholder] was welcomed.\n\n- TODO better name (six comments)\n")
    found = [item.where for item in prepublish.before_publishing(town) if item.kind == "placeholder text"]
    # the label is listed once, where the reviewer wrote it, not again in themes.csv and summary.md
    assert found == ["consultations/town.review.yaml decision 1 (rename on q_why “parking charges”)",
                     "consultations/town.review.yaml decision 2 (note on q_why “bus routes”)",
                     "reports/town/summary.md line 3"]


# ---------------------------------------------------------------------------- suppressed cells, runs, a clean case
def test_suppressed_cells_are_counted_per_table(tmp_path: Path) -> None:
    q1 = ["Agree"] * 12 + ["Disagree"] * 5 + ["Agree"] * 3
    cfg, tables = build(tmp_path, q1, types=["Individual"] * 17 + ["Organisation"] * 3)
    items = prepublish.suppressed_cells(tables.agreement, tables.group_tests, cfg)
    hidden = tables.agreement["flag"].eq("[c]").sum()
    assert hidden and items[0].where == "tables.xlsx Agreement"
    assert items[0].what.startswith(f"{hidden} of {len(tables.agreement)} rows have their percentages suppressed [c]")
    assert "by “Respondent type”" in items[0].what
    clean = tables.agreement.assign(flag="")
    assert prepublish.suppressed_cells(clean, tables.group_tests.iloc[:0], cfg) == []


def test_before_any_run_check_says_which_lists_need_one(town: config.Consultation) -> None:
    shutil.rmtree(town.processed_dir)
    items = prepublish.before_publishing(town)
    assert kinds(items) == ["needs a run"] * 3
    assert [item.where for item in items] == ["data/processed/town/themes.csv", "reports/town/summary.md",
                                              "data/processed/town/agreement.csv"]
    assert "consult run consultations/town.yaml" in items[0].what


def test_a_clean_consultation_lists_nothing(tmp_path: Path) -> None:
    q1 = ["Agree"] * 12 + ["Disagree"] * 8
    themes = default_themes().assign(n=[3, 5, 0], reviewed=[True, True, False])
    cfg, _ = build(tmp_path, q1, themes=themes, comments=["Some words"] * 20)
    files.write_text(cfg.reports_dir / "summary.md", "# Testshire\n\nA total of 20 responses were received.\n")
    assert prepublish.before_publishing(cfg) == []


def test_consult_check_prints_the_list(town: config.Consultation, capsys: pytest.CaptureFixture[str],
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    raw = town.project_root / "data" / "raw" / "town"
    raw.mkdir(parents=True)
    responses = files.read_csv(town.processed_dir / "responses.csv", dtype=str)
    files.write_csv(responses.rename(columns={"q_agree": "Do you agree with the plan?", "q_why": "Why do you say that?",
                                              "area": "Where do you live?"}), raw / "export.csv")
    ReviewSession(town).note("q_why", "T01", "Check the quotes")
    themes_stage(town)
    monkeypatch.chdir(town.project_root)
    assert cli.main(["check", "consultations/town.yaml"]) == 0
    out = capsys.readouterr().out
    assert "Worth a look before publishing" in out
    assert "  - reviewer's note: q_why T01 “parking charges”: “Check the quotes”" in out
    assert "  - model labels: q_why “Why do you say that?”: 3 of 3 theme labels" in out
    assert "  - needs a run: reports/town/summary.md" in out
