"""Properties of the agreement table that must hold for any responses (hypothesis)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from consult.agreement import table as agreement
from consult.core import config
from consult.core.rounding import round_half_up
from consult.core.scales import SCALES

SCALE = SCALES["agree5"]
ANSWERS = st.sampled_from([*SCALE.all_options, None])
CFG = config.parse({
    "id": "p", "title": "P", "inputs": [{"path": "x.csv"}], "groups": ["area"],
    "questions": [{"id": "q1", "column": "Q1", "type": "closed", "scale": "agree5"},
                  {"id": "q2", "column": "Q2", "type": "closed", "scale": "agree5", "base": "all"},
                  {"id": "area", "column": "Area", "type": "attribute"}],
})
WEIGHTED = CFG.model_copy(update={"agreement": CFG.agreement.model_copy(update={"weight_column": "w"})})


@st.composite
def responses(draw) -> pd.DataFrame:
    size = draw(st.integers(1, 60))
    column = st.lists(ANSWERS, min_size=size, max_size=size)
    return pd.DataFrame({"q1": draw(column), "q2": draw(column),
                         "area": draw(st.lists(st.sampled_from(["N", "S", None]), min_size=size, max_size=size))})


FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(responses())
def test_single_choice_options_sum_to_100_within_rounding(frame):
    table = agreement.compute(frame, CFG)
    options = table[table["option"].isin(SCALE.options) & (table["question_id"] == "q1")]
    for _, shares in options.groupby(["group_by", "group"])["pct"]:
        if shares.notna().all():
            assert shares.sum() == pytest.approx(100)
            rounded = sum(round_half_up(p) for p in shares)
            assert abs(rounded - 100) <= len(shares) / 2


@FAST
@given(responses())
def test_intervals_contain_the_estimate(frame):
    table = agreement.compute(frame, CFG).dropna(subset=["pct"])
    assert ((table["ci_low"] <= table["pct"]) & (table["pct"] <= table["ci_high"])).all()
    assert ((table["ci_low"] >= 0) & (table["ci_high"] <= 100)).all()


@FAST
@given(responses())
def test_weights_of_one_give_the_unweighted_answer(frame):
    plain = agreement.compute(frame, CFG)
    weighted = agreement.compute(frame.assign(weight=1.0), WEIGHTED)
    pd.testing.assert_frame_equal(weighted[plain.columns], plain)
    assert (weighted["effective_base"] == weighted["base"]).all()
    pd.testing.assert_frame_equal(agreement.group_tests(frame.assign(weight=1.0), WEIGHTED).drop(columns="test"),
                                  agreement.group_tests(frame, CFG).drop(columns="test"))


@FAST
@given(responses(), st.randoms(use_true_random=False))
def test_shuffled_rows_give_identical_output(frame, random):
    order = list(range(len(frame)))
    random.shuffle(order)
    shuffled = frame.iloc[order].reset_index(drop=True)
    pd.testing.assert_frame_equal(agreement.compute(shuffled, CFG), agreement.compute(frame, CFG))
    pd.testing.assert_frame_equal(agreement.group_tests(shuffled, CFG), agreement.group_tests(frame, CFG))


@FAST
@given(st.integers(0, 500), st.integers(1, 500), st.floats(0.8, 0.99))
def test_wilson_interval_is_ordered_and_narrows_with_confidence(n, base, confidence):
    from consult.core.significance import wilson_interval
    n = min(n, base)
    low, high = wilson_interval(n / base, base, confidence)
    wider_low, wider_high = wilson_interval(n / base, base, min(confidence + 0.005, 0.995))
    assert 0 <= low <= n / base <= high <= 1
    assert wider_low <= low + 1e-12 and high <= wider_high + 1e-12
    assert np.isfinite([low, high]).all()
