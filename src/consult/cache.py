"""Reusing a stage's outputs when nothing it depends on has changed.

A stage's key is a SHA-256 over what decides its outputs: consult's own code, the stage's
notebook, the parts of the config the stage reads, and the bytes of every file it reads. The
keys, with a hash of each output, are kept in ``data/processed/<id>/stages.json``. A stage whose
key matches and whose outputs are still there, unchanged, is reused instead of recomputed, so a
rerun where only the report changed runs only the report.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from consult.core.config import Consultation
from consult.core.files import sha256, write_text

PACKAGE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Dependencies:
    """What one stage reads and writes, relative to the consultation's folders."""

    config_keys: tuple[str, ...]  # top-level config keys it reads; () = all of them
    reads: tuple[str, ...]  # files under data/processed/<id>/ it reads
    writes: tuple[str, ...]  # files it writes: processed/<name> or reports/<name>
    reads_inputs: bool = False  # the raw exports
    reads_review: bool = False  # consultations/<id>.review.yaml
    last_cycle: tuple[str, ...] = ()  # with themes.previous: last cycle's files under data/processed/ it reads
    reads_population: bool = False  # the population profile equality.population names


DEPENDENCIES: dict[str, Dependencies] = {
    "clean": Dependencies(
        ("id", "inputs", "id_column", "submitted_column", "questions", "filter", "polis", "cleaning"), (),
        ("processed/responses.csv", "processed/cleaning_log.csv", "processed/campaigns.csv"), reads_inputs=True),
    "agreement": Dependencies(
        ("questions", "groups", "polis", "agreement", "equality"),
        ("responses.csv", "polis_votes.csv", "polis_participants.csv"),
        ("processed/agreement.csv", "processed/group_tests.csv"), reads_population=True),
    "themes": Dependencies(
        ("questions", "groups", "themes", "document"), ("responses.csv",),
        ("processed/themes.csv", "processed/theme_assignments.csv", "processed/theme_breakdown.csv",
         "processed/themes_model.csv", "processed/theme_assignments_model.csv"),
        reads_review=True, last_cycle=("themes.csv", "theme_assignments.csv", "responses.csv")),
    "report": Dependencies(
        (), ("responses.csv", "cleaning_log.csv", "campaigns.csv", "agreement.csv", "group_tests.csv", "polis_statements.csv",
             "equality.csv", "equality_tests.csv", "themes.csv", "theme_assignments.csv", "theme_breakdown.csv", "theme_assignments_model.csv"),
        ("reports/summary.md", "reports/summary.docx", "reports/tables.xlsx", "reports/report.html"), reads_review=True,
        last_cycle=("agreement.csv", "themes.csv")),
}


def _code_digest() -> str:
    digest = hashlib.sha256()
    for path in sorted([*PACKAGE.rglob("*.py"), *PACKAGE.glob("report/templates/*")]):  # report.html's templates too
        digest.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _file_digest(path: Path) -> str | None:
    return sha256(path) if path.exists() else None


def _previous_cycle(cfg: Consultation, names: tuple[str, ...]) -> dict[str, str | None] | None:
    """Digests of last cycle's config file and of its tables ``names`` that a stage builds on
    (``themes.previous``); None without a last cycle or when the stage reads none of it."""
    from consult.core.config import previous_config

    if not cfg.themes.previous or not names:
        return None
    last = previous_config(cfg)
    return {"config": _file_digest(Path(last.source)) if last.source else None,
            **{name: _file_digest(last.processed_dir / name) for name in names}}


def _input_files(cfg: Consultation) -> list[Path]:
    """The raw files the clean stage reads: the inputs (for a Polis conversation, every file of its export) and
    the files that ``filter.exclude_ids`` and ``polis.participants`` name."""
    named = [cfg.resolve(p) for p in (cfg.filter.exclude_ids, cfg.polis.participants) if p]
    if not cfg.is_polis:
        return [*cfg.input_paths, *named]
    from consult.clean.polis import conversation_files

    return [*sorted(conversation_files(cfg.input_paths[0]).values()), *named]


def _output_path(cfg: Consultation, name: str) -> Path:
    folder, _, file = name.partition("/")
    return (cfg.processed_dir if folder == "processed" else cfg.reports_dir) / file


def stage_key(cfg: Consultation, stage: str, notebook: Path) -> str:
    """The SHA-256 key of everything that decides ``stage``'s outputs."""
    needs = DEPENDENCIES[stage]
    settings = cfg.model_dump(mode="json")
    parts = {
        "stage": stage,
        "code": _code_digest(),
        "notebook": _file_digest(notebook),
        "config": {key: settings[key] for key in (needs.config_keys or sorted(settings))},
        "reads": {name: _file_digest(cfg.processed_dir / name) for name in needs.reads},
        "inputs": [_file_digest(path) for path in _input_files(cfg)] if needs.reads_inputs else [],
        "review": _file_digest(cfg.review_path) if needs.reads_review else None,
        "previous_cycle": _previous_cycle(cfg, needs.last_cycle),
    }
    if needs.reads_population and cfg.equality.population:
        parts["population"] = _file_digest(cfg.resolve(cfg.equality.population))
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


def _record_path(cfg: Consultation) -> Path:
    return cfg.processed_dir / "stages.json"


def _records(cfg: Consultation) -> dict[str, dict]:
    path = _record_path(cfg)
    try:
        return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    except json.JSONDecodeError:
        return {}


def _outputs(cfg: Consultation, stage: str, executed: Path) -> dict[str, str | None]:
    names = {name: _output_path(cfg, name) for name in DEPENDENCIES[stage].writes}
    names[f"reports/notebooks/{executed.name}"] = executed
    return {name: _file_digest(path) for name, path in names.items()}


def is_current(cfg: Consultation, stage: str, key: str, executed: Path) -> bool:
    """Whether ``stage`` last ran with this key and its outputs are all there, unchanged."""
    record = _records(cfg).get(stage)
    if not record or record.get("key") != key:
        return False
    outputs = _outputs(cfg, stage, executed)
    return None not in outputs.values() and outputs == record.get("outputs")


def record(cfg: Consultation, stage: str, key: str, executed: Path) -> None:
    """Remember that ``stage`` ran with ``key`` and wrote what it wrote."""
    records = _records(cfg)
    records[stage] = {"key": key, "outputs": _outputs(cfg, stage, executed)}
    write_text(_record_path(cfg), json.dumps(records, indent=2, sort_keys=True) + "\n")
