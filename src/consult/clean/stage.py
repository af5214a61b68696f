"""Stage 1, clean: from the raw export(s) to ``responses.csv``, ``campaigns.csv`` and ``cleaning_log.csv``.

Reads every input of the config (:mod:`consult.clean.ingest`), cleans each question's answers
(:mod:`consult.clean.answers`), decides which rows are kept (:mod:`consult.clean.duplicates`), finds campaign
responses (:mod:`consult.clean.campaigns`) and writes the three files of docs/files.md atomically to
``cfg.processed_dir``. Every raw row gets one ``kept`` or ``excluded`` row in the log and every
changed value a ``changed`` row, so raw rows in = kept + excluded, always.

:func:`check` reports every problem of the config against the data at once; :func:`run` stops
on the first of them (naming how many more there are) before writing anything.
"""

from __future__ import annotations

import math
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

import numpy as np
import pandas as pd

from consult.clean import answers, campaigns, duplicates, filters, long, polis_stage
from consult.clean.dates import parse_datetimes
from consult.clean.ingest import (
    Export,
    close_matches,
    fix_mojibake,
    map_unique,
    normalise_whitespace,
    read_raw,
    scientific_ids,
)
from consult.core import files, side_by_side
from consult.core.config import Consultation
from consult.core.errors import InputError
from consult.core.redact import redact_text
from consult.core.sections import WEIGHT

LOG_COLUMNS = ["source_file", "raw_row", "respondent_id", "status", "reason", "column", "before", "after", "rule"]
CAMPAIGN_COLUMNS = ["question_id", "campaign_id", "n_respondents", "text"]
_SHOWN = 5  # rows or values quoted in one problem line
CAMPAIGN_BYTES_PER_ROW = 8_000
"""Free memory needed per raw row to find the free-text questions' campaigns side by side (see
:mod:`consult.core.side_by_side`): a million rows peaked at 4.6 GiB one question after another."""


@dataclass(frozen=True)
class CleanResult:
    """What the clean stage wrote: the tables of docs/files.md, as DataFrames."""

    responses: pd.DataFrame
    campaigns: pd.DataFrame
    log: pd.DataFrame
    polis_votes: pd.DataFrame | None = None  # a Polis conversation's kept votes (polis_votes.csv)
    polis_participants: pd.DataFrame | None = None  # ... and kept participants (polis_participants.csv)

    def filtered(self) -> list[str]:
        """What each ``filter`` rule left out, one line each: raw rows excluded, and Polis votes with them."""
        rules = self.log["rule"].fillna("").astype(str)
        lines = []
        for rule in sorted({r for r in rules if r.startswith("filter.")}):
            rows = self.log[rules.eq(rule) & self.log["status"].eq("excluded")]
            line = f"{rule}: {len(rows):,} row(s) left out"
            if len(rows):
                line += " (" + ", ".join(f"{n:,} of {name}" for name, n in rows["source_file"].value_counts().sort_index().items()) + ")"
            votes = self.log[rules.eq(rule) & self.log["status"].eq(polis_stage.SUMMARY)]
            if len(votes):
                lost = int(pd.to_numeric(votes["before"]).sum() - pd.to_numeric(votes["after"]).sum())
                line += f", and {lost:,} vote(s) with them"
            lines.append(line)
        return lines

    def totals(self) -> dict[str, int]:
        """Row accounting: ``raw`` rows read, ``kept``, ``excluded``, and ``changed`` values."""
        counts = self.log["status"].value_counts()
        kept, excluded = int(counts.get("kept", 0)), int(counts.get("excluded", 0))
        return {"raw": kept + excluded, "kept": kept, "excluded": excluded, "changed": int(counts.get("changed", 0))}


def _column_problems(cfg: Consultation, export: Export) -> list[str]:
    columns = list(export.frame.columns)
    wanted: list[tuple[str, str]] = []
    if cfg.id_column:
        wanted.append(("id_column", cfg.id_column))
    if cfg.submitted_column:
        wanted.append(("submitted_column", cfg.submitted_column))
    if cfg.agreement.weight_column:
        wanted.append(("agreement.weight_column", cfg.agreement.weight_column))
    for i, q in enumerate(cfg.questions):
        if q.option_columns:
            wanted += [(f"questions[{i}].option_columns[{j}]", c) for j, c in enumerate(q.option_columns)]
        else:
            wanted.append((f"questions[{i}].column", q.column))
    read = (f" sheet {export.sheet!r} (the config names columns of another sheet? draft it again with consult init "
            f"--sheet)" if export.sheet_note else " file")
    return [
        f"{export.source_file}: {key}: {name!r} is not a column of the{read}{close_matches(name, columns)}"
        for key, name in wanted if name not in export.frame.columns
    ]


def _needed(cfg: Consultation) -> list[str]:
    names = [c for c in (cfg.id_column, cfg.submitted_column, cfg.agreement.weight_column) if c]
    for q in cfg.questions:
        names += q.option_columns or [q.column]
    return list(dict.fromkeys(names))


def _rows(series: pd.Series, keys: pd.DataFrame) -> str:
    shown = ", ".join(str(r) for r in keys.loc[series.index[series][:_SHOWN], "raw_row"])
    more = int(series.sum()) - _SHOWN
    return shown + (f" and {more:,} more" if more > 0 else "")


def _file_of_rows(exports: list[Export]) -> np.ndarray:
    """The position in ``exports`` of the export each row of their frames, stacked, came from."""
    return np.repeat(np.arange(len(exports)), [len(export.frame) for export in exports])


def _row_ids(keys: pd.DataFrame, exports: list[Export]) -> pd.Series:
    """consult's own respondent ids, never like an export's own references ("R0003"): each row's number as the
    spreadsheet shows it, header rows counted ("row 5"; blank lines of a CSV are not), after its file's name
    when there are several inputs."""
    file = _file_of_rows(exports)
    above = [export.skipped_rows + export.header_rows for export in exports]
    named = [f"{export.source_file} " if len(exports) > 1 else "" for export in exports]
    return pd.Series([f"{named[f]}row {row + above[f]}" for f, row in zip(file, keys["raw_row"])],
                     index=keys.index, dtype=object)


def _ids(cfg: Consultation, raw: pd.DataFrame, keys: pd.DataFrame, answered: pd.Series,
         exports: list[Export]) -> tuple[pd.Series, list[str]]:
    """Respondent ids (the export's, or :func:`_row_ids`) and the problems with them."""
    if not cfg.id_column:
        return _row_ids(keys, exports), []
    ids = map_unique(raw[cfg.id_column], lambda v: normalise_whitespace(fix_mojibake(v)))
    problems = []
    for source, rows in keys.groupby("source_file", sort=False).groups.items():
        scientific = scientific_ids(ids[rows])
        if scientific.any():
            problems.append(
                f"{source}: id_column {cfg.id_column!r} holds ids in scientific notation (raw rows "
                f"{_rows(scientific, keys)}, e.g. {ids[scientific.idxmax()]!r}): Excel has rounded them so respondents "
                "can no longer be told apart; use the export as downloaded, or set id_column: null to number the rows."
            )
        blank = ids[rows].eq("") & answered[rows]
        if blank.any():
            problems.append(
                f"{source}: id_column {cfg.id_column!r} is blank in raw rows {_rows(blank, keys)}; fill them in a copy "
                "of the export, or set id_column: null to number the rows."
            )
    return ids, problems


def _rows_problem(keys: pd.DataFrame, bad: pd.Series, values: pd.Series, what: str, fix: str) -> str:
    """One problem line for the ``bad`` rows: their files, ``what`` is wrong, their raw rows, a few of their
    ``values``, and how to ``fix`` it."""
    examples = ", ".join(repr(v) for v in values[bad].unique()[:_SHOWN])
    return f"{', '.join(keys.loc[bad, 'source_file'].unique())}: {what} raw rows {_rows(bad, keys)} ({examples}); {fix}"


def _weights(cfg: Consultation, raw: pd.DataFrame, keys: pd.DataFrame) -> tuple[pd.Series | None, list[str]]:
    """Each row's survey weight (``agreement.weight_column``) as a number, and the problems: a weight must
    be a number of at least 0 on every row."""
    if not cfg.agreement.weight_column:
        return None, []
    text = map_unique(raw[cfg.agreement.weight_column], normalise_whitespace)
    weights = pd.to_numeric(text, errors="coerce")
    bad = weights.isna() | (weights < 0)
    if not bad.any():
        return weights, []
    return weights, [_rows_problem(
        keys, bad, text, f"agreement.weight_column {cfg.agreement.weight_column!r} is blank, not a number or negative in",
        "every weight must be a number of at least 0 (give those rows their weight, or 0 to leave them out of the "
        "weighted figures).")]


def _submitted(cfg: Consultation, raw: pd.DataFrame, keys: pd.DataFrame, ids: pd.Series) -> tuple[pd.Series | None, list[str]]:
    if not cfg.submitted_column:
        return None, []
    tidy = map_unique(raw[cfg.submitted_column], normalise_whitespace)
    parsed, unreadable = parse_datetimes(tidy)
    unreadable &= ids.duplicated(keep=False)  # only dates that decide between resubmissions matter
    if not unreadable.any():
        return parsed, []
    return parsed, [_rows_problem(
        keys, unreadable, tidy, f"submitted_column {cfg.submitted_column!r}: cannot read the dates of repeated "
        "respondents in", "write them as YYYY-MM-DD HH:MM:SS in a copy of the export.")]


def _looks_long(cfg: Consultation, number: int, export: Export) -> list[str]:
    """A problem when an input read as wide repeats its respondent ids on most rows and reads as long
    format (one row per answer): its rows would otherwise be dropped as resubmissions."""
    if export.long_rows is not None or cfg.id_column not in export.frame.columns:
        return []
    repeats = int(export.frame[cfg.id_column].duplicated().sum())
    layout = long.detect(export.frame) if repeats * 2 > len(export.frame) else None
    if layout is None:
        return []
    return [f"{export.source_file}: id_column {cfg.id_column!r} repeats on {repeats:,} of {len(export.frame):,} rows and "
            f"the file reads as one row per answer; set inputs[{number}].layout: long and inputs[{number}].long: "
            f"{{respondent: {layout.respondent!r}, question: {layout.question!r}, answer: {layout.answer!r}}}."]


def _load(cfg: Consultation) -> tuple[list[Export], list[str]]:
    exports, problems = [], []
    for number, spec in enumerate(cfg.inputs):
        try:
            export = read_raw(spec, cfg.resolve(spec.path), cfg.cleaning.ragged_rows)
        except InputError as error:
            problems.append(str(error))
            continue
        found = _column_problems(cfg, export) + _looks_long(cfg, number, export)
        problems += found
        if not found:
            exports.append(export)
    return exports, problems


def _combine(cfg: Consultation, exports: list[Export]) -> tuple[pd.DataFrame, pd.DataFrame, pd.Series | None]:
    """All inputs' needed columns as one table, the row keys, and (without an id column, for telling exact
    duplicates) a hash of each whole raw row."""
    needed = _needed(cfg)
    frames, keys, hashes = [], [], []
    for number, export in enumerate(exports):
        frames.append(export.frame[needed].reset_index(drop=True))
        keys.append(pd.DataFrame({"source_file": export.source_file, "raw_row": export.frame.index.to_numpy()}))
        if not cfg.id_column:
            hashes.append(pd.util.hash_pandas_object(export.frame, index=False).to_numpy() ^ np.uint64(number))
    raw = pd.concat(frames, ignore_index=True)
    whole_rows = pd.Series(np.concatenate(hashes), index=raw.index) if hashes else None
    return raw, pd.concat(keys, ignore_index=True), whole_rows


def campaign_min_size(cfg: Consultation, answers: int) -> int:
    """Respondents sharing a wording before it counts as a campaign, among ``answers`` answers:
    ``cleaning.campaign_min_size``, or ``cleaning.campaign_min_share`` of the answers where that is
    more. A national consultation's million answers repeat stock sentences by chance; one answer
    in 10,000 (100 of a million) keeps those out while a county's few thousand still need only 5."""
    return max(cfg.cleaning.campaign_min_size, math.ceil(cfg.cleaning.campaign_min_share * answers))


def _campaigns(cfg: Consultation, cleaned: dict[str, answers.Cleaned], kept: pd.Series,
               executor: ProcessPoolExecutor | None) -> tuple[dict[str, pd.Series], pd.DataFrame]:
    free = cfg.questions_of("free_text")
    masks = [kept & cleaned[q.id].status.eq("answer") for q in free]
    sizes = [int(mask.sum()) for mask in masks]
    jobs = [(cleaned[q.id].text[mask], cfg.cleaning.near_duplicate_threshold, campaign_min_size(cfg, size))
            for q, mask, size in zip(free, masks, sizes)]
    labels, tables, offset = {}, [], 0
    for q, (group, table) in zip(free, side_by_side.each(campaigns.find, jobs, sizes, executor)):
        label = pd.Series("", index=kept.index, dtype=object)
        named = group[group.ge(0)]
        label[named.index] = "C" + (named + offset + 1).astype(str)
        labels[q.id] = label
        if len(table):
            tables.append(pd.DataFrame({
                "question_id": q.id, "campaign_id": "C" + (table["group"] + offset + 1).astype(str),
                "n_respondents": table["n_respondents"].astype(int), "text": table["text"].map(files.neutralise_formula),
            }))
        offset += len(table)
    frame = pd.concat(tables, ignore_index=True) if tables else pd.DataFrame(columns=CAMPAIGN_COLUMNS)
    return labels, frame


def _responses(cfg: Consultation, keys: pd.DataFrame, cleaned: dict[str, answers.Cleaned],
               labels: dict[str, pd.Series], kept: pd.Series, weights: pd.Series | None) -> pd.DataFrame:
    columns: dict[str, pd.Series] = {"respondent_id": keys["respondent_id"], "source_file": keys["source_file"],
                                      "raw_row": keys["raw_row"]}
    if weights is not None:
        columns[WEIGHT] = weights
    for q in cfg.questions:
        columns[q.id] = cleaned[q.id].values
        if q.type == "free_text":
            columns[f"{q.id}__status"] = cleaned[q.id].status
            columns[f"{q.id}__campaign"] = labels[q.id]
    return pd.DataFrame(columns)[kept].reset_index(drop=True)


def _per_raw_row(status: pd.DataFrame, exports: list[Export]) -> pd.DataFrame:
    """The log's kept/excluded rows, one per raw row: a long-format export's respondent rows spread over
    the raw rows they were made from."""
    if all(export.long_rows is None for export in exports):
        return status
    parts = []
    for number, export in enumerate(exports):
        mine = status[status["_file"].to_numpy() == number]
        parts.append(mine if export.long_rows is None else long.log_rows(mine, export.long_rows))
    return pd.concat(parts, ignore_index=True)


def _answer_rows(keys: pd.DataFrame, file: np.ndarray, where: np.ndarray, exports: list[Export], column: str) -> np.ndarray:
    """The raw row of each value at response rows ``where``: the row itself, or in a long-format
    export the raw row that held the answer to ``column``."""
    raw = keys["raw_row"].to_numpy()[where].copy()
    for number, export in enumerate(exports):
        mine = file[where] == number
        if export.long_rows is not None and mine.any():
            raw[mine] = long.answer_rows(export.long_rows, raw[mine], column)
    return raw


def _ragged_log(exports: list[Export]) -> pd.DataFrame:
    """The rows left out for having the wrong number of values (``cleaning.ragged_rows: exclude``)."""
    parts = []
    for number, export in enumerate(exports):
        if export.ragged:
            numbers = np.array(sorted(export.ragged))
            parts.append(pd.DataFrame({
                "source_file": export.source_file, "raw_row": numbers, "respondent_id": "", "status": "excluded",
                "reason": [export.ragged[n] for n in numbers], "column": "", "before": "", "after": "", "rule": "",
                "_file": number, "_kind": 0, "_q": 0, "_step": 0}))
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()


def _sheet_rows(exports: list[Export]) -> list[pd.DataFrame]:
    """A ``summary`` row for each workbook of several sheets: the sheet read and those skipped."""
    return [pd.DataFrame([{"source_file": e.source_file, "raw_row": "", "respondent_id": "", "status": polis_stage.SUMMARY,
                           "reason": e.sheet_note, "column": "", "before": "", "after": "", "rule": "sheet"}])
            for e in exports if e.sheet_note]


def _log(cfg: Consultation, keys: pd.DataFrame, rows: duplicates.RowStatus, cleaned: dict[str, answers.Cleaned],
         exports: list[Export]) -> pd.DataFrame:
    file = _file_of_rows(exports)
    status = keys.assign(status=rows.status, reason=rows.reason, column="", before="", after="", rule="")
    status["_file"], status["_kind"], status["_q"], status["_step"] = file, 0, 0, 0
    parts = [_per_raw_row(status, exports)]
    ragged = _ragged_log(exports)
    if len(ragged):
        parts.append(ragged)
    kept = rows.status.eq("kept")
    for number, q in enumerate(cfg.questions):
        changes = cleaned[q.id].changes
        changes = changes[kept.to_numpy()[changes["row"].to_numpy(dtype=int)]] if len(changes) else changes
        if changes.empty:
            continue
        where = changes["row"].to_numpy(dtype=int)
        parts.append(pd.DataFrame({
            "source_file": keys["source_file"].to_numpy()[where],
            "raw_row": _answer_rows(keys, file, where, exports, q.column),
            "respondent_id": keys["respondent_id"].to_numpy()[where], "status": "changed",
            "reason": changes["rule"].map(answers.REASONS).to_numpy(), "column": q.id,
            "before": changes["before"].to_numpy(), "after": changes["after"].to_numpy(), "rule": changes["rule"].to_numpy(),
            "_file": file[where], "_kind": 1, "_q": number, "_step": np.arange(len(changes)),
        }))
    log = pd.concat(parts, ignore_index=True)
    log = log.sort_values(["_file", "raw_row", "_kind", "_q", "_step"], kind="stable")
    # the log goes to auditors: what respondents wrote is shown redacted, without control characters (tidying
    # rules show a fingerprint of the text before)
    for column in ("before", "after"):
        log[column] = map_unique(log[column].astype(object), lambda text: redact_text(files.strip_controls(text)),
                                 f"cleaning log: redacting {column}")
    return pd.concat([*_sheet_rows(exports), log[LOG_COLUMNS]], ignore_index=True)


def _clean(cfg: Consultation) -> tuple[CleanResult | None, list[str]]:
    exports, problems = _load(cfg)
    if problems or not exports:
        return None, problems
    raw, keys, whole_rows = _combine(cfg, exports)
    # the workers for finding campaigns start now, to be ready when the answers are clean
    with side_by_side.pool(len(cfg.questions_of("free_text")), len(raw), CAMPAIGN_BYTES_PER_ROW,
                           campaigns.__name__) as executor:
        names = ", ".join(dict.fromkeys(keys["source_file"]))
        cleaned = {q.id: answers.clean_question(raw, q, cfg, names) for q in cfg.questions}
        answer_frame = pd.DataFrame({q.id: cleaned[q.id].values for q in cfg.questions})
        ids, id_problems = _ids(cfg, raw, keys, answer_frame.ne("").any(axis=1), exports)
        keys["respondent_id"] = ids
        submitted, date_problems = _submitted(cfg, raw, keys, ids)
        weights, weight_problems = _weights(cfg, raw, keys)
        problems = (id_problems + date_problems + weight_problems
                    + [p for q in cfg.questions for p in cleaned[q.id].problems])
        rows = duplicates.decide(keys, answer_frame, whole_rows, submitted, cfg.cleaning.keep)
        problems += rows.problems
        votes = None
        if cfg.is_polis:
            rows, filtered, found = polis_stage.filter_statements(cfg, exports[0].frame, keys, rows)
            rule = pd.Series(np.where(filtered, "filter.statements", ""), index=keys.index, dtype=object)
            kept_ids = pd.to_numeric(keys.loc[rows.status.eq("kept"), "respondent_id"], errors="coerce")
            votes = polis_stage.clean_votes(cfg, cfg.resolve(cfg.inputs[0].path), kept_ids)
            problems += found + votes.problems
        else:
            rows, rule, found = filters.apply(cfg, keys["respondent_id"], answer_frame, rows)
            problems += found
        if problems:
            return None, problems
        kept = rows.status.eq("kept")
        labels, campaign_table = _campaigns(cfg, cleaned, kept, executor)
    log = filters.with_rules(_log(cfg, keys, rows, cleaned, exports), keys, rule)
    if votes is None:
        return CleanResult(_responses(cfg, keys, cleaned, labels, kept, weights), campaign_table, log), []
    log = pd.concat([log, votes.log], ignore_index=True)[LOG_COLUMNS]
    return CleanResult(_responses(cfg, keys, cleaned, labels, kept, weights), campaign_table, log,
                       votes.votes, votes.participants), []


def preview(cfg: Consultation) -> tuple[CleanResult | None, list[str]]:
    """What :func:`run` would write (None when there are problems) and every problem, writing nothing."""
    return _clean(cfg)


def check(cfg: Consultation) -> list[str]:
    """Every problem of the config against its data, one line each (``[]`` when the data can be cleaned).

    Lists unreadable inputs, config columns missing from a file (with close matches), unmapped
    labels with their counts, id problems (scientific notation, blanks, resubmissions with no
    ``submitted_column``) and unreadable submission dates that decide between resubmissions.
    """
    return _clean(cfg)[1]


def run(cfg: Consultation) -> CleanResult:
    """Clean the consultation's inputs and write responses.csv, campaigns.csv and cleaning_log.csv.

    Raises :class:`InputError` (one line: the first problem and how many more there are) when
    :func:`check` finds problems; nothing is written then, so earlier outputs stay intact.
    """
    result, problems = _clean(cfg)
    if problems or result is None:
        more = f" (and {len(problems) - 1} more: run 'consult check' to list them all)" if len(problems) > 1 else ""
        raise InputError(f"{problems[0]}{more}" if problems else f"{cfg.source}: no input could be read")
    out = cfg.processed_dir
    files.write_csv(result.responses, out / "responses.csv")
    files.write_csv(result.campaigns, out / "campaigns.csv")
    files.write_csv(result.log, out / "cleaning_log.csv")
    if result.polis_votes is not None and result.polis_participants is not None:
        files.write_csv(result.polis_votes, out / "polis_votes.csv")
        files.write_csv(result.polis_participants, out / "polis_participants.csv")
    return result


def question_summary(cfg: Consultation, result: CleanResult) -> pd.DataFrame:
    """Per question: answered, blank, and for free text non-answers and campaign texts (for the notebook)."""
    rows = []
    for q in cfg.questions:
        values = result.responses[q.id].fillna("").astype(str)
        row = {"question_id": q.id, "type": q.type, "answered": int(values.ne("").sum()),
               "blank": int(values.eq("").sum()), "non_answer": 0, "in_campaign": 0}
        if q.type == "free_text":
            row["non_answer"] = int(result.responses[f"{q.id}__status"].eq("non_answer").sum())
            row["in_campaign"] = int(result.responses[f"{q.id}__campaign"].fillna("").ne("").sum())
        rows.append(row)
    return pd.DataFrame(rows, columns=["question_id", "type", "answered", "blank", "non_answer", "in_campaign"])
