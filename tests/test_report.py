"""Stage 4 end to end on a small consultation: files written, percentages traced, Excel and Word checked."""

from __future__ import annotations

import html
import io
import json
import re
import zipfile
from pathlib import Path

import markupsafe
import nbformat
import pandas as pd
import pytest
from docx import Document
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook
from test_summary import build

from consult import pipeline
from consult.core import files
from consult.core.errors import ConfigError
from consult.core.rounding import round_half_up
from consult.report import docx as word
from consult.report import explorer
from consult.report import page as html_page
from consult.report import stage as report

Q1 = ["Agree"] * 8 + ["Strongly agree"] * 4 + ["Disagree"] * 3 + ["Don't know"] * 2 + ["Agree"] * 3
TYPES = ["Individual"] * 17 + ["Organisation"] * 3  # a group of three: suppressed [c]


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> tuple:
    cfg, tables = build(tmp_path_factory.mktemp("report"), Q1, types=TYPES, excluded=1)
    return cfg, tables, report.run(cfg)


def traced(text: str, agreement: pd.DataFrame) -> list[str]:
    """Every "NN% (n of base)" in text, each with its row in agreement.csv found independently."""
    found = re.findall(r"(\d+)% \(([\d,]+) of ([\d,]+)\)", text)
    for pct, n, base in found:
        rows = agreement[(agreement["n"] == int(n.replace(",", ""))) & (agreement["base"] == int(base.replace(",", "")))
                         & (agreement["flag"] != "[c]")]
        assert any(round_half_up(p) == int(pct) for p in rows["pct"]), f"{pct}% ({n} of {base}) not in agreement.csv"
    return found


def test_every_percentage_in_summary_md_and_docx_is_in_agreement_csv(written: tuple) -> None:
    cfg, tables, result = written
    agreement = files.read_csv(cfg.processed_dir / "agreement.csv")
    md = (cfg.reports_dir / "summary.md").read_text(encoding="utf-8")
    docx = word.document_text((cfg.reports_dir / "summary.docx").read_bytes())
    assert len(traced(md, agreement)) >= 3
    assert len(traced(docx, agreement)) >= 15  # the prose and every results-table cell
    assert "83% (15 of 18)" in md and "self-selected" in md
    assert re.search(r"\b\d+% (?!\()", md) is None  # no percentage without its base


def test_outputs_are_written(written: tuple) -> None:
    cfg, _, result = written
    assert set(result.paths) == {"summary.md", "summary.docx", "tables.xlsx", "report.html"}
    names = sorted(p.name for p in result.figures)
    assert "agreement.png" in names and "agreement.alt.txt" in names and "themes_comments.svg" in names


def test_workbook_is_ready_to_use(written: tuple) -> None:
    cfg, _, _ = written
    book = load_workbook(cfg.reports_dir / "tables.xlsx")
    assert book.sheetnames == ["Response profile", "Agreement", "Group tests", "Themes", "Points made",
                               "Theme breakdown", "Campaigns", "Cleaning summary"]  # 20 comments: each listed
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2"
        assert sheet.column_dimensions["A"].width >= 8
    agreement = book["Agreement"]
    header = [c.value for c in agreement[1]]
    pct, notes, answer = header.index("Percentage") + 1, header.index("Notes") + 1, header.index("Answer") + 1
    rows = list(agreement.iter_rows(min_row=2, max_row=agreement.max_row))
    shown = [r for r in rows if r[pct - 1].value is not None]
    assert shown and all(r[pct - 1].number_format == "0%" for r in shown)
    net = next(r for r in rows if r[answer - 1].value == "agree (net)" and r[1].value == "All respondents")
    assert net[pct - 1].value == pytest.approx(0.83)  # rounded, stored as a fraction
    suppressed = [r for r in rows if r[notes - 1].value == "[c]"]
    assert suppressed and all(r[pct - 1].value is None for r in suppressed)
    assert any(r[0].value == "Notes" for r in rows)  # shorthand explained under the table
    quotes = [c.value for row in book["Themes"].iter_rows(min_row=2) for c in row if isinstance(c.value, str)]
    assert "'=SUM(A1) too expensive" in quotes  # neutralised
    assert not any(q.startswith(("=", "+", "@")) for q in quotes)
    assert any("[email]" in q for q in quotes) and not any("@example.org" in q for q in quotes)


def test_word_document_has_headings_tables_and_alt_text(written: tuple) -> None:
    cfg, _, result = written
    data = (cfg.reports_dir / "summary.docx").read_bytes()
    document = Document(io.BytesIO(data))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    assert headings[:2] == [cfg.title, "Summary"] and "About these figures" in headings
    descriptions = re.findall(rb'<wp:docPr [^>]*descr="([^"]+)"', zipfile.ZipFile(io.BytesIO(data)).read(
        "word/document.xml"))
    assert len(descriptions) == len(result.charts) and all(len(d) > 20 for d in descriptions)
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert "83% (15 of 18)" in cells and "Cost" in cells


def test_reruns_are_byte_identical(written: tuple) -> None:
    cfg, _, _ = written
    before = {name: (cfg.reports_dir / name).read_bytes() for name in ("summary.md", "summary.docx", "tables.xlsx")}
    report.run(cfg)
    assert {name: (cfg.reports_dir / name).read_bytes() for name in before} == before


def test_dotx_template_is_used(tmp_path: Path) -> None:
    template = tmp_path / "house.dotx"
    buffer = io.BytesIO()
    document = Document()
    document.add_paragraph("Template boilerplate to be replaced")
    document.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    with zipfile.ZipFile(template, "w") as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "[Content_Types].xml":
                content = content.replace(b"document.main+xml", b"template.main+xml")
            target.writestr(item, content)
    cfg, _ = build(tmp_path, Q1, types=TYPES, report={"template": str(template)})
    text = word.document_text(report.run(cfg).paths["summary.docx"].read_bytes())
    assert "Template boilerplate" not in text and "83% (15 of 18)" in text


def test_missing_template_is_one_line_naming_the_key(tmp_path: Path) -> None:
    cfg, _ = build(tmp_path, Q1, report={"template": "house.dotx"})
    with pytest.raises(ConfigError, match=r"^report\.template: .*house\.dotx not found"):
        report.run(cfg)


def test_report_html_is_one_self_contained_page_from_the_stage_tables(written: tuple) -> None:
    cfg, _, result = written
    page = result.paths["report.html"].read_text(encoding="utf-8")
    assert re.search(r"""(?:src|href)=["']?(?:https?:)?//""", page) is None  # nothing fetched, nothing linked off
    assert "<link" not in page and "@import" not in page and "url(" not in page
    assert str(cfg.project_root) not in page
    script = html_page.script()
    assert f"<script>{script}</script>" in page
    assert re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1) == \
        str(markupsafe.escape(html_page.policy([script])))
    assert page.index('id="summary"') < page.index('id="who-responded"') < page.index('id="views"') \
        < page.index('id="themes"') < page.index('id="about"')
    for anchor in ("#summary", "#who-responded", "#views", "#themes", "#themes-comments", "#about"):
        assert f'href="{anchor}"' in page  # the contents list
    assert "83% (15 of 18)" in page and "self-selected" in page
    assert '<th scope="col">Answer</th>' in page and '<th scope="row">Agree (net)</th>' in page
    assert re.search(r'<img src="data:image/png;base64,[^"]+" alt="[^"]{20,}">', page)
    assert "NaN" not in page and "nan" not in re.sub(r"[A-Za-z]nan|nan[a-z]", "", page) and "True" not in page
    data = json.loads(html.unescape(re.search(r'<script type="application/json" id="explorer-data">(.*?)</script>',
                                              page, re.DOTALL).group(1)))
    assert len(data["comments"]["comments"]) == 20 and {c["n"] for c in data["comments"]["comments"]} == {1}
    report.run(cfg)
    assert result.paths["report.html"].read_text(encoding="utf-8") == page  # byte-identical on a rerun


def test_theme_explorer_data_lists_every_redacted_comment_with_its_themes_and_groups(tmp_path: Path) -> None:
    comments = [f"Comment {i} about parking, call 07700 900{i:03d}" for i in range(20)]
    cfg, tables = build(tmp_path, Q1, types=TYPES, comments=comments, groups=["respondent_type"])
    data, filters = explorer.question_data(tables, cfg, cfg.question("comments"))
    assert [c["t"] for c in data["comments"]][:2] == ["Comment 0 about parking, call [phone]",
                                                      "Comment 1 about parking, call [phone]"]
    assert [f.options for f in filters] == [("Individual",)]  # three organisations: too few to offer as a filter
    assert data["themes"] == [["T02", "Cost"], ["T01", "Parking"], ["other", "Other"]]  # biggest first
    assert [c["th"] for c in data["comments"][:3]] == [[1], [0], []]  # R0001 T01, R0002 T02, R0003 none
    assert data["comments"][0]["g"] == [[0]] and data["comments"][-1]["g"] == [[]]


def test_notebooks_html_is_the_earlier_stages_notebooks_without_the_project_path(tmp_path: Path) -> None:
    cfg, _ = build(tmp_path, Q1, types=TYPES)
    folder = cfg.reports_dir / "notebooks"
    folder.mkdir(parents=True)
    assert pipeline.write_notebooks_html(cfg) is None  # no notebook yet
    for name, words in (("02_agreement.ipynb", f"agreement stage text read from {cfg.processed_dir}/agreement.csv"),
                        ("04_report.ipynb", "the report again")):
        notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(words)])
        nbformat.write(notebook, folder / name)
    page = pipeline.write_notebooks_html(cfg).read_text(encoding="utf-8")
    assert pipeline.write_notebooks_html(cfg).read_text(encoding="utf-8") == page
    assert "agreement stage text read from data/processed/" in page and "the report again" not in page
    assert str(cfg.project_root) not in page and "<script" not in page


def test_sub_themes_get_their_own_sheet_and_stay_out_of_the_prose(tmp_path: Path) -> None:
    from test_summary import default_themes

    themes = default_themes().assign(parent_theme_id="")
    sub = themes.iloc[[0]].assign(theme_id="T01.1", label="Parking at the station", n=2, pct=33.3333333333,
                                  parent_theme_id="T01")
    cfg, _ = build(tmp_path, ["Agree"] * 6 + ["Disagree"] * 2, themes=pd.concat([themes, sub], ignore_index=True))
    result = report.run(cfg)
    assert "Parking at the station" not in (cfg.reports_dir / "summary.md").read_text(encoding="utf-8")
    sheet = load_workbook(cfg.reports_dir / "tables.xlsx")["Sub-themes"]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=1, max_row=3)]
    assert any("Parking at the station" in [str(v) for v in row] for row in rows)
    assert any("Parking" in [str(v) for v in row] for row in rows), "the sub-theme names its theme"
    assert result is not None


def test_extra_sections_reach_the_word_file_the_workbook_and_summary_md(tmp_path: Path, monkeypatch) -> None:
    from consult.report.section import Section

    table = pd.DataFrame({"Theme": ["Parking"], "Response": ["We will review charges"]})
    extra = Section("you-said", "You said, we did", ("What we heard and what we will do.",), table,
                    "What we heard and our response", "You said, we did", ("A note under the table.",))
    monkeypatch.setattr(report, "extra_sections", lambda data, cfg: [extra])
    cfg, _ = build(tmp_path, Q1, types=TYPES)
    paths = report.run(cfg).paths
    text = word.document_text(paths["summary.docx"].read_bytes())
    assert "You said, we did" in text and "We will review charges" in text and "A note under the table." in text
    assert re.search(r"Table \d+\. What we heard and our response", text)
    sheet = load_workbook(paths["tables.xlsx"])["You said, we did"]
    assert [c.value for c in sheet[2]] == ["Parking", "We will review charges"]
    assert "## You said, we did\n\nWhat we heard and what we will do." in paths["summary.md"].read_text()
    page = paths["report.html"].read_text(encoding="utf-8")
    assert '<section id="you-said" aria-labelledby="you-said-heading">' in page and 'href="#you-said"' in page
    assert re.search(r"Table \d+\. What we heard and our response</caption>", page)
    assert '<th scope="row">Parking</th><td>We will review charges</td>' in page and "A note under the table." in page


def _xml(data: bytes, part: str) -> str:
    return zipfile.ZipFile(io.BytesIO(data)).read(part).decode("utf-8")


def test_word_document_is_laid_out_as_a_report(written: tuple) -> None:
    cfg, _, _ = written
    data = (cfg.reports_dir / "summary.docx").read_bytes()
    document = Document(io.BytesIO(data))
    footers = [n for n in zipfile.ZipFile(io.BytesIO(data)).namelist() if n.startswith("word/footer")]
    assert footers and any("PAGE" in _xml(data, n) and "NUMPAGES" in _xml(data, n) for n in footers)
    assert document.tables and all(t.rows[0]._tr.xpath("./w:trPr/w:tblHeader") for t in document.tables)
    width, height = word.usable_area(document)
    for table in document.tables:  # across the text width, not beyond it
        assert abs(sum(c.width for c in table.columns) - width) < 1000
    paragraphs = document.paragraphs
    captions = [i for i, p in enumerate(paragraphs) if re.match(r"Figure \d+\. ", p.text)]
    assert len(captions) == len(document.inline_shapes) >= 2
    for i in captions:  # each caption kept with the chart under it
        assert paragraphs[i].paragraph_format.keep_with_next and paragraphs[i + 1]._p.xpath(".//wp:inline")
    for shape in document.inline_shapes:  # no chart taller than a page less its caption, nor wider than the text
        assert shape.width <= width and shape.height <= height - word.CAPTION_ROOM
    text = "\n".join(p.text for p in paragraphs)
    for number in range(1, len(captions) + 1):  # each figure is referred to in the text, before its caption
        assert re.search(rf"Figure {number}( shows|:) ", text.split(f"Figure {number}. ")[0])
    assert re.search(r"Tables? 1\b", text.split("Table 1.")[0])
    assert "precision" not in text and "F1" not in text


def test_theme_table_leaves_out_themes_no_comment_raised(tmp_path: Path) -> None:
    cfg, tables = build(tmp_path, Q1, types=TYPES)
    question = cfg.questions_of("free_text")[0]
    themes = pd.DataFrame({"question_id": question.id, "theme_id": ["T01", "other"], "label": ["Cost", "Other"],
                           "n": [4, 0], "pct": [50.0, 0.0], "base": 8, "quote_1": ["Too dear", ""]})
    document = word.open_template(None)
    word._themes_table(document, themes, question, 1)
    assert [r.cells[0].text for r in document.tables[0].rows] == ["Theme", "Cost"]


def test_a_templates_own_footer_is_kept(tmp_path: Path) -> None:
    template = tmp_path / "house.docx"
    house = Document()
    house.sections[0].footer.paragraphs[0].text = "Elmshire County Council — OFFICIAL"
    house.save(template)
    document = word.open_template(template)
    assert not word.add_page_numbers(document)
    assert document.sections[0].footer.paragraphs[0].text == "Elmshire County Council — OFFICIAL"
    assert word.add_page_numbers(word.open_template(None))


@given(st.lists(st.tuples(st.text("abcdefghij klmnop-", max_size=40), st.floats(0.5, 6)), min_size=1, max_size=9),
       st.integers(3_000_000, 7_000_000))
def test_word_table_columns_fill_the_width_and_fit_their_longest_word(columns: list[tuple[str, float]],
                                                                    total: int) -> None:
    texts, shares = [c[0] for c in columns], [c[1] for c in columns]
    widths = word.column_widths([texts, texts], shares, total, 9)
    assert total - len(widths) <= sum(widths) <= total
    least = [word.Pt(9 * word.EM_PER_CHAR * max((min(len(w), word.LONGEST_WORD) for w in word._WORD_BREAKS.split(t)),
                                                default=1)) + word.CELL_PADDING for t in texts]
    if sum(least) < total:  # room for every word: no column narrower than its longest word
        assert all(w >= m - 1 for w, m in zip(widths, least))
