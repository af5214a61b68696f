"""The README's commands are run as written, so the documentation cannot drift from the code."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest

from consult import cli

ROOT = Path(__file__).resolve().parents[1]


def _consult_commands() -> list[list[str]]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```console\n(.*?)```", text, flags=re.S)
    commands = []
    for block in blocks:
        for line in block.splitlines():
            words = shlex.split(line, comments=True)
            if words and words[0] == "consult":
                commands.append(words[1:])
    return commands


def test_the_readme_shows_the_two_make_commands() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make report" in text and "make test" in text
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^report:", makefile, re.M) and re.search(r"^test:", makefile, re.M)
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


@pytest.mark.slow
def test_the_readme_walkthrough_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    commands = _consult_commands()
    assert [c[0] for c in commands] == ["init", "check", "run", "init"]
    for part in ("data/raw/example", "data/raw/example-2028", "notebooks"):
        shutil.copytree(ROOT / part, tmp_path / part)
    (tmp_path / "consultations").mkdir()
    shutil.copy2(ROOT / "consultations" / "example.yaml", tmp_path / "consultations")
    monkeypatch.chdir(tmp_path)
    for command in commands:
        assert cli.main(command) == 0, command
    assert (tmp_path / "reports" / "my_survey" / "summary.docx").exists()
    assert (tmp_path / "consultations" / "cycle_2028.yaml").exists()
