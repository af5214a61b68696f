"""Write the bundled SYNTHETIC example consultation: two cycles of a Citizen Space export.

Usage::

    python scripts/make_example.py            # rewrites data/raw/example/ and data/raw/example-2028/
    python scripts/make_example.py --root DIR # writes DIR/data/raw/... instead

The data are invented for demonstration and testing; no real person or response is in them.
They model an English county council's consultation on a draft Community Safety Strategy in
a two-tier area (the fictional county of Elmshire and its five districts): closed agree/disagree
questions, a yes/no question, a tick-all-that-apply question, two free-text questions, and the
mess of a real export (label variants, mojibake, an exact duplicate, a resubmission, a campaign,
non-answers, personal data in the text, non-breaking spaces, a UTF-8 byte-order mark).

The output is deterministic: only ``random.Random(seed).random()`` is drawn, whose sequence
Python keeps stable across versions, so every run writes byte-identical files.

The text and tables it draws on (theme sentences, phrases, answer labels, places, organisations,
theme weights, the two cycles and the README template) are YAML files in ``example_text/`` beside
this script; editing them changes the generated data.
"""

from __future__ import annotations

import argparse
import csv
import io
import math
import random
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import yaml

from consult.core.files import write_bytes, write_text

EXPORT_NAME = "community-safety-strategy-responses.csv"

# ----------------------------------------------------------------------------- the export's columns
COL_ID = "Response ID"
COL_SUBMITTED = "Submitted"
COL_CAPACITY = "Are you responding as an individual or on behalf of an organisation?"
COL_ORG_NAME = "What is the name of your organisation?"
COL_PARTNER = "Which type of organisation are you responding on behalf of?"
COL_AREA = "In which district do you live or, for organisations, mainly work?"
COL_Q1 = "1. To what extent do you agree or disagree that the purpose and aims of the Strategy are clear?"
COL_Q2 = (
    "2. To what extent do you agree or disagree that the Strategy reflects the County Council's role "
    "within a two-tier local authority structure?"
)
COL_Q3 = "3. To what extent do you agree or disagree with the proposed priorities?"
COL_Q3A = "3a. Please explain your answer"
COL_PRIORITIES = "3b. Which of the proposed priorities matter most to you? (tick all that apply)"
COL_Q4 = (
    "4. To what extent do you agree or disagree that the Strategy will make a difference to community "
    "safety in your area?"
)
COL_Q5 = "5. Do you have any other comments on the draft Strategy?"
COL_ASB = "6. Have you been affected by anti-social behaviour in the last 12 months?"
COL_EMAIL = "If you would like to be kept informed about the Strategy, please give your e-mail address"

# The equality-monitoring questions ("About you", individuals only): example_text/equality.yaml
EQUALITY: dict[str, Any] = yaml.safe_load((Path(__file__).parent / "example_text" / "equality.yaml").read_text("utf-8"))
EQUALITY_COLUMNS = tuple(q["column"] for q in EQUALITY["questions"])

COLUMNS = (
    COL_ID, COL_SUBMITTED, COL_CAPACITY, COL_ORG_NAME, COL_PARTNER, COL_AREA,
    COL_Q1, COL_Q2, COL_Q3, COL_Q3A, COL_PRIORITIES, COL_Q4, COL_Q5, COL_ASB, *EQUALITY_COLUMNS, COL_EMAIL,
)
AGREE_COLUMNS = {"q1": COL_Q1, "q2": COL_Q2, "q3": COL_Q3, "q4": COL_Q4}
TEXT_COLUMNS = {"q3a": COL_Q3A, "q5": COL_Q5}  # the free-text questions, as example_text/ names them

PRIORITIES = (
    "Tackling domestic abuse",
    "Reducing anti-social behaviour",
    "Serious violence and county lines",
    "Road safety",
    "Reducing reoffending",
    "Safeguarding vulnerable people",
)

# ----------------------------------------------------------------------------- text and tables
# The sentence pools and text tables live in YAML files beside this script, one per kind.
TEXT_DIR = Path(__file__).parent / "example_text"


def load_text(name: str) -> Any:
    """``example_text/<name>.yaml`` with every list in it as a tuple, the type the generator keeps its pools in."""
    return _frozen(yaml.safe_load((TEXT_DIR / f"{name}.yaml").read_text(encoding="utf-8")))


def _frozen(value: Any) -> Any:
    """``value`` with its lists, however deeply nested, as tuples."""
    if isinstance(value, list):
        return tuple(_frozen(item) for item in value)
    if isinstance(value, dict):
        return {key: _frozen(item) for key, item in value.items()}
    return value


# ----------------------------------------------------------------------------- places and people
@dataclass(frozen=True)
class District:
    name: str
    council: str
    rural: bool
    town: str
    villages: tuple[str, ...]


_PLACES = load_text("places_and_people")
DISTRICTS = tuple(District(**district) for district in _PLACES["districts"])
DISTRICT_WEIGHTS: tuple[float, ...] = _PLACES["district_weights"]
COUNTYWIDE = "County-wide / more than one district"
OUTSIDE = "Outside Elmshire"

_ORGANISATIONS = load_text("organisations")
_PARISHES = tuple(f"{v} Parish Council" for d in DISTRICTS for v in d.villages)  # before the town councils
PARTNER_TYPES: dict[str, tuple[float, tuple[str, ...]]] = {  # export label -> share of organisations, names
    kind: (row["share"], (_PARISHES if kind == "Parish or town council" else ()) + row["names"])
    for kind, row in _ORGANISATIONS["partner_types"].items()
}
COUNTYWIDE_PARTNERS = set(_ORGANISATIONS["countywide_partners"])

FIRST_NAMES: tuple[str, ...] = _PLACES["first_names"]
SURNAMES: tuple[str, ...] = _PLACES["surnames"]
MAIL_DOMAINS: tuple[str, ...] = _PLACES["mail_domains"]

# ----------------------------------------------------------------------------- answer labels as exported
# canonical option -> ((label as it appears in the export, weight), ...)
_LABELS = load_text("labels")
AGREE_LABELS: dict[str, tuple[tuple[str, float], ...]] = _LABELS["agree"]
YES_NO_LABELS: dict[str, tuple[tuple[str, float], ...]] = _LABELS["yes_no"]
CAPACITY_LABELS: dict[str, tuple[tuple[str, float], ...]] = _LABELS["capacity"]

# ----------------------------------------------------------------------------- free text
# Theme -> tone -> sentences. "+" supportive, "-" critical (both written as residents write),
# "o" the longer, formal register of a partner organisation. {town} and {village} are the
# respondent's own places.
THEMES: dict[str, dict[str, tuple[str, ...]]] = load_text("themes")

_PHRASES = load_text("phrases")
OPENERS: dict[str, tuple[str, ...]] = _PHRASES["openers"]  # for "3a. Please explain your answer", by stance on 3
ORG_OPENERS: tuple[str, ...] = _PHRASES["org_openers"]
ORG_CLOSERS: tuple[str, ...] = _PHRASES["org_closers"]
# Sentences only some kinds of organisation would write, by how they begin -> those partner types.
ONLY_FOR: dict[str, tuple[str, ...]] = _ORGANISATIONS["only_for"]
# How residents lead into a sentence that starts with one of LEAD_IN_STARTS, and asides they add.
LEAD_INS: tuple[str, ...] = _PHRASES["lead_ins"]
LEAD_IN_STARTS: tuple[str, ...] = _PHRASES["lead_in_starts"]
ASIDES: tuple[str, ...] = _PHRASES["asides"]
NON_ANSWERS: tuple[str, ...] = _PHRASES["non_answers"]
TYPOS: tuple[tuple[str, str], ...] = _PHRASES["typos"]  # (right, wrong)
PII_SNIPPETS: tuple[tuple[str, str], ...] = _PHRASES["pii_snippets"]  # (kind, text) planted in a few answers


@dataclass(frozen=True)
class Campaign:
    """One organised text pasted by several respondents (a few with trivial edits)."""

    column: str
    district: str
    author: str
    text: str
    copies: int
    edited: int  # how many of the copies have a trivial edit of case or punctuation


@dataclass(frozen=True)
class Cycle:
    """One run of the consultation: its size, dates, attitudes and themes."""

    folder: str
    seed: int
    n_respondents: int
    start: date
    end: date
    means: dict[str, float]  # latent mean of each agree question; higher is more agreement
    theme_weight: dict[str, float]  # multiplies every theme's weight this cycle (absent = 1)
    campaign: Campaign
    description: str


def _cycle(row: dict[str, Any]) -> Cycle:
    """A cycle as cycles.yaml gives it, its campaign's question named by its column."""
    campaign = Campaign(**{**row["campaign"], "column": TEXT_COLUMNS[row["campaign"]["column"]]})
    return Cycle(**{**row, "campaign": campaign})


CYCLES = tuple(_cycle(row) for row in load_text("cycles"))

# Theme weights before a respondent's profile is applied, by question, and each partner type's multipliers.
_THEME_WEIGHTS = load_text("theme_weights")
BASE_WEIGHTS: dict[str, dict[str, float]] = {
    TEXT_COLUMNS[qid]: weights for qid, weights in _THEME_WEIGHTS["by_question"].items()
}
PARTNER_THEMES: dict[str, dict[str, float]] = _THEME_WEIGHTS["by_partner"]


# ----------------------------------------------------------------------------- randomness
class Dice:
    """Draws built only on ``random.Random.random()``, whose sequence is stable across Python versions."""

    def __init__(self, seed: int) -> None:
        self._rng = random.Random(seed)

    def random(self) -> float:
        """A float in [0, 1)."""
        return self._rng.random()

    def chance(self, p: float) -> bool:
        """True with probability ``p``."""
        return self._rng.random() < p

    def below(self, n: int) -> int:
        """An int in [0, n)."""
        return min(int(self._rng.random() * n), n - 1)

    def pick(self, items: Sequence[str]) -> str:
        """One of ``items``, uniformly."""
        return items[self.below(len(items))]

    def weighted(self, items: Sequence[str], weights: Sequence[float]) -> str:
        """One of ``items`` with probability proportional to its weight."""
        total = sum(weights)
        point = self._rng.random() * total
        for item, weight in zip(items, weights, strict=True):
            point -= weight
            if point < 0:
                return item
        return items[-1]

    def label(self, variants: Sequence[tuple[str, float]]) -> str:
        """One spelling from ``(spelling, weight)`` pairs."""
        return self.weighted([v for v, _ in variants], [w for _, w in variants])

    def shuffled(self, items: Sequence[str]) -> list[str]:
        """A new list of ``items`` in random order."""
        pool, out = list(items), []
        while pool:
            out.append(pool.pop(self.below(len(pool))))
        return out

    def normal(self) -> float:
        """Approximately standard normal (Irwin-Hall sum of 12 uniforms)."""
        return sum(self._rng.random() for _ in range(12)) - 6.0


# ----------------------------------------------------------------------------- respondents
@dataclass
class Respondent:
    """One person or organisation and the answers they gave."""

    rid: str
    submitted: datetime
    paper: bool
    organisation: bool
    partner: str = ""
    org_name: str = ""
    district: District | None = None
    area: str = ""
    attitude: float = 0.0
    answers: dict[str, str] = field(default_factory=dict)  # column -> exported text
    positions: dict[str, str] = field(default_factory=dict)  # agree question id -> SA/A/N/D/SD/DK/""

    @property
    def rural(self) -> bool:
        """Whether they live or work in one of the two rural districts."""
        return self.district is not None and self.district.rural

    def places(self, dice: Dice) -> dict[str, str]:
        """Their town, one of their villages and their organisation, to fill a sentence's {placeholders}."""
        district = self.district or DISTRICTS[dice.below(len(DISTRICTS))]
        return {"town": district.town, "village": dice.pick(district.villages), "org": self.org_name}


def response_id(dice: Dice, prefix: str, taken: set[str]) -> str:
    """A Citizen Space style id, ``ANON-1A2B-3C4D-5`` (online) or ``BHLF-...`` (keyed in), unused so far."""
    chars = "ABCDEFGHJKMNPQRSTUVWXYZ0123456789"
    while True:
        body = "".join(chars[dice.below(len(chars))] for _ in range(9))
        rid = f"{prefix}-{body[:4]}-{body[4:8]}-{body[8]}"
        if rid not in taken:
            taken.add(rid)
            return rid


def submitted_at(dice: Dice, cycle: Cycle, paper: bool) -> datetime:
    """A submission time: online ones cluster after launch and before the deadline; paper ones in office hours."""
    days = (cycle.end - cycle.start).days
    if paper:
        day = min(days, 7 + dice.below(days))
        moment = datetime(cycle.start.year, cycle.start.month, cycle.start.day, 9) + timedelta(days=day)
        return moment + timedelta(seconds=dice.below(8 * 3600))
    u = dice.random()
    fraction = u * 0.25 if u < 0.3 else (1 - dice.random() * 0.2 if u > 0.75 else dice.random())
    day = min(days, int(fraction * (days + 1)))
    moment = datetime(cycle.start.year, cycle.start.month, cycle.start.day, 7) + timedelta(days=day)
    return moment + timedelta(seconds=dice.below(16 * 3600 + 1800))


def partner_quota(n_orgs: int) -> list[str]:
    """Partner types for ``n_orgs`` organisations in proportion to their shares, at least one of each."""
    shares = {name: share for name, (share, _) in PARTNER_TYPES.items()}
    counts = {name: max(1, round(share * n_orgs)) for name, share in shares.items()}
    largest = max(counts, key=lambda name: counts[name])
    counts[largest] += n_orgs - sum(counts.values())
    return [name for name, count in counts.items() for _ in range(count)]


def agree_position(dice: Dice, qid: str, person: Respondent, cycle: Cycle) -> str:
    """One agree/disagree answer (SA/A/N/D/SD/DK or blank) from the respondent's attitude and group."""
    dont_know = {"q1": 0.04, "q2": 0.16, "q3": 0.04, "q4": 0.08}[qid]
    blank = {"q1": 0.015, "q2": 0.04, "q3": 0.02, "q4": 0.03}[qid]
    if person.organisation:
        dont_know /= 3
    u = dice.random()
    if u < blank:
        return ""
    if u < blank + dont_know:
        return "DK"
    shift = 0.0
    if person.organisation:
        shift += {"q1": 0.55, "q2": -0.1, "q3": 0.3, "q4": 0.15}[qid]
        if person.partner == "District or borough council" and qid == "q2":
            shift -= 0.9
        if person.partner == "Parish or town council":
            shift -= {"q1": 0.2, "q2": 0.3, "q3": 0.4, "q4": 0.5}[qid]
    elif person.rural:
        shift -= {"q1": 0.05, "q2": 0.1, "q3": 0.35, "q4": 0.75}[qid]
    loading = 0.45 if qid == "q2" else 0.8
    spread = 0.45 if qid == "q2" else 0.7
    y = cycle.means[qid] + shift + loading * person.attitude + spread * dice.normal()
    if qid == "q2" and abs(y - 0.3) < 0.3:
        return "N"
    for cut, position in ((1.25, "SA"), (0.3, "A"), (-0.25, "N"), (-1.15, "D")):
        if y > cut:
            return position
    return "SD"


def stance(position: str) -> str:
    """agree / neutral / disagree for an SA..SD/DK position."""
    return {"SA": "agree", "A": "agree", "D": "disagree", "SD": "disagree"}.get(position, "neutral")


def priorities(dice: Dice, person: Respondent) -> str:
    """The ticked priorities, in the form's order, joined by ";" (blank for some)."""
    if dice.chance(0.06):
        return ""
    chance = {
        "Tackling domestic abuse": 0.55, "Reducing anti-social behaviour": 0.5 + (0.25 if person.rural else 0),
        "Serious violence and county lines": 0.35 + (0 if person.rural else 0.1),
        "Road safety": 0.3 + (0.25 if person.rural else 0), "Reducing reoffending": 0.2,
        "Safeguarding vulnerable people": 0.4,
    }
    if person.partner == "Probation":
        chance["Reducing reoffending"] = 0.9
    if person.partner in ("NHS or health organisation", "Voluntary and community sector"):
        chance["Safeguarding vulnerable people"] = 0.8
    ticked = [option for option in PRIORITIES if dice.chance(chance[option])]
    return ";".join(ticked or [dice.pick(PRIORITIES)])


# ----------------------------------------------------------------------------- free text
def theme_weights(column: str, person: Respondent, cycle: Cycle, position: str) -> dict[str, float]:
    """How likely each theme is in this person's answer to ``column``."""
    weights = {}
    for theme, weight in BASE_WEIGHTS[column].items():
        weight *= cycle.theme_weight.get(theme, 1.0)
        weight *= PARTNER_THEMES.get(person.partner, {}).get(theme, 1.0)
        if not person.organisation:
            if person.rural:
                weight *= {"rural_asb": 3.0, "road_safety": 2.0, "police_visibility": 1.5, "drugs": 0.5,
                           "retail_crime": 0.4, "e_scooters": 0.3}.get(theme, 1.0)
            else:
                weight *= {"rural_asb": 0.15, "drugs": 1.5, "e_scooters": 1.5, "retail_crime": 1.5}.get(theme, 1.0)
        side = stance(position)
        if side == "disagree":
            weight *= {"funding": 1.6, "police_visibility": 1.6, "rural_asb": 1.4, "county_role": 1.4,
                       "measures": 1.3, "domestic_abuse": 0.6}.get(theme, 1.0)
        elif side == "agree":
            weight *= {"domestic_abuse": 1.5, "youth": 1.2, "drugs": 1.2}.get(theme, 1.0)
        if weight > 0:
            weights[theme] = weight
    return weights


class Writer:
    """Composes free-text answers from the theme sentences, using each sentence sparingly."""

    def __init__(self, dice: Dice) -> None:
        self.dice = dice
        self.used: Counter[str] = Counter()
        self.answers: Counter[str] = Counter()

    def sentence(self, pool: Sequence[str], speaker: str = "") -> str:
        """A sentence from ``pool`` that ``speaker`` (a partner type) could write, the less used the likelier."""
        fits = [s for s in pool if speaker in next((who for start, who in ONLY_FOR.items() if s.startswith(start)),
                                                   (speaker,))]
        return self.dice.weighted(fits, [1.0 / (1 + self.used[s]) ** 2 for s in fits])

    def compose(self, column: str, person: Respondent, cycle: Cycle, position: str) -> str:
        """One answer of one to six sentences; never the same wording more than twice."""
        for _ in range(50):
            text, parts = self._draft(column, person, cycle, position)
            key = re.sub(r"[^a-z]", "", text.lower())
            if self.answers[key] < 2:
                break
        self.answers[key] += 1
        self.used.update(parts)
        return text

    def _draft(self, column: str, person: Respondent, cycle: Cycle, position: str) -> tuple[str, list[str]]:
        """A candidate answer and the pool sentences it used."""
        dice = self.dice
        side = stance(position)
        weights = theme_weights(column, person, cycle, position)
        if person.organisation:
            n_themes = int(dice.weighted("123", (0.15, 0.5, 0.35)))
        else:
            n_themes = int(dice.weighted("123", (0.62, 0.32, 0.06)))
        themes: list[str] = []
        while len(themes) < min(n_themes, len(weights)):
            names = [t for t in weights if t not in themes]
            themes.append(dice.weighted(names, [weights[t] for t in names]))
        parts: list[str] = []
        if person.organisation and dice.chance(0.65):
            parts.append(self.sentence(ORG_OPENERS, person.partner))
        elif not person.organisation and column == COL_Q3A and dice.chance(0.35):
            parts.append(self.sentence(OPENERS[side]))
        for theme in themes:
            tone = self.tone(person, side)
            pool = THEMES[theme][tone] or THEMES[theme]["-"]
            for _ in range(2 if person.organisation and dice.chance(0.3) else 1):
                parts.append(self.sentence(pool, person.partner))
        if person.organisation and dice.chance(0.3):
            parts.append(self.sentence(ORG_CLOSERS, person.partner))
        parts = list(dict.fromkeys(parts))
        places = person.places(dice)
        sentences = [p.format(**places) for p in parts]
        if person.organisation:
            return join_sentences(dice, sentences, formal=True), parts
        sentences = [self.lead_in(sentence) for sentence in sentences]
        if dice.chance(0.07):
            sentences.append(dice.pick(ASIDES))
        return roughen(dice, join_sentences(dice, sentences, formal=False)), parts

    def tone(self, person: Respondent, side: str) -> str:
        """The register of the next sentence: formal for organisations, else by the person's view."""
        if person.organisation:
            return "o"
        critical = {"agree": 0.3, "neutral": 0.65, "disagree": 0.92}[side]
        return "-" if self.dice.chance(critical) else "+"

    def lead_in(self, sentence: str) -> str:
        """Sometimes "I think the ..." for "The ..."."""
        if sentence.startswith(LEAD_IN_STARTS) and self.dice.chance(0.25):
            return self.dice.pick(LEAD_INS) + sentence[0].lower() + sentence[1:]
        return sentence


def join_sentences(dice: Dice, parts: list[str], formal: bool) -> str:
    """Sentences joined as people join them: spaces, the odd run-on, line breaks in longer letters."""
    if formal and len(parts) > 2 and dice.chance(0.35):
        return "\n\n".join(parts)
    text = parts[0]
    for part in parts[1:]:
        if not formal and text.endswith(".") and dice.chance(0.15):
            text = text[:-1] + dice.pick((", ", " and ", " - ")) + part[0].lower() + part[1:]
        else:
            text += ("  " if dice.chance(0.08) else " ") + part
    return text


def roughen(dice: Dice, text: str) -> str:
    """A resident's typing: lower case, a missing full stop, a typo, curly apostrophes."""
    if dice.chance(0.09):
        text = text.lower()
    if text.endswith(".") and dice.chance(0.2):
        text = text[:-1]
    if dice.chance(0.14):
        found = [(right, wrong) for right, wrong in TYPOS if right in text]
        if found:
            right, wrong = found[dice.below(len(found))]
            text = text.replace(right, wrong, 1)
    if dice.chance(0.3):
        text = text.replace("'", "\u2019")
    return text


# ----------------------------------------------------------------------------- one cycle
def make_respondents(cycle: Cycle) -> tuple[list[Respondent], Dice, Writer]:
    """Every respondent of ``cycle`` with all answers, before the export's mess is added."""
    dice = Dice(cycle.seed)
    writer = Writer(dice)
    n_orgs = round(cycle.n_respondents * 0.15)
    kinds = dice.shuffled(["org"] * n_orgs + ["ind"] * (cycle.n_respondents - n_orgs))
    partners = dice.shuffled(partner_quota(n_orgs))
    names_left = {name: dice.shuffled(names) for name, (_, names) in PARTNER_TYPES.items()}
    taken: set[str] = set()
    people = []
    for kind in kinds:
        organisation = kind == "org"
        paper = dice.chance(0.12 if organisation else 0.07)
        person = Respondent(response_id(dice, "BHLF" if paper else "ANON", taken),
                            submitted_at(dice, cycle, paper), paper, organisation)
        if organisation:
            person.partner = partners.pop()
            left = names_left[person.partner]
            person.org_name = left.pop() if left else dice.pick(PARTNER_TYPES[person.partner][1])
        set_area(dice, person)
        person.attitude = dice.normal()
        answer_closed(dice, person, cycle)
        answer_text(dice, writer, person, cycle)
        people.append(person)
    return people, dice, writer


def set_area(dice: Dice, person: Respondent) -> None:
    """The district: county-wide partners say so; councils and parishes sit in theirs."""
    if person.partner in COUNTYWIDE_PARTNERS and dice.chance(0.8):
        person.area = COUNTYWIDE
        return
    for district in DISTRICTS:
        if person.org_name.startswith((district.name, district.town)) or any(
            person.org_name.startswith(v) for v in district.villages
        ):
            person.district, person.area = district, district.name
            return
    u = dice.random()
    if u < 0.015:
        person.area = ""
    elif u < 0.035:
        person.area = OUTSIDE
    else:
        names = [d.name for d in DISTRICTS]
        person.district = DISTRICTS[names.index(dice.weighted(names, DISTRICT_WEIGHTS))]
        person.area = person.district.name


def answer_closed(dice: Dice, person: Respondent, cycle: Cycle) -> None:
    """Capacity, organisation, the agree questions, the priorities, the ASB question and the e-mail."""
    a = person.answers
    a[COL_CAPACITY] = dice.label(CAPACITY_LABELS["organisation" if person.organisation else "individual"])
    a[COL_ORG_NAME] = person.org_name if not dice.chance(0.03) else ""
    if not person.organisation and dice.chance(0.01):
        a[COL_ORG_NAME] = dice.pick(("N/A", "n/a", "none"))
    a[COL_PARTNER] = person.partner
    a[COL_AREA] = person.area
    for qid, column in AGREE_COLUMNS.items():
        person.positions[qid] = agree_position(dice, qid, person, cycle)
        a[column] = dice.label(AGREE_LABELS[person.positions[qid]])
    a[COL_PRIORITIES] = priorities(dice, person)
    affected = 0.5 if person.rural else 0.35
    affected += 0.1 if person.attitude < -0.5 else 0.0
    u = dice.random()
    outcome = "" if u < 0.03 else ("Not sure" if u < 0.1 else ("Yes" if dice.chance(affected) else "No"))
    a[COL_ASB] = "" if person.organisation and dice.chance(0.5) else dice.label(YES_NO_LABELS[outcome])
    keep_informed = 0.6 if person.organisation else (0.05 if person.paper else 0.3)
    a[COL_EMAIL] = email(dice, person) if dice.chance(keep_informed) else ""


def email(dice: Dice, person: Respondent) -> str:
    """A made-up address at a reserved example domain."""
    first, last = dice.pick(FIRST_NAMES), dice.pick(SURNAMES)
    style = dice.below(4)
    local = (f"{first}.{last}", f"{first[0]}{last}", f"{first}{last}{10 + dice.below(80)}", f"{first}_{last}")[style]
    if person.organisation:
        slug = re.sub(r"[^a-z]+", "", person.org_name.lower())[:18] or "office"
        return f"{local}@{slug}.example.org"
    return f"{local}@{dice.pick(MAIL_DOMAINS)}"


def answer_text(dice: Dice, writer: Writer, person: Respondent, cycle: Cycle) -> None:
    """Question 3a (~60%) and question 5 (~40%), with some non-answers."""
    q3 = person.positions["q3"]
    side = stance(q3)
    p3a = 0.9 if person.organisation else {"agree": 0.52, "neutral": 0.6, "disagree": 0.75}[side]
    p5 = 0.7 if person.organisation else (0.45 if person.paper else 0.33)
    overall = person.positions["q4"] or person.positions["q1"]
    person.answers[COL_Q3A] = free_text(dice, writer, COL_Q3A, person, cycle, q3, p3a, 0.04)
    person.answers[COL_Q5] = free_text(dice, writer, COL_Q5, person, cycle, overall, p5, 0.16)


def free_text(dice: Dice, writer: Writer, column: str, person: Respondent, cycle: Cycle,
              position: str, p_answer: float, p_non_answer: float) -> str:
    """An answer to ``column`` with probability ``p_answer``; for individuals sometimes a non-answer."""
    if not dice.chance(p_answer):
        return ""
    if not person.organisation and dice.chance(p_non_answer):
        return dice.pick(NON_ANSWERS if column == COL_Q5 else NON_ANSWERS[:8])
    return writer.compose(column, person, cycle, position)


# ----------------------------------------------------------------------------- the export's mess
@dataclass(frozen=True)
class Mess:
    """What was planted, for the README and the tests."""

    duplicate_id: str
    resubmitted_id: str
    campaign_ids: tuple[str, ...]
    pii: tuple[tuple[str, str, str], ...]  # (response id, column, kind)



def plant_campaign(dice: Dice, people: list[Respondent], campaign: Campaign) -> tuple[str, ...]:
    """Give the campaign's text to individuals in its district, most verbatim, a few lightly edited."""
    district = next(d for d in DISTRICTS if d.name == campaign.district)
    chosen = [p for p in people if p.district is district and not p.organisation and not p.paper][: campaign.copies]
    edits = (
        lambda t: t.lower(),
        lambda t: t.rstrip(".").replace(". ", ".  "),
        lambda t: t.replace("'", "\u2019"),
        lambda t: t.replace("County Council", "county council").replace(",", ""),
    )
    for index, person in enumerate(chosen):
        text = campaign.text if index >= campaign.edited else edits[index % len(edits)](campaign.text)
        person.answers[campaign.column] = text
        if campaign.column == COL_Q3A:
            person.positions["q3"] = dice.pick(("D", "SD", "SD"))
            person.answers[COL_Q3] = dice.label(AGREE_LABELS[person.positions["q3"]])
    return tuple(p.rid for p in chosen)


def plant_pii(dice: Dice, people: list[Respondent], skip: set[str]) -> tuple[tuple[str, str, str], ...]:
    """Append personal data (e-mail, phone, postcode) to a few individuals' answers."""
    candidates = [p for p in people if not p.organisation and p.rid not in skip
                  and (p.answers[COL_Q5] or p.answers[COL_Q3A]) not in ("", *NON_ANSWERS)]
    planted = []
    for kind, snippet in PII_SNIPPETS:
        person = candidates.pop(dice.below(len(candidates)))
        column = COL_Q5 if person.answers[COL_Q5] not in ("", *NON_ANSWERS) else COL_Q3A
        text = person.answers[column]
        person.answers[column] = snippet if "@" in snippet and " " not in snippet else f"{text} {snippet}"
        planted.append((person.rid, column, kind))
    return tuple(planted)


def plant_characters(dice: Dice, people: list[Respondent]) -> None:
    """Non-breaking spaces and cp1252 mojibake in a few free-text answers."""
    texts = [(p, c) for p in people for c in (COL_Q3A, COL_Q5) if len(p.answers[c]) > 40]
    for person, column in (texts[dice.below(len(texts))] for _ in range(6)):
        words = person.answers[column].split(" ")
        at = 1 + dice.below(len(words) - 1)
        person.answers[column] = " ".join(words[:at]) + "\u00a0" + " ".join(words[at:])
    curly = [(p, c) for p, c in texts if "\u2019" in p.answers[c]]
    for person, column in (curly[dice.below(len(curly))] for _ in range(3)):
        person.answers[column] = person.answers[column].replace("\u2019", "\u00e2\u20ac\u2122")


def resubmit(dice: Dice, writer: Writer, people: list[Respondent], cycle: Cycle, skip: set[str]) -> Respondent:
    """A later copy of an online individual's response with changed answers to questions 3, 3a and 4."""
    original = next(p for p in people[len(people) // 3:] if not p.organisation and not p.paper
                    and p.rid not in skip and stance(p.positions["q3"]) == "agree" and p.answers[COL_Q3A])
    again = Respondent(original.rid, original.submitted + timedelta(days=3, hours=2, minutes=17), False, False,
                       district=original.district, area=original.area)
    again.answers = dict(original.answers)
    again.positions = dict(original.positions)
    for qid in ("q3", "q4"):
        again.positions[qid] = {"SA": "D", "A": "D", "N": "SD", "": "D", "DK": "D"}.get(original.positions[qid], "SD")
        again.answers[AGREE_COLUMNS[qid]] = dice.label(AGREE_LABELS[again.positions[qid]])
    again.answers[COL_Q3A] = writer.compose(COL_Q3A, again, cycle, again.positions["q3"])
    return again


def answer_equality(cycle: Cycle, people: list[Respondent]) -> None:
    """Each individual's answers to the equality-monitoring questions (organisations are not asked).

    Drawn with a generator of their own (the cycle's seed plus ``seed_offset``), after every other
    answer, so that adding these questions left every other column of the export as it was.
    """
    dice = Dice(cycle.seed + EQUALITY["seed_offset"])
    for person in people:
        for question in EQUALITY["questions"]:
            person.answers[question["column"]] = "" if person.organisation else equality_answer(dice, question, person)


def equality_answer(dice: Dice, question: dict[str, Any], person: Respondent) -> str:
    """One answer: blank (twice as often on paper), "Prefer not to say", or an option by weight, moved
    towards the later options by ``tilt`` times the person's attitude."""
    u = dice.random()
    blank = question["blank"] * (2 if person.paper else 1)
    if u < blank:
        return ""
    if u < blank + question["declined"]:
        return EQUALITY["declined_label"]
    labels = list(question["options"])
    last = max(len(labels) - 1, 1)
    tilt = question.get("tilt", 0.0) * person.attitude
    weights = [w * math.exp(tilt * (2 * i / last - 1)) for i, w in enumerate(question["options"].values())]
    return dice.weighted(labels, weights)


def population_csv() -> str:
    """The county's population profile (characteristic, category, share) for equality.population."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["characteristic", "category", "share"])
    for question in EQUALITY["questions"]:
        for category, share in question.get("population", {}).items():
            writer.writerow([question["characteristic"], category, f"{share:g}"])
    return buffer.getvalue()


def build_rows(cycle: Cycle) -> tuple[list[list[str]], Mess]:
    """The export's data rows, in the order written, and what was planted in them."""
    people, dice, writer = make_respondents(cycle)
    answer_equality(cycle, people)
    campaign_ids = plant_campaign(dice, people, cycle.campaign)
    pii = plant_pii(dice, people, set(campaign_ids))
    plant_characters(dice, people)
    again = resubmit(dice, writer, people, cycle, set(campaign_ids) | {rid for rid, _, _ in pii})
    rows = sorted((row(p) for p in people + [again]), key=lambda r: (r[1], r[0]))  # by submission time
    duplicate_at = len(rows) // 2 + dice.below(len(rows) // 4)
    rows.insert(duplicate_at + 37, list(rows[duplicate_at]))
    return rows, Mess(rows[duplicate_at][0], again.rid, campaign_ids, pii)


def row(person: Respondent) -> list[str]:
    """The person's cells in the export's column order."""
    values = {COL_ID: person.rid, COL_SUBMITTED: person.submitted.strftime("%Y-%m-%d %H:%M:%S"), **person.answers}
    return [values[column] for column in COLUMNS]


def export_bytes(rows: list[list[str]]) -> bytes:
    """The rows as Citizen Space writes them: UTF-8 with a byte-order mark, CRLF, one header row."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


README_TEMPLATE: str = load_text("readme")["template"]  # a str.format template


def readme(cycle: Cycle, rows: list[list[str]], mess: Mess) -> str:
    """The README beside the export: what the data are, and every defect planted in them."""
    ids = [r[0] for r in rows]
    orgs = sum(1 for r in rows if "organi" in r[COLUMNS.index(COL_CAPACITY)].lower())
    pii = "\n".join(f"  - `{rid}`, question {column.split('.')[0]}: {kind}" for rid, column, kind in mess.pii)
    return README_TEMPLATE.format(
        cycle=cycle, campaign=cycle.campaign, mess=mess, export_name=EXPORT_NAME, orgs=orgs, pii=pii,
        districts=", ".join(d.name for d in DISTRICTS), n_rows=len(rows), n_ids=len(set(ids)),
        n_campaign=len(mess.campaign_ids), non_answers=", ".join(f'"{n}"' for n in NON_ANSWERS),
    )


def write_cycle(cycle: Cycle, root: Path) -> list[Path]:
    """Write one cycle's export and README under ``root/data/raw/<folder>/``; return their paths."""
    rows, mess = build_rows(cycle)
    folder = root / "data" / "raw" / cycle.folder
    return [
        write_bytes(folder / EXPORT_NAME, export_bytes(rows)),
        write_text(folder / "README.md", readme(cycle, rows, mess)),
        write_text(folder / "population.csv", population_csv()),
    ]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write the SYNTHETIC example consultation exports.")
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parents[1],
                        help="project root to write data/raw/<cycle>/ under (default: this repository)")
    args = parser.parse_args(argv)
    for cycle in CYCLES:
        for path in write_cycle(cycle, args.root):
            print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
