"""The config's filter on an ordinary export: filter.where and filter.exclude_ids, logged with their rules."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from consult import cli
from consult.clean import stage as clean
from consult.core import config
from consult.core.errors import InputError

USED = "Have you used the town's cycle lanes?"
SUPPORT = "Do you support extending them?"
AGE = "Age"


def project(tmp_path: Path, **filter_settings: object) -> config.Consultation:
    frame = pd.DataFrame({
        "ID": [f"R{i}" for i in range(1, 9)],
        USED: ["Yes", "Yes", "No", "Yes", "No", "yes", "", "Yes"],
        SUPPORT: ["Yes", "No", "No", "Yes", "Yes", "Yes", "No", "No"],
        AGE: ["34", "61", "25", "47", "19", "52", "70", "38"],
    })
    (tmp_path / "data").mkdir(exist_ok=True)
    frame.to_csv(tmp_path / "data" / "lanes.csv", index=False)
    return config.parse({
        "id": "lanes", "title": "Cycle lanes", "inputs": [{"path": "data/lanes.csv"}], "id_column": "ID",
        "questions": [{"id": "used", "column": USED, "type": "closed", "scale": "yes_no"},
                      {"id": "support", "column": SUPPORT, "type": "closed", "scale": "yes_no"},
                      {"id": "age", "column": AGE, "type": "attribute"}],
        "filter": filter_settings}, "lanes.yaml", root=tmp_path)


def excluded(result: clean.CleanResult) -> pd.DataFrame:
    log = result.log
    return log[log["status"].eq("excluded")][["respondent_id", "reason", "rule"]].reset_index(drop=True)


def test_where_keeps_the_rows_matching_on_clean_answers(tmp_path: Path) -> None:
    result = clean.run(project(tmp_path, where="used == 'Yes'"))
    assert result.responses["respondent_id"].tolist() == ["R1", "R2", "R4", "R6", "R8"]  # "yes" mapped onto Yes
    out = excluded(result)
    assert out["respondent_id"].tolist() == ["R3", "R5", "R7"]
    assert set(out["rule"]) == {"filter.where"} and set(out["reason"]) == {"filter.where is false: used == 'Yes'"}
    assert result.totals()["raw"] == 8  # every raw row still accounted for


def test_numbers_compare_as_numbers(tmp_path: Path) -> None:
    result = clean.run(project(tmp_path, where="age >= 40 and support == 'Yes'"))
    assert result.responses["respondent_id"].tolist() == ["R4", "R6"]


def test_exclude_ids_then_where_each_row_logged_once_with_its_rule(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "ids.txt").write_text("# withdrawn consent\nR2\n\nR3\n", encoding="utf-8")
    result = clean.run(project(tmp_path, exclude_ids="data/ids.txt", where="used == 'Yes'"))
    out = excluded(result).set_index("respondent_id")["rule"]
    assert out.to_dict() == {"R2": "filter.exclude_ids", "R3": "filter.exclude_ids", "R5": "filter.where",
                             "R7": "filter.where"}
    assert result.filtered() == ["filter.exclude_ids: 2 row(s) left out (2 of lanes.csv)",
                                 "filter.where: 2 row(s) left out (2 of lanes.csv)"]


def test_check_says_what_each_rule_removes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cfg = project(tmp_path, where="support == 'No'")
    path = tmp_path / "consultations" / "lanes.yaml"
    path.parent.mkdir()
    path.write_text(f"id: lanes\ntitle: Cycle lanes\ninputs:\n  - path: data/lanes.csv\nid_column: ID\n"
                    f"questions:\n  - {{id: used, column: \"{USED}\", type: closed, scale: yes_no}}\n"
                    f"  - {{id: support, column: \"{SUPPORT}\", type: closed, scale: yes_no}}\n"
                    "filter:\n  where: support == 'No'\n", encoding="utf-8")
    assert cfg.filter.where and cli.main(["check", str(path)]) == 0
    assert "filter.where: 4 row(s) left out (4 of lanes.csv)" in capsys.readouterr().out


@pytest.mark.parametrize(("settings", "message"), [
    ({"where": "q9 == 'Yes'"}, r"filter\.where: \"q9 == 'Yes'\" cannot be evaluated .*its names are the question ids "
                               r"\(used, support, age\)"),
    ({"where": "used"}, r"filter\.where: 'used' cannot be evaluated"),
    ({"exclude_ids": "data/missing.txt"}, r"filter\.exclude_ids: file not found"),
])
def test_a_bad_filter_is_one_line(tmp_path: Path, settings: dict, message: str) -> None:
    cfg = project(tmp_path, **settings)
    problems = clean.check(cfg)
    assert len(problems) == 1 and pd.Series(problems).str.contains(message).all(), problems
    with pytest.raises(InputError):
        clean.run(cfg)
