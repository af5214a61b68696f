"""Charts: files written, deterministic bytes, A4-width PNG, alt text, small bases handled."""

from __future__ import annotations

import base64
import html

import matplotlib.image
import pandas as pd
import pytest

from consult.agreement import table as agreement
from consult.core import config
from consult.report import charts

A, D, DK = "Agree", "Disagree", "Don't know"
CFG = config.parse({
    "id": "c", "title": "C", "inputs": [{"path": "x.csv"}], "groups": ["area"],
    "questions": [
        {"id": "q1", "column": "Q1", "type": "closed", "scale": "agree5",
         "text": "The purpose and aims of the Strategy were clear and easy to understand"},
        {"id": "q2", "column": "Q2", "type": "closed", "scale": "yes_no", "text": "Should the plan go ahead?"},
        {"id": "area", "column": "Area", "type": "attribute"},
    ],
})
RESPONSES = pd.DataFrame({
    "q1": [A] * 30 + [D] * 8 + ["Strongly agree"] * 2 + [DK] * 3,
    "q2": ["Yes"] * 20 + ["No"] * 20 + ["Not sure"] * 3,
    "area": ["North"] * 20 + ["South"] * 20 + ["Tiny"] * 3,
})
TABLE = agreement.compute(RESPONSES, CFG)
THEMES = pd.DataFrame({"question_id": "q9", "theme_id": ["T01", "other", "T02"],
                       "label": ["Parking", "Other", "Green spaces and trees"], "n": [12, 3, 20],
                       "pct": [30.0, 7.5, 50.0], "base": 40})


def test_save_writes_png_svg_and_alt_text_identically_twice(tmp_path):
    chart = charts.diverging_agreement(TABLE, CFG)
    first = charts.save(chart, tmp_path / "a")
    second = charts.save(charts.diverging_agreement(TABLE, CFG), tmp_path / "b")
    assert [p.name for p in first] == ["agreement.png", "agreement.svg", "agreement.alt.txt"]
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]


def test_a_notebook_shows_the_very_png_that_is_saved(tmp_path, monkeypatch):
    chart = charts.diverging_agreement(TABLE, CFG)
    shown = chart._repr_html_()
    monkeypatch.setattr(charts, "_render", lambda figure, fmt: b"<svg/>" if fmt == "svg" else pytest.fail("drawn twice"))
    png = charts.save(chart, tmp_path)[0].read_bytes()
    assert png.startswith(b"\x89PNG") and base64.b64encode(png).decode("ascii") in shown
    assert f'alt="{html.escape(chart.alt_text)}"' in shown


def test_png_is_a4_text_width_at_print_resolution(tmp_path):
    png = charts.save(charts.diverging_agreement(TABLE, CFG), tmp_path)[0]
    width_px = matplotlib.image.imread(png).shape[1]
    assert 14 <= width_px / charts.DPI * 2.54 <= 17.5  # cm, with tight bounding box
    assert 150 <= charts.DPI <= 200


def test_diverging_alt_text_and_labels_carry_the_bases():
    chart = charts.diverging_agreement(TABLE, CFG)
    assert "The purpose and aims of the Strategy were clear and easy to understand: 80% agree, 20% disagree " \
           "(base 40)." in chart.alt_text
    labels = [t.get_text() for t in chart.figure.axes[0].get_yticklabels()]
    assert labels[0].endswith("(base 40)") and "\n" in labels[0]  # wrapped, base in the label
    legend = [t.get_text() for t in chart.figure.legends[0].get_texts()]
    assert "Don't know / Not sure" in legend and legend.index("Strongly disagree") < legend.index("Strongly agree")


def test_suppressed_question_shows_no_bars():
    tiny = agreement.compute(RESPONSES.head(3), CFG)
    chart = charts.diverging_agreement(tiny, CFG)
    assert "suppressed (base 3)" in chart.alt_text
    assert not chart.figure.axes[0].patches


def test_group_comparison_hides_suppressed_groups_and_says_so():
    chart = charts.group_comparison(TABLE, CFG, "area")
    assert chart.name == "agreement_by_area"
    assert "North 100% (base 20)" in chart.alt_text
    assert "Tiny (2 of 2 questions)" in chart.alt_text and "Tiny 0%" not in chart.alt_text
    assert [t.get_text() for t in chart.figure.legends[0].get_texts()] == ["North", "South"]
    with pytest.raises(ValueError, match="group_by='region'"):
        charts.group_comparison(TABLE, CFG, "region")


def test_theme_counts_puts_largest_first_and_other_last():
    chart = charts.theme_counts(THEMES, "What else should we consider?")
    labels = [t.get_text() for t in chart.figure.axes[0].get_yticklabels()]
    assert labels == ["Green spaces and trees", "Parking", "Other"]
    assert chart.name == "themes_q9"
    assert "Green spaces and trees: 20 (50%)" in chart.alt_text
    with pytest.raises(ValueError):
        charts.theme_counts(THEMES.iloc[0:0], "Empty")


def test_agreement_charts_makes_one_per_grouping():
    assert [c.name for c, _ in charts.agreement_charts(TABLE, CFG)] == ["agreement", "agreement_by_area"]
