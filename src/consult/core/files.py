"""Reading and writing the plain files that travel between stages.

Every write is atomic (a temporary file in the same folder, then a rename), so a failed run
never leaves a half-written output, and earlier outputs stay intact until the new one is whole.
Text that Excel would run as a formula is neutralised on the way out. :func:`is_true` and
:func:`split_terms` / :func:`join_terms` read and write the cells that are more than one value
of text: booleans (``primary``, ``reviewed``, ``significant``) and ``top_terms`` lists.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import re
import shutil
import tempfile
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path

import pandas as pd
import yaml

from consult.core.errors import ConsultError

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# control characters that are not white space (str.split() takes \t \n \v \f \r \x1c-\x1f and \x85 as space):
# XML (docx, xlsx) refuses most of them; C1 controls, direction overrides and lone surrogates only garble or
# disguise text
CONTROL = re.compile("[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?%?$")


def neutralise_formula(value: object) -> object:
    """Prefix a text that a spreadsheet would run as a formula with an apostrophe.

    Cells starting with ``=``, ``+``, ``-``, ``@``, tab or carriage return are formula
    triggers in Excel and LibreOffice (OWASP "CSV injection"). Plain numbers such as ``-5``
    are left alone; anything that is not a string is returned unchanged.
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START) and not _NUMBER.match(value):
        return "'" + value
    return value


def strip_controls(text: str) -> str:
    """``text`` without control characters (:data:`CONTROL`: NUL, escape, C1 controls, direction overrides)."""
    return text if text.isascii() and text.isprintable() else CONTROL.sub("", text)


def restore_formula(text: str) -> str:
    """The inverse of :func:`neutralise_formula`, for prose meant for reading ("'=HYPERLINK(...)" → "=HYPERLINK(...)");
    text that is not neutralised is returned unchanged."""
    return text[1:] if text.startswith("'") and neutralise_formula(text[1:]) == text else text


def neutralise_column(series: pd.Series) -> pd.Series:
    """``series`` with :func:`neutralise_formula` applied, checking each distinct text once."""
    changed = {value: neutralise_formula(value) for value in pd.unique(series)
               if isinstance(value, str) and value.startswith(_FORMULA_START)}
    changed = {value: safe for value, safe in changed.items() if safe != value}
    if not changed:
        return series
    values = series.to_numpy(dtype=object, copy=True)
    hit = series.isin(list(changed)).to_numpy()
    values[hit] = [changed[value] for value in values[hit]]
    return pd.Series(values, index=series.index, name=series.name, dtype=series.dtype)


def ensure_folder(folder: str | os.PathLike[str]) -> Path:
    """``folder``, made with its parents if missing; :class:`ConsultError` (one line) when that cannot be
    done (a file in the way, no permission, a read-only disk)."""
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ConsultError(f"{folder}: cannot make this folder for the outputs ({error.strerror}); check that a "
                           "file is not in its way and that you may write there. Earlier outputs are intact.") from None
    return folder


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; rename it onto ``path`` only if the block succeeds."""
    target = Path(path)
    ensure_folder(target.parent)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as error:
        raise ConsultError(f"{target}: cannot be written ({error.strerror}); check that you may write to "
                           f"{target.parent} and that the disk has room. Earlier outputs are intact.") from None
    os.close(fd)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; outputs are shared like any other file
    try:
        yield Path(tmp)
        os.replace(tmp, target)
    except OSError as error:
        if error.filename and str(error.filename) not in (tmp, str(target)):  # another file the block read
            raise ConsultError(f"{error.filename}: {error.strerror}; {target} was not written") from None
        raise ConsultError(f"{target}: cannot be written ({error.strerror}); check that you may write there, that "
                           "no folder has its name and that the disk has room. Earlier outputs are intact.") from None
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def write_text(path: str | os.PathLike[str], text: str) -> Path:
    """Write UTF-8 text atomically (Unix newlines) and return the path."""
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding="utf-8", newline="\n")
    return Path(path)


def write_bytes(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write bytes atomically and return the path."""
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)
    return Path(path)


def write_csv(frame: pd.DataFrame, path: str | os.PathLike[str]) -> Path:
    """Write a table as UTF-8 CSV (no index), atomically, with formula-like text neutralised.

    Floats are written with up to 10 significant decimals so that reruns are byte-identical.
    """
    safe = frame.copy(deep=False)  # columns are replaced, never written into
    for number, column in enumerate(frame.columns):
        series = frame.iloc[:, number]
        if series.dtype == object or pd.api.types.is_string_dtype(series):
            safe.isetitem(number, neutralise_column(series))
    with atomic_path(path) as tmp:
        safe.to_csv(tmp, index=False, encoding="utf-8", lineterminator="\n", float_format="%.10g")
    return Path(path)


def copy_file(source: str | os.PathLike[str], target: str | os.PathLike[str]) -> Path:
    """Copy ``source`` onto ``target`` atomically and return the path (a table already written, not formatted again)."""
    with atomic_path(target) as tmp:
        shutil.copyfile(source, tmp)
    return Path(target)


def read_csv(path: str | os.PathLike[str], **kwargs: object) -> pd.DataFrame:
    """Read a CSV written by :func:`write_csv`, keeping text as text (no NaN for empty strings).

    Raises :class:`consult.core.errors.InputError` naming the file when it is missing, so a stage
    run out of order tells the analyst which earlier stage to run.
    """
    from consult.core.errors import InputError

    target = Path(path)
    if not target.exists():
        raise InputError(f"{target}: not found. Run the earlier stage that writes it first (consult run <config>).")
    kwargs.setdefault("keep_default_na", False)
    kwargs.setdefault("na_values", [""])
    return pd.read_csv(target, encoding="utf-8", **kwargs)


def is_true(value: object) -> bool:
    """A CSV boolean (``True``, ``true``, ``1``, ``yes``, or a bool) as a bool; anything else (blank too) is False."""
    return str(value).strip().lower() in {"true", "1", "yes"}


TERMS_SEPARATOR = "; "  # between the terms of a top_terms cell: "parking; charge; car"


def split_terms(value: object) -> list[str]:
    """The terms of a ``top_terms`` cell (``"parking; charge; car"``), in order; ``[]`` for a blank cell."""
    return [term.strip() for term in value.split(";") if term.strip()] if isinstance(value, str) else []


def join_terms(terms: Iterable[str]) -> str:
    """A ``top_terms`` cell from its terms: the inverse of :func:`split_terms`."""
    return TERMS_SEPARATOR.join(terms)


def sha256(path: str | os.PathLike[str]) -> str:
    """The SHA-256 hex digest of a file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def stable_zip(data: bytes, stamp: str = "2000-01-01T00:00:00Z") -> bytes:
    """An Office file (.docx, .xlsx: a zip) made byte-identical from run to run.

    Every entry gets the same timestamp and compression, and the document's created and
    modified dates in ``docProps/core.xml`` become ``stamp`` (W3CDTF, e.g. the consultation's
    closing date), since openpyxl and Word writers stamp the time of saving.
    """
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "docProps/core.xml":
                content = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)",
                                 rb"\g<1>" + stamp.encode() + rb"\g<2>", content)
            entry = zipfile.ZipInfo(item.filename, date_time=(1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, content)
    return buffer.getvalue()


def read_yaml(path: Path, error: type[ConsultError], advice: str = "") -> object:
    """The YAML document in ``path`` (``None`` when it is empty).

    Raises ``error``, one line naming the file and ending with ``advice``, when the file is not UTF-8
    (an editor saved it as cp1252), cannot be read, or is not YAML (with the line and column).
    """
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as problem:
        raise error(f"{path}: byte {problem.start + 1} is not UTF-8 (saved as cp1252 or Latin-1?); save it as "
                    f"UTF-8{advice}") from None
    except OSError as problem:
        raise error(f"{path}: cannot be read ({problem.strerror}); check its permissions{advice}") from None
    except yaml.YAMLError as problem:
        mark = getattr(problem, "problem_mark", None)
        where = f" line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise error(f"{path}:{where}: not valid YAML ({getattr(problem, 'problem', problem)}); "
                    f"fix it by hand{advice}") from None
