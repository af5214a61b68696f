"""Multi-select answers in one cell: options that hold the delimiter, and "Other" text in the same cell."""

from __future__ import annotations

import itertools
from pathlib import Path

import pandas as pd

from consult.clean import stage as clean
from consult.clean.options import OTHER, known_options, other_option
from consult.core import config
from consult.init import draft

PARKS = ["Walking", "Playing sport", "Children's play area", "Cafes, toilets and facilities", "Dog walking"]
OTHER_TEXT = "Bird watching, photography"  # Google Forms puts a respondent's Other text in the same cell
HEADER = "Which parts of the park do you use? (tick all that apply)"


def cells() -> list[str]:
    """A Google Forms column: every option ticked alone and in pairs, and one respondent in 20 adding the same
    Other text (a comma in it too)."""
    ticked = [[option] for option in PARKS] * 3 + [list(pair) for pair in itertools.permutations(PARKS, 2)] * 2
    return [", ".join(chosen + ([OTHER_TEXT] if n % 20 == 0 else [])) for n, chosen in enumerate(ticked)]


def test_options_are_found_from_whole_answers_not_split_on_commas() -> None:
    assert known_options(pd.Series(cells()), ", ") == [*sorted(PARKS), OTHER]
    assert other_option(["Walking", "Other (please specify)"]) == "Other (please specify)"
    assert other_option(PARKS) is None


def test_init_drafts_the_options_and_other(tmp_path: Path) -> None:
    export = tmp_path / "parks.csv"
    pd.DataFrame({"Timestamp": "6/1/2025 8:00:16", HEADER: cells()}).to_csv(export, index=False)
    drafted = draft.draft_config(export, "parks").config["questions"]
    assert [(q["type"], q["delimiter"], q["options"]) for q in drafted] == [("multi_select", ", ", [*sorted(PARKS), OTHER])]


def test_other_text_counts_once_as_other(tmp_path: Path) -> None:
    export = tmp_path / "parks.csv"
    answers = ["Walking, Cafes, toilets and facilities", f"Dog walking, {OTHER_TEXT}", f"{OTHER_TEXT}, Walking, Other"]
    pd.DataFrame({"Timestamp": ["6/1/2025 8:00:16"] * 3, HEADER: answers}).to_csv(export, index=False)
    cfg = config.parse({"id": "parks", "title": "Parks", "inputs": [{"path": str(export)}], "questions": [
        {"id": "parts", "column": HEADER, "type": "multi_select", "delimiter": ", ", "options": [*PARKS, OTHER]}]},
        "parks.yaml", root=tmp_path)
    result = clean.run(cfg)
    assert result.responses["parts"].tolist() == ["Walking; Cafes, toilets and facilities", "Dog walking; Other",
                                                  "Walking; Other"]
    other = result.log[result.log["rule"].eq("other")]
    assert other[["raw_row", "after"]].values.tolist() == [[2, "Dog walking; Other"], [3, "Walking; Other"]]
