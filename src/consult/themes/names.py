"""The reserved theme ids and labels every stage after theming reads (no imports, so reports load nothing heavy)."""

OTHER = "other"
"""The theme id of the answers that fit no theme."""
NOTHING = "nothing"
"""The theme id of the answers that say there is nothing to improve or add (:mod:`consult.themes.nothing`):
a category counted beside the themes, not a theme."""
RESERVED = (NOTHING, OTHER)
"""The theme ids that are categories, not themes, in the order they follow the themes."""
CATCH_ALL = "Other comments"
"""The label of a broad theme (points that share few words), listed after the other themes."""
