"""Write the corpus fixtures: ``tests/exports/<name>/<export>`` and ``<name>/expected.yaml``.

Each fixture is an invented council consultation in one export shape (see README.md). Answers are
drawn first as canonical values from a seeded generator, then written with the spellings, blanks
and layout of the tool that exports them; the figures in ``expected.yaml`` are counted from the
canonical values, so they hold by construction. Run from the repository root to rewrite them:

    python tests/exports/make_fixtures.py

The output is deterministic (the CSVs and YAML byte for byte; the XLSX cell for cell), which
tests/test_exports.py checks.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
import string
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
import yaml

HERE = Path(__file__).resolve().parent
TEXT = yaml.safe_load((HERE / "fixture_text.yaml").read_text(encoding="utf-8"))

AGREE5 = ["Strongly agree", "Agree", "Neither agree nor disagree", "Disagree", "Strongly disagree", "Don't know"]
AGREE_MESSY = {"Strongly agree": ["strongly agree", "Strongly Agree ", "Strongly agree."],
               "Agree": ["agree", "Tend to agree"], "Disagree": ["disagree", "Tend to disagree"],
               "Strongly disagree": ["Strongly Disagree"], "Don't know": ["Don’t know", "Not sure"]}
SATISFACTION5 = ["Very satisfied", "Satisfied", "Neither satisfied nor dissatisfied", "Dissatisfied",
                 "Very dissatisfied", "Don't know"]
IMPORTANCE5 = ["Very important", "Fairly important", "Neither important nor unimportant", "Not very important",
               "Not at all important", "Don't know"]
YES_NO = ["Yes", "No"]
WELSH = ["Cytuno'n gryf", "Cytuno", "Ddim yn cytuno nac yn anghytuno", "Anghytuno", "Anghytuno'n gryf",
         "Ddim yn gwybod"]
QUALITY = ["Very good", "Good", "Fair", "Poor", "Very poor", "Don't know"]


@dataclass
class Fixture:
    """One export and what must hold for it.

    ``header``: the header rows as written; ``rows``: the data rows; ``figures``: counted from the
    canonical answers; ``raw_rows``: data rows in the file (every one must be in the cleaning log).
    """

    export: str
    shape: str
    header: list[list[str]]
    rows: list[list[str]]
    figures: list[dict] = field(default_factory=list)
    encoding: str = "utf-8"
    newline: str = "\n"
    sheets_before: list[tuple[str, list[list[str]]]] = field(default_factory=list)

    @property
    def raw_rows(self) -> int:
        return len(self.rows)


def weighted(rng: random.Random, options: Sequence[str], weights: Sequence[float]) -> str:
    return rng.choices(list(options), weights=list(weights))[0]


def messy(rng: random.Random, value: str, variants: dict[str, list[str]], rate: float = 0.15) -> str:
    """``value`` as an export might spell it: now and then one of its ``variants``."""
    if value in variants and rng.random() < rate:
        return rng.choice(variants[value])
    return value


def blank_some(rng: random.Random, value: str, rate: float) -> str:
    return "" if rng.random() < rate else value


def comment(rng: random.Random, topic: str, blank: float = 0.2, non_answer: float = 0.06) -> str:
    """A free-text answer, a non-answer, or blank.

    An answer is one to three sentences from the topic's pool, sometimes with an opening or closing
    sentence, sometimes typed in lower case or without the last full stop, so that nearly every
    answer differs from every other as real ones do.
    """
    roll = rng.random()
    language = "welsh" if topic == "welsh" else "en"
    if roll < blank:
        return ""
    if roll < blank + non_answer:
        return rng.choice(TEXT["non_answers"][language])
    sentences = rng.sample(TEXT[topic], rng.choices([1, 2, 3], weights=[50, 38, 12])[0])
    if rng.random() < 0.3:
        sentences.insert(0, rng.choice(TEXT["openers"][language]))
    if rng.random() < 0.25:
        sentences.append(rng.choice(TEXT["closers"][language]))
    text = " ".join(sentences)
    if rng.random() < 0.08:
        text = text.lower()
    if rng.random() < 0.1:
        text = text.rstrip(".")
    return text


def figure(column: str, options: Sequence[str], values: Sequence[str], outside_base: Sequence[str] = (),
           label: str | None = None, note: str | None = None,
           group: tuple[str, str, Sequence[str]] | None = None) -> dict:
    """A figure counted from canonical ``values`` ('' = not answered).

    ``n``: answers among ``options``; ``base``: answers not in ``outside_base`` (e.g. Don't know).
    ``group``: (group column, group value, each respondent's group value) to count within one group.
    """
    if group is not None:
        values = [v for v, g in zip(values, group[2]) if g == group[1]]
    answered = [v for v in values if v]
    entry: dict = {"column": column}
    if label:
        entry["label"] = label
    if group is not None:
        entry["group_column"], entry["group"] = group[0], group[1]
    entry["options"] = list(options)
    entry["n"] = sum(v in options for v in answered)
    entry["base"] = sum(v not in outside_base for v in answered)
    if note:
        entry["note"] = note
    return entry


def stamp(rng: random.Random, start: dt.datetime, days: int) -> dt.datetime:
    return start + dt.timedelta(seconds=rng.randrange(days * 86400))


def code(rng: random.Random, alphabet: str, length: int) -> str:
    return "".join(rng.choice(alphabet) for _ in range(length))


# ---------------------------------------------------------------------------- the fixtures
def qualtrics_3row(rng: random.Random) -> Fixture:
    """Garden waste charging, Qualtrics: codes, question text, ImportId JSON; partial responses."""
    texts = {"Q1": "Are you responding as...?",
             "Q2": "To what extent do you agree or disagree with the proposal to charge £45 a year for "
                   "garden waste collections?",
             "Q3": "Please tell us why you gave that answer.",
             "Q4_1": "How important are each of the following to you? - Collections every two weeks",
             "Q4_2": "How important are each of the following to you? - Keeping the charge as low as possible",
             "Q4_3": "How important are each of the following to you? - Being able to share a bin with a neighbour",
             "Q5": "Do you currently use the garden waste service?",
             "Q6": "Do you have any other comments about the proposals?"}
    meta = ["StartDate", "EndDate", "Status", "IPAddress", "Progress", "Duration (in seconds)", "Finished",
            "RecordedDate", "ResponseId", "RecipientLastName", "RecipientFirstName", "RecipientEmail",
            "ExternalReference", "LocationLatitude", "LocationLongitude", "DistributionChannel", "UserLanguage"]
    meta_text = ["Start Date", "End Date", "Response Type", "IP Address", "Progress", "Duration (in seconds)",
                 "Finished", "Recorded Date", "Response ID", "Recipient Last Name", "Recipient First Name",
                 "Recipient Email", "External Data Reference", "Location Latitude", "Location Longitude",
                 "Distribution Channel", "User Language"]
    meta_import = ['{"ImportId":"startDate","timeZone":"Europe/London"}', '{"ImportId":"endDate","timeZone":"Europe/London"}',
                   '{"ImportId":"status"}', '{"ImportId":"ipAddress"}', '{"ImportId":"progress"}', '{"ImportId":"duration"}',
                   '{"ImportId":"finished"}', '{"ImportId":"recordedDate","timeZone":"Europe/London"}',
                   '{"ImportId":"_recordId"}', '{"ImportId":"recipientLastName"}', '{"ImportId":"recipientFirstName"}',
                   '{"ImportId":"recipientEmail"}', '{"ImportId":"externalDataReference"}',
                   '{"ImportId":"locationLatitude"}', '{"ImportId":"locationLongitude"}',
                   '{"ImportId":"distributionChannel"}', '{"ImportId":"userLanguage"}']
    codes = list(texts)
    imports = ['{"ImportId":"QID1"}', '{"ImportId":"QID2"}', '{"ImportId":"QID3_TEXT"}', '{"ImportId":"QID4_1"}',
               '{"ImportId":"QID4_2"}', '{"ImportId":"QID4_3"}', '{"ImportId":"QID5"}', '{"ImportId":"QID6_TEXT"}']
    who = ["A resident", "A business", "A parish or town council", "A community group or charity"]
    cols: dict[str, list[str]] = {c: [] for c in ["Q1", "Q2", "Q4_1", "Q4_2", "Q4_3", "Q5"]}
    rows = []
    for i in range(150):
        start = stamp(rng, dt.datetime(2026, 2, 2, 8), 40)
        partial = rng.random() < 0.08
        answers = {
            "Q1": weighted(rng, who, [85, 5, 4, 6]),
            "Q2": weighted(rng, AGREE5, [12, 18, 10, 25, 30, 5]),
            "Q3": comment(rng, "garden_waste"),
            "Q4_1": blank_some(rng, weighted(rng, IMPORTANCE5, [40, 35, 12, 8, 3, 2]), 0.05),
            "Q4_2": blank_some(rng, weighted(rng, IMPORTANCE5, [60, 25, 8, 4, 2, 1]), 0.05),
            "Q4_3": blank_some(rng, weighted(rng, IMPORTANCE5, [10, 20, 30, 20, 15, 5]), 0.05),
            "Q5": weighted(rng, YES_NO, [70, 30]),
            "Q6": comment(rng, "garden_waste", blank=0.55),
        }
        if partial:  # left after the first page: only Q1 and Q2 answered
            answers.update({k: "" for k in ["Q3", "Q4_1", "Q4_2", "Q4_3", "Q5", "Q6"]})
        for key in cols:
            cols[key].append(answers[key])
        end = start + dt.timedelta(seconds=rng.randrange(90, 1500))
        written = {k: v.replace("Don't know", "Don’t know") for k, v in answers.items()}  # as the survey was typed
        rows.append([
            start.strftime("%Y-%m-%d %H:%M:%S"), end.strftime("%Y-%m-%d %H:%M:%S"), "IP Address",
            f"203.0.113.{rng.randrange(1, 255)}", "40" if partial else "100", str((end - start).seconds),
            "False" if partial else "True", end.strftime("%Y-%m-%d %H:%M:%S"),
            "R_" + code(rng, string.ascii_letters + string.digits, 15), "", "", "", "",
            f"{rng.uniform(51.2, 51.5):.4f}", f"{rng.uniform(-0.9, -0.5):.4f}", "anonymous", "EN-GB",
            *[written[c] for c in codes],
        ])
    rows.sort(key=lambda r: r[7])
    dk = ("Don't know",)
    return Fixture(
        "garden-waste-charging_February 2026_Qualtrics.csv",
        "Qualtrics three-row header (field codes, question text, ImportId JSON), UTF-8 with BOM, CRLF; "
        "partial responses (Finished False, later questions blank); curly apostrophe in Don’t know",
        [meta + codes, meta_text + list(texts.values()), meta_import + imports], rows,
        [figure("Q2", ["Strongly agree", "Agree"], cols["Q2"], dk, texts["Q2"], "agree (net), excluding don't know"),
         figure("Q2", ["Strongly disagree"], cols["Q2"], dk, texts["Q2"]),
         figure("Q4_2", ["Very important"], cols["Q4_2"], dk, texts["Q4_2"]),
         figure("Q5", ["Yes"], cols["Q5"], (), texts["Q5"]),
         figure("Q2", ["Strongly agree", "Agree"], cols["Q2"], dk, texts["Q2"],
                group=("Q1", "A resident", cols["Q1"]))],
        encoding="utf-8-sig", newline="\r\n")


def surveymonkey_2row(rng: random.Random) -> Fixture:
    """Local Transport Plan, SurveyMonkey: question on row 1, Response / option / grid row on row 2; cp1252."""
    grid = "To what extent do you agree or disagree with the following statements about the draft Plan?"
    grid_rows = ["The vision for 2040 is clear", "The Plan will reduce congestion in town centres"]
    ticks = "Which of these should be the Plan’s top priorities? (Please tick all that apply)"
    options = ["More frequent buses", "Safer walking and cycling routes", "Repairing roads and pavements",
               "Better rail connections"]
    satisfied = "How satisfied are you with public transport where you live?"
    row1 = ["Respondent ID", "Collector ID", "Start Date", "End Date", "IP Address", "Email Address", "First Name",
            "Last Name", "Custom Data 1", "Are you responding as an individual or on behalf of an organisation?",
            satisfied, ticks, *[""] * len(options), grid, "", "Please explain your answers",
            "Which district do you live in?"]
    row2 = ["", "", "", "", "", "", "", "", "", "Response", "Response", *options, "Other (please specify)",
            *grid_rows, "Open-Ended Response", "Response"]
    districts = ["Ashby", "Brockley Vale", "Castleford Rural", "Dunmere", "Outside the county"]
    sat_messy = {"Satisfied": ["Fairly satisfied"], "Dissatisfied": ["Fairly dissatisfied"],
                 "Don't know": ["Don’t know"]}
    sat, g0, g1, buses = [], [], [], []
    rows = []
    for i in range(180):
        start = stamp(rng, dt.datetime(2026, 3, 2, 7), 45)
        who = weighted(rng, ["An individual", "On behalf of an organisation"], [90, 10])
        s = blank_some(rng, weighted(rng, SATISFACTION5, [8, 22, 20, 28, 18, 4]), 0.03)
        chosen = [o for o, p in zip(options, [0.55, 0.45, 0.6, 0.3]) if rng.random() < p]
        other = rng.choice(TEXT["transport_other"]) if rng.random() < 0.1 else ""
        if other and not chosen:  # "Other" alone never: the base of the ticks is clear either way
            chosen = [options[2]]
        if rng.random() < 0.05:
            chosen, other = [], ""
        g = [blank_some(rng, weighted(rng, AGREE5, w), 0.06) for w in ([15, 35, 20, 15, 8, 7], [5, 15, 25, 30, 20, 5])]
        sat.append(s)
        g0.append(g[0])
        g1.append(g[1])
        buses.append(("More frequent buses" if options[0] in chosen else "another option") if chosen else "")
        rows.append([
            str(114_000_000_000 + rng.randrange(10**9)), rng.choice(["431876543", "431876544"]),
            start.strftime("%m/%d/%Y %I:%M:%S %p"),
            (start + dt.timedelta(seconds=rng.randrange(120, 2400))).strftime("%m/%d/%Y %I:%M:%S %p"),
            f"198.51.100.{rng.randrange(1, 255)}", "", "", "", "", who, messy(rng, s, sat_messy),
            *[o if o in chosen else "" for o in options], other,
            *[messy(rng, v, AGREE_MESSY) for v in g], comment(rng, "transport"),
            blank_some(rng, weighted(rng, districts, [30, 25, 20, 20, 5]), 0.04),
        ])
    rows.sort(key=lambda r: dt.datetime.strptime(r[2], "%m/%d/%Y %I:%M:%S %p"), reverse=True)
    dk = ("Don't know",)
    return Fixture(
        "Draft Local Transport Plan consultation.csv",
        "SurveyMonkey two-row header (question over a run of blank cells; Response, options and grid rows "
        "below), cp1252 with curly apostrophes, CRLF; one column per ticked option plus Other (please specify); "
        "US dates",
        [row1, row2], rows,
        [figure(satisfied, ["Very satisfied", "Satisfied"], sat, dk, note="satisfied (net), excluding don't know"),
         figure(f"{grid} | {grid_rows[0]}", ["Strongly agree", "Agree"], g0, dk, grid_rows[0]),
         figure(f"{grid} | {grid_rows[1]}", ["Strongly disagree"], g1, dk, grid_rows[1]),
         figure(ticks, ["More frequent buses"], buses, (),
                note="multi-select: base is respondents who ticked at least one option")],
        encoding="cp1252", newline="\r\n")


def long_format(rng: random.Random) -> Fixture:
    """Library opening hours, typed up in long format: one row per (respondent, question, answer)."""
    questions = ["Q1. Are you a member of the library?",
                 "Q2. Which library do you use most often?",
                 "Q3. Do you agree or disagree with the proposal to close Mill Lane Library on Mondays and "
                 "Wednesdays?",
                 "Q4. How could we improve the library service?"]
    libraries = ["Central Library", "Mill Lane Library", "Northgate Library", "The mobile library"]
    member, agree = [], []
    rows = []
    for i in range(64):
        rid = f"LIB-{i + 1:04d}"
        a = {questions[0]: weighted(rng, YES_NO, [85, 15]),
             questions[1]: weighted(rng, libraries, [35, 40, 20, 5]),
             questions[2]: weighted(rng, AGREE5, [5, 10, 10, 30, 40, 5]),
             questions[3]: comment(rng, "library", blank=0.3)}
        for q in questions[:3]:
            if rng.random() < 0.06:  # question skipped: no row at all
                a[q] = ""
        member.append(a[questions[0]])
        agree.append(a[questions[2]])
        for q in questions:
            if a[q]:
                rows.append([rid, q, messy(rng, a[q], AGREE_MESSY) if q == questions[2] else a[q]])
            elif q == questions[3] and rng.random() < 0.3:  # typed-up text left empty
                rows.append([rid, q, ""])
    dk = ("Don't know",)
    return Fixture(
        "library-consultation-responses-long.csv",
        "long format: Respondent, Question, Answer; skipped questions have no row, some text rows are empty",
        [["Respondent", "Question", "Answer"]], rows,
        [figure(questions[2], ["Disagree", "Strongly disagree"], agree, dk, note="disagree (net), excluding don't know"),
         figure(questions[0], ["Yes"], member, ())])


def no_free_text(rng: random.Random) -> Fixture:
    """Council Tax budget, Citizen Space XLSX: a summary sheet first, then closed questions only."""
    protect = "How important is it to protect funding for each of these services?"
    services = ["Adult social care", "Children's services", "Road and pavement repairs", "Libraries and museums"]
    increase = "Do you agree or disagree with a 2.99% increase in the County Council's share of Council Tax?"
    willing = "Would you be willing to pay more Council Tax to protect the services that matter most to you?"
    header = ["Response ID", "Submitted", "Are you responding as an individual or on behalf of an organisation?",
              "Which district do you live in?", *[f"{protect} - {s}" for s in services], increase, willing]
    imp_messy = {"Fairly important": ["Important", "fairly important"], "Not very important": ["Not important"]}
    cols: dict[str, list[str]] = {"increase": [], "willing": [], "care": []}
    rows = []
    for i in range(220):
        sub = stamp(rng, dt.datetime(2026, 11, 3, 9), 42)
        imp = [blank_some(rng, weighted(rng, IMPORTANCE5, w), 0.04)
               for w in ([60, 25, 8, 4, 2, 1], [55, 30, 8, 4, 2, 1], [35, 40, 15, 6, 3, 1], [15, 30, 25, 20, 9, 1])]
        inc = blank_some(rng, weighted(rng, AGREE5, [6, 22, 15, 27, 26, 4]), 0.03)
        will = blank_some(rng, weighted(rng, ["Yes", "No", "Not sure"], [30, 50, 20]), 0.03)
        cols["increase"].append(inc)
        cols["willing"].append(will)
        cols["care"].append(imp[0])
        rows.append([f"ANON-{code(rng, 'ABCDEFGHJKMNPQRSTUVWXYZ123456789', 4)}-{code(rng, 'ABCDEFGHJKMNPQRSTUVWXYZ123456789', 4)}-"
                     f"{code(rng, 'ABCDEFGHJKMNPQRSTUVWXYZ', 1)}", sub.strftime("%Y-%m-%d %H:%M:%S"),
                     weighted(rng, ["Individual", "Organisation"], [93, 7]),
                     weighted(rng, ["Ashby", "Brockley Vale", "Castleford Rural", "Dunmere"], [30, 30, 20, 20]),
                     *[messy(rng, v, imp_messy) for v in imp], messy(rng, inc, AGREE_MESSY), will])
    rows.sort(key=lambda r: r[1])
    summary = [["Council Tax and budget consultation 2027/28"], ["Exported from Citizen Space"],
               ["Responses", str(len(rows))], ["Closing date", "2026-12-15"]]
    dk = ("Don't know",)
    return Fixture(
        "council-tax-budget-2027-28-responses.xlsx",
        "XLSX from Citizen Space: a one-page summary sheet before the responses sheet; closed questions and "
        "attributes only, no free text",
        [header], rows,
        [figure(increase, ["Strongly agree", "Agree"], cols["increase"], dk, note="agree (net), excluding don't know"),
         figure(willing, ["Yes"], cols["willing"], ("Not sure",), note="yes_no scale: Not sure is outside the base"),
         figure(f"{protect} - {services[0]}", ["Very important"], cols["care"], dk)],
        sheets_before=[("Summary", summary)])


def no_closed(rng: random.Random) -> Fixture:
    """Equality objectives, a typed-up log of e-mails, letters and forms: free text and attributes only."""
    rows = []
    for i in range(70):
        received = stamp(rng, dt.datetime(2026, 6, 1, 9), 56)
        channel = weighted(rng, ["Online form", "Email", "Letter", "Drop-in event"], [60, 25, 10, 5])
        capacity = weighted(rng, ["Individual", "Organisation", ""], [75, 20, 5])
        rows.append([f"EQ{i + 1:03d}", received.strftime("%d/%m/%Y"), channel, capacity,
                     comment(rng, "equality", blank=0.04), comment(rng, "equality", blank=0.5)])
    return Fixture(
        "equality-objectives-2026-responses-log.csv",
        "no closed question: a typed-up log of responses (e-mail, letter, form) with free text and attributes only",
        [["Ref", "Date received", "Received via", "Responding as",
          "Your comments on the draft Equality Objectives", "Anything else you would like to tell us?"]], rows)


def eight_partners(rng: random.Random) -> Fixture:
    """Community Safety Strategy seed consultation: 8 partner organisations, 16 comments."""
    partners = [("Ashby District Council", "District or borough council"), ("Elmshire Police", "Police"),
                ("Elmshire Fire and Rescue Service", "Fire and rescue"),
                ("Elmshire Integrated Care Board", "Health"),
                ("Brockley Vale Borough Council", "District or borough council"),
                ("Elmshire Council for Voluntary Service", "Voluntary and community sector"),
                ("Office of the Police and Crime Commissioner", "Police"),
                ("Dunmere Housing Association", "Housing")]
    clear = ["Yes", "Yes", "No", "Yes", "Yes", "Yes", "No", "Yes"]
    priorities = ["Agree", "Strongly agree", "Agree", "Neither agree nor disagree", "Agree", "Strongly agree",
                  "Disagree", "Agree"]
    works, improve = rng.sample(TEXT["safety_works"], 8), rng.sample(TEXT["safety_improve"], 8)
    rows = [[f"CSP-{i + 1:02d}", f"2026-09-{2 + 2 * i:02d}", org, kind, clear[i], priorities[i], works[i], improve[i]]
            for i, (org, kind) in enumerate(partners)]
    clear_q = "Are the purpose and aims of the draft Strategy clear?"
    prio_q = "Do you agree with the four proposed priorities?"
    return Fixture(
        "csp-strategy-partner-responses.csv",
        "8 rows: a seed consultation of 8 partner organisations, two closed questions and 16 comments",
        [["Response ID", "Date", "Organisation", "Partner type", clear_q, prio_q,
          "What works well in the draft Strategy?", "What could be improved?"]], rows,
        [figure(clear_q, ["Yes"], clear, (), note="75% (6 of 8), the DESIGN.md example"),
         figure(prio_q, ["Strongly agree", "Agree"], priorities, ("Don't know",))])


def skip_logic(rng: random.Random) -> Fixture:
    """Recycling centre booking: Q3 is asked only of those who visited (Q2 = Yes), Q4 only of those who did not."""
    visited_q = "Q2 Have you visited a household waste recycling centre in the last 12 months?"
    booking_q = "Q3 How satisfied were you with booking your last visit?"
    keep_q = "Q5 Do you agree or disagree that the booking system should stay?"
    header = ["ID", "Completed", "Q1 Which recycling centre is nearest to you?", visited_q, booking_q,
              "Q4 Why have you not visited a recycling centre?", keep_q, "Q6 Any other comments?"]
    sites = ["Ashby Road", "Brockley Lane", "Castle Quarry", "Dunmere Wharf"]
    visited, booking, keep = [], [], []
    rows = []
    for i in range(140):
        v = blank_some(rng, weighted(rng, YES_NO, [72, 28]), 0.02)
        b = blank_some(rng, weighted(rng, SATISFACTION5, [30, 30, 15, 12, 10, 3]), 0.05) if v == "Yes" else ""
        why = comment(rng, "recycling_why", blank=0.25) if v == "No" else ""
        k = blank_some(rng, weighted(rng, AGREE5, [20, 20, 15, 15, 25, 5]), 0.04)
        visited.append(v)
        booking.append(b)
        keep.append(k)
        rows.append([str(5001 + i), stamp(rng, dt.datetime(2026, 5, 11, 8), 35).strftime("%d/%m/%Y %H:%M"),
                     weighted(rng, sites, [30, 25, 25, 20]), v, b, why, messy(rng, k, AGREE_MESSY),
                     comment(rng, "recycling", blank=0.45)])
    dk = ("Don't know",)
    return Fixture(
        "hwrc-booking-survey-export.csv",
        "skip logic: Q3 answered only by those who said Yes to Q2, Q4 only by those who said No",
        [header], rows,
        [figure(visited_q, ["Yes"], visited, ()),
         figure(booking_q, ["Very satisfied", "Satisfied"], booking, dk,
                note="routed: the base is those who visited and answered, excluding don't know"),
         figure(keep_q, ["Strongly agree", "Agree"], keep, dk)])


def unordered_choice(rng: random.Random) -> Fixture:
    """Riverside Leisure Centre: a single-choice question whose options have no order."""
    prefer = "Which option do you prefer for the future of Riverside Leisure Centre?"
    opts = ["Option A: refurbish the existing centre", "Option B: build a new centre on the Hallam Road site",
            "Option C: transfer the centre to a community trust", "None of these"]
    chosen = []
    rows = []
    for i in range(160):
        c = blank_some(rng, weighted(rng, opts, [35, 40, 15, 10]), 0.04)
        chosen.append(c)
        rows.append([f"RLC{10000 + i * 7}", stamp(rng, dt.datetime(2026, 1, 12, 9), 50).strftime("%d/%m/%Y"),
                     weighted(rng, ["Riverside ward", "Hallam ward", "Elsewhere in the borough", "Outside the borough"],
                              [35, 30, 30, 5]),
                     weighted(rng, ["Weekly or more", "Monthly", "A few times a year", "Never"], [30, 25, 25, 20]),
                     c, comment(rng, "leisure", blank=0.3)])
    return Fixture(
        "riverside-leisure-centre-options.csv",
        "an unordered single-choice question (options A/B/C/None of these) beside a frequency attribute",
        [["Reference", "Date", "Where do you live?", "How often do you use Riverside Leisure Centre?", prefer,
          "Please tell us the reasons for your choice"]], rows,
        [figure(prefer, [o], chosen, (), note="unordered choice: base is everyone who chose an option")
         for o in opts[:2]] + [figure(prefer, [opts[3]], chosen, ())])


def custom_scale(rng: random.Random) -> Fixture:
    """Parks survey: a Very good ... Very poor scale that is not built in; one exact duplicate row."""
    overall = "How would you rate the overall condition of parks and green spaces in your area?"
    toilets = "How would you rate the cleanliness of public toilets in parks?"
    quality_messy = {"Very good": ["Very Good", "very good"], "Poor": ["poor", "Poor "], "Don't know": ["Don’t know"]}
    rows, a, b = [], [], []
    for i in range(120):
        x = blank_some(rng, weighted(rng, QUALITY, [15, 35, 25, 15, 7, 3]), 0.03)
        y = blank_some(rng, weighted(rng, QUALITY, [5, 15, 25, 25, 20, 10]), 0.08)
        a.append(x)
        b.append(y)
        rows.append([f"P-{2400 + i}", stamp(rng, dt.datetime(2026, 7, 1, 8), 60).strftime("%Y-%m-%dT%H:%M:%S"),
                     weighted(rng, ["Abbey Fields", "Castle Park", "Hallam Recreation Ground", "Riverside Walk",
                                    "Other"], [25, 30, 20, 20, 5]),
                     messy(rng, x, quality_messy), messy(rng, y, quality_messy), comment(rng, "parks", blank=0.35)])
    rows.insert(57, list(rows[56]))  # submitted twice by the form: an exact duplicate, excluded
    dk = ("Don't know",)
    return Fixture(
        "parks-and-green-spaces-survey-2026.csv",
        "a custom ordered scale (Very good, Good, Fair, Poor, Very poor, Don't know) with case and spacing "
        "variants; one exact duplicate row (excluded; not in the figures)",
        [["Response ref", "Submitted at", "Which park do you visit most often?", overall, toilets,
          "What one thing would most improve parks in your area?"]], rows,
        [figure(overall, ["Very good", "Good"], a, dk, note="good (net), excluding don't know"),
         figure(toilets, ["Very poor"], b, dk)])


def welsh_agree(rng: random.Random) -> Fixture:
    """Welsh Language Strategy, answered in Welsh: Cytuno'n gryf ... Anghytuno'n gryf, Ddim yn gwybod."""
    vision = "I ba raddau ydych chi'n cytuno neu'n anghytuno â gweledigaeth y Strategaeth?"
    targets = "I ba raddau ydych chi'n cytuno neu'n anghytuno â'r targedau ar gyfer addysg cyfrwng Cymraeg?"
    capacity = "Ydych chi'n ymateb fel unigolyn neu ar ran sefydliad?"
    welsh_messy = {"Cytuno'n gryf": ["Cytuno’n gryf", "cytuno'n gryf"], "Anghytuno'n gryf": ["Anghytuno’n gryf"],
                   "Cytuno": ["cytuno", "Cytuno "]}
    rows, a, b, who = [], [], [], []
    for i in range(90):
        w = weighted(rng, ["Unigolyn", "Ar ran sefydliad"], [85, 15])
        x = blank_some(rng, weighted(rng, WELSH, [35, 30, 10, 10, 8, 7]), 0.03)
        y = blank_some(rng, weighted(rng, WELSH, [20, 25, 15, 15, 15, 10]), 0.05)
        a.append(x)
        b.append(y)
        who.append(w)
        rows.append([str(300 + i), stamp(rng, dt.datetime(2026, 10, 1, 9), 60).strftime("%d/%m/%Y"), w,
                     messy(rng, x, welsh_messy), messy(rng, y, welsh_messy), comment(rng, "welsh", blank=0.3)])
    dk = ("Ddim yn gwybod",)
    return Fixture(
        "ymatebion-strategaeth-iaith-gymraeg.csv",
        "Welsh-language export: Welsh headers, a Welsh agree scale (Cytuno'n gryf ... Anghytuno'n gryf, "
        "Ddim yn gwybod) with curly and straight apostrophes, Welsh free text",
        [["Rhif ymateb", "Dyddiad", capacity, vision, targets, "Oes gennych chi unrhyw sylwadau eraill?"]], rows,
        [figure(vision, ["Cytuno'n gryf", "Cytuno"], a, dk, note="agree (net); Ddim yn gwybod (don't know) outside the base"),
         figure(targets, ["Anghytuno'n gryf"], b, dk),
         figure(vision, ["Cytuno'n gryf", "Cytuno"], a, dk, group=(capacity, "Unigolyn", who))])


FIXTURES: dict[str, Callable[[random.Random], Fixture]] = {
    "qualtrics-3row": qualtrics_3row, "surveymonkey-2row": surveymonkey_2row, "long-format": long_format,
    "no-free-text": no_free_text, "no-closed-question": no_closed, "eight-partners": eight_partners,
    "skip-logic": skip_logic, "unordered-choice": unordered_choice, "custom-scale": custom_scale,
    "welsh-agree": welsh_agree,
}


# ---------------------------------------------------------------------------- writing
def csv_bytes(fixture: Fixture) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator=fixture.newline)
    writer.writerows(fixture.header + fixture.rows)
    return buffer.getvalue().encode(fixture.encoding)


def write_xlsx(fixture: Fixture, path: Path) -> None:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in [*fixture.sheets_before, ("Responses", fixture.header + fixture.rows)]:
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append([cell if cell != "" else None for cell in row])
    book.properties.creator = "Citizen Space"
    book.properties.created = dt.datetime(2026, 12, 16, 9, 0)
    book.save(path)


def expected(name: str, fixture: Fixture) -> str:
    entry = {"export": fixture.export, "shape": fixture.shape, "raw_rows": fixture.raw_rows,
             "figures": fixture.figures}
    head = f"# {name}: written by make_fixtures.py (figures counted from the generated answers; do not edit)\n"
    return head + yaml.safe_dump(entry, sort_keys=False, allow_unicode=True, width=110)


def build(name: str) -> Fixture:
    return FIXTURES[name](random.Random(f"consult-corpus-{name}"))


def write_all(target: Path = HERE) -> list[Path]:
    """Write every fixture folder under ``target``; returns the folders written."""
    folders = []
    for name in FIXTURES:
        fixture = build(name)
        folder = target / name
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.iterdir():
            old.unlink()
        if fixture.export.endswith(".xlsx"):
            write_xlsx(fixture, folder / fixture.export)
        else:
            (folder / fixture.export).write_bytes(csv_bytes(fixture))
        (folder / "expected.yaml").write_text(expected(name, fixture), encoding="utf-8")
        folders.append(folder)
    return folders


if __name__ == "__main__":
    for written in write_all():
        print(f"wrote {written.relative_to(HERE.parents[1])}")
