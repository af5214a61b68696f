"""Reading XLSX workbooks as rows of text: every sheet measured, the named (or fullest) sheet read."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

import openpyxl
from openpyxl.utils.exceptions import InvalidFileException

from consult.core.errors import InputError

MAX_CELL_CHARS = 1_000_000  # a cell larger than this is a broken export, not an answer


def huge_cell(path: Path, where: str) -> str:
    """The one-line error for a cell over :data:`MAX_CELL_CHARS` at ``where`` in ``path``."""
    return (
        f"{path}: {where}: a cell of more than {MAX_CELL_CHARS:,} characters; this is not an answer but a "
        "broken export (an unclosed quote, or a pasted file): fix or remove that cell and export again."
    )


@dataclass(frozen=True)
class Sheet:
    """A worksheet's size, blank rows and cells not counted (openpyxl's ``max_row`` counts formatted blank rows)."""

    rows: int  # rows holding a value, the header included
    columns: int  # values in its fullest row
    cells: int  # cells holding a value

    def __str__(self) -> str:
        return f"{self.rows} rows, {self.columns} columns"


def _size(rows: object) -> Sheet:
    filled = [sum(value not in (None, "") for value in row) for row in rows]
    filled = [n for n in filled if n]
    return Sheet(len(filled), max(filled, default=0), sum(filled))


def list_sheets(path: Path) -> dict[str, Sheet]:
    """The sheets of an XLSX workbook with their sizes, in workbook order."""
    workbook = _open_workbook(Path(path))
    try:
        return {sheet.title: _size(sheet.iter_rows(values_only=True)) for sheet in workbook.worksheets}
    finally:
        workbook.close()


def fullest(sheets: dict[str, Sheet]) -> str:
    """The sheet holding the responses: the most filled cells, then rows (the first of equals). A summary
    sheet ("Question, Answer, Count") can have more rows than responses, never a responses sheet's width."""
    return max(sheets, key=lambda name: (sheets[name].cells, sheets[name].rows))


def sheet_note(sheets: dict[str, Sheet], read: str, named: bool) -> str:
    """One line saying which sheet was read and why, and which were skipped ("" for a one-sheet workbook)."""
    if len(sheets) < 2:
        return ""
    why = "named by inputs[].sheet" if named else "the most filled cells"
    skipped = "; ".join(f"{name!r} ({size})" for name, size in sheets.items() if name != read)
    return f"read sheet {read!r} ({sheets[read]}; {why}); skipped {skipped}: set inputs[].sheet to read another"


def _open_workbook(path: Path) -> openpyxl.Workbook:
    try:
        return openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as error:
        raise InputError(f"{path}: not a readable XLSX workbook ({error}); open it in Excel and save it again.") from None


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ")
    if isinstance(value, (date, time)):
        return value.isoformat()
    return str(value)


def read_rows(path: Path, sheet: str | None) -> tuple[list[list[str]], str, str]:
    """Every row of ``sheet`` (None = the :func:`fullest`) as text cells, the sheet's name and its :func:`sheet_note`.

    Raises :class:`InputError` naming the file for an unreadable workbook, a sheet that is not
    there (listing the sheets) or a cell over :data:`MAX_CELL_CHARS`.
    """
    sheets = list_sheets(path)
    named = sheet is not None
    if sheet is None:
        sheet = fullest(sheets)
    elif sheet not in sheets:
        listed = ", ".join(f"{name!r} ({size})" for name, size in sheets.items())
        raise InputError(f"{path}: inputs[].sheet {sheet!r} is not in the workbook; its sheets are {listed}.")
    workbook = _open_workbook(path)
    try:
        rows = [[_cell_text(v) for v in row] for row in workbook[sheet].iter_rows(values_only=True)]
    finally:
        workbook.close()
    for number, row in enumerate(rows, start=1):
        for column, cell in enumerate(row, start=1):
            if len(cell) > MAX_CELL_CHARS:
                raise InputError(huge_cell(path, f"sheet {sheet!r} row {number}, column {column}"))
    return rows, sheet, sheet_note(sheets, sheet, named)


