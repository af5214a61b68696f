"""Atomic writes and formula neutralisation."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from consult.core.errors import InputError
from consult.core.files import atomic_path, neutralise_formula, read_csv, write_csv, write_text


@pytest.mark.parametrize("value, expected", [
    ("=HYPERLINK(\"http://x\",\"y\")", "'=HYPERLINK(\"http://x\",\"y\")"),
    ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
    ("@SUM(A1)", "'@SUM(A1)"), ("-2+3", "'-2+3"), ("\t=1", "'\t=1"),
    ("-5", "-5"), ("+44", "+44"), ("-12.5%", "-12.5%"), ("plain text", "plain text"), (3, 3),
])
def test_neutralise_formula(value: object, expected: object) -> None:
    assert neutralise_formula(value) == expected


def test_write_csv_neutralises_text_and_round_trips(tmp_path: Path) -> None:
    frame = pd.DataFrame({"text": ["=1+1", "fine", ""], "n": [1, -2, 3]})
    path = write_csv(frame, tmp_path / "out" / "t.csv")
    back = read_csv(path)
    assert back["text"].tolist()[:2] == ["'=1+1", "fine"] and back["n"].tolist() == [1, -2, 3]


def test_failed_write_leaves_the_old_file(tmp_path: Path) -> None:
    target = write_text(tmp_path / "a.txt", "old")
    with pytest.raises(RuntimeError):
        with atomic_path(target) as tmp:
            tmp.write_text("half", encoding="utf-8")
            raise RuntimeError("disk full")
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]


def test_read_csv_names_the_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="responses.csv: not found. Run the earlier stage"):
        read_csv(tmp_path / "responses.csv")
