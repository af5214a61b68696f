"""summary.docx: the summary as a Word document a council can restyle (python-docx).

The document holds the title, the summary prose, a results table per closed question
("75% (6 of 8)" cells, notes column), the charts with their alt text (``wp:docPr descr``),
a theme table per free-text question with quotes (for a question with few comments, every comment
and the themes as tentative), and the methods note. With
``cfg.report.template`` it is built on the council's own ``.docx`` or ``.dotx``: its styles,
page set-up, headers and footers are kept and its body text is replaced. Text goes in as text
(python-docx escapes it for XML), without the control characters XML refuses; quotes are
written as :func:`consult.report.summary.quoted` writes them.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from docx import Document
from docx.document import Document as DocumentObject
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from consult.core import wording
from consult.core.config import Consultation, Question
from consult.core.errors import ConfigError
from consult.core.files import strip_controls
from consult.report.section import Section
from consult.report.summary import Paragraph, Summary, quoted
from consult.report.tables import (
    ALL,
    NO_BASE,
    POINT_WORDS,
    SUPPRESSED,
    ReportTables,
    first_quote,
    flag_text,
    listed_questions,
    ordered_themes,
    pct_text,
    quote_columns,
    shorthand,
)
from consult.themes.names import RESERVED

_TEMPLATE_TYPE = b"application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
_DOCUMENT_TYPE = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


@dataclass(frozen=True)
class Picture:
    """A saved chart for the document: its PNG, alt text and caption."""

    png: Path
    alt_text: str
    caption: str


def open_template(path: Path | None) -> DocumentObject:
    """A new document: python-docx's default, or the council's template with its body emptied.

    A ``.dotx`` is opened by rewriting its content type to a document's (python-docx refuses
    templates otherwise). Raises :class:`ConfigError` naming ``report.template`` when the file is
    missing or is not a Word file.
    """
    if path is None:
        document = Document()
        section = document.sections[0]
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Cm(2.5))
        return document
    if not path.exists():
        raise ConfigError(f"report.template: {path} not found; give the path of a .docx or .dotx, or remove the key.")
    try:
        source = zipfile.ZipFile(path)
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
            for item in source.infolist():
                content = source.read(item.filename)
                if item.filename == "[Content_Types].xml":
                    content = content.replace(_TEMPLATE_TYPE, _DOCUMENT_TYPE)
                target.writestr(item, content)
        document = Document(io.BytesIO(buffer.getvalue()))
    except (zipfile.BadZipFile, ValueError, KeyError) as error:
        raise ConfigError(f"report.template: {path} is not a Word .docx or .dotx file ({error}); "
                          "save it from Word as a document or template.") from None
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    return document


def _style(document: DocumentObject, name: str) -> str | None:
    """``name`` if the document (or template) has that style, else ``None`` (the default style)."""
    return name if name in [s.name for s in document.styles] else None


def _heading(document: DocumentObject, text: str, level: int) -> None:
    style = _style(document, "Title" if level == 0 else f"Heading {level}")
    paragraph = document.add_paragraph(style=style)
    paragraph.paragraph_format.keep_with_next = True
    run = paragraph.add_run(strip_controls(text))
    if style is None:
        run.bold = True
        run.font.size = Pt(18 if level == 0 else 14 if level == 1 else 12)


def _text(document: DocumentObject, text: str, style: str | None = None, keep_with_next: bool = False) -> None:
    paragraph = document.add_paragraph(strip_controls(text), style=_style(document, style) if style else None)
    if keep_with_next:
        paragraph.paragraph_format.keep_with_next = True


def _table(document: DocumentObject, header: Sequence[str], rows: Sequence[Sequence[str]],
           widths_cm: Sequence[float]) -> None:
    table = document.add_table(rows=1, cols=len(header))
    table.style = _style(document, "Table Grid")
    table.autofit = False
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(strip_controls(text)).bold = True
    for values in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, values, strict=True):
            cell.text = strip_controls(text)
    for column, width in zip(table.columns, widths_cm, strict=True):
        column.width = Cm(width)
        for cell in column.cells:
            cell.width = Cm(width)
    for row in table.rows[:-1]:  # keep each table on one page where it fits
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.keep_with_next = True
    document.add_paragraph()


def result_text(row: pd.Series) -> str:
    """A table cell for a row of agreement.csv: ``"75% (6 of 8)"`` (:func:`consult.report.tables.pct_text`),
    counts only ``"2 of 3"`` when suppressed, ``"no base"``."""
    flag, n, base = flag_text(row["flag"]), int(row["n"]), int(row["base"])
    if flag == NO_BASE or base == 0:
        return "no base"
    return f"{n:,} of {base:,}" if flag == SUPPRESSED else pct_text(row)


def _results_table(document: DocumentObject, question: Question, agreement: pd.DataFrame, number: int) -> None:
    rows = agreement[(agreement["question_id"] == question.id) & (agreement["group_by"] == ALL)]
    if rows.empty:
        return
    definition = str(rows["base_definition"].iloc[0])
    _text(document, f"Table {number}. {question.label} (base: {definition})", "Caption", keep_with_next=True)
    _table(document, ["Answer", "Result", "Notes"],
           [[wording.capitalise(str(r["option"])), result_text(r), _row_note(r["flag"], str(r["base_definition"]),
                                                                              definition)] for _, r in rows.iterrows()],
           (7.0, 4.5, 4.5))


def _row_note(flag: object, definition: str, table_definition: str) -> str:
    """The row's flag, and its base when that differs from the table's (``"Don't know"``)."""
    base = "" if definition == table_definition else "base: " + definition.split(" (")[0]
    return "; ".join(part for part in (flag_text(flag), base) if part)


def _picture(document: DocumentObject, picture: Picture, number: int) -> None:
    section = document.sections[-1]
    width = section.page_width - section.left_margin - section.right_margin
    holder = document.add_paragraph()
    holder.paragraph_format.keep_with_next = True
    holder.add_run().add_picture(str(picture.png), width=width)
    document.inline_shapes[-1]._inline.docPr.set("descr", strip_controls(picture.alt_text))
    _text(document, f"Figure {number}. {picture.caption}", "Caption")


def _points_table(document: DocumentObject, points: pd.DataFrame, question: Question, number: int) -> None:
    """Every comment made to a question with few comments, redacted and shortened, with who made it."""
    mine = points[points["question_id"] == question.id]
    if mine.empty:
        _text(document, "No one commented.")
        return
    rows = [[f"“{wording.shorten(text, POINT_WORDS)}”", f"{int(n):,}" + (" (campaign)" if campaign else "")]
            for text, n, campaign in zip(mine["text"], mine["respondents"], mine["campaign"])]
    _text(document, f"Table {number}. Comments made in answer to “{question.label}” "
                    f"({wording.count(int(mine['respondents'].sum()), 'respondent', 0)}; redacted)",
          "Caption", keep_with_next=True)
    _table(document, ["Comment", "Respondents"], rows, (13.0, 3.0))


def _themes_table(document: DocumentObject, themes: pd.DataFrame, question: Question, number: int,
                  tentative: bool = False) -> None:
    mine = themes[themes["question_id"] == question.id]
    if mine.empty:
        _text(document, "No one commented.")
        return
    quotes = quote_columns(mine)
    rows = []
    for _, theme in mine.iterrows():
        quote = first_quote(theme, quotes)
        rows.append([wording.capitalise(str(theme["label"])), f"{int(theme['n']):,}",
                     quoted(wording.shorten(quote, 40)) if quote else ""])
    base = int(mine["base"].iloc[0])
    _text(document, f"Table {number}. {'Tentative themes' if tentative else 'Themes'} in answers to {quoted(question.label)} "
                    f"(base: {wording.count(base, 'themed answer', 0)})", "Caption", keep_with_next=True)
    _table(document, ["Theme", "Comments", "Example (redacted)"], rows, (4.5, 2.5, 9.0))


def _section(document: DocumentObject, section: Section, number: int) -> None:
    """An extra section: heading, paragraphs, its numbered table (columns shared evenly) and notes."""
    _heading(document, section.title, 1)
    for paragraph in section.paragraphs:
        _text(document, paragraph)
    if section.table.empty:
        return
    _text(document, f"Table {number}: {section.caption}", "Caption", keep_with_next=True)
    header = [str(c) for c in section.table.columns]
    rows = [["" if pd.isna(v) else str(v) for v in row] for row in section.table.itertuples(index=False)]
    _table(document, header, rows, [16.0 / len(header)] * len(header))
    for note in section.notes:
        _text(document, note)


def build(cfg: Consultation, summary: Summary, tables: ReportTables, methods: Sequence[str],
          agreement_pictures: Sequence[Picture], theme_pictures: dict[str, Picture],
          extra: Sequence[Section] = ()) -> bytes:
    """The Word document's bytes.

    ``agreement_pictures`` follow the results tables; ``theme_pictures`` maps a free-text
    question id to its chart; ``extra`` sections come before the methods note. Raises
    :class:`ConfigError` for a bad ``report.template``.
    """
    document = open_template(cfg.resolve(cfg.report.template) if cfg.report.template else None)
    properties = document.core_properties
    properties.title, properties.subject = cfg.title, "Consultation summary"
    properties.author = properties.last_modified_by = cfg.report.author or cfg.organisation
    _heading(document, cfg.title, 0)
    _heading(document, "Summary", 1)
    for block in summary.blocks:
        if isinstance(block, Paragraph):
            _text(document, block.text)
        else:
            if block.lead:
                _text(document, block.lead)
            for item in block.items:
                _text(document, item, "List Bullet")
    table_number = figure_number = 0
    closed = [q for q in cfg.questions if q.type in ("closed", "multi_select", "choice")]
    if closed:
        _heading(document, f"Views on {cfg.document}", 1)
        for question in closed:
            table_number += 1
            _results_table(document, question, tables.agreement, table_number)
        for picture in agreement_pictures:
            figure_number += 1
            _picture(document, picture, figure_number)
    texts = cfg.questions_of("free_text")
    if texts:
        _heading(document, "Themes in the comments", 1)
        themes = ordered_themes(tables.themes)
        listed = listed_questions(cfg, tables.themes)
        for question in texts:
            _heading(document, question.label, 2)
            if question.id in theme_pictures:
                figure_number += 1
                _picture(document, theme_pictures[question.id], figure_number)
            table_number += 1
            if question.id not in listed:
                _themes_table(document, themes, question, table_number)
                continue
            _points_table(document, tables.points, question, table_number)
            mine = themes[(themes["question_id"] == question.id) & ~themes["theme_id"].isin(RESERVED)]
            if (pd.to_numeric(mine["n"]) > 0).any():  # themes found in few comments: shown, as tentative
                table_number += 1
                _themes_table(document, themes, question, table_number, tentative=True)
    for section in extra:
        table_number += 1
        _section(document, section, table_number)
    _heading(document, "About these figures", 1)
    for note in methods:
        _text(document, note)
    _text(document, "Shorthand in the tables: " + "; ".join(f"{code} {meaning}" for code, meaning in
                                                             shorthand(cfg).items()) + ".")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def document_text(data: bytes) -> str:
    """Every paragraph and table cell of a .docx, one per line (what the percentage check reads)."""
    document = Document(io.BytesIO(data))
    lines = [p.text for p in document.paragraphs]
    lines += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(line for line in lines if line)
