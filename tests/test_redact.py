"""Personal data is replaced by tags; years, money, dates, roads and ordinary numbers survive."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from consult.core.redact import _LETTER_DIGIT, _POSTCODE, describe, redact, redact_text


@pytest.mark.parametrize(
    ("text", "expected", "kind"),
    [
        ("Email jo.bloggs+council@example.co.uk today", "Email [email] today", "email"),
        ("write to J.Smith@Example.org.", "write to [email].", "email"),
        ("Call 07700 900123 please", "Call [phone] please", "phone"),
        ("ring 020 7946 0958 or", "ring [phone] or", "phone"),
        ("on +44 (0)161 496 0000.", "on [phone].", "phone"),
        ("mobile +447700900123", "mobile [phone]", "phone"),
        ("office (0116) 496 0123", "office [phone]", "phone"),
        ("US number +1 (555) 123-4567", "US number [phone]", "phone"),
        ("I live at SW1A 1AA near", "I live at [postcode] near", "postcode"),
        ("postcode m1 1ae", "postcode [postcode]", "postcode"),
        ("see https://example.gov.uk/form?name=jo&ref=12 now", "see [url] now", "url"),
        ("NI number AB 12 34 56 C", "NI number [NI number]", "NI number"),
        ("ni: qq123456c", "ni: qq123456c", None),  # QQ is not a valid prefix letter pair
        ("my NHS number is 943 476 5919", "my NHS number is [NHS number]", "NHS number"),
    ],
)
def test_personal_data_is_tagged(text: str, expected: str, kind: str | None) -> None:
    redacted, counts = redact(text)
    assert redacted == expected
    assert (counts[kind] == 1) if kind else not counts


@pytest.mark.parametrize(
    "text",
    [
        "In 2023 the council spent £1,250,000 on 12.5% more buses.",
        "Consultation closed on 01/05/2024 at 10:30; results by 2024-06-01.",
        "The A1 road and the M25 junction 10 are gridlocked.",
        "We counted 1234567890 cars (not an NHS number: the check digit fails).",
        "Ranked 1 2 3 4 5; scores 0.75 0.80; years 2019-2020 and 2021/22.",
        "See www.example.gov.uk/plans for the plan.",
        "Meet at the B1 4th junction, room 12 3rd floor.",
        "Ref 12345, case 987654, order 45-6789.",
    ],
)
def test_ordinary_text_survives(text: str) -> None:
    assert redact(text) == (text, {})


def test_counts_and_description() -> None:
    text, counts = redact("a@b.com, c@d.org and 07700 900123")
    assert text == "[email], [email] and [phone]"
    assert describe(counts) == "email×2, phone×1"
    assert redact_text("nothing personal") == "nothing personal"



@pytest.mark.parametrize("text", ["SW1A 1AA", "m1 1ae", "GIR 0AA", "near B33 8TH.", "\u017fW1 1AA", "\u212a1 1AA"])
def test_every_postcode_holds_the_letter_digit_it_is_screened_for(text: str) -> None:
    """The screen must pass every text the postcode pattern matches, ſ and the Kelvin sign included
    (case-insensitive matching reads them as s and k)."""
    assert _POSTCODE.search(text) and _LETTER_DIGIT.search(text)
    assert redact(text)[1]["postcode"] == 1


@given(st.text(alphabet="GIRgirABKkmW0129 \u017f\u212a\u00e9_-", max_size=12))
def test_the_postcode_screen_never_hides_a_postcode(text: str) -> None:
    assert not _POSTCODE.search(text) or _LETTER_DIGIT.search(text)
