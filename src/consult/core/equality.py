"""Equality monitoring: the nine protected characteristics, declined answers, the population profile.

Public bodies must show they considered how proposals affect people with the characteristics the
Equality Act 2010 protects. An attribute question names its characteristic (``characteristic: age``);
``equality.population`` names a CSV of the area's population shares (columns ``characteristic``,
``category``, ``share``) that the respondents are set against. :func:`read_population` reads and
checks that file, every problem one line.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from consult.core.config import CHARACTERISTICS, Consultation, Question
from consult.core.scales import normalise_label

SAID, DECLINED, NOT_ANSWERED = "said", "declined", "not answered"
"""The ``status`` of a row of equality.csv: a category, "Prefer not to say", or left blank."""
POPULATION_COLUMNS = ("characteristic", "category", "share")
SHARE_TOLERANCE = 0.011
"""How far a characteristic's population shares may sum from 1 (rounding in published tables)."""

_DECLINED = re.compile(
    r"^(?:i(?: would|'d)? )?(?:prefer|rather) not (?:to )?(?:say|answer|disclose|state)"
    r"|^(?:i )?(?:do not|don't) (?:wish|want) to (?:say|answer|disclose|state)|^not disclosed$|^withheld$")


def is_declined(label: object) -> bool:
    """Whether an answer declines to say ("Prefer not to say", "I'd rather not say", "Do not wish to disclose")."""
    return bool(_DECLINED.search(normalise_label(label)))


def monitored(cfg: Consultation) -> list[Question]:
    """The attribute questions tagged with a characteristic, in config order."""
    return [q for q in cfg.questions_of("attribute") if q.characteristic]


def read_population(cfg: Consultation) -> tuple[pd.DataFrame, list[str]]:
    """The population profile ``equality.population`` names, and every problem with it (one line each).

    Returns columns ``characteristic``, ``category``, ``share`` (a fraction 0-1) and ``key`` (the
    category's folded label, :func:`consult.core.scales.normalise_label`); an empty frame when no
    profile is set or it has problems. Problems: a missing or unreadable file, missing columns, a
    characteristic that is not one of the nine or that no question is tagged with, a share that is
    not a number from 0 to 1, a category listed twice, shares that do not sum to 1.
    """
    empty = pd.DataFrame(columns=[*POPULATION_COLUMNS, "key"])
    if not cfg.equality.population:
        return empty, []
    path = cfg.resolve(cfg.equality.population)
    where = f"{path}: equality.population"
    if not Path(path).is_file():
        return empty, [f"{where}: file not found; give a CSV with columns characteristic, category, share"]
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as error:
        return empty, [f"{where}: cannot be read as a UTF-8 CSV ({str(error).splitlines()[0]}); save it as CSV UTF-8"]
    frame.columns = [str(c).strip().lower() for c in frame.columns]
    missing = [c for c in POPULATION_COLUMNS if c not in frame.columns]
    if missing:
        return empty, [f"{where}: no column {', '.join(missing)}; the columns are characteristic, category, share"]
    frame = frame[list(POPULATION_COLUMNS)].apply(lambda column: column.str.strip())
    tagged = {q.characteristic for q in cfg.questions if q.characteristic}
    problems = []
    for line, (name, category, share) in enumerate(frame.itertuples(index=False), start=2):
        if name not in CHARACTERISTICS:
            problems.append(f"{where}: line {line}: characteristic {name!r} is not one of {', '.join(CHARACTERISTICS)}")
        elif name not in tagged:
            problems.append(f"{where}: line {line}: no question has characteristic: {name}; tag the attribute "
                            "question that asks it, or delete the line")
        value = pd.to_numeric(share, errors="coerce")
        if not category:
            problems.append(f"{where}: line {line}: the category is blank")
        if pd.isna(value) or not 0 <= value <= 1:
            problems.append(f"{where}: line {line}: share {share!r} is not a number from 0 to 1 (write 23% as 0.23)")
    if problems:
        return empty, problems
    frame = frame.assign(share=pd.to_numeric(frame["share"]), key=frame["category"].map(normalise_label))
    repeated = frame[frame.duplicated(["characteristic", "key"], keep=False)]
    problems += [f"{where}: category {c!r} of {n} is listed more than once"
                 for n, c in repeated.drop_duplicates(["characteristic", "key"])[["characteristic", "category"]].itertuples(
                     index=False)]
    sums = frame.groupby("characteristic", sort=True)["share"].sum()
    problems += [f"{where}: the shares of {name} sum to {total:.3f}, not 1; give every category's share"
                 for name, total in sums.items() if abs(total - 1) > SHARE_TOLERANCE]
    return (empty, problems) if problems else (frame.reset_index(drop=True), [])
