"""The theme-set checks (after themefinder): size, distinct labels, overlap, and the size of "other"."""

from __future__ import annotations

from itertools import combinations

import numpy as np
import pandas as pd

from consult.themes.labels import too_similar

MAX_OVERLAP = 0.5  # share of the smaller theme's responses also in the other theme
MAX_OTHER_SHARE = 0.1
BROAD = 0.7  # a theme less coherent than this share of the median theme is broad (see theme_set_checks)


def broad_themes(themes: pd.DataFrame) -> pd.DataFrame:
    """The discovered themes of ``themes`` (:attr:`ThemeModel.themes_`) whose ``coherence`` is under
    ``BROAD`` times the median theme's: catch-alls of points that share few words."""
    named = themes[themes["theme"] >= 0]
    coherence = named["coherence"].dropna() if "coherence" in named else named["theme"].iloc[:0]
    return named.loc[coherence.index[coherence < BROAD * coherence.median()]]


def theme_set_checks(themes: pd.DataFrame, memberships: np.ndarray, min_size: int, n: int) -> pd.DataFrame:
    """One row per check: ``check``, ``passed`` (bool), ``detail`` (what failed, by theme id).

    ``themes`` is :attr:`ThemeModel.themes_` (themes, then "other"), ``memberships`` the text ×
    theme booleans, ``min_size`` the smallest allowed theme and ``n`` the number of texts.

    Besides themefinder's checks, ``focused`` flags a catch-all: a discovered theme whose points
    are less than ``BROAD`` times as close to their centre as the median theme's (its
    ``coherence``) gathers points that share few words, so its label fits few of them. On the
    example it flags only q3a's largest theme, whose answers come from all eleven of the
    generator's topics; the next least coherent theme there scores 0.78 of the median.
    """
    named = themes[themes["theme"] >= 0]
    broad = broad_themes(themes)
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
        ("focused", broad.empty, f"every theme's points are at least {BROAD:.0%} as coherent as the median theme's"
         if broad.empty else "broad, read its sub-themes or split it: "
         + ", ".join(f"{r.theme_id} {r.label!r} ({r.coherence:.2f} against a median of {named['coherence'].median():.2f})"
                     for r in broad.itertuples())),
        ("other_small", named.empty or other <= MAX_OTHER_SHARE * n,
         f"other holds {other} of {n} responses (limit {MAX_OTHER_SHARE:.0%})"),
    ]
    return pd.DataFrame(rows, columns=["check", "passed", "detail"])
