"""Reading dates and times written in any common format (submission timestamps, Polis epochs).

Day-first (UK) or month-first (US) order is decided per column from a part over 12; a column
that mixes both has its undecidable dates reported rather than guessed.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone

import pandas as pd
from dateutil import parser

_DAY_MONTH = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-]\d{2,4}")
_YEAR_FIRST = re.compile(r"^\d{4}[/.-]")
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2})?$")  # read alike by dateutil and pandas


def _day_first(values: list[str]) -> bool | None:
    """True for UK order, False for US order (decided by a part over 12), None when the column mixes both."""
    firsts, seconds = set(), set()
    for value in values:
        match = _DAY_MONTH.match(value)
        if match:
            firsts.add(int(match.group(1)))
            seconds.add(int(match.group(2)))
    day_first, month_first = max(firsts, default=0) > 12, max(seconds, default=0) > 12
    if day_first and month_first:
        return None
    return not month_first


def _parse_one(value: str, day_first: bool) -> datetime | None:
    if value.isdigit() and len(value) in (10, 13):  # Unix epoch seconds / milliseconds (Polis)
        seconds = int(value) / (1000 if len(value) == 13 else 1)
        return datetime.fromtimestamp(seconds, tz=timezone.utc).replace(tzinfo=None)
    try:
        parsed = parser.parse(value, dayfirst=day_first and not _YEAR_FIRST.match(value))
    except (ValueError, OverflowError):
        return None
    return parsed.astimezone(timezone.utc).replace(tzinfo=None) if parsed.tzinfo else parsed


def _parse_text(value: str, day_first: bool | None) -> datetime | None:
    """One date that is not ISO, in the column's order (``None``: the column mixes orders, decide per value)."""
    if day_first is None:  # report those that cannot be told
        match = _DAY_MONTH.match(value)
        if match and max(int(part) for part in match.groups()) <= 12:
            return None
    order = day_first if day_first is not None else _day_first([value])
    return _parse_one(value, order is not False)


def _parse_iso(values: pd.Series) -> pd.Series:
    """``YYYY-MM-DD HH:MM[:SS]`` texts parsed at once by pandas; NaT for the others and for those it cannot read
    (so that dateutil decides them, exactly as for any other text)."""
    return pd.to_datetime(values.where(values.str.match(_ISO)), format="ISO8601", errors="coerce")


def parse_datetimes(series: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Parse a column of dates/times written in any common format.

    Returns ``(parsed, problems)``: ``parsed`` is datetime64 (NaT where blank or unreadable);
    ``problems`` is a boolean Series, True where a non-blank value could not be read or is
    ambiguous (a column mixing day-first and month-first dates).
    """
    values = series.astype(str).str.strip()
    codes, uniques = pd.factorize(values)
    uniques = pd.Series(uniques, dtype=object)
    parsed = _parse_iso(uniques).astype("datetime64[us]")  # dateutil's precision
    rest = parsed.isna() & uniques.ne("")
    day_first = _day_first(uniques[rest].tolist())  # ISO dates never read as day or month first
    others = [_parse_text(value, day_first) for value in uniques[rest]]
    parsed[rest] = pd.to_datetime(pd.Series(others, dtype=object), errors="coerce").to_numpy()
    result = pd.Series(parsed.to_numpy()[codes], index=series.index)
    return result, values.ne("") & result.isna()
