"""Personal data is replaced by tags; years, money, dates, roads and ordinary numbers survive."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from consult.core.redact import _LETTER_DIGIT, _POSTCODE, describe, luhn_ok, redact, redact_text


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
        ("ni: qq123456c", "ni: [NI number]", "NI number"),  # HMRC's specimen prefix is still somebody's typing
        ("NI QQ 12 34 56 C.", "NI [NI number].", "NI number"),
        ("in 12 34 56 a row", "in 12 34 56 a row", None),  # spaced, the letters must be capitals
        ("I spoke to Mrs Jane Smith at the depot", "I spoke to Mrs [name] at the depot", "name"),
        ("Dr. A B Jones said so", "Dr. [name] said so", "name"),
        ("my name is Tom Jones and I object", "my name is [name] and I object", "name"),
        ("Kind regards, J. Patel", "Kind regards, [name]", "name"),
        ("have Michelle at T1 train your staff", "have [name] at T1 train your staff", "name"),
        ("Sarah-Jane Ellis was rude", "[name] was rude", "name"),
        ("thanks to @Heathrow_T1 for nothing", "thanks to [handle] for nothing", "handle"),
        ("I live at 14 Acacia Avenue now", "I live at [address] now", "address"),
        ("Flat 2, 17 Station Road flooded", "[address] flooded", "address"),
        ("paid with 4111 1111 1111 1111 twice", "paid with [card number] twice", "card number"),
        ("from 192.168.0.1 today", "from [IP address] today", "IP address"),
        ("host 2001:db8::1 down", "host [IP address] down", "IP address"),
        ("DOB: 12/03/1985", "DOB: [date of birth]", "date of birth"),
        ("I was born on 3 May 1962 here", "I was born on [date of birth] here", "date of birth"),
        ("see https://x.example.com/reset/8f3a9c2b7d1e44 now", "see [url] now", "url"),
        ("jane dot smith at gmail dot com", "[email]", "email"),
        ("jo(at)hotmail(dot)co(dot)uk", "[email]", "email"),
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
        "Leicestershire Police and Elmshire County Council did well.",
        "Victoria Station and the Elizabeth Line are unsafe after dark.",
        "Will the council act? May I suggest more lighting? Grace periods would help.",
        "Road safety near St Mary's Primary School is poor.",
        "Section 3.2.1.4 of the strategy; version 1.2.3.4; open 10:30:00 to 17:00.",
        "Look at council.gov.uk; we met at the town hall.",
        "In 2019 Park Lane was closed for 4 months.",
        "Card 4111 1111 1111 1112 fails the Luhn check.",
        "Dear Sir/Madam, the Lord Mayor of Leicester opened it.",
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


def test_luhn() -> None:
    assert luhn_ok("4111111111111111") and luhn_ok("378282246310005")
    assert not luhn_ok("4111111111111112")


def test_the_benchmark_keeps_its_figures() -> None:
    """benchmarks/redaction.py's planted set: at least 200 strings, and the figures docs/assumptions.md gives."""
    import importlib.util
    import sys
    from pathlib import Path

    spec = importlib.util.spec_from_file_location(
        "bench_redaction", Path(__file__).resolve().parents[1] / "benchmarks" / "redaction.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    table = module.measure().set_index("kind")
    assert len(module.cases()) >= 200
    assert table.loc["all", "recall"] >= 0.95 and table.loc["all", "precision"] >= 0.99
    assert table.loc["all", "false on clean text"] <= 1
    assert (table.drop("all")["recall"] >= 0.85).all()
