"""Rounding half up and the achievability of percentages (property tests)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from consult.core.rounding import achievable_percentages, format_pct, is_achievable, pct_int, round_half_up


def test_half_up_not_bankers() -> None:
    assert round_half_up(12.5) == 13 and round_half_up(13.5) == 14 and round_half_up(0.5) == 1
    assert round_half_up(2.675, 2) == 2.68  # float 2.675 is 2.67499...; its decimal text rounds up
    assert format_pct(6, 8) == "75% (6 of 8)" and format_pct(1, 8) == "13% (1 of 8)"
    assert format_pct(1234, 2000) == "62% (1,234 of 2,000)"


def test_eight_respondents() -> None:
    assert sorted(achievable_percentages(8)) == [0, 13, 25, 38, 50, 63, 75, 88, 100]
    assert is_achievable(75, 8) and not is_achievable(76, 8) and not is_achievable(50, 0)


@given(st.integers(min_value=1, max_value=2000), st.data())
def test_every_count_gives_an_achievable_percentage(base: int, data: st.DataObject) -> None:
    n = data.draw(st.integers(min_value=0, max_value=base))
    assert is_achievable(pct_int(n, base), base)


@given(st.integers(min_value=1, max_value=400), st.integers(min_value=0, max_value=100))
def test_is_achievable_agrees_with_the_full_set(base: int, pct: int) -> None:
    assert is_achievable(pct, base) == (pct in achievable_percentages(base))
