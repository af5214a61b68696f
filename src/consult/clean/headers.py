"""Finding the header of an export and turning one to three header rows into column names.

Exports start with zero or more metadata lines ("Survey: ...", "Exported on ..."), then one
header row, or two or three: SurveyMonkey and SmartSurvey put the question on row 1 (once, over
a run of blank cells) and the sub-item on row 2 (``Response``, an option, a matrix row);
Qualtrics puts field codes on row 1, question text on row 2 and ``{"ImportId": ...}`` on row 3
(legacy exports: ``V1`` ... codes, then text; some copies lose the ``ImportId`` row). See
../shared/EXPORT-FORMATS.md and docs/exports.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

PLACEHOLDERS = frozenset({"response", "open-ended response", "responses"})
_IMPORT_ID = re.compile(r'^\{\s*"ImportId"')
_LEGACY_CODE = re.compile(r"^V\d+$")
_CODE = re.compile(r"^[A-Za-z0-9_][\w.\-]*$")  # a field code: one token, no spaces
_QUALTRICS_CODE = re.compile(
    r"^(?:\d+_)?Q\d+(?:_\w+)?$|^QID\d+|^V\d+$|^(?:StartDate|EndDate|RecordedDate|ResponseI[dD]|IPAddress)$")
_DATA_VALUE = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$|^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}|^R_\w{8,}$")
_SCAN_ROWS = 50
_BELOW = 200  # data rows a candidate header row is compared with


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


def is_import_ids(row: list[str]) -> bool:
    """Whether a row is Qualtrics' third header row: most of its filled cells ``{"ImportId": ...}``."""
    filled = [cell.strip() for cell in row if cell.strip()]
    return bool(filled) and sum(1 for cell in filled if _IMPORT_ID.match(cell)) * 2 >= len(filled)


def _import_id_row(rows: list[list[str]], skip: int) -> int | None:
    """Which header row (2 or 3) holds Qualtrics' ``ImportId`` JSON, or None."""
    for number in (2, 3):
        if len(rows) > skip + number - 1 and is_import_ids(rows[skip + number - 1]):
            return number
    return None


def _codes(row: list[str]) -> bool:
    """Whether a row reads as Qualtrics field codes (``Q1``, ``Q4_1``, ``StartDate``, ``V1``): four in
    five cells single tokens, one of them a Qualtrics code."""
    filled = [cell.strip() for cell in row if cell.strip()]
    return (bool(filled) and sum(1 for cell in filled if _CODE.match(cell)) >= 0.8 * len(filled)
            and any(_QUALTRICS_CODE.match(cell) for cell in filled))


def _header_like(rows: list[list[str]], at: int) -> float:
    """The share of row ``at``'s filled cells that read as header text rather than an answer: not a
    number, date or Qualtrics response id, and not a value found in the same column further down."""
    row, below = rows[at], rows[at + 1 : at + 1 + _BELOW]
    filled = [i for i, cell in enumerate(row) if cell.strip()]
    if not filled:
        return 0.0
    header = 0
    for i in filled:
        cell = row[i].strip()
        header += not _DATA_VALUE.match(cell) and all(i >= len(other) or other[i].strip() != cell for other in below)
    return header / len(filled)


def _labels_below_codes(rows: list[list[str]], skip: int) -> bool:
    """Whether row 2 of the header holds the labels of row 1's codes (Qualtrics without an ``ImportId``
    row): row 1 reads as codes and row 2, filled nearly everywhere row 1 is, reads as header text,
    half of it words apart ("Start Date", question texts) unless row 1 starts with legacy codes ``V1,V2,V3``."""
    first, second = rows[skip], rows[skip + 1]
    legacy = [cell.strip() for cell in first[:3]] == ["V1", "V2", "V3"]
    spaced = sum(1 for cell in second if " " in cell.strip())
    return (_codes(first) and _filled(second) >= 0.8 * _filled(first) and (legacy or spaced * 2 >= _filled(second))
            and _header_like(rows, skip + 1) >= 0.8)


def _sub_labels(rows: list[list[str]], skip: int, gaps: list[int]) -> bool:
    """Whether row 2 of the header names the sub-items under row 1's blank cells: it fills nearly every
    such cell, and its cells read as labels: not a number, date or response id, and either text not
    found further down the column (a matrix row, a question) or the one value the column holds (an
    option of a multi-select)."""
    second, below = rows[skip + 1], rows[skip + 2 : skip + 2 + _BELOW]
    if sum(1 for i in gaps if i < len(second) and second[i].strip()) < 0.9 * len(gaps):
        return False
    filled = [i for i, cell in enumerate(second) if cell.strip()]
    labelled = 0
    for i in filled:
        cell = second[i].strip()
        values = {row[i].strip() for row in below if i < len(row) and row[i].strip()}
        labelled += not _DATA_VALUE.match(cell) and (values <= {cell} or cell not in values)
    return labelled >= 0.8 * len(filled)


def detect_skip(rows: list[list[str]]) -> int:
    """The number of metadata lines above the header: at most two cells filled, under half the usual row width."""
    widths = [_filled(row) for row in rows[:_SCAN_ROWS]]
    usual = max(set(widths), key=lambda w: (widths.count(w), w)) if widths else 0
    skip = 0
    while skip < min(len(rows) - 1, 10) and _filled(rows[skip]) <= 2 and _filled(rows[skip]) < usual / 2:
        skip += 1
    return skip


def detect_rows(rows: list[list[str]], skip: int) -> int:
    """How many header rows start at ``skip``.

    3 for Qualtrics (codes, labels, ``ImportId``); 2 for Qualtrics without the ``ImportId`` row
    (legacy ``V1`` ... codes included), and for SurveyMonkey-style headers (a row 2 holding
    ``Response`` placeholders, or filling row 1's blank cells with sub-labels); else 1.
    """
    if len(rows) <= skip + 1:
        return 1
    json_row = _import_id_row(rows, skip)
    if json_row:
        return json_row
    if _labels_below_codes(rows, skip):
        return 2
    first, second = rows[skip], rows[skip + 1]
    if any(cell.strip().lower() in PLACEHOLDERS for cell in second):
        return 2
    gaps = [i for i, cell in enumerate(first) if not cell.strip() and i > 0]
    fills_gaps = bool(gaps) and sum(1 for i in gaps if i < len(second) and second[i].strip()) >= len(gaps) / 2
    first_cell_blank = not (second[0].strip() if second else "")
    return 2 if fills_gaps and (first_cell_blank or _sub_labels(rows, skip, gaps)) else 1


def join_names(header_rows: list[list[str]], qualtrics: bool) -> tuple[list[str], list[str]]:
    """Column names and question labels from the header rows.

    Qualtrics: names are the codes of row 1 (a legacy ``V1`` ... code whose label is one word, such
    as ``ResponseID``, takes that word), labels the text of the first other row that is not
    ``ImportId`` JSON. Otherwise row 1 is forward-filled over blank cells and each lower row's
    cell is joined on with ``" | "``, unless it is blank or a placeholder such as ``Response``.
    """
    width = max(len(row) for row in header_rows)
    padded = [row + [""] * (width - len(row)) for row in header_rows]
    if qualtrics:
        names = [cell.strip() for cell in padded[0]]
        text = next((row for row in padded[1:] if not is_import_ids(row)), [""] * width)
        labels = [text[i].strip() or names[i] for i in range(width)]
        names = [label if _LEGACY_CODE.match(name) and _CODE.match(label) else name for name, label in zip(names, labels)]
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


def unique_names(names: list[str]) -> list[str]:
    """``names`` with each repeat made unique by a suffix: the second ``X`` becomes ``X (2)``, the
    third ``X (3)``, skipping any suffix another column already has; first occurrences keep their name."""
    taken, result = set(names), []
    seen: set[str] = set()
    for name in names:
        if name in seen:
            number = 2
            while f"{name} ({number})" in taken or f"{name} ({number})" in seen:
                number += 1
            name = f"{name} ({number})"
        seen.add(name)
        result.append(name)
    return result


def detect(rows: list[list[str]], header_rows: int | None = None) -> Header:
    """Find the header in the first rows of a file and name its columns.

    ``header_rows`` forces the number of header rows (the config's ``inputs[].header_rows``);
    ``None`` detects it. Several header rows are read the Qualtrics way (codes as names, text as
    labels) when one is ``ImportId`` JSON or row 1 reads as codes, else the SurveyMonkey way.
    Blank names become ``column_<n>`` (1-based position).
    """
    skip = detect_skip(rows)
    count = header_rows if header_rows is not None else detect_rows(rows, skip)
    qualtrics = count > 1 and (_import_id_row(rows, skip) is not None or _codes(rows[skip]))
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
