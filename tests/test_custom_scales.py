"""Scales a consultation declares itself (``scales:``) and choice questions: validation, cleaning,
agreement, charts and the summary's prose, and the tone line that only speaks of directed scales."""

from __future__ import annotations

import pandas as pd
import pytest

from consult.agreement import table as agreement
from consult.clean.answers import clean_question
from consult.core import config
from consult.core.errors import ConfigError
from consult.report import charts
from consult.report import summary as summary_module
from consult.report.summary_agreement import choice_paragraph, closed_paragraph, tone
from consult.report.summary_checks import check_percentages
from consult.report.tables import ReportTables

GOOD5 = {
    "options": ["Very good", "Good", "Neither good nor poor", "Poor", "Very poor"],
    "positive": ["Very good", "Good"], "neutral": ["Neither good nor poor"], "negative": ["Poor", "Very poor"],
    "no_view": ["Don't know"], "synonyms": {"Fairly good": "Good"},
    "positive_net": "good (net)", "negative_net": "poor (net)",
    "positive_clause": "rated {s} good or very good", "negative_clause": "rated it poor or very poor",
}
FEEL4 = {"options": ["Very masculine", "Somewhat masculine", "Not very masculine", "Not at all masculine"]}


def make(questions: list[dict], scales: dict | None = None, groups: list[str] | None = None) -> config.Consultation:
    data = {"id": "t", "title": "T", "inputs": [{"path": "export.csv"}], "questions": questions,
            "groups": groups or []}
    if scales is not None:
        data["scales"] = scales
    return config.parse(data, "t.yaml")


def problems(data: dict) -> str:
    with pytest.raises(ConfigError) as raised:
        config.parse({"id": "t", "title": "T", "inputs": [{"path": "x.csv"}], **data}, "t.yaml")
    return str(raised.value)


# ---------------------------------------------------------------------------- validation
def test_a_config_scale_is_a_scale_of_its_questions() -> None:
    cfg = make([{"id": "care", "column": "Care", "type": "closed", "scale": "good5", "synonyms": {"OK": "Good"}}],
               {"good5": GOOD5})
    scale = cfg.question("care").get_scale({"Dunno": "Don't know", "Tend to agree": "Agree"})
    assert scale.options == tuple(GOOD5["options"]) and scale.non_substantive == ("Don't know",)
    assert (scale.positive_net, scale.negative_net, scale.has_nets) == ("good (net)", "poor (net)", True)
    lookup = scale.lookup()
    assert lookup["fairly good"] == lookup["ok"] == "Good" and lookup["dunno"] == "Don't know"
    assert "tend to agree" not in lookup, "config-wide synonyms apply only where their target is on the scale"
    again = config.parse(__import__("yaml").safe_load(config.dump(cfg)), "t.yaml")
    assert again == cfg and again.question("care").get_scale().positive_clause == "rated {s} good or very good"


def test_every_problem_with_scales_is_listed_at_once() -> None:
    text = problems({"scales": {
        "agree5": FEEL4,
        "bad": {"options": ["A", "B", "C", "a"], "positive": ["A"], "negative": ["C", "D"], "no_view": ["B"],
                "synonyms": {"x": "Z"}, "positive_net": "good", "negative_clause": "said {s}"},
        "half": {"options": ["A", "B"], "positive": ["A"]},
        "flat": {**FEEL4, "positive_net": "masculine (net)"},
        "order": {"options": ["A", "B", "C"], "positive": ["C"], "neutral": ["B"], "negative": ["A"]},
    }, "questions": [{"id": "q", "column": "Q", "type": "closed", "scale": "good5"},
                     {"id": "r", "column": "R", "type": "closed"}]})
    lines = text.splitlines()
    assert any("scales.bad: options repeat" in line and "'A', 'a'" in line for line in lines), text
    assert "'B' in both options and no_view" in text
    assert "'D' (in positive, neutral or negative) is not one of the options" in text
    assert "'B' is in none of positive, neutral and negative" in text
    assert "net name 'good' must end in '(net)'" in text
    assert "negative_clause: braces only as {s}" in text
    assert "synonym 'x' maps to 'Z', which is not an option or a no_view answer" in text
    assert "scales.half: give both positive and negative options, or none" in text
    assert "scales.flat: positive_net need positive and negative options (this scale has no direction)" in text
    assert "scales.order: options run from most positive to most negative" in text
    assert "scales.agree5.[key]: 'agree5' is a built-in scale name; call yours something else" in text
    known = "known scales: agree5, agree4, yes_no, satisfaction5, importance5, numeric1_5, numeric0_10, bad, half"
    assert f"questions[0].scale: unknown scale 'good5'; {known}" in text
    assert "questions[1]: closed question 'r' needs a scale (agree5," in text and "order)" in text


def test_choice_questions_need_their_options() -> None:
    text = problems({"questions": [{"id": "q", "column": "Q", "type": "choice", "options": ["A"]},
                                   {"id": "r", "column": "R", "type": "choice", "options": ["A", "a "]},
                                   {"id": "s", "column": "S", "type": "choice", "scale": "agree5",
                                    "options": ["A", "B"]}]})
    assert text.count("needs its options listed: two or more, each different") == 2
    assert "only closed questions take a scale; 's' is choice" in text


# ---------------------------------------------------------------------------- cleaning
def test_cleaning_maps_labels_onto_a_config_scale_and_choice_options() -> None:
    cfg = make([{"id": "care", "column": "Care", "type": "closed", "scale": "good5"},
                {"id": "pick", "column": "Pick", "type": "choice", "options": ["Bus", "Car", "Bike"],
                 "synonyms": {"bicycle": "Bike"}}], {"good5": GOOD5})
    raw = pd.DataFrame({"Care": ["VERY GOOD", "fairly good", "", "don't know"],
                        "Pick": ["bus", "Bicycle", "car", "Tram"]})
    care = clean_question(raw, cfg.question("care"), cfg, "export.csv")
    assert care.values.tolist() == ["Very good", "Good", "", "Don't know"] and not care.problems
    pick = clean_question(raw, cfg.question("pick"), cfg, "export.csv")
    assert pick.values.tolist()[:3] == ["Bus", "Bike", "Car"]
    assert pick.problems == [("export.csv: questions[1] (pick) column 'Pick': unmapped labels 'Tram' ×1; the options "
                              "are Bus, Car, Bike: add the labels to questions[1].options or questions[1].synonyms or "
                              "cleaning.synonyms, or set cleaning.unmapped_as_missing: true")]


# ---------------------------------------------------------------------------- agreement, charts, prose
def tables_for(cfg: config.Consultation, responses: pd.DataFrame) -> ReportTables:
    """ReportTables for ``responses`` (one column per question id, blank = not answered), stages 1-3 empty."""
    as_text = responses.astype(object).where(responses.ne(""), None)
    empty = pd.DataFrame(columns=["question_id", "theme_id", "label", "n", "base", "pct", "split_by", "split"])
    return ReportTables(
        responses=as_text.assign(source_file="export.csv"),
        cleaning_log=pd.DataFrame({"status": ["kept"] * len(responses), "reason": "", "rule": ""}),
        campaigns=pd.DataFrame(columns=["question_id", "campaign_id", "n_respondents", "text"]),
        agreement=agreement.compute(as_text, cfg), group_tests=agreement.group_tests(as_text, cfg),
        themes=empty, theme_breakdown=empty, theme_assignments=pd.DataFrame(),
    )


def test_a_custom_scale_runs_through_agreement_and_the_prose() -> None:
    cfg = make([{"id": "care", "column": "Care", "type": "closed", "scale": "good5",
                 "statement": "the care they received", "text": "How was your care?"}], {"good5": GOOD5})
    answers = ["Very good"] * 30 + ["Good"] * 15 + ["Neither good nor poor"] * 5 + ["Poor"] * 6 + ["Very poor"] * 4
    tables = tables_for(cfg, pd.DataFrame({"care": answers + ["Don't know"] * 5 + [""] * 3}))
    nets = tables.agreement[tables.agreement["net"]].set_index("option")
    assert nets.loc["good (net)", ["n", "base"]].tolist() == [45, 60]
    assert nets.loc["poor (net)", ["n", "base"]].tolist() == [10, 60]
    dk = tables.agreement.set_index("option").loc["Don't know"]
    assert (dk["n"], dk["base"]) == (5, 65)
    text = closed_paragraph(tables, cfg, tone(tables.agreement, cfg))
    assert text.startswith("Among respondents who gave a view on whether the care they received, "
                           "the feedback was broadly positive. ")
    assert "Most respondents who gave a view, 75% (45 of 60), rated the care they received good or very good; " \
           "17% (10 of 60) rated it poor or very poor." in text
    assert "they leave out blank answers and “Don't know”" in text
    assert check_percentages(text, tables.agreement) == []
    chart = charts.diverging_agreement(tables.agreement, cfg)
    assert "How was your care?: 75% good, 17% poor (base 60)." in chart.alt_text


def test_a_config_scale_without_clauses_says_which_answers_it_sums() -> None:
    plain = {k: v for k, v in GOOD5.items() if not k.endswith("_clause")}
    cfg = make([{"id": "care", "column": "Care", "type": "closed", "scale": "good5", "text": "How was your care?"}],
               {"good5": plain})
    tables = tables_for(cfg, pd.DataFrame({"care": ["Very good"] * 8 + ["Poor"] * 4}))
    text = closed_paragraph(tables, cfg, tone(tables.agreement, cfg))
    assert "67% (8 of 12), answered “Very good” or “Good” when asked “How was your care?”; " \
           "33% (4 of 12) answered “Poor” or “Very poor”." in text


def test_no_direction_no_nets_no_tone() -> None:
    cfg = make([{"id": "feel", "column": "Feel", "type": "closed", "scale": "feel4",
                 "text": "How masculine do you feel?"}], {"feel4": FEEL4})
    answers = [option for option, n in zip(FEEL4["options"], (12, 20, 5, 3)) for _ in range(n)]
    tables = tables_for(cfg, pd.DataFrame({"feel": answers}))
    assert not tables.agreement["net"].any() and len(tables.agreement) == 4
    assert tone(tables.agreement, cfg) is None and closed_paragraph(tables, cfg, None) is None
    text = choice_paragraph(tables, cfg)
    assert text.startswith("The most common answer to “How masculine do you feel?” was “Somewhat masculine”, "
                           "50% (20 of 40), then “Very masculine”, 30% (12 of 40).")
    chart = charts.answer_shares(tables.agreement, cfg.question("feel"))
    assert "in the order of the scale. Very masculine: 30% (12 of 40); Somewhat masculine: 50% (20 of 40)" \
        in chart.alt_text
    assert [c.name for c, _ in charts.agreement_charts(tables.agreement, cfg)] == ["answers_feel"]


def test_choice_questions_through_agreement_tests_charts_and_summary() -> None:
    cfg = make([{"id": "who", "column": "Who", "type": "attribute"},
                {"id": "mode", "column": "Mode", "type": "choice", "text": "Which way do you travel?",
                 "options": ["Car", "Bus", "Bike"]}], groups=["who"])
    mode = ["Bus"] * 120 + ["Car"] * 80 + ["Bike"] * 67 + [""] * 13
    who = ["A"] * 110 + ["B"] * 10 + ["B"] * 80 + ["A"] * 30 + ["B"] * 37 + ["A"] * 13
    tables = tables_for(cfg, pd.DataFrame({"who": who, "mode": mode}))
    overall = tables.agreement[tables.agreement["group_by"] == "all"]
    assert overall["option"].tolist() == ["Car", "Bus", "Bike"] and not overall["net"].any()
    assert overall["base"].unique().tolist() == [267] and set(overall["base_definition"]) == {"answered"}
    test = tables.group_tests.iloc[0]
    assert (len(tables.group_tests), test["option"], test["group"]) == (1, "all options", "all")
    assert test["test"].startswith("chi-square, 2 df") and test["significant"]
    text = choice_paragraph(tables, cfg)
    assert text == ("The most common answer to “Which way do you travel?” was “Bus”, 45% (120 of 267), then “Car”, "
                    "30% (80 of 267). Percentages are of those who answered; blank answers are left out.")
    summary = summary_module.summarise(tables, cfg)
    assert "Answers to “Which way do you travel?” differed by who more than chance would explain." in summary.text
    assert summary.tone is None and "the feedback was" not in summary.text
    chart = charts.answer_shares(tables.agreement, cfg.question("mode"))
    assert "largest first. Bus: 45% (120 of 267); Car: 30% (80 of 267); Bike: 25% (67 of 267)." in chart.alt_text


def test_choice_answers_tied_or_few_read_honestly() -> None:
    cfg = make([{"id": "mode", "column": "Mode", "type": "choice", "text": "Which way?",
                 "options": ["Car", "Bus", "Bike"]}])
    tied = tables_for(cfg, pd.DataFrame({"mode": ["Bus"] * 40 + ["Car"] * 40 + ["Bike"] * 20}))
    assert choice_paragraph(tied, cfg).startswith(
        "The most common answers to “Which way?” were “Car” and “Bus”, 40% (40 of 100) each, "
        "then “Bike”, 20% (20 of 100).")
    few = tables_for(cfg, pd.DataFrame({"mode": ["Bus"] * 5 + ["Car"] * 2 + [""]}))
    assert choice_paragraph(few, cfg).startswith(
        "Of the seven respondents who answered “Which way?”, five chose “Bus” and two “Car”.")


def test_the_tone_line_leaves_out_questions_without_direction() -> None:
    cfg = make([{"id": "q1", "column": "Q1", "type": "closed", "scale": "agree5", "statement": "the aims were clear"},
                {"id": "q2", "column": "Q2", "type": "closed", "scale": "agree5", "statement": "the plan was fair"},
                {"id": "mode", "column": "Mode", "type": "choice", "options": ["Car", "Bus"]}])
    frame = pd.DataFrame({"q1": ["Agree"] * 30 + ["Disagree"] * 5, "q2": ["Strongly agree"] * 25 + ["Agree"] * 10,
                          "mode": ["Car"] * 20 + ["Bus"] * 15})
    tables = tables_for(cfg, frame)
    text = closed_paragraph(tables, cfg, tone(tables.agreement, cfg))
    assert text.startswith("Among respondents who gave a view on the two opinion questions, the feedback was "
                           "broadly positive.")
