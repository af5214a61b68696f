"""“You said, we did”: the themes respondents raised, the organisation's response, and what changed.

The reviewer records a response to a theme in the review (a ``respond`` decision; themes.csv's
``response`` and ``changed``). :func:`sections` turns them into report sections
(:class:`consult.report.section.Section`, rendered alike in summary.md, summary.docx,
tables.xlsx and report.html):

- "You said, we did": each theme with a response, in report order (question, then biggest
  theme first), with how many comments raised it, a representative redacted quote, the
  response and whether the proposal changed;
- "What we said last time" (a cycle compared with ``themes.previous``): each theme last cycle's
  organisation responded to, set against the matching theme now (cycle_themes.csv), with the
  comments raising it then and now and the response then.

A consultation without responses gets neither section.
"""

from __future__ import annotations

import pandas as pd

from consult.core import wording
from consult.core.config import Consultation, previous_config
from consult.core.files import is_true
from consult.core.scales import normalise_label
from consult.report.section import Section
from consult.report.summary import quoted
from consult.report.tables import (
    ReportTables,
    first_quote,
    ordered_themes,
    question_label,
    quote_columns,
)

QUOTE_WORDS = 30  # a representative quote is shortened to this many words
TABLE_COLUMNS = ["Question", "You said (theme)", "Raised by", "Representative quote (redacted)",
                 "We did (our response)", "Changed"]
WIDTHS = (2.2, 2.4, 1.6, 4.6, 4.6, 1.6)  # cm in the Word table: headings unbroken, room for quote and response
LAST_COLUMNS = ["Question", "Theme", "Raised then", "Raised now", "What we said we would do", "Changed"]
LAST_WIDTHS = (2.2, 2.6, 1.8, 2.6, 5.2, 1.6)


def _text(value: object) -> str:
    """A cell's text on one line; blank for a missing value."""
    return " ".join(value.split()) if isinstance(value, str) else ""


def _yes_no(value: object) -> str:
    return "Yes" if is_true(value) else "No"


def _of(n: object, base: object) -> str:
    return f"{int(float(n)):,} of {int(float(base)):,}"


def responded_themes(data: ReportTables) -> pd.DataFrame:
    """The themes (not sub-themes) of themes.csv with a response, in report order."""
    themes = data.themes
    if "response" not in themes or themes.empty:
        return themes.iloc[0:0]
    parent = themes["parent_theme_id"].astype(object).fillna("").astype(str) if "parent_theme_id" in themes else ""
    chosen = themes[themes["response"].map(_text).ne("") & (parent == "")]
    return ordered_themes(chosen) if len(chosen) else chosen


def you_said_table(data: ReportTables, cfg: Consultation) -> pd.DataFrame:
    """One row per theme with a response (columns :data:`TABLE_COLUMNS`, text as the reader sees it)."""
    themes = responded_themes(data)
    quotes = quote_columns(themes)
    rows = []
    for _, theme in themes.iterrows():
        quote = first_quote(theme, quotes)
        rows.append([question_label(cfg, theme["question_id"]), wording.capitalise(str(theme["label"])),
                     _of(theme["n"], theme["base"]), quoted(wording.shorten(quote, QUOTE_WORDS)) if quote else "",
                     _text(theme["response"]), _yes_no(theme.get("changed"))])
    return pd.DataFrame(rows, columns=TABLE_COLUMNS)


def _notes(cfg: Consultation) -> tuple[str, ...]:
    raised = ("Raised by: the answers to the question that raised the theme, out of all the answers "
              "themed; a campaign's identical texts count once, and an answer can raise more than one theme.")
    return (raised, f"Changed: whether {cfg.document} changed because of what respondents said.",
            "Quotes are redacted: personal data is replaced by tags such as [email].",
            f"Responses are {cfg.organisation}'s, recorded when the themes were reviewed.")


def you_said_section(data: ReportTables, cfg: Consultation) -> Section | None:
    """The "You said, we did" section; ``None`` when no theme has a response."""
    table = you_said_table(data, cfg)
    if table.empty:
        return None
    changed = int(table["Changed"].eq("Yes").sum())
    organisation, document = cfg.organisation, wording.capitalise(cfg.document)
    below = cfg.report.numbers_in_words_below
    themes = wording.count(len(table), "theme", below)
    outcome = (f"{document} changed in response to {wording.number(changed, below)} of the {themes}." if changed
               else f"{document} did not change in response to any of the {themes}.")
    lead = (f"The table below sets out the themes respondents raised, how many comments raised each, and "
            f"{organisation}'s response. {outcome}")
    return Section("you-said-we-did", "You said, we did", (lead,), table,
                   f"You said, we did: the themes raised and {organisation}'s response", "You said, we did",
                   _notes(cfg), own_words=tuple(table["We did (our response)"]), widths=WIDTHS)


def last_time_table(data: ReportTables, cfg: Consultation) -> pd.DataFrame:
    """Last cycle's responses set against the themes now (columns :data:`LAST_COLUMNS`), from cycle_themes.csv."""
    cycle = data.cycle_themes
    if cycle.empty or "response_then" not in cycle:
        return pd.DataFrame(columns=LAST_COLUMNS)
    chosen = cycle[cycle["response_then"].map(_text).ne("")]
    order = {q: i for i, q in enumerate(dict.fromkeys(cycle["question_id"]))}
    chosen = chosen.assign(_q=chosen["question_id"].map(order), _n=-pd.to_numeric(chosen["n_then"])).sort_values(
        ["_q", "_n", "label_then"], kind="stable")
    rows = []
    for _, row in chosen.iterrows():
        then, now = _text(row["label_then"]), _text(row["label"])
        if _text(row["theme_id_now"]) == "":
            count = "not raised now"
        else:
            renamed = f" (now {quoted(wording.capitalise(now))})" if normalise_label(now) != normalise_label(then) else ""
            count = f"{_of(row['n_now'], row['base_now'])} ({_text(row['change'])}){renamed}"
        rows.append([question_label(cfg, row["question_id"]), wording.capitalise(then),
                     _of(row["n_then"], row["base_then"]), count, _text(row["response_then"]),
                     _yes_no(row["changed_then"])])
    return pd.DataFrame(rows, columns=LAST_COLUMNS)


def last_time_section(data: ReportTables, cfg: Consultation) -> Section | None:
    """The "What we said last time" section of a compared cycle; ``None`` when last cycle had no responses."""
    table = last_time_table(data, cfg)
    if table.empty:
        return None
    previous = previous_config(cfg)
    below = cfg.report.numbers_in_words_below
    when = f"in {previous.period.start.year}" if previous.period else "last time"
    gone = int(table["Raised now"].eq("not raised now").sum())
    then = f"the {previous.period.start.year} consultation" if previous.period else "the last consultation"
    lead = (f"In {then}, {previous.organisation} responded to "
            f"{wording.count(len(table), 'theme', below)} that respondents raised. The table below sets each "
            f"response against the matching theme in this consultation's comments (matched by label, else by "
            f"shared top terms), with the comments raising it then and now"
            + (f"; {wording.number(gone, below)} of them {'was' if gone == 1 else 'were'} not raised this time."
               if gone else "."))
    counted = ("Raised then, raised now: the answers raising the theme, out of all the answers themed in that "
               "cycle; a campaign's identical texts count once.")
    moved = ("Raised now says whether the theme grew or shrank (a statistically significant difference in "
             f"share, p below {cfg.agreement.significance:g}) or stayed about the same.")
    changed = f"Changed: whether {previous.document} changed then because of what respondents said."
    return Section("you-said-last-time", "What we said last time", (lead,), table,
                   f"What we said {when}, against the themes raised now", "What we said last time",
                   (counted, moved, changed),
                   own_words=tuple(table["What we said we would do"]), widths=LAST_WIDTHS)


def sections(data: ReportTables, cfg: Consultation) -> list[Section]:
    """This cycle's "You said, we did" and, for a compared cycle, "What we said last time": those that have rows."""
    made = [you_said_section(data, cfg)]
    if not data.cycle_themes.empty:
        made.append(last_time_section(data, cfg))
    return [section for section in made if section is not None]
