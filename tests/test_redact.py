"""Personal data is replaced by tags; years, money, dates, roads and ordinary numbers survive."""

from __future__ import annotations

import pytest

from consult.redact import describe, redact, redact_text


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
