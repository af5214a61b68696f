"""Finding the header of an export and turning one to three header rows into column names.

Exports start with zero or more metadata lines ("Survey: ...", "Exported on ..."), then one
header row, or two or three: SurveyMonkey and SmartSurvey put the question on row 1 (once, over
a run of blank cells) and the sub-item on row 2 (``Response``, an option, a matrix row);
Qualtrics puts field codes on row 1, question text on row 2 and ``{"ImportId": ...}`` on row 3
(legacy exports: ``V1`` ... codes, then text). See ../shared/EXPORT-FORMATS.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

PLACEHOLDERS = frozenset({"response", "open-ended response", "responses"})
_IMPORT_ID = re.compile(r'^\{\s*"ImportId"')
_LEGACY_CODE = re.compile(r"^V\d+$")
_SCAN_ROWS = 50


@dataclass(frozen=True)
class Header:
    """Where the header is and what it says.

    ``skip``: metadata rows above the header; ``rows``: how many header rows; ``names``: one
    column name per column; ``labels``: the question text per column where the names are codes
    (Qualtrics), else the names themselves; ``tool``: the survey tool recognised, or ``""``.
    """

    skip: int
    rows: int
    names: list[str]
    labels: list[str]
    tool: str


def _filled(row: list[str]) -> int:
    return sum(1 for cell in row if cell.strip())


def _is_qualtrics(rows: list[list[str]], skip: int) -> bool:
    below = rows[skip + 1 : skip + 3]
    first = rows[skip] if len(rows) > skip else []
    json_row = any(_IMPORT_ID.match(cell) for row in below for cell in row[:5])
    legacy = len(first) >= 3 and all(_LEGACY_CODE.match(cell) for cell in first[:3] if cell)
    return json_row or legacy


def detect_skip(rows: list[list[str]]) -> int:
    """The number of metadata lines above the header: at most two cells filled, under half the usual row width."""
    widths = [_filled(row) for row in rows[:_SCAN_ROWS]]
    usual = max(set(widths), key=lambda w: (widths.count(w), w)) if widths else 0
    skip = 0
    while skip < min(len(rows) - 1, 10) and _filled(rows[skip]) <= 2 and _filled(rows[skip]) < usual / 2:
        skip += 1
    return skip


def detect_rows(rows: list[list[str]], skip: int) -> int:
    """How many header rows start at ``skip``: 3 for Qualtrics, 2 for SurveyMonkey-style, else 1."""
    if len(rows) <= skip + 1:
        return 1
    if _is_qualtrics(rows, skip):
        third = rows[skip + 2] if len(rows) > skip + 2 else []
        return 3 if any(_IMPORT_ID.match(cell) for cell in third[:5]) else 2
    first, second = rows[skip], rows[skip + 1]
    if any(cell.strip().lower() in PLACEHOLDERS for cell in second):
        return 2
    gaps = [i for i, cell in enumerate(first) if not cell.strip() and i > 0]
    first_cell_blank = not (second[0].strip() if second else "")
    fills_gaps = bool(gaps) and sum(1 for i in gaps if i < len(second) and second[i].strip()) >= len(gaps) / 2
    return 2 if first_cell_blank and fills_gaps else 1


def join_names(header_rows: list[list[str]], qualtrics: bool) -> tuple[list[str], list[str]]:
    """Column names and question labels from the header rows.

    Qualtrics: names are the codes of row 1, labels the text of row 2. Otherwise row 1 is
    forward-filled over blank cells and each lower row's cell is joined on with ``" | "``,
    unless it is blank or a placeholder such as ``Response``.
    """
    width = max(len(row) for row in header_rows)
    padded = [row + [""] * (width - len(row)) for row in header_rows]
    if qualtrics:
        names = [cell.strip() for cell in padded[0]]
        labels = [(padded[1][i].strip() if len(padded) > 1 else "") or names[i] for i in range(width)]
        return names, labels
    names = [cell.strip() for cell in padded[0]]
    last = ""
    for i, cell in enumerate(names):
        if cell:
            last = cell
        elif len(padded) > 1 and padded[1][i].strip() and i > 0:
            names[i] = last
    for row in padded[1:]:
        for i, cell in enumerate(row):
            part = cell.strip()
            if part and part.lower() not in PLACEHOLDERS:
                names[i] = f"{names[i]} | {part}" if names[i] else part
    return names, list(names)


def detect(rows: list[list[str]], header_rows: int | None = None) -> Header:
    """Find the header in the first rows of a file and name its columns.

    ``header_rows`` forces the number of header rows (the config's ``inputs[].header_rows``);
    ``None`` detects it. Blank names become ``column_<n>`` (1-based position).
    """
    skip = detect_skip(rows)
    count = header_rows if header_rows is not None else detect_rows(rows, skip)
    qualtrics = count > 1 and _is_qualtrics(rows, skip)
    names, labels = join_names(rows[skip : skip + count] or [[]], qualtrics)
    names = [name or f"column_{i + 1}" for i, name in enumerate(names)]
    labels = [label or name for label, name in zip(labels, names)]
    return Header(skip, count, names, labels, fingerprint(names, rows[skip : skip + count], qualtrics))


def fingerprint(names: list[str], header_rows: list[list[str]], qualtrics: bool) -> str:
    """The survey tool whose export this looks like (``""`` when unknown)."""
    folded = {re.sub(r"[^a-z0-9]", "", name.split(" | ")[0].lower()) for name in names}
    if {"commentid", "commentbody"} <= folded or "voterid" in folded or {"participant", "groupid"} <= folded:
        return "polis"
    if qualtrics:
        return "qualtrics"
    if {"respondentid", "collectorid"} <= folded or any(
        cell.strip().lower() in PLACEHOLDERS for row in header_rows[1:] for cell in row
    ):
        return "surveymonkey"
    if {"userid", "userno"} <= folded or {"started", "ended"} <= folded:
        return "smartsurvey"
    if {"id", "starttime", "completiontime"} <= folded:
        return "microsoft forms"
    if names and names[0].strip().lower() == "timestamp":
        return "google forms"
    if "responseid" in folded:
        return "citizen space"
    return ""
