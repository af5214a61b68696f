"""Removing personal data from what respondents wrote before it is shown, logged or written anywhere.

Each find is replaced by a tag naming what it was: ``[url]`` (web addresses carrying a query string,
a fragment, a password or a long token in their path), ``[email]`` (spelled out too: "jane dot smith
at gmail dot com"), ``[IP address]``, ``[card number]`` (passing the Luhn check), ``[NI number]``,
``[NHS number]``, ``[phone]``, ``[date of birth]`` (a date after "DOB", "born on" ...),
``[postcode]``, ``[address]`` (a house number and a street: "14 Acacia Avenue"), ``[name]`` (after a
title, "my name is", a greeting or sign-off, or a common first name) and ``[handle]`` (``@someone``).
Patterns are deliberately structural (UK phone numbers must have a UK length, NHS and card numbers
must pass their check digit, a first name must be capitalised) so that years, money, percentages,
dates, road names ("A1 road") and ordinary numbers survive, and so do public bodies' names
("Leicestershire Police", "Elmshire County Council"). ``benchmarks/redaction.py`` measures
precision and recall by kind.

First names are a curated list (:data:`FIRST_NAMES`), compiled for consult from given names common
in the UK across generations and communities; no maintained, small PyPI package holds such a list
(names-dataset is hundreds of megabytes; gender-guesser is unmaintained and GPL). Names that are
also common words ("Will", "May", "Grace") count only after a title or with a surname.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

TAGS: dict[str, str] = {
    "url": "[url]",
    "email": "[email]",
    "IP address": "[IP address]",
    "card number": "[card number]",
    "NI number": "[NI number]",
    "NHS number": "[NHS number]",
    "phone": "[phone]",
    "date of birth": "[date of birth]",
    "postcode": "[postcode]",
    "address": "[address]",
    "name": "[name]",
    "handle": "[handle]",
}

FIRST_NAMES = frozenset("""
Aarav Aaron Abdul Abena Abigail Ada Adam Adebayo Adrian Agnes Agnieszka Ahmed Aidan Ailsa Aimee Aisha Alan Albert
Aled Alex Alexander Alfie Alfred Ali Alice Alison Alma Amanda Amar Amelia Amina Amir Amit Amy Andrea Andrew Andrzej
Angela Anil Anita Anjali Ann Anna Anne Annie Anthony Aoife Archie Aria Arjun Arlo Arnold Arthur Arun Asha Ashley
Audrey Ava Ayesha Barbara Barry Beatrice Ben Benjamin Bernard Bert Beryl Beth Bethany Betty Beverley Bilal Billy
Brenda Brian Bridget Bryn Callum Cameron Carl Carlos Carly Caroline Catherine Catriona Cerys Charles Charlie
Charlotte Chidi Chloe Chris Christina Christine Christopher Ciaran Claire Clare Clive Colin Connor Craig Cyril
Dafydd Daniel Danielle Darren Dave David Debbie Deborah Declan Deepak Denise Dennis Derek Diana Diane Dominic Donna
Doris Dorothy Douglas Duncan Dylan Ed Eddie Edith Edna Edward Eileen Elaine Eleanor Elijah Eliza Elizabeth Ella
Ellen Ellie Elsie Emily Emma Eoin Eric Esme Ethan Ethel Euan Evelyn Evie Ewa Ewan Ezra Faisal Farah Fatima Femi
Fergus Finley Finn Fiona Frances Fred Freddie Frederick Freya Funmi Gail Gareth Gary Gavin Gemma Geoffrey George
Georgina Gerald Gethin Gill Gillian Gita Gladys Gloria Gordon Graham Gregory Gurpreet Gwen Hamish Hamza Hannah
Harjit Harold Harper Harpreet Harriet Harrison Harry Harvey Harvinder Hassan Hayley Hazel Helen Henry Herbert Hilda
Howard Hugh Hugo Hussain Ian Ibrahim Imran Irene Isaac Isabel Isabella Isabelle Isla Ivan Iwan Jacob Jacqueline
Jake James Jamie Jane Janet Janice Jasmine Jason Jasper Jaspreet Jayne Jeffrey Jennifer Jenny Jeremy Jessica Jill
Jim Jimmy Jo Joan Joanna Joanne Joe Joel John Jon Jonathan Jose Joseph Josephine Joshua Joyce Jude Judith Julia
Julie Justin Kamal Karen Katarzyna Kate Kath Katherine Kathleen Kathryn Katie Katy Kayleigh Keira Keith Kelly Kemi
Ken Kenneth Kenny Kerry Kevin Khalid Kieran Kim Kiran Kirsty Kofi Krzysztof Kwame Kyle Kylie Laura Lauren Layla
Leah Leanne Lee Leo Leon Les Lesley Leslie Lewis Liam Lilian Linda Lindsay Lindsey Lisa Liz Lizzie Logan Lorraine
Louis Louise Luca Lucas Lucy Luis Luke Lynn Lynne Mabel Madison Magdalena Maggie Malcolm Mandy Manjit Manoj Marcus
Marek Margaret Maria Marie Marilyn Marion Marjorie Martin Martyn Mary Maryam Mason Mateo Matilda Matt Matthew Maud
Maureen Max Meera Megan Melanie Melissa Mia Michael Michelle Mike Mildred Millie Milo Mohamed Mohammad Mohammed
Molly Morag Morgan Muhammad Nadia Naomi Nasreen Natalie Natasha Nathan Nathaniel Neil Nia Niall Niamh Nicholas Nick
Nicky Nicola Nigel Nisha Noah Norma Oakley Oksana Olga Oliver Olivia Omar Oscar Owen Padraig Pamela Parveen
Patricia Patrick Paul Pauline Percy Pete Peter Phil Philip Phillip Phoebe Phyllis Piotr Pooja Priya Quentin Rachel
Rahul Raj Rajesh Rakesh Ralph Ramesh Rani Ravi Raymond Rebecca Reece Reena Reg Reggie Reginald Rhian Rhys Richard
Rita Robert Rodney Roger Rohan Ron Ronald Ronnie Rory Rosemary Rosie Ross Rowan Roy Rupert Russell Ryan Sadia Sajid
Sally Salma Sam Samantha Samira Samuel Sandra Sanjay Sarah Scarlett Scott Seamus Sean Sebastian Shabana Shahid
Sharon Shaun Sheila Shirley Sian Sid Sidney Sienna Simon Siobhan Sofia Sophia Sophie Stacey Stan Steph Stephanie
Stephen Steve Steven Stewart Stuart Sunil Sunita Suresh Susan Suzanne Sybil Sylvia Tanya Tariq Ted Teddy Terence
Teresa Terry Theo Theodore Thomas Tim Timothy Tina Toby Tom Tomasz Tommy Tony Tracey Tracy Trevor Tunde Usman Val
Valerie Vanessa Vera Vic Victor Vijay Vincent Vivienne Walter Warren Wayne Wendy Wilfred William Winifred Yasmin
Yusuf Yvonne Zac Zach Zahid Zainab Zara Zoe
""".split())
"""Common given names in the UK (curated for consult: see the module's docstring)."""

AMBIGUOUS_NAMES = frozenset("""
Amber April Angel Autumn Bill Bob Carol Chase Chelsea Chester Crystal Daisy Dawn Dean Devon Don Earl Eve Faith
Florence Frank Georgia Grace Guy Harmony Heather Holly Hope Hunter Iris Ivy Jack Jade Jean Jordan Joy June Kent Lily
Lincoln Mark Max May Miles Norman Pat Penny Poppy Preston Ray Rich Rob Robin Rose Ruby Sandy Stanley Sue Summer Victoria
Will
""".split())
"""First names that are also words or places: a name only after a title or beside a surname."""

_TITLES = (r"Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Professor|Sir|Dame|Lady|Lord|Rev|Revd|Reverend|Cllr|Councillor|Father|"
           r"Sister|Nurse|Pastor|Rabbi|Imam")
_PLACE_WORDS = frozenset("""
Academy Ambulance Avenue Board Borough Bridge Centre Church Close College Council County Court Crescent Drive
Estate Gardens Group Hall Hospital House Infirmary Lane Library Line Mayor Park Parish Partnership Place Police
Primary Road School Service Services Square Station Street Surgery Terrace Trust University Way Ward Hill Grove Green
Rise View Walk Row Mews Vale Close Court Gate Fields Meadow Meadows Wharf Yard Parade Croft Chase End Co Corp Inc
Ltd Plc Blvd Boulevard Farm Farms Festival Fest Day Days Center Bank Club Market Mall Airport Museum Theatre Theater
Stadium Hotel Foundation Fund Society Association Institute Investor Investors Network Project Programme Show
""".split())
"""Words that make a capitalised run a place or a body rather than a person ("Victoria Station")."""
_NOT_NAMES = frozenset("""
A An And Are As At Be But By Can Could Do Did For From Had Has Have He Her His How I If In Into Is It Its My No Not
Of On Or Our She So That The Their Them Then There These They This To Was We Were What When Where Which Who Why
Will With Would You Your Sir Madam All Team Colleagues Councillors Members Officer Officers
""".split()) | _PLACE_WORDS
_CAPITAL = r"[A-Z][a-z]+(?:[-'][A-Z][a-z]+)?"
_WORD_OR_INITIAL = rf"(?:{_CAPITAL}|[A-Z]\.?)"

_URL = re.compile(r"(?:\bhttps?://|\bwww\.)[^\s<>\"']+", re.IGNORECASE)
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}\b")
_AT = r"(?:\s*[(\[{<]\s*at\s*[)\]}>]\s*|\s+at\s+)"
_DOT = r"(?:\s*[(\[{<]\s*dot\s*[)\]}>]\s*|\s+dot\s+|\.)"
_SPELLED_EMAIL = re.compile(
    rf"(?<![\w.])[A-Za-z0-9][\w+-]*(?:{_DOT}[\w+-]+)*{_AT}[A-Za-z0-9][\w-]*(?:{_DOT}[A-Za-z0-9][\w-]*)*"
    rf"{_DOT}(?:com|org|net|uk|co|gov|ac|edu|io|info|me|biz)\b", re.IGNORECASE)
_SPELLED_EMAIL_HINT = re.compile(r"(?is)\A(?=.*[\s(\[{<]at[\s)\]}>])(?=.*(?:\.|\bdot\b)\W*(?:com|org|net|uk|co|gov|ac|edu|io|info|me|biz)\b)")
_MAIL_HOSTS = re.compile(r"\b(?:gmail|googlemail|hotmail|yahoo|outlook|live|icloud|aol|btinternet|btopenworld|sky|"
                         r"virginmedia|talktalk|ntlworld|protonmail|proton|mail|me|mac|msn|tiscali)\b", re.IGNORECASE)
_IPV4 = re.compile(r"(?<![\d.])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?![\d]|\.\d)")
_IPV6 = re.compile(r"(?<![\w:])(?:[0-9A-Fa-f]{1,4}:){1,7}(?::|(?::?[0-9A-Fa-f]{1,4}){1,7})(?![\w:])")
_CARD = re.compile(r"(?<![\d.,£$€])(?:\d{13,19}|\d{4}([ -])\d{4}\1\d{4}\1\d{1,7}|\d{4}[ -]\d{6}[ -]\d{4,5})(?![\d]|[.,]\d)")
# National Insurance: two letters, six digits and (usually) a letter A-D; spaced (the way HMRC prints them,
# "QQ 12 34 56 C") or not. Prefixes HMRC never issues ("QQ" is its own specimen) are still somebody's typing.
_NI = re.compile(r"\b[A-Z]{2}[ -]?\d{2}[ -]?\d{2}[ -]?\d{2}(?:[ -]?[A-D])?\b|\b[a-z]{2}\d{6}[a-d]\b", re.IGNORECASE)
_NHS = re.compile(r"(?<![\d£$€.,])\b(\d{3})[ -]?(\d{3})[ -]?(\d{4})\b(?![.,]\d|%)")
# a run of digits with single spaces, hyphens, dots or brackets between groups, starting 0 or +
_PHONE = re.compile(r"(?<![\w£$€.,/+-])(?:\+|\(?0)[\d()]*\d(?:[ .-]?\(?\d+\)?){1,6}(?![\w%/]|[.,]\d)")
_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|"
          r"Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)")
_DATE = (rf"(?:\d{{1,2}}[/.-]\d{{1,2}}[/.-](?:\d{{4}}|\d{{2}})|\d{{4}}-\d\d-\d\d|"
         rf"\d{{1,2}}(?:st|nd|rd|th)?(?:\s+of)?\s+{_MONTH}\.?,?\s+\d{{4}}|{_MONTH}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}})")
_DOB = re.compile(
    rf"(\b(?:d\.?\s?o\.?\s?b\.?|date\s+of\s+birth|birth\s?date|born(?:\s+on)?|birthday(?:\s+is)?)"
    rf"(?:\s*(?:is|was|:|-|=)\s*|\s+))({_DATE}|(?<=[:=]\s)\d{{4}}\b|(?<=[:=])\d{{4}}\b)", re.IGNORECASE)
_POSTCODE = re.compile(
    r"\b(?:GIR ?0AA|[A-PR-UWYZ](?:\d[A-HJKPSTUW\d]?|[A-HK-Y]\d[ABEHMNPRVWXY\d]?) ?\d[ABD-HJLNP-UW-Z]{2})\b",
    re.IGNORECASE,
)
_STREETS = (r"Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Close|Drive|Dr|Way|Crescent|Cres|Court|Ct|Place|Pl|Grove|Gardens|"
            r"Gdns|Terrace|Walk|Hill|Row|Square|Sq|Mews|Park|View|Rise|Green|Parade|Boulevard|Croft|Gate|Vale|Wharf|"
            r"Yard|Meadow|Meadows|Fields|Chase|End|Wynd")
_ADDRESS = re.compile(
    rf"(?<![\w£$€.,/-])(?:(?:Flat|Apartment|Apt|Unit)\s+\d+[A-Za-z]?,?\s+)?(?!(?:19|20)\d\d\b)\d{{1,4}}[A-Za-z]?,?\s+"
    rf"(?:{_CAPITAL}(?:'s)?\s+){{1,3}}(?:{_STREETS})\b\.?")
_TITLE_WORDS = frozenset(_TITLES.split("|"))
_AFTER_TITLE = re.compile(rf"\.?\s+({_WORD_OR_INITIAL}(?:\s+{_WORD_OR_INITIAL}){{0,2}})")
_NAME_STARTS = FIRST_NAMES | AMBIGUOUS_NAMES | _TITLE_WORDS
_INTRODUCING = ("name", "call", "signed", "dear", "regards", "sincerely", "thanks,", "from:")
_INTRODUCED = re.compile(
    rf"(\b(?:[Mm]y name is|[Mm]y name's|[Ii] am called|[Ii]'m called|[Cc]all me|[Ss]igned|[Dd]ear|[Rr]egards,?|"
    rf"[Ss]incerely,?|[Tt]hanks,|[Ff]rom:|[Nn]ame:)\s+)({_WORD_OR_INITIAL}(?:\s+{_WORD_OR_INITIAL}){{0,2}})")
_CAPITAL_WORD = re.compile(rf"\b{_CAPITAL}\b")
_SAINTLY = re.compile(r"\b(?:St|Saint|Ste|Port|Fort|Mount|Lake|Loch|King|Queen|Prince|Princess)\.?\s+\Z")
_NEXT_WORD = re.compile(r"\s+([a-z]+)\b")
_FOLLOWING = re.compile(rf"(?:\s+{_WORD_OR_INITIAL}\b){{0,2}}")
_HANDLE = re.compile(r"(?<![\w@.])@(?!(?:home|work|school|night|all|least|most|once|times|best|risk|large)\b)"
                     r"(?=\w*[A-Za-z])\w{2,30}\b")


def _nhs_check_digit_ok(digits: str) -> bool:
    """Whether a 10-digit string passes the NHS number modulus-11 check."""
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1)))
    check = 11 - total % 11
    check = 0 if check == 11 else check
    return check != 10 and check == int(digits[9])


def luhn_ok(digits: str) -> bool:
    """Whether a string of digits passes the Luhn check that payment card numbers carry."""
    total = 0
    for position, digit in enumerate(reversed(digits)):
        value = int(digit) * (2 if position % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def _is_nhs(match: re.Match[str]) -> bool:
    digits = "".join(match.groups())
    return digits[0] != "0" and _nhs_check_digit_ok(digits)


def _is_card(match: re.Match[str]) -> bool:
    digits = re.sub(r"\D", "", match.group(0))
    return 13 <= len(digits) <= 19 and digits[0] != "0" and luhn_ok(digits)


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


def _is_ni(match: re.Match[str]) -> bool:
    """Spaced or hyphenated, the letters must be capitals ("in 12 34 56 a" is not a number)."""
    text = match.group(0)
    return text[:2].isupper() or not re.search(r"[ -]", text)


def _is_secret_url(match: re.Match[str]) -> bool:
    """A web address with a query, fragment, password or a token in its path: where identities hide.

    A token is a piece of the path (between ``/ - _ .``) of 20 or more letters and digits, or of 10 or
    more holding at least two digits and two letters ("8f3a9c2b7d1e"); words and years are not.
    """
    text = match.group(0)
    if any(mark in text for mark in "?#@=;"):
        return True
    path = re.sub(r"(?i)^(?:https?://)?[^/]*", "", text)
    for piece in re.split(r"[/._-]+", path):
        letters, digits = sum(c.isalpha() for c in piece), sum(c.isdigit() for c in piece)
        if len(piece) >= 20 or (len(piece) >= 10 and letters >= 2 and digits >= 2):
            return True
    return False


def _is_spelled_email(match: re.Match[str]) -> bool:
    """A spelled-out address needs a spelled or bracketed "at"/"dot", or a mail provider ("at gmail.com")."""
    text = match.group(0)
    return bool(re.search(r"[(\[{<]\s*at|\bdot\b", text, re.IGNORECASE)) or bool(_MAIL_HOSTS.search(text))


def _is_ipv4(match: re.Match[str]) -> bool:
    """Not a section number ("3.2.1.4"): some part of an address has two digits or more."""
    return any(len(part) > 1 for part in match.group(0).split("."))


def _is_ipv6(match: re.Match[str]) -> bool:
    """Three or more colons, or a ``::``, and hex digits: not a time ("10:30:00")."""
    text = match.group(0)
    return text.count(":") >= 3 and (text.count(":") >= 5 or "::" in text)


def _always(match: re.Match[str]) -> bool:
    return True


_DIGITS = b"0123456789"

# a letter then a digit ("SW1", "B1"), or "R 0" ("GIR 0AA"): every postcode holds one (ſ and the Kelvin sign
# are s and k when case is ignored). Found from the digit (the engine skips to digits), it rules out in a
# quarter of the time the postcode pattern takes the texts that merely hold a number.
_LETTER_DIGIT = re.compile(r"\d(?:(?<=[A-Za-z\u017f\u212a]\d)|(?<=[Rr] 0))")
_DIGIT_DOT_DIGIT = re.compile(r"\d\.\d")

# kind, pattern, check on each match, what the text (and its lower case) must hold for the pattern to be tried,
# and the fewest digits (what \d matches) a match that passes the check holds
_RULES: list[tuple[str, re.Pattern[str], Callable[[re.Match[str]], bool], Callable[[str, str], object] | None,
                   int]] = [
    ("url", _URL, _is_secret_url, lambda text, low: "://" in text or "www." in low, 0),
    ("email", _EMAIL, _always, lambda text, low: "@" in text, 0),
    ("email", _SPELLED_EMAIL, _is_spelled_email, lambda text, low: "at" in low and _SPELLED_EMAIL_HINT.search(low), 0),
    ("IP address", _IPV4, _is_ipv4, lambda text, low: _DIGIT_DOT_DIGIT.search(text), 4),
    ("IP address", _IPV6, _is_ipv6, lambda text, low: text.count(":") >= 3, 0),
    ("card number", _CARD, _is_card, None, 13),
    ("NI number", _NI, _is_ni, None, 6),
    ("NHS number", _NHS, _is_nhs, None, 10),
    ("phone", _PHONE, _is_phone, None, 8),
    ("postcode", _POSTCODE, _is_postcode, lambda text, low: _LETTER_DIGIT.search(text), 1),
    ("address", _ADDRESS, _always, None, 1),
    ("handle", _HANDLE, _always, lambda text, low: "@" in text, 0),
]


def _digit_count(text: str) -> int:
    """How many characters of ``text`` the regular expression ``\\d`` matches."""
    if text.isascii():
        data = text.encode("ascii")
        return len(data) - len(data.translate(None, _DIGITS))
    return sum(map(str.isdecimal, text))


def _person(words: list[str]) -> int:
    """How many of ``words`` (a capitalised run) are a person's name: 0 for a place, a body or a plain word.

    The run is a name when it starts with a first name of :data:`FIRST_NAMES` and is not followed by a
    place word ("Victoria Station"); a first name that is also a word needs a surname beside it.
    """
    first = words[0].split("-")[0]
    if first not in FIRST_NAMES and first not in AMBIGUOUS_NAMES:
        return 0
    if any(word.rstrip(".") in _PLACE_WORDS for word in words[1:]):
        return 0
    length = 1
    for word in words[1:]:
        if word.rstrip(".") in _NOT_NAMES:
            break
        length += 1
    return 0 if length == 1 and first in AMBIGUOUS_NAMES else length


def _name_end(text: str, start: int, words: list[str], keep: int) -> int:
    """Where the first ``keep`` of ``words`` (found from ``start`` in ``text``) end."""
    end = start
    for word in words[:keep]:
        end = text.index(word, end) + len(word)
    return end


def _names(text: str, counts: Counter[str]) -> str:
    """Names after an introduction ("my name is"), after a title, then first names (with surnames) anywhere."""

    def introduced(match: re.Match[str]) -> str:
        if match.group(2).split()[0] in _NOT_NAMES:
            return match.group(0)
        counts["name"] += 1
        return f"{match.group(1)}[name]"

    low = text.lower()
    if any(word in low for word in _INTRODUCING):
        text = _INTRODUCED.sub(introduced, text)
    parts, done = [], 0
    for match in _CAPITAL_WORD.finditer(text):
        word = match.group(0)
        first = word.split("-")[0] if "-" in word else word
        if match.start() < done or first not in _NAME_STARTS:
            continue
        if word in _TITLE_WORDS:
            after = _AFTER_TITLE.match(text, match.end())
            if after is None:
                continue
            start, words = after.start(1), after.group(1).split()
            # after a title, a capital alone is an initial ("Dr A B Jones")
            keep = next((i for i, w in enumerate(words) if len(w.rstrip(".")) > 1 and w.rstrip(".") in _NOT_NAMES),
                        len(words))
        elif (first in FIRST_NAMES or first in AMBIGUOUS_NAMES) and not _SAINTLY.search(
                text, max(0, match.start() - 10), match.start()):
            following = _FOLLOWING.match(text, match.end())
            start, words = match.start(), [word, *following.group(0).split()]
            after = _NEXT_WORD.match(text, following.end())  # "Warren county", "Gary road"
            keep = 0 if after and after.group(1).capitalize() in _PLACE_WORDS else _person(words)
        else:
            continue
        if keep:
            counts["name"] += 1
            parts += [text[done:start], TAGS["name"]]
            done = _name_end(text, start, words, keep)
    return "".join(parts) + text[done:] if parts else text


def redact(text: str) -> tuple[str, Counter[str]]:
    """Replace personal data in ``text`` by tags; return the new text and the count per kind.

    Kinds are the keys of :data:`TAGS`; the counter is empty when nothing was found.
    """
    counts: Counter[str] = Counter()
    digits = _digit_count(text)  # tags hold no digits, so replacing never adds any
    low = text.lower()
    for kind, pattern, accept, needed, fewest_digits in _RULES:
        if digits < fewest_digits or (needed is not None and not needed(text, low)):
            continue

        def replace(match: re.Match[str], kind: str = kind, accept=accept) -> str:
            if not accept(match):
                return match.group(0)
            counts[kind] += 1
            return TAGS[kind]

        text = pattern.sub(replace, text)
    text = _dob(text, counts) if digits else text
    if not text.islower():
        text = _names(text, counts)
    return text, counts


def _dob(text: str, counts: Counter[str]) -> str:
    """Dates after "DOB", "date of birth", "born (on)", "birthday (is)" replaced, the words kept."""
    low = text.lower()
    if "born" not in low and "birth" not in low and "dob" not in low and "d.o" not in low and "d o b" not in low:
        return text

    def replace(match: re.Match[str]) -> str:
        counts["date of birth"] += 1
        return f"{match.group(1)}{TAGS['date of birth']}"

    return _DOB.sub(replace, text)


def redact_text(text: str) -> str:
    """``text`` with personal data replaced by tags (see :func:`redact`)."""
    return redact(text)[0]


def describe(counts: Counter[str]) -> str:
    """What redaction found, for the cleaning log: ``"email×1, phone×2"`` (kinds in tag order)."""
    return ", ".join(f"{kind}×{counts[kind]}" for kind in TAGS if counts[kind])
