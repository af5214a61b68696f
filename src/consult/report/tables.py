"""Published tables: the stage files read back, then rounded and disclosure-controlled for reports/.

:class:`ReportTables` holds the files of stages 1-3 exactly as docs/files.md describes them.
The ``*_table`` functions turn them into the frames that tables.xlsx, summary.docx and the
report notebook show: questions named by their labels, percentages rounded half up (as
fractions 0-1, so Excel formats them as percentages), and nothing that a ``[c]`` flag
suppresses. Unrounded figures stay in data/processed/.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from consult.agreement.routing import NOT_ASKED, routing_columns, was_asked
from consult.core import files, wording
from consult.core.config import Consultation, Question
from consult.core.redact import redact_text
from consult.core.rounding import format_pct, pct_int, round_half_up
from consult.themes.labels import is_various
from consult.themes.names import CATCH_ALL, NOTHING, RESERVED
from consult.themes.question import OTHER, theme_units

ALL = "all"
SUPPRESSED = "[c]"
NO_BASE = "[x]"
NOT_STATED = "(not stated)"  # blank answers, as agreement.csv names them

_EMPTY = {
    "campaigns": ["question_id", "campaign_id", "n_respondents", "text"],
    "agreement": ["question_id", "group_by", "group", "option", "n", "base", "pct", "ci_low", "ci_high",
                  "base_definition", "flag"],
    "group_tests": ["question_id", "group_by", "group", "test", "statistic", "p_value", "p_adjusted", "significant",
                    "pct_group", "pct_rest", "difference_pp"],
    "themes": ["question_id", "theme_id", "label", "top_terms", "n", "base", "pct", "sentiment", "source"],
    "theme_breakdown": ["question_id", "theme_id", "split_by", "split", "n", "base", "pct"],
    "theme_assignments": ["respondent_id", "question_id", "theme_id", "weight", "primary", "source"],
}
_TEXT = {"question_id": str, "group_by": str, "group": str, "option": str, "flag": str, "theme_id": str,
         "label": str, "split_by": str, "split": str, "respondent_id": str, "campaign_id": str, "statement_id": str,
         "participant_id": str, "opinion_group": str, "response": str, "label_then": str, "response_then": str}


_LOG_COLUMNS = ("status", "reason", "rule", "before", "after")  # the columns of cleaning_log.csv that reports count
POINT_COLUMNS = ["question_id", "text", "respondents", "campaign"]
POINT_WORDS = 40
"""A listed comment longer than this many words is shortened on a word boundary, with an ellipsis."""


@dataclass(frozen=True)
class ReportTables:
    """The files of stages 1-3 (docs/files.md), one DataFrame each.

    Of the two large files only the columns reports use are read: ``responses`` has
    ``source_file``, the attributes (and the questions routing them), the ``__campaign`` columns
    and the answers of the free-text questions (report.html lists every comment);
    ``cleaning_log`` has ``status``, ``reason`` and ``rule``. ``points`` holds those comments
    (:func:`points_made`).
    """

    responses: pd.DataFrame
    cleaning_log: pd.DataFrame
    campaigns: pd.DataFrame
    agreement: pd.DataFrame
    group_tests: pd.DataFrame
    themes: pd.DataFrame
    theme_breakdown: pd.DataFrame
    theme_assignments: pd.DataFrame
    subthemes: pd.DataFrame = field(default_factory=pd.DataFrame)  # themes.csv rows with a parent_theme_id
    model_assignments: pd.DataFrame = field(default_factory=pd.DataFrame)  # before review; = final if none
    previous_agreement: pd.DataFrame = field(default_factory=pd.DataFrame)  # last cycle's, when compared
    cycle_agreement: pd.DataFrame = field(default_factory=pd.DataFrame)  # cycle_agreement.csv
    cycle_themes: pd.DataFrame = field(default_factory=pd.DataFrame)  # cycle_themes.csv
    points: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=POINT_COLUMNS))  # see points_made
    polis_statements: pd.DataFrame = field(default_factory=pd.DataFrame)  # a Polis conversation's, else empty
    polis_participants: pd.DataFrame = field(default_factory=pd.DataFrame)  # ... polis_participants.csv

    @property
    def known_agreement(self) -> pd.DataFrame:
        """Every agreement row a percentage in the prose may trace to: this cycle's and, compared, the last."""
        return pd.concat([self.agreement, self.previous_agreement], ignore_index=True)

    @classmethod
    def read(cls, cfg: Consultation) -> ReportTables:
        """Read every stage file from ``cfg.processed_dir``.

        Files of a stage the config has nothing for (agreement without closed questions, themes
        without free text) may be absent and read as empty tables. Raises
        :class:`consult.core.errors.InputError` naming a missing file and the stage that writes it.
        """
        folder = cfg.processed_dir
        has_closed = bool(cfg.questions_of("closed", "multi_select", "choice"))
        has_text = bool(cfg.questions_of("free_text"))

        def table(name: str, needed: bool) -> pd.DataFrame:
            path = folder / f"{name}.csv"
            if not needed and not path.exists():
                return pd.DataFrame(columns=_EMPTY[name])
            return files.read_csv(path, dtype=_TEXT)

        def optional(path: Path) -> pd.DataFrame:
            return files.read_csv(path, dtype=_TEXT) if path.exists() else pd.DataFrame()

        assignments = table("theme_assignments", has_text)
        themes = table("themes", has_text)
        parent = themes["parent_theme_id"].fillna("") if "parent_theme_id" in themes else pd.Series("", themes.index)
        model = optional(folder / "theme_assignments_model.csv")
        previous = previous_processed_dir(cfg)
        profiled = {"respondent_id", "source_file", *(q.id for q in cfg.questions_of("attribute")), *cfg.groups,
                    *routing_columns(cfg, cfg.questions_of("attribute"))}
        listed = listed_questions(cfg, themes)
        texts = {q.id for q in cfg.questions_of("free_text")}  # every comment, for report.html's explorer
        responses = files.read_csv(folder / "responses.csv", dtype=str, usecols=lambda column: column in profiled
                                   or column.endswith("__campaign") or column.split("__")[0] in texts)
        return cls(
            responses=responses,
            cleaning_log=files.read_csv(folder / "cleaning_log.csv", dtype=str, usecols=lambda c: c in _LOG_COLUMNS),
            campaigns=table("campaigns", has_text),
            agreement=table("agreement", has_closed),
            group_tests=table("group_tests", has_closed and bool(cfg.groups)),
            themes=themes[parent == ""].reset_index(drop=True),
            subthemes=themes[parent != ""].reset_index(drop=True),
            theme_breakdown=table("theme_breakdown", has_text),
            theme_assignments=assignments,
            model_assignments=model if len(model) else assignments,
            previous_agreement=optional(previous / "agreement.csv") if previous else pd.DataFrame(),
            cycle_agreement=optional(folder / "cycle_agreement.csv") if previous else pd.DataFrame(),
            cycle_themes=optional(folder / "cycle_themes.csv") if previous else pd.DataFrame(),
            points=points_made(responses, cfg, listed),
            polis_statements=table("polis_statements", True) if cfg.is_polis else pd.DataFrame(),
            polis_participants=optional(folder / "polis_participants.csv") if cfg.is_polis else pd.DataFrame(),
        )


def previous_processed_dir(cfg: Consultation) -> Path | None:
    """Last cycle's data/processed/<id>/ when ``themes.previous`` names last cycle's config, else None."""
    if not cfg.themes.previous:
        return None
    from consult.core.config import previous_config

    return previous_config(cfg).processed_dir


# ---------------------------------------------------------------------------- notes
def shorthand(cfg: Consultation) -> dict[str, str]:
    """The square-bracket shorthand used in notes columns, with what each means for this config."""
    return {
        "[c]": f"suppressed: the base is under {cfg.agreement.suppress_below}, so only counts are shown",
        "[u]": f"low reliability: the base is under {cfg.agreement.small_base}; read with care",
        "[low]": "rounds to 0% but is not zero",
        "[x]": "not available: no one is in the base",
        "[z]": "not applicable",
    }


def table_notes(cfg: Consultation) -> list[str]:
    """The notes printed under every published table."""
    return [
        "Percentages are rounded half up to whole numbers and may not sum to 100 due to rounding.",
        *(f"{code} {meaning}." for code, meaning in shorthand(cfg).items()),
    ]


# ---------------------------------------------------------------------------- helpers
def fraction(pct: object) -> float:
    """A 0-100 percentage as the rounded 0-1 fraction a published table holds (NaN stays NaN)."""
    value = pd.to_numeric(pct, errors="coerce")
    return math.nan if pd.isna(value) else round_half_up(float(value)) / 100


def is_weighted(row: pd.Series) -> bool:
    """Whether a row of agreement.csv is weighted: its ``pct`` is a share of the weights, not ``n`` of ``base``."""
    return "n_weighted" in row.index and pd.notna(pd.to_numeric(row["n_weighted"], errors="coerce"))


def shown_pct(row: pd.Series) -> int:
    """The whole-number percentage a row of agreement.csv shows (rounded half up)."""
    if is_weighted(row):
        return int(round_half_up(float(row["pct"])))
    return pct_int(int(row["n"]), int(row["base"]))


def pct_text(row: pd.Series) -> str:
    """A row of agreement.csv's percentage with its base, as prose and tables give it: ``"75% (6 of 8)"``,
    or for weighted figures ``"41% (weighted; base 854)"``, the base being the respondents counted."""
    if is_weighted(row):
        return f"{shown_pct(row)}% (weighted; base {int(row['base']):,})"
    return format_pct(int(row["n"]), int(row["base"]))


def is_shown(flag: object) -> bool:
    """Whether a row's percentage may be published (not suppressed, and there is a base)."""
    return str(flag if isinstance(flag, str) else "") not in (SUPPRESSED, NO_BASE)


def flag_text(flag: object) -> str:
    """The flag as text, blank when there is none."""
    return flag if isinstance(flag, str) else ""


def question_label(cfg: Consultation, question_id: str) -> str:
    """The question's label from the config, or its id when the config no longer has it."""
    try:
        return cfg.question(question_id).label
    except KeyError:
        return question_id


def grouping_label(cfg: Consultation, group_by: str) -> str:
    """``All respondents`` for the overall rows, else the attribute's label."""
    return "All respondents" if group_by == ALL else question_label(cfg, group_by)


def reason_kind(reason: object) -> str:
    """The kind of a cleaning-log reason, without row numbers: ``"exact duplicate of raw row 17"``
    becomes ``"exact duplicate"``, ``"resubmission: later submission kept (raw row 40)"`` becomes
    ``"resubmission"``."""
    text = re.split(r"[:(]| of raw row| raw row", str(reason))[0].strip()
    return text or "not given"


# ---------------------------------------------------------------------------- tables
def attribute_answers(responses: pd.DataFrame, question: Question, cfg: Consultation) -> pd.Series:
    """Each response's answer to an attribute: blanks as ``(not stated)``, and as ``(not asked)`` where
    a routed attribute (``asked_if``) was not asked (:func:`consult.agreement.table.was_asked`)."""
    values = responses[question.id]
    stated = values.fillna(NOT_STATED)
    if question.asked_if is None:
        return stated
    return stated.where(was_asked(responses, question, cfg), NOT_ASKED)


def profile_table(tables: ReportTables, cfg: Consultation) -> pd.DataFrame:
    """Who responded: counts of responses by source file and by each attribute's answers.

    Columns ``Question``, ``Answer``, ``Responses``; blank answers count as ``(not stated)``, and
    those a routed attribute was not asked as ``(not asked)``, last. Equality-monitoring attributes (those
    with a ``characteristic``) are left to the equality section, which suppresses their small counts.
    Counts only: percentages in reports trace to agreement.csv.
    """
    responses = tables.responses
    rows = [("All responses", "Total", len(responses))]
    if "source_file" in responses.columns:
        rows.extend(_counted_rows("Source file", responses["source_file"].fillna(NOT_STATED)))
    for question in cfg.questions_of("attribute"):
        if question.id in responses.columns and not question.characteristic:
            rows.extend(_counted_rows(question.label, attribute_answers(responses, question, cfg)))
    return pd.DataFrame(rows, columns=["Question", "Answer", "Responses"])


def _counted_rows(label: str, answers: pd.Series) -> list[tuple[str, str, int]]:
    counts = answers.value_counts()
    ordered = sorted(counts.items(), key=lambda item: (item[0] == NOT_ASKED, -item[1], item[0]))
    return [(label, value, int(n)) for value, n in ordered]


def agreement_table(tables: ReportTables, cfg: Consultation) -> pd.DataFrame:
    """agreement.csv for publication: labels, rounded percentages (fractions), ``[c]`` rows without them;
    with a routed question, an ``Asked`` column (respondents asked, per group) after ``Base``."""
    frame = tables.agreement
    shown = frame["flag"].map(is_shown)
    level = f"{round_half_up(cfg.agreement.confidence * 100):g}%"
    table = pd.DataFrame({
        "Question": frame["question_id"].map(lambda q: question_label(cfg, q)),
        "Group by": frame["group_by"].map(lambda g: grouping_label(cfg, g)),
        "Group": frame["group"].where(frame["group"] != ALL, "All"),
        "Answer": frame["option"],
        "Respondents": frame["n"].astype(int),
        "Base": frame["base"].astype(int),
        "Percentage": [fraction(p) if ok else math.nan for p, ok in zip(frame["pct"], shown)],
        f"{level} CI lower": [fraction(p) if ok else math.nan for p, ok in zip(frame["ci_low"], shown)],
        f"{level} CI upper": [fraction(p) if ok else math.nan for p, ok in zip(frame["ci_high"], shown)],
        "Base definition": frame["base_definition"],
        "Notes": frame["flag"].map(flag_text),
    })
    if "asked" in frame.columns:
        table.insert(table.columns.get_loc("Base") + 1, "Asked", pd.to_numeric(frame["asked"]).astype(int))
    return table


def group_tests_table(tables: ReportTables, cfg: Consultation) -> pd.DataFrame:
    """group_tests.csv for publication: rounded figures; a suppressed group's percentages blanked."""
    frame = tables.group_tests
    flags = frame["flag"] if "flag" in frame.columns else pd.Series("", index=frame.index)
    shown = flags.map(is_shown)

    def pct(column: str) -> list[float]:
        return [fraction(p) if ok else math.nan for p, ok in zip(frame[column], shown)]

    return pd.DataFrame({
        "Question": frame["question_id"].map(lambda q: question_label(cfg, q)),
        "Group by": frame["group_by"].map(lambda g: grouping_label(cfg, g)),
        "Group": frame["group"].where(frame["group"] != ALL, "All (overall test)"),
        "Test": frame["test"],
        "Statistic": frame["statistic"].map(lambda v: round_half_up(v, 3)),
        "p-value": frame["p_value"].map(lambda v: round_half_up(v, 4)),
        "p-value (Holm-adjusted)": frame.get("p_adjusted", frame["p_value"]).map(lambda v: round_half_up(v, 4)),
        "Significant": frame["significant"].map(files.is_true).map({True: "Yes", False: "No"}),
        "Group %": pct("pct_group"),
        "Rest %": pct("pct_rest"),
        "Difference (percentage points)": [round_half_up(d) if ok else math.nan
                                           for d, ok in zip(pd.to_numeric(frame["difference_pp"]), shown)],
        "Notes": flags.map(flag_text),
    })


def quote_columns(themes: pd.DataFrame) -> list[str]:
    """The ``quote_N`` columns present, in order."""
    return sorted((c for c in themes.columns if re.fullmatch(r"quote_\d+", c)), key=lambda c: int(c[6:]))


def clean_quote(text: object) -> str:
    """A quote for publication: redacted again (defence in depth), on one line, blank if none.

    The apostrophe that :func:`consult.core.files.neutralise_formula` put before a leading ``=``,
    ``+``, ``-`` or ``@`` in the CSV is taken off: prose is not a spreadsheet, and the
    workbook writer neutralises such text again.
    """
    if not isinstance(text, str):
        return ""
    if text.startswith("'") and text[1:2] in ("=", "+", "-", "@"):
        text = text[1:]
    return " ".join(redact_text(text).split())


def first_quote(theme: pd.Series, columns: list[str], min_words: int = 3) -> str:
    """The theme's first publishable quote: cleaned, with at least ``min_words`` words (not just ``[email]``)."""
    for column in columns:
        quote = clean_quote(theme[column])
        if len(quote.split()) >= min_words:
            return quote
    return ""


def themes_table(tables: ReportTables, cfg: Consultation) -> pd.DataFrame:
    """themes.csv for publication: biggest theme first within each question, ``other`` last; with a
    ``Tentative`` column ("Yes" on the themes of a question with few comments) when there is one."""
    frame = ordered_themes(tables.themes)
    listed = listed_questions(cfg, tables.themes)
    table = pd.DataFrame({
        "Question": frame["question_id"].map(lambda q: question_label(cfg, q)),
        "Theme": frame["theme_id"],
        "Label": frame["label"],
        "Responses": frame["n"].astype(int),
        "Base": frame["base"].astype(int),
        "Percentage": frame["pct"].map(fraction),
        "Mean sentiment": frame["sentiment"].map(lambda v: round_half_up(v, 2)),
        "Top terms": frame["top_terms"].astype(object).fillna(""),
        "Source": frame["source"].astype(object).fillna(""),
    })
    for number, column in enumerate(quote_columns(frame), start=1):
        table[f"Quote {number}"] = frame[column].map(clean_quote)
    tentative = frame["question_id"].isin(listed) & ~frame["theme_id"].isin(RESERVED)
    if tentative.any():
        table.insert(table.columns.get_loc("Label") + 1, "Tentative", tentative.map({True: "Yes", False: ""}))
    return table


def subthemes_table(tables: ReportTables, cfg: Consultation) -> pd.DataFrame:
    """Sub-themes of the large themes for publication, each under its theme's label."""
    frame = tables.subthemes
    labels = {(q, t): label for q, t, label in zip(tables.themes["question_id"], tables.themes["theme_id"],
                                                   tables.themes["label"])}
    table = pd.DataFrame({
        "Question": frame["question_id"].map(lambda q: question_label(cfg, q)),
        "Theme": [labels.get((q, p), p) for q, p in zip(frame["question_id"], frame["parent_theme_id"])],
        "Sub-theme": frame["label"],
        "Responses": frame["n"].astype(int),
        "Base": frame["base"].astype(int),
        "Percentage": frame["pct"].map(fraction),
    })
    for number, column in enumerate(quote_columns(frame), start=1):
        table[f"Quote {number}"] = frame[column].map(clean_quote)
    return table


def comments_count(themes: pd.DataFrame, question_id: str) -> int:
    """The comments themed for a question (themes.csv's ``base``: distinct answers, a campaign once); 0 when none."""
    base = pd.to_numeric(themes.loc[themes["question_id"] == question_id, "base"])
    return int(base.max()) if len(base) else 0


def listed_questions(cfg: Consultation, themes: pd.DataFrame) -> list[str]:
    """The free-text questions whose every comment the report lists: fewer comments than
    ``themes.list_points_below`` (:func:`comments_count`), too few for themes to be found reliably."""
    return [q.id for q in cfg.questions_of("free_text")
            if comments_count(themes, q.id) < cfg.themes.list_points_below]


def points_made(responses: pd.DataFrame, cfg: Consultation, question_ids: list[str]) -> pd.DataFrame:
    """Every comment made to the listed questions, once: ``question_id``, ``text`` (redacted again, on one
    line: :func:`clean_quote`), ``respondents`` (who made it: a campaign's members, or those who wrote
    the same words) and ``campaign`` (True for campaign wording); most respondents first, then in
    the order of responses.csv. Comments are the answers the themes stage themes (not blanks or
    non-answers; a campaign once, in its first member's words).

    Raises :class:`consult.core.errors.InputError` when responses.csv lacks a question's columns.
    """
    frames = []
    for question_id in question_ids:
        answered, rows, texts = theme_units(responses, cfg.question(question_id))
        campaign_column = f"{question_id}__campaign"
        in_campaign = (answered[campaign_column].notna() if campaign_column in answered
                       else pd.Series(False, index=answered.index)).to_numpy()
        units = pd.DataFrame({"text": pd.Series([clean_quote(t) for t in texts], dtype=object),
                              "respondents": np.bincount(rows, minlength=len(texts)),
                              "campaign": np.bincount(rows, weights=in_campaign, minlength=len(texts)) > 0})
        units = units[units["text"] != ""]
        key = units["text"].map(str.casefold)  # the same words from different respondents: one point
        merged = units.groupby(key, sort=False).agg(text=("text", "first"), respondents=("respondents", "sum"),
                                                     campaign=("campaign", "any")).reset_index(drop=True)
        merged = merged.assign(_order=range(len(merged))).sort_values(["respondents", "_order"],
                                                                       ascending=[False, True], kind="stable")
        frames.append(merged.drop(columns="_order").assign(question_id=question_id)[POINT_COLUMNS])
    points = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=POINT_COLUMNS)
    return points.astype({"respondents": int, "campaign": bool})


def points_table(tables: ReportTables, cfg: Consultation) -> pd.DataFrame:
    """The points made, for publication: ``Question``, ``Comment`` (shortened to :data:`POINT_WORDS`
    words), ``Respondents``, ``Campaign`` ("Yes" for campaign wording)."""
    frame = tables.points
    return pd.DataFrame({
        "Question": frame["question_id"].map(lambda q: question_label(cfg, q)),
        "Comment": frame["text"].map(lambda t: wording.shorten(t, POINT_WORDS)),
        "Respondents": frame["respondents"].astype(int),
        "Campaign": frame["campaign"].map({True: "Yes", False: ""}),
    })


def ordered_themes(themes: pd.DataFrame) -> pd.DataFrame:
    """Themes in question order as they come, then by size (largest first); themes the model could not
    name ("Various comments about …", :func:`consult.themes.labels.is_various`) and a catch-all
    (:data:`CATCH_ALL`), then ``nothing`` and ``other`` last, in that order."""
    order = {q: i for i, q in enumerate(dict.fromkeys(themes["question_id"]))}
    label = themes["label"].fillna("").astype(str)
    last = label.map(is_various).astype(int).mask(label.str.startswith(CATCH_ALL), 2)
    last = last.mask(themes["theme_id"] == NOTHING, 3).mask(themes["theme_id"] == OTHER, 4)
    keyed = themes.assign(_q=themes["question_id"].map(order), _other=last,
                          _n=-pd.to_numeric(themes["n"]))
    return keyed.sort_values(["_q", "_other", "_n", "theme_id"], kind="stable").drop(
        columns=["_q", "_other", "_n"]).reset_index(drop=True)


def breakdown_table(tables: ReportTables, cfg: Consultation) -> pd.DataFrame:
    """theme_breakdown.csv for publication, with question, theme and split labels."""
    frame = tables.theme_breakdown
    labels = dict(zip(zip(tables.themes["question_id"], tables.themes["theme_id"]), tables.themes["label"]))
    return pd.DataFrame({
        "Question": frame["question_id"].map(lambda q: question_label(cfg, q)),
        "Theme": frame["theme_id"],
        "Label": [labels.get(key, "") for key in zip(frame["question_id"], frame["theme_id"])],
        "Split by": frame["split_by"].map(lambda q: question_label(cfg, q)),
        "Split": frame["split"],
        "Responses": frame["n"].astype(int),
        "Base": frame["base"].astype(int),
        "Percentage": frame["pct"].map(fraction),
    })


def campaigns_table(tables: ReportTables, cfg: Consultation) -> pd.DataFrame:
    """campaigns.csv with question labels; the texts redacted again."""
    frame = tables.campaigns
    return pd.DataFrame({
        "Question": frame["question_id"].map(lambda q: question_label(cfg, q)),
        "Campaign": frame["campaign_id"],
        "Respondents": frame["n_respondents"].astype(int),
        "Text": frame["text"].map(clean_quote),
    })


def cleaning_table(tables: ReportTables) -> pd.DataFrame:
    """The cleaning log summed up: rows read, kept, excluded by kind of reason, values changed by rule."""
    log = tables.cleaning_log
    status = log["status"]
    kept, excluded = log[status == "kept"], log[status == "excluded"]
    changed = log[status == "changed"]
    rows = [("Rows read", "all data rows in the export files", len(kept) + len(excluded)),
            ("Kept", "responses analysed", len(kept))]
    for kind, n in sorted(excluded["reason"].map(reason_kind).value_counts().items(), key=lambda i: (-i[1], i[0])):
        rows.append(("Excluded", kind, int(n)))
    rule = changed["rule"] if "rule" in changed.columns else pd.Series(dtype=str)
    for name, n in sorted(rule.fillna("other").value_counts().items(), key=lambda i: (-i[1], i[0])):
        rows.append(("Value changed", name, int(n)))
    return pd.DataFrame(rows, columns=["Step", "Detail", "Rows"])
