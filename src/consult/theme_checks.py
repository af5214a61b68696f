"""The theme-set checks (after themefinder): size, distinct labels, overlap, and the size of "other"."""

from __future__ import annotations

from itertools import combinations

import numpy as np
import pandas as pd

from consult.labels import too_similar

MAX_OVERLAP = 0.5  # share of the smaller theme's responses also in the other theme
MAX_OTHER_SHARE = 0.1


def theme_set_checks(themes: pd.DataFrame, memberships: np.ndarray, min_size: int, n: int) -> pd.DataFrame:
    """One row per check: ``check``, ``passed`` (bool), ``detail`` (what failed, by theme id).

    ``themes`` is :attr:`ThemeModel.themes_` (themes, then "other"), ``memberships`` the text ×
    theme booleans, ``min_size`` the smallest allowed theme and ``n`` the number of texts.
    """
    named = themes[themes["theme"] >= 0]
    small = named[named["n"] < min_size]
    similar = [f"{a.theme_id}~{b.theme_id}" for a, b in combinations(named.itertuples(), 2)
               if too_similar(a.label, b.label)]
    sizes = memberships.sum(axis=0)
    overlapping = []
    for a, b in combinations(range(memberships.shape[1]), 2):
        shared = int((memberships[:, a] & memberships[:, b]).sum())
        if shared and shared > MAX_OVERLAP * min(sizes[a], sizes[b]):
            overlapping.append(f"{named.theme_id.iloc[a]}&{named.theme_id.iloc[b]} share {shared}")
    other = int(themes.loc[themes["theme"] < 0, "n"].sum())
    rows = [
        ("min_size", small.empty, f"every theme has at least {min_size} responses" if small.empty
         else "below the minimum: " + ", ".join(f"{r.theme_id} ({r.n})" for r in small.itertuples())),
        ("distinct_labels", not similar, "no two labels alike" if not similar else "alike: " + ", ".join(similar)),
        ("overlap", not overlapping, f"no two themes share over {MAX_OVERLAP:.0%} of the smaller one's responses"
         if not overlapping else "; ".join(overlapping)),
        ("other_small", named.empty or other <= MAX_OTHER_SHARE * n,
         f"other holds {other} of {n} responses (limit {MAX_OTHER_SHARE:.0%})"),
    ]
    return pd.DataFrame(rows, columns=["check", "passed", "detail"])
