"""Words a draft config can take from the export itself: a title from the file's name, each closed
question's statement from its wording, and one spelling for labels typed several ways.

Everything here is a guess a person should read before publishing, so ``consult check`` lists
the values that are still exactly what :func:`title_from` and :func:`statement_from` drafted
(:func:`drafted_values`). When a question's wording fits no rule, no statement is drafted and the
prose quotes the question instead, which is always correct if less fluent.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from pathlib import Path

from consult.core.config import Consultation
from consult.core.scales import normalise_label

_EXPORT_SUFFIXES = {".csv", ".tsv", ".txt", ".xlsx", ".xlsm", ".xls"}
_NUMBERING = re.compile(r"^\s*(?:q(?:uestion)?\s*)?\d+[a-z]?\s*[.):-]\s+", re.IGNORECASE)
_AGREE_THAT = re.compile(
    r"^(?:to what extent|how (?:far|much|strongly))?\s*(?:do|would) you (?:agree|disagree)"
    r"(?: or (?:agree|disagree))?(?: with the (?:view|statement|proposal|idea))? that (?P<clause>.+)$",
    re.IGNORECASE,
)
_ABOUT = {  # scale → a question's wording whose object the prose names ("satisfied with {s}")
    "satisfaction5": re.compile(r"^how satisfied (?:are|were) you with (?P<clause>.+)$", re.IGNORECASE),
    "importance5": re.compile(r"^how important (?:is|are) (?P<clause>.+?)(?: to you)?$", re.IGNORECASE),
}
_YOU = re.compile(r"^(?P<verb>have|are|were|would|will|could|can) you (?P<rest>.+)$", re.IGNORECASE)
_DO_YOU = re.compile(r"^(?:do|did) you (?P<verb>\w+) (?P<rest>.+)$", re.IGNORECASE)
_VERB_PAST = {"have": "had", "consider": "considered", "think": "thought", "feel": "felt", "use": "used",
              "support": "supported", "know": "knew", "live": "lived", "own": "owned", "want": "wanted",
              "like": "liked", "believe": "believed", "expect": "expected", "work": "worked", "drive": "drove",
              "visit": "visited", "need": "needed", "travel": "travelled", "attend": "attended", "agree": "agreed",
              "oppose": "opposed", "welcome": "welcomed", "trust": "trusted", "care": "cared", "prefer": "preferred"}
_YOU_PAST = {"have": "had", "are": "were", "were": "were", "would": "would", "will": "would", "could": "could",
             "can": "could"}
_SHOULD = re.compile(r"^should (?P<subject>(?:the|a|an|this|our|your|we|it)\b.+?) (?P<rest>(?:be|have|do|make|"
                     r"introduce|include|keep|stop|start|change|reduce|increase|spend|build|close|open|go|remain|"
                     r"continue|consider|prioriti[sz]e|invest|allow|ban|charge)\b.*)$", re.IGNORECASE)
_TENSE = [(re.compile(rf"\b{present}\b"), past) for present, past in
          (("are", "were"), ("is", "was"), ("will", "would"), ("can", "could"), ("has", "had"),
           ("your", "their"), ("yours", "theirs"), ("yourself", "themselves"), ("you", "they"))]
_IS_IT = re.compile(  # "Are the aims of the Strategy clear?": the subject, then a predicate from this list
    r"^(?P<verb>is|are) (?P<subject>(?:the|this|these|our|your|its|their)\b.+?) (?P<predicate>(?:clear|easy|fair|right|"
    r"appropriate|reasonable|sufficient|enough|adequate|necessary|important|useful|helpful|likely|understandable|"
    r"acceptable|realistic|achievable|affordable|safe|accessible|ambitious|correct|good|consistent|needed|"
    r"justified|proportionate|effective)\b.*)$", re.IGNORECASE)


def plain(text: str) -> str:
    """``text`` with its accents dropped ("Âge" → "Age", "Résumé" → "Resume"): what ids are made from and
    wording rules are matched against."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def title_from(export: Path) -> str:
    """A readable title from an export's file or folder name: ``community-safety-strategy-responses.csv``
    → "Community safety strategy responses"."""
    name = export.stem if export.suffix.lower() in _EXPORT_SUFFIXES else export.name
    words = re.sub(r"[_\-.\s]+", " ", name).strip()
    return (words[:1].upper() + words[1:]) if words else "Consultation"


def _question_words(text: str) -> str:
    """The question without its numbering, trailing question mark or surrounding space."""
    return _NUMBERING.sub("", text).strip().rstrip("?").strip()


_STEM = re.compile(
    r"^(?:(?:to what extent|how (?:far|much|strongly))\s*(?:do|would) you (?:agree|disagree)(?: or (?:agree|disagree))?"
    r"|(?:do|would) you (?:agree|disagree)(?: or (?:agree|disagree))?|how (?:satisfied|important|likely|often|well)"
    r" (?:are|is|were|was|would|do) (?:you)?|please (?:explain|tell us|describe|give)|what do you think (?:of|about)"
    r"|do you have any|are there any)\b\s*(?:that|with|about|of|on|is|are)?\s*", re.IGNORECASE)


def topic_of(text: str) -> str:
    """What a question asks about, its numbering kept and a common stem dropped ("1. To what extent do
    you agree or disagree that the aims are clear?" → "1. the aims are clear"): the words a question id
    is made from."""
    numbering = _NUMBERING.match(text)
    words = _question_words(text)
    return (numbering.group(0).strip() + " " if numbering else "") + (_STEM.sub("", words) or words)


_WHICH = re.compile(r"^(?:in |for |at )?(?:which|what)(?: is| are)?(?: your| the)? (?P<noun>.+?)"
                    r"(?: (?:are|do|did|is|was|were|would|best|describes?|have|does)\b.*)?$", re.IGNORECASE)


def short_label(text: str) -> str | None:
    """A short name for an attribute, for tables and prose ("Which type of organisation are you
    responding on behalf of?" → "Type of organisation"; "Are you responding as an individual or on
    behalf of an organisation?" → "Respondent type"); None when no rule fits."""
    words = _question_words(text)
    if re.search(r"\bresponding as\b|\bon behalf of\b.*\bor\b|\bindividual or\b|\bymateb fel\b", words, re.IGNORECASE):
        return "Respondent type"
    if re.fullmatch(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*", words):  # a variable name: "income_cat" → "Income cat"
        return words[:1].upper() + words[1:].replace("_", " ")
    found = _WHICH.match(words)
    if not found or len(found["noun"].split()) > 5:
        return None
    noun = found["noun"]
    if noun.lower().startswith(("of ", "one ", "best ", "following")):
        return None
    return noun[:1].upper() + noun[1:]


CHARACTERISTIC_TEXT = {
    "age": "Age group", "disability": "Disability", "race": "Ethnic group", "sex": "Sex",
    "gender_reassignment": "Gender identity", "sexual_orientation": "Sexual orientation",
    "religion_belief": "Religion or belief", "marriage_civil_partnership": "Marital status",
    "pregnancy_maternity": "Pregnancy or maternity",
}
"""The short name of each protected characteristic (``consult.core.equality``), as tables and prose give it."""
_DESCRIBES = re.compile(r"^(?:which|what)(?: of the following| option| one)?(?: best)? describes? "
                        r"(?:you(?:rself)?|(?:your|their) (?P<noun>.+?))(?: best)?$", re.IGNORECASE)
_ASKED = re.compile(r"^(?P<lead>how \w+ |where |when )?(?P<verb>do|does|did|are|is|were|was|have|has|had|would|will|can|could) "
                    r"you\b\s*(?P<rest>.*)$", re.IGNORECASE)
_INSTRUCTION = re.compile(r"^(?:please )?(?:state|select|indicate|give|tell us|choose|enter)(?: your)?\s+",
                          re.IGNORECASE)
_PRONOUNS = [(re.compile(rf"\b{you}\b", re.IGNORECASE), they) for you, they in
             (("yourself", "themselves"), ("yours", "theirs"), ("your", "their"),
              (r"(from|to|with|for|about|at|by|of|than|like|saw|see|ask) you", r"\1 them"), ("you", "they"))]
_QUESTION_WORD = re.compile(r"^(?:what|which|who|where|when|why|how|do|does|did|are|is|were|was|have|has|had|would|"
                            r"will|can|could|should|please|in|to)\b", re.IGNORECASE)


def attribute_text(header: str, characteristic: str | None = None) -> str:
    """A short noun phrase naming an attribute in tables and prose ("views by {it}"), never the raw question:
    the header when it is a name already ("Gender"), else its protected characteristic's name ("Disability"),
    else :func:`short_label`'s, else the question made a phrase, its numbering, question words and "?" dropped ("Do you own a car?" → "Whether they own a car";
    "How often do you use the bus?" → "How often they use the bus"; "Please state your ward" → "Ward")."""
    words = _question_words(re.sub(r"\s*\([^)]*\)\s*$", "", header))  # "(tick one)" dropped
    if len(words.split()) <= 4 and not header.rstrip().endswith("?") and not _QUESTION_WORD.match(words):
        return short_label(header) or words[:1].upper() + words[1:]  # a name already: "Gender", "Household income"
    if characteristic in CHARACTERISTIC_TEXT:
        return CHARACTERISTIC_TEXT[characteristic]
    if short := short_label(header):
        return short
    words = words.rpartition(": ")[2]  # "How often do you: Pray aloud" names what it asks about last
    if found := _DESCRIBES.match(words):
        words = found["noun"] or "Respondent type"
    elif found := _ASKED.match(words):
        verb = "" if found["verb"].lower() in ("do", "does") else f" {found['verb'].lower()}"
        words = f"{(found['lead'] or 'whether ').strip()} they{verb} {found['rest']}"
    else:
        words = _INSTRUCTION.sub("", words)
    for pattern, they in _PRONOUNS:
        words = pattern.sub(they, words)
    words = words.strip() or header.strip()
    return words[:1].upper() + words[1:]


_AGREE_STEM = re.compile(r"^(?:to what extent|how (?:far|much|strongly))?\s*(?:do|would) you (?:agree|disagree)"
                         r"(?: or (?:agree|disagree))?\s+(?:that|with)\s+(?P<topic>.+)$", re.IGNORECASE)


def short_question(text: str) -> str | None:
    """An agree/disagree question as a short heading for tables and charts, its stem dropped ("3. To
    what extent do you agree or disagree with the proposed priorities?" → "The proposed priorities");
    None for other wording, whose stem carries meaning ("How satisfied are you with ...")."""
    if row := _grid_row(text):
        return row
    found = _AGREE_STEM.match(_question_words(text))
    return found["topic"][:1].upper() + found["topic"][1:] if found else None


def _past(clause: str) -> str:
    """The clause in the past, as reported prose puts it: "the aims are clear" → "the aims were clear"."""
    for pattern, past in _TENSE:
        clause = pattern.sub(past, clause)
    return clause


_DETERMINERS = {"the", "a", "an", "this", "these", "those", "that", "our", "your", "my", "its", "their", "there",
                "it", "we", "you", "all", "any", "some", "more", "new"}


def _lower_first(text: str) -> str:
    """The clause with a capitalised first word lowered when it is a determiner or pronoun ("The plan" →
    "the plan"); names and acronyms ("Leicester", "NHS") keep their capitals."""
    first, _, rest = text.partition(" ")
    return f"{first.lower()} {rest}".rstrip() if first.lower() in _DETERMINERS else text


_GRID_STEM = re.compile(r"\b(?:agree|disagree)\b.*\b(?:following|these|each of|statements?)\b", re.IGNORECASE)
_GRID_SHAPES = (
    re.compile(r"^(?P<stem>.+?)\s*\[(?P<item>[^\[\]]+)\]$"),  # Google Forms: "stem [item]"
    re.compile(r"^(?P<stem>.+[?:])\s+-\s+(?P<item>.+)$"),  # Qualtrics: "stem? - item"
    re.compile(r"^(?P<stem>.+) \| (?P<item>.+)$"),  # SurveyMonkey, as consult joins its header rows: "stem | item"
)
_NOT_ITEMS = {"selected choice", "text", "response", "other (please specify)"}  # Qualtrics/SurveyMonkey endings
_THE_FOLLOWING = re.compile(r"\b(?:the following|these|each of)\b", re.IGNORECASE)


def grid_parts(text: str) -> tuple[str, str] | None:
    """A grid item's (stem, item) when ``text`` has a known export's grid shape ("How satisfied are you with
    the park? [Cleanliness]", "... to you? - Borrowing books", "... | The aims are clear"), else None."""
    for shape in _GRID_SHAPES:
        if (found := shape.match(text.strip())) and found["item"].strip().lower() not in _NOT_ITEMS:
            return found["stem"].strip(), found["item"].strip()
    return None


def _grid_row(text: str) -> str | None:
    """A grid's row label when ``text`` is "<agree stem about the following statements> | <row>", else None."""
    parts = grid_parts(text)
    return parts[1] if parts and _GRID_STEM.search(parts[0]) else None


def _item_phrase(item: str) -> str:
    """A grid item as words inside a sentence: its first letter lowered unless it starts an acronym or a name
    ("Borrowing books" → "borrowing books", "NHS services" stays)."""
    first = item.split()[0] if item.split() else ""
    return _lower_first(item) if first[1:2].isupper() or first in _DETERMINERS else item[:1].lower() + item[1:]


def statement_from(text: str, scale: str | None) -> str | None:
    """The clause the summary's prose uses for a closed question, from the question's wording, or
    None when no rule fits (the prose then quotes the question).

    Agree scales take the clause after "... agree or disagree that" ("the aims were clear"); yes/no
    questions asked of "you" become "they ..." ("they had been affected by ..."); "Should the
    Council X?" becomes "the Council should X"; satisfaction and importance take what they are
    about ("the service").
    """
    words = _question_words(text)
    if scale in ("agree5", "agree4"):
        if row := _grid_row(text):  # "... agree or disagree with the following statements? | The aims are clear"
            return _past(_lower_first(_question_words(row)))
        found = _AGREE_THAT.match(words)
        return _past(_lower_first(found["clause"])) if found else None
    if scale == "yes_no":
        if found := _YOU.match(words):
            return _past(f"they {_YOU_PAST[found['verb'].lower()]} {found['rest']}")
        if (found := _DO_YOU.match(words)) and found["verb"].lower() in _VERB_PAST:
            return _past(f"they {_VERB_PAST[found['verb'].lower()]} {found['rest']}")
        if found := _SHOULD.match(words):
            return _past(f"{_lower_first(found['subject'])} should {found['rest']}")
        if found := _IS_IT.match(words):
            verb = "was" if found["verb"].lower() == "is" else "were"
            return _past(f"{_lower_first(found['subject'])} {verb} {found['predicate']}")
        return None
    about = _ABOUT.get(scale or "")
    parts = grid_parts(text)
    if about and parts and (found := about.match(_question_words(parts[0]))):  # "... with the park? [Safety]"
        clause, item = _lower_first(found["clause"]), _item_phrase(_question_words(parts[1]))
        return item if _THE_FOLLOWING.search(clause) else f"the {item.removeprefix('the ')} of {clause}"
    if about and (found := about.match(words)):
        return _lower_first(found["clause"])
    return None


_LEAD_IN = re.compile(r"^(?:as an?|on behalf of(?: an?| the| my| our)?|i am an?|i'm an?|i am|i'm)\s+")


def _fold(label: str) -> str:
    """A label folded so that case, spacing, punctuation, a plural "s", -ize/-ise spelling and a lead-in
    ("As an individual", "On behalf of an organisation") do not matter."""
    folded = _LEAD_IN.sub("", normalise_label(label))
    folded = re.sub(r"iz(e|es|ed|ing|ation|ations)\b", r"is\1", re.sub(r"[^\w\s]", "", folded))
    return " ".join(word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word
                    for word in folded.split())


def merged_spellings(labels: dict[str, int]) -> dict[str, str]:
    """Synonyms that give one spelling to labels typed several ways ("INDIVIDUALs", "As an individual"
    → "Individual"): each variant mapped onto the most common spelling of its folded form (ties: the
    first in sorted order). ``labels`` counts each spelling; spellings alone in their form are left out.
    """
    forms: dict[str, Counter[str]] = {}
    for label, n in labels.items():
        forms.setdefault(_fold(label), Counter())[label] += n
    synonyms = {}
    for spellings in forms.values():
        if len(spellings) > 1:
            chosen = sorted(spellings.items(), key=lambda item: (-item[1], item[0]))[0][0]
            synonyms.update({label: chosen for label in sorted(spellings) if label != chosen})
    return synonyms


def distinct_texts(questions: list[dict]) -> None:
    """Tell apart questions whose text (or, without one, column) repeats an earlier one's, in place: the
    second "Comments" becomes "Comments (2)", the third "Comments (3)"."""
    seen: Counter[str] = Counter()
    for question in questions:
        shown = question.get("text") or question["column"]
        seen[shown] += 1
        if seen[shown] > 1:
            question["text"] = f"{shown} ({seen[shown]})"


_NUMBERED_REPEAT = re.compile(r"^(?P<text>.+) \(\d+\)$")


def drafted_values(cfg: Consultation, exports: list[Path]) -> list[str]:
    """The values of ``cfg`` that are still as ``consult init`` guessed them, one line each, for
    ``consult check`` to list as worth a look before publishing (not errors)."""
    notes = []
    if any(cfg.title == title_from(path) for path in exports):
        notes.append(f"title: {cfg.title!r} was drafted from the export's file name; give the consultation's own title")
    closed = cfg.questions_of("closed")
    for question in closed:
        drafted = {statement_from(text, question.scale) for text in (question.column, question.text) if text}
        if question.statement and question.statement in drafted:
            notes.append(f"questions ({question.id}): statement {question.statement!r} was drafted from the "
                         "question's wording; check that it reads right in the summary")
    named = [q for q in cfg.questions if q.text and q.text != q.column and q.text == (
        attribute_text(q.column, q.characteristic) if q.type == "attribute" else short_question(q.column))]
    if named:
        notes.append(f"questions ({', '.join(q.id for q in named)}): text "
                     f"{', '.join(repr(q.text) for q in named[:3])}{' ...' if len(named) > 3 else ''} drafted as a "
                     "short name from the question's wording; check that each reads right in tables and prose")
    shown = {q.text or q.column for q in cfg.questions}
    for question in cfg.questions:
        repeat = _NUMBERED_REPEAT.match(question.text or "")
        if repeat and repeat["text"] in shown:
            notes.append(f"questions ({question.id}): text {question.text!r} was drafted to tell apart questions "
                         "whose headers repeat; give it the question it asked")
    quoted = [q.id for q in closed if not q.statement]
    if quoted:
        notes.append(f"questions ({', '.join(quoted)}): no statement, so the summary quotes the question; "
                     "a statement (the clause after 'agreed that') reads better")
    return notes
