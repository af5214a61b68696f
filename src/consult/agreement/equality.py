"""Equality monitoring: who responded by each protected characteristic, and whether agreement differs.

For every attribute question tagged with a ``characteristic`` (:mod:`consult.core.equality`):

* :func:`profile` — ``equality.csv``: each category's count among those asked, out of those who
  said (``Prefer not to say`` and blanks kept apart, each out of all asked), beside the population
  profile's share when ``equality.population`` gives one; ``flag`` ``[c]`` marks the counts the
  report suppresses (:mod:`consult.agreement.disclosure`, threshold ``equality.min_cell``).
* :func:`tests` — ``equality_tests.csv``: the group tests of :func:`consult.agreement.table.group_tests`
  (chi-square or Fisher overall; each category against the rest, Holm-adjusted) run among those who
  said, one characteristic at a time; ``flag`` ``[c]`` where the category is suppressed in the
  profile, its agreeing or other count is under the threshold, or it is a secondary suppression.

Counts are of respondents (survey weights are not applied to the profile).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from consult.agreement.disclosure import suppress, table_lines
from consult.agreement.routing import was_asked
from consult.agreement.table import GROUP_TEST_COLUMNS, group_tests
from consult.core.config import Consultation, Question
from consult.core.equality import DECLINED, NOT_ANSWERED, SAID, is_declined, monitored
from consult.core.scales import normalise_label

PROFILE_COLUMNS = ["characteristic", "question_id", "category", "status", "n", "base", "pct", "population_pct",
                   "difference_pp", "flag"]
TEST_COLUMNS = ["characteristic", *GROUP_TEST_COLUMNS]


def _declined(values: pd.Series) -> pd.Series:
    """Which answers decline to say (:func:`consult.core.equality.is_declined`), each distinct label tested once."""
    return values.isin([label for label in values.dropna().unique() if is_declined(label)])


def _categories(said: pd.Series, population: pd.DataFrame) -> list[tuple[str, int, float]]:
    """(label, count, population share or NaN) per category: the population's in its order, then the others
    by label. A population category no respondent gave counts 0; labels are matched folded."""
    counts = said.value_counts()
    spelled: dict[str, str] = {}
    by_key: dict[str, int] = {}
    for label, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        key = normalise_label(label)
        spelled.setdefault(key, str(label))
        by_key[key] = by_key.get(key, 0) + int(n)
    rows = [(row.category, by_key.pop(row.key, 0), float(row.share)) for row in population.itertuples()]
    rows += [(spelled[key], by_key[key], np.nan) for key in sorted(by_key, key=lambda k: spelled[k])]
    return rows


def _one(question: Question, responses: pd.DataFrame, cfg: Consultation, population: pd.DataFrame) -> pd.DataFrame:
    asked = was_asked(responses, question, cfg)
    values = responses.loc[asked, question.id].astype("string")
    blank = values.isna()
    declined = _declined(values)
    said = values[~blank & ~declined]
    mine = population[population["characteristic"] == question.characteristic]
    categories = _categories(said, mine)
    total, base = int(asked.sum()), len(said)
    rows = [(label, SAID, n, base, share) for label, n, share in categories]
    rows += [("Prefer not to say", DECLINED, int(declined.sum()), total, np.nan),
             ("Not answered", NOT_ANSWERED, int(blank.sum()), total, np.nan)]
    frame = pd.DataFrame(rows, columns=["category", "status", "n", "base", "share"])
    with np.errstate(divide="ignore", invalid="ignore"):
        frame["pct"] = np.where(frame["base"] > 0, 100 * frame["n"] / frame["base"], np.nan)
    frame["population_pct"] = 100 * frame.pop("share")
    frame["difference_pp"] = frame["pct"] - frame["population_pct"]
    said_cells = list(range(len(categories)))  # (a characteristic's categories are a line of their own)
    lines = [said_cells, [len(categories), len(categories) + 1]]  # published totals: those who said; all asked
    hidden = suppress(frame["n"].to_numpy(), lines, cfg.equality.min_cell)
    frame["flag"] = np.where(hidden, "[c]", "")
    return frame.assign(characteristic=question.characteristic, question_id=question.id)[PROFILE_COLUMNS]


def _suppressed(rows: pd.DataFrame, hidden: set[str], threshold: int) -> np.ndarray:
    """Which categories (``rows``: one question's per-group test rows) to show as ``[c]``: the table of
    categories x (gave the answer compared, did not) with its row and column totals taken as published,
    suppressed primary and secondary (:func:`consult.agreement.disclosure.suppress`), the categories the
    profile suppresses (``hidden``, folded labels) suppressed from the start; a category with either cell
    suppressed is suppressed whole."""
    base = pd.to_numeric(rows["base_group"]).to_numpy(dtype=float)
    agreeing = np.rint(pd.to_numeric(rows["pct_group"]).fillna(0).to_numpy(dtype=float) * base / 100)
    cells = np.column_stack([agreeing, base - agreeing]).ravel()
    forced = np.repeat(rows["group"].map(normalise_label).isin(hidden).to_numpy(), 2)
    mask = suppress(cells, table_lines(len(rows), 2), threshold, also=forced)
    return mask.reshape(-1, 2).any(axis=1)


def profile(responses: pd.DataFrame, cfg: Consultation, population: pd.DataFrame) -> pd.DataFrame:
    """``equality.csv``: one row per monitored question x category, then its ``Prefer not to say`` and
    ``Not answered`` rows (docs/files.md). ``population`` is :func:`consult.core.equality.read_population`'s frame.
    """
    frames = [_one(q, responses, cfg, population) for q in monitored(cfg)]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=PROFILE_COLUMNS)


def tests(responses: pd.DataFrame, cfg: Consultation, profiled: pd.DataFrame) -> pd.DataFrame:
    """``equality_tests.csv``: :func:`consult.agreement.table.group_tests` by each monitored question, among
    those who said a category (``Prefer not to say`` and blanks left out of the groups and of the rest), with
    the ``characteristic`` first and ``flag`` ``[c]`` on the categories :func:`_suppressed` hides: those
    ``profiled`` (:func:`profile`) suppresses, those whose agreeing or other count is below ``equality.min_cell``,
    and the secondary suppressions that keep them from being worked out."""
    frames = []
    threshold = cfg.equality.min_cell
    for question in monitored(cfg):
        values = responses[question.id].astype("string")
        said = (values.notna() & ~_declined(values)).to_numpy(dtype=bool)
        found = group_tests(responses[said].reset_index(drop=True), cfg.model_copy(update={"groups": [question.id]}))
        if found.empty:
            continue
        mine = profiled[(profiled["question_id"] == question.id) & (profiled["status"] == SAID)]
        hidden = {normalise_label(c) for c in mine.loc[mine["flag"] == "[c]", "category"]}
        flag = pd.Series(False, index=found.index)
        for _, rows in found[found["group"] != "all"].groupby("question_id", sort=False):
            flag[rows.index] = _suppressed(rows, hidden, threshold)
        found["flag"] = np.where(flag, "[c]", found["flag"].fillna(""))
        frames.append(found.assign(characteristic=question.characteristic)[TEST_COLUMNS])
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=TEST_COLUMNS)
