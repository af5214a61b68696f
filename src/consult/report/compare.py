"""Comparing two cycles of a consultation: agreement then and now, and themes that moved.

:func:`compare` reads both cycles' agreement.csv and themes.csv (docs/files.md) and gives

- ``agreement``: per closed question asked in both, the net agreement (the scale's positive
  net, e.g. "agree (net)", over everyone) then and now, the change in percentage points, and a
  pooled two-proportion z-test of the change;
- ``themes``: per free-text question asked in both, each theme matched across the cycles (same
  label, else top terms overlapping by at least half), its share then and now, the z-test, and
  ``change``: ``new``, ``gone``, ``grew``, ``shrank`` (significant at the config's
  ``agreement.significance``) or ``about the same``; and, carried from last cycle's themes.csv,
  its label then and the organisation's response then (``response_then``, ``changed_then``:
  "You said, we did", blank where it gave none), so that what was promised last time is set
  against the theme now.

:func:`run` writes them to ``cycle_agreement.csv`` and ``cycle_themes.csv`` beside this cycle's
tables; :func:`sentences` puts them in words for the report.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from consult.core.config import Consultation, previous_config
from consult.core.files import is_true, read_csv, split_terms, write_csv
from consult.core.rounding import round_half_up
from consult.core.scales import normalise_label
from consult.core.significance import two_proportion_test
from consult.themes.question import OTHER

AGREEMENT_COLUMNS = ["question_id", "question", "option", "n_then", "base_then", "pct_then", "n_now", "base_now",
                     "pct_now", "change_pp", "z", "p_value", "significant"]
THEME_COLUMNS = ["question_id", "label", "theme_id_then", "theme_id_now", "matched_by", "n_then", "base_then",
                 "pct_then", "n_now", "base_now", "pct_now", "change_pp", "p_value", "change", "label_then",
                 "response_then", "changed_then"]
MIN_TERM_OVERLAP = 0.5


@dataclass(frozen=True)
class CycleComparison:
    """The two comparison tables (columns :data:`AGREEMENT_COLUMNS` and :data:`THEME_COLUMNS`)."""

    last_id: str
    now_id: str
    agreement: pd.DataFrame
    themes: pd.DataFrame


def _tested(frame: pd.DataFrame, significance: float) -> pd.DataFrame:
    z, p = two_proportion_test(frame["n_now"], frame["base_now"], frame["n_then"], frame["base_then"])
    with np.errstate(divide="ignore", invalid="ignore"):
        now = 100.0 * frame["n_now"] / frame["base_now"].where(frame["base_now"] > 0)
        then = 100.0 * frame["n_then"] / frame["base_then"].where(frame["base_then"] > 0)
    return frame.assign(pct_then=then, pct_now=now, change_pp=now - then, z=z, p_value=p,
                        significant=pd.Series(p < significance, index=frame.index))


def compare_agreement(last: Consultation, now: Consultation) -> pd.DataFrame:
    """Net agreement per closed question asked in both cycles (same id and scale), with the z-test."""
    then = read_csv(last.processed_dir / "agreement.csv")
    current = read_csv(now.processed_dir / "agreement.csv")
    rows = []
    for question in now.questions_of("closed"):
        before = next((q for q in last.questions_of("closed") if q.id == question.id and q.scale == question.scale), None)
        scale = question.get_scale()
        if before is None or not scale.has_nets:
            continue
        picked = []
        for table in (then, current):
            hit = table[(table["question_id"] == question.id) & (table["group_by"] == "all")
                        & (table["option"] == scale.positive_net)]
            picked.append(hit.iloc[0] if len(hit) else None)
        if any(p is None for p in picked):
            continue
        rows.append({"question_id": question.id, "question": question.label, "option": scale.positive_net,
                     "n_then": int(picked[0]["n"]), "base_then": int(picked[0]["base"]),
                     "n_now": int(picked[1]["n"]), "base_now": int(picked[1]["base"])})
    frame = pd.DataFrame(rows, columns=["question_id", "question", "option", "n_then", "base_then", "n_now", "base_now"])
    return _tested(frame, now.agreement.significance)[AGREEMENT_COLUMNS]


def _match(before: pd.DataFrame, after: pd.DataFrame) -> list[tuple[int | None, int | None, str]]:
    """Pairs of row positions (then, now): same label first, then the best top-term overlap, greedily."""
    pairs, left, right = [], list(range(len(before))), list(range(len(after)))
    for i in list(left):
        key = normalise_label(before.iloc[i]["label"])
        j = next((j for j in right if normalise_label(after.iloc[j]["label"]) == key
                  or before.iloc[i]["theme_id"] == after.iloc[j]["theme_id"] == OTHER), None)
        if j is not None:
            pairs.append((i, j, "label"))
            left.remove(i)
            right.remove(j)
    scored = []
    for i in left:
        for j in right:
            a, b = set(split_terms(before.iloc[i]["top_terms"])), set(split_terms(after.iloc[j]["top_terms"]))
            overlap = len(a & b) / len(a | b) if a | b else 0.0
            if overlap >= MIN_TERM_OVERLAP:
                scored.append((-overlap, i, j))
    for _, i, j in sorted(scored):
        if i in left and j in right:
            pairs.append((i, j, "top terms"))
            left.remove(i)
            right.remove(j)
    return pairs + [(i, None, "") for i in left] + [(None, j, "") for j in right]


def _top_level(themes: pd.DataFrame) -> pd.DataFrame:
    """Themes without their sub-themes (rows with a ``parent_theme_id``): cycles compare whole themes."""
    if "parent_theme_id" not in themes:
        return themes
    return themes[themes["parent_theme_id"].fillna("").astype(str) == ""]


def _promised(before: pd.Series | None) -> dict[str, object]:
    """Last cycle's label and response to a theme (blank for a theme new now, or one it made no response to)."""
    if before is None:
        return {"label_then": "", "response_then": "", "changed_then": ""}
    response = before.get("response")
    response = str(response).strip() if isinstance(response, str) else ""
    changed = is_true(before.get("changed")) if response else ""
    return {"label_then": str(before["label"]), "response_then": response, "changed_then": changed}


def compare_themes(last: Consultation, now: Consultation) -> pd.DataFrame:
    """Themes per free-text question asked in both cycles: matched, with their shares and the change."""
    then = _top_level(read_csv(last.processed_dir / "themes.csv", dtype={"theme_id": str, "response": str}))
    current = _top_level(read_csv(now.processed_dir / "themes.csv", dtype={"theme_id": str}))
    asked_before = {q.id for q in last.questions_of("free_text")}
    rows = []
    for question in now.questions_of("free_text"):
        if question.id not in asked_before:
            continue
        before = then[then["question_id"] == question.id].reset_index(drop=True)
        after = current[current["question_id"] == question.id].reset_index(drop=True)
        base_then = int(before["base"].iloc[0]) if len(before) else 0
        base_now = int(after["base"].iloc[0]) if len(after) else 0
        for i, j, how in _match(before, after):
            b = before.iloc[i] if i is not None else None
            a = after.iloc[j] if j is not None else None
            rows.append({"question_id": question.id, "label": (a if a is not None else b)["label"],
                         "theme_id_then": b["theme_id"] if b is not None else "",
                         "theme_id_now": a["theme_id"] if a is not None else "", "matched_by": how,
                         "n_then": int(b["n"]) if b is not None else 0, "base_then": base_then,
                         "n_now": int(a["n"]) if a is not None else 0, "base_now": base_now,
                         **_promised(b)})
    carried = ["label_then", "response_then", "changed_then"]
    frame = _tested(pd.DataFrame(rows, columns=THEME_COLUMNS[:7] + ["n_now", "base_now", *carried]),
                    now.agreement.significance)
    change = np.select(
        [frame["theme_id_then"] == "", frame["theme_id_now"] == "",
         frame["significant"] & (frame["change_pp"] > 0), frame["significant"] & (frame["change_pp"] < 0)],
        ["new", "gone", "grew", "shrank"], "about the same")
    frame = frame.assign(change=change)
    order = {"grew": 0, "shrank": 1, "new": 2, "gone": 3, "about the same": 4}
    frame = frame.assign(_o=frame["change"].map(order)).sort_values(
        ["question_id", "_o", "change_pp", "label"], ascending=[True, True, False, True], kind="stable")
    return frame[THEME_COLUMNS].reset_index(drop=True)


def compare(last: Consultation, now: Consultation) -> CycleComparison:
    """Both comparisons. Raises :class:`consult.core.errors.InputError` when a cycle's tables are missing."""
    return CycleComparison(last.id, now.id, compare_agreement(last, now), compare_themes(last, now))


def run(cfg: Consultation) -> CycleComparison:
    """Compare this cycle with ``themes.previous`` and write cycle_agreement.csv and cycle_themes.csv."""
    result = compare(previous_config(cfg), cfg)
    write_csv(result.agreement, cfg.processed_dir / "cycle_agreement.csv")
    write_csv(result.themes, cfg.processed_dir / "cycle_themes.csv")
    return result


def _pct(value: float) -> str:
    return f"{int(round_half_up(value))}%"


def sentences(result: CycleComparison, names: dict[str, str] | None = None) -> list[str]:
    """The comparison in plain words, one sentence per question with a significant change or a new theme.

    ``names`` maps free-text question ids to the names prose uses for them (default: the ids).
    """
    out = []
    for row in result.agreement.itertuples():
        points = round_half_up(abs(row.change_pp))
        verdict = "significant" if row.significant else "not significant"
        p_text = "p < 0.01" if row.p_value < 0.01 else f"p = {round_half_up(row.p_value, 2):.2f}"
        out.append(f"{row.question}: {row.option} {_pct(row.pct_now)} ({row.n_now} of {row.base_now}) against "
                   f"{_pct(row.pct_then)} ({row.n_then} of {row.base_then}) in {result.last_id}, "
                   f"{'up' if row.change_pp >= 0 else 'down'} {points:g} percentage point{'' if points == 1 else 's'} "
                   f"({verdict}, {p_text}).")
    for question_id, rows in result.themes.groupby("question_id", sort=False):
        parts = []
        for change in ("grew", "shrank", "new", "gone"):
            mine = (rows["change"] == change) & (rows["theme_id_then"] != OTHER) & (rows["theme_id_now"] != OTHER)
            labels = rows.loc[mine, "label"]
            if len(labels):
                parts.append(f"{change}: {', '.join(repr(x) for x in labels)}")
        if parts:
            name = (names or {}).get(question_id, question_id)
            out.append(f"Themes in “{name}” since {result.last_id}. " + "; ".join(parts) + ".")
    return out
