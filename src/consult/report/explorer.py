"""The theme explorer's data: for each free-text question, its themes and every comment made, redacted.

report.html embeds this as JSON for its search box and filters (``templates/explorer.js``). A comment
is a theme unit as the themes stage counts it (:func:`consult.themes.question.theme_units`): one per
respondent, a campaign's wording once with the number of respondents who sent it, so the explorer's
counts match themes.csv. Text is redacted again and put on one line (:func:`consult.report.tables.clean_quote`).

Group filters follow the config's ``groups``. An answer given by fewer than
``agreement.suppress_below`` commenters to a question is not offered as a filter (its comments are
still listed under "All"): a filter on a group of one or two would tell readers who wrote what.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from consult.core.config import Consultation, Question
from consult.report.tables import ReportTables, attribute_answers, clean_quote, ordered_themes
from consult.themes.question import theme_units


@dataclass(frozen=True)
class GroupFilter:
    """One filter of a question's explorer: the attribute's ``id``, ``label`` and the answers offered."""

    id: str
    label: str
    options: tuple[str, ...]


def _theme_index(tables: ReportTables, question: Question) -> tuple[list[list[str]], dict[str, int]]:
    """The question's themes in report order as ``[theme_id, label]`` pairs, and each id's position."""
    themes = ordered_themes(tables.themes)
    mine = themes[(themes["question_id"] == question.id) & (pd.to_numeric(themes["n"]) > 0)]
    pairs = [[str(t), str(label)] for t, label in zip(mine["theme_id"], mine["label"])]
    return pairs, {t: i for i, (t, _) in enumerate(pairs)}


def question_data(tables: ReportTables, cfg: Consultation, question: Question) -> tuple[dict, list[GroupFilter]]:
    """One question's explorer data and its group filters.

    The data: ``themes`` (``[theme_id, label]``, report order), ``groups`` (attribute ids, as in the
    filters), ``comments``: each ``{"t": text, "th": [theme positions], "n": respondents, "g": [[answer
    positions] per group]}`` in the order of responses.csv. Raises
    :class:`consult.core.errors.InputError` when responses.csv lacks the question's columns.
    """
    answered, rows, texts = theme_units(tables.responses, question)
    pairs, position = _theme_index(tables, question)
    assigned = tables.theme_assignments[tables.theme_assignments["question_id"] == question.id]
    themes_of = assigned.groupby("respondent_id", sort=False)["theme_id"].agg(list).to_dict()
    respondents = answered["respondent_id"].to_numpy() if "respondent_id" in answered else [None] * len(answered)
    filters: list[GroupFilter] = []
    answers_of: list[list[set[str]]] = [[] for _ in texts]
    for group in cfg.groups:
        attribute = cfg.question(group)
        if group not in answered.columns:
            continue
        values = attribute_answers(answered, attribute, cfg).to_numpy()
        per_unit: list[set[str]] = [set() for _ in texts]
        for unit, value in zip(rows, values):
            per_unit[unit].add(str(value))
        counts = pd.Series([v for unit_values in per_unit for v in unit_values]).value_counts()
        offered = tuple(sorted((str(v) for v, n in counts.items() if n >= cfg.agreement.suppress_below),
                               key=lambda v: (v.startswith("("), v)))
        if not offered:
            continue
        filters.append(GroupFilter(group, attribute.label, offered))
        for unit, unit_values in enumerate(per_unit):
            answers_of[unit].append(unit_values)
    first: dict[int, object] = {}
    sizes = [0] * len(texts)
    for unit, respondent in zip(rows, respondents):
        first.setdefault(int(unit), respondent)
        sizes[unit] += 1
    comments = []
    for unit, text in enumerate(texts):
        shown = clean_quote(text)
        if not shown:
            continue
        theme_ids = themes_of.get(first.get(unit), [])
        comments.append({
            "t": shown,
            "th": sorted({position[t] for t in theme_ids if t in position}),
            "n": sizes[unit],
            "g": [sorted(f.options.index(v) for v in values if v in f.options)
                  for f, values in zip(filters, answers_of[unit])],
        })
    return {"id": question.id, "themes": pairs, "groups": [f.id for f in filters], "comments": comments}, filters
