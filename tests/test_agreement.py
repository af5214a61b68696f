"""Agreement stage: bases, percentages, intervals, flags, weights, group tests, files, published figures."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import yaml

from consult.agreement import stage
from consult.agreement import table as agreement
from consult.core import config, significance
from consult.core.errors import InputError
from consult.core.rounding import pct_int

SA, A, N, D, SD, DK = "Strongly agree", "Agree", "Neither agree nor disagree", "Disagree", "Strongly disagree", "Don't know"


def make_config(questions: list[dict], groups: list[str] = (), **agreement_settings) -> config.Consultation:
    attributes = [{"id": g, "column": g, "type": "attribute"} for g in groups]
    return config.parse({
        "id": "t", "title": "Test", "inputs": [{"path": "raw.csv"}], "questions": questions + attributes,
        "groups": list(groups), "agreement": agreement_settings,
    })


def closed(qid: str = "q1", scale: str = "agree5", base: str = "gave_view") -> dict:
    return {"id": qid, "column": qid.upper(), "type": "closed", "scale": scale, "base": base}


def row(table: pd.DataFrame, option: str, group: str = "all", question: str = "q1") -> pd.Series:
    match = table[(table["question_id"] == question) & (table["group"] == group) & (table["option"] == option)]
    assert len(match) == 1, (question, group, option)
    return match.iloc[0]


# eight who gave a view (6 agree, 1 neutral, 1 disagree), two don't know, two blank
EIGHT = pd.DataFrame({"q1": [SA, SA, A, A, A, A, N, D, DK, DK, None, None]})


def test_gave_view_base_excludes_dont_know_and_shows_it_over_all_answering():
    table = agreement.compute(EIGHT, make_config([closed()]))
    net = row(table, "agree (net)")
    assert (net["n"], net["base"], net["pct"]) == (6, 8, 75.0)
    assert net["base_definition"] == "answered, excluding don't know"
    assert pct_int(net["n"], net["base"]) == 75
    dk = row(table, DK)
    assert (dk["n"], dk["base"], dk["pct"]) == (2, 10, 20.0)
    assert "not in the base" in dk["base_definition"]
    assert list(table["option"]) == [SA, A, N, D, SD, DK, "agree (net)", "disagree (net)"]
    assert list(table["net"]) == [False] * 6 + [True] * 2


def test_net_rows_are_told_by_the_net_column_not_by_their_names():
    table = agreement.compute(EIGHT, make_config([closed()]))
    renamed = table.assign(option=table["option"].str.replace(" (net)", " overall", regex=False))
    assert list(agreement.headline(renamed)["option"]) == ["agree overall", "disagree overall"]
    assert agreement.headline(table.assign(net=False)).empty


@pytest.mark.parametrize(("base", "expected_base", "definition"), [
    ("answered", 10, "answered, including don't know"),
    ("all", 12, "all respondents, including those who did not answer"),
])
def test_other_bases(base, expected_base, definition):
    table = agreement.compute(EIGHT, make_config([closed(base=base)]))
    net = row(table, "agree (net)")
    assert (net["base"], net["base_definition"]) == (expected_base, definition)
    assert row(table, DK)["base"] == expected_base


def test_wilson_interval_matches_hand_calculation():
    net = row(agreement.compute(EIGHT, make_config([closed()])), "agree (net)")
    # p = 0.75, n = 8, z = 1.96: centre 0.6689, half-width 0.2596
    assert net["ci_low"] == pytest.approx(40.93, abs=0.01)
    assert net["ci_high"] == pytest.approx(92.85, abs=0.01)


def test_multi_select_base_is_respondents_who_answered():
    q = {"id": "m", "column": "M", "type": "multi_select", "options": ["Bus", "Car", "Walk"]}
    responses = pd.DataFrame({"m": ["Bus; Car", "Car", "Bus; Car; Walk", None]})
    table = agreement.compute(responses, make_config([q]))
    assert list(table["n"]) == [2, 3, 1]
    assert set(table["base"]) == {3}
    assert table["pct"].sum() > 100
    assert set(table["base_definition"]) == {"respondents who answered; totals may exceed 100%"}


def test_unknown_multi_select_option_is_named():
    q = {"id": "m", "column": "M", "type": "multi_select", "options": ["Bus", "Car"]}
    with pytest.raises(InputError, match=r"'m'.*'Tram'"):
        agreement.compute(pd.DataFrame({"m": ["Bus; Tram"]}), make_config([q]))


def test_flags_small_suppressed_empty_and_low():
    cfg = make_config([closed()], groups=["area"])
    responses = pd.DataFrame({
        "q1": [A] * 3 + [A] * 8 + [DK] + [A] * 300 + [D],
        "area": ["Tiny"] * 3 + ["Small"] * 8 + ["OnlyDK"] + ["Big"] * 301,
    })
    table = agreement.compute(responses, cfg)
    assert row(table, "agree (net)", "Tiny")["flag"] == "[c]"
    assert row(table, "agree (net)", "Small")["flag"] == "[u]"
    assert row(table, "agree (net)", "OnlyDK")["flag"] == "[x]"
    assert np.isnan(row(table, "agree (net)", "OnlyDK")["pct"])
    assert row(table, D, "Big")["flag"] == "[low]"  # 1 of 301 = 0.33%, rounds to 0
    assert row(table, SD, "Big")["flag"] == ""  # a true zero is not [low]


def test_groups_are_sorted_with_blank_as_not_stated_last():
    cfg = make_config([closed()], groups=["area"])
    responses = pd.DataFrame({"q1": [A, D, A], "area": ["South", None, "North"]})
    groups = agreement.compute(responses, cfg).query("group_by == 'area'")["group"].unique()
    assert list(groups) == ["North", "South", "(not stated)"]


def test_answer_off_the_scale_is_named_with_the_allowed_options():
    with pytest.raises(InputError, match=r"'q1'.*'Agre'.*Strongly agree"):
        agreement.compute(pd.DataFrame({"q1": [A, "Agre"]}), make_config([closed()]))


def test_missing_question_column_is_named():
    with pytest.raises(InputError, match=r"no column 'q2'"):
        agreement.compute(pd.DataFrame({"q1": [A]}), make_config([closed(), closed("q2")]))


def test_weighted_percentages_effective_base_and_unweighted_base_kept():
    cfg = make_config([closed()], weight_column="wt")
    weights = np.array([2.0, 0.5, 1.0, 1.0, 3.0, 0.5])
    responses = pd.DataFrame({"q1": [A, A, D, D, N, DK], "weight": weights})
    net = row(agreement.compute(responses, cfg), "agree (net)")
    view = weights[:5]
    assert net["pct"] == pytest.approx(100 * 2.5 / view.sum())
    assert net["base"] == 5 and net["n"] == 2
    assert net["base_weighted"] == pytest.approx(view.sum())
    assert net["effective_base"] == pytest.approx(view.sum() ** 2 / (view**2).sum())
    low, high = significance.wilson_interval(2.5 / view.sum(), net["effective_base"])
    assert (net["ci_low"], net["ci_high"]) == pytest.approx((100 * low, 100 * high))


@pytest.mark.parametrize("bad", [None, "heavy", "-1"])
def test_bad_or_missing_weights_are_named(bad):
    cfg = make_config([closed()], weight_column="wt")
    with pytest.raises(InputError, match=r"'weight'.*agreement.weight_column"):
        agreement.compute(pd.DataFrame({"q1": [A, D], "weight": ["1", bad]}), cfg)
    with pytest.raises(InputError, match=r"'weight'.*missing"):
        agreement.compute(pd.DataFrame({"q1": [A]}), cfg)


def test_group_tests_find_a_real_difference_and_state_the_test():
    cfg = make_config([closed()], groups=["area"], significance=0.05)
    responses = pd.DataFrame({"q1": [A] * 40 + [D] * 10 + [A] * 10 + [D] * 40,
                              "area": ["North"] * 50 + ["South"] * 50})
    tests = agreement.group_tests(responses, cfg)
    overall = tests[tests["group"] == "all"].iloc[0]
    assert overall["test"].startswith("chi-square, 1 df")
    assert overall["p_value"] < 1e-6 and overall["significant"]
    north = tests[tests["group"] == "North"].iloc[0]
    assert north["pct_group"] == 80 and north["pct_rest"] == 20 and north["difference_pp"] == pytest.approx(60)
    assert north["statistic"] == pytest.approx(6.0, abs=0.01)  # pooled p 0.5: z = 0.6 / sqrt(0.25 * 0.04)
    assert north["significant"]


def test_group_tests_use_fisher_for_small_two_by_two_and_flag_small_groups():
    cfg = make_config([closed("q1", "yes_no")], groups=["area"])
    responses = pd.DataFrame({"q1": ["Yes"] * 4 + ["No"] + ["Yes"] + ["No"] * 4,
                              "area": ["North"] * 5 + ["South"] * 5})
    tests = agreement.group_tests(responses, cfg)
    overall = tests[tests["group"] == "all"].iloc[0]
    assert overall["test"].startswith("Fisher's exact test")
    from scipy.stats import fisher_exact
    assert overall["p_value"] == pytest.approx(fisher_exact([[4, 1], [1, 4]])[1])
    assert set(tests.loc[tests["group"] != "all", "flag"]) == {"[u]"}  # bases of 5: below small_base 10


def test_group_tests_leave_out_those_who_did_not_say_or_declined():
    cfg = make_config([closed()], groups=["area"])
    responses = pd.DataFrame({"q1": [A] * 30 + [D] * 30 + [A] * 9 + [D],
                              "area": ["North"] * 30 + ["South"] * 30 + ["Prefer not to say"] * 5 + [None] * 5})
    tests = agreement.group_tests(responses, cfg)
    assert set(tests["group"]) == {"all", "North", "South"}
    assert tests.loc[tests["group"] == "all", "base_group"].iloc[0] == 60


def test_an_overall_test_with_many_small_expected_counts_is_flagged_unreliable():
    cfg = make_config([closed()], groups=["area"])
    areas = ["North"] * 40 + ["South"] * 40 + ["East"] * 3 + ["West"] * 3 + ["Hill"] * 2
    responses = pd.DataFrame({"q1": [A] * 40 + [D] * 40 + [A] * 8, "area": areas})
    overall = agreement.group_tests(responses, cfg).query("group == 'all'").iloc[0]
    assert "treat with caution" in overall["test"] and overall["flag"] == "[u]"
    big = pd.DataFrame({"q1": [A] * 40 + [D] * 40, "area": ["North"] * 40 + ["South"] * 40})
    assert agreement.group_tests(big, cfg).query("group == 'all'").iloc[0]["flag"] == ""


def test_group_tests_cannot_test_a_single_group():
    cfg = make_config([closed()], groups=["area"])
    tests = agreement.group_tests(pd.DataFrame({"q1": [A, D, A], "area": ["North"] * 3}), cfg)
    overall = tests[tests["group"] == "all"].iloc[0]
    assert overall["test"].startswith("not tested") and np.isnan(overall["p_value"]) and not overall["significant"]


def test_run_writes_both_files_byte_identically(tmp_path):
    cfg_path = tmp_path / "consultations" / "t.yaml"
    cfg_path.parent.mkdir()
    cfg_path.write_text(yaml.safe_dump({
        "id": "t", "title": "Test", "inputs": [{"path": "data/raw/t/x.csv"}],
        "questions": [closed(), {"id": "area", "column": "Area", "type": "attribute"}], "groups": ["area"],
    }))
    cfg = config.load(cfg_path)
    cfg.processed_dir.mkdir(parents=True)
    pd.DataFrame({"respondent_id": ["R1", "R2", "R3", "R4"], "q1": [A, D, "", A],
                  "area": ["N", "S", "N", ""]}).to_csv(cfg.processed_dir / "responses.csv", index=False)
    first = stage.run(cfg)
    snapshot = first.agreement_path.read_bytes(), first.group_tests_path.read_bytes()
    second = stage.run(cfg)
    assert (second.agreement_path.read_bytes(), second.group_tests_path.read_bytes()) == snapshot
    written = pd.read_csv(first.agreement_path, keep_default_na=False)
    assert list(written.columns[:len(agreement.AGREEMENT_COLUMNS)]) == agreement.AGREEMENT_COLUMNS
    assert row(written, "agree (net)")["base"] == 3


def test_run_without_responses_says_which_stage_to_run(tmp_path):
    cfg = config.parse({"id": "t", "title": "T", "inputs": [{"path": "x.csv"}], "questions": [closed()]},
                       root=tmp_path)
    with pytest.raises(InputError, match="responses.csv: not found"):
        stage.run(cfg)


# ---------------------------------------------------------------------------- published figures
FLYING = "fivethirtyeight-surveys/flying-etiquette-survey/flying-etiquette.csv"


def test_fivethirtyeight_reclining_headline(external_data):
    """"41 Percent of Fliers Say It's Rude To Recline Your Airplane Seat": 352 of 854 who answered."""
    raw = pd.read_csv(external_data / FLYING, encoding="utf-8")
    answers = raw["Is itrude to recline your seat on a plane?"].map(
        {"No, not rude at all": "No", "Yes, somewhat rude": "Yes", "Yes, very rude": "Yes"})
    responses = pd.DataFrame({"recline": answers, "gender": raw["Gender"]})
    cfg = make_config([closed("recline", "yes_no")], groups=["gender"])
    yes = row(agreement.compute(responses, cfg), "yes (net)", question="recline")
    assert (yes["n"], yes["base"]) == (352, 854)
    assert pct_int(yes["n"], yes["base"]) == 41
    assert yes["ci_low"] < 41.2 < yes["ci_high"]


def test_nonvoters_weighted_shares_match_an_independent_computation(external_data):
    """SOURCE.md gives no published weighted figure; check the real weights against numpy instead."""
    raw = pd.read_csv(external_data / "fivethirtyeight-surveys/non-voters/nonvoters_data.csv")
    codes = {1: "Very important", 2: "Fairly important", 3: "Not very important", 4: "Not at all important"}
    responses = pd.DataFrame({"q2": raw["Q2_1"].map(codes), "weight": raw["weight"],
                              "voters": raw["voter_category"]})
    cfg = make_config([closed("q2", "importance5")], groups=["voters"], weight_column="weight")
    table = agreement.compute(responses, cfg)
    answered = raw[raw["Q2_1"] > 0]
    expected = 100 * np.average(answered["Q2_1"].isin([1, 2]), weights=answered["weight"])
    net = row(table, "important (net)", question="q2")
    assert net["pct"] == pytest.approx(expected)
    assert net["base"] == len(answered) == 5836 - 35
    bases = table[(table["group_by"] == "voters") & (table["option"] == "Very important")]
    assert dict(zip(bases["group"], bases["base"])) == pytest.approx(
        answered.groupby("voter_category").size().to_dict())


def test_headline_shows_percentages_with_their_bases_and_counts_only_when_suppressed():
    cfg = make_config([closed(), closed("q2")])
    table = agreement.compute(EIGHT.assign(q2=[A, D, A] + [None] * 9), cfg)
    shown = agreement.headline(table).set_index(["question_id", "option"])["shown"]
    assert shown[("q1", "agree (net)")] == "75% (6 of 8)"
    assert shown[("q2", "agree (net)")] == "2 (suppressed)"


def test_holm_adjustment_is_monotone_and_never_below_the_raw_p() -> None:
    from consult.core.significance import holm

    raw = np.array([0.01, 0.04, np.nan, 0.03, 0.5])
    adjusted = holm(raw)
    assert np.isnan(adjusted[2])
    assert np.allclose(adjusted[[0, 3, 1, 4]], [0.04, 0.09, 0.09, 0.5])
    assert (adjusted[~np.isnan(raw)] >= raw[~np.isnan(raw)]).all()


def test_two_groups_are_one_comparison_and_are_not_adjusted() -> None:
    from consult.core.significance import holm

    cfg = config.parse({
        "id": "t", "title": "T", "inputs": [{"path": "x.csv"}], "groups": ["kind"],
        "questions": [{"id": "kind", "column": "Kind", "type": "attribute"},
                      {"id": "q1", "column": "Q1", "type": "closed", "scale": "agree5"}]}, "t.yaml")
    responses = pd.DataFrame({"respondent_id": [str(i) for i in range(60)],
                              "kind": ["A"] * 30 + ["B"] * 30,
                              "q1": ["Agree"] * 22 + ["Disagree"] * 8 + ["Agree"] * 13 + ["Disagree"] * 17})
    rows = agreement.group_tests(responses, cfg)
    groups = rows[rows["group"] != "all"]
    assert (groups["p_adjusted"] == groups["p_value"]).all(), "A vs rest and B vs rest are the same test"
    assert not np.allclose(holm(groups["p_value"].to_numpy()), groups["p_value"].to_numpy())
