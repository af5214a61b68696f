"""The summary a council officer pastes into a cabinet report, written from the tables.

:func:`summarise` writes, in order: who responded and how; the closed questions' agreement,
the overall tone, the most common answers to choice questions and the significant group
differences (:mod:`consult.report.summary_agreement`); the
themes of the free text by size, each with a count and a redacted quote, and what those who
disagreed raised; the comparison with the last cycle, when there is one; and the caveat that
respondents are self-selected. :func:`methods` writes the note on how the figures were made.
Every percentage written is traced to agreement.csv (:mod:`consult.report.summary_checks`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from consult.agreement.routing import NOT_ASKED, asked_of
from consult.core import wording
from consult.core.config import Consultation, Question, previous_config
from consult.core.files import restore_formula
from consult.report import equality
from consult.report.summary_agreement import (
    NOT_STATED,
    base_note,
    choice_paragraph,
    clauses,
    closed_paragraph,
    differences_paragraph,
    tone,
)
from consult.report.summary_checks import labels_of, verify
from consult.report.tables import (
    POINT_WORDS,
    ReportTables,
    attribute_answers,
    comments_count,
    first_quote,
    listed_questions,
    ordered_themes,
    quote_columns,
    reason_kind,
)
from consult.review import decisions as review
from consult.themes.names import CATCH_ALL, NOTHING, RESERVED
from consult.themes.question import REVIEW

__all__ = ["Bullets", "Paragraph", "Summary", "caveat", "escape_markdown", "methods", "quoted", "summarise"]

MAX_LISTED = 8  # answers listed for one attribute before "and N other answers"


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
        """The blocks as Markdown: paragraphs separated by blank lines, ``- `` bullets; every character that
        Markdown or HTML would read as markup is escaped (:func:`escape_markdown`), so what respondents wrote
        is shown as text, never run as a link, an image or HTML."""
        parts = []
        for block in self.blocks:
            if isinstance(block, Paragraph):
                parts.append(escape_markdown(block.text))
            else:
                parts.append("\n".join(([escape_markdown(block.lead), ""] if block.lead else [])
                                       + [f"- {escape_markdown(i)}" for i in block.items]))
        return "\n\n".join(parts) + "\n"

    @property
    def text(self) -> str:
        """Every sentence as plain text, one block per line (what :func:`consult.report.summary_checks.check_percentages` reads)."""
        lines = []
        for block in self.blocks:
            lines.extend([block.text] if isinstance(block, Paragraph) else [block.lead, *block.items])
        return "\n".join(line for line in lines if line)


# what Markdown or HTML reads as markup, escaped only where it is markup: emphasis and code anywhere; a closing
# bracket that would start a link or an image's address ("](", "][", "]:"); "<" that opens a tag or an autolink;
# "&" that opens an entity. "[phone]" and "p < 0.01" stay as they are, so summary.md reads well unrendered
_MARKUP = re.compile(r"[\\`*_~]|\](?=\s*[(\[:])|<(?=[A-Za-z/!?])|&(?=#|[A-Za-z]+;)")
_LINE_START = re.compile(r"^(\s*\d+)([.)])|^(\s*)([-+=#>])")


def escape_markdown(text: str) -> str:
    """``text`` as Markdown that shows it literally: ``\\`` before each character that would be markup (emphasis,
    code, a link's or image's closing bracket, a tag, an entity) and before a list, heading or quote marker at its
    start; line breaks become spaces. Text with none of them (the house prose) is unchanged."""
    text = _MARKUP.sub(lambda m: "\\" + m.group(0), " ".join(text.splitlines()))
    return _LINE_START.sub(lambda m: f"{m.group(1)}\\{m.group(2)}" if m.group(2) else f"{m.group(3)}\\{m.group(4)}",
                           text, count=1)


def quoted(text: str) -> str:
    """Respondents' words (a quote, a label) between curly quotes, as the percentage check expects them: it
    skips “…” (:func:`consult.report.summary_checks.check_percentages`), so curly quotes inside become straight
    ones, and the apostrophe that defused a formula in the data files ("'=HYPERLINK(") is taken off."""
    return "“" + restore_formula(text).replace("“", '"').replace("”", '"') + "”"


# ---------------------------------------------------------------------------- the opening
def _profile_sentence(responses: pd.DataFrame, cfg: Consultation, attribute: str, natural: str | None) -> str:
    """Who responded by one attribute.

    With ``natural`` (``":"`` or ``"Of these,"``) and answers that are nouns, the clause reads
    "57 from organisations and 355 from individuals"; otherwise the answers are listed with
    their counts after the attribute's label. A routed attribute (``asked_if``) is always listed,
    its label saying who was asked; those not asked are left out.
    """
    below = cfg.report.numbers_in_words_below
    question = cfg.question(attribute)
    counts = attribute_answers(responses, question, cfg).value_counts().drop(NOT_ASKED, errors="ignore")
    who = asked_of(cfg, question)
    ordered = sorted(counts.items(), key=lambda item: (item[0] == NOT_STATED, -item[1], item[0]))
    stated = [(value, int(n)) for value, n in ordered if value != NOT_STATED]
    missing = int(counts.get(NOT_STATED, 0))
    nouns = [wording.group_noun(value) for value, _ in stated]
    if natural and not who and stated and all(nouns) and len(stated) <= MAX_LISTED:
        parts = [f"{wording.number(n, below)} from "
                 + (wording.with_article(noun) if n == 1 else wording.plural(noun, n))
                 for (_, n), noun in zip(stated, nouns)]
        if natural != ":":
            first_n = stated[0][1]
            parts[0] = parts[0].replace(" from ", " was from " if first_n == 1 else " were from ", 1)
        if missing:
            parts.append(f"{wording.number(missing, below)} did not say")
        return f"{natural} {wording.join(parts)}."
    # answers typed in (not mapped onto a synonym) are respondents' words: quoted where the percentage check
    # would otherwise read them as a result
    parts = [f"{quoted(value) if '%' in value else value} ({wording.number(n, below)})"
             for value, n in stated[:MAX_LISTED]]
    if len(stated) > MAX_LISTED:
        parts.append(wording.count(len(stated) - MAX_LISTED, "other answer", below))
    if missing and (natural or who):
        parts.append(f"not stated ({wording.number(missing, below)})")
    label = f"{question.label} (asked only of {who})" if who else question.label
    return f"{label}: {wording.join(parts)}."


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
    # equality-monitoring answers are counted in the equality section, with its disclosure control
    attributes = [g for g in cfg.groups if g in tables.responses.columns and not cfg.question(g).characteristic] if total else []
    if attributes:
        first = _profile_sentence(tables.responses, cfg, attributes[0], "Of these," if how else ":")
        sentences[0] += first if first.startswith(":") else ". " + first
        sentences.extend(_profile_sentence(tables.responses, cfg, a, None) for a in attributes[1:])  # stated only
    else:
        sentences[0] += "."
    sentences.extend(_exclusions(tables, cfg) + _filtered(tables, cfg) + _campaigns(tables, cfg) + _weighted(cfg))
    return " ".join(sentences)


def _filter_rows(log: pd.DataFrame) -> pd.Series:
    """Which rows of the cleaning log a ``filter`` rule excluded."""
    return log["status"].eq("excluded") & log["rule"].fillna("").astype(str).str.startswith("filter.")


def _filtered(tables: ReportTables, cfg: Consultation) -> list[str]:
    """The sentence saying the analysis is of a filtered set, with what was left out; none without a filter."""
    out = int(_filter_rows(tables.cleaning_log).sum())
    rules = [f"those listed in {cfg.filter.exclude_ids}" if cfg.filter.exclude_ids else "",
             (cfg.filter.description or f"those for whom “{cfg.filter.where}” is false") if cfg.filter.where else ""]
    rules = [rule for rule in rules if rule]
    if not rules:
        return []
    below = cfg.report.numbers_in_words_below
    left = ("no submission was" if out == 0 else
            f"{wording.count(out, 'submission', below)} {'was' if out == 1 else 'were'}")
    return [f"The analysis leaves out {wording.join(rules)}: {left} left out."]


def _weighted(cfg: Consultation) -> list[str]:
    """The sentence saying the percentages are weighted, and by what; none without weights."""
    if not cfg.agreement.weight_column:
        return []
    return [f"Percentages are weighted by the export's “{cfg.agreement.weight_column}” column; each is given "
            "with its base, the number of respondents counted."]


def _exclusions(tables: ReportTables, cfg: Consultation) -> list[str]:
    below = cfg.report.numbers_in_words_below
    log = tables.cleaning_log
    excluded = log.loc[log["status"].eq("excluded") & ~_filter_rows(log), "reason"].map(reason_kind)
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
    listed = listed_questions(cfg, tables.themes)
    for question in questions:
        mine = themes[themes["question_id"] == question.id]
        named = mine[~mine["theme_id"].isin(RESERVED) & (pd.to_numeric(mine["n"]) > 0)]
        if question.id in listed:
            if lead and (tables.points["question_id"] == question.id).any():
                blocks.append(Paragraph(lead.removesuffix(", notably:") + "."))
                lead = ""
            blocks += _points_blocks(tables, cfg, question, named)
            continue
        if named.empty:
            made = comments_count(tables.themes, question.id)
            blocks.append(Paragraph(f"No themes were found in the {wording.count(made, 'comment', below)} made in "
                                    f"answer to {quoted(question.label)}." if made else
                                    f"No one commented in answer to {quoted(question.label)}."))
            continue
        items = []
        for _, theme in named.iterrows():
            quote = first_quote(theme, quotes)
            said = f": {quoted(wording.shorten(quote))}" if quote else ""
            comments = wording.count(int(theme["n"]), "comment", below)
            items.append(f"{wording.capitalise(str(theme['label']))} ({comments}){said}")
        heading = lead if len(questions) == 1 else f"On {quoted(question.label)}, notably:"
        if len(questions) > 1 and lead:
            blocks.append(Paragraph(lead.removesuffix(", notably:") + "."))
        lead = ""
        blocks.append(Bullets(heading, tuple(items)))
        after = _other_sentence(mine, below) + _nothing_sentence(mine, below) + _disagreed_sentence(tables, cfg, question, named)
        if after:
            blocks.append(Paragraph(" ".join(after)))
    return blocks


def _points_blocks(tables: ReportTables, cfg: Consultation, question: Question,
                   named: pd.DataFrame) -> list[Paragraph | Bullets]:
    """Every comment made in answer to a question with few comments (:func:`consult.report.tables.points_made`),
    then the themes found in them, called tentative."""
    below = cfg.report.numbers_in_words_below
    points = tables.points[tables.points["question_id"] == question.id]
    if points.empty:
        return [Paragraph(f"No one commented in answer to “{question.label}”.")]
    people = int(points["respondents"].sum())
    distinct = f", making {wording.count(len(points), 'distinct comment', below)}" if len(points) < people else ""
    items = []
    for text, n, campaign in zip(points["text"], points["respondents"], points["campaign"]):
        who = f" ({wording.count(int(n), 'respondent', below)}{', campaign wording' if campaign else ''})" if n > 1 else ""
        items.append(f"“{wording.shorten(text, POINT_WORDS)}”{who}")
    blocks: list[Paragraph | Bullets] = [Bullets(
        f"In answer to “{question.label}”, {wording.count(people, 'respondent', below)} commented{distinct}. "
        "The points made were:", tuple(items))]
    if not named.empty:
        found = wording.join([f"“{wording.capitalise(str(label))}” ({wording.count(int(n), 'comment', below)})"
                              for label, n in zip(named["label"], named["n"])])
        blocks.append(Paragraph(f"With so few comments, the themes found in them are tentative: {found}."))
    return blocks


def _other_sentence(themes: pd.DataFrame, below: int) -> list[str]:
    other = themes.loc[themes["theme_id"] == "other", "n"]
    n = int(pd.to_numeric(other).sum()) if not other.empty else 0
    if not n:
        return []
    return ["One further comment did not fit any of these themes." if n == 1
            else f"A further {wording.count(n, 'comment', below)} did not fit any of these themes."]


def _nothing_sentence(themes: pd.DataFrame, below: int) -> list[str]:
    """The ``nothing`` category as one sentence: "Nothing to improve: 311 of the 2,000 comments, counted apart from the themes."."""
    row = themes[themes["theme_id"] == NOTHING]
    n = int(pd.to_numeric(row["n"]).sum()) if not row.empty else 0
    if not n:
        return []
    base = int(pd.to_numeric(row["base"]).iloc[0])
    return [f"{row['label'].iloc[0]}: {wording.number(n, below)} of the {wording.count(base, 'comment', below)}, "
            "counted apart from the themes."]


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
    # theme_breakdown.csv names the position by the scale's net name without "(net)": "disagree", "no"
    negative = split[(split["question_id"] == question.id) & (split["split_by"] == closed.id)
                     & (split["split"] == scale.negative_net.removesuffix(" (net)"))
                     & split["theme_id"].isin(named["theme_id"])]
    base = int(pd.to_numeric(negative["base"]).max()) if not negative.empty else 0  # each row carries the base
    counts = pd.to_numeric(negative["n"]).groupby(negative["theme_id"]).sum()
    catch_all = set(named.loc[named["label"].astype(str).str.startswith(CATCH_ALL), "theme_id"])
    counts = counts[(counts > 0) & ~counts.index.isin(catch_all)]  # a catch-all names no point raised
    if not base or counts.empty:
        return []
    labels = dict(zip(named["theme_id"], named["label"]))
    top = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:3]
    _, disagreed = clauses(closed)
    raised = wording.join([f"{quoted(labels[t])} ({wording.number(int(n), below)})" for t, n in top])
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
    if agreement_cfg.weight_column:
        notes.append(f"Percentages are weighted by the export's “{agreement_cfg.weight_column}” column: each is the "
                     "share of the weights of the respondents in its base, given as “41% (weighted; base 854)”, "
                     "where the base is the number of respondents counted. tables.xlsx and agreement.csv also give "
                     "the weighted counts and the effective base (Kish), the sample size the weighted figure is as "
                     "precise as.")
    notes += base_note(cfg.questions_of("closed", "choice"))
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
    notes += equality.methods(cfg)
    if cfg.questions_of("free_text"):
        engine = {"embeddings": "sentence embeddings (all-MiniLM-L6-v2) and clustering",
                  "wordllama": "word frequencies (TF-IDF with latent semantic analysis) beside word embeddings (WordLlama) "
                               "and clustering"}.get(cfg.themes.engine, "word frequencies (TF-IDF with latent semantic analysis) and clustering")
        codebook = " after matching the themes given in advance" if cfg.themes.codebook else ""
        notes.append(f"Comments were grouped into themes by {engine}{codebook}, with a fixed seed "
                     f"({cfg.themes.random_state}) so that reruns give the same themes. A comment can raise more than "
                     "one theme; near-identical campaign texts count once. Quotes are shortened, and personal data "
                     "such as e-mail addresses, phone numbers and postcodes is removed.")
        if listed_questions(cfg, tables.themes):
            notes.append(f"Where a question had fewer than {cfg.themes.list_points_below} comments (a campaign's "
                         f"wording counted once), every comment is listed, shortened to {POINT_WORDS} words where "
                         "longer and with personal data removed; themes found in so few comments are tentative.")
        reviewed = _review_note(tables, cfg.report.numbers_in_words_below)
        notes.append(" ".join(filter(None, (_labels_note(tables, cfg), reviewed))))
    return notes


def _labels_note(tables: ReportTables, cfg: Consultation) -> str:
    """How many of the themes a person signed off or renamed, and how many keep the model's labels
    (:func:`consult.review.decisions.label_sources`); blank when no theme was found."""
    themes = tables.themes[(tables.themes["theme_id"] != "other") & (pd.to_numeric(tables.themes["n"]) > 0)]
    if themes.empty:
        return ""
    below, by = cfg.report.numbers_in_words_below, review.label_sources(themes, review.load(cfg)).value_counts()
    person = int(by.get(review.SIGNED_OFF, 0) + by.get(review.RENAMED, 0))
    advance, model = int(by.get(review.CODEBOOK, 0)), int(by.get(review.MODEL, 0))
    text = (f"Of the {wording.count(len(themes), 'theme', below)}, a person signed off or renamed "
            f"{wording.number(person, below) if person else 'none'}")
    if advance:
        text += (f"{', ' if model else ' and '}{wording.number(advance, below)} {'was' if advance == 1 else 'were'} "
                 "named in advance (the codebook, or last cycle's reviewed themes)")
    if model and (person or advance):
        text += (f"; the other {wording.number(model, below)} "
                 + ("keeps the label the model gave it" if model == 1 else "keep the labels the model gave them"))
    elif model:
        text += ": they keep the labels the model gave them" if model > 1 else ": it keeps the label the model gave it"
    return text + "."


def _review_note(tables: ReportTables, below: int) -> str:
    """How many responses and themes a person checked, and, in plain words, how many of the model's theme
    assignments on them they kept, removed and added (what precision and recall measure)."""
    if tables.theme_assignments.empty or "source" not in tables.theme_assignments:
        return "No theme assignment was reviewed by a person: the themes are as the model found them."
    found = review.model_agreement(tables.model_assignments, tables.theme_assignments)
    reviewed, total = int(found["responses_reviewed"].sum()), int(found["responses_themed"].sum())
    if not reviewed:
        return "No theme assignment was reviewed by a person: the themes are as the model found them."
    keys = ["question_id", "respondent_id", "theme_id"]
    final = tables.theme_assignments.assign(respondent_id=tables.theme_assignments["respondent_id"].astype(str))
    checked = final.loc[final["source"] == REVIEW, keys[:2]].drop_duplicates()
    model, person = (frame.assign(respondent_id=frame["respondent_id"].astype(str)).merge(checked)[keys]
                     .drop_duplicates() for frame in (tables.model_assignments, final))
    kept = len(model.merge(person))
    themes = len(pd.concat([model, person])[["question_id", "theme_id"]].drop_duplicates())
    made = len(tables.model_assignments[keys].drop_duplicates())
    added = len(person) - kept
    outcome = (f"they kept all {wording.number(kept, below)} as the model made them" if kept == len(model) else
               f"they kept {wording.number(kept, below) if kept else 'none'} as the model made them and took "
               f"{wording.number(len(model) - kept, below)} away")
    return (f"A person checked {wording.number(len(model), below)} of the model's "
            f"{wording.count(made, 'theme assignment', below)} (the themes of {wording.number(reviewed, below)} of the "
            f"{wording.count(total, 'themed response', below)}, across {wording.count(themes, 'theme', below)}): "
            f"{outcome}, and added {wording.number(added, below) if added else 'none'} of their own.")


def _cycle_blocks(tables: ReportTables, cfg: Consultation) -> list[Paragraph | Bullets]:
    """Agreement and themes compared with the last cycle, when ``themes.previous`` is set."""
    if tables.cycle_agreement.empty and tables.cycle_themes.empty:
        return []
    from consult.report import compare as cycle_compare  # imported only when needed: it loads scipy

    previous = previous_config(cfg)
    last = str(previous.period.start.year) if previous.period else previous.title
    result = cycle_compare.CycleComparison(last, cfg.id, tables.cycle_agreement, tables.cycle_themes)
    lines = cycle_compare.sentences(result, {q.id: q.label for q in cfg.questions_of("free_text")})
    return [Bullets(f"Compared with the previous consultation ({previous.title}):", tuple(lines))] if lines else []


def summarise(tables: ReportTables, cfg: Consultation) -> Summary:
    """The summary of a consultation from its stage files and config.

    ``tables`` holds the files of docs/files.md; the prose uses ``cfg.report.numbers_in_words_below``,
    the questions' statements and bases, ``cfg.groups`` and ``cfg.agreement``'s thresholds.
    Raises :class:`consult.report.summary_checks.PercentageError` if a percentage it wrote does not
    trace to agreement.csv (a bug, or tables from different runs).
    """
    feeling = tone(tables.agreement, cfg)
    blocks: list[Paragraph | Bullets] = [Paragraph(_opening(tables, cfg))]
    blocks += [Paragraph(text) for text in (closed_paragraph(tables, cfg, feeling), choice_paragraph(tables, cfg),
                                            differences_paragraph(tables, cfg))
               if text is not None]
    blocks += _theme_blocks(tables, cfg)
    blocks += _cycle_blocks(tables, cfg)
    blocks.append(Paragraph(caveat(cfg)))
    summary = Summary(tuple(blocks), feeling)
    verify(summary.text, tables.known_agreement, str(cfg.reports_dir / "summary.md"), labels_of(cfg, tables.known_agreement))
    return summary
