"""consult init on answer sets no built-in scale fits: ordered sets drafted as config scales (direction
from the words only), unordered ones as choice questions, Welsh agree labels onto agree5."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from consult.agreement import stage as agreement_stage
from consult.clean import stage as clean
from consult.core import config
from consult.core.files import write_text
from consult.init import draft
from consult.init.columns import recognise_scale
from consult.init.scales import draft_scales, read_set

FIXTURES = Path(__file__).parent / "fixtures" / "exports"
GOOD = ["Very good", "Good", "Neither good nor poor", "Poor", "Very poor", "Don't know"]


# (labels, options from the top, positive, negative, no_view); positive None = no direction
SETS = [
    (GOOD, GOOD[:5], GOOD[:2], GOOD[3:5], ["Don't know"]),
    (["Poor", "Excellent", "Good", "Very good", "Fair"], ["Excellent", "Very good", "Good", "Fair", "Poor"],
     ["Excellent", "Very good", "Good"], ["Poor"], []),
    (["Very favorably", "Somewhat favorably", "Neither favorably nor unfavorably (neutral)", "Unfamiliar (N/A)",
      "Somewhat unfavorably", "Very unfavorably"],
     ["Very favorably", "Somewhat favorably", "Neither favorably nor unfavorably (neutral)", "Somewhat unfavorably",
      "Very unfavorably"], ["Very favorably", "Somewhat favorably"], ["Somewhat unfavorably", "Very unfavorably"],
     ["Unfamiliar (N/A)"]),
    (["Fairly unlikely", "Very likely", "Very unlikely", "Fairly likely"],
     ["Very likely", "Fairly likely", "Fairly unlikely", "Very unlikely"], ["Very likely", "Fairly likely"],
     ["Fairly unlikely", "Very unlikely"], []),
    (["Extremely satisfied", "Somewhat dissatisfied", "Neither satisfied nor dissatisfied", "Extremely dissatisfied"],
     ["Extremely satisfied", "Neither satisfied nor dissatisfied", "Somewhat dissatisfied", "Extremely dissatisfied"],
     ["Extremely satisfied"], ["Somewhat dissatisfied", "Extremely dissatisfied"], []),
    (["negative", "neutral", "positive"], ["positive", "neutral", "negative"], ["positive"], ["negative"], []),
    (["5 - Very poor", "2", "1 - Very good", "4"], ["1 - Very good", "2", "3", "4", "5 - Very poor"],
     ["1 - Very good", "2"], ["4", "5 - Very poor"], []),
    (["Not at all comfortable", "Very comfortable", "I don't do this", "Not so comfortable", "Extremely comfortable"],
     ["Extremely comfortable", "Very comfortable", "Not so comfortable", "Not at all comfortable"],
     ["Extremely comfortable", "Very comfortable"], ["Not so comfortable", "Not at all comfortable"],
     ["I don't do this"]),
    # ordered, but the words do not say which end is favourable: no direction
    (["Some", "A lot", "Not much", "Not at all"], ["A lot", "Some", "Not much", "Not at all"], None, None, []),
    (["Not at all masculine", "Very masculine", "Not very masculine", "Somewhat masculine"],
     ["Very masculine", "Somewhat masculine", "Not very masculine", "Not at all masculine"], None, None, []),
    (["not at all", "poorly", "somewhat", "mostly", "perfectly"],
     ["perfectly", "mostly", "somewhat", "poorly", "not at all"], None, None, []),
    (["No, not rude at all", "Yes, somewhat rude", "Yes, very rude"],
     ["Yes, very rude", "Yes, somewhat rude", "No, not rude at all"], None, None, []),
    (["Once a year or less", "Never", "A few times per week", "Every day", "Not applicable"],
     ["Every day", "A few times per week", "Once a year or less", "Never"], None, None, ["Not applicable"]),
    (["Usually", "Never", "Always", "About half the time"], ["Always", "Usually", "About half the time", "Never"],
     None, None, []),
    (["1", "3", "7"], ["7", "6", "5", "4", "3", "2", "1"], None, None, []),
]


@pytest.mark.parametrize(("labels", "options", "positive", "negative", "no_view"), SETS,
                         ids=[s[0][0] for s in SETS])
def test_ordered_sets_are_read_with_direction_only_from_the_words(labels, options, positive, negative, no_view) -> None:
    found = read_set(labels)
    assert found is not None
    assert list(found.options) == options and list(found.no_view) == no_view
    assert found.directed == (positive is not None)
    assert list(found.positive) == (positive or []) and list(found.negative) == (negative or [])


@pytest.mark.parametrize("labels", [
    ["Han", "Greedo", "I don't understand this question"], ["Male", "Female"], ["Option A", "Option B"],
    ["Pacific", "East North Central", "Mountain"], ["18-29", "30-44", "45-60", "> 60"], ["Don't know", "Not sure"],
    ["Very good"], ["$0 - $24,999", "$25,000 - $49,999"], ["Good", "Very masculine"],
])
def test_sets_that_are_not_scales_are_left_alone(labels: list[str]) -> None:
    assert read_set(labels) is None


@settings(max_examples=60, deadline=None)
@given(st.sampled_from([s[0] for s in SETS]).flatmap(st.permutations))
def test_a_permutation_of_labels_is_recognised_the_same(labels: list[str]) -> None:
    """The order answers were seen in (most common first) never changes what a set is read as."""
    reference = read_set(sorted(labels))
    found = read_set(labels)
    assert (found.options, found.positive, found.neutral, found.negative, set(found.no_view), found.directed) == (
        reference.options, reference.positive, reference.neutral, reference.negative, set(reference.no_view),
        reference.directed)


def test_spellings_of_one_option_become_synonyms() -> None:
    found = read_set(["No, not rude at all", "Yes, somewhat rude", "No, not at all rude", "Yes, very rude"])
    assert found.options == ("Yes, very rude", "Yes, somewhat rude", "No, not rude at all")
    assert found.synonyms == {"No, not at all rude": "No, not rude at all"}


def test_welsh_agree_labels_are_agree5() -> None:
    welsh = ["Cytuno'n gryf", "Cytuno", "Ddim yn cytuno nac yn anghytuno", "Anghytuno", "Anghytuno'n gryf",
             "Ddim yn gwybod"]
    assert recognise_scale(welsh) == "agree5"
    assert recognise_scale(welsh[:2] + welsh[3:]) == "agree4"


def test_nested_sets_share_a_scale_and_others_do_not() -> None:
    very = read_set(GOOD)
    fewer = read_set(["Good", "Poor", "Very poor"])  # nobody chose "Very good" in this column
    excellent = read_set(["Excellent", "Very good", "Good", "Fair", "Poor"])
    scales, names = draft_scales([very, None, fewer, excellent])
    assert names == ["good5", None, "good5", "good5_2"]
    assert scales["good5"]["options"] == GOOD[:5] and scales["good5"]["no_view"] == ["Don't know"]
    assert scales["good5"]["positive_net"] == "good (net)" and scales["good5"]["negative_net"] == "poor (net)"
    assert scales["good5_2"]["options"][0] == "Excellent"
    for name, entry in scales.items():  # every drafted entry is a valid config scale
        config.ScaleSpec.model_validate(entry).to_scale(name)


def test_drafted_config_names_its_scales_and_runs(tmp_path: Path) -> None:
    result = draft.draft_config(FIXTURES / "ordered_sets.csv", "ordered")
    assert result.decisions["type"].tolist() == [
        "id", "closed (drafted scale)", "closed (drafted scale)", "choice", "closed", "closed (drafted scale)",
        "attribute"]
    assert result.decisions["scale"].tolist() == ["", "good5", "amount4", "", "agree5", "good5_2", ""]
    scales = result.config["scales"]
    assert scales["amount4"] == {"options": ["A lot", "Some", "Not much", "Not at all"]}  # no direction, no nets
    assert scales["good5_2"]["options"] == ["1 - Very good", "2", "3", "4", "5 - Very poor"]
    choice = next(q for q in result.config["questions"] if q["type"] == "choice")
    assert sorted(choice["options"]) == ["Option A", "Option B", "Option C"]
    assert "# drafted from the answers (A lot … Not at all): ordered, but the words do not say" in result.yaml
    assert yaml.safe_load(result.yaml) == result.config
    path = tmp_path / "consultations" / "ordered.yaml"
    write_text(path, result.yaml)
    cfg = config.load(path)
    cleaned = clean.run(cfg)
    assert cleaned.totals()["kept"] == 40
    welsh = next(q.id for q in cfg.questions if q.scale == "agree5")
    assert set(cleaned.responses[welsh].dropna()) <= set(cfg.question(welsh).get_scale().all_options)
    table = agreement_stage.run(cfg).agreement
    overall = table[table["group_by"] == "all"]
    care = next(q.id for q in cfg.questions if q.scale == "amount4")
    assert not overall.loc[overall["question_id"] == care, "net"].any()
    rated = next(q.id for q in cfg.questions if q.scale == "good5")
    assert set(overall.loc[overall["question_id"] == rated, "option"]) >= {"good (net)", "poor (net)", "Don't know"}
