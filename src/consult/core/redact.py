"""Removing personal data from free text before it is shown or written anywhere.

Each find is replaced by a tag naming what it was: ``[email]``, ``[phone]``, ``[postcode]``,
``[url]`` (web addresses carrying a query string, where tokens and e-mail addresses hide),
``[NI number]`` and ``[NHS number]``. Patterns are deliberately structural (UK phone numbers
must have a UK length, NHS numbers must pass their check digit) so that years, money,
percentages, dates, road names ("A1 road") and ordinary numbers survive.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

TAGS: dict[str, str] = {
    "url": "[url]",
    "email": "[email]",
    "NI number": "[NI number]",
    "NHS number": "[NHS number]",
    "phone": "[phone]",
    "postcode": "[postcode]",
}

_URL = re.compile(r"(?:\bhttps?://|\bwww\.)[^\s<>\"']*\?[^\s<>\"']*", re.IGNORECASE)
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}\b")
# National Insurance: two prefix letters (D, F, I, Q, U, V never; O not second), six digits, A-D
_NI = re.compile(
    r"\b(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b",
    re.IGNORECASE,
)
_NHS = re.compile(r"(?<![\d£$€.,])\b(\d{3})[ -]?(\d{3})[ -]?(\d{4})\b(?![.,]\d|%)")
# a run of digits with single spaces, hyphens, dots or brackets between groups, starting 0 or +
_PHONE = re.compile(r"(?<![\w£$€.,/+-])(?:\+|\(?0)[\d()]*\d(?:[ .-]?\(?\d+\)?){1,6}(?![\w%/]|[.,]\d)")
_POSTCODE = re.compile(
    r"\b(?:GIR ?0AA|[A-PR-UWYZ](?:\d[A-HJKPSTUW\d]?|[A-HK-Y]\d[ABEHMNPRVWXY\d]?) ?\d[ABD-HJLNP-UW-Z]{2})\b",
    re.IGNORECASE,
)


def _nhs_check_digit_ok(digits: str) -> bool:
    """Whether a 10-digit string passes the NHS number modulus-11 check."""
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1)))
    check = 11 - total % 11
    check = 0 if check == 11 else check
    return check != 10 and check == int(digits[9])


def _is_nhs(match: re.Match[str]) -> bool:
    digits = "".join(match.groups())
    return digits[0] != "0" and _nhs_check_digit_ok(digits)


def _is_phone(match: re.Match[str]) -> bool:
    text = match.group(0)
    digits = re.sub(r"\D", "", text)
    if text.startswith("+44"):
        national = digits[2:]
        national = national[1:] if national.startswith("0") else national
        return len(national) in (9, 10)
    if text.startswith("+"):
        return 8 <= len(digits) <= 15
    return len(digits) in (10, 11) and digits[1] != "0"


def _is_postcode(match: re.Match[str]) -> bool:
    """Reject lower-case look-alikes ending in an ordinal ("the B1 4th"); upper case is a postcode."""
    text = match.group(0)
    return text.isupper() or not re.search(r"\d(?:st|nd|rd|th)$", text, re.IGNORECASE)


def _always(match: re.Match[str]) -> bool:
    return True


_DIGITS = b"0123456789"

# a letter then a digit ("SW1", "B1"), or "R 0" ("GIR 0AA"): every postcode holds one (ſ and the Kelvin sign
# are s and k when case is ignored). Found from the digit (the engine skips to digits), it rules out in a
# quarter of the time the postcode pattern takes the texts that merely hold a number.
_LETTER_DIGIT = re.compile(r"\d(?:(?<=[A-Za-z\u017f\u212a]\d)|(?<=[Rr] 0))")

# kind, pattern, check on each match, what the text must hold for the pattern to be tried (searched for), and
# the fewest digits (what \d matches) a match that passes the check holds
_RULES: list[tuple[str, re.Pattern[str], Callable[[re.Match[str]], bool], re.Pattern[str] | None, int]] = [
    ("url", _URL, _always, re.compile(r"\?"), 0),
    ("email", _EMAIL, _always, re.compile("@"), 0),
    ("NI number", _NI, _always, None, 6),
    ("NHS number", _NHS, _is_nhs, None, 10),
    ("phone", _PHONE, _is_phone, None, 8),
    ("postcode", _POSTCODE, _is_postcode, _LETTER_DIGIT, 1),
]


def _digit_count(text: str) -> int:
    """How many characters of ``text`` the regular expression ``\\d`` matches."""
    if text.isascii():
        data = text.encode("ascii")
        return len(data) - len(data.translate(None, _DIGITS))
    return sum(map(str.isdecimal, text))


def redact(text: str) -> tuple[str, Counter[str]]:
    """Replace personal data in ``text`` by tags; return the new text and the count per kind.

    Kinds are the keys of :data:`TAGS` (``email``, ``phone``, ``postcode``, ``url``,
    ``NI number``, ``NHS number``); the counter is empty when nothing was found.
    """
    counts: Counter[str] = Counter()
    digits = _digit_count(text)  # tags hold no digits, so replacing never adds any
    if not digits and "@" not in text and "?" not in text:
        return text, counts  # every pattern needs a digit, an @ or a ?: most answers skip them all
    for kind, pattern, accept, needed, fewest_digits in _RULES:
        if digits < fewest_digits or (needed is not None and not needed.search(text)):
            continue

        def replace(match: re.Match[str], kind: str = kind, accept=accept) -> str:
            if not accept(match):
                return match.group(0)
            counts[kind] += 1
            return TAGS[kind]

        text = pattern.sub(replace, text)
    return text, counts


def redact_text(text: str) -> str:
    """``text`` with personal data replaced by tags (see :func:`redact`)."""
    return redact(text)[0]


def describe(counts: Counter[str]) -> str:
    """What redaction found, for the cleaning log: ``"email×1, phone×2"`` (kinds in tag order)."""
    return ", ".join(f"{kind}×{counts[kind]}" for kind in TAGS if counts[kind])
