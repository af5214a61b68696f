"""A report section that every output renders alike: a heading, paragraphs, one table, notes.

Sections beyond the core results (for instance "You said, we did" and the equality section)
are built once, from the stage tables, as :class:`Section` objects; summary.docx, tables.xlsx
and report.html each render the same list (:func:`consult.report.stage.extra_sections`), so
the three never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd


@dataclass(frozen=True)
class Section:
    """One section: ``key`` (an anchor such as ``you-said-we-did``), ``title``, the ``paragraphs``
    read before the table, the ``table`` (cells as the reader sees them, text), its ``caption``,
    ``sheet`` (the workbook's sheet name, 31 characters at most) and the ``notes`` printed under it.
    """

    key: str
    title: str
    paragraphs: tuple[str, ...]
    table: pd.DataFrame
    caption: str
    sheet: str
    notes: tuple[str, ...] = field(default_factory=tuple)
    percent_columns: tuple[str, ...] = field(default_factory=tuple)
