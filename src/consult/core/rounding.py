"""Rounding and percentage text, one rule everywhere: round half up at output, base beside the figure.

Python's ``round`` rounds half to even (``round(12.5) == 12``); published statistics round
half up (12.5 → 13), so every figure consult shows goes through :func:`round_half_up`.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal


def round_half_up(value: float, digits: int = 0) -> float:
    """Round ``value`` half up (away from zero) to ``digits`` decimals, via its shortest decimal text.

    ``round_half_up(12.5) == 13``, ``round_half_up(0.125, 2) == 0.13``. NaN stays NaN, infinity stays infinity
    (a Fisher's exact test's odds ratio with a zero cell).
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return math.nan
    if isinstance(value, float) and math.isinf(value):
        return value
    exponent = Decimal(1).scaleb(-digits)
    return float(Decimal(str(value)).quantize(exponent, rounding=ROUND_HALF_UP))


def percent(n: float, base: float) -> float:
    """``n`` as a percentage of ``base`` (unrounded); NaN for a zero base."""
    return 100.0 * n / base if base else math.nan


def pct_int(n: float, base: float) -> int:
    """The whole-number percentage a report shows for ``n`` of ``base`` (half up)."""
    return int(round_half_up(percent(n, base)))


def format_pct(n: int, base: int, digits: int = 0) -> str:
    """``"75% (6 of 8)"``: the rounded percentage with its count and base."""
    value = round_half_up(percent(n, base), digits)
    shown = f"{value:.{digits}f}" if digits else f"{int(value)}"
    return f"{shown}% ({n:,} of {base:,})"


def achievable_percentages(base: int) -> set[int]:
    """Every whole-number percentage that some count out of ``base`` rounds (half up) to.

    8 respondents can give 75% or 88%, never 76%. Empty for a base of 0.
    """
    return {pct_int(n, base) for n in range(base + 1)} if base > 0 else set()


def is_achievable(pct: int, base: int) -> bool:
    """Whether a whole-number percentage can come from any count out of ``base``."""
    if base <= 0:
        return False
    # the counts whose percentage is nearest pct; checking the two around pct*base/100 suffices
    guess = pct * base / 100
    return any(pct_int(n, base) == pct for n in {math.floor(guess), math.ceil(guess)} if 0 <= n <= base)
