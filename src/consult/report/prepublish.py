"""Before publishing: what a person should look at in a consultation's outputs before they go out.

:func:`before_publishing` reads the config, the decisions file and the files of stages 2-4 and
lists, one :class:`Item` each (``consult check`` prints them; ``consult run`` prints them at its end):

- catch-all themes: a theme the model could name only as "Mixed: …", a label that reads as one
  ("General comments", "Miscellaneous"), a theme a reviewer's note calls a catch-all, and
  ``other`` holding more than :data:`consult.themes.checks.MAX_OTHER_SHARE` of a question's
  comments and more than any theme (where comments are themed, not listed one by one); those that
  lead their question's list (the summary names it first) come first;
- labels left as the model wrote them (not renamed or signed off), per question, the largest first;
- placeholder text (:data:`PLACEHOLDER`) in the config's prose, the decisions file and summary.md;
- reviewers' notes that ask for action (:data:`ACTION_WORDS`) on themes no later decision changed;
- review decisions that no longer (fully) apply (stale, partly applied), with the reason, and
  themes.csv older than the decisions file;
- cells suppressed for small bases ([c]) in each published table.

A list whose files are not there yet is named as needing a run, never an error.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from consult.core import wording
from consult.core.config import Consultation
from consult.core.files import is_true, read_csv
from consult.report.tables import SUPPRESSED, listed_questions, ordered_themes, question_label
from consult.review import decisions as review
from consult.themes.checks import MAX_OTHER_SHARE
from consult.themes.names import RESERVED
from consult.themes.question import OTHER

PLACEHOLDER = re.compile(r"\bEDIT:|\bTODO\b|\bTBC\b|\bXXX+\b|(?i:lorem ipsum|\[placeholder\])")
"""Text left to be filled in: "EDIT:", "TODO", "TBC", "XXX" (as capitals), "lorem ipsum", "[placeholder]"."""

ACTION_WORDS = re.compile(r"(?i)\b(split|splitting|merge|merging|check|wrong|fix|rename|renaming)\b")
"""A reviewer's note with one of these words asks for something still to be done."""

CATCH_ALL_LABEL = re.compile(r"(?i)^\s*(mixed\s*:|misc(ellaneous)?\b|various\b|catch-all\b|"
                             r"(general|other) (comments|points|issues|feedback)\b)")
"""A label that says its theme gathers unrelated points: the model's "Mixed: …", or a person's "General comments"."""

CATCH_ALL_NOTE = re.compile(r"(?i)\b(catch[- ]all|too broad|mixed bag)\b")

CHANGES = {"rename", "merge", "split", "drop", "mark_reviewed"}
"""Decisions that answer a note on the same theme made before them."""

SKIPPED_KEYS = {"inputs", "column", "option_columns", "options", "synonyms", "id_column", "submitted_column",
                "filter", "polis", "cleaning", "stop_words", "keywords", "examples", "previous", "template"}
"""Config keys naming the export's columns and values, or files: their text is the data's, not the analyst's."""

REVIEW_SCREEN = "notebooks/review_themes.ipynb"
TOP = 3  # labels named per question


@dataclass(frozen=True)
class Item:
    """One thing to look at: its ``kind``, ``where`` it is (question, theme, file) and ``what`` to do."""

    kind: str
    where: str
    what: str

    def __str__(self) -> str:
        return f"{self.kind}: {self.where}: {self.what}"


def _quoted(text: object) -> str:
    return f"“{wording.shorten(str(text), 8)}”"


def _parent(themes: pd.DataFrame) -> pd.Series:
    """themes.csv's ``parent_theme_id`` as text, blank for a theme (and where the column is missing)."""
    if "parent_theme_id" not in themes:
        return pd.Series("", index=themes.index)
    return themes["parent_theme_id"].astype("string").fillna("").astype(str)


def _named(themes: pd.DataFrame) -> pd.DataFrame:
    """The published themes of themes.csv: not sub-themes, not ``other`` or ``nothing``, raised at least once, in
    report order."""
    top = themes[(_parent(themes) == "") & ~themes["theme_id"].isin(RESERVED) & (pd.to_numeric(themes["n"]) > 0)]
    return ordered_themes(top)


def _theme(row: pd.Series) -> str:
    return f"{row['question_id']} {row['theme_id']} {_quoted(row['label'])}"


# ---------------------------------------------------------------------------- the lists
def catch_all_themes(themes: pd.DataFrame, cfg: Consultation) -> list[Item]:
    """Themes of themes.csv that gather unrelated points (see the module docstring), leading ones first."""
    found: list[tuple[bool, Item]] = []
    named = _named(themes)
    subs = themes.assign(parent_theme_id=_parent(themes))
    for question_id, mine in named.groupby("question_id", sort=False):
        label = _quoted(question_label(cfg, str(question_id)))
        for place, (_, row) in enumerate(mine.iterrows()):
            notes = str(row.get("note", "") if pd.notna(row.get("note", "")) else "")
            why = ("the model found no one phrase for it" if str(row["label"]).startswith("Mixed: ")
                   else "its label reads as a catch-all" if CATCH_ALL_LABEL.search(str(row["label"]))
                   else "a reviewer's note calls it a catch-all" if CATCH_ALL_NOTE.search(notes) else "")
            if not why:
                continue
            at = ("leads the list" if place == 0 else f"is number {place + 1} of {len(mine)}") + f" for {label}"
            parts = subs[(subs["question_id"] == question_id) & (subs["parent_theme_id"] == row["theme_id"])]["label"]
            within = f" (its sub-themes: {', '.join(map(_quoted, parts))})" if len(parts) else ""
            found.append((place == 0, Item("catch-all theme", _theme(row), (
                f"{at} ({wording.count(int(row['n']), 'comment', 0)}) and {why}: split it{within} or rename it to say "
                f"what it holds ({REVIEW_SCREEN}), or say in the report that it gathers several points"))))
    others = themes[(themes["theme_id"] == OTHER) & ~themes["question_id"].isin(listed_questions(cfg, themes))]
    for _, row in others.iterrows():
        n, base = int(pd.to_numeric(row["n"])), int(pd.to_numeric(row["base"]))
        largest = pd.to_numeric(named.loc[named["question_id"] == row["question_id"], "n"]).max()
        if base and n > MAX_OTHER_SHARE * base and n >= largest:
            found.append((True, Item("catch-all theme", f"{row['question_id']} other", (
                f"{n:,} of the {base:,} comments on {_quoted(question_label(cfg, str(row['question_id'])))} fit no "
                f"theme, more than any theme holds ({int(largest):,}): read them for themes the model missed "
                f"({REVIEW_SCREEN}), or say in the report what they were about"))))
    return [item for leads, item in sorted(found, key=lambda pair: not pair[0])]


def model_labels(themes: pd.DataFrame, decisions: review.Decisions, cfg: Consultation) -> list[Item]:
    """Per question, the themes whose labels are still the model's (not renamed or signed off), largest first."""
    named = _named(themes)
    named = named.assign(_by=review.label_sources(named, decisions))
    items = []
    for question_id, mine in named.groupby("question_id", sort=False):
        left = mine[mine["_by"] == review.MODEL]
        if left.empty:
            continue
        largest = ", ".join(f"{_quoted(r.label)} ({int(r.n)})" for r in left.head(TOP).itertuples())
        items.append(Item("model labels", f"{question_id} {_quoted(question_label(cfg, str(question_id)))}", (
            f"{len(left)} of {len(mine)} theme labels are as the model wrote them (not renamed or signed off), "
            f"{'the largest ' if len(left) > 1 else ''}{largest}: read their quotes and rename or sign them off "
            f"({REVIEW_SCREEN})")))
    return items


def placeholders(texts: list[tuple[str, str]]) -> list[Item]:
    """Each ``(where, text)`` holding placeholder text (:data:`PLACEHOLDER`), with the text around it; a text
    that holds one already listed (summary.md's line quoting a flagged title or label) is not listed again."""
    items: list[Item] = []
    flagged: list[str] = []
    for where, text in texts:
        match = PLACEHOLDER.search(text)
        if match and not any(seen in text.casefold() for seen in flagged):
            flagged.append(text.strip().casefold())
            start, end = max(0, match.start() - 40), match.end() + 40
            around = ("…" if start else "") + text[start:end].strip() + ("…" if end < len(text) else "")
            items.append(Item("placeholder text", where, f"“{' '.join(around.split())}”: write the final wording"))
    return items


def config_texts(cfg: Consultation, shown: str) -> list[tuple[str, str]]:
    """The config's prose (title, statements, labels, the report's wording), each ``(where, text)``;
    the keys naming the export's columns and values (:data:`SKIPPED_KEYS`) are left out."""
    def walk(value: object, where: str) -> Iterator[tuple[str, str]]:
        if isinstance(value, str):
            yield f"{shown} {where}", value
        elif isinstance(value, dict):
            for key, inner in value.items():
                if key not in SKIPPED_KEYS:
                    yield from walk(inner, f"{where}.{key}" if where else str(key))
        elif isinstance(value, list):
            for number, inner in enumerate(value):
                name = inner.get("id") or inner.get("name") if isinstance(inner, dict) else None
                yield from walk(inner, f"{where}[{name or number}]")

    return list(walk(cfg.model_dump(mode="json"), ""))


def review_texts(decisions: review.Decisions, shown: str) -> list[tuple[str, str]]:
    """The labels and notes a reviewer wrote, each ``(where, text)`` naming the decision by number."""
    texts = []
    for number, decision in enumerate(decisions.items, start=1):
        theme = f"{decision.question_id} {_quoted(decision.theme.label)}"
        where = f"{shown} decision {number} ({decision.action} on {theme})"
        texts += [(where, text) for text in (decision.label, decision.text, *(p.label for p in decision.parts)) if text]
    return texts


def summary_texts(path: Path, shown: str) -> list[tuple[str, str]]:
    """Each line of summary.md, as ``(where, line)``."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [(f"{shown} line {number}", line) for number, line in enumerate(lines, start=1)]


def action_notes(themes: pd.DataFrame, decisions: review.Decisions, log: pd.DataFrame) -> list[Item]:
    """Reviewers' notes asking for action (:data:`ACTION_WORDS`) on a theme no later decision changed.

    ``log`` is the re-applied decisions' log (:attr:`consult.review.decisions.ReviewOutcome.log`);
    a note whose theme a later rename, merge, split, drop or sign-off reached is taken as answered.
    """
    labels = dict(zip(zip(themes["question_id"], themes["theme_id"]), themes["label"]))
    done = log[log["status"] != "stale"]
    items = []
    for row in done[done["action"] == "note"].itertuples():
        text = decisions.items[int(row.decision) - 1].text or ""
        later = done[(done["decision"] > row.decision) & (done["question_id"] == row.question_id)
                     & (done["theme_now"] == row.theme_now) & done["action"].isin(CHANGES)]
        key = (row.question_id, row.theme_now)
        if ACTION_WORDS.search(text) and later.empty and key in labels:
            items.append(Item("reviewer's note", f"{row.question_id} {row.theme_now} {_quoted(labels[key])}", (
                f"“{' '.join(text.split())}” ({row.who}, {str(row.when)[:10]}) asks for action and the theme has not "
                f"changed since: do it, or sign the theme off ({REVIEW_SCREEN})")))
    return items


def stale_decisions(log: pd.DataFrame, decisions: review.Decisions, shown: str) -> list[Item]:
    """The review decisions that no longer apply, or apply only in part, with the reason."""
    items = []
    for row in log[log["status"] != "applied"].itertuples():
        decision = decisions.items[int(row.decision) - 1]
        items.append(Item("stale decision", f"{shown} decision {row.decision} ({row.question_id})", (
            f"{decision.describe()} ({row.who}, {str(row.when)[:10]}) is {row.status}: {row.reason}; decide again "
            f"in {REVIEW_SCREEN} or remove it from the file")))
    return items


def suppressed_cells(agreement: pd.DataFrame, group_tests: pd.DataFrame, cfg: Consultation) -> list[Item]:
    """Per published table, how many percentages are suppressed [c] for small bases, and where most are."""
    items = []
    for sheet, frame in (("Agreement", agreement), ("Group tests", group_tests)):
        if frame.empty or "flag" not in frame:
            continue
        hidden = frame[frame["flag"].fillna("") == SUPPRESSED]
        if hidden.empty:
            continue
        by = hidden.groupby(["question_id", "group_by"], sort=False).size().sort_values(ascending=False, kind="stable")
        most = ", ".join(f"{q} by {_quoted(question_label(cfg, g)) if g != 'all' else 'all'} ({n})"
                         for (q, g), n in by.head(TOP).items())
        items.append(Item("suppressed cells", f"tables.xlsx {sheet}", (
            f"{len(hidden):,} of {len(frame):,} rows have their percentages suppressed [c] for a base under "
            f"{cfg.agreement.suppress_below} (agreement.suppress_below), most in {most}: readers see only counts "
            "there, so make sure the text does not rest on them")))
    return items


def out_of_date(themes: pd.DataFrame, outcome: review.ReviewOutcome, shown: str, run: str) -> list[Item]:
    """An item when themes.csv does not hold what the decisions file gives now (decided since the last run)."""
    def key(frame: pd.DataFrame) -> set[tuple[str, str, str, bool]]:
        rows = frame[_parent(frame) == ""]
        return set(zip(rows["question_id"], rows["theme_id"], rows["label"].astype(str), rows["reviewed"].map(is_true)))

    if key(themes) == key(outcome.themes):
        return []
    return [Item("needs a run", "themes.csv", f"the decisions in {shown} have changed since the themes stage ran: "
                 f"run {run} --from themes, then check again")]


# ---------------------------------------------------------------------------- all of them
def _shown(cfg: Consultation, path: Path) -> str:
    try:
        return path.resolve().relative_to(cfg.project_root.resolve()).as_posix()
    except ValueError:
        return str(path)


def _outcome(cfg: Consultation, decisions: review.Decisions) -> review.ReviewOutcome | None:
    """The decisions re-applied to the model's own themes, as the themes stage applies them; None without its files."""
    from consult.themes.stage import columns_read  # imported only when there are decisions: it loads the theme model

    themes_path, assignments_path = review.model_paths(cfg)
    responses_path = cfg.processed_dir / "responses.csv"
    if not (themes_path.exists() and assignments_path.exists() and responses_path.exists()):
        return None
    return review.apply(read_csv(themes_path, dtype={"respondent_id": str, "question_id": str, "theme_id": str}),
                        read_csv(assignments_path, dtype={"respondent_id": str, "question_id": str, "theme_id": str}),
                        decisions, read_csv(responses_path, dtype=str, usecols=columns_read(cfg)))


def before_publishing(cfg: Consultation) -> list[Item]:
    """Everything :mod:`this module <consult.report.prepublish>` lists for ``cfg``, in that order, after a
    ``needs a run`` item for each list whose files are not there yet.

    Raises :class:`consult.review.decisions.ReviewError` when the decisions file is not valid.
    """
    folder, shown = cfg.processed_dir, _shown(cfg, Path(cfg.source)) if cfg.source else f"{cfg.id}.yaml"
    run = f"consult run {shown}"
    decisions, review_shown = review.load(cfg), _shown(cfg, cfg.review_path)
    waiting: list[Item] = []
    items: list[Item] = []
    texts = config_texts(cfg, shown) + review_texts(decisions, review_shown)
    labels: list[Item] = []
    themes_path = folder / "themes.csv"
    if cfg.questions_of("free_text") and not themes_path.exists():
        waiting.append(Item("needs a run", _shown(cfg, themes_path), "catch-all themes, model labels, reviewers' notes "
                            f"and stale decisions are listed once the themes stage has run ({run})"))
    elif cfg.questions_of("free_text"):
        themes = read_csv(themes_path, dtype={"question_id": str, "theme_id": str, "label": str, "note": str})
        items += catch_all_themes(themes, cfg)
        outcome = _outcome(cfg, decisions) if len(decisions) else None
        if outcome is not None:
            items += action_notes(themes, decisions, outcome.log)
            items += stale_decisions(outcome.log, decisions, review_shown)
            items += out_of_date(themes, outcome, review_shown, run)
        elif len(decisions):
            waiting.append(Item("needs a run", _shown(cfg, review.model_paths(cfg)[0]), "reviewers' notes and stale "
                                f"decisions are listed once the themes stage has run ({run} --from themes)"))
        texts += [(f"{_shown(cfg, themes_path)} {r.question_id} {r.theme_id}", str(r.label))
                  for r in themes.itertuples()]
        labels = model_labels(themes, decisions, cfg)
    summary_path = cfg.reports_dir / "summary.md"
    if summary_path.exists():
        texts += summary_texts(summary_path, _shown(cfg, summary_path))
    else:
        waiting.append(Item("needs a run", _shown(cfg, summary_path), "placeholder text in the written summary is "
                            f"looked for once the report stage has run ({run})"))
    items += placeholders(texts) + labels
    agreement_path, tests_path = folder / "agreement.csv", folder / "group_tests.csv"
    if (cfg.questions_of("closed", "multi_select", "choice") or cfg.is_polis) and not agreement_path.exists():
        waiting.append(Item("needs a run", _shown(cfg, agreement_path), "suppressed cells are counted once the "
                            f"agreement stage has run ({run})"))
    elif agreement_path.exists():
        tests = read_csv(tests_path, dtype={"flag": str}) if tests_path.exists() else pd.DataFrame()
        items += suppressed_cells(read_csv(agreement_path, dtype={"flag": str}), tests, cfg)
    return waiting + items
