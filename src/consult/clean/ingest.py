"""Reading exports as received: CSV (any delimiter, UTF-8 / UTF-8 with BOM / UTF-16 / cp1252)
or XLSX (any sheet), with their header rows found and named (see :mod:`consult.clean.headers`).

:func:`read_raw` returns every cell as text exactly as decoded, so that the cleaning log can
show what changed; :func:`read_export` also repairs mojibake ("donâ€™t" → "don’t") and white
space. Every problem with the file is an :class:`~consult.core.errors.InputError` naming the file.
"""

from __future__ import annotations

import codecs
import csv
import difflib
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

import ftfy
import numpy as np
import pandas as pd

from consult.clean import headers, long, polis, xlsx
from consult.clean.xlsx import MAX_CELL_CHARS, huge_cell, list_sheets
from consult.core.config import InputFile, LongLayout
from consult.core.errors import InputError
from consult.core.progress import progress

__all__ = ["Export", "as_long", "close_matches", "fix_mojibake", "is_polis", "list_sheets", "map_unique",
           "normalise_whitespace", "progress", "read_export", "read_raw", "repair", "scientific_ids", "sniff_delimiter",
           "sniff_format", "tidy"]
_DELIMITERS = (",", ";", "\t", "|")
_ZIP, _OLE2 = b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_SCIENTIFIC = re.compile(r"^[+-]?\d(?:\.\d+)?[eE]\+?\d+$")
"""Items (rows, texts) from which a step shows a progress bar; below it, as in the example, none."""
_FTFY = ftfy.TextFixerConfig(
    unescape_html=False, fix_latin_ligatures=False, fix_character_width=False,
    uncurl_quotes=False, fix_line_breaks=False, normalization=None,
)


@dataclass(frozen=True)
class Export:
    """One export file read as text.

    ``frame``: one column per export column (named from the header), one row per data row,
    every cell a ``str`` (``""`` when blank), index = ``raw_row`` (1-based, header rows not
    counted). ``labels``: column → question text. ``header_rows``/``skipped_rows``: the header
    found and the metadata lines above it. ``sheet_note``: which XLSX sheet was read and which skipped
    ("" for a CSV or a one-sheet workbook). ``renamed``: columns whose header repeats an earlier
    one's, read under a new name (new → as in the file). A long-format export (``layout: long``)
    has one row per respondent in ``frame`` (index = the respondent's first raw row), what became
    of each raw row in ``long_rows`` (see :class:`consult.clean.long.Pivot`) and the columns not
    read in ``dropped``.
    """

    frame: pd.DataFrame
    path: Path
    format: str
    header_rows: int
    skipped_rows: int = 0
    labels: dict[str, str] = field(default_factory=dict)
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    sheet_note: str = ""
    tool: str = ""
    renamed: dict[str, str] = field(default_factory=dict)
    long_rows: pd.DataFrame | None = None
    dropped: list[str] = field(default_factory=list)
    ragged: dict[int, str] = field(default_factory=dict)  # raw_row -> why it was left out (cleaning.ragged_rows)

    @property
    def source_file(self) -> str:
        return self.path.name

    @property
    def raw_rows(self) -> int:
        """How many data rows the file holds (answer rows for a long-format export)."""
        return len(self.frame) if self.long_rows is None else len(self.long_rows)


# ---------------------------------------------------------------------------- text repair
def fix_mojibake(text: str) -> str:
    """``text`` with UTF-8 read as cp1252 undone ("donâ€™t" → "don’t"); ASCII is returned as is."""
    return text if text.isascii() else ftfy.fix_text(text, _FTFY)


def normalise_whitespace(text: str) -> str:
    """Zero-width characters removed; runs of any white space (tabs, newlines, non-breaking) → one space; trimmed."""
    if not text.isascii():  # zero-width characters are not ASCII
        text = _ZERO_WIDTH.sub("", text)
    return " ".join(text.split())  # str.split() splits on exactly what the regular expression \s matches


def map_unique(series: pd.Series, func: Callable[[str], str], desc: str | None = None) -> pd.Series:
    """Apply ``func`` once per distinct value of a text column (fast on repetitive columns).

    ``desc`` names the step on a progress bar over the distinct values (shown on large columns).
    """
    codes, uniques = pd.factorize(series, use_na_sentinel=False)
    values = progress(uniques, len(uniques), desc or f"{series.name or 'values'}: distinct values")
    mapped = np.array([func(value) for value in values], dtype=object)
    return pd.Series(mapped[codes], index=series.index, name=series.name, dtype=object)


def tidy(series: pd.Series) -> pd.Series:
    """A text column with mojibake repaired and white space normalised."""
    return map_unique(series, lambda v: normalise_whitespace(fix_mojibake(v)))


def repair(frame: pd.DataFrame) -> pd.DataFrame:
    """Every cell with mojibake repaired and white space normalised."""
    return frame.apply(tidy)


def scientific_ids(series: pd.Series) -> pd.Series:
    """Which values look like ids Excel turned into scientific notation (``3.29288E+09``)."""
    return series.astype(str).str.strip().str.match(_SCIENTIFIC)


# ---------------------------------------------------------------------------- formats
def is_polis(path: Path) -> bool:
    """Whether ``path`` is a Polis conversation export: a folder with ``comments.csv`` (or the newer export's
    ``comment-groups.csv``, either perhaps behind a download prefix), or one of its files."""
    path = Path(path)
    if path.is_dir():
        try:
            roles = polis.conversation_files(path)
        except InputError:  # several exports in one folder: still Polis, and reading it says which to choose
            return True
        return bool({"comments", "comment-groups"} & set(roles))
    if not path.is_file() or not polis.conversation_files(path):
        return False
    with open(path, encoding="utf-8-sig", errors="replace") as handle:
        first = next(csv.reader([handle.readline()]), [])
    folded = {re.sub(r"[^a-z0-9]", "", name.lower()) for name in first}
    return headers.fingerprint(first, [], False) == "polis" or {"commentid", "comment"} <= folded


def sniff_format(path: Path, data: bytes) -> str:
    """``"xlsx"`` or ``"csv"`` from the file's first bytes; InputError for empty, protected or binary files."""
    if not data.strip():
        raise InputError(f"{path}: the file is empty; export the responses again (it has no header and no rows).")
    if data.startswith(_ZIP):
        return "xlsx"
    if data.startswith(_OLE2):
        raise InputError(
            f"{path}: this is a password-protected workbook or an old .xls file; open it in Excel, "
            "remove the password and save it as .xlsx or CSV."
        )
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "csv"
    if b"\x00" in data[:8192] or data.startswith(b"%PDF"):
        raise InputError(f"{path}: this is a binary file, not a CSV or XLSX export; export the responses as CSV or XLSX.")
    return "csv"


def _decode(path: Path, data: bytes, encoding: str | None) -> tuple[str, str]:
    if encoding:
        try:
            return data.decode(encoding), encoding
        except (UnicodeDecodeError, LookupError) as error:
            raise InputError(
                f"{path}: cannot be read as {encoding} ({error}); fix inputs[].encoding or remove it to detect the encoding."
            ) from None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16"), "utf-16"
    for candidate in ("utf-8-sig", "cp1252", "latin-1"):
        try:
            return data.decode(candidate), candidate
        except UnicodeDecodeError:
            continue
    raise AssertionError("latin-1 decodes any bytes")


def sniff_delimiter(text: str) -> str:
    """The delimiter (``,`` ``;`` tab ``|``) that splits the first lines into the most consistent columns."""
    sample = text[: 1 << 16]
    if len(text) > len(sample) and "\n" in sample:
        sample = sample[: sample.rindex("\n")]
    best, best_score = ",", (0.0, 0)
    for delimiter in _DELIMITERS:
        try:
            widths = [len(row) for row in csv.reader(io.StringIO(sample), delimiter=delimiter) if row][:50]
        except csv.Error:
            continue
        if not widths:
            continue
        mode = max(set(widths), key=lambda w: (widths.count(w), w))
        score = (widths.count(mode) / len(widths), mode) if mode > 1 else (0.0, 0)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _csv_rows(path: Path, text: str, delimiter: str, lines: list[int] | None = None) -> list[list[str]]:
    """The file's rows (blank lines left out); ``lines`` gets the line each row ends on."""
    previous = csv.field_size_limit()
    csv.field_size_limit(MAX_CELL_CHARS)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    lines = [] if lines is None else lines
    try:
        rows = []
        for row in reader:
            if row:
                rows.append(row)
                lines.append(reader.line_num)
        return rows
    except csv.Error as error:
        if "field larger than field limit" in str(error):
            raise InputError(huge_cell(path, f"line {reader.line_num}")) from None
        raise InputError(f"{path}: line {reader.line_num}: not valid CSV ({error}); re-export the file.") from None
    finally:
        csv.field_size_limit(previous)


def _frame(path: Path, rows: list[list[str]], header: headers.Header) -> pd.DataFrame:
    data = rows[header.skip + header.rows :]
    while data and not any(cell.strip() for cell in data[-1]):
        data.pop()
    if not data:
        raise InputError(
            f"{path}: has a header but no responses; check that the export included the responses "
            "(filters, date range) and export it again."
        )
    names = list(header.names)
    width = len(names)
    for number, row in enumerate(data, start=1):
        if len(row) > width:
            if any(cell.strip() for cell in row[width:]):
                raise InputError(
                    f"{path}: data row {number} has {len(row)} values but the header has {width} columns; a value "
                    "probably holds an unquoted delimiter: re-export with quoting, or fix that row."
                )
            del row[width:]
        elif len(row) < width:
            row.extend([""] * (width - len(row)))
    frame = pd.DataFrame(data, columns=names, dtype=object)
    frame.index = pd.RangeIndex(1, len(frame) + 1, name="raw_row")
    blank = [name for name in names if name.startswith("column_") and not frame[name].str.strip().any()]
    return frame.drop(columns=blank)


def _ragged(path: Path, rows: list[list[str]], lines: list[int], header: headers.Header, mode: str) -> dict[int, str]:
    """CSV data rows with fewer values than the header, or more that are not blank: an :class:`InputError`
    naming the first one's line, or (``mode`` ``"exclude"``) raw_row -> reason, each such row blanked in
    ``rows`` so that it is never padded into a respondent."""
    width, start, found = len(header.names), header.skip + header.rows, {}
    for number, (row, line) in enumerate(zip(rows[start:], lines[start:]), start=1):
        short = len(row) < width and any(cell.strip() for cell in row)
        if not short and not (len(row) > width and any(cell.strip() for cell in row[width:])):
            continue
        if mode != "exclude":
            raise InputError(
                f"{path}: line {line}: {len(row)} values where the header has {width} columns (a line break or "
                "delimiter inside an unquoted answer?); re-export with quoting or fix that row in a copy of the "
                "export, or set cleaning.ragged_rows: exclude to leave such rows out (they are logged)."
            )
        found[number] = f"row with the wrong number of values: {len(row)} where the header has {width} (line {line})"
        rows[start + number - 1] = [""] * width
    return found


def _header_rows(spec: InputFile) -> int | None:
    return spec.header_rows if "header_rows" in spec.model_fields_set else None


def close_matches(name: str, columns: list[str]) -> str:
    """``"; close matches: 'a', 'b'"`` naming up to three of ``columns`` spelt like ``name`` (for error lines)."""
    matches = difflib.get_close_matches(name, columns, n=3, cutoff=0.6)
    return f"; close matches: {', '.join(repr(m) for m in matches)}" if matches else "; no close match in the file"


def as_long(export: Export, layout: LongLayout) -> Export:
    """A wide-read export of the long format (one row per answer) as one row per respondent.

    Raises :class:`InputError` naming the file when one of ``layout``'s columns is missing or no
    row names both a respondent and a question.
    """
    columns = list(export.frame.columns)
    for key in ("respondent", "question", "answer"):
        name = getattr(layout, key)
        if name not in export.frame.columns:
            raise InputError(f"{export.path}: inputs[].long.{key}: {name!r} is not a column of the file{close_matches(name, columns)}.")
    pivot = long.pivot(export.frame, layout, tidy)
    if pivot.frame.empty:
        raise InputError(f"{export.path}: no row names both a respondent ({layout.respondent!r}) and a question "
                         f"({layout.question!r}); check inputs[].long.")
    labels = {name: pivot.labels.get(name) or export.labels.get(name, name) for name in pivot.frame.columns}
    return replace(export, frame=pivot.frame, labels=labels, renamed={**export.renamed, **pivot.renamed},
                   long_rows=pivot.rows, dropped=pivot.dropped)


def read_raw(spec: InputFile, path: Path, ragged_rows: str = "error") -> Export:
    """Read one export with every cell as decoded text (no repair), the header found and named.

    ``spec.header_rows`` is used when the config sets it, else detected. A header repeating a
    name gets a suffix (``X``, ``X (2)``); a long-format export (``spec.layout``) is read as one
    row per respondent (:func:`as_long`). A CSV row with the wrong number of values is an error
    naming its line, or with ``ragged_rows="exclude"`` is left out of the frame and listed in
    :attr:`Export.ragged`. Raises :class:`InputError` naming the file for a missing, empty,
    header-only, binary, password-protected or wrongly declared file, a Qualtrics ``ImportId`` row
    read as data, ragged rows and cells over :data:`MAX_CELL_CHARS`.
    """
    path = Path(path)
    if spec.format == "polis" or (path.is_dir() and is_polis(path)):
        path = polis.statements_file(path)
    if not path.is_file():
        raise InputError(f"{path}: not found; check inputs[].path in the config (relative to the project folder).")
    data = path.read_bytes()
    kind = sniff_format(path, data)
    declared = "csv" if spec.format == "polis" else spec.format
    if declared != "auto" and declared != kind:
        raise InputError(
            f"{path}: declared as {declared} (inputs[].format) but the file is {kind.upper()}; "
            f"set format: {kind} or auto."
        )
    encoding = delimiter = sheet = None
    sheet_note = ""
    lines: list[int] = []
    if kind == "xlsx":
        rows, sheet, sheet_note = xlsx.read_rows(path, spec.sheet)
    else:
        text, encoding = _decode(path, data, spec.encoding)
        delimiter = sniff_delimiter(text)
        rows = _csv_rows(path, text, delimiter, lines)
    if not rows:
        raise InputError(f"{path}: the file is empty; export the responses again (it has no header and no rows).")
    header = headers.detect(rows, _header_rows(spec))
    first_data = header.skip + header.rows
    if len(rows) > first_data and headers.is_import_ids(rows[first_data]):
        raise InputError(f"{path}: data row 1 is Qualtrics' ImportId header row; set inputs[].header_rows: "
                         f"{header.rows + 1} or remove header_rows to detect the header.")
    read = [normalise_whitespace(fix_mojibake(n)) or f"column_{i + 1}" for i, n in enumerate(header.names)]
    names = headers.unique_names(read)
    labels = [normalise_whitespace(fix_mojibake(label)) for label in header.labels]
    header = headers.Header(header.skip, header.rows, names, labels, header.tool)
    ragged = _ragged(path, rows, lines, header, ragged_rows) if kind == "csv" else {}
    frame = _frame(path, rows, header).drop(index=list(ragged), errors="ignore")
    export = Export(
        frame=frame, path=path, format="polis" if header.tool == "polis" else kind, header_rows=header.rows,
        skipped_rows=header.skip, labels=dict(zip(names, labels)), encoding=encoding,
        delimiter=delimiter, sheet=sheet, sheet_note=sheet_note, tool=header.tool, ragged=ragged,
        renamed={new: old for new, old in zip(names, read) if new != old and new in frame.columns},
    )
    return as_long(export, spec.long) if spec.layout == "long" and spec.long else export


def read_export(spec: InputFile, path: Path) -> pd.DataFrame:
    """One export as a table of text: header found, mojibake repaired, white space normalised.

    One column per export column, ``""`` for blanks, index = ``raw_row`` (1-based data rows).
    Raises :class:`InputError` as :func:`read_raw` does.
    """
    return repair(read_raw(spec, path).frame)
