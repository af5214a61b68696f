"""HTML for the review screen: the theme table, a response's text and details, a whole response,
the themes across questions and the decisions log. Pure functions of the review tables; every
text a respondent wrote is escaped.
"""

from __future__ import annotations

import html
from collections.abc import Iterable

import pandas as pd

from consult.core.config import Consultation
from consult.core.redact import redact_text
from consult.core.rounding import format_pct

SHORT = 300  # characters of an answer shown before "show all"

STYLE = """<style>
.consult-review {border-collapse: collapse; width: 100%}
.consult-review th, .consult-review td {text-align: left; padding: 3px 10px; vertical-align: top;
  border-bottom: 1px solid #e0e0e0; white-space: normal}
.consult-review td.num, .consult-review th.num {text-align: right; white-space: nowrap}
.consult-review td.label {min-width: 10em}
.consult-review td.wide {min-width: 18em}
.consult-review tr.chosen td {background: #eef4ff; font-weight: 600}
.consult-answer {white-space: pre-wrap; line-height: 1.4; overflow-wrap: anywhere}
.consult-meta {color: #555; font-size: 90%; line-height: 1.35}
.consult-badge {background: #fff2cc; border-radius: 3px; padding: 0 4px}
</style>"""


def _e(value: object) -> str:
    return html.escape("" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value))


def _table(header: list[tuple[str, str]], rows: Iterable[tuple[list[str], str]]) -> str:
    """``header``: (title, css class); ``rows``: (escaped cells, row css class)."""
    head = "".join(f'<th class="{cls}">{_e(title)}</th>' for title, cls in header)
    body = "".join(f'<tr class="{row_cls}">' + "".join(f'<td class="{cls}">{cell}</td>'
                                                        for cell, (_, cls) in zip(cells, header)) + "</tr>"
                   for cells, row_cls in rows)
    return (f'{STYLE}<div style="overflow-x: auto"><table class="consult-review"><thead><tr>{head}</tr></thead>'
            f"<tbody>{body}</tbody></table></div>")


def share(n: float, base: float) -> str:
    """``"40% (6 of 15)"``; blank without a base."""
    return format_pct(int(n), int(base)) if pd.notna(base) and base else ""


def theme_table(cfg: Consultation, question_id: str, listing: pd.DataFrame, chosen: str | None) -> str:
    """The question's one theme table: label, responses (campaigns once), share with base, sentiment,
    the explained question's split, reviewed and note; the chosen theme highlighted."""
    explains = cfg.question(question_id).explains
    header = [("Theme", ""), ("Label", "label"), ("Responses", "num"), ("Share of answers", "num"),
              ("Sentiment", "num")]
    if explains:
        header.append((f"Answer to “{cfg.question(explains).label}”", "wide"))
    header += [("Reviewed", ""), ("Note", "label")]
    rows = []
    for row in listing.itertuples():
        counted = f"{int(row.n)}"
        if row.respondents != row.n:
            counted += f"<br><span class='consult-meta'>{row.respondents} respondents</span>"
        cells = [_e(row.theme_id), _e(row.label), counted, _e(share(row.n, row.base)),
                 _e(f"{row.sentiment:+.2f}" if pd.notna(row.sentiment) else "")]
        if explains:
            cells.append(_e(row.position))
        cells += ["✓" if row.reviewed else "", _e(row.note)]
        rows.append((cells, "chosen" if row.theme_id == chosen else ""))
    return _table(header, rows)


def answer(text: str, expanded: bool) -> str:
    """A response's answer, redacted and wrapped; cut at :data:`SHORT` characters unless ``expanded``."""
    shown = redact_text(text)
    if not expanded and len(shown) > SHORT:
        shown = shown[:SHORT].rsplit(" ", 1)[0] + " …"
    return f'<div class="consult-answer">{_e(shown)}</div>'


def answer_details(cfg: Consultation, question_id: str, row: pd.Series, theme_labels: dict[str, str]) -> str:
    """The line under an answer: respondent or campaign size, its themes, the explained answer, its groups."""
    first = (f'<span class="consult-badge">campaign text, {int(row["respondents"])} respondents</span>'
             if row["respondents"] > 1 else _e(row["respondent_id"]))
    themes = "; ".join(theme_labels.get(t, t) for t in str(row["themes"]).split("; ") if t)
    parts = [first, f"themes: {_e(themes)}"]
    explains = cfg.question(question_id).explains
    if explains and row.get(explains, ""):
        parts.append(f"{_e(cfg.question(explains).label)}: <b>{_e(row[explains])}</b>")
    parts += [f"{_e(cfg.question(g).label)}: {_e(row[g])}" for g in cfg.groups if row.get(g, "")]
    return f'<div class="consult-meta">{" · ".join(parts)}</div>'


def whole_response(respondent_id: str, answers: pd.DataFrame, campaign_size: int = 1) -> str:
    """One respondent's every answer (already redacted) as a question/answer table, with a heading."""
    also = f", one of the {campaign_size} respondents who sent this campaign text" if campaign_size > 1 else ""
    rows = [([_e(q), f'<div class="consult-answer">{_e(a)}</div>'], "") for q, a in answers.itertuples(index=False)]
    return (f"<h4>Whole response of {_e(respondent_id)}{_e(also)}</h4>"
            + _table([("Question", "label"), ("Answer", "")], rows))


def across(table: pd.DataFrame) -> str:
    """The themes of every question: question text, theme, count with share, reviewed."""
    header = [("Question", ""), ("Theme", ""), ("Responses", "num"), ("Share of answers", "num"), ("Reviewed", "")]
    rows = []
    previous = None
    for row in table.itertuples():
        question = _e(row.question) if row.question_id != previous else ""
        previous = row.question_id
        rows.append(([question, _e(f"{row.theme_id} · {row.label}"), f"{int(row.n)}", _e(share(row.n, row.base)),
                      "✓" if row.reviewed else ""], ""))
    return _table(header, rows)


def decisions_log(cfg: Consultation, log: pd.DataFrame) -> str:
    """The decisions so far, newest first: when, who, what, the question's text, the theme then and now,
    and whether it applied."""
    if log.empty:
        return "<p>No decisions yet.</p>"
    header = [("#", "num"), ("When", ""), ("Who", ""), ("Action", ""), ("Question", ""), ("Theme then", ""),
              ("Theme now", ""), ("Status", "")]
    rows = []
    for row in log.iloc[::-1].itertuples():
        status = _e(row.status) + (f": {_e(row.reason)}" if isinstance(row.reason, str) and row.reason else "")
        rows.append(([_e(row.decision), _e(row.when), _e(row.who), _e(row.action), _e(_question_label(cfg, row.question_id)),
                      _e(row.theme_then), _e(row.theme_now), status], ""))
    return _table(header, rows)


def agreement(cfg: Consultation, table: pd.DataFrame) -> str:
    """Model against reviewer per question (:func:`consult.review.decisions.model_agreement`), explained."""
    header = [("Question", ""), ("Responses themed", "num"), ("Responses a person decided", "num"),
              ("Assignments by a person", "num"), ("by the model", "num"), ("Precision", "num"), ("Recall", "num"),
              ("F1", "num")]

    def ratio(value: float) -> str:
        return "—" if pd.isna(value) else f"{value:.2f}"

    rows = [([_e(_question_label(cfg, r.question_id)), f"{r.responses_themed}", f"{r.responses_reviewed}",
              f"{r.assignments_review}", f"{r.assignments_model}", ratio(r.precision), ratio(r.recall), ratio(r.f1)],
             "") for r in table.itertuples()]
    return ('<p class="consult-meta">Over the responses a person decided: precision is the share of the model\'s '
            "themes the reviewer kept, recall the share of the reviewer's themes the model had, F1 their "
            "harmonic mean (— until you decide one). The report quotes these.</p>" + _table(header, rows))


def _question_label(cfg: Consultation, question_id: str) -> str:
    return next((q.label for q in cfg.questions if q.id == question_id), question_id)
