"""The options of a multi-select question answered in one delimited cell, found from whole-option evidence.

Google Forms joins the ticked options with ", ", its options may hold a comma ("Cafes, toilets and
facilities") and a respondent's "Other" text sits in the same cell, so the options are never the cell
split blindly on the delimiter. Parts that are (almost) never found apart are one option's pieces; an
option is what respondents give as their whole answer, or what many respondents hold; the rest is
"Other" text, counted as the one option :data:`OTHER`, never made an option of its own.
"""

from __future__ import annotations

import re
from collections import Counter

import pandas as pd

from consult.core.scales import normalise_label, spellings

OTHER = "Other"
WHOLE_MIN = 2
"""Respondents giving a text as their whole answer before it is drafted as an option."""
SHARE_MIN = 0.1
"""... or the share of answers holding it (Other text seldom recurs; a generator's may)."""
TOGETHER = 0.9
"""Two parts side by side in at least this share of each one's appearances are one option's pieces."""
_OTHER = re.compile(r"^other\b")


def other_option(options: list[str]) -> str | None:
    """The option that stands for text matching no other ("Other", "Other (please specify)"), if any."""
    return next((o for o in options if _OTHER.match(normalise_label(o))), None)


def _units(cells: pd.Series, delimiter: str) -> list[list[str]]:
    """Each cell's parts split on the delimiter, with parts (almost) always side by side joined again."""
    mark = delimiter.strip() or delimiter
    parts = [[p for p in cell.split(mark) if p.strip()] for cell in cells]
    seen = Counter(p.strip() for cell in parts for p in cell)
    pairs = Counter((a.strip(), b.strip()) for cell in parts for a, b in zip(cell, cell[1:]))
    glued = {(a, b) for (a, b), n in pairs.items() if a != b and n >= TOGETHER * max(seen[a], seen[b])}
    units = []
    for cell in parts:
        joined: list[str] = []
        for previous, part in zip([None, *cell], cell):
            if previous is not None and (previous.strip(), part.strip()) in glued:
                joined[-1] += mark + part
            else:
                joined.append(part)
        units.append([unit.strip() for unit in joined])
    return units


def known_options(cells: pd.Series, delimiter: str) -> list[str]:
    """The options of a delimited multi-select column (its non-blank ``cells``), the most held first, each in
    its most common spelling, and :data:`OTHER` last when some text is no option."""
    units = _units(cells, delimiter)
    whole = Counter(normalise_label(u[0]) for u in units if len(u) == 1)
    held = Counter(normalise_label(unit) for u in units for unit in set(u))
    spelling = Counter(unit for u in units for unit in u)
    shown = spellings([unit for unit, _ in sorted(spelling.items(), key=lambda kv: (-kv[1], kv[0]))])
    options = [key for key, n in sorted(held.items(), key=lambda kv: (-kv[1], shown[kv[0]]))
               if whole[key] >= WHOLE_MIN or n >= SHARE_MIN * len(units)]
    found = [shown[key] for key in options]
    return found + [OTHER] if len(options) < len(held) and not other_option(found) else found
