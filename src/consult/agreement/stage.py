"""Stage 2, agreement: reads ``responses.csv`` and writes ``agreement.csv`` and ``group_tests.csv``
(:mod:`consult.agreement.table` computes them), and with equality-monitoring questions ``equality.csv``
and ``equality_tests.csv`` (:mod:`consult.agreement.equality`; for a Polis conversation :mod:`consult.agreement.polis`,
from the clean stage's votes, also writing ``polis_statements.csv``)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd

from consult.agreement import equality, polis
from consult.agreement.routing import routing_columns
from consult.agreement.table import compute, group_tests, needed_columns
from consult.core import files
from consult.core.config import Consultation
from consult.core.equality import monitored, read_population
from consult.core.errors import ConfigError
from consult.core.sections import WEIGHT


@dataclass(frozen=True)
class AgreementResult:
    """What the agreement stage wrote, and the two tables it wrote there."""

    agreement: pd.DataFrame
    group_tests: pd.DataFrame
    agreement_path: Path
    group_tests_path: Path
    polis_statements: pd.DataFrame | None = None  # a Polis conversation's per-statement calls (polis_statements.csv)
    equality: pd.DataFrame | None = None  # with equality-monitoring questions: equality.csv
    equality_tests: pd.DataFrame | None = None  # ... and equality_tests.csv


def run(cfg: Consultation) -> AgreementResult:
    """Read ``responses.csv``, write ``agreement.csv`` and ``group_tests.csv`` beside it, return both.

    Raises :class:`InputError` when responses.csv is missing (run the clean stage first) or does
    not match the config, and :class:`ConfigError` when ``equality.population`` has problems.
    """
    folder = cfg.processed_dir
    if cfg.is_polis:
        return _run_polis(cfg)
    tagged = monitored(cfg)
    population, problems = read_population(cfg)
    if problems:
        more = f" (and {len(problems) - 1} more: run 'consult check' to list them all)" if len(problems) > 1 else ""
        raise ConfigError(problems[0] + more)
    needed = {*needed_columns(cfg), WEIGHT, *(q.id for q in tagged), *routing_columns(cfg, tagged)}
    responses = files.read_csv(folder / "responses.csv", dtype=str, usecols=lambda column: column in needed)
    agreement = compute(responses, cfg)
    tests = group_tests(responses, cfg)
    result = AgreementResult(
        agreement, tests,
        files.write_csv(agreement, folder / "agreement.csv"),
        files.write_csv(tests, folder / "group_tests.csv"),
    )
    if not tagged:
        return result
    profiled = equality.profile(responses, cfg, population)
    equality_tests = equality.tests(responses, cfg, profiled)
    files.write_csv(profiled, folder / "equality.csv")
    files.write_csv(equality_tests, folder / "equality_tests.csv")
    return replace(result, equality=profiled, equality_tests=equality_tests)


def _run_polis(cfg: Consultation) -> AgreementResult:
    """A Polis conversation: one question per statement (:mod:`consult.agreement.polis`)."""
    folder = cfg.processed_dir
    responses = files.read_csv(folder / "responses.csv", dtype=str)
    votes = files.read_csv(folder / "polis_votes.csv", dtype={"participant_id": str, "statement_id": str, "vote": str})
    participants = files.read_csv(folder / "polis_participants.csv", dtype=str)
    agreement, tests, statements = polis.compute(responses, votes, participants, cfg)
    files.write_csv(statements, folder / "polis_statements.csv")
    return AgreementResult(agreement, tests, files.write_csv(agreement, folder / "agreement.csv"),
                           files.write_csv(tests, folder / "group_tests.csv"), statements)
