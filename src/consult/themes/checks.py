"""The theme-set checks (after themefinder): size, distinct labels, overlap, and the size of "other"."""

from __future__ import annotations

from itertools import combinations

import numpy as np
import pandas as pd

from consult.themes.labels import is_various, too_similar
from consult.themes.praise import PRAISE_LABEL

MAX_OVERLAP = 0.5  # share of the smaller theme's responses also in the other theme
MAX_OTHER_SHARE = 0.1
BROAD = 0.7  # a theme less coherent than this share of the median theme is broad (see theme_set_checks)


def broad_themes(themes: pd.DataFrame) -> pd.DataFrame:
    """The discovered themes of ``themes`` (:attr:`ThemeModel.themes_`) whose ``coherence`` is under
    ``BROAD`` times the median theme's: catch-alls of points that share few words. The gathered
    praise (:data:`consult.themes.praise.PRAISE_LABEL`) is never one: its words differ by design."""
    named = themes[(themes["theme"] >= 0) & (themes["label"] != PRAISE_LABEL)]
    coherence = named["coherence"].dropna() if "coherence" in named else named["theme"].iloc[:0]
    return named.loc[coherence.index[coherence < BROAD * coherence.median()]]


def broad_last(found: np.ndarray, coherence: list[float], keep: int = -1) -> tuple[np.ndarray, int]:
    """``found`` (theme per point, -1 for none) renumbered so that broad themes (``coherence`` under
    ``BROAD`` times the median, as :func:`broad_themes` finds them) come last, the others keeping
    their order; and the new number of theme ``keep`` (never counted broad; -1 for none)."""
    values = np.asarray(coherence, dtype=float)
    median = np.nanmedian(values) if np.isfinite(values).any() else np.nan
    broad = [j for j in range(len(values)) if j != keep and values[j] < BROAD * median]
    order = [j for j in range(len(values)) if j not in broad] + broad
    remap = np.full(len(values) + 1, -1)
    remap[order] = np.arange(len(order))
    return remap[found], int(remap[keep]) if keep >= 0 else -1


def theme_set_checks(themes: pd.DataFrame, memberships: np.ndarray, min_size: int, n: int) -> pd.DataFrame:
    """One row per check: ``check``, ``passed`` (bool), ``detail`` (what failed, by theme id).

    ``themes`` is :attr:`ThemeModel.themes_` (themes, then "other"), ``memberships`` the text ×
    theme booleans, ``min_size`` the smallest allowed theme and ``n`` the number of texts.

    ``named`` flags a theme whose label is the fallback "Various comments about …" (no phrase of
    its answers names it), for a person to name. Besides themefinder's checks, ``focused`` flags a catch-all: a discovered theme whose points
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
    unnamed = named[named["label"].map(is_various)]
    other = int(themes.loc[themes["theme"] < 0, "n"].sum())
    rows = [
        ("min_size", small.empty, f"every theme has at least {min_size} responses" if small.empty
         else "below the minimum: " + ", ".join(f"{r.theme_id} ({r.n})" for r in small.itertuples())),
        ("distinct_labels", not similar, "no two labels alike" if not similar else "alike: " + ", ".join(similar)),
        ("named", unnamed.empty, "every theme has a label that names its topic" if unnamed.empty
         else "no phrase names these, give each a label: " + ", ".join(f"{r.theme_id} {r.label!r}" for r in unnamed.itertuples())),
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
