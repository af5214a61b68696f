"""reports/<id>/report.html: the report as one self-contained, accessible web page.

One file that needs no network: styles, the explorer's script and its data are inline, charts are
embedded PNGs (``data:`` addresses). It holds a contents list, the summary, who responded, the results
tables and charts (captions, alt text), the themes of every free-text question (count and share with
its base, quotes, the split by the closed question the comments explain), a theme explorer (a search
box over the redacted comments, filters by theme and by the config's ``groups``), the extra
sections (:func:`consult.report.stage.extra_sections`) and the methods note.

The page is rendered by Jinja2 templates shipped in the package (``consult/report/templates``) with
autoescaping on, so everything respondents wrote is text. The explorer's data is JSON in a
``<script type="application/json">`` block, written with Jinja2's ``tojson`` (``<``, ``>``, ``&`` and
``'`` escaped, so ``</script>`` in a comment cannot end the block). The Content-Security-Policy
(:func:`policy`) allows no remote resource and only the page's own script, by its SHA-256 hash.
"""

from __future__ import annotations

import base64
import hashlib
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

import jinja2
import pandas as pd

from consult.core import wording
from consult.core.config import Consultation, Question
from consult.core.rounding import format_pct, round_half_up
from consult.report import charts, explorer
from consult.report.docx import result_text
from consult.report.html import CSP
from consult.report.section import Section
from consult.report.summary import Paragraph, Summary, quoted
from consult.report.tables import (
    ALL,
    ReportTables,
    clean_quote,
    flag_text,
    listed_questions,
    ordered_themes,
    quote_columns,
    shorthand,
)
from consult.report.xlsx import Sheet
from consult.themes.names import RESERVED


@dataclass(frozen=True)
class Table:
    """A table as the page shows it: ``caption``, ``header`` and ``rows`` of text (the first cell of a
    row is its header), ``notes`` under it, ``numeric`` columns aligned right."""

    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    notes: tuple[str, ...] = ()
    numeric: tuple[bool, ...] = ()


@dataclass(frozen=True)
class Picture:
    """A chart: its ``caption``, ``alt`` text and the embedded PNG (``src``, a ``data:`` address)."""

    caption: str
    alt: str
    src: str


@dataclass(frozen=True)
class ThemeRow:
    """One theme of a question: label, comments, share with its base, quotes (redacted)."""

    label: str
    comments: str
    share: str
    quotes: tuple[str, ...]
    tentative: bool = False


@dataclass(frozen=True)
class TextQuestion:
    """One free-text question's part of the page."""

    id: str
    label: str
    base: str
    themes: tuple[ThemeRow, ...]
    pictures: tuple[Picture, ...] = ()
    split: Table | None = None
    points: Table | None = None
    filters: tuple[explorer.GroupFilter, ...] = ()
    comments: int = 0
    data: dict = field(default_factory=dict)


# ---------------------------------------------------------------------------- cells
def cell(value: object, percent: bool = False) -> str:
    """A published table's value as text: blank for missing, ``75%`` for a 0-1 fraction in a percentage
    column, ``1,234`` for counts, numbers without trailing zeros."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return ""
    if percent and isinstance(value, (int, float)):
        return f"{round_half_up(float(value) * 100):g}%"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer()):
        return f"{int(value):,}"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def sheet_table(sheet: Sheet, caption: str | None = None) -> Table:
    """A workbook sheet (:class:`consult.report.xlsx.Sheet`) as a page table: its cells as text, its notes."""
    frame = sheet.frame
    percent = [c in sheet.percent_columns for c in frame.columns]
    rows = tuple(tuple(cell(v, p) for v, p in zip(row, percent)) for row in frame.itertuples(index=False))
    numeric = tuple(pd.api.types.is_numeric_dtype(frame[c]) for c in frame.columns)
    return Table(caption or sheet.name, tuple(str(c) for c in frame.columns), rows, tuple(sheet.notes), numeric)


def share(n: int, base: int, cfg: Consultation) -> str:
    """``"45% (27 of 60)"``; counts only (``"2 of 4 [c]"``) on a base under ``agreement.suppress_below``,
    ``[u]`` after a base under ``agreement.small_base``, ``–`` when there is no base."""
    if base <= 0:
        return "–"
    if base < cfg.agreement.suppress_below:
        return f"{n:,} of {base:,} [c]"
    return format_pct(n, base) + (" [u]" if base < cfg.agreement.small_base else "")


def picture(chart: charts.Chart, caption: str) -> Picture:
    """A chart embedded in the page as its PNG."""
    return Picture(caption, chart.alt_text, "data:image/png;base64," + base64.b64encode(chart.png).decode("ascii"))


# ---------------------------------------------------------------------------- parts
def results_table(question: Question, agreement: pd.DataFrame) -> Table | None:
    """A closed question's overall results, as summary.docx gives them: answer, ``75% (6 of 8)``, notes."""
    rows = agreement[(agreement["question_id"] == question.id) & (agreement["group_by"] == ALL)]
    if rows.empty:
        return None
    definition = str(rows["base_definition"].iloc[0])
    body = tuple((wording.capitalise(str(r["option"])), result_text(r), flag_text(r["flag"]))
                 for _, r in rows.iterrows())
    return Table(f"{question.label} (base: {definition})", ("Answer", "Result", "Notes"), body)


def _split_table(tables: ReportTables, cfg: Consultation, question: Question, labels: dict[str, str]) -> Table | None:
    """Themes by the answer to the closed question the comments explain (``explains``): one column per answer."""
    if not question.explains:
        return None
    frame = tables.theme_breakdown
    mine = frame[(frame["question_id"] == question.id) & (frame["split_by"] == question.explains)]
    mine = mine[mine["theme_id"].isin(labels)]
    if mine.empty:
        return None
    splits = list(dict.fromkeys(mine["split"]))
    found = {(t, s): (int(n), int(b)) for t, s, n, b in zip(mine["theme_id"], mine["split"], mine["n"], mine["base"])}
    bases = {s: b for (_, s), (_, b) in found.items()}
    rows = tuple((label, *(share(*found.get((t, s), (0, bases[s])), cfg) for s in splits))
                 for t, label in labels.items() if any((t, s) in found for s in splits))
    closed = cfg.question(question.explains).label
    return Table(f"Themes by answer to {quoted(closed)}: the share of those giving each answer who commented",
                 ("Theme", *(f"{wording.capitalise(s)} (base {bases[s]:,})" for s in splits)), rows,
                 ("A comment can raise more than one theme, so columns may sum to more than 100%.",),
                 (False, *([True] * len(splits))))


def _points(tables: ReportTables, question: Question) -> Table | None:
    mine = tables.points[tables.points["question_id"] == question.id]
    if mine.empty:
        return None
    rows = tuple((text, f"{int(n):,}" + (" (campaign)" if campaign else ""))
                 for text, n, campaign in zip(mine["text"], mine["respondents"], mine["campaign"]))
    return Table(f"Every comment made in answer to {quoted(question.label)} (redacted)", ("Comment", "Respondents"),
                 rows, numeric=(False, True))


def text_question(tables: ReportTables, cfg: Consultation, question: Question,
                  made: Sequence[tuple[charts.Chart, str, str | None]]) -> TextQuestion:
    """A free-text question's themes, chart, split by position, listed comments and explorer data."""
    themes = ordered_themes(tables.themes)
    mine = themes[(themes["question_id"] == question.id) & (pd.to_numeric(themes["n"]) > 0)]
    listed = question.id in listed_questions(cfg, tables.themes)
    quotes = quote_columns(mine)
    rows = []
    for _, theme in mine.iterrows():
        n, base = int(theme["n"]), int(theme["base"])
        said = tuple(q for q in (clean_quote(theme[c]) for c in quotes) if q)
        rows.append(ThemeRow(wording.capitalise(str(theme["label"])), f"{n:,}", share(n, base, cfg), said,
                             listed and theme["theme_id"] not in RESERVED))
    base = int(pd.to_numeric(mine["base"]).max()) if len(mine) else 0
    labels = {str(t): wording.capitalise(str(label)) for t, label in zip(mine["theme_id"], mine["label"])}
    data, filters = explorer.question_data(tables, cfg, question)
    return TextQuestion(
        question.id, question.label, wording.count(base, "comment", 0), tuple(rows),
        tuple(picture(chart, caption) for chart, caption, about in made if about == question.id),
        _split_table(tables, cfg, question, labels), _points(tables, question) if listed else None,
        tuple(filters), len(data["comments"]), data)


# ---------------------------------------------------------------------------- the page
@cache
def _environment() -> jinja2.Environment:
    templates = resources.files("consult.report") / "templates"
    return jinja2.Environment(loader=jinja2.FunctionLoader(lambda name: (templates / name).read_text("utf-8")),
                              autoescape=True, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
                              undefined=jinja2.StrictUndefined)


def script() -> str:
    """The explorer's script, as the page inlines it."""
    return (resources.files("consult.report") / "templates" / "explorer.js").read_text("utf-8")


def policy(scripts: Sequence[str]) -> str:
    """The page's Content-Security-Policy: :data:`consult.report.html.CSP` (nothing remote, embedded images
    only) with ``script-src`` allowing exactly these inline ``scripts`` by their SHA-256 hashes."""
    hashes = " ".join("'sha256-" + base64.b64encode(hashlib.sha256(s.encode("utf-8")).digest()).decode("ascii") + "'"
                      for s in scripts)
    return f"{CSP}; script-src {hashes}"


def section_table(section: Section) -> Table | None:
    """An extra section's table as the page shows it (cells as given, text)."""
    if section.table.empty:
        return None
    return sheet_table(Sheet(section.sheet, section.table, section.percent_columns, section.notes), section.caption)


def render(cfg: Consultation, tables: ReportTables, text: Summary, methods: Sequence[str],
           made: Sequence[tuple[charts.Chart, str, str | None]], sheets: Sequence[Sheet],
           extra: Sequence[Section] = ()) -> str:
    """report.html's text. ``made`` are the report's charts (chart, caption, free-text question id or None);
    ``sheets`` the published tables (:func:`consult.report.stage.sheets`), of which the page shows who
    responded (and for a Polis conversation its statements) and the cleaning summary."""
    by_name = {s.name: s for s in sheets}
    closed = [q for q in cfg.questions if q.type in ("closed", "multi_select", "choice")] if not cfg.is_polis else []
    results = [t for t in (results_table(q, tables.agreement) for q in closed) if t is not None]
    profile = [sheet_table(by_name[name]) for name in ("Response profile", "Participants", "Statements")
               if name in by_name]
    questions = [text_question(tables, cfg, q, made) for q in cfg.questions_of("free_text")]
    js = script()
    context = {
        "cfg": cfg, "csp": policy([js]), "script": js,
        "blocks": [{"text": b.text} if isinstance(b, Paragraph) else {"lead": b.lead, "items": b.items}
                   for b in text.blocks],
        "profile": profile, "results": results,
        "pictures": [picture(chart, caption) for chart, caption, about in made if about is None],
        "questions": questions, "explorer": {q.id: q.data for q in questions if q.comments},
        "sections": [(s, section_table(s)) for s in extra], "methods": list(methods),
        "shorthand": shorthand(cfg), "cleaning": sheet_table(by_name["Cleaning summary"]),
        "period": wording.date_range(cfg.period.start, cfg.period.end) if cfg.period else "",
    }
    return _environment().get_template("report.html.j2").render(context)

