"""The command line: help for every command, one-line errors, exit codes."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from consult import cli


def _subcommands() -> dict[str, argparse.ArgumentParser]:
    parser = cli.build_parser()
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def test_every_command_and_option_has_help() -> None:
    commands = _subcommands()
    assert {"run", "check", "init"} <= set(commands)
    for name, parser in commands.items():
        assert parser.description, f"consult {name} has no description"
        for action in parser._actions:
            assert action.help, f"consult {name} {action.dest} has no help text"


@pytest.mark.parametrize("name", ["run", "check", "init"])
def test_help_runs(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        cli.main([name, "--help"])
    assert exited.value.code == 0 and "usage: consult" in capsys.readouterr().out


def test_bad_config_is_one_line_and_status_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["run", str(tmp_path / "missing.yaml")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("consult: error: ") and "missing.yaml" in err[0]
    assert "Traceback" not in "\n".join(err)


def test_unknown_stage_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str], root: Path) -> None:
    assert cli.main(["run", str(root / "consultations" / "example.yaml"), "--only", "tidy"]) == 2
    assert "unknown stage 'tidy'; the stages are clean, agreement, themes, report" in capsys.readouterr().err


def test_init_from_last_cycle_carries_its_settings(tmp_path: Path, root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    export = root / "data/raw/example-2028/community-safety-strategy-responses.csv"
    assert cli.main(["init", str(export), "--id", "next", "--from", str(root / "consultations/example.yaml")]) == 0
    from consult.core import config

    drafted = config.load(tmp_path / "consultations" / "next.yaml")
    last = config.load(root / "consultations" / "example.yaml")
    assert drafted.id == "next" and drafted.questions == last.questions and drafted.groups == last.groups
    assert drafted.themes.previous == "consultations/example.yaml"
    assert cli.main(["init", str(export), "--id", "next"]) == 2, "an existing config is not overwritten"
