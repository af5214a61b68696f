"""Stage 4: the report-ready outputs in reports/<id>/.

:func:`run` reads the files of stages 1-3, writes the summary (``summary.md``), the Word
document (``summary.docx``), every published table (``tables.xlsx``) and the charts
(``figures/*.png``, ``.svg``, ``.alt.txt``) and the web page ``report.html`` (:mod:`consult.report.page`);
``notebooks.html`` is the pipeline's (:func:`consult.report.html.write_notebooks`). Every percentage in summary.md and
summary.docx is checked against agreement.csv before anything is written; a mismatch stops
the run with :class:`consult.report.summary_checks.PercentageError` and leaves earlier outputs intact.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from consult.core import files
from consult.core.config import Consultation
from consult.core.progress import progress
from consult.report import (
    charts,
    charts_polis,
    equality,
    page,
    summary,
    summary_checks,
    summary_polis,
    tables,
    tables_polis,
    you_said,
)
from consult.report import docx as word
from consult.report import xlsx as workbook
from consult.report.section import Section
from consult.report.summary import Summary
from consult.report.tables import ReportTables
from consult.themes.names import RESERVED

FIGURE_SUFFIXES = (".png", ".svg", ".alt.txt")


@dataclass(frozen=True)
class ReportResult:
    """What stage 4 wrote (``paths`` by file name, ``figures``) and the tables it published."""

    summary: Summary
    profile: pd.DataFrame
    agreement: pd.DataFrame
    themes: pd.DataFrame
    cleaning: pd.DataFrame
    charts: list[charts.Chart]
    paths: dict[str, Path] = field(default_factory=dict)
    figures: list[Path] = field(default_factory=list)


def markdown(cfg: Consultation, text: Summary, methods: list[str], extra: list[Section] = ()) -> str:
    """summary.md: the title, the summary, the ``extra`` sections, and the methods note."""
    about = "\n\n".join(methods)
    more = "".join(s.markdown(summary.escape_markdown) for s in extra)
    return f"# {cfg.title}\n\n## Summary\n\n{text.markdown}\n{more}## About these figures\n\n{about}\n"


def extra_sections(data: ReportTables, cfg: Consultation) -> list[Section]:
    """The sections after the core results, in report order, for summary.docx, tables.xlsx and report.html."""
    return [*you_said.sections(data, cfg), *equality.sections(data, cfg)]


def sheets(data: ReportTables, cfg: Consultation, extra: list[Section] = ()) -> list[workbook.Sheet]:
    """The published tables, one sheet each (``extra`` sections before the cleaning summary), with their notes."""
    notes = tuple(tables.table_notes(cfg))
    routed = any(q.asked_if and not q.characteristic for q in cfg.questions_of("attribute"))
    result = tables_polis.sheets(data, cfg) if cfg.is_polis else [
        workbook.Sheet("Response profile", tables.profile_table(data, cfg),
                       notes=("Counts of responses kept for analysis; blank answers are counted as "
                              "(not stated)" + (", and those a question was not asked (skip logic) as "
                                                "(not asked)." if routed else "."),))]
    if cfg.questions_of("closed", "multi_select", "choice"):
        agreement = tables.agreement_table(data, cfg)
        result.append(workbook.Sheet("Agreement", agreement,
                                     tuple(c for c in agreement.columns if c == "Percentage" or " CI " in c), notes))
    if cfg.groups and not data.group_tests.empty:
        result.append(workbook.Sheet("Group tests", tables.group_tests_table(data, cfg), ("Group %", "Rest %"),
                                     (f"A difference is significant when p is below {cfg.agreement.significance:g}; "
                                      "each group is compared with all other respondents.", *notes)))
    if cfg.questions_of("free_text"):
        result.append(workbook.Sheet("Themes", tables.themes_table(data, cfg), ("Percentage",),
                                     ("A response can raise more than one theme; campaign texts count once.",
                                      "Quotes are redacted: personal data is replaced by tags such as [email].",
                                      *notes)))
        if tables.listed_questions(cfg, data.themes):
            result.append(workbook.Sheet("Points made", tables.points_table(data, cfg), notes=(
                f"Every comment to a question with fewer than {cfg.themes.list_points_below} comments (themes.list_points_below), "
                "once: campaign wording and identical comments once, with the number of respondents who made them.",
                f"Comments are redacted (personal data replaced by tags such as [email]) and shortened to "
                f"{tables.POINT_WORDS} words where longer; the full text is in responses.csv.",
                "Themes found in so few comments are marked tentative in the Themes sheet.")))
        if not data.subthemes.empty:
            result.append(workbook.Sheet("Sub-themes", tables.subthemes_table(data, cfg), ("Percentage",),
                                         ("Large themes are split into sub-themes; base as for the theme.", *notes)))
        result.append(workbook.Sheet("Theme breakdown", tables.breakdown_table(data, cfg), ("Percentage",), notes))
        result.append(workbook.Sheet("Campaigns", tables.campaigns_table(data, cfg)))
    result += [workbook.Sheet(s.sheet, s.table, s.percent_columns, s.notes) for s in extra]
    result.append(workbook.Sheet("Cleaning summary", tables.cleaning_table(data)))
    return result


def make_charts(data: ReportTables, cfg: Consultation) -> list[tuple[charts.Chart, str, str | None]]:
    """Each chart with its caption and, for theme charts, the free-text question id."""
    made: list[tuple[charts.Chart, str, str | None]] = [
        (chart, caption, None) for chart, caption in charts.agreement_charts(data.agreement, cfg)]
    if cfg.is_polis and not data.polis_statements.empty:
        made.append((charts_polis.heat_map(data.polis_statements, data.agreement, cfg),
                     charts_polis.caption(data.polis_statements, cfg), None))
    themes = data.themes
    for question in cfg.questions_of("free_text"):
        mine = themes[(themes["question_id"] == question.id) & (pd.to_numeric(themes["n"]) > 0)]
        if (~mine["theme_id"].isin(RESERVED)).any():  # a chart of "other" alone (too few comments to theme) says nothing
            made.append((charts.theme_counts(mine, question.label), f"Themes in answers to “{question.label}”",
                         question.id))
    return made


def _save_figures(made: list[tuple[charts.Chart, str, str | None]], folder: Path, size: int = 0) -> list[Path]:
    """Save every chart and remove the chart files of an earlier run that this run did not make.

    ``size`` (the responses analysed) decides whether a progress bar is shown.
    """
    written = [path for chart, _, _ in progress(made, len(made), "report: drawing charts", size=size)
               for path in charts.save(chart, folder)]
    for stale in sorted(folder.glob("*")):
        if stale.name.endswith(FIGURE_SUFFIXES) and stale not in written:
            stale.unlink()
    return written


def run(cfg: Consultation) -> ReportResult:
    """Write reports/<id>/ (summary.md, summary.docx, tables.xlsx, report.html, figures/) and return the tables.

    Raises :class:`consult.core.errors.InputError` when a stage file is missing (run the earlier
    stages first), :class:`consult.report.summary_checks.PercentageError` when a written percentage does not
    trace to agreement.csv, :class:`consult.core.errors.ConfigError` for a bad ``report.template``.
    """
    if cfg.themes.previous:
        from consult.report import compare as cycle_compare  # imported only when needed: it loads the themes' models

        cycle_compare.run(cfg)  # writes cycle_agreement.csv and cycle_themes.csv for the tables below
    data = ReportTables.read(cfg)
    prose = summary_polis if cfg.is_polis else summary
    text = prose.summarise(data, cfg)
    methods = prose.methods(data, cfg)
    folder = cfg.reports_dir
    made = make_charts(data, cfg)
    figures = _save_figures(made, folder / "figures", size=len(data.responses))
    pictures = {chart.name: word.Picture(folder / "figures" / f"{chart.name}.png", chart.alt_text, caption)
                for chart, caption, _ in made}
    extra = extra_sections(data, cfg)
    summary_md = markdown(cfg, text, methods, extra)
    labels = summary_checks.labels_of(cfg, data.known_agreement) + [w for s in extra for w in s.own_words]
    summary_checks.verify(summary_md, data.known_agreement, str(folder / "summary.md"), labels)
    docx = word.build(cfg, text, data, methods,
                      [pictures[chart.name] for chart, _, question in made if question is None],
                      {question: pictures[chart.name] for chart, _, question in made if question is not None},
                      extra)
    summary_checks.verify(word.document_text(docx), data.known_agreement, str(folder / "summary.docx"), labels)
    stamp = f"{cfg.period.end.isoformat()}T00:00:00Z" if cfg.period else "2000-01-01T00:00:00Z"
    published = sheets(data, cfg, extra)
    xlsx = workbook.build(published, cfg.title, cfg.report.author or cfg.organisation)
    web = page.render(cfg, data, text, methods, made, published, extra)
    paths = {
        "summary.md": files.write_text(folder / "summary.md", summary_md),
        "summary.docx": files.write_bytes(folder / "summary.docx", files.stable_zip(docx, stamp)),
        "tables.xlsx": files.write_bytes(folder / "tables.xlsx", files.stable_zip(xlsx, stamp)),
        "report.html": files.write_text(folder / "report.html", web),
    }
    return ReportResult(text, tables.profile_table(data, cfg), tables.agreement_table(data, cfg),
                        tables.themes_table(data, cfg), tables.cleaning_table(data), [m[0] for m in made],
                        paths, figures)
