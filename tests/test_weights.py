"""Survey weights end to end: drafted by consult init, carried by the clean stage, used by agreement."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from consult.agreement import stage as agreement
from consult.clean import stage as clean
from consult.core import config
from consult.core.errors import InputError
from consult.init import draft

QUESTION = "Do you support the new cycle lanes?"


def export(folder: Path, weights: list[str], name: str = "poll.csv", column: str = "final_weight") -> Path:
    answers = ["Yes", "Yes", "No", "No", "Yes", "No"]
    frame = pd.DataFrame({"RespId": [f"P{i}" for i in range(1, 7)], QUESTION: answers, column: weights})
    folder.mkdir(parents=True, exist_ok=True)
    frame.to_csv(folder / name, index=False)
    return folder / name


def consultation(tmp_path: Path, path: Path) -> config.Consultation:
    return config.parse({
        "id": "poll", "title": "Poll", "inputs": [{"path": str(path)}], "id_column": "RespId",
        "questions": [{"id": "lanes", "column": QUESTION, "type": "closed", "scale": "yes_no"}],
        "agreement": {"weight_column": "final_weight"}}, "poll.yaml", root=tmp_path)


def test_init_drafts_a_weight_column_only_when_every_value_is_a_positive_number(tmp_path: Path) -> None:
    good = draft.draft_config(export(tmp_path / "a", ["0.5", "1.5", "1", "2", "0.25", "0.75"]), "poll")
    assert good.config["agreement"] == {"weight_column": "final_weight"}
    assert "percentages are weighted by the column 'final_weight'" in good.yaml
    zero = draft.draft_config(export(tmp_path / "b", ["0.5", "1.5", "0", "2", "0.25", "0.75"]), "poll")
    assert "agreement" not in zero.config
    other = draft.draft_config(export(tmp_path / "c", ["1", "2", "3", "4", "5", "6"], column="score"), "poll")
    assert "agreement" not in other.config


def test_the_clean_stage_carries_the_weights_and_agreement_uses_them(tmp_path: Path) -> None:
    cfg = consultation(tmp_path, export(tmp_path / "raw", ["0.5", "1.5", "1", "2", "0.25", "0.75"]))
    responses = clean.run(cfg).responses
    assert responses["weight"].tolist() == [0.5, 1.5, 1.0, 2.0, 0.25, 0.75]
    table = agreement.run(cfg).agreement
    yes = table[(table["option"] == "yes (net)") & (table["group_by"] == "all")].iloc[0]
    assert (yes["n"], yes["base"]) == (3, 6)  # the unweighted count and base are kept
    assert yes["pct"] == pytest.approx(100 * 2.25 / 6.0)  # the weighted share: (0.5 + 1.5 + 0.25) / 6
    assert yes["effective_base"] == pytest.approx(6.0**2 / sum(w * w for w in (0.5, 1.5, 1, 2, 0.25, 0.75)))


@pytest.mark.parametrize("bad", ["", "heavy", "-1"])
def test_a_bad_weight_is_one_problem_naming_its_rows(tmp_path: Path, bad: str) -> None:
    cfg = consultation(tmp_path, export(tmp_path / "raw", ["0.5", bad, "1", "2", "0.25", bad]))
    problems = clean.check(cfg)
    assert len(problems) == 1
    assert "agreement.weight_column 'final_weight' is blank, not a number or negative in raw rows" in problems[0]
    with pytest.raises(InputError):
        clean.run(cfg)


def test_a_missing_weight_column_is_named_with_its_key(tmp_path: Path) -> None:
    cfg = consultation(tmp_path, export(tmp_path / "raw", ["1"] * 6, column="wt"))
    assert any("agreement.weight_column: 'final_weight' is not a column of the file" in p for p in clean.check(cfg))


def test_weighted_and_filtered_figures_reach_the_report_traced_and_said_once(tmp_path: Path) -> None:
    from consult.report import stage as report
    from consult.themes import stage as themes

    answers = ["Yes"] * 12 + ["No"] * 8
    weights = ["2"] * 6 + ["0.5"] * 6 + ["1"] * 8
    frame = pd.DataFrame({"RespId": [f"P{i}" for i in range(1, 21)], QUESTION: answers, "final_weight": weights,
                          "Region": ["North", "South"] * 10})
    (tmp_path / "raw").mkdir()
    frame.to_csv(tmp_path / "raw" / "poll.csv", index=False)
    cfg = config.parse({
        "id": "poll", "title": "Poll", "inputs": [{"path": "raw/poll.csv"}], "id_column": "RespId",
        "questions": [{"id": "lanes", "column": QUESTION, "type": "closed", "scale": "yes_no",
                       "statement": "the cycle lanes should be extended"},
                      {"id": "region", "column": "Region", "type": "attribute"}],
        "agreement": {"weight_column": "final_weight"}, "filter": {"where": "region != 'Nowhere'"}},
        "poll.yaml", root=tmp_path)
    clean.run(cfg)
    agreement.run(cfg)
    themes.run(cfg)
    text = report.run(cfg).summary.markdown
    # yes: (6 x 2 + 6 x 0.5) / (6 x 2 + 6 x 0.5 + 8) = 15 / 23 = 65%
    assert "65% (weighted; base 20), answered yes when asked whether the cycle lanes should be extended" in text
    assert "35% (weighted; base 20) answered no" in text
    assert text.count("Percentages are weighted by the export's “final\\_weight” column;") == 1  # Markdown-escaped
    assert "The analysis leaves out those for whom “region != 'Nowhere'” is false: no submission was left out." in text
