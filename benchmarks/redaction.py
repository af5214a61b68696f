"""Precision and recall of consult.core.redact, by kind, on planted personal data and on clean text.

Every planted value (a name, a phone number, an address ...) is put into sentences of the kind
respondents write; clean sentences (numbers, dates, roads, public bodies, words that are also
names) hold none. A value counts as found (recall) when it no longer appears in the redacted text.
A tag counts as right (precision) when it replaced a planted value; a tag in the sentence around
a value, or in a clean sentence, is a false redaction. Every value and sentence is written here, so
the figures are reproducible: they are copied into docs/assumptions.md. Run:

    .venv/bin/python benchmarks/redaction.py
"""

from __future__ import annotations

import argparse
import itertools
from collections import Counter
from dataclasses import dataclass

import pandas as pd

from consult.core.redact import TAGS, redact

# kind -> (sentences with {v} where the value goes, values); a value of the kind is only ever put where it fits
PLANTED: dict[str, tuple[list[str], list[str]]] = {
    "email": (["Please reply to {v} with the outcome.", "My email is {v}", "contact {v} if you need more"], [
        "jane.smith@example.com", "j.bloggs+council@example.co.uk", "PETER_JONES@EXAMPLE.ORG", "mo@ex.uk",
        "jane dot smith at gmail dot com", "jo(at)hotmail(dot)co(dot)uk", "sam[at]outlook[dot]com",
        "tom.h at btinternet.com", "kate at yahoo dot co dot uk", "r.patel@nhs.net", "info@smithandco.co.uk",
        "a.b.c@sub.domain.gov.uk", "lee_99 (at) gmail (dot) com", "first.last at icloud.com", "x@y.io",
        "Helen {at} live {dot} com", "davies.m@council-mail.org.uk", "jenny at googlemail dot com"]),
    "phone": (["Ring me on {v} any time.", "my number: {v}", "call {v} after 6pm"], [
        "07700 900123", "07700900456", "020 7946 0958", "0116 496 0123", "(0116) 496 0124", "+44 7700 900789",
        "+447700900321", "+44 (0)161 496 0000", "01632 960 001", "0121-496-0555", "07700-900-999", "+1 (555) 123-4567",
        "0300 123 4567", "0800 123 4567", "029 2018 0123", "01234 567890"]),
    "postcode": (["We live near {v} and the road is bad.", "postcode {v}", "{v} residents are fed up"], [
        "SW1A 1AA", "LE1 6ZG", "le2 7qq", "M1 1AE", "B33 8TH", "CR2 6XH", "DN55 1PT", "EH1 1YZ", "LS11 5DT",
        "NG7 2RD", "W1A 0AX", "EC1A 1BB", "BS1 4DJ", "OX1 2JD"]),
    "address": (["I live at {v} and the pavement is broken.", "The flytipping outside {v} is a disgrace.",
                 "{v} has been burgled twice"], [
        "14 Acacia Avenue", "221B Baker Street", "3 Mill Lane", "Flat 2, 17 Station Road", "45 Church Close",
        "9 Oak Tree Drive", "120 High Street", "7a Victoria Terrace", "1 The Crescent", "66 Kings Road",
        "18 Meadow View", "5 Elm Grove", "32 Park Avenue", "11 St Mary's Walk", "4 acacia avenue", "23 Orchard Way"]),
    "name": (["I spoke to Mrs {v} at the depot.", "My name is {v} and I object.", "{v} at the front desk was rude.",
              "Kind regards, {v}", "Councillor {v} promised a crossing."], [
        "Jane Smith", "Peter Jones", "Michelle", "Mohammed Khan", "Siobhan O'Neill", "Tom", "Sarah-Jane Ellis",
        "J. Patel", "Gurpreet Kaur", "David Brown", "Emma", "Bartholomew Quinlan", "Oluwaseun Adeyemi", "Rhian Price",
        "jane smith", "Agnieszka Nowak", "Jack Taylor", "Grace Hughes"]),
    "handle": (["have a look at {v} on twitter", "{v} posted about it", "thanks to {v} for the info"], [
        "@janesmith", "@Bob_1984", "@TfL", "@MichelleT1", "@elmshire_news", "@xY_z9", "@ParkRunUK", "@a_very_long_name_12"]),
    "NI number": (["My NI number is {v}.", "NINO {v}", "ref {v} for my claim"], [
        "QQ 12 34 56 C", "AB123456C", "ab 12 34 56 d", "JK-12-34-56-A", "CE 98 76 54 B", "PZ123456D", "qq123456c",
        "HT 55 44 33 A"]),
    "NHS number": (["my NHS number is {v}", "NHS no. {v}", "patient {v} was seen late"], [
        "943 476 5919", "9434765919", "401 023 2137", "485 777 3457", "943-476-5870"]),
    "card number": (["I paid with card {v} and was charged twice.", "card: {v}", "refund to {v} please"], [
        "4111 1111 1111 1111", "4111111111111111", "5500 0000 0000 0004", "3400 000000 00009", "6011-0000-0000-0004",
        "4012888888881881", "5105 1051 0510 5100", "378282246310005"]),
    "IP address": (["My IP was {v} when the form failed.", "blocked from {v}", "server {v} timed out"], [
        "192.168.0.1", "10.0.0.254", "81.2.69.160", "2001:db8::1", "fe80::1ff:fe23:4567:890a", "203.0.113.7",
        "172.16.254.1"]),
    "date of birth": (["DOB {v}", "My date of birth is {v}.", "I was born on {v} and have lived here since."], [
        "12/03/1985", "3 May 1962", "1st January 1950", "1990-07-21", "March 4, 1971", "04.11.88", "29 Feb 2000",
        "15 of August 1947"]),
    "url": (["see {v} for my case", "The link {v} did not work.", "my file is at {v}"], [
        "https://example.gov.uk/form?name=jo&ref=12", "http://portal.example.com/reset/8f3a9c2b7d1e44",
        "https://docs.example.com/d/1AbCdEfGhIjKlMnOpQrStUv/edit", "www.example.org/track?uid=998877",
        "https://user:secret@example.com/files", "https://example.com/page#access_token=abc123",
        "https://pay.example.co.uk/receipt/7f6e5d4c3b2a1908", "https://mail.example.com/u/0/#inbox/FMfcgz123456"]),
}

CLEAN = [
    "In 2023 the council spent £1,250,000 on 12.5% more buses.",
    "Consultation closed on 01/05/2024 at 10:30; results by 2024-06-01.",
    "The A1 road and the M25 junction 10 are gridlocked.",
    "We counted 1234567890 cars (not an NHS number: the check digit fails).",
    "Ranked 1 2 3 4 5; scores 0.75 0.80; years 2019-2020 and 2021/22.",
    "See www.example.gov.uk/plans for the plan.",
    "Meet at the B1 4th junction, room 12 3rd floor.",
    "Ref 12345, case 987654, order 45-6789.",
    "Leicestershire Police should patrol more at night.",
    "Elmshire County Council must fund the youth service.",
    "Thames Valley Police and the Fire Service did well.",
    "Victoria Station is unsafe after dark.",
    "The Elizabeth Line has made a real difference.",
    "Will the council publish the results?",
    "May I suggest more lighting in the park?",
    "Grace periods for parking fines would help.",
    "I hope the strategy works.",
    "Mark the crossings more clearly.",
    "Rose Hill estate needs more CCTV.",
    "Jack up the fines for fly-tipping.",
    "The NHS 111 service was slow.",
    "Over 65s feel unsafe on buses after 9pm.",
    "We need 20 mph limits on every residential road.",
    "There were 3 burglaries on our street in 2 months.",
    "Call 999 in an emergency, 101 otherwise.",
    "The 24 hour helpline is 0800 number free, good.",
    "Version 2.0 of the plan is better than 1.5.",
    "Only 1 in 4 people felt safe, 25% of us.",
    "Open 9:00 to 17:30, Monday to Friday.",
    "Look at council.gov.uk for details.",
    "We met at the town hall at 7pm.",
    "Email the council about it, not me.",
    "Section 3.2.1.4 of the strategy is unclear.",
    "The bus stop at Park Road needs a shelter.",
    "My neighbours on Church Street agree.",
    "Priority 4 should come before priority 2.",
    "In 2019 Park Lane was closed for months.",
    "It cost £12.50 per hour to park at the hospital.",
    "The Lord Mayor of Leicester opened the centre.",
    "Neighbourhood Watch in Oadby works well.",
    "We need more PCSOs, at least 10 per ward.",
    "The strategy's aims (section 2) are clear.",
    "Anti-social behaviour is worse since 2020.",
    "The Community Safety Partnership meets quarterly.",
    "Stop and search rose 15% last year.",
    "Domestic abuse services need £2m more.",
    "Road safety near St Mary's Primary School is poor.",
    "Crimestoppers on 0800 555 111 is anonymous.",
    "My son is 14 and feels unsafe at the bus station.",
    "Lighting on the A6 between junctions 21 and 22 is poor.",
    "The 10:45 service never runs on time.",
    "Table 3 shows 45 of 60 agreed.",
    "We had 4,321 visitors at 12 events.",
    "See page 12, paragraph 4.",
    "Speed cameras on the B4114 would help.",
    "The police and crime commissioner should attend.",
    "Youth clubs closed in 2016 and crime went up.",
    "More CCTV at Haymarket bus station please.",
    "Summer evenings are the worst for noise.",
    "Hope Street needs a crossing.",
    "Our group has 250 members across 12 villages.",
    "The surgery on Foster Street is always busy.",
    "The @ sign in the form broke my answer.",
    "Phone lines were busy from 9 to 5.",
    "I rated it 10/10.",
    "The plan runs 2026-2029.",
    "The website at www.elmshire.gov.uk/safety is good.",
    "Kent and Essex have done this already.",
    "Jordan Road flooded again.",
    "Fix the lights at 10 Downing-style junctions.",
]


@dataclass(frozen=True)
class Case:
    kind: str
    text: str
    value: str
    context: str


def cases() -> list[Case]:
    """Every planted value in its sentences, each value in turn through the kind's sentences."""
    made = []
    for kind, (sentences, values) in PLANTED.items():
        for value, sentence in zip(values, itertools.cycle(sentences)):
            made.append(Case(kind, sentence.format(v=value), value, sentence.format(v="")))
        for value, sentence in zip(values, itertools.cycle(sentences[1:] + sentences[:1])):
            made.append(Case(kind, sentence.format(v=value), value, sentence.format(v="")))
    return made


def _tags(text: str) -> Counter[str]:
    return redact(text)[1]


def measure() -> pd.DataFrame:
    """Per kind: planted values, found, recall; tags given, right, precision; false tags on clean text."""
    planted, found, right, given, false_clean = Counter(), Counter(), Counter(), Counter(), Counter()
    for case in cases():
        redacted, counts = redact(case.text)
        planted[case.kind] += 1
        gone = case.value not in redacted and case.value.lower() not in redacted.lower()
        found[case.kind] += gone
        around = _tags(case.context)  # tags in the sentence without the value are false redactions
        for kind, n in counts.items():
            given[kind] += n
            right[kind] += max(0, n - around[kind]) if gone else 0
    for text in CLEAN:
        for kind, n in _tags(text).items():
            given[kind] += n
            false_clean[kind] += n
    rows = []
    for kind in TAGS:
        rows.append({"kind": kind, "planted": planted[kind], "found": found[kind],
                     "recall": found[kind] / planted[kind] if planted[kind] else float("nan"),
                     "tags": given[kind], "right": right[kind],
                     "precision": right[kind] / given[kind] if given[kind] else float("nan"),
                     "false on clean text": false_clean[kind]})
    table = pd.DataFrame(rows)
    total = {"kind": "all", "planted": table["planted"].sum(), "found": table["found"].sum(),
             "tags": table["tags"].sum(), "right": table["right"].sum(),
             "false on clean text": table["false on clean text"].sum()}
    total["recall"] = total["found"] / total["planted"]
    total["precision"] = total["right"] / total["tags"]
    return pd.concat([table, pd.DataFrame([total])], ignore_index=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.parse_args()
    table = measure()
    print(f"{len(cases())} planted strings, {len(CLEAN)} clean sentences\n")
    print(table.to_string(index=False, float_format=lambda x: f"{x:.2f}"))
    missed = [c.text for c in cases() if c.value in redact(c.text)[0]]
    print(f"\nmissed ({len(missed)}):", *missed[:40], sep="\n  ")
    print("\nfalse redactions in clean text:", *[f"{t} -> {redact(t)[0]}" for t in CLEAN if redact(t)[1]], sep="\n  ")


if __name__ == "__main__":
    main()
