"""Drafting a consultation config from an export (``consult init EXPORT --id ID``).

The export is read as :mod:`consult.clean.ingest` reads it (header rows detected), each column is
classified (:mod:`consult.init.columns`), and a config is written that ``consult.core.config.parse``
accepts, with comments saying what the analyst should check and edit. Closed columns whose
labels fit no built-in scale but read as an ordered set get a scale drafted under ``scales:``
(:mod:`consult.init.scales`); a handful of unordered labels make a ``choice`` question. Columns
with too many labels to be options, and rankings, are drafted as attributes (kept as they are)
with a comment listing their labels. Rows the export marks as the survey's own previews are left
out by a drafted ``filter`` (:mod:`consult.init.previews`).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

from consult.clean import long, polis
from consult.clean.ingest import Export, as_long, is_polis, read_raw, repair
from consult.core import wording
from consult.core.config import InputFile, parse
from consult.init import columns as columns_module
from consult.init import previews
from consult.init import scales as drafted_scales
from consult.init.columns import Column
from consult.init.wording import (
    attribute_text,
    distinct_texts,
    merged_spellings,
    plain,
    short_question,
    statement_from,
    title_from,
    topic_of,
)

DECISION_COLUMNS = ["column", "type", "scale", "reason"]
_STOP = {"the", "a", "an", "of", "to", "you", "your", "do", "does", "did", "is", "are", "be", "in", "on", "for",
         "and", "or", "with", "what", "which", "how", "have", "has", "this", "that", "please", "it", "if", "any"}


@dataclass(frozen=True)
class Draft:
    """A drafted config: ``config`` (a dict ``consult.core.config.parse`` accepts), ``yaml`` (the text to
    write, commented), ``decisions`` (one row per export column: column, type, scale, reason) and ``notes``
    (how the export was read, as the draft's NOTE lines say)."""

    config: dict[str, Any]
    yaml: str
    decisions: pd.DataFrame
    notes: list[str] = field(default_factory=list)


def _slug(text: str, taken: set[str], position: int) -> str:
    """A question id from a header: its number ("3a. ..." → ``q3a_``) and first significant words, its accents
    dropped ("Âge" → ``age``), unique."""
    numbered = re.match(r"\s*(?:q(?:uestion)?\s*)?(\d+[a-z]?)[.):]\s+(.*)", plain(text), re.IGNORECASE | re.DOTALL)
    prefix, text = (f"q{numbered.group(1).lower()}_", numbered.group(2)) if numbered else ("", plain(text))
    words = [w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in _STOP][: 3 if prefix else 4]
    base = (prefix + "_".join(words))[:40].strip("_") or f"column_{position}"
    base = base if base[0].isalpha() else f"q_{base}"
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}_{n}", n + 1
    taken.add(slug)
    return slug


def _dump(value: Any) -> str:
    return yaml.safe_dump(value, sort_keys=False, allow_unicode=True, width=10_000, default_flow_style=False)


def _short(labels: list[str], limit: int = 8) -> str:
    shown = ", ".join(labels[:limit])
    return shown + (f" (+{len(labels) - limit} more)" if len(labels) > limit else "")


def _keeps(column: Column) -> bool:
    """Whether a column becomes a question of its own (ids, metadata and later option columns do not)."""
    later_option = column.kind == "multi_select" and column.stem is not None and not column.options
    return column.kind not in ("id", "metadata") and not later_option


def _title(column: Column) -> str:
    """The words a question id is made from: the stem of option columns, a grid row's label, else the header."""
    if column.kind == "multi_select" and column.stem:
        return column.stem
    row = column.label.split(" | ")[-1]
    return f"rank {row}" if column.kind == "ranking" else topic_of(row)


def _question(column: Column, taken: set[str], position: int, siblings: list[Column],
              answers: pd.Series) -> tuple[dict, str] | None:
    """The config entry for a column and the comment above it (None for ids, metadata and later siblings);
    ``answers`` are the column's repaired values."""
    if not _keeps(column):
        return None
    name = column.stem if column.kind == "multi_select" and column.stem else column.name
    entry: dict[str, Any] = {"id": _slug(_title(column), taken, position), "column": name}
    if column.label != column.name:
        entry["text"] = column.label
    if column.kind == "closed" and column.scale:
        entry.update({"text": heading} if (heading := short_question(column.label)) else {})
        entry.update(type="closed", scale=column.scale)
        drafted = " (drafted: check it under scales:)" if column.ordered else ""
        comment = f"closed, scale {column.scale}{drafted}; labels seen: {_short(column.labels)}"
        statement = statement_from(column.label, column.scale)
        if statement:
            entry["statement"] = statement
            comment += "; statement drafted from the wording: check it"
        elif not column.ordered or column.ordered.directed:
            comment += "; no statement fits the wording, so the summary quotes the question: add one"
    elif column.kind == "choice":
        entry.update(type="choice", options=column.options)
        comment = (f"choice: one answer from unordered options ({column.reason}); reported as the share choosing "
                   "each. If they are ordered, declare a scale under scales: and make it closed")
    elif column.kind == "ranking":
        entry["type"] = "attribute"
        comment = f"a ranking ({column.reason}); kept as an attribute (the rank as text): keep it or delete it"
    elif column.kind == "closed":
        entry["type"] = "attribute"
        comment = (f"closed with an unknown scale; labels seen: {_short(column.labels)}. Kept as an attribute: "
                   "pick a scale (type: closed, scale: ...) with synonyms, or delete this question")
    elif column.kind == "multi_select":
        entry.update(type="multi_select", options=column.options)
        if column.stem:
            entry["option_columns"] = [c.name for c in siblings]
            comment = f"multi-select, one column per option ({len(siblings)} columns)"
        else:
            entry["delimiter"] = column.delimiter
            comment = f"multi-select in one cell, joined by {column.delimiter!r}: check the options"
    elif column.kind == "free_text":
        entry["type"] = "free_text"
        comment = f"free text ({column.reason}); add explains: <closed id> if it explains a closed answer"
    else:
        entry["text"] = attribute_text(column.label, column.characteristic)
        entry["type"] = "attribute"
        comment = f"attribute ({column.reason}): {_short(column.labels)}"
        if column.characteristic:
            entry["characteristic"] = column.characteristic
            comment += "; reported in the equality section by its characteristic: check it"
        synonyms = merged_spellings(answers[answers != ""].value_counts().to_dict())
        if synonyms:
            entry["synonyms"] = synonyms
            comment += "; spellings differing only in case, spacing, punctuation or a plural are merged"
    return entry, comment


ROUTING_TOLERANCE = 0.02
"""A column is drafted as routed when at most this share of the rows outside the routing answered it
(a stray answer or a test row; "asked of those who said Yes" is rarely followed to the row)."""
ROUTING_MIN = 10
"""Rows needed outside the routing, and answers inside it at least half this, before routing is drafted."""
_ROUTING_TYPES = ("closed", "attribute", "choice")  # questions with set answers that can route others


def _draft_routing(frame: pd.DataFrame, questions: list[dict[str, Any]], comments: list[str]) -> list[str]:
    """Draft ``asked_if`` on each question answered (almost) only by rows that gave certain answers to an
    earlier question with set answers, and left blank by every other row; returns the comments with the
    evidence added ("answered by 26 of 26 who said Yes to q5, by 0 of 99 others").

    A question Y's answers X route a column when at least half of the rows giving each answer in X
    answered it, X is not every answer Y had, at least :data:`ROUTING_MIN` rows gave Y another answer,
    and at most :data:`ROUTING_TOLERANCE` of the rows outside X (Y left blank included) answered it. Of several such Y, the
    one with fewest stray answers, then most rows outside, then the nearest before it is drafted.
    """
    def answered(entry: dict[str, Any]) -> np.ndarray | None:
        names = entry.get("option_columns") or [entry["column"]]
        if not all(name in frame.columns for name in names):
            return None
        return (frame[names].fillna("").astype(str).apply(lambda c: c.str.strip()) != "").any(axis=1).to_numpy()

    given = [answered(entry) for entry in questions]
    result = list(comments)
    for i, (entry, target) in enumerate(zip(questions, given)):
        if target is None or entry["type"] == "free_text" or (~target).sum() < ROUTING_MIN:
            continue
        found = []
        for j in range(i - 1, -1, -1):
            source = questions[j]
            if source["type"] not in _ROUTING_TYPES or given[j] is None or "option_columns" in source:
                continue
            values = frame[source["column"]].fillna("").astype(str).str.strip().to_numpy()
            labels, counts = np.unique(values[values != ""], return_counts=True)
            rates = {label: target[values == label].mean() for label in labels}
            chosen = sorted((x for x in labels if rates[x] >= 0.5), key=lambda x: (-counts[labels == x][0], x))
            inside = np.isin(values, chosen)
            stray, outside = int(target[~inside].sum()), int((~inside).sum())
            said_other = int((values[~inside] != "").sum())  # blanks alone would be drop-out, not routing
            if (chosen and len(chosen) < len(labels) and said_other >= ROUTING_MIN
                    and target[inside].sum() >= ROUTING_MIN / 2 and stray <= ROUTING_TOLERANCE * outside):
                rest = [str(x) for x in labels if x not in chosen]
                said = (f"anything but {wording.join(rest, 'or')}" if len(rest) < len(chosen)
                        else wording.join([str(x) for x in chosen], "or"))
                found.append((stray, -outside, i - j, source["id"], chosen, said, int(target[inside].sum()),
                               int(inside.sum())))
        if found:
            stray, minus_outside, _, source_id, chosen, said, yes, asked = min(found)
            entry["asked_if"] = {"question": source_id, "answers": [str(x) for x in chosen]}
            source = next(q for q in questions if q["id"] == source_id)
            if said.startswith("anything but ") and source["type"] == "attribute":  # no options to derive it from
                entry["asked_of"] = (f"those who did not answer {said.removeprefix('anything but ')} to "
                                     f"“{(source.get('text') or source['column']).strip()}”")
            result[i] += (f"; asked only of some: answered by {yes} of {asked} who said {said} to {source_id}, "
                          f"by {stray} of {-minus_outside} others (check the routing; asked_of: says who, for prose)")
    return result


def _decisions(found: list[Column]) -> pd.DataFrame:
    rows = []
    for c in found:
        kind = "closed (unknown scale)" if c.kind == "closed" and not c.scale else c.kind
        kind += " (drafted scale)" if c.ordered else ""
        rows.append({"column": c.name if len(c.name) <= 60 else c.name[:57] + "...", "type": kind,
                     "scale": c.scale or "", "reason": c.reason})
    return pd.DataFrame(rows, columns=DECISION_COLUMNS)


def _text(config: dict[str, Any], comments: list[str], export: Path, notes: list[str]) -> str:
    lines = [
        f"# DRAFT written by 'consult init' from {export}. Check every line, then run: consult check <this file>",
        "#   It runs as it is. Before publishing, read the title, organisation, document and each question's",
        "#   id, text and statement: 'consult check' lists the values that are still as drafted.",
        "#   Questions marked 'unknown scale' were kept as attributes: give them a scale or delete them.",
        "#   Columns not listed below (ids, timestamps, personal data) are never read.",
        *[f"#   NOTE: {note}" for note in notes],
        "",
    ]
    head = {k: v for k, v in config.items() if k not in ("scales", "questions", "groups")}
    lines.append(_dump(head).rstrip())
    if config.get("scales"):
        lines += ["", "# answer scales drafted from the labels seen: each question names its scale",
                  "# (options from the most positive, or the most, to the least); check each against the form",
                  "scales:"]
        for name, entry in config["scales"].items():
            lines.append(f"  # {drafted_scales.describe(entry)}")
            lines += [f"  {line}" for line in _dump({name: entry}).rstrip().splitlines()]
    lines += ["", "questions:"]
    for entry, comment in zip(config["questions"], comments):
        lines.append(f"  # {comment}")
        body = _dump([entry]).rstrip().splitlines()
        lines += [f"  {line}" for line in body]
        lines.append("")
    if config.get("groups"):
        lines.append("# attributes to break results down by")
        lines.append(_dump({"groups": config["groups"]}).rstrip())
    return "\n".join(lines) + "\n"


_WEIGHT_NAME = re.compile(r"^(?:final|survey|design|post)?[ _-]?(?:weight|weighting|wt|wgt)s?$", re.IGNORECASE)


def _weight_column(frame: pd.DataFrame) -> str | None:
    """The export's survey weight: a column named like a weight whose every value is a positive number."""
    for name in frame.columns:
        if _WEIGHT_NAME.match(name.strip()):
            values = pd.to_numeric(frame[name], errors="coerce")
            if values.notna().all() and (values > 0).all():
                return name
    return None


def _polis_topic(summary: Path | None) -> str | None:
    """The conversation's topic from a Polis export's ``summary.csv`` (headerless key,value lines), if any."""
    if summary is None or not summary.exists():
        return None
    with summary.open(encoding="utf-8-sig", newline="") as lines:
        topic = next((row[1].strip() for row in csv.reader(lines) if len(row) > 1 and row[0] == "topic"), "")
    return topic or None


def _polis(export: Path, consultation_id: str) -> Draft:
    """A Polis conversation: its statements themed as free text; the votes become one agreement question per
    statement in the agreement stage (agree / disagree / pass, overall and by opinion group)."""
    roles = polis.conversation_files(export)
    statements = polis.statements_file(export)
    folder = statements.parent
    has_comments = "comments" in roles
    text_column = "comment-body" if has_comments else "comment"
    questions: list[dict[str, Any]] = [
        {"id": "statement", "column": text_column, "type": "free_text", "text": "Statements written by participants"}]
    comments = ["the statements' text: cleaned, redacted and themed like free text (the votes on them are "
                "counted by the agreement stage: one question per statement)"]
    if has_comments:
        questions.append({"id": "moderated", "column": "moderated", "type": "attribute",
                          "text": "Moderation (1 moderated in, -1 out, 0 not moderated)"})
        comments.append("whether moderators accepted the statement (filter.statements decides which are analysed)")
    voted = bool({"votes", "participants-votes"} & set(roles))  # some exports hold the statements alone
    config = {"id": consultation_id, "title": _polis_topic(roles.get("summary")) or title_from(folder),
              "inputs": [{"path": str(statements), "format": "polis" if voted else "csv"}], "id_column": "comment-id",
              "questions": questions}
    decisions = pd.DataFrame([
        {"column": "comment-id", "type": "id", "scale": "", "reason": "Polis statement id"},
        {"column": text_column, "type": "free_text", "scale": "", "reason": "the statement's text"},
        *([{"column": "moderated", "type": "attribute", "scale": "", "reason": "moderated in (1) / out (-1) / not (0)"}]
          if has_comments else []),
        {"column": ", ".join(sorted(p.name for r, p in roles.items() if r not in ("comments", "comment-groups"))),
         "type": "votes", "scale": "", "reason": "agree / disagree / pass per statement, by opinion group"},
    ], columns=DECISION_COLUMNS)
    parse(config, "<draft>")
    notes = [f"{folder} is a Polis conversation: participants voted agree / disagree / pass on statements. "
             "agreement.csv gets one question per statement (its comment-id), overall and by Polis's opinion "
             "groups (A, B, ...); repeated votes count once (the latest).",
             "statements moderated out (-1) are left out; to keep only those moderated in, and only participants "
             "with enough votes, add:  filter: {statements: accepted, min_votes: 7}",
             "to break results down by participant attributes, add polis: {participants: <csv with an xid column>, "
             "attributes: {age: Age band}}"]
    if not has_comments:
        notes.append("no comments.csv: statements are read from comment-groups.csv, so moderation is unknown")
    if not voted:
        notes = [f"{folder} is a Polis conversation exported without its votes (no votes.csv or "
                 "participants-votes.csv): only the statements are analysed, themed as free text; export the "
                 "conversation with its vote files for agreement by statement and opinion group."]
    return Draft(config, _text(config, comments, folder, notes), decisions)


def _respondent(column: Column, name: str) -> Column:
    """A long export's column as classified, the respondent column made the id (and no other)."""
    if column.name == name:
        return Column(name, column.label, "id", "the respondent column of the long format (one row per answer)")
    if column.kind == "id":
        return Column(column.name, column.label, "metadata", "a second id column")
    return column


def _renamed(raw: Export, name: str) -> str:
    """A comment's ending for a column whose header repeats an earlier column's."""
    return f"; its header repeats an earlier column's, so it is read as {name!r}" if name in raw.renamed else ""


def _shape_notes(raw: Export, layout: long.LongLayout | None) -> list[str]:
    """What the draft's reader should know about how the export is read: header rows, repeated
    headers, long format."""
    notes = []
    if raw.header_rows > 1:
        how = ("codes on row 1 name the columns, the text below them is each question's text" if raw.tool == "qualtrics"
               else "each column is named 'question | sub-label'")
        notes.append(f"{raw.header_rows} header rows were found (inputs[0].header_rows): {how}")
    if raw.renamed:
        notes.append(f"{len(raw.renamed)} column header(s) repeat an earlier one; consult reads each repeat with a "
                     f"suffix, e.g. {next(iter(raw.renamed))!r}")
    if layout and raw.long_rows is not None:
        notes.append(f"the export is in long format (one row per answer; layout: long): its {raw.raw_rows:,} rows "
                     f"are read as {len(raw.frame):,} respondent{'' if len(raw.frame) == 1 else 's'}, one column per value of "
                     f"{layout.question!r}")
    if raw.dropped:
        notes.append(f"column(s) {', '.join(repr(c) for c in raw.dropped)} vary between a respondent's rows and are not read")
    return notes


def draft_config(export: Path, consultation_id: str, sheet: str | None = None) -> Draft:
    """Draft a config for ``export`` (CSV, XLSX, or a Polis conversation folder or file); ``sheet`` names the
    XLSX sheet to read (default the fullest).

    Raises :class:`consult.core.errors.InputError` when the file cannot be read (see
    :func:`consult.clean.ingest.read_raw`) and :class:`consult.core.errors.ConfigError` when the id is not
    a valid consultation id.
    """
    export = Path(export)
    if is_polis(export):
        return _polis(export, consultation_id)
    raw = read_raw(InputFile(path=str(export), sheet=sheet), export, ragged_rows="exclude")
    frame = repair(raw.frame)
    layout = long.detect(frame)
    if layout:
        raw = as_long(raw, layout)
        frame = repair(raw.frame)
    found = columns_module.classify(frame, raw.labels)
    if layout:
        found = [_respondent(c, layout.respondent) for c in found]
    spec: dict[str, Any] = {"path": str(export)}
    if raw.header_rows != 1:
        spec["header_rows"] = raw.header_rows
    if raw.sheet:
        spec["sheet"] = raw.sheet
    if layout:
        spec.update(layout="long", long=layout.model_dump())
    config: dict[str, Any] = {"id": consultation_id, "title": title_from(export), "inputs": [spec]}
    ids = [c.name for c in found if c.kind == "id"]
    if ids:
        config["id_column"] = ids[0]
    submitted = [c.name for c in found if c.kind == "metadata" and c.reason == "dates and times"
                 or re.search(r"submitted|completion|end|recorded|timestamp", c.name, re.IGNORECASE)
                 and c.kind == "metadata" and c.reason != "always blank"]
    if submitted and ids:
        config["submitted_column"] = submitted[-1]
    scales, names = drafted_scales.draft_scales([c.ordered for c in found])
    for column, scale in zip(found, names):
        column.scale = scale or column.scale
    if scales:
        config["scales"] = scales
    weight = _weight_column(frame)
    taken: set[str] = set()
    questions, comments, groups = [], [], []
    for position, column in enumerate(found, start=1):
        siblings = [c for c in found if c.stem and c.stem == column.stem and c.kind == column.kind]
        if column.characteristic in {q.get("characteristic") for q in questions}:  # one question per characteristic
            column.characteristic = None
        made = _question(column, taken, position, siblings, frame[column.name])
        if made:
            questions.append(made[0])
            comments.append(f"column {position}: {made[1]}{_renamed(raw, made[0]['column'])}")
            if column.kind == "attribute" and not made[0].get("characteristic"):  # the equality section reports those,
                groups.append(made[0]["id"])  # with its disclosure control
    distinct_texts(questions)
    comments = _draft_routing(frame, questions, comments)
    exclusion = previews.draft_exclusion(frame, _slug("survey channel", set(taken), 0))
    if exclusion:
        questions.append(exclusion.question)
        comments.append(f"the export's own marking of previews and tests ({exclusion.question['column']}), read for "
                        "filter.where only")
        config["filter"] = exclusion.filter
        marking = next(c for c in found if c.name == exclusion.question["column"])
        marking.reason = exclusion.note  # printed with the decisions
    monitoring = [q["characteristic"] for q in questions if q.get("characteristic")]
    unfinished = previews.unfinished(frame)
    config["questions"] = questions
    if groups:
        config["groups"] = groups
    if weight:
        config["agreement"] = {"weight_column": weight}
    if raw.ragged:
        config["cleaning"] = {"ragged_rows": "exclude"}
    parse(config, "<draft>")
    notes = [raw.sheet_note, f"the export looks like a {raw.tool} export" if raw.tool else "",
             f"{len(raw.ragged)} row(s) have the wrong number of values (lines {', '.join(map(str, sorted(raw.ragged)[:5]))}"
             f"{' ...' if len(raw.ragged) > 5 else ''}): cleaning.ragged_rows: exclude leaves them out, logged; "
             "repair them in a copy of the export to keep them" if raw.ragged else "",
             "" if ids else "no respondent id column was found: respondents are named by their row in the export (row 2, row 3, ...)",
             f"{raw.skipped_rows} metadata line(s) above the header are skipped" if raw.skipped_rows else "",
             f"percentages are weighted by the column {weight!r} (agreement.weight_column); delete that line for "
             "unweighted figures" if weight else "",
             f"{len(monitoring)} equality-monitoring question(s) are tagged with their protected characteristic "
             f"({', '.join(monitoring)}); to set the respondents against the area's population, add  equality: "
             "{population: <a CSV of characteristic, category, share>}" if monitoring else "",
             exclusion.note if exclusion else "",
             f"{unfinished} response(s) are unfinished (Finished is false): they are kept, as partial responses; "
             "to leave them out, add the Finished column as a question and to filter.where" if unfinished else "",
             *_shape_notes(raw, layout)]
    notes = [n for n in notes if n]
    return Draft(config, _text(config, comments, export, notes), _decisions(found), notes)

