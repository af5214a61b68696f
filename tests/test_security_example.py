"""The bundled example, seeded with attacks: XSS vectors in free text, attributes, a column header, a
question label and a codebook theme's name; personal data of every kind the redaction knows; control
characters; a formula; a quote that looks like a result; a row split by a bare carriage return. After
``consult run``, nothing in reports/example/ or the cleaning log is live, and none of the personal data
is anywhere in them."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pandas as pd
import pytest
import yaml
from security_scan import XSS_VECTORS, live_in_file, readable_text

from consult import pipeline

ROOT = Path(__file__).resolve().parents[1]
EXPORT = "data/raw/example/community-safety-strategy-responses.csv"
AREA = "In which district do you live or, for organisations, mainly work?"
REASONS, COMMENTS = "3a. Please explain your answer", "5. Do you have any other comments on the draft Strategy?"
HEADER = "5. Any other comments? <img src=x onerror=alert('header')>"

# (what a respondent wrote, what must never be seen in any output)
PERSONAL = [
    ("Mrs Jane Smith at number 14 Acacia Avenue is who to ask", ["Jane Smith", "Acacia"]),
    ("have Michelle at T1 train your staff, she is great", ["Michelle"]),
    ("call me on 07700  900561 any time", ["900561"]),
    ("email jane dot smith at gmail dot com or jane.smith@example.com", ["jane dot smith", "jane.smith@"]),
    ("my NI number is QQ 12 34 56 C for the record", ["QQ 12 34 56 C"]),
    ("I paid by card 4111 1111 1111 1111 and got no receipt", ["4111 1111 1111 1111"]),
    ("the form failed from 192.168.7.23 twice", ["192.168.7.23"]),
    ("DOB 12/03/1985, disabled and scared to go out", ["12/03/1985"]),
    ("see https://portal.example.com/reset/8f3a9c2b7d1e44 for my case", ["8f3a9c2b7d1e44"]),
    ("thanks to @janesmith99 for organising the meeting", ["@janesmith99"]),
    ("my postcode is LE1 6ZG near the park", ["LE1 6ZG"]),
]
ATTRIBUTE = "Other: Jane Smith 07700 900789 jane.smith@example.com"


def _seed(project: Path) -> Path:
    """Copy the example into ``project`` with the attacks planted; return its config path."""
    (project / "consultations").mkdir()
    for part in ("consultations/example.yaml", EXPORT.rsplit("/", 1)[0], "notebooks"):
        source = ROOT / part
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, project / part)
    export = pd.read_csv(ROOT / EXPORT, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    for column, shift in ((REASONS, 0), (COMMENTS, 7)):
        answered = export.index[export[column].ne("")]
        for number, row in enumerate(answered):
            vector = XSS_VECTORS[(number + shift) % len(XSS_VECTORS)]
            export.at[row, column] = f"{vector} {export.at[row, column]}"
    answered = export.index[export[COMMENTS].ne("")]
    for row, (text, _) in zip(answered[:len(PERSONAL)], PERSONAL):
        export.at[row, COMMENTS] = f"{text}. {export.at[row, COMMENTS]}"
    for row in answered[len(PERSONAL):len(PERSONAL) + 6]:
        export.at[row, COMMENTS] = "Nothing to add. 100% service from the police."
    late = answered[-3:]  # past the first 8 KB, where a NUL would make the file binary
    export.at[late[0], COMMENTS] = "The bus\x00 shelter\x1b[31m on the \u202eHigh Street is never lit at night"
    export.at[late[1], COMMENTS] = '=HYPERLINK("https://evil.example/?q=1","click here for the bus times")'
    for row, value in zip(export.index[-4:], [ATTRIBUTE, "<script>alert('area')</script>", "=cmd|' /C calc'!A0",
                                              "[x](javascript:alert('area'))"]):
        export.at[row, AREA] = value
    export = export.rename(columns={COMMENTS: HEADER})
    buffer = io.StringIO()
    export.to_csv(buffer, index=False, lineterminator="\r\n")
    split = export.iloc[0].copy()  # a row split in two by a bare carriage return inside an unquoted answer
    split["Response ID"], split[HEADER] = "ANON-RAGGED", "SPLITHERE"
    line = io.StringIO()
    csv.writer(line, lineterminator="\r\n").writerow(split.tolist())
    text = buffer.getvalue() + line.getvalue().replace("SPLITHERE", "The bus\rjane.ragged@example.com")
    (project / EXPORT).write_bytes(("\ufeff" + text).encode("utf-8"))

    config_path = project / "consultations" / "example.yaml"
    data = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    for question in data["questions"]:
        if question["id"] == "q5":
            question["column"] = HEADER
            del question["text"]  # the column header is the label
        if question["id"] == "q4":
            question["text"] = "[click](javascript:alert('label')) <svg onload=alert('label')> Difference made"
    data["themes"]["codebook"] = [{"name": "<script>alert('codebook')</script> Bus shelters",
                                   "keywords": ["bus", "shelter"]}]
    data["cleaning"]["ragged_rows"] = "exclude"
    config_path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return config_path


@pytest.mark.slow
def test_nothing_live_and_no_personal_data_in_any_output(tmp_path: Path) -> None:
    config_path = _seed(tmp_path)
    pipeline.run(config_path, echo=lambda line: None)
    reports = tmp_path / "reports" / "example"
    log = tmp_path / "data" / "processed" / "example" / "cleaning_log.csv"
    scanned = sorted(p for p in reports.rglob("*") if p.is_file()) + [log]
    assert {"summary.md", "summary.docx", "tables.xlsx", "report.html"} <= {p.name for p in scanned}
    assert any(p.suffix == ".svg" for p in scanned) and any(p.name.endswith(".alt.txt") for p in scanned)
    assert len([p for p in scanned if p.suffix == ".ipynb"]) == 4
    live = [item for path in scanned for item in live_in_file(path)]
    assert live == []
    never = [planted for _, planted in PERSONAL for planted in planted] + [
        "900789", "jane.ragged@", "\x00", "\x1b", "\u202e"]
    found = {path.name: [p for p in never if p in readable_text(path)] for path in scanned}
    assert {name: hits for name, hits in found.items() if hits} == {}
    summary = (reports / "summary.md").read_text(encoding="utf-8")
    assert "alert" in summary and "\\<" in summary  # the vectors are there, as text
    assert "=HYPERLINK" not in summary or "'=HYPERLINK" not in summary
    cleaning = pd.read_csv(log, dtype=str, keep_default_na=False)
    ragged = cleaning[cleaning["reason"].str.startswith("row with the wrong number of values")]
    assert len(ragged) == 2 and set(ragged["status"]) == {"excluded"}
