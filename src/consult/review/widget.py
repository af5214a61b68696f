"""The theme-review screen for JupyterLab (ipywidgets 8): a thin layer over :class:`ReviewSession`.

    ui = ReviewWidget(cfg)   # then leave ``ui`` as the cell's last line to show it

From the top: the question (by its text, with how many of its themes are signed off), its one
theme table (responses with campaigns counted once, share of answers with its base, sentiment,
the explained question's split, reviewed, note), the theme to work on, the actions in tabs
(rename, merge, split, move, drop, sign off: :mod:`consult.review.actions`), then the theme's
responses at full width (search, filters by group, pages; a campaign is one row with its size;
long answers cut with "show all"; tick boxes choose responses for split and move; "whole
response" shows every answer of that respondent), and, folded away, the themes across all
questions, the decisions so far, and how far the model agreed with the reviewer. Each click
saves the decision to ``consultations/<id>.review.yaml`` at once and redraws the screen. A mistake (nothing ticked, an
empty label) shows as a one-line message, never a traceback.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from typing import Any

import ipywidgets as w
import pandas as pd

from consult.core.config import Consultation
from consult.core.errors import ConsultError
from consult.core.rounding import pct_int
from consult.review import views
from consult.review.actions import ACTION_GROUPS, ActionGroup, button
from consult.review.session import ReviewSession

PAGE_SIZE = 10
_WIDE = w.Layout(width="98%")
_LABEL = {"description_width": "initial"}
ALL = "(all)"


class ResponseRow:
    """One line of the responses list: a tick box, the answer (wrapped, "show all" when long), its
    details, and a button for the respondent's whole response. The screen reuses a page's rows."""

    def __init__(self, ui: ReviewWidget) -> None:
        self.ui = ui
        self.respondent_id = ""
        self.members: tuple[str, ...] = ()
        self.text = ""
        self.choose = w.Checkbox(indent=False, layout=w.Layout(width="28px"))
        self.answer = w.HTML(layout=w.Layout(flex="1 1 auto", width="auto"))
        self.details = w.HTML()
        self.expand = w.ToggleButton(description="show all", layout=w.Layout(width="auto"))
        self.whole = button("whole response")
        self.choose.observe(self._on_choose, names="value")
        self.expand.observe(lambda _: self._draw_answer(), names="value")
        self.whole.on_click(lambda _: ui.show_whole(self.respondent_id, len(self.members)))
        self.box = w.HBox([self.choose, w.VBox([self.answer, self.details], layout=w.Layout(flex="1 1 auto")),
                           w.VBox([self.whole, self.expand], layout=w.Layout(flex="0 0 auto", min_width="150px",
                                                                             align_items="flex-end"))],
                          layout=w.Layout(width="100%", border_bottom="1px solid #ddd", padding="4px 0"))

    def show(self, row: pd.Series | None, details: str = "") -> None:
        """Show ``row`` of the theme's responses table, or hide the line (``None``)."""
        self.box.layout.display = "none" if row is None else "flex"
        if row is None:
            self.respondent_id, self.members = "", ()
            return
        self.respondent_id, self.members, self.text = row["respondent_id"], tuple(row["members"]), row["answer"]
        self.choose.value = self.respondent_id in self.ui.chosen
        self.expand.value = False
        self.expand.layout.display = "flex" if len(self.text) > views.SHORT else "none"
        self.details.value = details
        self._draw_answer()

    def _draw_answer(self) -> None:
        self.answer.value = views.answer(self.text, self.expand.value)
        self.expand.description = "show less" if self.expand.value else "show all"

    def _on_choose(self, _: Any) -> None:
        if not self.respondent_id or self.ui._drawing:
            return
        if self.choose.value:
            self.ui.chosen[self.respondent_id] = self.members
        else:
            self.ui.chosen.pop(self.respondent_id, None)
        self.ui.draw_chosen()


class ReviewWidget:
    """The review screen for one consultation; ``session`` holds the data, this only draws and clicks.

    Widgets are attributes so a test (or a curious analyst) can drive them: set ``theme.value``,
    ``rename_text.value``, tick ``rows[i].choose`` …, then ``rename_button.click()``. ``groups``
    are the action tabs (default :data:`consult.review.actions.ACTION_GROUPS`).
    """

    def __init__(self, cfg: Consultation | ReviewSession, who: str | None = None, page_size: int = PAGE_SIZE,
                 groups: Sequence[ActionGroup] = ACTION_GROUPS) -> None:
        self.session = cfg if isinstance(cfg, ReviewSession) else ReviewSession(cfg, who=who)
        self.cfg = self.session.cfg
        self.page_size = page_size
        self.page = 0
        self.chosen: dict[str, tuple[str, ...]] = {}
        self._drawing = False
        self._theme_listeners: list[Callable[[str, str], None]] = []
        self._listing = pd.DataFrame()
        questions = self.session.questions
        self.question = w.Dropdown(description="Question", options=[(q, q) for q in questions], style=_LABEL,
                                   value=questions[0] if questions else None, layout=_WIDE)
        self.themes_table = w.HTML()
        self.theme = w.Dropdown(description="Theme to work on", style=_LABEL, layout=w.Layout(width="70%"))
        self.details = w.HTML()
        self.status = w.HTML()
        self.actions = w.Tab(children=[build(self) for _, build in groups], titles=[title for title, _ in groups])
        self.search = w.Text(description="Search", placeholder="words in the answer", continuous_update=False)
        self.filters = {g: w.Dropdown(description=self.cfg.question(g).label, style=_LABEL,
                                      options=[ALL, *self.session.group_values(g)]) for g in self.cfg.groups}
        self.prev_page, self.next_page = button("◀ previous"), button("next ▶")
        self.page_label = w.HTML()
        self.chosen_label = w.HTML()
        self.clear_chosen = button("untick all")
        self.rows = [ResponseRow(self) for _ in range(page_size)]
        self.whole = w.HTML()
        self.across_table = w.HTML()
        self.log_table = w.HTML()
        self.agreement_table = w.HTML()
        self.more = w.Accordion(children=[self.across_table, self.log_table, self.agreement_table],
                                titles=["Themes across questions", "Decisions so far", "Model and reviewer"])
        self._wire()
        self.box = self._layout()
        self.redraw()

    # ------------------------------------------------------------------ layout and events
    def _layout(self) -> w.VBox:
        row = w.HBox
        return w.VBox([
            self.question, self.themes_table, self.theme, self.details, self.actions, self.status,
            w.HTML("<h4>Responses</h4>"),
            row([self.search, *self.filters.values()], layout=w.Layout(flex_flow="row wrap")),
            row([self.prev_page, self.page_label, self.next_page, self.chosen_label, self.clear_chosen],
                layout=w.Layout(flex_flow="row wrap", align_items="center")),
            *(r.box for r in self.rows), self.whole, self.more,
        ], layout=w.Layout(width="100%"))

    def _wire(self) -> None:
        self.question.observe(lambda _: self._on_view_change(redraw=True), names="value")
        self.theme.observe(lambda _: self._on_view_change(redraw=False), names="value")
        self.search.observe(lambda _: self._on_view_change(redraw=False), names="value")
        for choice in self.filters.values():
            choice.observe(lambda _: self._on_view_change(redraw=False), names="value")
        self.prev_page.on_click(lambda _: self._turn(-1))
        self.next_page.on_click(lambda _: self._turn(+1))
        self.clear_chosen.on_click(lambda _: self._untick())

    def on_theme(self, listener: Callable[[str, str], None]) -> None:
        """Call ``listener(question_id, theme_id)`` whenever the chosen theme is drawn (chosen or redrawn)."""
        self._theme_listeners.append(listener)

    def chosen_ids(self) -> list[str]:
        """The ticked responses' respondent ids (a ticked campaign stands for all its members)."""
        return [member for members in self.chosen.values() for member in members]

    def act(self, action: Callable[[str, str], Any], said: Callable[[str, str, str], str]) -> Callable[[w.Button], None]:
        """A click handler: run ``action(question, theme)``, save, redraw, and report ``said(question, theme, label)``.

        ``said`` is worked out before the action (while the merged themes and ticked responses
        are still there). A :class:`ConsultError` shows as a one-line message and saves nothing.
        """

        def handler(_: w.Button) -> None:
            question, theme = self.question.value, self.theme.value
            if theme is None:
                self._say("Choose a theme first.", error=True)
                return
            try:
                message = said(question, theme, self.session.theme(question, theme)["label"])
                action(question, theme)
            except ConsultError as error:
                self._say(str(error), error=True)
                return
            for text in ("rename_text", "split_label", "note_text"):
                if hasattr(self, text):
                    getattr(self, text).value = ""
            self.chosen.clear()
            self.redraw()
            count = len(self.session.decisions)
            self._say(f"{message[:1].upper()}{message[1:]}; saved to {self.session.decisions.path.name} "
                      f"({count} decision{'' if count == 1 else 's'} in all).")

        return handler

    def _say(self, message: str, error: bool = False) -> None:
        colour = "#a00" if error else "#060"
        self.status.value = f'<span style="color:{colour}">{html.escape(message)}</span>'

    def _turn(self, step: int) -> None:
        self.page = max(0, self.page + step)
        self._draw_responses()

    def _untick(self) -> None:
        self.chosen.clear()
        self._draw_responses()

    def _on_view_change(self, redraw: bool) -> None:
        if self._drawing:
            return
        self.page = 0
        self.chosen.clear()
        self.whole.value = ""
        if redraw:
            self.redraw()
        else:
            self._draw_theme()

    # ------------------------------------------------------------------ drawing
    def _question_options(self) -> list[tuple[str, str]]:
        options = []
        for q in self.session.questions:
            reviewed, total = self.session.review_progress(q)
            options.append((f"{self.cfg.question(q).label}  ·  {reviewed} of {total} themes reviewed "
                            f"({pct_int(reviewed, total) if total else 0}%)", q))
        return options

    def redraw(self) -> None:
        """Redraw everything from the session (after an action, or on demand)."""
        question = self.question.value
        if question is None:
            self.themes_table.value = "<p>No themed free-text questions: run the themes stage first.</p>"
            return
        listing = self._listing = self.session.theme_list(question)
        self._drawing = True
        try:
            self.question.options = self._question_options()
            self.question.value = question
            chosen = self.theme.value
            self.theme.options = [(f"{r.theme_id} · {r.label} ({r.n})", r.theme_id) for r in listing.itertuples()]
            ids = listing["theme_id"].tolist()
            self.theme.value = chosen if chosen in ids else (ids[0] if ids else None)
        finally:
            self._drawing = False
        self.across_table.value = views.across(self.session.themes_across())
        log = self.session.outcome.log
        self.log_table.value = views.decisions_log(self.cfg, log)
        self.more.set_title(1, f"Decisions so far ({len(log)})")
        self.agreement_table.value = views.agreement(self.cfg, self.session.agreement())
        stale = self.session.outcome.stale
        if len(stale):
            self._say(f"{len(stale)} earlier decision(s) no longer apply; see 'Decisions so far' at the bottom.",
                      error=True)
        self._draw_theme()

    def _draw_theme(self) -> None:
        question, theme = self.question.value, self.theme.value
        self.themes_table.value = views.theme_table(self.cfg, question, self._listing, theme)
        if theme is None:
            self.details.value = ""
            self._draw_responses()
            return
        row = self.session.theme(question, theme)
        for listener in self._theme_listeners:
            listener(question, theme)
        terms = html.escape(str(row["top_terms"])) if isinstance(row["top_terms"], str) else ""
        note = f"<br><i>Note:</i> {html.escape(str(row['note']))}" if row.get("note") else ""
        self.details.value = f"<b>Top terms:</b> {terms}{note}"
        self._draw_responses()

    def _draw_responses(self) -> None:
        question, theme = self.question.value, self.theme.value
        if theme is None:
            table = pd.DataFrame(columns=["respondent_id", "answer", "respondents", "members", "themes"])
        else:
            filters = {g: c.value for g, c in self.filters.items() if c.value != ALL}
            table = self.session.theme_responses(question, theme, self.search.value, filters)
        pages = max(1, -(-len(table) // self.page_size))
        self.page = min(self.page, pages - 1)
        page = table.iloc[self.page * self.page_size:(self.page + 1) * self.page_size]
        respondents = int(table["respondents"].sum())
        campaigns = int((table["respondents"] > 1).sum())
        why = (f"; {campaigns} campaign{'' if campaigns == 1 else 's'} shown once, {respondents} respondents in all"
               if campaigns else "")
        self.page_label.value = f"page {self.page + 1} of {pages} ({len(table)} responses{why})"
        self.prev_page.disabled, self.next_page.disabled = self.page == 0, self.page >= pages - 1
        labels = dict(zip(self.session.outcome.themes["theme_id"], self.session.outcome.themes["label"])) \
            if theme is not None else {}
        self._drawing = True
        try:
            for i, line in enumerate(self.rows):
                if i < len(page):
                    record = page.iloc[i]
                    line.show(record, views.answer_details(self.cfg, question, record, labels))
                else:
                    line.show(None)
        finally:
            self._drawing = False
        self.draw_chosen()

    def draw_chosen(self) -> None:
        """Say how many responses are ticked (across pages)."""
        n = len(self.chosen_ids())
        self.chosen_label.value = f"<b>{n} ticked</b>" if n else "tick responses to split or move them"
        self.clear_chosen.disabled = not n

    def show_whole(self, respondent_id: str, campaign_size: int = 1) -> None:
        """Show every answer of one respondent (redacted) under the responses list."""
        answers = self.session.whole_response(respondent_id)
        self.whole.value = views.whole_response(respondent_id, answers, campaign_size)

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.box._repr_mimebundle_(**kwargs)


def run(cfg: Consultation, who: str | None = None) -> ReviewWidget:
    """The review screen for ``cfg``, with the saved decisions already applied.

    Raises :class:`consult.core.errors.InputError` when the themes stage has not run yet, and
    :class:`consult.review.decisions.ReviewError` when the decisions file is not valid.
    """
    return ReviewWidget(cfg, who=who)
