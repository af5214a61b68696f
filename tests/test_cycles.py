"""The next cycle: drafting its config, carrying reviewed themes with a classifier, comparing cycles."""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import pandas as pd
import pytest
import yaml

from consult.core import config
from consult.core.errors import ConfigError
from consult.core.files import read_csv, write_csv, write_text
from consult.report import compare as cycle_compare
from consult.review import decisions as review
from consult.review.session import ReviewSession
from consult.themes import carry as cycles

FIXTURE = Path(__file__).parent / "fixtures" / "review" / "project"

PARKING = ["Parking charges are far too high for shoppers", "The parking charges drive people away",
           "Lower the car parking charges", "Parking costs too much in town", "Stop raising parking charges",
           "Free parking would bring shoppers back", "Parking charges are hurting the high street",
           "Cheaper parking charges please"]
BUSES = ["More bus routes to the villages please", "The village bus routes must come back",
         "Buses should run later and more often", "Our bus routes were cut", "Bus routes to the hospital are needed",
         "Run the village buses on Sundays"]
POTHOLES = ["Fix the potholes on the roads first", "The potholes are dangerous for cyclists",
            "Road repairs and potholes are neglected", "Potholes everywhere, repair the roads",
            "Potholes damage cars, fix the road surface", "The road surface is full of potholes",
            "Repair the potholes before anything else", "Potholes on every road in the north",
            "Pothole repairs take months", "Report potholes and nothing gets repaired"]
LITTER = ["Litter bins overflow every weekend", "Empty the litter bins more often", "Litter in the park is awful",
          "More litter bins on the high street", "Fine people who drop litter", "Litter picking volunteers need bins"]


@pytest.fixture()
def last(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> config.Consultation:
    """Cycle one, reviewed: parking and buses signed off, cycling left as the model had it."""
    shutil.copytree(FIXTURE, tmp_path, dirs_exist_ok=True)
    monkeypatch.setenv("CONSULT_REVIEWER", "asmith")
    cfg = config.load(tmp_path / "consultations" / "town.yaml")
    session = ReviewSession(cfg)
    session.unassign("q_why", "T02", ["R05"])
    session.mark_reviewed("q_why", "T01")
    session.mark_reviewed("q_why", "T02")
    folder = cfg.processed_dir
    outcome = review.apply_saved(cfg, read_csv(folder / "themes.csv"), read_csv(folder / "theme_assignments.csv", dtype=str),
                                 read_csv(folder / "responses.csv", dtype=str))
    write_csv(outcome.themes, folder / "themes.csv")
    write_csv(outcome.assignments, folder / "theme_assignments.csv")
    return cfg


def _second_cycle(last: config.Consultation) -> config.Consultation:
    root = last.project_root
    text = cycles.next_config(last, "town2030", ["data/raw/town2030/export.csv"]).replace(
        "themes:\n", "themes:\n  min_themes: 2\n")
    write_text(root / "consultations" / "town2030.yaml", text)
    cfg = config.load(root / "consultations" / "town2030.yaml")
    texts = PARKING + BUSES + POTHOLES + LITTER
    ids = [f"S{i:02d}" for i in range(1, len(texts) + 1)]
    responses = pd.DataFrame({"respondent_id": ids, "source_file": "export.csv", "raw_row": range(1, len(ids) + 1),
                              "q_agree": ["Agree", "Disagree"] * (len(ids) // 2), "q_why": texts,
                              "q_why__status": "answer", "q_why__campaign": "", "area": "North"})
    write_csv(responses, cfg.processed_dir / "responses.csv")
    return cfg


def test_next_config_copies_settings_and_names_last_cycle(last: config.Consultation) -> None:
    text = cycles.next_config(last, "town2030", ["data/raw/town2030/export.csv"], title="Transport plan refresh")
    assert "#   q_why: parking charges" in text and "#   q_why: bus routes" in text
    assert "cycle lanes" not in text.split("id:")[0]  # only signed-off themes are carried
    data = yaml.safe_load(text)
    assert data["id"] == "town2030" and data["title"] == "Transport plan refresh"
    assert data["inputs"] == [{"path": "data/raw/town2030/export.csv"}]
    assert data["themes"]["previous"] == "consultations/town.yaml"
    assert [q["id"] for q in data["questions"]] == [q.id for q in last.questions]
    with pytest.raises(ConfigError, match="id"):
        cycles.next_config(last, "2030 town", ["x.csv"])


def test_codebook_and_training_set_hold_only_reviewed_work(last: config.Consultation) -> None:
    assert cycles.codebook(last)["label"].tolist() == ["parking charges", "bus routes"]
    train = cycles.training_set(last, "q_why")
    counts = train["theme_id"].value_counts().to_dict()
    # T01: R01-R06; T02: R07-R10 (R05's secondary T02 was removed); the rest is for discovery
    assert counts == {"T01": 6, "T02": 4, cycles.DISCOVERY: 5}


def test_classifier_assigns_confidently_or_leaves_to_discovery() -> None:
    texts = PARKING + BUSES + POTHOLES[:4]
    labels = ["parking"] * len(PARKING) + ["buses"] * len(BUSES) + [cycles.DISCOVERY] * 4
    model = cycles.CarryClassifier(threshold=0.5).fit(texts, labels)
    found, confidence = model.predict_with_confidence(["The parking charges are too high", "bus routes to villages",
                                                       "potholes on the road"])
    assert found.tolist() == ["parking", "buses", cycles.DISCOVERY]
    assert (confidence[:2] >= 0.5).all()
    # one familiar word ("park" is parking's stem) is not enough to carry a new topic into an old theme
    assert model.predict(["Litter in the park is awful"]).tolist() == [cycles.DISCOVERY]
    assert cycles.CarryClassifier(min_known=0.0).fit(texts, labels).predict(["Litter in the park is awful"]).tolist() == ["parking"]
    strict = cycles.CarryClassifier(threshold=0.999).fit(texts, labels)
    assert set(strict.predict(["The parking charges are too high"])) == {cycles.DISCOVERY}
    with pytest.raises(ValueError, match="at least two labels"):
        cycles.CarryClassifier().fit(["a", "b"], ["x", "x"])


def test_second_cycle_starts_from_the_reviewed_themes(last: config.Consultation) -> None:
    cfg = _second_cycle(last)
    responses = read_csv(cfg.processed_dir / "responses.csv", dtype=str)
    result = cycles.theme_question(cfg, responses, cfg.question("q_why"), "responses.csv")
    themes = result.themes
    carried = themes[themes["source"] == "codebook"]
    assert carried["theme_id"].tolist() == ["T01", "T02"]
    assert carried["label"].tolist() == ["parking charges", "bus routes"]
    assert carried["n"].tolist() == [len(PARKING), len(BUSES)]
    assert (themes["base"] == len(responses)).all()
    discovered = themes[(themes["source"] == "model") & (themes["theme_id"] != "other")]
    assert len(discovered) >= 1 and discovered["theme_id"].str.match(r"T0[3-9]").all()
    new = result.assignments[result.assignments["respondent_id"].isin([f"S{i}" for i in range(15, 31)])]
    assert set(new["theme_id"]) <= set(discovered["theme_id"]) | {"other"}  # left to discovery
    assert new["theme_id"].isin(discovered["theme_id"]).mean() >= 0.8
    assert result.coverage["carried"] == len(PARKING) + len(BUSES)
    assert result.coverage["texts_themed"] == len(responses)


def test_without_reviewed_themes_the_stage_is_unchanged(last: config.Consultation) -> None:
    cfg = _second_cycle(last)
    themes = read_csv(last.processed_dir / "themes.csv")
    write_csv(themes.assign(reviewed=False), last.processed_dir / "themes.csv")
    responses = read_csv(cfg.processed_dir / "responses.csv", dtype=str)
    result = cycles.theme_question(cfg, responses, cfg.question("q_why"), "responses.csv")
    assert set(result.themes["source"]) == {"model"} and result.coverage["carried"] == 0


def test_previous_config_must_be_set(last: config.Consultation) -> None:
    with pytest.raises(ConfigError, match="themes.previous is not set"):
        cycles.previous_config(last)


def _write_cycle(cfg: config.Consultation, agree: tuple[int, int], themes: list[tuple[str, str, str, int]], base: int) -> None:
    agreement = pd.DataFrame([["q_agree", "all", "all", "agree (net)", agree[0], agree[1]],
                              ["q_agree", "all", "all", "Agree", agree[0] - 1, agree[1]]],
                             columns=["question_id", "group_by", "group", "option", "n", "base"])
    write_csv(agreement, cfg.processed_dir / "agreement.csv")
    table = pd.DataFrame([["q_why", t, label, terms, n, base] for t, label, terms, n in themes],
                         columns=["question_id", "theme_id", "label", "top_terms", "n", "base"])
    write_csv(table, cfg.processed_dir / "themes.csv")


def test_compare_reads_correctly(last: config.Consultation) -> None:
    now = _second_cycle(last)
    _write_cycle(last, (60, 100), [("T01", "Parking charges", "parking; charges", 30),
                                   ("T02", "bus routes", "bus; routes; villages", 20),
                                   ("T03", "cycle lanes", "cycle; lanes", 10),
                                   ("T04", "litter", "litter; bins", 10)], base=100)
    _write_cycle(now, (150, 200), [("T01", "parking charges", "parking; charges", 30),
                                   ("T02", "Bus services", "bus; routes; villages; late", 80),
                                   ("T03", "cycle lanes", "cycle; lanes", 22),
                                   ("T04", "potholes", "potholes; road", 40)], base=200)
    result = cycle_compare.run(now)
    row = result.agreement.iloc[0]
    assert (row["n_then"], row["base_then"], row["n_now"], row["base_now"]) == (60, 100, 150, 200)
    pooled = 210 / 300
    z = (0.75 - 0.60) / math.sqrt(pooled * (1 - pooled) * (1 / 100 + 1 / 200))
    assert row["z"] == pytest.approx(z) and row["change_pp"] == pytest.approx(15.0) and row["significant"]
    change = dict(zip(result.themes["label"], result.themes["change"]))
    assert change == {"parking charges": "shrank", "Bus services": "grew", "cycle lanes": "about the same",
                      "potholes": "new", "litter": "gone"}
    matched = result.themes.set_index("label")["matched_by"]
    assert (matched["parking charges"], matched["Bus services"]) == ("label", "top terms")
    assert (now.processed_dir / "cycle_themes.csv").exists() and (now.processed_dir / "cycle_agreement.csv").exists()
    words = cycle_compare.sentences(result)
    assert words[0] == ("Do you agree with the plan?: agree (net) 75% (150 of 200) against 60% (60 of 100) in town, "
                        "up 15 percentage points (significant, p < 0.01).")
    assert words[1] == ("Themes in “q_why” since town. grew: 'Bus services'; shrank: 'parking charges'; "
                        "new: 'potholes'; gone: 'litter'.")
