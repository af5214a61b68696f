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
    assert not chart.figure.legends  # groups named at their rows, not in a legend
    assert [t.get_text() for t in chart.figure.axes[0].get_yticklabels()] == ["North", "South"]
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


MANY = config.parse({
    "id": "m", "title": "M", "inputs": [{"path": "x.csv"}], "groups": ["partner_type"],
    "questions": [
        {"id": "q1", "column": "Q1", "type": "closed", "scale": "agree5", "text": "The plan is clear"},
        {"id": "q2", "column": "Q2", "type": "closed", "scale": "yes_no", "text": "Should the plan go ahead?"},
        {"id": "partner_type", "column": "Type", "type": "attribute", "text": "Type of organisation"},
    ],
})
GROUPS = [f"Group {chr(65 + i)}" for i in range(12)]


def _many_groups() -> pd.DataFrame:
    """Twelve groups of 20, group A agreeing least (2 of 20) and group L most (13 of 20)."""
    q1 = [[A] * (2 + i) + [D] * (18 - i) for i in range(12)]
    q2 = [["Yes"] * (19 - i) + ["No"] * (1 + i) for i in range(12)]
    return agreement.compute(pd.DataFrame({"q1": sum(q1, []), "q2": sum(q2, []),
                                           "partner_type": [g for g in GROUPS for _ in range(20)]}), MANY)


def test_group_styles_tell_apart_many_groups_without_colour():
    styles = charts.group_styles([f"g{i}" for i in range(64)])
    assert len(set(styles.values())) == 64
    assert len({marker for _, marker in list(styles.values())[:8]}) == 8  # the first eight apart in greyscale


def test_many_groups_are_small_multiples_sorted_by_value_and_named_at_their_rows():
    chart = charts.group_comparison(_many_groups(), MANY, "partner_type")
    panels = [ax for ax in chart.figure.axes if ax.get_visible()]
    assert len(panels) == 2 and not chart.figure.legends
    first = [t.get_text() for t in panels[0].get_yticklabels()]
    assert first == GROUPS[::-1]  # highest agreement first
    assert [t.get_text() for t in panels[1].get_yticklabels()][0] == "Group A"
    markers = {(line.get_color(), line.get_marker()) for ax in panels for line in ax.get_lines()
               if line.get_marker() not in ("None", "", "|")}
    assert len(markers) == 12
    assert chart.figure.get_size_inches()[1] <= charts.A4_TEXT_HEIGHT_IN


def test_group_alt_text_states_the_finding_in_plain_words():
    text = charts.group_comparison(_many_groups(), MANY, "partner_type").alt_text
    assert "by type of organisation, one for each of 2 statements" in text
    assert ("“The plan is clear”: the share who said agree was highest among Group L (65%) and lowest among "
            "Group A (10%)") in text
    assert "partner_type" not in text and "(s)" not in text and "q1" not in text
