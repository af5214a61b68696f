"""The summary a council officer pastes into a cabinet report, written from the tables.

:func:`summarise` writes, in order: who responded and how; for each closed question its
statement with an honest quantifier, the percentage and its base ("Most respondents who gave
a view, 75% (6 of 8), agreed that ..."), small bases in counts instead; the overall tone; the
group differences that are statistically significant, and only those; the themes of the free
text by size, each with a count and a redacted quote, and what those who disagreed raised;
and the caveat that respondents are self-selected.

Tone rule: for each closed question with agree/disagree sides and a base, the balance is its
positive share minus its negative share (percentage points). The feedback is "broadly
positive" when every balance is above zero and their mean is at least +20, "broadly negative"
when every balance is below zero and their mean is at most -20, and "mixed" otherwise.

:func:`check_percentages` finds every "NN% (n of base)" in a text and checks it against
agreement.csv; :func:`verify` raises :class:`PercentageError` when any fails.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from consult import review, wording
from consult.config import Consultation, Question
from consult.errors import ConsultError
from consult.rounding import format_pct, is_achievable, pct_int, round_half_up
from consult.tables import (
    ALL, ReportTables, first_quote, is_shown, is_true, ordered_themes, quote_columns, reason_kind,
)

__all__ = ["Bullets", "Paragraph", "PercentageError", "ReportTables", "Summary", "caveat", "check_percentages",
           "methods", "summarise", "tone", "verify"]

TONE_MARGIN = 20.0  # mean balance (percentage points) needed for "broadly positive/negative"
NOT_STATED = "(not stated)"
MAX_LISTED = 8  # answers listed for one attribute before "and N other answers"

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

_PCT_WITH_BASE = re.compile(r"(\d+(?:\.\d+)?)% \((\d[\d,]*) of (\d[\d,]*)\)")
_ANY_PCT = re.compile(r"\d+(?:\.\d+)?\s?%")
# percentages that are not results: confidence levels and the rules stated in notes
_NOT_A_RESULT = re.compile(r"\d+% (?:confidence )?intervals?|(?:exceed|sum to|more than) 100%|rounds to 0%")


class PercentageError(ConsultError):
    """A percentage in a written output does not trace to a row of agreement.csv."""


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of prose."""

    text: str


@dataclass(frozen=True)
class Bullets:
    """A bulleted list, with the line that introduces it (blank for none)."""

    lead: str
    items: tuple[str, ...]


@dataclass(frozen=True)
class Summary:
    """The summary as blocks (paragraphs and bullet lists) in reading order, and its tone."""

    blocks: tuple[Paragraph | Bullets, ...]
    tone: str | None

    @property
    def markdown(self) -> str:
        """The blocks as Markdown: paragraphs separated by blank lines, ``- `` bullets."""
        parts = []
        for block in self.blocks:
            if isinstance(block, Paragraph):
                parts.append(block.text)
            else:
                parts.append("\n".join(([block.lead, ""] if block.lead else []) + [f"- {i}" for i in block.items]))
        return "\n\n".join(parts) + "\n"

    @property
    def text(self) -> str:
        """Every sentence as plain text, one block per line (what :func:`check_percentages` reads)."""
        lines = []
        for block in self.blocks:
            lines.extend([block.text] if isinstance(block, Paragraph) else [block.lead, *block.items])
        return "\n".join(line for line in lines if line)


# ---------------------------------------------------------------------------- checking
def check_percentages(text: str, agreement: pd.DataFrame) -> list[str]:
    """Problems with the percentages in ``text``; an empty list when every one is right.

    Every percentage must be written "NN% (n of base)", be achievable from its base (half-up
    rounding), and match a row of ``agreement`` (agreement.csv's columns) with that ``n`` and
    ``base``, whose own ``pct`` rounds to the same figure and which is not suppressed (``[c]``).
    Confidence levels ("95% intervals") and stated rules ("may exceed 100%", "rounds to 0%")
    are not results and are not checked.
    """
    problems = []
    spans = [match.span() for match in _NOT_A_RESULT.finditer(text)]
    for match in _PCT_WITH_BASE.finditer(text):
        spans.append(match.span())
        shown, n, base = match.group(1), int(match.group(2).replace(",", "")), int(match.group(3).replace(",", ""))
        problem = _percentage_problem(float(shown), n, base, agreement)
        if problem:
            problems.append(f"'{match.group(0)}' {problem}")
    for match in _ANY_PCT.finditer(text):
        if not any(start <= match.start() < end for start, end in spans):
            problems.append(f"'{match.group(0)}' has no count and base beside it")
    return problems


def _percentage_problem(shown: float, n: int, base: int, agreement: pd.DataFrame) -> str | None:
    if shown != int(shown):
        return "has decimals; reports show whole percentages"
    if n > base or not is_achievable(int(shown), base) or pct_int(n, base) != shown:
        return f"is not {n} of {base} rounded half up ({format_pct(n, base) if base else 'no base'})"
    rows = agreement[(agreement["n"].astype(int) == n) & (agreement["base"].astype(int) == base)]
    rows = rows[rows["pct"].map(lambda p: pd.notna(p) and round_half_up(float(p)) == shown)]
    if rows.empty:
        return f"matches no row of agreement.csv with n {n} and base {base}"
    if not rows["flag"].map(is_shown).any():
        return "is suppressed [c] in agreement.csv and must be given as a count"
    return None


def verify(text: str, agreement: pd.DataFrame, where: str) -> None:
    """Raise :class:`PercentageError` (one line naming ``where``) if any percentage in ``text`` is wrong."""
    problems = check_percentages(text, agreement)
    if problems:
        raise PercentageError(
            f"{where}: {wording.count(len(problems), 'percentage', 0)} not traced to agreement.csv: "
            f"{'; '.join(problems)}. Rerun the agreement stage and then the report; if it persists, "
            "report it as a bug in consult."
        )


# ---------------------------------------------------------------------------- helpers
def _clauses(question: Question) -> tuple[str, str]:
    """The positive clause (with the statement or the question) and the negative clause."""
    with_statement, with_question, negative = _CLAUSES.get(question.scale or "", _GENERIC)
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


# ---------------------------------------------------------------------------- the opening
def _profile_sentence(responses: pd.DataFrame, cfg: Consultation, attribute: str, natural: str | None) -> str:
    """Who responded by one attribute.

    With ``natural`` (``":"`` or ``"Of these,"``) and answers that are nouns, the clause reads
    "57 from organisations and 355 from individuals"; otherwise the answers are listed with
    their counts after the attribute's label.
    """
    below = cfg.report.numbers_in_words_below
    counts = responses[attribute].fillna(NOT_STATED).value_counts()
    ordered = sorted(counts.items(), key=lambda item: (item[0] == NOT_STATED, -item[1], item[0]))
    stated = [(value, int(n)) for value, n in ordered if value != NOT_STATED]
    missing = int(counts.get(NOT_STATED, 0))
    nouns = [wording.group_noun(value) for value, _ in stated]
    if natural and stated and all(nouns) and len(stated) <= MAX_LISTED:
        parts = [f"{wording.number(n, below)} from "
                 + (wording.with_article(noun) if n == 1 else wording.plural(noun, n))
                 for (_, n), noun in zip(stated, nouns)]
        if natural != ":":
            first_n = stated[0][1]
            parts[0] = parts[0].replace(" from ", " was from " if first_n == 1 else " were from ", 1)
        if missing:
            parts.append(f"{wording.number(missing, below)} did not say")
        return f"{natural} {wording.join(parts)}."
    parts = [f"{value} ({wording.number(n, below)})" for value, n in stated[:MAX_LISTED]]
    if len(stated) > MAX_LISTED:
        parts.append(wording.count(len(stated) - MAX_LISTED, "other answer", below))
    if missing and natural:
        parts.append(f"not stated ({wording.number(missing, below)})")
    return f"{cfg.question(attribute).label}: {wording.join(parts)}."


def _opening(tables: ReportTables, cfg: Consultation) -> str:
    below = cfg.report.numbers_in_words_below
    total = len(tables.responses)
    how = ""
    if cfg.period:
        how += " " + wording.date_range(cfg.period.start, cfg.period.end)
    if cfg.channels:
        how += f"{',' if how else ''} through {cfg.channels}"
    verb = "was" if total == 1 else "were"
    sentences = [f"A total of {wording.count(total, 'response', below)} {verb} received{how}"]
    attributes = [g for g in cfg.groups if g in tables.responses.columns] if total else []
    if attributes:
        first = _profile_sentence(tables.responses, cfg, attributes[0], "Of these," if how else ":")
        sentences[0] += first if first.startswith(":") else ". " + first
        sentences.extend(_profile_sentence(tables.responses, cfg, a, None) for a in attributes[1:])  # stated only
    else:
        sentences[0] += "."
    sentences.extend(_exclusions(tables, cfg) + _campaigns(tables, cfg))
    return " ".join(sentences)


def _exclusions(tables: ReportTables, cfg: Consultation) -> list[str]:
    below = cfg.report.numbers_in_words_below
    excluded = tables.cleaning_log.loc[tables.cleaning_log["status"] == "excluded", "reason"].map(reason_kind)
    if excluded.empty:
        return []
    kinds = sorted(excluded.value_counts().items(), key=lambda item: (-item[1], item[0]))
    verb = "was" if len(excluded) == 1 else "were"
    lead = f"A further {wording.count(len(excluded), 'submission', below)} {verb} excluded"
    if len(kinds) == 1:
        kind = kinds[0][0]
        return [f"{lead} as {wording.plural(kind, 2) if len(excluded) > 1 else wording.with_article(kind)}."]
    return [f"{lead}: {wording.join([wording.count(int(n), kind, below) for kind, n in kinds])}."]


def _campaigns(tables: ReportTables, cfg: Consultation) -> list[str]:
    below = cfg.report.numbers_in_words_below
    columns = [c for c in tables.responses.columns if c.endswith("__campaign")]
    if not columns or tables.campaigns.empty:
        return []
    in_campaign = int(tables.responses[columns].notna().any(axis=1).sum())
    groups = wording.count(len(tables.campaigns), "campaign", below)
    return [f"Campaign wording was used in {wording.count(in_campaign, 'response', below)} ({groups}). "
            "These count in full towards the figures for each question; each campaign's wording "
            "counts once in the themes."]


# ---------------------------------------------------------------------------- closed questions
def _question_sentence(question: Question, nets: pd.DataFrame, cfg: Consultation) -> str:
    scale = question.get_scale()
    below = cfg.report.numbers_in_words_below
    noun = _BASE_NOUN[question.base]
    if (ALL, scale.positive_net) not in nets.index or int(nets.loc[(ALL, scale.positive_net), "base"]) == 0:
        return f"No respondent {'gave a view on' if question.base == 'gave_view' else 'answered'} {_subject(question)}."
    positive, negative = nets.loc[(ALL, scale.positive_net)], nets.loc[(ALL, scale.negative_net)]
    base, n_pos, n_neg = int(positive["base"]), int(positive["n"]), int(negative["n"])
    agreed, disagreed = _clauses(question)
    if base == 1:
        clause = agreed if n_pos else disagreed if n_neg else f"gave neither answer on {_subject(question)}"
        return f"The one {noun.replace('respondents', 'respondent')} {clause}."
    if _is_small(positive, cfg):
        rest = f" and {_counted(n_neg, below)} {disagreed}" if n_neg else ""
        return f"Of the {wording.number(base, below)} {noun}, {_counted(n_pos, below)} {agreed}{rest}."
    word = wording.quantifier(n_pos, base, pct_int(n_pos, base))
    rest = format_pct(n_neg, base) if n_neg else "none"
    return (f"{wording.capitalise(wording.quantified(word, noun))}, {format_pct(n_pos, base)}, {agreed}; "
            f"{rest} {disagreed}.")


def tone(agreement: pd.DataFrame, cfg: Consultation) -> str | None:
    """"broadly positive", "mixed" or "broadly negative" by the rule in the module docstring.

    ``None`` when no closed question with positive and negative sides has anyone in its base.
    """
    balances = []
    for question in cfg.questions_of("closed"):
        scale = question.get_scale()
        if not scale.has_nets:
            continue
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


def _base_note(questions: list[Question]) -> list[str]:
    """What each base leaves out: one sentence per kind of base, the less common kinds naming their questions."""
    kinds = sorted({q.base for q in questions}, key=lambda k: (-sum(q.base == k for q in questions), k))
    notes = []
    for position, kind in enumerate(kinds):
        chosen = [q for q in questions if q.base == kind]
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


def _closed_paragraph(tables: ReportTables, cfg: Consultation, feeling: str | None) -> list[Paragraph]:
    questions = [q for q in cfg.questions_of("closed") if q.get_scale().has_nets]
    if not questions:
        return []
    sentences = [f"Overall, the feedback was {feeling}."] if feeling else []
    sentences += [_question_sentence(q, _net_rows(tables.agreement, q), cfg) for q in questions]
    sentences += _base_note(questions)
    return [Paragraph(" ".join(sentences))]


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
    return format_pct(n, base)


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
        if tests.loc[tests["group"] == ALL, "significant"].map(is_true).any():
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


def _differences(tables: ReportTables, cfg: Consultation) -> list[Paragraph]:
    if not cfg.groups or tables.group_tests.empty:
        return []
    sentences = []
    for question in [q for q in cfg.questions_of("closed") if q.get_scale().has_nets]:
        agreed, _ = _clauses(question)
        found = [s for group_by in cfg.groups for s in _grouping_sentences(question, group_by, tables, cfg)]
        for number, sentence in enumerate(found):
            if sentence.startswith("Views on"):
                sentences.append(sentence)
            else:
                sentences.append(f"The share who {agreed} {sentence}" if number == 0
                                 else f"It was also {sentence.removeprefix('was ')}")
    level = f"p below {cfg.agreement.significance:g}"
    if not sentences:
        labels = wording.join([wording.lower_first(cfg.question(g).label) for g in cfg.groups], "or")
        return [Paragraph(f"There were no statistically significant differences in views by {labels} ({level}).")]
    these = "This difference is" if len(sentences) == 1 else "These differences are"
    return [Paragraph(" ".join(sentences) + f" {these} statistically significant ({level}); "
                      "other differences between groups were too small to rule out chance.")]


# ---------------------------------------------------------------------------- themes
def _theme_blocks(tables: ReportTables, cfg: Consultation) -> list[Paragraph | Bullets]:
    questions = cfg.questions_of("free_text")
    if not questions:
        return []
    below = cfg.report.numbers_in_words_below
    themes = ordered_themes(tables.themes)
    quotes = quote_columns(themes)
    blocks: list[Paragraph | Bullets] = []
    lead = "There were some more detailed areas of feedback, notably:"
    for question in questions:
        mine = themes[themes["question_id"] == question.id]
        named = mine[(mine["theme_id"] != "other") & (pd.to_numeric(mine["n"]) > 0)]
        if named.empty:
            blocks.append(Paragraph(f"There were no comments to theme in answer to “{question.label}”."))
            continue
        items = []
        for _, theme in named.iterrows():
            quote = first_quote(theme, quotes)
            said = f": “{wording.shorten(quote)}”" if quote else ""
            comments = wording.count(int(theme["n"]), "comment", below)
            items.append(f"{wording.capitalise(str(theme['label']))} ({comments}){said}")
        heading = lead if len(questions) == 1 else f"On “{question.label}”, notably:"
        if len(questions) > 1 and lead:
            blocks.append(Paragraph(lead.removesuffix(", notably:") + "."))
        lead = ""
        blocks.append(Bullets(heading, tuple(items)))
        after = _other_sentence(mine, below) + _disagreed_sentence(tables, cfg, question, named)
        if after:
            blocks.append(Paragraph(" ".join(after)))
    return blocks


def _other_sentence(themes: pd.DataFrame, below: int) -> list[str]:
    other = themes.loc[themes["theme_id"] == "other", "n"]
    n = int(pd.to_numeric(other).sum()) if not other.empty else 0
    if not n:
        return []
    return ["One further comment did not fit any of these themes." if n == 1
            else f"A further {wording.count(n, 'comment', below)} did not fit any of these themes."]


def _disagreed_sentence(tables: ReportTables, cfg: Consultation, question: Question, named: pd.DataFrame) -> list[str]:
    """What those on the negative side of the closed question this text explains raised most."""
    if question.explains is None:
        return []
    closed = cfg.question(question.explains)
    scale = closed.get_scale()
    if not scale.has_nets:
        return []
    below = cfg.report.numbers_in_words_below
    split = tables.theme_breakdown
    split = split[(split["question_id"] == question.id) & (split["split_by"] == closed.id)]
    # theme_breakdown.csv names a position by the scale's net name without "(net)": "disagree"
    negative = split[split["split"].isin([scale.negative_net, scale.negative_net.removesuffix(" (net)")])]
    if negative.empty:
        negative = split[split["split"].isin(scale.negative)]
    negative = negative[negative["theme_id"].isin(named["theme_id"])]
    base = int(pd.to_numeric(negative.groupby("split")["base"].max()).sum()) if not negative.empty else 0
    counts = pd.to_numeric(negative["n"]).groupby(negative["theme_id"]).sum()
    counts = counts[counts > 0]
    if not base or counts.empty:
        return []
    labels = dict(zip(named["theme_id"], named["label"]))
    top = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:3]
    _, disagreed = _clauses(closed)
    raised = wording.join([f"“{labels[t]}” ({wording.number(int(n), below)})" for t, n in top])
    return [f"Of the {wording.count(base, 'respondent', below)} who {disagreed} and commented, "
            f"the themes raised most often were {raised}."]


# ---------------------------------------------------------------------------- the whole
def caveat(cfg: Consultation) -> str:
    """The self-selection caveat every summary carries."""
    return ("Respondents to a consultation choose to take part, so they are self-selected: the results "
            f"describe their views and are not representative of everyone affected by {cfg.document}.")


def methods(tables: ReportTables, cfg: Consultation) -> list[str]:
    """The methods note: bases, rounding, disclosure control, group tests, themes and their review."""
    agreement_cfg = cfg.agreement
    notes = ["Every percentage is given with the number of respondents it is out of (its base)."]
    notes += _base_note([q for q in cfg.questions_of("closed") if q.get_scale().has_nets])
    notes.append("Answers such as “Don't know” are shown as a share of everyone who answered the question. "
                 "Percentages are rounded half up to whole numbers, so they may not sum to 100 due to rounding.")
    notes.append(f"Where fewer than {agreement_cfg.small_base} respondents are in the base, results are marked [u] "
                 f"and the summary gives counts; under {agreement_cfg.suppress_below}, percentages are suppressed [c] "
                 "and only counts are shown.")
    if cfg.groups:
        notes.append("Differences between groups were tested with a chi-square test (Fisher's exact test for small "
                     "two-by-two tables) and each group was compared with all other respondents (a two-proportion "
                     "z-test, with p-values adjusted for the number of groups compared by Holm's method); only "
                     f"differences with p below {agreement_cfg.significance:g} in groups of at least "
                     f"{agreement_cfg.small_base} are reported. Differences are in percentage points.")
    if cfg.questions_of("free_text"):
        engine = ("sentence embeddings (all-MiniLM-L6-v2) and clustering" if cfg.themes.engine == "embeddings"
                  else "word frequencies (TF-IDF with latent semantic analysis) and clustering")
        codebook = " after matching the themes given in advance" if cfg.themes.codebook else ""
        notes.append(f"Comments were grouped into themes by {engine}{codebook}, with a fixed seed "
                     f"({cfg.themes.random_state}) so that reruns give the same themes. A comment can raise more than "
                     "one theme; near-identical campaign texts count once. Quotes are shortened, and personal data "
                     "such as e-mail addresses, phone numbers and postcodes is removed.")
        notes.append(_review_note(tables, cfg.report.numbers_in_words_below))
    return notes


def _review_note(tables: ReportTables, below: int) -> str:
    """How many theme assignments a person reviewed, and how far the model agreed with them."""
    if tables.theme_assignments.empty or "source" not in tables.theme_assignments:
        return "No theme assignment was reviewed by a person: the themes are as the model found them."
    found = review.model_agreement(tables.model_assignments, tables.theme_assignments)
    reviewed, total = int(found["responses_reviewed"].sum()), int(found["responses_themed"].sum())
    if not reviewed:
        return "No theme assignment was reviewed by a person: the themes are as the model found them."
    by_person, model = int(found["assignments_review"].sum()), int(found["assignments_model"].sum())
    scored = found[found["responses_reviewed"] > 0]
    weights = scored["responses_reviewed"] / scored["responses_reviewed"].sum()
    precision, recall, f1 = (round_half_up(float((scored[c].fillna(0) * weights).sum()), 2)
                             for c in ("precision", "recall", "f1"))
    return (f"A person reviewed the themes of {wording.number(reviewed, below)} of the "
            f"{wording.count(total, 'themed response', below)}: {wording.count(by_person, 'theme assignment', below)} "
            f"{'is' if by_person == 1 else 'are'} the reviewer's and {wording.number(model, below)} the model's. "
            f"On the reviewed responses the model's themes agreed with the reviewer's with precision {precision:.2f}, "
            f"recall {recall:.2f} and F1 {f1:.2f} (1 is full agreement).")


def _cycle_blocks(tables: ReportTables, cfg: Consultation) -> list[Paragraph | Bullets]:
    """Agreement and themes compared with the last cycle, when ``themes.previous`` is set."""
    if tables.cycle_agreement.empty and tables.cycle_themes.empty:
        return []
    from consult import cycle_compare  # imported only when needed: it loads the themes' models

    previous = cycle_compare.previous_config(cfg)
    last = str(previous.period.start.year) if previous.period else previous.title
    result = cycle_compare.CycleComparison(last, cfg.id, tables.cycle_agreement, tables.cycle_themes)
    lines = cycle_compare.sentences(result, {q.id: q.label for q in cfg.questions_of("free_text")})
    return [Bullets(f"Compared with the previous consultation ({previous.title}):", tuple(lines))] if lines else []


def summarise(tables: ReportTables, cfg: Consultation) -> Summary:
    """The summary of a consultation from its stage files and config.

    ``tables`` holds the files of docs/files.md; the prose uses ``cfg.report.numbers_in_words_below``,
    the questions' statements and bases, ``cfg.groups`` and ``cfg.agreement``'s thresholds.
    Raises :class:`PercentageError` if a percentage it wrote does not trace to agreement.csv
    (a bug, or tables from different runs).
    """
    feeling = tone(tables.agreement, cfg)
    blocks: list[Paragraph | Bullets] = [Paragraph(_opening(tables, cfg))]
    blocks += _closed_paragraph(tables, cfg, feeling)
    blocks += _differences(tables, cfg)
    blocks += _theme_blocks(tables, cfg)
    blocks += _cycle_blocks(tables, cfg)
    blocks.append(Paragraph(caveat(cfg)))
    summary = Summary(tuple(blocks), feeling)
    verify(summary.text, tables.known_agreement, str(cfg.reports_dir / "summary.md"))
    return summary
