"""Stage 2, agreement: reads ``responses.csv`` and writes ``agreement.csv`` and ``group_tests.csv``
(:mod:`consult.agreement.table` computes them)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from consult.agreement.table import compute, group_tests, needed_columns
from consult.core import files
from consult.core.config import WEIGHT, Consultation


@dataclass(frozen=True)
class AgreementResult:
    """What the agreement stage wrote, and the two tables it wrote there."""

    agreement: pd.DataFrame
    group_tests: pd.DataFrame
    agreement_path: Path
    group_tests_path: Path


def run(cfg: Consultation) -> AgreementResult:
    """Read ``responses.csv``, write ``agreement.csv`` and ``group_tests.csv`` beside it, return both.

    Raises :class:`InputError` when responses.csv is missing (run the clean stage first) or does
    not match the config.
    """
    folder = cfg.processed_dir
    needed = {*needed_columns(cfg), WEIGHT}
    responses = files.read_csv(folder / "responses.csv", dtype=str, usecols=lambda column: column in needed)
    agreement = compute(responses, cfg)
    tests = group_tests(responses, cfg)
    return AgreementResult(
        agreement, tests,
        files.write_csv(agreement, folder / "agreement.csv"),
        files.write_csv(tests, folder / "group_tests.csv"),
    )
