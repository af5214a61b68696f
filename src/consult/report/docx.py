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
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Pt
from PIL import Image

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

KEEP_TOGETHER_LINES = 24  # a table of about this many lines of text or fewer stays on one page; a longer one
# flows on from where it starts (no half-empty page before it), its header repeated on each page
TABLE_TEXT = "Table text"  # the paragraph style of table cells: the template's own, else Normal at TABLE_POINTS
TABLE_POINTS = 9
EM_PER_CHAR = 0.62  # a bold character's width in ems in a wide serif (what LibreOffice falls back to), so estimates err wide
CELL_PADDING = Cm(0.4)  # a cell's left and right margins
LONGEST_WORD = 18  # longer "words" (web addresses) break anyway
_WORD_BREAKS = re.compile(r"[\s/-]+")
CAPTION_ROOM = Cm(3)  # page height a figure leaves for its caption and a heading above it
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


def _field(paragraph, code: str) -> None:
    """A Word field (``PAGE``, ``NUMPAGES``) at the end of ``paragraph``, showing 1 until Word updates it."""
    for kind, text in (("begin", None), (None, f" {code} "), ("separate", None), (None, "1"), ("end", None)):
        run = paragraph.add_run()
        if kind:
            mark = OxmlElement("w:fldChar")
            mark.set(qn("w:fldCharType"), kind)
            run._r.append(mark)
        elif text == "1":
            run.text = text
        else:
            instruction = OxmlElement("w:instrText")
            instruction.set(qn("xml:space"), "preserve")
            instruction.text = text
            run._r.append(instruction)


def add_page_numbers(document: DocumentObject) -> bool:
    """Put "Page N of M" in the footer of each section that has no footer of its own (a template's footer
    with any text or field is kept as it is). Returns whether any footer was added."""
    added = False
    for index, section in enumerate(document.sections):
        footer = section.footer
        own = not footer.is_linked_to_previous and (
            any(p.text.strip() for p in footer.paragraphs)
            or footer._element.xpath(".//w:fldChar | .//w:fldSimple | .//w:drawing"))
        if own or (footer.is_linked_to_previous and index > 0):  # a later section shows the one before's
            continue
        footer.is_linked_to_previous = False
        paragraph = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run("Page ")
        _field(paragraph, "PAGE")
        paragraph.add_run(" of ")
        _field(paragraph, "NUMPAGES")
        added = True
    return added


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


def usable_area(document: DocumentObject) -> tuple[Emu, Emu]:
    """The width and height (EMU) inside the margins of the document's last section."""
    section = document.sections[-1]
    return (Emu(section.page_width - section.left_margin - section.right_margin),
            Emu(section.page_height - section.top_margin - section.bottom_margin))


def _row_property(row, name: str) -> None:
    """Switch on a row property such as ``w:tblHeader`` (repeat on each page) or ``w:cantSplit``."""
    properties = row._tr.get_or_add_trPr()
    element = OxmlElement(name)
    element.set(qn("w:val"), "true")
    properties.append(element)


def _lines(rows: Sequence[Sequence[str]], widths: Sequence[int]) -> int:
    """About how many lines of text ``rows`` take in columns of ``widths`` (EMU), at some five characters
    to the centimetre of 11-point text."""
    per_line = [max(1, int(width / 360000 * 5)) for width in widths]
    return sum(max(-(-len(text) // chars) or 1 for text, chars in zip(row, per_line, strict=True)) for row in rows)


def _table_text(document: DocumentObject) -> tuple[str, float]:
    """The style of table cells and its size in points: the template's "Table text" when it has one,
    else one made here from Normal at :data:`TABLE_POINTS` points with no space after."""
    if _style(document, TABLE_TEXT) is None:
        style = document.styles.add_style(TABLE_TEXT, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = document.styles["Normal"]
        style.font.size = Pt(TABLE_POINTS)
        style.paragraph_format.space_after = Pt(0)
    style = document.styles[TABLE_TEXT]
    size = style.font.size or (style.base_style.font.size if style.base_style is not None else None)
    return TABLE_TEXT, size.pt if size else 11.0


def column_widths(rows: Sequence[Sequence[str]], shares: Sequence[float], total: int, points: float) -> list[int]:
    """Column widths (EMU) summing to ``total``: in proportion to ``shares``, but each wide enough for the
    longest word in its column (up to :data:`LONGEST_WORD` characters at ``points`` points), so no heading
    or word breaks mid-word ("Characteri / stic"); columns above their minimum give up the room others need."""
    longest = [max((min(len(word), LONGEST_WORD) for cell in column for word in _WORD_BREAKS.split(cell)), default=1)
               for column in zip(*rows)]
    least = [Pt(points * EM_PER_CHAR * n) + CELL_PADDING for n in longest]
    if sum(least) >= total:
        return [int(total * n / sum(least)) for n in least]
    wanted = [max(m, total * share / sum(shares)) for m, share in zip(least, shares)]
    spare = [w - m for w, m in zip(wanted, least)]
    over = sum(wanted) - total
    return [int(w - over * room / sum(spare)) if sum(spare) else int(w) for w, room in zip(wanted, spare)]


def _table(document: DocumentObject, header: Sequence[str], rows: Sequence[Sequence[str]],
           shares: Sequence[float]) -> None:
    """A table across the text width, columns in proportion to ``shares``; the header row repeats on each
    page, no row splits across pages, and a table of up to :data:`KEEP_TOGETHER_ROWS` rows stays on one
    page (a longer one keeps its header with its first rows: see :func:`_lines`)."""
    table = document.add_table(rows=1, cols=len(header))
    table.style = _style(document, "Table Grid")
    table.autofit = False
    style, points = _table_text(document)
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = ""
        cell.paragraphs[0].style = style
        cell.paragraphs[0].add_run(strip_controls(text)).bold = True
    for values in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, values, strict=True):
            cell.text = strip_controls(text)
            cell.paragraphs[0].style = style
    widths = column_widths([header, *rows], shares, usable_area(document)[0], points)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Emu(width)
        for cell in column.cells:
            cell.width = column.width
    _row_property(table.rows[0], "w:tblHeader")
    kept = table.rows[:-1] if _lines([header, *rows], widths) <= KEEP_TOGETHER_LINES else table.rows[:2]
    for row in table.rows:
        _row_property(row, "w:cantSplit")
    for row in kept:
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


def _results_table(document: DocumentObject, question: Question, agreement: pd.DataFrame, number: int) -> bool:
    """The question's results as Table ``number``; ``False`` (and nothing written) when it has no rows."""
    rows = agreement[(agreement["question_id"] == question.id) & (agreement["group_by"] == ALL)]
    if rows.empty:
        return False
    definition = str(rows["base_definition"].iloc[0])
    _text(document, f"Table {number}. {question.label} (base: {definition})", "Caption", keep_with_next=True)
    _table(document, ["Answer", "Result", "Notes"],
           [[wording.capitalise(str(r["option"])), result_text(r), _row_note(r["flag"], str(r["base_definition"]),
                                                                              definition)] for _, r in rows.iterrows()],
           (7.0, 4.5, 4.5))
    return True


def _row_note(flag: object, definition: str, table_definition: str) -> str:
    """The row's flag, and its base when that differs from the table's (``"Don't know"``)."""
    base = "" if definition == table_definition else "base: " + definition.split(" (")[0]
    return "; ".join(part for part in (flag_text(flag), base) if part)


def picture_size(png: Path, area: tuple[int, int]) -> tuple[Emu, Emu]:
    """The size (EMU) to print a chart at: as drawn (pixels at the PNG's dpi), shrunk in proportion to fit
    the text width and the text height less :data:`CAPTION_ROOM`, so a figure and its caption share a page."""
    with Image.open(png) as image:
        (x_px, y_px), dpi = image.size, image.info.get("dpi", (200, 200))[0] or 200
    width, height = Emu(int(x_px / dpi * 914400)), Emu(int(y_px / dpi * 914400))
    scale = min(1.0, area[0] / width, (area[1] - CAPTION_ROOM) / height)
    return Emu(int(width * scale)), Emu(int(height * scale))


def _picture(document: DocumentObject, picture: Picture, number: int) -> None:
    """Figure ``number``: its caption above, kept with the chart, sized by :func:`picture_size`."""
    _text(document, f"Figure {number}. {picture.caption}", "Caption", keep_with_next=True)
    width, height = picture_size(picture.png, usable_area(document))
    holder = document.add_paragraph()
    holder.alignment = WD_ALIGN_PARAGRAPH.CENTER
    holder.add_run().add_picture(str(picture.png), width=width, height=height)
    document.inline_shapes[-1]._inline.docPr.set("descr", strip_controls(picture.alt_text))


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
    for _, theme in mine[pd.to_numeric(mine["n"]) > 0].iterrows():  # a theme no comment raised says nothing
        quote = first_quote(theme, quotes)
        rows.append([wording.capitalise(str(theme["label"])), f"{int(theme['n']):,}",
                     quoted(wording.shorten(quote, 40)) if quote else ""])
    base = int(mine["base"].iloc[0])
    _text(document, f"Table {number}. {'Tentative themes' if tentative else 'Themes'} in answers to {quoted(question.label)} "
                    f"(base: {wording.count(base, 'themed answer', 0)})", "Caption", keep_with_next=True)
    _table(document, ["Theme", "Comments", "Example (redacted)"], rows, (4.5, 2.7, 8.8))


def _section(document: DocumentObject, section: Section, number: int) -> bool:
    """An extra section: heading, paragraphs, its table as Table ``number`` (its ``widths``, else columns
    shared evenly; only its ``printed`` rows, saying where the rest are), notes; ``False`` when no table is written."""
    _heading(document, section.title, 1)
    for paragraph in section.paragraphs:
        _text(document, paragraph)
    table = section.table if section.printed is None else section.table.iloc[list(section.printed)]
    if len(table) < len(section.table):
        where = f"all {len(section.table)} are in tables.xlsx (sheet “{section.sheet}”) and report.html"
        _text(document, f"Table {number} lists the {len(table)} {section.printed_what}; {where}." if len(table)
                        else f"There are no {section.printed_what}; {where}.")
    if table.empty:
        return False
    _text(document, f"Table {number}. {section.caption}", "Caption", keep_with_next=True)
    header = [str(c) for c in table.columns]
    rows = [["" if pd.isna(v) else str(v) for v in row] for row in table.itertuples(index=False)]
    _table(document, header, rows, list(section.widths) or [16.0 / len(header)] * len(header))
    for note in section.notes:
        _text(document, note)
    return True


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
    add_page_numbers(document)
    table_number = figure_number = 0
    closed = [q for q in cfg.questions if q.type in ("closed", "multi_select", "choice")]
    if closed or agreement_pictures:  # a Polis conversation has its heat map and no closed question
        _heading(document, f"Views on {cfg.document}", 1)
        tabled = [q for q in closed if ((tables.agreement["question_id"] == q.id)
                                        & (tables.agreement["group_by"] == ALL)).any()]
        if tabled or agreement_pictures:
            _references(document, tabled, agreement_pictures, table_number, figure_number)
        for picture in agreement_pictures[:1]:  # the overview, then the small tables, then the larger charts
            figure_number += 1
            _picture(document, picture, figure_number)
        for question in closed:
            table_number += _results_table(document, question, tables.agreement, table_number + 1)
        for picture in agreement_pictures[1:]:
            figure_number += 1
            _picture(document, picture, figure_number)
    texts = cfg.questions_of("free_text")
    if texts:
        _heading(document, "Themes in the comments", 1)
        themes = ordered_themes(tables.themes)
        listed = listed_questions(cfg, tables.themes)
        for question in texts:
            _heading(document, question.label, 2)
            mine = themes[(themes["question_id"] == question.id) & ~themes["theme_id"].isin(RESERVED)]
            tentative = question.id in listed and (pd.to_numeric(mine["n"]) > 0).any()
            picture = theme_pictures.get(question.id)
            _text(document, _theme_references(question.id in listed, tentative, picture is not None,
                                              table_number, figure_number), keep_with_next=True)
            if picture is not None:
                figure_number += 1
                _picture(document, picture, figure_number)
            table_number += 1
            if question.id not in listed:
                _themes_table(document, themes, question, table_number)
                continue
            _points_table(document, tables.points, question, table_number)
            if tentative:  # themes found in few comments: shown, as tentative
                table_number += 1
                _themes_table(document, themes, question, table_number, tentative=True)
    for section in extra:
        table_number += _section(document, section, table_number + 1)
    _heading(document, "About these figures", 1)
    document.paragraphs[-1].paragraph_format.page_break_before = True  # an annex, on a page of its own
    _text(document, "This annex says how the figures in this report were made and how far to rely on them.")
    for note in methods:
        _text(document, note)
    _text(document, "Shorthand in the tables: " + "; ".join(f"{code} {meaning}" for code, meaning in
                                                             shorthand(cfg).items()) + ".")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _span(noun: str, first: int, count: int) -> str:
    """``"Table 3"``, ``"Tables 3 and 4"`` or ``"Tables 3 to 7"``."""
    if count == 1:
        return f"{noun} {first}"
    return f"{noun}s {first} {'and' if count == 2 else 'to'} {first + count - 1}"


def _references(document: DocumentObject, tabled: Sequence[Question], pictures: Sequence[Picture],
                tables_before: int, figures_before: int) -> None:
    """What leads the reader to the section's figures and tables, in the order they come (the first figure,
    the tables, the other figures): one sentence ("Figure 1 shows ...; Tables 1 to 5 give ..."), or a list
    when there are more than three parts."""
    parts = [(f"Figure {figures_before + i + 1}", "shows", wording.lower_first(p.caption))
             for i, p in enumerate(pictures)]
    if tabled:
        parts.insert(min(len(parts), 1), (_span("Table", tables_before + 1, len(tabled)),
                                           "gives" if len(tabled) == 1 else "give",
                                           "the answers to each question in full"))
    if len(parts) <= 3:
        _text(document, wording.join(f"{name} {verb} {what}" for name, verb, what in parts) + ".",
              keep_with_next=True)
        return
    _text(document, "This section has, in this order:", keep_with_next=True)
    for name, _, what in parts:
        _text(document, f"{name}: {what}", "List Bullet", keep_with_next=True)


def _theme_references(listed: bool, tentative: bool, charted: bool, tables_before: int, figures_before: int) -> str:
    """The sentence before a free-text question's figure and tables, naming them by number."""
    table = tables_before + 1
    if listed:
        text = f"Table {table} lists every comment made, with how many respondents made it"
        if tentative:
            text += f"; Table {table + 1} gives the themes found in them, tentative with so few comments"
    else:
        text = f"Table {table} gives each theme with how many comments raised it and an example"
    if charted:
        text = f"Figure {figures_before + 1} shows the themes raised, largest first; {text}"
    return text + "."


def document_text(data: bytes) -> str:
    """Every paragraph and table cell of a .docx, one per line (what the percentage check reads)."""
    document = Document(io.BytesIO(data))
    lines = [p.text for p in document.paragraphs]
    lines += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(line for line in lines if line)
