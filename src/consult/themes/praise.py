"""Praise and thanks gathered into one theme, however they are worded.

Feedback on a service is often mostly praise ("Excellent", "Very helpful staff", "Brilliant
care, thank you"), and clustering splits it by adjective into themes that differ only in which
word of praise was used. A sentence is praise when it uses a word of praise or thanks and no
negation, contrast or request ("but the wait was long", "could be quicker"); themes whose
sentences are mostly praise (``PRAISE_SHARE``) are merged into the largest of them, which the
model labels :data:`PRAISE_LABEL` and splits into sub-themes when it is large enough.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from consult.themes.text import tokenize

PRAISE_LABEL = "Praise and thanks"
PRAISE_SHARE = 0.6  # share of a theme's sentences that are praise, from which it is a praise theme
PRAISE_WORDS = frozenset("""excellent brilliant perfect fantastic amazing wonderful lovely great good superb outstanding
    helpful professional friendly kind caring polite courteous efficient attentive thorough reassuring supportive
    pleasant welcoming thanks thank thankyou grateful appreciated appreciate happy pleased satisfied impressed
    fab fabulous faultless exceptional first-class marvellous love loved nice""".split())
_AGAINST = frozenset("""not no never nothing but however although though except unfortunately shame wish could should
    would improve improved improvement better more less too long wait waiting waited late rude slow poor bad worse
    lack needs need problem issue""".split())


def is_praise(sentence: str) -> bool:
    """Whether one sentence only praises or thanks: a word of :data:`PRAISE_WORDS` and none of
    negation, contrast or request ("Great staff but parking is poor" is not)."""
    tokens = set(tokenize(sentence))
    return bool(tokens & PRAISE_WORDS) and not tokens & _AGAINST and not any(t.endswith("n't") for t in tokens)


def gather(found: np.ndarray, sentences: Sequence[str], owner: np.ndarray) -> tuple[np.ndarray, int]:
    """``found`` (theme per sentence, -1 for none) with every praise theme merged into the largest,
    themes renumbered by the answers (``owner``) raising them, largest first (stable); and the
    praise theme's new number (-1 when no theme is mostly praise)."""
    k = int(found.max()) + 1 if len(found) else 0
    if k < 2:
        return found, -1
    praise = np.fromiter((is_praise(s) for s in sentences), bool, count=len(sentences))
    mostly = [j for j in range(k) if (found == j).any() and praise[found == j].mean() >= PRAISE_SHARE]
    if not mostly:
        return found, -1
    found = np.where(np.isin(found, mostly), mostly[0], found)  # themes are numbered by size: the first is the largest
    alive = [j for j in range(k) if (found == j).any()]
    order = sorted(alive, key=lambda j: (-len(np.unique(owner[found == j])), j))
    remap = np.full(k + 1, -1)
    remap[order] = np.arange(len(order))
    return remap[found], int(remap[mostly[0]])
