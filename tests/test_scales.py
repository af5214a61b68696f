"""Answer scales: label normalisation and synonyms."""

from __future__ import annotations

import pytest

from consult.core.scales import DONT_KNOW, SCALES, get_scale, normalise_label


@pytest.mark.parametrize("raw, expected", [
    ("  Strongly   Agree. ", "strongly agree"),
    ("Don\u2019t know", "don't know"),
    ("AGREE\u00a0", "agree"),
    ("Neither agree nor disagree!", "neither agree nor disagree"),
])
def test_normalise_label(raw: str, expected: str) -> None:
    assert normalise_label(raw) == expected


@pytest.mark.parametrize("raw, option", [
    ("Tend to agree", "Agree"), ("AGREE ", "Agree"), ("Agree somewhat", "Agree"), ("SA", "Strongly agree"),
    ("Neither agree or disagree", "Neither agree nor disagree"), ("Strongly Disagree", "Strongly disagree"),
    ("Don’t know", DONT_KNOW), ("not sure", DONT_KNOW),
])
def test_agree5_synonyms(raw: str, option: str) -> None:
    assert SCALES["agree5"].lookup()[normalise_label(raw)] == option


@pytest.mark.parametrize("name", sorted(SCALES))
def test_every_scale_is_consistent(name: str) -> None:
    scale = SCALES[name]
    sides = scale.positive + scale.neutral + scale.negative
    assert sorted(sides) == sorted(scale.options), "positive, neutral and negative partition the options"
    assert set(scale.lookup().values()) <= set(scale.all_options), "every synonym lands on an option"


def test_config_synonyms_must_land_on_the_scale() -> None:
    assert get_scale("yes_no", {"Yep": "Yes"}).lookup()["yep"] == "Yes"
    with pytest.raises(ValueError, match="'Maybe so' maps to 'Perhaps', which is not an option"):
        get_scale("yes_no", {"Maybe so": "Perhaps"})
    with pytest.raises(KeyError, match="known scales: agree5"):
        get_scale("agree7")
