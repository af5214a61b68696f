"""Stage 2, agreement: reads ``responses.csv`` and writes ``agreement.csv`` and ``group_tests.csv``
(:mod:`consult.agreement.table` computes them; for a Polis conversation :mod:`consult.agreement.polis`,
from the clean stage's votes, also writing ``polis_statements.csv``)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from consult.agreement import polis
from consult.agreement.table import compute, group_tests, needed_columns
from consult.core import files
from consult.core.config import Consultation
from consult.core.sections import WEIGHT


@dataclass(frozen=True)
class AgreementResult:
    """What the agreement stage wrote, and the two tables it wrote there."""

    agreement: pd.DataFrame
    group_tests: pd.DataFrame
    agreement_path: Path
    group_tests_path: Path
    polis_statements: pd.DataFrame | None = None  # a Polis conversation's per-statement calls (polis_statements.csv)


def run(cfg: Consultation) -> AgreementResult:
    """Read ``responses.csv``, write ``agreement.csv`` and ``group_tests.csv`` beside it, return both.

    Raises :class:`InputError` when responses.csv is missing (run the clean stage first) or does
    not match the config.
    """
    folder = cfg.processed_dir
    if cfg.is_polis:
        return _run_polis(cfg)
    needed = {*needed_columns(cfg), WEIGHT}
    responses = files.read_csv(folder / "responses.csv", dtype=str, usecols=lambda column: column in needed)
    agreement = compute(responses, cfg)
    tests = group_tests(responses, cfg)
    return AgreementResult(
        agreement, tests,
        files.write_csv(agreement, folder / "agreement.csv"),
        files.write_csv(tests, folder / "group_tests.csv"),
    )


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
