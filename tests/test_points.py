"""Small consultations: below ``themes.list_points_below`` comments every point made is listed (redacted,
shortened, each once) in summary.md, summary.docx and tables.xlsx, and themes found are tentative."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook
from test_summary import build, default_themes, eight

from consult.core import files
from consult.report import docx as word
from consult.report import stage as report
from consult.report import summary
from consult.report.tables import POINT_WORDS, ReportTables, listed_questions

LONG = " ".join(f"word{i}" for i in range(60))
PARTNERS = [  # the comments of eight partner responses, as a short consultation receives them
    "More cycle parking at the station, contact me on jo@example.org",
    "The plan ignores rural bus routes",
    "More cycle parking at the station, contact me on jo@example.org",
    "Please publish the costs; a 50% rise in fees is too much",
    LONG,
    "",
    "Good to see the youth offer expanded",
    "Call 07700 900123 about the library opening hours",
]


def test_eight_partner_responses_list_every_point_once(tmp_path: Path) -> None:
    cfg, tables = eight(tmp_path, comments=PARTNERS)
    result = summary.summarise(tables, cfg)
    md = result.markdown
    assert "There were no comments to theme" not in md
    assert ("In answer to “Any other comments?”, seven respondents commented, making six distinct comments. "
            "The points made were:") in md
    assert "- “More cycle parking at the station, contact me on [email]” (two respondents)" in md
    assert "- “Call [phone] about the library opening hours”" in md
    assert "jo@example.org" not in md and "07700" not in md
    shortened = " ".join(f"word{i}" for i in range(POINT_WORDS)) + "…”"
    assert f"- “{shortened}" in md and "word40" not in md
    # every comment once; the 50% in a respondent's words is not taken for a result
    for text in ("rural bus routes", "a 50% rise in fees", "youth offer", "library opening hours", "cycle parking"):
        assert md.count(text) == 1, text
    assert "With so few comments, the themes found in them are tentative: “Cost” (five comments)" in md


def test_campaign_wording_is_listed_once_with_its_count(tmp_path: Path) -> None:
    comments = ["Save our library, it matters to us all"] * 5 + ["Keep the park open late", "Fewer potholes please"]
    cfg, _ = build(tmp_path, ["Agree"] * 7, comments=comments)
    path = cfg.processed_dir / "responses.csv"
    responses = files.read_csv(path, dtype=str)
    responses.loc[:4, "comments__campaign"] = "C1"
    files.write_csv(responses, path)
    tables = ReportTables.read(cfg)
    bullets = next(b for b in summary.summarise(tables, cfg).blocks if isinstance(b, summary.Bullets))
    assert bullets.items == ("“Save our library, it matters to us all” (five respondents, campaign wording)",
                             "“Keep the park open late”", "“Fewer potholes please”")
    assert tables.points["respondents"].sum() == 7  # every respondent who commented, once


@pytest.mark.parametrize(("comments", "expected"), [
    ([""] * 3, "No one commented in answer to “Any other comments?”."),
    (["Just one thing to say", "", ""], "In answer to “Any other comments?”, one respondent commented. "
                                        "The points made were:"),
    (["Two", "Two", "Three things"], "In answer to “Any other comments?”, three respondents commented, "
                                     "making two distinct comments."),
])
def test_tiny_free_text_sets(tmp_path: Path, comments: list[str], expected: str) -> None:
    empty = default_themes().iloc[0:0]
    cfg, tables = build(tmp_path, ["Agree"] * 3, comments=comments, themes=empty)
    text = summary.summarise(tables, cfg).text
    assert expected in text
    assert "tentative" not in text  # no theme was found


def test_above_the_threshold_themes_as_before(tmp_path: Path) -> None:
    cfg, tables = eight(tmp_path, comments=PARTNERS, themes=default_themes().assign(base=30))
    assert listed_questions(cfg, tables.themes) == [] and tables.points.empty
    text = summary.summarise(tables, cfg).text
    assert "There were some more detailed areas of feedback, notably:" in text and "points made" not in text


def test_word_and_excel_list_the_points_and_mark_themes_tentative(tmp_path: Path) -> None:
    cfg, tables = eight(tmp_path, comments=PARTNERS)
    result = report.run(cfg)
    docx = word.document_text(result.paths["summary.docx"].read_bytes())
    assert "Comments made in answer to “Any other comments?” (7 respondents; redacted)" in docx
    assert "Tentative themes in answers to “Any other comments?”" in docx
    assert "There were no comments to theme" not in docx and "jo@example.org" not in docx
    book = load_workbook(result.paths["tables.xlsx"])
    sheet = book["Points made"]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2, max_row=7)]
    assert [r[2] for r in rows] == [2, 1, 1, 1, 1, 1]  # respondents: the repeated comment first
    assert rows[0][1] == "More cycle parking at the station, contact me on [email]"
    assert sum(r[1].startswith("word0 word1") for r in rows) == 1
    themes = pd.DataFrame(book["Themes"].values)
    header = themes.iloc[0].tolist()
    tentative = themes.iloc[1:, header.index("Tentative")].tolist()
    assert tentative[:2] == ["Yes", "Yes"] and pd.isna(tentative[2])  # "other" is not a theme
    assert any("list_points_below" in str(c.value) for row in sheet.iter_rows() for c in row)
    md = result.paths["summary.md"].read_text(encoding="utf-8")
    assert "fewer than 30 comments" in md  # the methods note says why they are listed
