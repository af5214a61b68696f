"""Stage 3 end to end on a small consultation: files, campaigns counted once, splits by position."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pandas as pd
import pytest

from consult.clean import stage as clean
from consult.core import config, side_by_side
from consult.core.errors import InputError
from consult.core.files import read_csv, write_csv
from consult.review import decisions as review
from consult.themes import stage as theme_stage
from consult.themes.names import CATCH_ALL, NOTHING, RESERVED

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "themes"))
from feedback import feedback  # noqa: E402

CONFIG = {
    "id": "t", "title": "Test", "inputs": [{"path": "raw.csv"}], "groups": ["kind"],
    "questions": [
        {"id": "kind", "column": "Kind", "type": "attribute"},
        {"id": "q1", "column": "Q1", "type": "closed", "scale": "agree5"},
        {"id": "q1_why", "column": "Why", "type": "free_text", "explains": "q1"},
    ],
}


@pytest.fixture()
def cfg(tmp_path: Path) -> config.Consultation:
    texts = feedback(120, seed=2)[0]
    rows = pd.DataFrame({
        "respondent_id": [f"R{i:04d}" for i in range(130)],
        "kind": ["Individual", "Organisation"] * 65,
        "q1": (["Agree", "Disagree", "Neither agree nor disagree", ""] * 33)[:130],
        "q1_why": texts + ["Save our library now"] * 6 + ["n/a", "", "", ""],
        "q1_why__status": ["answer"] * 126 + ["non_answer", "blank", "blank", "blank"],
        "q1_why__campaign": [""] * 120 + ["C1"] * 6 + [""] * 4,
    })
    write_csv(rows, tmp_path / "data" / "processed" / "t" / "responses.csv")
    return config.parse(CONFIG, "t.yaml", tmp_path)


def test_run_writes_the_three_tables(cfg: config.Consultation) -> None:
    result = theme_stage.run(cfg)
    themes = read_csv(cfg.processed_dir / "themes.csv")
    assert list(themes.columns[:9]) == ["question_id", "theme_id", "label", "top_terms", "n", "base", "pct",
                                        "sentiment", "source"]
    assert themes["base"].eq(121).all()  # 120 texts + one campaign, counted once
    assert themes["base_respondents"].eq(126).all()
    assert themes["theme_id"].iloc[-1] == "other"
    coverage = result.coverage.iloc[0]
    assert (coverage["non_answers"], coverage["blank"], coverage["campaign_groups"]) == (1, 3, 1)
    assignments = read_csv(cfg.processed_dir / "theme_assignments.csv")
    assert assignments.groupby("respondent_id")["primary"].sum().eq(1).all()
    assert assignments["respondent_id"].nunique() == 126
    breakdown = read_csv(cfg.processed_dir / "theme_breakdown.csv", keep_default_na=False)
    assert set(breakdown["split_by"]) == {"kind", "q1"}
    assert {"agree", "disagree", "neutral", "not answered"} == set(breakdown.loc[breakdown["split_by"] == "q1", "split"])


def test_run_is_byte_identical_on_rerun(cfg: config.Consultation) -> None:
    theme_stage.run(cfg)
    first = {name: (cfg.processed_dir / name).read_bytes() for name in ("themes.csv", "theme_assignments.csv", "theme_breakdown.csv")}
    theme_stage.run(cfg)
    assert first == {name: (cfg.processed_dir / name).read_bytes() for name in first}


def test_saved_review_decisions_are_reapplied_on_every_run(cfg: config.Consultation) -> None:
    first = theme_stage.run(cfg)
    assert first.outcome.log.empty and first.outcome.stale.empty
    theme = review.fingerprint(first.themes, first.assignments, "q1_why", "T01")
    review.record(review.load(cfg), [review.decide("rename", "q1_why", theme, who="tester", label="Renamed by a person")])
    again = theme_stage.run(cfg)
    written = read_csv(cfg.processed_dir / "themes.csv")
    assert written.loc[written["theme_id"] == "T01", "label"].tolist() == ["Renamed by a person"]
    model = read_csv(review.model_paths(cfg)[0])
    assert model.loc[model["theme_id"] == "T01", "label"].tolist() == [theme.label]  # the model's own kept
    assert again.outcome.log["status"].tolist() == ["applied"] and again.outcome.stale.empty
    assert set(again.breakdown["theme_id"]) == set(written["theme_id"])


def test_assignments_are_the_models_until_a_decision_moves_one(cfg: config.Consultation, tmp_path: Path) -> None:
    written, model = cfg.processed_dir / "theme_assignments.csv", review.model_paths(cfg)[1]
    first = theme_stage.run(cfg)
    assert written.read_bytes() == model.read_bytes()
    others = [review.fingerprint(first.themes, first.assignments, "q1_why", "T02")]
    theme = review.fingerprint(first.themes, first.assignments, "q1_why", "T01")
    review.record(review.load(cfg), [review.decide("merge", "q1_why", theme, who="tester", others=others)])
    again = theme_stage.run(cfg)
    assert written.read_bytes() != model.read_bytes()
    assert written.read_bytes() == write_csv(again.assignments, tmp_path / "reviewed.csv").read_bytes()
    assert "T02" not in set(read_csv(written)["theme_id"])


def test_missing_columns_name_the_file_and_column(cfg: config.Consultation) -> None:
    path = cfg.processed_dir / "responses.csv"
    write_csv(read_csv(path).drop(columns=["q1_why__status"]), path)
    with pytest.raises(InputError, match="q1_why__status"):
        theme_stage.run(cfg)


@pytest.fixture(scope="module")
def example(root: Path, tmp_path_factory: pytest.TempPathFactory) -> theme_stage.ThemesResult:
    """Stages 1 and 3 on a temporary copy of the bundled example (the repository is not written)."""
    copy = tmp_path_factory.mktemp("example")
    for part in ("consultations", "data/raw/example"):
        shutil.copytree(root / part, copy / part)
    cfg = config.load(copy / "consultations" / "example.yaml")
    clean.run(cfg)
    return theme_stage.run(cfg)


def test_other_is_small_on_the_example(example: theme_stage.ThemesResult) -> None:
    other = example.themes[example.themes["theme_id"] == "other"]
    assert len(other) == 2 and (other["pct"] <= 10).all()


def test_example_themes_are_report_sized_and_readable(example: theme_stage.ThemesResult) -> None:
    named = example.themes[example.themes["theme_id"] != "other"]
    top = named[named["parent_theme_id"] == ""]
    assert top.groupby("question_id").size().between(6, 12).all()
    subs = named[named["parent_theme_id"] != ""]
    assert set(subs["parent_theme_id"]) <= set(top.loc[top["pct"] > 30, "theme_id"])  # only large themes split
    assert (named["pct"] < 50).all()  # no catch-all
    assert named["label"].map(lambda label: label[0].isupper() or label[0].isdigit()).all()  # "20 miles"
    quotes = named[["quote_1", "quote_2"]].stack()
    assert (quotes.str.split().map(len) <= 60).mean() > 0.9  # sentences on the theme, not whole letters


def test_a_catch_all_theme_is_called_other_comments_and_listed_last(root: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    copy = tmp_path_factory.mktemp("example-tfidf")
    shutil.copytree(root / "data/raw/example", copy / "data/raw/example")
    (copy / "consultations").mkdir()
    shutil.copy2(root / "consultations/example.yaml", copy / "consultations")  # the model's themes, not the review's
    cfg = config.load(copy / "consultations" / "example.yaml")
    cfg = cfg.model_copy(update={"themes": cfg.themes.model_copy(update={"engine": "tfidf"})})
    clean.run(cfg)
    example = theme_stage.run(cfg)
    themes = example.themes
    mixed = themes[themes["label"].str.startswith(CATCH_ALL)]
    assert len(mixed) >= 1  # with the tfidf engine, q3a's largest theme gathers answers from all of the generator's topics
    for row in mixed.itertuples():
        mine = themes[(themes["question_id"] == row.question_id) & (themes["parent_theme_id"] == "")]
        named = mine[~mine["theme_id"].isin(RESERVED)]
        assert named["theme_id"].iloc[-1] == row.theme_id  # numbered after every other theme
        focused = example.checks[(example.checks["question_id"] == row.question_id) & (example.checks["check"] == "focused")]
        assert not focused["passed"].item() and row.theme_id in focused["detail"].item()


def test_large_themes_are_written_with_their_sub_themes(cfg: config.Consultation) -> None:
    two = config.parse({**CONFIG, "themes": {"n_themes": 2}}, "t.yaml", cfg.project_root)
    theme_stage.run(two)
    themes = read_csv(two.processed_dir / "themes.csv").fillna({"parent_theme_id": ""})
    subs = themes[themes["parent_theme_id"] != ""]
    assert not subs.empty and themes["theme_id"].iloc[-1] == "other"
    for row in subs.itertuples():
        parent = themes[themes["theme_id"] == row.parent_theme_id].iloc[0]
        assert row.theme_id.startswith(f"{parent.theme_id}.") and row.n <= parent.n
        assert themes.index[themes["theme_id"] == row.parent_theme_id][0] < row.Index  # listed under its parent


def test_questions_themed_in_parallel_give_the_same_tables(cfg: config.Consultation,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    path = cfg.processed_dir / "responses.csv"
    rows = read_csv(path, dtype=str)
    texts = feedback(130, seed=3)[0]
    write_csv(rows.assign(q2_why=texts, q2_why__status="answer", q2_why__campaign=""), path)
    two = config.parse({**CONFIG, "questions": [*CONFIG["questions"], {"id": "q2_why", "column": "Why 2", "type": "free_text"}]},
                       "t.yaml", cfg.project_root)
    names = ("themes.csv", "theme_assignments.csv", "theme_breakdown.csv")
    serial = theme_stage.run(two)
    one_by_one = {name: (two.processed_dir / name).read_bytes() for name in names}
    monkeypatch.setattr(side_by_side, "FROM", 0)
    monkeypatch.setattr(side_by_side, "cores", lambda: 2)
    pools = []  # whether each run had worker processes
    each = side_by_side.each
    monkeypatch.setattr(side_by_side, "each", lambda f, jobs, sizes, executor: pools.append(executor is not None)
                        or each(f, jobs, sizes, executor))
    parallel = theme_stage.run(two)
    monkeypatch.setattr(side_by_side, "free_memory", lambda: 1e6)  # too little memory for both at once
    theme_stage.run(two)
    assert pools == [True, False]  # side by side, then one after another in this process
    assert {name: (two.processed_dir / name).read_bytes() for name in names} == one_by_one
    assert parallel.coverage.equals(serial.coverage) and set(serial.themes["question_id"]) == {"q1_why", "q2_why"}


def test_nothing_to_improve_is_counted_apart_from_the_themes(cfg: config.Consultation) -> None:
    path = cfg.processed_dir / "responses.csv"
    rows = read_csv(path, dtype=str).fillna("")
    said = ["Nothing to improve", "Can't think of anything", "All good, thanks", "N/A - happy", "nothing really"]
    rows.loc[:9, "q1_why"] = [said[i % len(said)] for i in range(10)]
    write_csv(rows, path)
    result = theme_stage.run(cfg)
    themes = result.themes[result.themes["parent_theme_id"] == ""]
    nothing = themes[themes["theme_id"] == NOTHING].iloc[0]
    assert (nothing["n"], nothing["base"], nothing["label"]) == (10, 121, "Nothing to add")
    assert themes["theme_id"].tolist()[-2:] == [NOTHING, "other"] and themes["base"].eq(121).all()
    assert result.coverage.iloc[0]["nothing_to_add"] == 10
    quiet = set(rows.loc[:9, "respondent_id"])
    mine = result.assignments[result.assignments["respondent_id"].isin(quiet)]
    assert set(mine["theme_id"]) == {NOTHING} and mine["primary"].all() and len(mine) == 10
