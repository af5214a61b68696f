"""tables.xlsx: one sheet per published table, ready to open and paste from (openpyxl).

Each sheet has its header in row 1 (frozen, bold, filtered), columns sized to their content
(long text wrapped), percentages stored as rounded fractions with Excel's ``0%`` format, and
the table's notes (shorthand, rounding) under it. Text that a spreadsheet would run as a
formula (``=``, ``+``, ``-``, ``@``) is neutralised with :func:`consult.core.files.neutralise_formula`, and
control characters (which XML, and so Excel, refuses) are removed.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from consult.core.files import neutralise_formula, strip_controls

MIN_WIDTH, MAX_WIDTH = 8, 60
PERCENT_FORMAT = "0%"


@dataclass(frozen=True)
class Sheet:
    """One table for the workbook: a sheet name (31 characters at most), the frame, its notes."""

    name: str
    frame: pd.DataFrame
    percent_columns: tuple[str, ...] = ()
    notes: tuple[str, ...] = field(default_factory=tuple)


def _cell_value(value: object) -> object:
    """A frame value as a cell value: NaN and None blank, numpy scalars as Python, text neutralised."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return None
    if hasattr(value, "item"):
        value = value.item()
    return neutralise_formula(strip_controls(value) if isinstance(value, str) else value)


def _width(header: str, values: Sequence[object]) -> int:
    longest = max([len(str(header))] + [len(str(v)) for v in values if v is not None])
    return max(MIN_WIDTH, min(MAX_WIDTH, longest + 2))


def _write_sheet(book: Workbook, sheet: Sheet) -> None:
    if len(sheet.name) > 31:
        raise ValueError(f"sheet name {sheet.name!r} is longer than Excel's 31 characters")
    ws = book.create_sheet(sheet.name)
    columns = [_cell_value(str(c)) for c in sheet.frame.columns]
    ws.append(columns)
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    rows = [[_cell_value(v) for v in record] for record in sheet.frame.itertuples(index=False, name=None)]
    for row in rows:
        ws.append(row)
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        values = [row[index - 1] for row in rows]
        width = _width(column, values)
        ws.column_dimensions[letter].width = width
        wrap = width == MAX_WIDTH
        for cell in ws[letter][1:]:
            if column in sheet.percent_columns:
                cell.number_format = PERCENT_FORMAT
            if wrap:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A2"
    if rows:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(rows) + 1}"
    if sheet.notes:
        ws.append([])
        ws.append(["Notes"])
        ws.cell(ws.max_row, 1).font = Font(bold=True)
        for note in sheet.notes:
            ws.append([_cell_value(note)])


def build(sheets: Sequence[Sheet], title: str, author: str | None = None) -> bytes:
    """The workbook's bytes: one sheet per :class:`Sheet`, in order, document title ``title``.

    Raises ``ValueError`` for a sheet name over 31 characters or repeated.
    """
    names = [s.name for s in sheets]
    if len(set(names)) != len(names):
        raise ValueError(f"sheet names repeat: {names}")
    book = Workbook()
    book.remove(book.active)
    book.properties.title = title
    book.properties.creator = author or "consult"
    for sheet in sheets:
        _write_sheet(book, sheet)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
