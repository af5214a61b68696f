"""Review decisions: recorded with who/when/what, saved at once, re-applied by content on reruns."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
import yaml

from consult.core import config
from consult.core.files import read_csv, write_csv
from consult.review import decisions as review
from consult.review import file as review_file
from consult.review.file import MAX_MEMBERS, ThemeRef
from consult.review.session import ReviewSession
from consult.themes.breakdown import breakdown

FIXTURE = Path(__file__).parent / "fixtures" / "review" / "project"


@pytest.fixture()
def cfg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> config.Consultation:
    shutil.copytree(FIXTURE, tmp_path, dirs_exist_ok=True)
    monkeypatch.setenv("CONSULT_REVIEWER", "asmith")
    return config.load(tmp_path / "consultations" / "town.yaml")


def _entries(cfg: config.Consultation) -> list[dict]:
    return yaml.safe_load(cfg.review_path.read_text(encoding="utf-8"))["decisions"]


def _theme(outcome: review.ReviewOutcome, theme_id: str) -> pd.Series:
    rows = outcome.themes[outcome.themes["theme_id"] == theme_id]
    assert len(rows) == 1, f"{theme_id} not in {outcome.themes['theme_id'].tolist()}"
    return rows.iloc[0]


def _themes_of(outcome: review.ReviewOutcome, respondent: str) -> dict[str, bool]:
    rows = outcome.assignments[outcome.assignments["respondent_id"] == respondent]
    return dict(zip(rows["theme_id"], rows["primary"].astype(bool)))


def test_no_decisions_leaves_the_themes_as_they_were(cfg: config.Consultation) -> None:
    session = ReviewSession(cfg)
    assert len(session.decisions) == 0 and not cfg.review_path.exists()
    pd.testing.assert_frame_equal(session.outcome.themes.drop(columns=["reviewed", "note", "response", "changed"]),
                                  session.model_themes)
    pd.testing.assert_frame_equal(session.outcome.assignments, session.model_assignments)
    assert session.outcome.log.empty


def test_rename_is_saved_with_who_when_and_the_theme_by_content(cfg: config.Consultation) -> None:
    outcome = ReviewSession(cfg, who="jbloggs").rename("q_why", "T01", "Cost of parking")
    assert _theme(outcome, "T01")["label"] == "Cost of parking"
    assert _theme(outcome, "T01")["source"] == "review"
    [entry] = _entries(cfg)
    assert entry["who"] == "jbloggs" and entry["action"] == "rename" and entry["label"] == "Cost of parking"
    assert entry["when"].endswith("Z") and entry["question_id"] == "q_why"
    assert entry["theme"]["label"] == "parking charges"
    assert entry["theme"]["members"] == ["R01", "R02", "R03", "R04", "R05", "R06"]
    assert entry["theme"]["top_terms"] == ["parking", "charges", "shops", "high"]


def test_reviewer_comes_from_the_environment(cfg: config.Consultation) -> None:
    ReviewSession(cfg).mark_reviewed("q_why", "T02")
    assert _entries(cfg)[0]["who"] == "asmith"


def test_merge_moves_members_and_recounts(cfg: config.Consultation) -> None:
    outcome = ReviewSession(cfg).merge("q_why", "T02", ["T03"])
    assert "T03" not in set(outcome.themes["theme_id"])
    merged = _theme(outcome, "T02")
    assert merged["n"] == 8 and merged["pct"] == pytest.approx(100 * 8 / 15)
    assert merged["top_terms"].startswith("bus; routes") and "cycle" in merged["top_terms"]
    moved = outcome.assignments[outcome.assignments["respondent_id"] == "R11"].iloc[0]
    assert (moved["theme_id"], moved["source"], bool(moved["primary"])) == ("T02", "review", True)
    assert len(_entries(cfg)[0]["others"]) == 1


def test_split_by_chosen_responses(cfg: config.Consultation) -> None:
    outcome = ReviewSession(cfg).split("q_why", "T01", {"Effect on shops": ["R02", "R03", "R06"]})
    new = _theme(outcome, "R01")
    assert new["label"] == "Effect on shops" and new["n"] == 3 and new["source"] == "review"
    assert new["quote_1"] in {"The parking charges put shoppers off coming in", "Cut the parking charges or the shops will close",
                              "Parking charges hurt small businesses"}
    assert _theme(outcome, "T01")["n"] == 3
    assert _themes_of(outcome, "R02") == {"R01": True}
    # the new theme sits with its question's themes, before "other"
    assert outcome.themes["theme_id"].tolist() == ["T01", "T02", "T03", "R01", "other"]


def test_drop_to_discovery_promotes_the_next_theme_and_to_other_does_not(cfg: config.Consultation) -> None:
    session = ReviewSession(cfg)
    outcome = session.drop("q_why", "T01", to="discovery")
    assert "T01" not in set(outcome.themes["theme_id"])
    assert _themes_of(outcome, "R05") == {"T02": True}  # its second theme became its main one
    assert _themes_of(outcome, "R01") == {"other": True}
    assert _theme(outcome, "other")["n"] == 2 + 5

    cfg.review_path.unlink()
    outcome = ReviewSession(cfg).drop("q_why", "T01", to="other")
    assert _themes_of(outcome, "R05") == {"T02": False, "other": True}


def test_assign_and_unassign_one_response(cfg: config.Consultation) -> None:
    session = ReviewSession(cfg)
    outcome = session.assign("q_why", "T03", ["R14"])
    assert _themes_of(outcome, "R14") == {"T03": True}  # out of "other"
    assert _theme(outcome, "other")["n"] == 1 and _theme(outcome, "T03")["n"] == 4
    outcome = session.unassign("q_why", "T01", ["R05"])
    assert _themes_of(outcome, "R05") == {"T02": True}
    entries = _entries(cfg)
    assert [e["action"] for e in entries] == ["assign", "unassign"]
    assert [e["respondent_id"] for e in entries] == ["R14", "R05"]
    with pytest.raises(review.ReviewError, match="no responses chosen"):
        session.assign("q_why", "T01", [])


def test_mark_reviewed_and_note_and_agreement(cfg: config.Consultation) -> None:
    session = ReviewSession(cfg)
    session.mark_reviewed("q_why", "T02")
    session.unassign("q_why", "T02", ["R05"])
    outcome = session.note("q_why", "T02", "Mostly rural respondents")
    row = _theme(outcome, "T02")
    assert bool(row["reviewed"]) and row["note"] == "Mostly rural respondents"
    agreement = session.agreement().iloc[0]
    # reviewed responses: R05, R07..R10. Model pairs there: R05-T01, R05-T02, R07..R10-T02 (6);
    # final pairs: R05-T01, R07..R10-T02 (5), all in the model's: precision 5/6, recall 1.
    assert agreement["responses_reviewed"] == 5
    assert agreement["precision"] == pytest.approx(5 / 6) and agreement["recall"] == 1.0
    assert agreement["f1"] == pytest.approx(2 * (5 / 6) / (5 / 6 + 1))
    assert agreement["assignments"] == agreement["assignments_review"] + agreement["assignments_model"]


def _rerun_data(cfg: config.Consultation) -> None:
    """A corrected export and a late response: R03 withdrawn, R16 added; the model numbers themes differently."""
    folder = cfg.processed_dir
    responses = read_csv(folder / "responses.csv", dtype=str)
    late = responses.iloc[[0]].assign(respondent_id="R16", q_why="Parking charges are a tax on visitors")
    write_csv(pd.concat([responses[responses["respondent_id"] != "R03"], late]), folder / "responses.csv")
    swap = {"T01": "T02", "T02": "T01"}
    themes = read_csv(folder / "themes.csv")
    themes["theme_id"] = themes["theme_id"].replace(swap)
    themes.loc[themes["theme_id"] == "T02", "label"] = "parking charge"
    write_csv(themes.sort_values("theme_id"), folder / "themes.csv")
    assignments = read_csv(folder / "theme_assignments.csv", dtype=str)
    assignments = assignments[assignments["respondent_id"] != "R03"]
    assignments = pd.concat([assignments, pd.DataFrame([["R16", "q_why", "T01", "0.9", "True", "model"]],
                                                       columns=assignments.columns)])
    assignments["theme_id"] = assignments["theme_id"].replace(swap)
    write_csv(assignments, folder / "theme_assignments.csv")


def test_decisions_survive_a_rerun_with_changed_data(cfg: config.Consultation) -> None:
    session = ReviewSession(cfg)
    session.rename("q_why", "T01", "Cost of parking")
    session.merge("q_why", "T02", ["T03"])
    session.mark_reviewed("q_why", "T01")
    _rerun_data(cfg)

    outcome = ReviewSession(cfg).outcome
    parking = outcome.themes[outcome.themes["label"] == "Cost of parking"].iloc[0]
    assert parking["theme_id"] == "T02"  # found by its members, not its old id
    assert bool(parking["reviewed"])
    assert set(outcome.themes["theme_id"]) == {"T01", "T02", "other"}  # buses and cycling still merged
    assert outcome.stale.empty
    assert outcome.log["matched_by"].str.startswith("responses").all()
    # the late response joined after the sign-off, so it is the model's, not the reviewer's
    late = outcome.assignments[outcome.assignments["respondent_id"] == "R16"].iloc[0]
    assert (late["theme_id"], late["source"]) == ("T02", "model")


def test_a_decision_whose_theme_has_gone_is_reported_stale(cfg: config.Consultation) -> None:
    session = ReviewSession(cfg)
    session.rename("q_why", "T03", "Cycling")
    session.assign("q_why", "T01", ["R15"])
    folder = cfg.processed_dir
    themes = read_csv(folder / "themes.csv")
    write_csv(themes[themes["theme_id"] != "T03"], folder / "themes.csv")
    assignments = read_csv(folder / "theme_assignments.csv", dtype=str)
    assignments = assignments[assignments["theme_id"] != "T03"]
    write_csv(assignments[assignments["respondent_id"] != "R15"], folder / "theme_assignments.csv")

    stale = ReviewSession(cfg).outcome.stale
    assert stale["decision"].tolist() == [1, 2]
    assert stale["status"].eq("stale").all()
    assert "no theme now shares enough" in stale.loc[0, "reason"]
    assert "R15 is no longer among the themed answers" in stale.loc[1, "reason"]
    assert len(_entries(cfg)) == 2  # kept in the file, never dropped


def test_top_terms_match_when_members_have_all_changed() -> None:
    ref = ThemeRef.of("T09", "parking charges", ["parking", "charges", "shops"], ["X1", "X2"])
    themes = pd.DataFrame({"question_id": ["q"] * 2, "theme_id": ["T01", "T02"], "label": ["a", "b"],
                           "top_terms": ["bus; routes", "parking; charges; shops; high"], "n": [1, 1],
                           "base": [2, 2], "pct": [50.0, 50.0], "sentiment": [0.0, 0.0], "source": ["model"] * 2})
    assignments = pd.DataFrame({"respondent_id": ["Y1", "Y2"], "question_id": "q", "theme_id": ["T01", "T02"],
                                "weight": 1.0, "primary": True, "source": "model"})
    decision = review.decide("rename", "q", ref, who="x", label="Parking")
    decisions = review.Decisions(Path("unused.yaml"), review_file.DecisionsFile(consultation="t", decisions=(decision,)))
    outcome = review.apply(themes, assignments, decisions, pd.DataFrame({"respondent_id": ["Y1", "Y2"], "q": ["", ""]}))
    assert outcome.themes.set_index("theme_id").loc["T02", "label"] == "Parking"
    assert outcome.log.loc[0, "matched_by"] == "top terms (Jaccard 0.75)"


def test_large_themes_keep_a_sample_that_still_estimates_overlap() -> None:
    ids = [f"R{i:05d}" for i in range(2000)]
    ref = ThemeRef.of("T01", "big", [], ids)
    assert ref.n == 2000 and len(ref.members) == MAX_MEMBERS and not ref.complete
    assert ref == ThemeRef.of("T01", "big", [], reversed(ids))  # the same sample whatever the order
    assert ref.jaccard(set(ids)) == pytest.approx(1.0)
    assert ref.jaccard(set(ids[:1000])) == pytest.approx(0.5, abs=0.1)


def test_a_bad_decisions_file_names_the_file_and_entry(cfg: config.Consultation) -> None:
    ReviewSession(cfg).rename("q_why", "T01", "Cost of parking")
    text = cfg.review_path.read_text(encoding="utf-8").replace("action: rename", "action: renam")
    cfg.review_path.write_text(text, encoding="utf-8")
    with pytest.raises(review.ReviewError, match=r"town\.review\.yaml: decisions\[0\]\.action"):
        review.load(cfg)
    cfg.review_path.write_text("decisions: [\n", encoding="utf-8")
    with pytest.raises(review.ReviewError, match="not valid YAML"):
        review.load(cfg)


def test_a_decision_missing_its_field_is_refused() -> None:
    ref = ThemeRef.of("T01", "a", [], ["R1"])
    with pytest.raises(review.ReviewError, match="rename decision needs label"):
        review.decide("rename", "q", ref, who="x")


def test_the_file_reads_back_to_the_same_decisions(cfg: config.Consultation) -> None:
    session = ReviewSession(cfg)
    session.split("q_why", "T01", {"Effect on shops": ["R02", "R06"]})
    session.drop("q_why", "T03", to="other")
    assert review.load(cfg).file == session.decisions.file
    assert review_file.dump(review.load(cfg).file) == cfg.review_path.read_text(encoding="utf-8")


def test_apply_saved_keeps_the_model_tables(cfg: config.Consultation) -> None:
    ReviewSession(cfg).rename("q_why", "T02", "Buses")
    folder = cfg.processed_dir
    themes, assignments = read_csv(folder / "themes.csv"), read_csv(folder / "theme_assignments.csv", dtype=str)
    outcome = review.apply_saved(cfg, themes, assignments, read_csv(folder / "responses.csv", dtype=str))
    assert _theme(outcome, "T02")["label"] == "Buses"
    assert (folder / "themes_model.csv").read_bytes() == (folder / "themes.csv").read_bytes()
    write_csv(outcome.assignments, folder / "theme_assignments.csv")
    assert review.agreement_for(cfg)["responses_reviewed"].tolist() == [0]


def test_breakdown_counts_reviewed_themes_by_group_and_position(cfg: config.Consultation) -> None:
    outcome = ReviewSession(cfg).merge("q_why", "T02", ["T03"])
    table = breakdown(cfg, read_csv(cfg.processed_dir / "responses.csv", dtype=str),
                                    outcome.assignments, outcome.themes)
    row = table[(table["theme_id"] == "T02") & (table["split_by"] == "q_agree") & (table["split"] == "agree")].iloc[0]
    # agreeing: R04, R07-R11, R13, R14 (8); of them in buses+cycling: R07-R11, R13 (6)
    assert (row["n"], row["base"]) == (6, 8)
    assert set(table["split_by"]) == {"area", "q_agree"}


def test_reapplying_gives_byte_identical_tables(cfg: config.Consultation, tmp_path: Path) -> None:
    session = ReviewSession(cfg)
    session.merge("q_why", "T02", ["T03"])
    session.split("q_why", "T01", {"Effect on shops": ["R02", "R03"]})
    outputs = []
    for run in ("a", "b"):
        outcome = ReviewSession(cfg).outcome
        outputs.append([write_csv(outcome.themes, tmp_path / run / "themes.csv").read_bytes(),
                        write_csv(outcome.assignments, tmp_path / run / "assignments.csv").read_bytes()])
    assert outputs[0] == outputs[1]
