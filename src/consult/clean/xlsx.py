"""Reading XLSX workbooks as rows of text: every sheet listed, the chosen (or largest) sheet read."""

from __future__ import annotations

import zipfile
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


def list_sheets(path: Path) -> dict[str, int]:
    """The sheets of an XLSX workbook, each with its number of rows (header included), in workbook order."""
    workbook = _open_workbook(Path(path))
    try:
        return {sheet.title: sum(1 for _ in sheet.iter_rows(values_only=True)) for sheet in workbook.worksheets}
    finally:
        workbook.close()


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


def read_rows(path: Path, sheet: str | None) -> tuple[list[list[str]], str]:
    """Every row of ``sheet`` (None = the sheet with most rows) as text cells, and the sheet's name.

    Raises :class:`InputError` naming the file for an unreadable workbook, a sheet that is not
    there (listing the sheets) or a cell over :data:`MAX_CELL_CHARS`.
    """
    counts = list_sheets(path)
    if sheet is None:
        sheet = max(counts, key=lambda name: counts[name])
    elif sheet not in counts:
        listed = ", ".join(f"{name!r} ({n} rows)" for name, n in counts.items())
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
    return rows, sheet


