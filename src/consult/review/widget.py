"""The theme-review screen for JupyterLab (ipywidgets 8): a thin layer over :class:`ReviewSession`.

    ui = ReviewWidget(cfg)   # then leave ``ui`` as the cell's last line to show it

It shows the theme list (label, count, share, sentiment, position split), the chosen theme's
top terms and responses (searchable, paged, with closed answers and groups), and buttons to
rename, merge, split (chosen responses, or re-theme into k), drop, add or remove a theme on
chosen responses, mark reviewed and write a note. Each click saves the decision to
``consultations/<id>.review.yaml`` at once and redraws the screen. A mistake (nothing chosen,
an empty label) shows as a one-line message, never a traceback.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

import ipywidgets as w
import pandas as pd

from consult.core.config import Consultation
from consult.core.errors import ConsultError
from consult.core.rounding import round_half_up
from consult.review.decisions import other_themes
from consult.review.session import ReviewSession
from consult.review.widget_response import ResponseControl

PAGE_SIZE = 10
_WIDE = w.Layout(width="98%")
_LABEL = {"description_width": "initial"}


def _button(description: str, style: str = "") -> w.Button:
    return w.Button(description=description, button_style=style, layout=w.Layout(width="auto"))


def _theme_option(row: pd.Series) -> tuple[str, str]:
    tick = " ✓" if row["reviewed"] else ""
    return f"{row['theme_id']} · {row['label']} ({row['n']}, {int(round_half_up(row['pct']))}%){tick}", row["theme_id"]


_TABLE_STYLE = ("<style>.consult-review th, .consult-review td {text-align: left; padding: 2px 10px; "
                "vertical-align: top}</style>")


def _table_html(frame: pd.DataFrame) -> str:
    return _TABLE_STYLE + frame.to_html(index=False, escape=True, na_rep="", classes="consult-review", border=0)


class ReviewWidget:
    """The review screen for one consultation; ``session`` holds the data, this only draws and clicks.

    Widgets are attributes so a test (or a curious analyst) can drive them: set ``theme.value``,
    ``rename_text.value``, ``responses.value`` …, then ``rename_button.click()``.
    """

    def __init__(self, cfg: Consultation | ReviewSession, who: str | None = None, page_size: int = PAGE_SIZE) -> None:
        self.session = cfg if isinstance(cfg, ReviewSession) else ReviewSession(cfg, who=who)
        self.page_size = page_size
        self.page = 0
        self._drawing = False
        questions = self.session.questions
        self.question = w.Dropdown(description="Question", options=questions, value=questions[0] if questions else None)
        self.themes_table = w.HTML()
        self.theme = w.Select(description="Theme", rows=8, layout=_WIDE)
        self.details = w.HTML()
        self.search = w.Text(description="Search", placeholder="words in the answer", continuous_update=False)
        self.prev_page, self.next_page = _button("◀ previous"), _button("next ▶")
        self.page_label = w.Label()
        self.responses = w.SelectMultiple(description="Choose", rows=PAGE_SIZE, layout=_WIDE)
        self.responses_table = w.HTML()
        self.rename_text, self.rename_button = w.Text(description="New label"), _button("Rename", "primary")
        self.merge_with = w.SelectMultiple(description="Merge in", rows=4)
        self.merge_button = _button("Merge into this theme")
        self.split_label, self.split_button = w.Text(description="New theme"), _button("Split chosen responses off")
        self.retheme_k = w.BoundedIntText(value=2, min=2, max=10, description="Into k")
        self.retheme_button = _button("Re-theme its responses")
        self.drop_to = w.Dropdown(description="Send its responses", style=_LABEL, options=[
            ("to their next theme", "discovery"), ("to 'other'", "other")])
        self.drop_button = _button("Drop theme", "danger")
        self.assign_to = w.Dropdown(description="Other theme", style=_LABEL)
        self.assign_button = _button("Add theme to chosen responses")
        self.unassign_button = _button("Remove this theme from chosen responses")
        self.reviewed_button = _button("Mark reviewed", "success")
        self.note_text = w.Textarea(description="Note", layout=w.Layout(width="60%"))
        self.note_button = _button("Save note")
        self.status = w.HTML()
        self.response = ResponseControl(self)  # "You said, we did": the organisation's response to the theme
        self._wire()
        self.box = self._layout()
        self.redraw()

    # ------------------------------------------------------------------ layout and events
    def _layout(self) -> w.VBox:
        row = w.HBox
        actions = w.VBox([
            row([self.rename_text, self.rename_button]),
            row([self.merge_with, self.merge_button]),
            row([self.split_label, self.split_button]),
            row([self.retheme_k, self.retheme_button]),
            row([self.drop_to, self.drop_button]),
            row([self.assign_to, self.assign_button, self.unassign_button]),
            row([self.reviewed_button]),
            row([self.note_text, self.note_button]),
            self.response.box,
        ])
        return w.VBox([
            self.question, self.themes_table, self.theme, self.details,
            row([self.search, self.prev_page, self.page_label, self.next_page]),
            self.responses, self.responses_table, w.HTML("<b>Decide</b>"), actions, self.status,
        ])

    def _wire(self) -> None:
        self.question.observe(lambda _: self._on_view_change(reset=True), names="value")
        self.theme.observe(lambda _: self._on_view_change(reset=True), names="value")
        self.search.observe(lambda _: self._on_view_change(reset=True), names="value")
        self.prev_page.on_click(lambda _: self._turn(-1))
        self.next_page.on_click(lambda _: self._turn(+1))
        act = self._act
        self.rename_button.on_click(act(lambda q, t: self.session.rename(q, t, self.rename_text.value), "renamed"))
        self.merge_button.on_click(act(lambda q, t: self.session.merge(q, t, list(self.merge_with.value)), "merged"))
        self.split_button.on_click(act(lambda q, t: self.session.split(
            q, t, {self.split_label.value: list(self.responses.value)}), "split"))
        self.retheme_button.on_click(act(lambda q, t: self.session.retheme(q, t, self.retheme_k.value), "re-themed"))
        self.drop_button.on_click(act(lambda q, t: self.session.drop(q, t, self.drop_to.value), "dropped"))
        self.assign_button.on_click(act(lambda q, t: self.session.assign(
            q, self.assign_to.value, list(self.responses.value)), "theme added"))
        self.unassign_button.on_click(act(lambda q, t: self.session.unassign(q, t, list(self.responses.value)),
                                          "theme removed"))
        self.reviewed_button.on_click(act(lambda q, t: self.session.mark_reviewed(q, t), "marked reviewed"))
        self.note_button.on_click(act(lambda q, t: self.session.note(q, t, self.note_text.value), "note saved"))

    def _act(self, action: Callable[[str, str], Any], done: str) -> Callable[[w.Button], None]:
        """A click handler: run ``action`` on the chosen theme, save, redraw, and say what happened."""

        def handler(_: w.Button) -> None:
            question, theme = self.question.value, self.theme.value
            if theme is None:
                self._say("Choose a theme first.", error=True)
                return
            label = self.session.theme(question, theme)["label"]
            try:
                action(question, theme)
            except ConsultError as error:
                self._say(str(error), error=True)
                return
            for text in (self.rename_text, self.split_label, self.note_text):
                text.value = ""
            self.redraw()
            count = len(self.session.decisions)
            self._say(f"{label!r} {done}; saved to {self.session.decisions.path.name} "
                      f"({count} decision{'' if count == 1 else 's'} in all).")

        return handler

    def _say(self, message: str, error: bool = False) -> None:
        colour = "#a00" if error else "#060"
        self.status.value = f'<span style="color:{colour}">{html.escape(message)}</span>'

    def _turn(self, step: int) -> None:
        self.page = max(0, self.page + step)
        self._draw_responses()

    def _on_view_change(self, reset: bool) -> None:
        if self._drawing:
            return
        if reset:
            self.page = 0
        self._draw_theme()

    # ------------------------------------------------------------------ drawing
    def redraw(self) -> None:
        """Redraw everything from the session (after an action, or on demand)."""
        question = self.question.value
        if question is None:
            self.themes_table.value = "<p>No themed free-text questions: run the themes stage first.</p>"
            return
        listing = self.session.theme_list(question)
        self._drawing = True
        try:
            chosen = self.theme.value
            self.theme.options = [_theme_option(row) for _, row in listing.iterrows()]
            ids = listing["theme_id"].tolist()
            self.theme.value = chosen if chosen in ids else (ids[0] if ids else None)
        finally:
            self._drawing = False
        shown = listing.assign(pct=[f"{int(round_half_up(p))}%" for p in listing["pct"]],
                               sentiment=listing["sentiment"].map(lambda s: f"{s:+.2f}" if pd.notna(s) else ""),
                               reviewed=listing["reviewed"].map({True: "✓", False: ""}))
        self.themes_table.value = _table_html(shown)
        stale = self.session.outcome.stale
        if len(stale):
            self._say(f"{len(stale)} earlier decision(s) no longer apply; see the decisions log below the widget.",
                      error=True)
        self._draw_theme()

    def _draw_theme(self) -> None:
        question, theme = self.question.value, self.theme.value
        self.response.show(question, theme)
        if theme is None:
            self.details.value, self.responses.options, self.responses_table.value = "", [], ""
            return
        row = self.session.theme(question, theme)
        others = other_themes(self.session.outcome.themes, question, theme)
        self.merge_with.options = others
        self.assign_to.options = others
        self.assign_to.value = others[0][1] if others else None
        terms = html.escape(str(row["top_terms"])) if isinstance(row["top_terms"], str) else ""
        note = f"<br><i>Note:</i> {html.escape(str(row['note']))}" if row.get("note") else ""
        self.details.value = (f"<h4>{html.escape(theme)} · {html.escape(str(row['label']))}</h4>"
                              f"<b>Top terms:</b> {terms}{note}")
        self._draw_responses()

    def _draw_responses(self) -> None:
        question, theme = self.question.value, self.theme.value
        table = self.session.theme_responses(question, theme, self.search.value)
        pages = max(1, -(-len(table) // self.page_size))
        self.page = min(self.page, pages - 1)
        page = table.iloc[self.page * self.page_size:(self.page + 1) * self.page_size]
        self.page_label.value = f"page {self.page + 1} of {pages} ({len(table)} responses)"
        self.prev_page.disabled, self.next_page.disabled = self.page == 0, self.page >= pages - 1
        self.responses.options = [(f"{r.respondent_id}: {str(r.answer)[:90]}", r.respondent_id)
                                  for r in page.itertuples()]
        self.responses_table.value = _table_html(page.drop(columns=["weight"]))

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.box._repr_mimebundle_(**kwargs)


def run(cfg: Consultation, who: str | None = None) -> ReviewWidget:
    """The review screen for ``cfg``, with the saved decisions already applied.

    Raises :class:`consult.core.errors.InputError` when the themes stage has not run yet, and
    :class:`consult.review.decisions.ReviewError` when the decisions file is not valid.
    """
    return ReviewWidget(cfg, who=who)
