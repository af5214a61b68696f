"""Every percentage in a written output traced to agreement.csv before the output is written.

:func:`check_percentages` finds every "NN% (n of base)" in a text and checks it against
agreement.csv; :func:`verify` raises :class:`PercentageError` when any fails. The report stage
runs it on summary.md and on the text of summary.docx.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import pandas as pd

from consult.core import wording
from consult.core.config import Consultation
from consult.core.errors import PercentageError
from consult.core.rounding import format_pct, is_achievable, pct_int, round_half_up
from consult.report.tables import is_shown

__all__ = ["PercentageError", "check_percentages", "verify"]

_PCT_WITH_BASE = re.compile(r"(\d+(?:\.\d+)?)% \((\d[\d,]*) of (\d[\d,]*)\)")
_ANY_PCT = re.compile(r"\d+(?:\.\d+)?\s?%")
# percentages that are not results: confidence levels and the rules stated in notes
# what respondents wrote (quotes, labels) is written between curly quotes (consult.report.summary.quoted)
_QUOTED = re.compile(r"“[^”]*”")
_NOT_A_RESULT = re.compile(r"\d+% (?:confidence )?intervals?|(?:exceed|sum to|more than) 100%|rounds to 0%")
_WEIGHTED = re.compile(r"(\d+(?:\.\d+)?)% \(weighted; base (\d[\d,]*)\)")


def labels_of(cfg: Consultation, agreement: pd.DataFrame) -> list[str]:
    """Words the outputs print that are not consult's figures though they may hold a "%": the questions'
    texts and columns, and the options and groups of agreement.csv ("a 2.99% increase in Council Tax")."""
    texts = [t for q in cfg.questions for t in (q.label, q.column)]
    texts += [str(v) for column in ("option", "group") if column in agreement for v in agreement[column].unique()]
    return sorted({t for t in texts if "%" in t}, key=len, reverse=True)


def check_percentages(text: str, agreement: pd.DataFrame, labels: Sequence[str] = ()) -> list[str]:
    """Problems with the percentages in ``text``; an empty list when every one is right.

    Every percentage must be written "NN% (n of base)", be achievable from its base (half-up
    rounding), and match a row of ``agreement`` (agreement.csv's columns) with that ``n`` and
    ``base``, whose own ``pct`` rounds to the same figure and which is not suppressed (``[c]``); a
    weighted one, "NN% (weighted; base B)", must match a weighted row with that base and rounded ``pct``.
    Confidence levels ("95% intervals") and stated rules ("may exceed 100%", "rounds to 0%")
    are not results and are not checked, nor is anything between curly quotes (“…”): respondents'
    words ("Nothing to add. 100% service") are not consult's figures.
    """
    problems = []
    text = _QUOTED.sub("“”", text)  # respondents' words, never consult's figures
    for label in labels:  # questions and options (labels_of), never consult's figures either
        text = text.replace(label, "")
    spans = [match.span() for match in _NOT_A_RESULT.finditer(text)]
    for match in _PCT_WITH_BASE.finditer(text):
        spans.append(match.span())
        shown, n, base = match.group(1), int(match.group(2).replace(",", "")), int(match.group(3).replace(",", ""))
        problem = _percentage_problem(float(shown), n, base, agreement)
        if problem:
            problems.append(f"'{match.group(0)}' {problem}")
    for match in _WEIGHTED.finditer(text):
        spans.append(match.span())
        problem = _weighted_problem(float(match.group(1)), int(match.group(2).replace(",", "")), agreement)
        if problem:
            problems.append(f"'{match.group(0)}' {problem}")
    for match in _ANY_PCT.finditer(text):
        if not any(start <= match.start() < end for start, end in spans):
            problems.append(f"'{match.group(0)}' has no count and base beside it")
    return problems


def _matching_row_problem(rows: pd.DataFrame, shown: float, what: str) -> str | None:
    """The problem when none of ``rows`` (the candidates in agreement.csv) has a ``pct`` rounding to
    ``shown`` and is not suppressed; ``what`` names the candidates sought."""
    rows = rows[rows["pct"].map(lambda p: pd.notna(p) and round_half_up(float(p)) == shown)]
    if rows.empty:
        return f"matches no {what}"
    if not rows["flag"].map(is_shown).any():
        return "is suppressed [c] in agreement.csv and must be given as a count"
    return None


def _weighted_problem(shown: float, base: int, agreement: pd.DataFrame) -> str | None:
    """A weighted percentage must match a weighted row of ``agreement`` with that base whose ``pct``
    rounds to it and which is not suppressed."""
    if shown != int(shown):
        return "has decimals; reports show whole percentages"
    if "n_weighted" not in agreement.columns:
        return "is weighted, but agreement.csv has no weighted figures"
    rows = agreement[(agreement["base"].astype(int) == base) & pd.to_numeric(agreement["n_weighted"]).notna()]
    return _matching_row_problem(rows, shown, f"weighted row of agreement.csv with base {base}")


def _percentage_problem(shown: float, n: int, base: int, agreement: pd.DataFrame) -> str | None:
    if shown != int(shown):
        return "has decimals; reports show whole percentages"
    if n > base or not is_achievable(int(shown), base) or pct_int(n, base) != shown:
        return f"is not {n} of {base} rounded half up ({format_pct(n, base) if base else 'no base'})"
    rows = agreement[(agreement["n"].astype(int) == n) & (agreement["base"].astype(int) == base)]
    return _matching_row_problem(rows, shown, f"row of agreement.csv with n {n} and base {base}")


def verify(text: str, agreement: pd.DataFrame, where: str, labels: Sequence[str] = ()) -> None:
    """Raise :class:`PercentageError` (one line naming ``where``) if any percentage in ``text`` is wrong;
    ``labels`` are left out first (:func:`labels_of`)."""
    problems = check_percentages(text, agreement, labels)
    if problems:
        raise PercentageError(
            f"{where}: {wording.count(len(problems), 'percentage', 0)} not traced to agreement.csv: "
            f"{'; '.join(problems)}. Rerun the agreement stage and then the report; if it persists, "
            "report it as a bug in consult."
        )
