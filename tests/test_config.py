"""The config: validation that names the key and the file, lists every problem, and resolves paths."""

from __future__ import annotations

from pathlib import Path

import pytest

from consult.core import config, sections
from consult.core.errors import ConfigError

MINIMAL = {
    "id": "trial",
    "title": "A trial consultation",
    "inputs": [{"path": "data/raw/trial/export.csv"}],
    "questions": [
        {"id": "capacity", "column": "Responding as", "type": "attribute"},
        {"id": "q1", "column": "Q1", "type": "closed", "scale": "agree5", "statement": "the aims were clear"},
        {"id": "q1_why", "column": "Why?", "type": "free_text", "explains": "q1"},
    ],
    "groups": ["capacity"],
}


def test_minimal_config_gets_defaults(tmp_path: Path) -> None:
    cfg = config.parse(MINIMAL, "trial.yaml", tmp_path)
    assert cfg.agreement.small_base == 10 and cfg.agreement.suppress_below == 5
    assert cfg.themes.n_themes == "auto" and (cfg.themes.min_themes, cfg.themes.max_themes) == (4, 12)
    assert [q.id for q in cfg.questions_of("closed")] == ["q1"]
    assert cfg.processed_dir == tmp_path / "data" / "processed" / "trial"
    assert cfg.reports_dir == tmp_path / "reports" / "trial"
    assert cfg.input_paths == [tmp_path / "data/raw/trial/export.csv"]


def test_every_problem_is_listed_with_its_key() -> None:
    bad = {**MINIMAL, "colour": "blue", "questions": [
        {"id": "q1", "column": "Q1", "type": "closed", "scale": "agree 5"},
        {"id": "q2", "column": "Q2", "type": "closed"},
        {"id": "q3", "column": "Q3", "type": "free text"},
    ]}
    with pytest.raises(ConfigError) as raised:
        config.parse(bad, "consultations/bad.yaml")
    lines = str(raised.value).splitlines()
    assert len(lines) == 4, lines
    assert all(line.startswith("consultations/bad.yaml: ") for line in lines)
    text = str(raised.value)
    assert "questions[0].scale: unknown scale 'agree 5'" in text
    assert "questions[1]: closed question 'q2' needs a scale" in text
    assert "questions[2].type" in text
    assert "colour: unknown key" in text


def test_cross_references_are_checked() -> None:
    bad = {**MINIMAL, "groups": ["q1", "nowhere"], "questions": [
        *MINIMAL["questions"][:2], {"id": "why", "column": "Why", "type": "free_text", "explains": "capacity"}]}
    with pytest.raises(ConfigError) as raised:
        config.parse(bad, "x.yaml")
    message = str(raised.value)
    assert "'q1' is a closed question, not an attribute" in message
    assert "'nowhere' is not a question id" in message
    assert "'capacity' is not a closed question id" in message


def test_thresholds_must_be_ordered() -> None:
    with pytest.raises(ConfigError, match="suppress_below must not exceed small_base"):
        config.parse({**MINIMAL, "agreement": {"small_base": 3, "suppress_below": 5}}, "x.yaml")


def test_load_reports_missing_file_and_bad_yaml(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="config not found"):
        config.load(tmp_path / "absent.yaml")
    broken = tmp_path / "broken.yaml"
    broken.write_text("id: x\ntitle: [unclosed\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"broken.yaml: line \d+, column \d+: not valid YAML"):
        config.load(broken)


def test_paths_are_relative_to_the_folder_holding_consultations(tmp_path: Path) -> None:
    folder = tmp_path / "consultations"
    folder.mkdir()
    target = folder / "trial.yaml"
    target.write_text(config.dump(config.parse(MINIMAL, "trial.yaml")), encoding="utf-8")
    cfg = config.load(target)
    assert cfg.project_root == tmp_path
    assert cfg.review_path == folder / "trial.review.yaml"


def test_dump_round_trips() -> None:
    cfg = config.parse(MINIMAL, "trial.yaml")
    again = config.parse(__import__("yaml").safe_load(config.dump(cfg)), "trial.yaml")
    assert again == cfg


def test_question_scale_takes_config_then_question_synonyms() -> None:
    data = {**MINIMAL, "questions": [
        {"id": "q1", "column": "Q1", "type": "closed", "scale": "agree5", "synonyms": {"Yes, fully": "Strongly agree"}},
    ], "groups": []}
    cfg = config.parse(data, "x.yaml")
    lookup = cfg.question("q1").get_scale({"Kind of": "Agree"}).lookup()
    assert lookup["yes, fully"] == "Strongly agree" and lookup["kind of"] == "Agree"


@pytest.mark.parametrize("path", sorted(p for p in Path(__file__).resolve().parents[1].glob("consultations/*.yaml")
                                         if not p.name.endswith(".review.yaml")), ids=lambda p: p.name)
def test_bundled_configs_load(path: Path) -> None:
    cfg = config.load(path)
    assert cfg.id == path.stem, "a config's id matches its file name"
    assert all(p.exists() for p in cfg.input_paths), cfg.input_paths


@pytest.mark.parametrize("value", [1, 501, "ten", True, 2.5])
def test_n_themes_is_bounded_as_the_theme_model_bounds_it(value: object) -> None:
    from consult.themes import ThemeModel

    with pytest.raises(ConfigError, match=r"themes\.n_themes: must be a whole number from 2 to 500, or auto"):
        config.parse({**MINIMAL, "themes": {"n_themes": value}}, "x.yaml")
    low, high = sections.N_THEMES
    assert ThemeModel._parameter_constraints["n_themes"][0].left == low
    assert ThemeModel._parameter_constraints["n_themes"][0].right == high
    for n in (low, high, "auto"):
        assert config.parse({**MINIMAL, "themes": {"n_themes": n}}, "x.yaml").themes.n_themes == n


@pytest.mark.parametrize("seed", [-1, 2**32])
def test_random_state_is_a_seed_numpy_accepts(seed: int) -> None:
    with pytest.raises(ConfigError, match=r"themes\.random_state"):
        config.parse({**MINIMAL, "themes": {"random_state": seed}}, "x.yaml")
