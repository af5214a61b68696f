"""The Polis heat map: the most-voted statements by opinion group (matplotlib, house style of
:mod:`consult.report.charts`).

Rows are the ``polis.chart_statements`` statements with most votes (the caption says how many of
how many); columns are all participants, then each opinion group. Each cell shows the share of the
group's voters who agreed; its colour runs from orange (more disagreed than agreed) through white
to blue (more agreed), by agree minus disagree. Cells with a base under ``agreement.suppress_below``
are grey and say ``[c]``; cells nobody voted in say ``[x]``.
"""

from __future__ import annotations

import pandas as pd
from matplotlib.colors import LinearSegmentedColormap, to_hex
from matplotlib.patches import Rectangle

from consult.clean.polis_stage import OPINION_GROUP
from consult.core.config import Consultation
from consult.report.charts import (
    A4_TEXT_HEIGHT_IN,
    FONT_SIZE,
    NOT_SUBSTANTIVE,
    OKABE_ITO,
    Chart,
    _figure,
    _pct,
    _styled,
    _text_colour,
    _wrap,
)
from consult.report.tables import ALL, clean_quote, is_shown

NAME = "polis_statements"
_COLOURS = LinearSegmentedColormap.from_list("agree_disagree", [OKABE_ITO[1], "#ffffff", OKABE_ITO[0]])
_LABEL_CHARS = 60


def top_statements(statements: pd.DataFrame, count: int) -> pd.DataFrame:
    """The ``count`` statements with most votes (ties: lower id first), from polis_statements.csv rows."""
    keyed = statements.assign(_votes=-pd.to_numeric(statements["base"]),
                              _id=pd.to_numeric(statements["statement_id"], errors="coerce"))
    return keyed.sort_values(["_votes", "_id"], kind="stable").head(count).drop(columns=["_votes", "_id"])


def _label(row: pd.Series) -> str:
    text = clean_quote(row["statement"])
    text = text if len(text) <= _LABEL_CHARS else text[: _LABEL_CHARS - 1].rstrip() + "…"
    return f"#{row['statement_id']} {text}"


@_styled
def heat_map(statements: pd.DataFrame, agreement: pd.DataFrame, cfg: Consultation) -> Chart:
    """The heat map of the most-voted statements (rows of polis_statements.csv) by opinion group,
    from agreement.csv's ``all`` and ``opinion_group`` rows. Raises ``ValueError`` without statements."""
    shown = top_statements(statements, cfg.polis.chart_statements)
    if shown.empty:
        raise ValueError("no statements to chart")
    ids = shown["statement_id"].astype(str).tolist()
    rows = agreement[agreement["question_id"].astype(str).isin(ids)
                     & agreement["group_by"].isin([ALL, OPINION_GROUP])]
    wide = rows.pivot_table(index=["question_id", "group"], columns="option", values=["n", "base"], aggfunc="first")
    groups = [ALL, *sorted(rows.loc[rows["group_by"] == OPINION_GROUP, "group"].unique(), key=lambda g: (len(g), g))]
    flags = rows[rows["option"] == "agree"].set_index(["question_id", "group"])["flag"]
    row = max(0.16, min(0.26, (A4_TEXT_HEIGHT_IN - 3.6) / len(ids)))  # closer set where A4 needs it
    figure = _figure(row * len(ids) + 1.6)
    ax = figure.subplots()
    described, overall = [], {}
    for y, statement in enumerate(ids):
        for x, group in enumerate(groups):
            base = int(wide.loc[(statement, group), ("base", "agree")]) if (statement, group) in wide.index else 0
            flag = flags.get((statement, group), "[x]")
            if base == 0 or not is_shown(flag):
                colour, text = NOT_SUBSTANTIVE, "[x]" if base == 0 else "[c]"
            else:
                agree, disagree = (int(wide.loc[(statement, group), ("n", o)]) for o in ("agree", "disagree"))
                colour = to_hex(_COLOURS(0.5 + 0.5 * (agree - disagree) / base))
                text = _pct(100 * agree / base)
                described.append(f"#{statement} {'all' if group == ALL else 'group ' + group}: {text} of {base}")
                if group == ALL:
                    overall[statement] = agree / base
            ax.add_patch(Rectangle((x - 0.5, y - 0.5), 1, 1, facecolor=colour, edgecolor="white", linewidth=1))
            ax.text(x, y, text, ha="center", va="center", fontsize=FONT_SIZE - 1, color=_text_colour(colour))
    ax.set_xlim(-0.5, len(groups) - 0.5)
    ax.set_ylim(len(ids) - 0.5, -0.5)
    ax.set_xticks(range(len(groups)), ["All" if g == ALL else f"Group {g}" for g in groups])
    ax.xaxis.tick_top()
    ax.set_yticks(range(len(ids)), [_label(row) for _, row in shown.iterrows()])
    ax.tick_params(length=0)
    for side in ("left", "bottom", "top", "right"):
        ax.spines[side].set_visible(False)
    total = len(statements)
    which = f"the {len(ids)} statements with most votes, of {total}" if len(ids) < total else f"all {total} statements"
    ax.set_xlabel(_wrap(f"Share of each group's voters who agreed ({which}); colour: agree minus disagree, "
                        "blue more agreed, orange more disagreed", 120), fontsize=FONT_SIZE - 1)
    alt = f"Heat map of agreement with {which}, for all participants and each opinion group. "
    if len(overall) > 1:
        texts = dict(zip(ids, (clean_quote(s) for s in shown["statement"]), strict=True))
        high, low = max(overall, key=overall.get), min(overall, key=overall.get)
        alt += (f"Agreement was highest with “{texts[high]}” ({_pct(100 * overall[high])} of all who voted) and "
                f"lowest with “{texts[low]}” ({_pct(100 * overall[low])}). ")
    alt += "By statement number: " + "; ".join(described) + "."
    return Chart(NAME, figure, alt)


def caption(statements: pd.DataFrame, cfg: Consultation) -> str:
    """The heat map's caption, saying how many statements it shows of how many."""
    shown = min(len(statements), cfg.polis.chart_statements)
    if shown < len(statements):
        return (f"Agreement with the {shown} most-voted statements (of {len(statements)}; every statement is in "
                "tables.xlsx), overall and by opinion group")
    return "Agreement with each statement, overall and by opinion group"
