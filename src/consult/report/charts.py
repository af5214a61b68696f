"""Report figures (matplotlib, Agg): agreement, group comparison, answer shares and theme counts.

Each function returns a :class:`Chart` (a name, a matplotlib ``Figure`` and alt text for
accessible reports); :func:`save` writes ``<name>.png`` (200 dpi), ``<name>.svg`` and
``<name>.alt.txt`` atomically and byte-identically from run to run. Figures are 16 cm wide
(A4 text width) with 8-point text. Colours are colour-blind safe: blue for the positive side,
orange for the negative side, greys for neutral and "Don't know", Okabe-Ito for groups.
"""

from __future__ import annotations

import base64
import functools
import html
import io
import textwrap
from dataclasses import dataclass
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib import colormaps  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402

from consult.agreement.routing import NOT_ASKED  # noqa: E402
from consult.agreement.table import NOT_STATED  # noqa: E402
from consult.core import files, wording  # noqa: E402
from consult.core.config import Consultation, Question  # noqa: E402
from consult.core.rounding import round_half_up  # noqa: E402
from consult.themes.names import RESERVED

WIDTH_IN = 16 / 2.54
DPI = 200
FONT_SIZE = 8
NEUTRAL = "#969696"
NOT_SUBSTANTIVE = "#d0d0d0"
OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
MARKERS = ("o", "s", "D", "^", "v", "P", "X", "*")
# text.parse_math off: labels hold respondents' answers and theme words, and "$" would start TeX (or stop the chart)
_RC = {"font.size": FONT_SIZE, "svg.hashsalt": "consult", "svg.fonttype": "path", "axes.spines.top": False,
       "axes.spines.right": False, "text.parse_math": False}
_MARKUP = str.maketrans({"<": "‹", ">": "›"})


@dataclass
class Chart:
    """A figure ready for a report: file stem ``name``, the finished ``figure`` and its ``alt_text``."""

    name: str
    figure: Figure
    alt_text: str

    def __post_init__(self) -> None:
        # alt text is plain text for screen readers (and the .docx descr, and an <img alt>): labels and answers in
        # it lose control characters, and angle brackets become look-alikes that no reader takes for markup
        self.alt_text = files.strip_controls(self.alt_text).translate(_MARKUP)

    @functools.cached_property
    def png(self) -> bytes:
        """The figure as PNG (200 dpi), drawn once for both the notebook and ``<name>.png`` (a second is ~1 s)."""
        return _render(self.figure, "png")

    def _repr_html_(self) -> str:
        """The chart as an <img> with its alt text, so notebooks and report.html stay accessible."""
        data = base64.b64encode(self.png).decode("ascii")
        return f'<img src="data:image/png;base64,{data}" alt="{html.escape(self.alt_text)}" style="max-width:100%">'


def _styled(function):
    """Build the chart under the house style (font size, spines, SVG hash salt)."""

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        with matplotlib.rc_context(_RC):
            return function(*args, **kwargs)

    return wrapper


def _render(figure: Figure, fmt: str) -> bytes:
    buffer = io.BytesIO()
    metadata = {"Date": None} if fmt == "svg" else {"Software": None}
    with matplotlib.rc_context(_RC):
        figure.savefig(buffer, format=fmt, dpi=DPI, metadata=metadata, bbox_inches="tight")
    return buffer.getvalue()


def save(chart: Chart, folder: Path) -> list[Path]:
    """Write ``<name>.png``, ``<name>.svg`` and ``<name>.alt.txt`` into ``folder``; return the paths."""
    folder = Path(folder)
    return [
        files.write_bytes(folder / f"{chart.name}.png", chart.png),
        files.write_bytes(folder / f"{chart.name}.svg", _render(chart.figure, "svg")),
        files.write_text(folder / f"{chart.name}.alt.txt", chart.alt_text.rstrip() + "\n"),
    ]


def _figure(height_in: float) -> Figure:
    return Figure(figsize=(WIDTH_IN, height_in), layout="constrained")


def _wrap(text: str, width: int = 38) -> str:
    return "\n".join(textwrap.wrap(text, width)) or text


def _pct(value: float) -> str:
    return f"{int(round_half_up(value))}%"


def _shades(name: str, count: int) -> list[str]:
    """``count`` shades of a colormap, mildest first (lightest) to strongest (darkest)."""
    cmap = colormaps[name]
    return [matplotlib.colors.to_hex(cmap(x)) for x in np.linspace(0.4, 0.85, count)] if count > 1 else [
        matplotlib.colors.to_hex(cmap(0.6))]


def _text_colour(colour: str) -> str:
    r, g, b = matplotlib.colors.to_rgb(colour)
    return "white" if 0.299 * r + 0.587 * g + 0.114 * b < 0.55 else "black"


def _net_questions(cfg: Consultation, agreement: pd.DataFrame) -> list[Question]:
    present = set(agreement["question_id"])
    return [q for q in cfg.questions_of("closed") if q.id in present and q.get_scale().has_nets]


def _base_note(base: int, flag: str) -> str:
    if flag in ("[c]", "[x]"):
        return f"(base {base:,}: suppressed)"
    return f"(base {base:,}: treat with caution)" if flag == "[u]" else f"(base {base:,})"


# ---------------------------------------------------------------------------- diverging agreement
@_styled
def diverging_agreement(agreement: pd.DataFrame, cfg: Consultation, name: str = "agreement") -> Chart:
    """A diverging stacked bar per closed question with net rows (overall results).

    Negative options stack left of zero and positive ones right, mildest nearest zero, with
    net percentages at the bar ends; neutral options and non-substantive answers ("Don't
    know", over all who answered) are set apart in their own panels. Each question's label
    carries its base; suppressed questions show no bars. ``agreement`` is the table of
    :func:`consult.agreement.table.compute`. Raises ``ValueError`` when it has no such question.
    """
    questions = _net_questions(cfg, agreement)
    if not questions:
        raise ValueError("no closed question with agree/disagree net rows in the agreement table")
    overall = agreement[agreement["group_by"] == "all"].set_index(["question_id", "option"])
    scales = [q.get_scale() for q in questions]
    panels = ["main"] + (["neutral"] if any(s.neutral for s in scales) else []) + (
        ["dk"] if any(s.non_substantive for s in scales) else [])
    figure = _figure(0.55 * len(questions) + 1.4)
    axes = figure.subplots(1, len(panels), sharey=True,
                           gridspec_kw={"width_ratios": [6] + [1.4] * (len(panels) - 1)})
    axes = dict(zip(panels, np.atleast_1d(axes), strict=True))
    legend: dict[str, str] = {}  # colour -> label(s)
    labels, alt = [], []
    for row, (question, scale) in enumerate(zip(questions, scales, strict=True)):
        net = overall.loc[(question.id, scale.positive_net)]
        labels.append(f"{_wrap(question.label)}\n{_base_note(int(net['base']), net['flag'])}")
        if net["flag"] in ("[c]", "[x]"):
            axes["main"].text(0, row, "suppressed: too few answers to show", ha="center", va="center")
            alt.append(f"{question.label}: suppressed (base {int(net['base'])}).")
            continue
        pct = overall.loc[question.id]["pct"]
        colours = _side_colours(scale)
        for options, sign in ((scale.positive[::-1], 1), (scale.negative, -1)):
            left = 0.0
            for option in options:
                colour = colours[option]
                width = float(pct[option])
                _segment(axes["main"], row, sign * left, sign * width, colour)
                left += width
            axes["main"].text(sign * (left + 2), row, _pct(left), ha="left" if sign > 0 else "right",
                              va="center", fontweight="bold")
        for panel, options, colour in (("neutral", scale.neutral, NEUTRAL), ("dk", scale.non_substantive,
                                                                               NOT_SUBSTANTIVE)):
            left = 0.0
            for option in options:
                _segment(axes[panel], row, left, float(pct[option]), colour, inner_label=False)
                left += float(pct[option])
            if options:
                axes[panel].text(left + 3, row, _pct(left), va="center")
        _legend_entries(legend, scale)
        alt.append(f"{question.label}: {_pct(pct[scale.positive_net])} {scale.positive_net.split(' (')[0]}, "
                   f"{_pct(pct[scale.negative_net])} {scale.negative_net.split(' (')[0]} (base {int(net['base'])}).")
    _finish_diverging(axes, labels, legend, questions, overall)
    text = (f"Diverging bar chart of the answers to {wording.count(len(questions), 'statement', 0)}: the share "
            "agreeing extends right of "
            f"zero and the share disagreeing left; neutral and don't-know answers are shown separately. "
            + " ".join(alt))
    return Chart(name, figure, text)


def _side_colours(scale) -> dict[str, str]:
    """Option -> colour: blues for the positive side and oranges for the negative, darker when stronger."""
    colours = dict(zip(scale.positive[::-1], _shades("Blues", len(scale.positive)), strict=True))
    colours.update(zip(scale.negative, _shades("Oranges", len(scale.negative)), strict=True))
    colours.update({option: NEUTRAL for option in scale.neutral})
    colours.update({option: NOT_SUBSTANTIVE for option in scale.non_substantive})
    return colours


def _legend_entries(legend: dict[str, str], scale) -> None:
    """Add a scale's options to ``legend`` (colour -> label) in reading order, left to right.

    Options of different scales drawn in the same colour share one entry ("Don't know / Not sure").
    """
    colours = _side_colours(scale)
    for option in (*scale.negative[::-1], *scale.neutral, *scale.positive[::-1], *scale.non_substantive):
        known = legend.get(colours[option], "")
        if option not in known.split(" / "):
            legend[colours[option]] = f"{known} / {option}" if known else option


def _segment(ax, row: int, start: float, width: float, colour: str, inner_label: bool = True) -> None:
    ax.barh(row, width, left=start, color=colour, height=0.65, edgecolor="white", linewidth=0.5)
    if inner_label and abs(width) >= 12:
        ax.text(start + width / 2, row, _pct(abs(width)), ha="center", va="center", color=_text_colour(colour),
                fontsize=FONT_SIZE - 1)


def _finish_diverging(axes: dict, labels: list[str], legend: dict[str, str], questions: list[Question],
                      overall: pd.DataFrame) -> None:
    main = axes["main"]
    main.set_yticks(range(len(labels)), labels)
    main.invert_yaxis()
    main.axvline(0, color="black", linewidth=0.8)
    main.set_xlim(-115, 115)
    ticks = [-100, -50, 0, 50, 100]
    main.set_xticks(ticks, [f"{abs(t)}%" for t in ticks])
    definitions = {overall.loc[(q.id, q.get_scale().positive_net), "base_definition"] for q in questions}
    main.set_xlabel(f"% of respondents ({definitions.pop()})" if len(definitions) == 1
                    else "% of respondents (base as labelled)")
    for panel, title, note in (("neutral", "Neutral", "same base"), ("dk", "Don't know", "% of all\nanswering")):
        if panel in axes:
            axes[panel].set_xlabel(note)
            axes[panel].set_xlim(0, 100)
            axes[panel].set_xticks([])
            axes[panel].spines["bottom"].set_visible(False)
            axes[panel].set_title(title, fontsize=FONT_SIZE)
            axes[panel].tick_params(axis="y", length=0)
    for ax in axes.values():
        ax.tick_params(labelsize=FONT_SIZE)
    handles = [Patch(color=colour, label=label) for colour, label in legend.items()]
    main.figure.legend(handles=handles, loc="outside lower center", ncols=min(len(handles), 4), frameon=False,
                       fontsize=FONT_SIZE)


# ---------------------------------------------------------------------------- group comparison
A4_TEXT_HEIGHT_IN = 24.7 / 2.54  # A4 less 2.5 cm margins: the most a figure may take, caption and all


def group_styles(groups: list[str]) -> dict[str, tuple[str, str]]:
    """Colour and marker for each group, in order: no two groups alike for up to 64 groups.

    The first eight differ in both colour and marker, so they stay apart in greyscale; later ones
    take the next marker along with each colour.
    """
    return {group: (OKABE_ITO[i % len(OKABE_ITO)], MARKERS[(i + i // len(OKABE_ITO)) % len(MARKERS)])
            for i, group in enumerate(groups)}


def _panel_layout(counts: list[int]) -> tuple[int, list[float]]:
    """Columns of panels for panels of ``counts`` rows (one column, or two when one would not fit on A4
    with its caption) and the height (inches) of each line of panels; rows are closer set (down to
    0.11 inch) when even two columns would not fit."""
    room = A4_TEXT_HEIGHT_IN - 2.0  # less the caption, the note under the chart and a heading
    if sum(0.17 * count + 0.42 for count in counts) <= room or len(counts) == 1:
        return 1, [0.17 * count + 0.42 for count in counts]  # a panel: its rows, title and ticks
    lines = [max(counts[i:i + 2]) for i in range(0, len(counts), 2)]
    row = max(0.11, min(0.17, (room - 0.42 * len(lines)) / sum(lines)))
    return 2, [row * count + 0.42 for count in lines]


@_styled
def group_comparison(agreement: pd.DataFrame, cfg: Consultation, group_by: str) -> Chart:
    """Positive net percentage by group, one small panel per closed question, with 95% intervals.

    Each panel lists the groups as rows, highest first, each named at its row (no legend) with a
    marker (:func:`group_styles`, the same for a group in every panel), its Wilson interval and its
    percentage; a dashed line marks all respondents. Groups with a small base (``[u]``) are hollow;
    suppressed groups (``[c]``) are not drawn and the note under the chart says so. The panels sit
    in two columns when one would not fit on A4. Raises ``ValueError`` when ``agreement`` has no
    rows for ``group_by``.
    """
    questions = _net_questions(cfg, agreement)
    rows = agreement[(agreement["group_by"] == group_by)
                     & agreement["option"].isin({q.get_scale().positive_net for q in questions})]
    if rows.empty or not questions:
        raise ValueError(f"no net agreement rows for group_by={group_by!r} in the agreement table")
    styles = group_styles(list(rows["group"].unique()))  # agreement order: sorted, "(not stated)" last
    hidden: dict[str, int] = {}  # group -> questions where it is suppressed
    panels = []
    for question in questions:
        mine = rows[(rows["question_id"] == question.id) & (rows["option"] == question.get_scale().positive_net)]
        for group in mine.loc[~mine["flag"].map(is_shown_flag), "group"]:
            hidden[group] = hidden.get(group, 0) + 1
        panels.append(mine[mine["flag"].map(is_shown_flag)].sort_values("pct", ascending=False, kind="stable"))
    columns, heights = _panel_layout([max(len(shown), 1) for shown in panels])
    figure = _figure(sum(heights) + 0.8)  # the note under the chart
    grid = figure.subplots(len(heights), columns, sharex=True, squeeze=False,
                           gridspec_kw={"height_ratios": heights}).ravel()
    alt = []
    for ax, question, shown in zip(grid, questions, panels, strict=False):
        net = question.get_scale().positive_net
        total = agreement[(agreement["question_id"] == question.id) & (agreement["group_by"] == "all")
                          & (agreement["option"] == net)]
        _group_panel(ax, shown, styles, float(total["pct"].iloc[0]) if not total.empty else None, columns)
        ax.set_title(_wrap(question.label, 70 if columns == 1 else 32), fontsize=FONT_SIZE, loc="left")
        alt.append(_group_finding(question, net, shown, total))
    for ax in grid[len(questions):]:
        ax.set_visible(False)
    for ax in grid[max(len(questions) - columns, 0):len(questions)]:  # the lowest panel of each column
        ax.tick_params(labelbottom=True)
    nets = sorted({net.split(" (")[0] for net in (q.get_scale().positive_net for q in questions)})
    note = f"Hollow markers: base below {cfg.agreement.small_base} (treat with caution)."
    if hidden:
        listed = ", ".join(f"{group} ({count} of {len(questions)} questions)" for group, count in hidden.items())
        note += f" Not shown (base below {cfg.agreement.suppress_below}): {listed}."
    label = cfg.question(group_by).label
    figure.supxlabel(_wrap(f"% {' / '.join(nets)} by {wording.lower_first(label)} (base in brackets), with 95% "
                           "interval; dashed line: all respondents", 110) + "\n" + _wrap(note, 110), fontsize=FONT_SIZE)
    text = (f"Dot charts of agreement by {wording.lower_first(label)}, one for each of "
            f"{wording.count(len(questions), 'statement', 0)}, groups highest first with 95% intervals. "
            + " ".join(alt) + (f" {note}" if hidden else ""))
    return Chart(f"agreement_by_{group_by}", figure, text)


def is_shown_flag(flag: object) -> bool:
    """Whether a group's result is drawn (not suppressed ``[c]`` or without a base ``[x]``)."""
    return flag not in ("[c]", "[x]")


def _group_panel(ax, shown: pd.DataFrame, styles: dict[str, tuple[str, str]], total: float | None,
                 columns: int) -> None:
    """One question's panel: a row per group (highest first), named on the axis, with its interval and value."""
    for y, (_, item) in enumerate(shown.iterrows()):
        colour, marker = styles[item["group"]]
        ax.errorbar(item["pct"], y, xerr=[[item["pct"] - item["ci_low"]], [item["ci_high"] - item["pct"]]],
                    fmt=marker, color=colour, markerfacecolor="white" if item["flag"] == "[u]" else colour,
                    markeredgecolor="black" if colour in (OKABE_ITO[6], OKABE_ITO[4]) else colour,
                    markersize=5, elinewidth=1, capsize=2)
        ax.text(float(item["ci_high"]) + 3, y, f"{_pct(item['pct'])} ({int(item['base']):,})",
                va="center", fontsize=FONT_SIZE - 1)
    if total is not None:
        ax.axvline(total, color="black", linewidth=0.8, linestyle="--")
    ax.set_yticks(range(len(shown)), [_wrap(str(g), 44 // columns) for g in shown["group"]])
    ax.set_ylim(len(shown) - 0.4, -0.6)
    ax.set_xlim(-3, 122)  # room for a marker at 0% and a label beyond 100%
    ticks = range(0, 101, 20 if columns == 1 else 50)  # 0% 50% 100% in a narrow panel
    ax.set_xticks(ticks, [f"{t}%" for t in ticks])
    ax.grid(axis="x", color="#e0e0e0", linewidth=0.6)
    ax.set_axisbelow(True)
    ax.tick_params(axis="y", length=0)


def _group_finding(question: Question, net: str, shown: pd.DataFrame, total: pd.DataFrame) -> str:
    """The panel in words: where agreement was highest and lowest, then every group with its base."""
    word = net.split(" (")[0]
    listed = "; ".join(f"{g} {_pct(p)} (base {int(b)})" for g, p, b in zip(shown["group"], shown["pct"],
                                                                             shown["base"], strict=True))
    everyone = f" (all respondents {_pct(total['pct'].iloc[0])})" if not total.empty else ""
    firm = shown[(shown["flag"] != "[u]") & ~shown["group"].isin((NOT_STATED, NOT_ASKED))]
    if len(firm) < 2:  # highest and lowest only among groups large enough to trust and that are groups
        return f"“{question.label}”{everyone}: {listed or 'no group shown'}."
    top, bottom = firm.iloc[0], firm.iloc[-1]
    return (f"“{question.label}”: the share who said {word} was highest among {top['group']} "
            f"({_pct(top['pct'])}) and lowest among {bottom['group']} ({_pct(bottom['pct'])}){everyone}. "
            f"By group: {listed}.")


# ---------------------------------------------------------------------------- answer shares
@_styled
def answer_shares(agreement: pd.DataFrame, question: Question) -> Chart:
    """Horizontal bars of the share giving each answer to one question (overall rows of ``agreement``).

    A choice question's options are sorted by share, largest at the top; a scale without direction
    keeps its order. Answers outside the base ("Don't know") come last, in grey, as a share of all
    who answered. Each bar says "pct% (n)"; a suppressed question (``[c]``/``[x]``) shows no bars.
    Raises ``ValueError`` when ``agreement`` has no rows for the question.
    """
    scale = question.get_scale()
    rows = agreement[(agreement["question_id"] == question.id) & (agreement["group_by"] == "all")
                     & agreement["option"].isin(scale.all_options)].set_index("option")
    if rows.empty:
        raise ValueError(f"no rows for question {question.id!r} in the agreement table")
    options = [o for o in scale.options if o in rows.index]
    if question.type == "choice":
        options.sort(key=lambda o: (-float(np.nan_to_num(rows.loc[o, "pct"])), scale.options.index(o)))
    options += [o for o in scale.non_substantive if o in rows.index]
    first = rows.loc[options[0]]
    base, flag = int(first["base"]), first["flag"]
    figure = _figure(0.3 * len(options) + 1.3)
    ax = figure.subplots()
    ax.set_yticks(range(len(options)), [_wrap(o, 40) for o in options])
    ax.invert_yaxis()
    ax.set_xlim(0, 115)
    ax.set_xticks(range(0, 101, 20), [f"{t}%" for t in range(0, 101, 20)])
    ax.set_title(_wrap(question.label, 80), fontsize=FONT_SIZE + 1, loc="left")
    ax.set_xlabel(f"% of respondents: {first['base_definition']} {_base_note(base, flag)}")
    if flag in ("[c]", "[x]"):
        ax.text(50, (len(options) - 1) / 2, "suppressed: too few answers to show", ha="center", va="center")
        text = f"Bar chart of the answers to '{question.label}': suppressed (base {base})."
        return Chart(f"answers_{question.id}", figure, text)
    parts = []
    for y, option in enumerate(options):
        row = rows.loc[option]
        colour = NOT_SUBSTANTIVE if option in scale.non_substantive else OKABE_ITO[0]
        ax.barh(y, float(row["pct"]), color=colour, height=0.65)
        ax.text(float(row["pct"]) + 1, y, f"{_pct(row['pct'])} ({int(row['n']):,})", va="center")
        parts.append(f"{option}: {_pct(row['pct'])} ({int(row['n'])} of {int(row['base'])})")
    order = "largest first" if question.type == "choice" else "in the order of the scale"
    text = (f"Bar chart of the answers to '{question.label}' (base {base}), {order}. " + "; ".join(parts) + ".")
    return Chart(f"answers_{question.id}", figure, text)


# ---------------------------------------------------------------------------- themes
@_styled
def theme_counts(themes: pd.DataFrame, question_label: str, name: str | None = None) -> Chart:
    """Horizontal bars of the themes of one free-text question (rows of themes.csv).

    Needs columns ``label``, ``n``, ``pct`` and ``base`` (``theme_id`` and ``question_id``
    when present put ``other`` last and name the file). Largest theme at the top; each bar
    says "n (pct%)". Raises ``ValueError`` when ``themes`` is empty.
    """
    if themes.empty:
        raise ValueError(f"no themes to chart for {question_label!r}")
    other = themes["theme_id"].isin(RESERVED) if "theme_id" in themes else pd.Series(False, index=themes.index)
    ordered = themes.assign(_other=other).sort_values(["_other", "n"], ascending=[True, False], kind="stable")
    figure = _figure(0.3 * len(ordered) + 1.3)
    ax = figure.subplots()
    positions = range(len(ordered))
    ax.barh(positions, ordered["n"], color=OKABE_ITO[0], height=0.65)
    limit = float(ordered["n"].max())
    for y, (n, pct) in enumerate(zip(ordered["n"], ordered["pct"], strict=True)):
        ax.text(n + limit * 0.01, y, f"{int(n):,} ({_pct(pct)})", va="center")
    ax.set_yticks(list(positions), [_wrap(str(label), 40) for label in ordered["label"]])
    ax.invert_yaxis()
    ax.set_xlim(0, limit * 1.18)
    base = int(ordered["base"].iloc[0])
    ax.set_xlabel(f"Responses raising the theme (base {base:,} answers; a response can raise several)")
    ax.set_title(_wrap(question_label, 80), fontsize=FONT_SIZE + 1, loc="left")
    stem = name or (f"themes_{ordered['question_id'].iloc[0]}" if "question_id" in ordered else "themes")
    parts = [f"{label}: {int(n)} ({_pct(pct)})" for label, n, pct in zip(ordered["label"], ordered["n"],
                                                                          ordered["pct"], strict=True)]
    top = ordered.iloc[0]
    text = (f"The theme raised most often in answers to “{question_label}” was {top['label']} "
            f"({int(top['n']):,} of {base:,} answers). Bar chart of all the themes, largest first: "
            + "; ".join(parts) + ".")
    return Chart(stem, figure, text)


def agreement_charts(agreement: pd.DataFrame, cfg: Consultation) -> list[tuple[Chart, str]]:
    """The closed questions' charts with their captions: the diverging chart, then a group comparison
    per ``cfg.groups`` attribute (none without a question with net rows in ``agreement``), then the
    answer shares of each choice question and each closed question whose scale has no direction.
    The agreement notebook and the report both draw this list."""
    made = []
    if _net_questions(cfg, agreement):
        made = [(diverging_agreement(agreement, cfg), "Answers to each statement, all respondents")] + [
            (group_comparison(agreement, cfg, g), f"Agreement by group ({cfg.question(g).label}), with 95% intervals")
            for g in cfg.groups]
    present = set(agreement["question_id"])
    for question in cfg.questions_of("closed", "choice"):
        if question.id in present and not question.get_scale().has_nets:
            made.append((answer_shares(agreement, question), f"Answers to “{question.label}”, all respondents"))
    return made
