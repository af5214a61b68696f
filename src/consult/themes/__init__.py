"""Stage 3, themes: the theme model and what it needs (text preparation, labels, quotes,
sentiment, codebook, last cycle's themes carried forward), and the stage that themes every
free-text question.

``from consult.themes import ThemeModel`` is loaded on first use, so that modules which need only
a light part of this folder (sentiment, say) do not load scikit-learn.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from consult.themes.model import ThemeModel

__all__ = ["ThemeModel"]


def __getattr__(name: str) -> object:
    if name == "ThemeModel":
        from consult.themes.model import ThemeModel

        return ThemeModel
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
