"""The summary prose against the tables: wording rules, edge cases, and every percentage traced.

``build`` makes a small consultation on disk: a config, responses.csv and cleaning_log.csv
written by hand, agreement.csv and group_tests.csv computed by consult.agreement.stage, and themes
files following docs/files.md. test_report.py uses it too.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from consult.agreement import table as agreement
from consult.core import config, files, wording
from consult.report import summary, summary_checks
from consult.report.tables import ReportTables

STATEMENT = "the purpose and aims of the Strategy were clear"
AGREE5 = ("Strongly agree", "Agree", "Neither agree nor disagree", "Disagree", "Strongly disagree", "Don't know")


def make_config(root: Path, **overrides: object) -> config.Consultation:
    """A two-question consultation (agree5 with a statement, yes/no without), one attribute, one text."""
    data = {
        "id": "t", "title": "Testshire Local Plan consultation", "organisation": "Testshire Council",
        "document": "the Strategy", "period": {"start": "2024-05-01", "end": "2024-06-30"},
        "channels": "the online survey and e-mail",
        "inputs": [{"path": "data/raw/t/export.csv"}],
        "questions": [
            {"id": "respondent_type", "column": "Type", "type": "attribute", "text": "Respondent type"},
            {"id": "q1", "column": "Q1", "type": "closed", "scale": "agree5", "statement": STATEMENT,
             "text": "The purpose and aims of the Strategy are clear"},
            {"id": "q2", "column": "Q2", "type": "closed", "scale": "yes_no", "text": "Would you use the new hub?"},
            {"id": "comments", "column": "Q3", "type": "free_text", "explains": "q1",
             "text": "Any other comments?"},
        ],
        "groups": ["respondent_type"],
    }
    data.update(overrides)
    return config.parse(data, "consultations/t.yaml", root)


def default_themes(question_id: str = "comments") -> pd.DataFrame:
    return pd.DataFrame([
        {"question_id": question_id, "theme_id": "T01", "label": "Parking", "top_terms": "parking; cars",
         "n": 3, "base": 6, "pct": 50.0, "sentiment": -0.2, "source": "model",
         "quote_1": "There is nowhere to park, email me at jo@example.org", "quote_2": "Cars everywhere",
         "quote_3": ""},
        {"question_id": question_id, "theme_id": "T02", "label": "Cost", "top_terms": "cost; money",
         "n": 5, "base": 6, "pct": 83.3333333333, "sentiment": -0.5, "source": "model",
         "quote_1": "=SUM(A1) too expensive", "quote_2": "", "quote_3": ""},
        {"question_id": question_id, "theme_id": "other", "label": "Other", "top_terms": "",
         "n": 1, "base": 6, "pct": 16.6666666667, "sentiment": 0.0, "source": "model",
         "quote_1": "", "quote_2": "", "quote_3": ""},
    ])


def default_breakdown(question_id: str = "comments", split_by: str = "q1",
                      positions: tuple[str, str] = ("agree", "disagree")) -> pd.DataFrame:
    """Theme counts by the position taken on ``split_by``, named as theme_breakdown.csv names them (docs/files.md)."""
    agree, disagree = positions
    rows = [("T01", disagree, 2, 3), ("T02", disagree, 1, 3), ("T01", agree, 1, 3), ("T02", agree, 3, 3)]
    return pd.DataFrame([{"question_id": question_id, "theme_id": t, "split_by": split_by, "split": s, "n": n,
                          "base": b, "pct": 100 * n / b} for t, s, n, b in rows])


def build(root: Path, q1: list[str], q2: list[str] | None = None, types: list[str] | None = None,
          comments: list[str] | None = None, themes: pd.DataFrame | None = None,
          breakdown: pd.DataFrame | None = None, excluded: int = 0, **overrides: object
          ) -> tuple[config.Consultation, ReportTables]:
    """Write a consultation's stage files under ``root`` and read them back as ReportTables."""
    cfg = make_config(root, **overrides)
    size = len(q1)
    responses = pd.DataFrame({
        "respondent_id": [f"R{i:04d}" for i in range(1, size + 1)],
        "source_file": "export.csv",
        "raw_row": [str(i) for i in range(1, size + 1)],
        "respondent_type": types if types is not None else ["Individual"] * size,
        "q1": q1,
        "q2": q2 if q2 is not None else ["Yes"] * size,
        "comments": comments if comments is not None else ["Some words"] * size,
    }).replace("", pd.NA)
    responses["comments__status"] = responses["comments"].map(lambda t: "blank" if pd.isna(t) else "answer")
    responses["comments__campaign"] = pd.NA
    folder = cfg.processed_dir
    files.write_csv(responses, folder / "responses.csv")
    log = pd.DataFrame({"source_file": "export.csv", "raw_row": range(1, size + excluded + 1),
                        "respondent_id": "", "status": ["kept"] * size + ["excluded"] * excluded,
                        "reason": [""] * size + ["exact duplicate of raw row 1"] * excluded,
                        "column": "", "before": "", "after": "", "rule": ""})
    files.write_csv(log, folder / "cleaning_log.csv")
    files.write_csv(pd.DataFrame(columns=["question_id", "campaign_id", "n_respondents", "text"]),
                    folder / "campaigns.csv")
    as_text = files.read_csv(folder / "responses.csv", dtype=str)
    files.write_csv(agreement.compute(as_text, cfg), folder / "agreement.csv")
    files.write_csv(agreement.group_tests(as_text, cfg), folder / "group_tests.csv")
    files.write_csv(default_themes() if themes is None else themes, folder / "themes.csv")
    files.write_csv(default_breakdown() if breakdown is None else breakdown, folder / "theme_breakdown.csv")
    files.write_csv(pd.DataFrame({"respondent_id": ["R0001", "R0002"], "question_id": "comments",
                                  "theme_id": ["T01", "T02"], "weight": 1.0, "primary": True,
                                  "source": ["model", "review"]}), folder / "theme_assignments.csv")
    return cfg, ReportTables.read(cfg)


def eight(root: Path, **kwargs: object) -> tuple[config.Consultation, ReportTables]:
    """Eight respondents: six agree, one disagrees, one neither (the DESIGN.md example)."""
    q1 = ["Agree"] * 4 + ["Strongly agree"] * 2 + ["Disagree", "Neither agree nor disagree"]
    return build(root, q1, **kwargs)


def themed_in_full(cfg: config.Consultation) -> config.Consultation:
    """The config with ``themes.list_points_below: 0``: themes in the prose, however few the comments."""
    return cfg.model_copy(update={"themes": cfg.themes.model_copy(update={"list_points_below": 0})})


# ---------------------------------------------------------------------------- wording
@pytest.mark.parametrize(("n", "base", "word"), [
    (8, 8, "all"), (0, 8, "none"), (999, 1000, "almost all"), (9, 10, "almost all"), (7, 10, "most"),
    (6, 10, "a majority"), (1, 2, "around half"), (11, 20, "around half"), (101, 200, "around half"),
    (4, 10, "a minority"), (1, 10, "a minority"), (1, 11, "a few"), (1, 1000, "a few"),
])
def test_quantifier_follows_the_shown_figure(n: int, base: int, word: str) -> None:
    from consult.core.rounding import pct_int
    assert wording.quantifier(n, base, pct_int(n, base)) == word


def test_a_majority_is_never_used_for_half_or_less() -> None:
    from consult.core.rounding import pct_int
    for base in range(1, 120):
        for n in range(base + 1):
            if wording.quantifier(n, base, pct_int(n, base)) == "a majority":
                assert n / base > 0.55, (n, base)


def test_numbers_plurals_lists_and_dates() -> None:
    assert wording.number(8) == "eight" and wording.number(10) == "10" and wording.number(1204) == "1,204"
    assert wording.number(8, below=0) == "8" and wording.number(42, below=50) == "forty-two"
    assert wording.count(1, "response") == "one response" and wording.count(2, "response") == "two responses"
    assert wording.plural("campaign", 3) == "campaigns" and wording.plural("theme", 1) == "theme"
    assert wording.plural("business", 2) == "businesses" and wording.plural("body", 2) == "bodies"
    assert wording.join(["a", "b", "c"]) == "a, b and c" and wording.join(["a"]) == "a"
    assert wording.date_range(date(2024, 5, 1), date(2024, 6, 30)) == "between 1 May and 30 June 2024"
    assert wording.date_range(date(2023, 12, 1), date(2024, 1, 5)) == "between 1 December 2023 and 5 January 2024"
    assert wording.group_noun("Organisation") == "organisation"
    assert wording.group_noun("Community group") == "community group" and wording.group_noun("NHS trust") == "NHS trust"
    assert wording.with_article("organisation") == "an organisation"
    assert wording.group_noun("On behalf of an organisation") == "organisation"
    assert wording.group_noun("Parish or town council") == "parish or town council"
    assert wording.group_noun("65+") is None and wording.group_noun("Prefer not to say") is None
    assert wording.group_noun("Ashcombe") is None and wording.group_noun("Other") is None
    assert wording.shorten("one two three four", 2) == "one two…"


# ---------------------------------------------------------------------------- the example
def test_the_design_example_reads_as_promised(tmp_path: Path) -> None:
    cfg, tables = eight(tmp_path, excluded=2)
    result = summary.summarise(tables, cfg)
    text = result.text
    assert text.startswith("A total of eight responses were received between 1 May and 30 June 2024, "
                           "through the online survey and e-mail. Of these, eight were from individuals.")
    # eight of eight individuals: [u] base (small_base 10) so the question is given in counts
    assert f"Of the eight respondents who gave a view, six agreed that {STATEMENT} and one disagreed." in text
    assert "A further two submissions were excluded as exact duplicates." in text
    # eight comments are too few for reliable themes: each point is listed, the themes called tentative
    assert ("There were some more detailed areas of feedback.\n\nIn answer to “Any other comments?”, eight "
            "respondents commented, making one distinct comment. The points made were:\n\n"
            "- “Some words” (eight respondents)\n\n") in result.markdown
    assert ("With so few comments, the themes found in them are tentative: “Cost” (five comments) and "
            "“Parking” (three comments).") in text
    assert result.tone == "broadly positive"
    # the yes/no question is left out of the tone: such questions are as often about facts as views
    assert ("Among respondents who gave a view on whether the purpose and aims of the Strategy were clear, "
            "the feedback was broadly positive.") in text
    assert "self-selected" in text and "not representative" in text
    assert summary_checks.check_percentages(text, tables.agreement) == []


def test_percentages_with_quantifier_when_the_base_is_large(tmp_path: Path) -> None:
    q1 = ["Agree"] * 12 + ["Disagree"] * 4 + ["Don't know"] * 3 + [""]
    cfg, tables = build(tmp_path, q1)
    text = summary.summarise(tables, cfg).text
    assert (f"Most respondents who gave a view, 75% (12 of 16), agreed that {STATEMENT}; "
            "25% (4 of 16) disagreed.") in text
    assert "they leave out blank answers and “Don't know” or “Not sure”" in text
    assert summary_checks.check_percentages(text, tables.agreement) == []


def test_half_and_half_is_around_half_and_mixed(tmp_path: Path) -> None:
    cfg, tables = build(tmp_path, ["Agree"] * 10 + ["Disagree"] * 10, q2=["Yes"] * 10 + ["No"] * 10)
    result = summary.summarise(tables, cfg)
    assert "Around half of respondents who gave a view, 50% (10 of 20), agreed" in result.text
    assert "a majority" not in result.text.lower()
    assert result.tone == "mixed"


def test_all_agree(tmp_path: Path) -> None:
    cfg, tables = build(tmp_path, ["Strongly agree"] * 12)
    text = summary.summarise(tables, cfg).text
    assert f"All respondents who gave a view, 100% (12 of 12), agreed that {STATEMENT}; none disagreed." in text


def test_one_respondent(tmp_path: Path) -> None:
    cfg, tables = build(tmp_path, ["Disagree"], q2=["No"], types=["Organisation"], comments=[""])
    result = summary.summarise(tables, cfg)
    assert "A total of one response was received" in result.text
    assert "Of these, one was from an organisation." in result.text
    assert "The one respondent who gave a view disagreed." in result.text
    assert "%" not in result.text
    assert result.tone == "broadly negative"


def test_a_question_nobody_answered(tmp_path: Path) -> None:
    cfg, tables = build(tmp_path, [""] * 6 + ["Don't know"] * 2)
    text = summary.summarise(tables, cfg).text
    assert f"No respondent gave a view on whether {STATEMENT}." in text


def test_no_free_text(tmp_path: Path) -> None:
    empty = default_themes().iloc[0:0]
    cfg, tables = build(tmp_path, ["Agree"] * 3, comments=[""] * 3, themes=empty,
                        breakdown=default_breakdown().iloc[0:0])
    result = summary.summarise(tables, cfg)
    assert "No one commented in answer to “Any other comments?”." in result.text
    assert "notably" not in result.text


def test_a_group_of_three_is_never_a_percentage(tmp_path: Path) -> None:
    q1 = ["Agree"] * 30 + ["Disagree"] * 3
    types = ["Individual"] * 30 + ["Organisation"] * 3
    cfg, tables = build(tmp_path, q1, types=types)
    text = summary.summarise(tables, cfg).text
    # the difference is significant; the organisations' base of 3 is suppressed [c], so counts only
    assert (f"The share who agreed that {STATEMENT} was higher among individuals, 100% (30 of 30), "
            "than among organisations, none of three.") in text
    assert summary_checks.check_percentages(text, tables.agreement) == []


def test_only_significant_differences_are_reported(tmp_path: Path) -> None:
    q1 = ["Agree"] * 15 + ["Disagree"] * 5 + ["Agree"] * 15 + ["Disagree"] * 5
    types = ["Individual"] * 20 + ["Organisation"] * 20
    cfg, tables = build(tmp_path, q1, types=types)
    text = summary.summarise(tables, cfg).text
    assert "The share who" not in text
    assert "There were no statistically significant differences in views by respondent type" in text


def test_significant_difference_in_percentage_points(tmp_path: Path) -> None:
    q1 = ["Agree"] * 28 + ["Disagree"] * 2 + ["Agree"] * 6 + ["Disagree"] * 14
    types = ["Individual"] * 30 + ["Organisation"] * 20
    cfg, tables = build(tmp_path, q1, types=types)
    text = summary.summarise(tables, cfg).text
    assert (f"The share who agreed that {STATEMENT} was higher among individuals, 93% (28 of 30), "
            "than among organisations, 30% (6 of 20), by 63 percentage points. This difference is") in text
    assert summary_checks.check_percentages(text, tables.agreement) == []


def test_numbers_in_words_can_be_switched_off(tmp_path: Path) -> None:
    cfg, tables = eight(tmp_path, report={"numbers_in_words_below": 0})
    text = summary.summarise(tables, cfg).text
    assert "A total of 8 responses were received" in text and "Of the 8 respondents who gave a view, 6 agreed" in text


def test_themes_in_order_of_size_with_redacted_quotes(tmp_path: Path) -> None:
    cfg, tables = eight(tmp_path)
    cfg = themed_in_full(cfg)
    result = summary.summarise(tables, cfg)
    bullets = next(b for b in result.blocks if isinstance(b, summary.Bullets))
    assert bullets.items[0].startswith("Cost (five comments): “=SUM(A1) too expensive”")
    assert bullets.items[1] == "Parking (three comments): “There is nowhere to park, email me at [email]”"
    assert len(bullets.items) == 2  # "other" is not a theme
    assert "One further comment did not fit any of these themes." in result.text
    assert ("Of the three respondents who disagreed and commented, the themes raised most often were "
            "“Parking” (two) and “Cost” (one).") in result.text


def test_what_those_on_the_negative_side_raised_reads_the_scales_position_name(tmp_path: Path) -> None:
    # a text explaining a yes/no question: theme_breakdown.csv names the side "no" ("no (net)" without "(net)")
    questions = make_config(tmp_path).model_dump(mode="json")["questions"]
    questions[3]["explains"] = "q2"
    cfg, tables = eight(tmp_path, questions=questions, breakdown=default_breakdown(split_by="q2", positions=("yes", "no")))
    cfg = themed_in_full(cfg)
    assert ("Of the three respondents who answered no and commented, the themes raised most often were "
            "“Parking” (two) and “Cost” (one).") in summary.summarise(tables, cfg).text


def test_opening_without_period_uses_a_colon(tmp_path: Path) -> None:
    cfg, tables = eight(tmp_path, types=["Individual"] * 5 + ["Organisation"] * 2 + [""], period=None, channels=None)
    text = summary.summarise(tables, cfg).text
    assert text.startswith("A total of eight responses were received: five from individuals, "
                           "two from organisations and one did not say.")


def test_opening_names_kinds_of_respondent(tmp_path: Path) -> None:
    types = ["As an individual"] * 5 + ["On behalf of an organisation"] * 2 + [""]
    cfg, tables = eight(tmp_path, types=types)
    text = summary.summarise(tables, cfg).text
    assert "Of these, five were from individuals, two from organisations and one did not say." in text


def test_opening_lists_answers_that_are_not_kinds_of_respondent(tmp_path: Path) -> None:
    cfg, tables = eight(tmp_path, types=["Ashcombe"] * 5 + ["Kingsmere"] * 2 + [""])
    text = summary.summarise(tables, cfg).text
    assert "Respondent type: Ashcombe (five), Kingsmere (two) and not stated (one)." in text


def test_opening_leaves_equality_answers_to_the_equality_section(tmp_path: Path) -> None:
    questions = make_config(tmp_path).model_dump(mode="json")["questions"]
    questions[0]["characteristic"] = "sex"
    cfg, tables = eight(tmp_path, types=["Female"] * 4 + ["Male"] * 3 + ["Prefer to self-describe"], questions=questions)
    text = summary.summarise(tables, cfg).text
    assert text.startswith("A total of eight responses were received between") and "self-describe" not in text


def test_a_filter_is_said_in_its_description_when_it_has_one(tmp_path: Path) -> None:
    cfg, tables = eight(tmp_path, filter={"where": "channel != 'preview'", "description": "the survey's own previews and tests"})
    text = summary.summarise(tables, cfg).text
    assert "The analysis leaves out the survey's own previews and tests: no submission was left out." in text
    assert "channel" not in text


def test_a_difference_resting_on_too_few_respondents_is_not_a_finding(tmp_path: Path) -> None:
    # four groups of six answer differently, but every expected count is under 5 and every group's base is small
    q1 = ["Agree"] * 6 + ["Disagree"] * 6 + ["Agree"] * 3 + ["Disagree"] * 3 + ["Agree", "Disagree"] * 3
    types = ["Ashcombe"] * 6 + ["Kingsmere"] * 6 + ["Eastwold"] * 6 + ["Hollinbridge"] * 6
    cfg, tables = build(tmp_path, q1, types=types)
    overall = tables.group_tests.query("question_id == 'q1' and group == 'all'").iloc[0]
    assert overall["p_value"] < 0.05 and overall["flag"] == "[u]"
    text = summary.summarise(tables, cfg).text
    assert "more than chance would explain" not in text
    assert ("There were no statistically significant differences in views by respondent type (p below 0.05). "
            f"The tests of views on whether {STATEMENT} by respondent type suggested a difference, but some groups "
            "were too small for those tests to be relied on, so none is reported as a finding.") in text


# ---------------------------------------------------------------------------- the checker
def test_check_percentages_catches_wrong_unachievable_bare_and_suppressed(tmp_path: Path) -> None:
    q1 = ["Agree"] * 12 + ["Disagree"] * 4
    cfg, tables = build(tmp_path, q1, types=["Individual"] * 13 + ["Organisation"] * 3)
    ok = "Most, 75% (12 of 16), agreed."
    assert summary_checks.check_percentages(ok, tables.agreement) == []
    problems = summary_checks.check_percentages(
        "76% (12 of 16) agreed; 70% (7 of 10) did; about 40% said; 0% (0 of 3) of organisations; 1,000% (1 of 1)",
        tables.agreement)
    assert len(problems) == 5
    assert "not 12 of 16 rounded half up" in problems[0]
    assert "matches no row" in problems[1]
    assert "suppressed" in problems[2]
    assert any("no count and base" in p for p in problems)


def test_summarise_fails_loudly_when_tables_disagree(tmp_path: Path) -> None:
    cfg, tables = build(tmp_path, ["Agree"] * 8 + ["Strongly agree"] * 4 + ["Disagree"] * 4)
    tampered = tables.agreement.copy()
    tampered.loc[tampered["option"] == "agree (net)", "pct"] = 80.0
    with pytest.raises(summary_checks.PercentageError, match=r"summary\.md: 1 percentage not traced .*75% \(12 of 16\)"):
        summary.summarise(ReportTables(**{**tables.__dict__, "agreement": tampered}), cfg)


def test_the_same_tables_give_the_same_words(tmp_path: Path) -> None:
    cfg, tables = eight(tmp_path)
    assert summary.summarise(tables, cfg).markdown == summary.summarise(tables, cfg).markdown


def test_methods_say_how_far_the_model_agreed_with_the_reviewer(tmp_path: Path) -> None:
    cfg, tables = eight(tmp_path)
    model = pd.DataFrame({"respondent_id": ["R0001", "R0002"], "question_id": "comments",
                          "theme_id": ["T01", "T01"], "weight": 1.0, "primary": True, "source": "model"})
    files.write_csv(model, cfg.processed_dir / "theme_assignments_model.csv")
    note = " ".join(summary.methods(ReportTables.read(cfg), cfg))
    # R0002 was moved by the reviewer from T01 to T02: the model's one assignment on it taken away, one added
    assert ("A person checked one of the model's two theme assignments (the themes of one of the two themed "
            "responses, across two themes): they kept none as the model made them and took one away, and added one "
            "of their own.") in note
    assert "precision" not in note and "F1" not in note


def test_methods_say_how_many_themes_a_person_signed_off_or_renamed(tmp_path: Path) -> None:
    from consult.review import decisions as review

    cfg, tables = eight(tmp_path / "model")
    assert ("Of the two themes, a person signed off or renamed none: they keep the labels the model gave them."
            in " ".join(summary.methods(tables, cfg)))
    themes = default_themes().assign(label=["Parking", "Cost of living", "Other"], reviewed=[False, False, False],
                                     source=["codebook", "review", "model"])
    cfg, tables = eight(tmp_path / "reviewed", themes=themes)
    review.record(review.load(cfg), [review.decide("rename", "comments", review.ThemeRef.of(
        "T02", "Cost", ["cost"], ["R0002"]), who="a reviewer", label="Cost of living")])
    assert ("Of the two themes, a person signed off or renamed one and one was named in advance (the codebook, or "
            "last cycle's reviewed themes).") in " ".join(summary.methods(tables, cfg))
    themes = themes.assign(source=["model", "review", "model"])
    cfg, tables = eight(tmp_path / "renamed", themes=themes)
    review.record(review.load(cfg), [review.decide("rename", "comments", review.ThemeRef.of(
        "T02", "Cost", ["cost"], ["R0002"]), who="a reviewer", label="Cost of living")])
    assert ("Of the two themes, a person signed off or renamed one; the other one keeps the label the model gave it."
            in " ".join(summary.methods(tables, cfg)))


def test_a_percentage_in_a_question_or_an_option_is_not_read_as_a_figure() -> None:
    agreement = pd.DataFrame({"question_id": ["q1"], "group_by": ["all"], "group": ["all"],
                              "option": ["Raise it by 2.99%"], "net": [False], "n": [6], "base": [8], "pct": [75.0],
                              "flag": [""]})
    text = "Table 1. Do you agree with a 2.99% increase? Raise it by 2.99%: 75% (6 of 8)"
    assert summary_checks.check_percentages(text, agreement) == [
        "'2.99%' has no count and base beside it", "'2.99%' has no count and base beside it"]
    cfg = config.parse({"id": "t", "title": "T", "inputs": [{"path": "x.csv"}], "questions": [
        {"id": "q1", "column": "Do you agree with a 2.99% increase?", "type": "choice",
         "options": ["Raise it by 2.99%", "Keep it"]}]}, "t.yaml")
    assert summary_checks.check_percentages(text, agreement, summary_checks.labels_of(cfg, agreement)) == []
