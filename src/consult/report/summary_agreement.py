"""The summary's sentences on the closed questions: agreement with its base, tone, group differences.

:func:`closed_paragraph` gives each closed question with agree/disagree sides its statement
with an honest quantifier, the percentage and its base ("Most respondents who gave a view,
75% (6 of 8), agreed that ..."), small bases in counts instead, a question asked of only some
respondents led by who was asked ("Asked only of those who had used the tools (26 respondents):
..."), the overall tone first (saying whose views and on what) and what each base leaves out
last. :func:`choice_paragraph` gives the most common answers of each choice question and each
closed question whose scale has no direction. :func:`differences_paragraph` gives the group
differences that are statistically significant, and only those, in plain words.

Tone rule: for each closed question with agree/disagree sides and a base (yes/no questions apart:
they are as often about a fact as a view), the balance is its
positive share minus its negative share (percentage points). The feedback is "broadly
positive" when every balance is above zero and their mean is at least +20, "broadly negative"
when every balance is below zero and their mean is at most -20, and "mixed" otherwise.
"""

from __future__ import annotations

from itertools import groupby

import pandas as pd

from consult.agreement.routing import asked_of
from consult.core import wording
from consult.core.config import Consultation, Question
from consult.core.files import is_true
from consult.core.rounding import round_half_up
from consult.report.tables import ALL, ReportTables, is_shown, pct_text, shown_pct

__all__ = ["base_note", "choice_paragraph", "clauses", "closed_paragraph", "differences_paragraph", "tone"]

TONE_MARGIN = 20.0  # mean balance (percentage points) needed for "broadly positive/negative"
NOT_STATED = "(not stated)"  # the group of blank answers in agreement.csv and group_tests.csv

# positive clause with the statement, positive clause with the question label, negative clause
_CLAUSES = {
    "agree5": ("agreed that {s}", "agreed with “{q}”", "disagreed"),
    "agree4": ("agreed that {s}", "agreed with “{q}”", "disagreed"),
    "yes_no": ("answered yes when asked whether {s}", "answered yes to “{q}”", "answered no"),
    "satisfaction5": ("said they were satisfied with {s}", "said they were satisfied when asked “{q}”",
                      "said they were dissatisfied"),
    "importance5": ("rated {s} as important", "rated “{q}” as important", "rated it as not important"),
    "numeric1_5": ("gave {s} a score of 4 or 5", "gave “{q}” a score of 4 or 5", "gave a score of 1 or 2"),
    "numeric0_10": ("gave {s} a score of 9 or 10", "gave “{q}” a score of 9 or 10", "gave a score of 0 to 6"),
}
_GENERIC = ("gave a positive answer on whether {s}", "gave a positive answer to “{q}”", "gave a negative answer")
_BASE_NOUN = {"gave_view": "respondents who gave a view", "answered": "respondents who answered",
              "all": "respondents"}


# ---------------------------------------------------------------------------- helpers
def _scale_clauses(question: Question) -> tuple[str, str, str]:
    """A config scale's clauses in the shape of ``_CLAUSES``: its own words, else the options it sums.

    A positive clause without ``{s}`` ends "when asked whether <statement>" (or "when asked “<question>”").
    """
    scale = question.get_scale()
    if not scale.has_nets:
        return _GENERIC

    def answered(options: tuple[str, ...]) -> str:
        return "answered " + wording.join([f"“{o}”" for o in options], "or")

    positive = (scale.positive_clause or answered(scale.positive)).replace("{", "{{").replace("}", "}}")
    negative = scale.negative_clause or answered(scale.negative)
    if "{{s}}" in positive:
        return positive.replace("{{s}}", "{s}"), positive.replace("{{s}}", "“{q}”"), negative
    return positive + " when asked whether {s}", positive + " when asked “{q}”", negative


def clauses(question: Question) -> tuple[str, str]:
    """The positive clause (with the statement or the question) and the negative clause."""
    found = _CLAUSES.get(question.scale or "")
    with_statement, with_question, negative = found or _scale_clauses(question)
    if question.statement:
        return with_statement.format(s=question.statement.rstrip(". ")), negative
    return with_question.format(q=question.label.rstrip()), negative


def _subject(question: Question) -> str:
    """What a question is about, for "no one gave a view on ..."."""
    return f"whether {question.statement.rstrip('. ')}" if question.statement else f"“{question.label}”"


def _net_rows(agreement: pd.DataFrame, question: Question, group_by: str = ALL) -> pd.DataFrame:
    """The question's positive and negative net rows for a grouping, indexed by (group, option)."""
    scale = question.get_scale()
    rows = agreement[(agreement["question_id"] == question.id) & (agreement["group_by"] == group_by)
                     & agreement["option"].isin([scale.positive_net, scale.negative_net])]
    return rows.set_index(["group", "option"])


def _is_small(row: pd.Series, cfg: Consultation) -> bool:
    return not is_shown(row["flag"]) or int(row["base"]) < cfg.agreement.small_base


def _counted(n: int, below: int) -> str:
    return "none" if n == 0 else wording.number(n, below)


# ---------------------------------------------------------------------------- closed questions
def _asked(question: Question, nets: pd.DataFrame) -> int:
    """How many were asked a routed question (agreement.csv's ``asked``); 0 when none or unknown."""
    positive = question.get_scale().positive_net
    return int(nets.loc[(ALL, positive), "asked"]) if "asked" in nets and (ALL, positive) in nets.index else 0


def _question_sentence(question: Question, nets: pd.DataFrame, cfg: Consultation, again: bool = False) -> str:
    """The question's sentence, led by who was asked when it was asked of only some respondents
    (``again``: the same respondents as the sentence before, said more briefly)."""
    sentence = _views_sentence(question, nets, cfg)
    who = asked_of(cfg, question)
    if who is None:
        return sentence
    asked = _asked(question, nets)
    if asked == 0:
        return f"No respondent was asked {_subject(question)}: it was asked only of {who}."
    below = cfg.report.numbers_in_words_below
    if again:
        return f"Asked of the same {wording.number(asked, below)}: {wording.lower_first(sentence)}"
    return f"Asked only of {who} ({wording.count(asked, 'respondent', below)}): {wording.lower_first(sentence)}"


def _views_sentence(question: Question, nets: pd.DataFrame, cfg: Consultation) -> str:
    scale = question.get_scale()
    below = cfg.report.numbers_in_words_below
    noun = _BASE_NOUN[question.base]
    if (ALL, scale.positive_net) not in nets.index or int(nets.loc[(ALL, scale.positive_net), "base"]) == 0:
        return f"No respondent {'gave a view on' if question.base == 'gave_view' else 'answered'} {_subject(question)}."
    positive, negative = nets.loc[(ALL, scale.positive_net)], nets.loc[(ALL, scale.negative_net)]
    base, n_pos, n_neg = int(positive["base"]), int(positive["n"]), int(negative["n"])
    agreed, disagreed = clauses(question)
    if base == 1:
        clause = agreed if n_pos else disagreed if n_neg else f"gave neither answer on {_subject(question)}"
        return f"The one {noun.replace('respondents', 'respondent')} {clause}."
    if _is_small(positive, cfg):
        rest = f" and {_counted(n_neg, below)} {disagreed}" if n_neg else ""
        return f"Of the {wording.number(base, below)} {noun}, {_counted(n_pos, below)} {agreed}{rest}."
    word = wording.quantifier(n_pos, base, shown_pct(positive))
    rest = pct_text(negative) if n_neg else "none"
    return (f"{wording.capitalise(wording.quantified(word, noun))}, {pct_text(positive)}, {agreed}; "
            f"{rest} {disagreed}.")


def _toned(question: Question) -> bool:
    """Whether the tone sums up this closed question: its scale has a positive and a negative side, and
    it is not a yes/no question, which is as often about a fact ("Have you been affected ...?") as a view."""
    return question.get_scale().has_nets and question.scale != "yes_no"


def tone(agreement: pd.DataFrame, cfg: Consultation) -> str | None:
    """"broadly positive", "mixed" or "broadly negative" by the rule in the module docstring.

    ``None`` when no closed question with positive and negative sides has anyone in its base.
    """
    balances = []
    for question in filter(_toned, cfg.questions_of("closed")):
        scale = question.get_scale()
        nets = _net_rows(agreement, question)
        if (ALL, scale.positive_net) not in nets.index:
            continue
        positive, negative = nets.loc[(ALL, scale.positive_net)], nets.loc[(ALL, scale.negative_net)]
        if int(positive["base"]) > 0:
            balances.append(float(positive["pct"]) - float(negative["pct"]))
    if not balances:
        return None
    mean = sum(balances) / len(balances)
    if all(b > 0 for b in balances) and mean >= TONE_MARGIN:
        return "broadly positive"
    if all(b < 0 for b in balances) and mean <= -TONE_MARGIN:
        return "broadly negative"
    return "mixed"


def _base_kind(question: Question) -> str:
    """The question's base as agreement.csv uses it: with no "no view" answer on the scale (a choice
    question, numbers, most scales without direction), ``gave_view`` is everyone who answered."""
    gave_view = question.base == "gave_view" and question.get_scale().non_substantive
    return "answered" if question.base == "gave_view" and not gave_view else question.base


def base_note(questions: list[Question]) -> list[str]:
    """What each base leaves out: one sentence per kind of base, the less common kinds naming their questions."""
    bases = {q.id: _base_kind(q) for q in questions}
    kinds = sorted(set(bases.values()), key=lambda k: (-sum(bases[q.id] == k for q in questions), k))
    notes = []
    for position, kind in enumerate(kinds):
        chosen = [q for q in questions if bases[q.id] == kind]
        outside = wording.join(list(dict.fromkeys(f"“{o}”" for q in chosen for o in q.get_scale().non_substantive)),
                               "or")
        rule = {
            "gave_view": "are of those who gave a view: they leave out blank answers"
                         + (f" and {outside}" if outside else ""),
            "answered": "are of those who answered" + (f", including {outside}" if outside else "")
                        + "; blank answers are left out",
            "all": "are of all respondents, including those who did not answer",
        }[kind]
        which = "" if position == 0 else f" for {wording.join([f'“{q.label}”' for q in chosen])}"
        notes.append(f"{'Percentages' if position == 0 else 'Those'}{which} {rule}.")
    return notes


def _whose_views(questions: list[Question], cfg: Consultation) -> str:
    """Whose views the tone sums up, and on what: "Among respondents who gave a view on the closed questions".

    ``questions`` are those the tone sums up (positive and negative sides, not yes/no); the rest
    (yes/no and choice questions, scales without direction) are left out of it, and the words say so. "Whose" follows the base
    most of them have (a view given, on a tie).
    """
    bases = [q.base for q in questions]
    kind = max(("gave_view", "answered", "all"), key=bases.count)
    below = cfg.report.numbers_in_words_below
    if len(questions) == 1:
        about = _subject(questions[0])
    elif len(questions) == len(cfg.questions_of("closed", "choice")):
        about = "the closed questions"
    else:
        about = f"the {wording.number(len(questions), below)} opinion questions"
    return {"gave_view": f"Among respondents who gave a view on {about}",
            "answered": f"Among respondents who answered {about}",
            "all": f"On {about}, among all respondents"}[kind]


def closed_paragraph(tables: ReportTables, cfg: Consultation, feeling: str | None) -> str | None:
    """The tone (``feeling``, from :func:`tone`), a sentence per closed question with agree/disagree
    sides, and what each base leaves out; ``None`` when there is no such question."""
    questions = [q for q in cfg.questions_of("closed") if q.get_scale().has_nets]
    if not questions:
        return None
    toned = [q for q in questions if _toned(q)]
    sentences = [f"{_whose_views(toned, cfg)}, the feedback was {feeling}."] if feeling and toned else []
    before = None
    for question in questions:
        nets = _net_rows(tables.agreement, question)
        asked = (asked_of(cfg, question), _asked(question, nets)) if question.asked_if else None
        sentences.append(_question_sentence(question, nets, cfg, again=bool(asked and asked[1]) and asked == before))
        before = asked
    sentences += base_note(questions)
    return " ".join(sentences)


# ---------------------------------------------------------------------------- choice questions
def _unranked(question: Question) -> list[Question]:
    return [question] if question.type == "choice" or not question.get_scale().has_nets else []


def _option_rows(agreement: pd.DataFrame, question: Question) -> pd.DataFrame:
    """The question's overall rows for its substantive options, indexed by option."""
    options = question.get_scale().options
    rows = agreement[(agreement["question_id"] == question.id) & (agreement["group_by"] == ALL)
                     & agreement["option"].isin(options)]
    return rows.set_index("option")


def _choice_sentence(question: Question, rows: pd.DataFrame, cfg: Consultation) -> str:
    """The most common answers, with percentages and bases ("The most common answer to “Q” was “A”,
    45% (120 of 267), then “B”, 30% (80 of 267)."), or counts when the base is small."""
    below = cfg.report.numbers_in_words_below
    base = int(rows["base"].iloc[0]) if not rows.empty else 0
    if base == 0:
        return f"No respondent answered “{question.label}”."
    order = {option: i for i, option in enumerate(question.get_scale().options)}
    counts = {option: int(rows.loc[option, "n"]) for option in rows.index}
    chosen = sorted((o for o in counts if counts[o] > 0), key=lambda o: (-counts[o], order[o]))
    if any(_is_small(rows.loc[o], cfg) for o in chosen):
        parts = [f"{_counted(counts[o], below)} “{o}”" for o in chosen]
        parts[0] = parts[0].replace(" “", " chose “", 1)
        who = {"gave_view": "respondents who gave a view on", "answered": "respondents who answered",
               "all": "respondents asked"}[_base_kind(question)]
        return f"Of the {wording.number(base, below)} {who} “{question.label}”, {wording.join(parts)}."
    tiers = [list(tier) for _, tier in groupby(chosen, key=counts.__getitem__)]  # options with equal counts

    def shown(tier: list[str]) -> str:
        figure = pct_text(rows.loc[tier[0]])
        return f"{wording.join([f'“{o}”' for o in tier])}, {figure}{' each' if len(tier) > 1 else ''}"

    lead = (f"The most common answer to “{question.label}” was" if len(tiers[0]) == 1
            else f"The most common answers to “{question.label}” were")
    then = f", then {shown(tiers[1])}" if len(tiers) > 1 else ""
    return f"{lead} {shown(tiers[0])}{then}."


def choice_paragraph(tables: ReportTables, cfg: Consultation) -> str | None:
    """The most common answers of each choice question and each closed question whose scale has no
    direction, and what their bases leave out; ``None`` when there is no such question."""
    questions = [u for q in cfg.questions_of("closed", "choice") for u in _unranked(q)]
    if not questions:
        return None
    sentences = [_choice_sentence(q, _option_rows(tables.agreement, q), cfg) for q in questions]
    return " ".join(sentences + base_note(questions))


def _option_differences(question: Question, tables: ReportTables, cfg: Consultation) -> list[str]:
    """A sentence per attribute whose groups answered a question without sides differently (the overall test)."""
    tests = tables.group_tests
    mine = tests[(tests["question_id"] == question.id) & (tests["group"] == ALL) & tests["significant"].map(is_true)
                 & tests["flag"].ne("[u]")]
    return [f"Answers to “{question.label}” differed by {wording.lower_first(cfg.question(g).label)} "
            "more than chance would explain." for g in cfg.groups if g in set(mine["group_by"])]


def _unsure(tables: ReportTables, cfg: Consultation) -> str | None:
    """The sentence naming the overall tests that found a difference resting on too few respondents
    (flag ``[u]``: over a fifth of the expected counts below 5) where no group's own test found one:
    the summary does not report those as findings."""
    tests = tables.group_tests
    found = tests[(tests["group"] != ALL) & tests["significant"].map(is_true)
                  & (pd.to_numeric(tests["base_group"]) >= cfg.agreement.small_base)]
    unsure = tests[(tests["group"] == ALL) & tests["significant"].map(is_true) & tests["flag"].eq("[u]")]
    unsure = unsure[~unsure.set_index(["question_id", "group_by"]).index.isin(found.set_index(["question_id", "group_by"]).index)]
    if unsure.empty:
        return None
    pairs = [f"{_subject(cfg.question(q))} by {wording.lower_first(cfg.question(g).label)}"
             for q, g in unsure[["question_id", "group_by"]].itertuples(index=False)]
    return (f"The tests of views on {wording.join(pairs)} suggested a difference, but some groups were too small "
            "for those tests to be relied on, so none is reported as a finding.")


# ---------------------------------------------------------------------------- group differences
def _who(group: str, label: str) -> str:
    """``"organisations"`` for an answer naming a kind of respondent, else ``the “Ashcombe” group (District)``."""
    noun = wording.group_noun(group)
    return wording.plural(noun, 2) if noun else f"the “{group}” group ({label})"


def _figure(row: pd.Series, cfg: Consultation) -> str:
    """A group's positive share: ``"85% (301 of 355)"``, or ``"six of eight"`` for a small base."""
    n, base = int(row["n"]), int(row["base"])
    if _is_small(row, cfg):
        below = cfg.report.numbers_in_words_below
        return f"{_counted(n, below)} of {wording.number(base, below)}"
    return pct_text(row)


def _gap(rows: list[pd.Series], difference: float, cfg: Consultation) -> str:
    """``", by 12 percentage points"``, unless a small base makes the groups' figures counts."""
    if any(_is_small(row, cfg) for row in rows):
        return ""
    points = int(round_half_up(abs(difference)))
    return f", by {wording.count(points, 'percentage point', cfg.report.numbers_in_words_below)}"


def _grouping_sentences(question: Question, group_by: str, tables: ReportTables, cfg: Consultation) -> list[str]:
    """The significant differences of one question by one attribute, in plain words.

    Two groups are compared with each other; with more, each significant group is compared with
    everyone else, biggest difference first. An overall difference with no group standing out
    gets one sentence.
    """
    label = cfg.question(group_by).label
    tests = tables.group_tests
    tests = tests[(tests["question_id"] == question.id) & (tests["group_by"] == group_by)]
    per_group = tests[(tests["group"] != ALL) & (tests["group"] != NOT_STATED)]
    per_group = per_group.assign(_size=-pd.to_numeric(per_group["difference_pp"]).abs()).sort_values(
        ["_size", "group"], kind="stable")
    # a group is described only when its own base is big enough to be reliable
    reliable = pd.to_numeric(per_group["base_group"]) >= cfg.agreement.small_base
    significant = per_group[per_group["significant"].map(is_true) & reliable]
    nets = _net_rows(tables.agreement, question, group_by)
    positive = question.get_scale().positive_net
    if significant.empty:
        head = tests[tests["group"] == ALL]
        if (head["significant"].map(is_true) & head["flag"].ne("[u]")).any():
            return [f"Views on {_subject(question)} differed by {wording.lower_first(label)} more than chance "
                    "would explain, though no single group stood out from the rest."]
        return []
    if len(tests[tests["group"] != ALL]) == 2:
        first = significant.iloc[0]
        pair = sorted(per_group["group"], key=lambda g: (-float(nets.loc[(g, positive), "pct"]), g))
        rows = [nets.loc[(g, positive)] for g in pair]
        return [f"was higher among {_who(pair[0], label)}, {_figure(rows[0], cfg)}, "
                f"than among {_who(pair[1], label)}, {_figure(rows[1], cfg)}"
                f"{_gap(rows, float(first['difference_pp']), cfg)}."]
    sentences = []
    for _, test in significant.iterrows():
        row = nets.loc[(test["group"], positive)]
        direction = "higher" if float(test["difference_pp"]) > 0 else "lower"
        sentences.append(f"was {direction} among {_who(str(test['group']), label)}, "
                         f"{_figure(row, cfg)}, than among other respondents"
                         f"{_gap([row], float(test['difference_pp']), cfg)}.")
    return sentences


def differences_paragraph(tables: ReportTables, cfg: Consultation) -> str | None:
    """The significant group differences (or a sentence that there were none); ``None`` without groups or tests."""
    if not cfg.groups or tables.group_tests.empty:
        return None
    sentences = []
    for question in cfg.questions_of("closed", "choice"):
        if not question.get_scale().has_nets:
            sentences += _option_differences(question, tables, cfg)
            continue
        agreed, _ = clauses(question)
        found = [s for group_by in cfg.groups for s in _grouping_sentences(question, group_by, tables, cfg)]
        named = False  # whether the sentence before names the share, so that "It was also ..." can follow
        for sentence in found:
            if sentence.startswith("Views on"):
                sentences.append(sentence)
            else:
                sentences.append(f"It was also {sentence.removeprefix('was ')}" if named
                                 else f"The share who {agreed} {sentence}")
            named = not sentence.startswith("Views on")
    level = f"p below {cfg.agreement.significance:g}"
    unsure = [sentence for sentence in [_unsure(tables, cfg)] if sentence]
    if not sentences:
        labels = wording.join([wording.lower_first(cfg.question(g).label) for g in cfg.groups], "or")
        return " ".join([f"There were no statistically significant differences in views by {labels} ({level}).", *unsure])
    these = "This difference is" if len(sentences) == 1 else "These differences are"
    return " ".join([*sentences, f"{these} statistically significant ({level}); "
                     "other differences between groups were too small to rule out chance.", *unsure])

