"""Uncertainty and group-difference tests for agreement tables.

Pure numerics on counts (or weighted counts rescaled to effective bases), vectorised over
NumPy arrays; :mod:`consult.agreement.stage` decides what is counted.

- :func:`wilson_interval`: the Wilson score interval for a proportion (good at small bases and
  near 0 or 100%, where the normal "Wald" interval fails).
- :func:`kish_effective_base`: the effective base of weighted data, ``(sum w)^2 / sum w^2``.
- :func:`independence_test`: chi-square on a groups x answers table, or Fisher's exact test
  when the table is 2 x 2 with an expected count below 5.
- :func:`two_proportion_test`: the pooled two-proportion z-test, two-sided.
- :func:`independence_of`: the first on (weighted) sums, for a question with no positive side.
- :func:`compare_groups`: both, for one question's groups, on (weighted) sums.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import stats

MIN_EXPECTED = 5.0  # the textbook rule: chi-square needs expected counts of at least 5
MAX_SMALL_SHARE = 0.2  # Cochran's rule: no more than a fifth of the cells may fall below it


def z_value(confidence: float) -> float:
    """The two-sided normal quantile for ``confidence`` (1.96 for 0.95)."""
    return float(stats.norm.ppf(0.5 + confidence / 2))


def wilson_interval(
    proportion: np.ndarray | float, base: np.ndarray | float, confidence: float = 0.95
) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval for ``proportion`` (0-1) observed on ``base`` respondents.

    ``base`` may be fractional (a Kish effective base). Returns ``(low, high)`` as 0-1 arrays,
    NaN where the base is 0 or the proportion is NaN. The interval always contains the estimate
    (bounds are clamped against floating-point error at 0 and 1).
    """
    p = np.asarray(proportion, dtype=float)
    n = np.asarray(base, dtype=float)
    z = z_value(confidence)
    with np.errstate(divide="ignore", invalid="ignore"):
        denominator = 1 + z**2 / n
        centre = (p + z**2 / (2 * n)) / denominator
        half = z / denominator * np.sqrt(p * (1 - p) / n + z**2 / (4 * n**2))
        low = np.minimum(np.clip(centre - half, 0.0, 1.0), p)
        high = np.maximum(np.clip(centre + half, 0.0, 1.0), p)
    empty = ~(n > 0) | np.isnan(p)
    return np.where(empty, np.nan, low), np.where(empty, np.nan, high)


def kish_effective_base(sum_w: np.ndarray | float, sum_w2: np.ndarray | float) -> np.ndarray:
    """Kish's effective base ``(sum w)^2 / sum w^2``; 0 where there are no weights."""
    s1 = np.asarray(sum_w, dtype=float)
    s2 = np.asarray(sum_w2, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(s2 > 0, s1**2 / s2, 0.0)


@dataclass(frozen=True)
class TestResult:
    """One test: its name as a report states it, the statistic, the two-sided p-value, and whether
    it can be relied on (a chi-square with over :data:`MAX_SMALL_SHARE` of its expected counts
    below 5 cannot)."""

    test: str
    statistic: float
    p_value: float
    reliable: bool = True


def independence_test(table: np.ndarray) -> TestResult:
    """Whether the answer distribution differs between groups (rows of ``table``).

    ``table`` is groups x answer categories (counts, or weighted counts rescaled to effective
    bases). Empty rows and columns are dropped first. A 2 x 2 table with an expected count
    below 5 gets Fisher's exact test when its cells are whole numbers; otherwise
    Pearson's chi-square, whose name notes the share of cells with expected counts below 5.
    Tables left with fewer than two rows or columns cannot be tested: NaN statistic and p.
    """
    counts = np.asarray(table, dtype=float)
    counts = counts[counts.sum(axis=1) > 0][:, counts.sum(axis=0) > 0]
    if counts.ndim != 2 or min(counts.shape) < 2:
        return TestResult("not tested: fewer than two groups or answer categories", np.nan, np.nan)
    expected = stats.contingency.expected_freq(counts)
    small = float(np.mean(expected < MIN_EXPECTED))
    whole = bool(np.allclose(counts, np.rint(counts)))
    if counts.shape == (2, 2) and small > 0 and whole:
        odds, p_value = stats.fisher_exact(np.rint(counts).astype(int))
        return TestResult("Fisher's exact test (statistic: odds ratio)", float(odds), float(p_value))
    statistic, p_value, dof, _ = stats.chi2_contingency(counts, correction=False)
    name = f"chi-square, {dof} df"
    if small > 0:
        name += f" (expected count below 5 in {round(100 * small)}% of cells: treat with caution)"
    return TestResult(name, float(statistic), float(p_value), small <= MAX_SMALL_SHARE)


def two_proportion_test(
    x1: np.ndarray, n1: np.ndarray, x2: np.ndarray, n2: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Pooled two-proportion z-test of ``x1/n1`` against ``x2/n2``, element-wise.

    Returns ``(z, p_value)`` (two-sided); NaN where either base is 0 or the pooled proportion is
    0 or 1 (no variation to test).
    """
    x1, n1, x2, n2 = (np.asarray(a, dtype=float) for a in (x1, n1, x2, n2))
    with np.errstate(divide="ignore", invalid="ignore"):
        pooled = (x1 + x2) / (n1 + n2)
        se = np.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
        z = (x1 / n1 - x2 / n2) / se
    z = np.where((n1 > 0) & (n2 > 0) & (se > 0), z, np.nan)
    return z, 2 * stats.norm.sf(np.abs(z))


def holm(p_values: np.ndarray) -> np.ndarray:
    """Holm–Bonferroni adjusted p-values for one family of tests (NaN stays NaN, untested).

    Comparing every group with the rest is several tests at once; adjusting within the family
    keeps the chance of any false "significant" difference at the chosen level.
    """
    p = np.asarray(p_values, dtype=float)
    adjusted = np.full_like(p, np.nan)
    tested = np.flatnonzero(~np.isnan(p))
    order = tested[np.argsort(p[tested], kind="stable")]
    running = 0.0
    for rank, index in enumerate(order):
        running = max(running, min(1.0, (len(order) - rank) * p[index]))
        adjusted[index] = running
    return adjusted


@dataclass(frozen=True)
class GroupComparison:
    """The overall test and, per group, its share against the rest (arrays over groups)."""

    overall: TestResult
    share_group: np.ndarray
    share_rest: np.ndarray
    z: np.ndarray
    p_value: np.ndarray
    base_group: np.ndarray
    base_rest: np.ndarray


def independence_of(sides: list[np.ndarray]) -> TestResult:
    """:func:`independence_test` on the groups x answers table of ``sides``.

    ``sides`` holds, per answer category, an array of shape (3, groups): respondent count, sum of
    weights, sum of squared weights. Weighted sums are rescaled to each group's Kish effective
    base first (with weights of 1 this changes nothing).
    """
    view = sum(sides)
    effective = kish_effective_base(view[1], view[2])
    with np.errstate(divide="ignore", invalid="ignore"):
        to_effective = np.where(view[1] > 0, effective / view[1], 0.0)
    return independence_test(np.stack([side[1] * to_effective for side in sides], axis=1))


def compare_groups(sides: list[np.ndarray], positive: np.ndarray) -> GroupComparison:
    """Test whether the groups' answers differ, overall and each group against the rest.

    ``sides`` holds, per answer category (positive, neutral, negative), an array of shape
    (3, groups): respondent count, sum of weights, sum of squared weights; ``positive`` the
    same for the share being compared. Weighted sums are rescaled to each group's Kish
    effective base (with weights of 1 this changes nothing). Bases returned are respondent counts.
    """
    view = sum(sides)
    effective = kish_effective_base(view[1], view[2])
    overall = independence_of(sides)
    rest_positive = positive.sum(axis=1, keepdims=True) - positive
    rest_view = view.sum(axis=1, keepdims=True) - view
    rest_effective = kish_effective_base(rest_view[1], rest_view[2])
    with np.errstate(divide="ignore", invalid="ignore"):
        share_group = np.where(view[1] > 0, positive[1] / view[1], np.nan)
        share_rest = np.where(rest_view[1] > 0, rest_positive[1] / rest_view[1], np.nan)
    z, p_value = two_proportion_test(share_group * effective, effective, share_rest * rest_effective, rest_effective)
    return GroupComparison(overall, share_group, share_rest, z, p_value,
                           view[0].round().astype(np.int64), rest_view[0].round().astype(np.int64))
