"""A report section that every output renders alike: a heading, paragraphs, one table, notes.

Sections beyond the core results (for instance "You said, we did" and the equality section)
are built once, from the stage tables, as :class:`Section` objects; summary.docx, tables.xlsx
and report.html each render the same list (:func:`consult.report.stage.extra_sections`), so
the three never disagree.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd


@dataclass(frozen=True)
class Section:
    """One section: ``key`` (an anchor such as ``you-said-we-did``), ``title``, the ``paragraphs``
    read before the table, the ``table`` (cells as the reader sees them, text), its ``caption``,
    ``sheet`` (the workbook's sheet name, 31 characters at most) and the ``notes`` printed under it.
    ``own_words`` are texts in the table written by people, not figures of consult's (an
    organisation's response, say): the percentage check leaves them out, as it does labels.
    ``widths`` are the Word table's relative column widths (scaled to the text width); empty shares them evenly.
    ``printed`` names the rows summary.docx prints, by position, when a long table is best read in full in the
    workbook and the page: ``printed_what`` says what they are ("tests that found a difference"); None prints all.
    """

    key: str
    title: str
    paragraphs: tuple[str, ...]
    table: pd.DataFrame
    caption: str
    sheet: str
    notes: tuple[str, ...] = field(default_factory=tuple)
    percent_columns: tuple[str, ...] = field(default_factory=tuple)
    own_words: tuple[str, ...] = field(default_factory=tuple)
    widths: tuple[float, ...] = field(default_factory=tuple)
    printed: tuple[int, ...] | None = None
    printed_what: str = ""

    def markdown(self, escape: Callable[[str], str]) -> str:
        """The section in Markdown: ``## title``, the paragraphs, the caption, the table as a pipe table, the notes.

        Every text goes through ``escape`` (:func:`consult.report.summary.escape_markdown`), so what
        respondents or the config wrote shows literally and never as markup.
        """
        text = f"## {escape(self.title)}\n\n" + "".join(f"{escape(p)}\n\n" for p in self.paragraphs)
        if self.table.empty:
            return text
        rows = [[str(c) for c in self.table.columns]]
        rows += [["" if pd.isna(v) else str(v) for v in row] for row in self.table.itertuples(index=False)]
        lines = ["| " + " | ".join(escape(" ".join(cell.split())).replace("|", "\\|") for cell in row) + " |"
                 for row in rows]
        lines.insert(1, "|" + "---|" * len(rows[0]))
        return (text + f"*{escape(self.caption)}*\n\n" + "\n".join(lines) + "\n\n"
                + "".join(f"{escape(n)}\n\n" for n in self.notes))
