"""docs/files.md ("Reruns") says what each stage's cache key includes: checked against consult.cache."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from test_summary import make_config

from consult import cache
from consult.core import config

ROOT = Path(__file__).resolve().parents[1]


def _documented() -> dict[str, list[str]]:
    """The rows of the "Reruns" table in docs/files.md, by stage: its cells after the stage's name."""
    section = (ROOT / "docs" / "files.md").read_text(encoding="utf-8").split("## Reruns", 1)[1]
    rows = {}
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 5 and cells[0] in cache.DEPENDENCIES:
            rows[cells[0]] = cells[1:]
    return rows


def _names(cell: str) -> set[str]:
    return set(re.findall(r"`([^`]+)`", cell))


def test_the_docs_have_a_row_for_every_stage() -> None:
    assert list(_documented()) == list(cache.DEPENDENCIES)


@pytest.mark.parametrize("stage", list(cache.DEPENDENCIES))
def test_the_docs_say_what_the_stage_key_includes(stage: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    keys, reads, last_cycle, outputs = _documented()[stage]
    needs = cache.DEPENDENCIES[stage]
    assert (_names(keys) == set(needs.config_keys)) if needs.config_keys else (keys == "all of them")
    extra = {"consultations/<id>.review.yaml"} if needs.reads_review else set()
    extra |= {"inputs"} if needs.reads_inputs else set()  # "the exports named in `inputs`"
    assert _names(reads) == set(needs.reads) | extra
    assert _names(outputs) == {name.partition("/")[2] for name in needs.writes}
    # last cycle's files: those the key hashes when themes.previous names a last cycle (and its config file)
    last = SimpleNamespace(source=str(tmp_path / "last.yaml"), processed_dir=tmp_path / "last")
    monkeypatch.setattr(config, "previous_config", lambda cfg: last)
    hashed: list[str] = []
    real = cache._previous_cycle

    def spy(cfg: object, names: tuple[str, ...]) -> dict[str, str | None] | None:
        found = real(cfg, names)
        hashed.extend(found or {})
        return found

    monkeypatch.setattr(cache, "_previous_cycle", spy)
    cfg = make_config(tmp_path)
    cfg = cfg.model_copy(update={"themes": cfg.themes.model_copy(update={"previous": "last.yaml"})})
    cache.stage_key(cfg, stage, tmp_path / "stage.ipynb")
    assert _names(last_cycle) | ({"config"} if hashed else set()) == set(hashed)
