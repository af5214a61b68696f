"""The review screen's action groups, one tab each: rename, merge, split, move, drop, sign off, response.

An action group is ``(tab title, build)``: ``build(ui)`` makes the group's controls, keeps them as
attributes of the :class:`~consult.review.widget.ReviewWidget` (so tests and analysts can drive
them), wires its buttons with :meth:`ReviewWidget.act`, and returns the tab's widget. To add a
group, append one entry to :data:`ACTION_GROUPS`; :meth:`ReviewWidget.on_theme` calls a group back
whenever the chosen theme changes or is redrawn.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

import ipywidgets as w

from consult.review.decisions import other_themes
from consult.review.session import ReviewSession
from consult.review.widget_response import ResponseControl


class Screen(Protocol):
    """What an action group uses of the review screen, a :class:`consult.review.widget.ReviewWidget`;
    a group keeps its own controls on it as attributes."""

    session: ReviewSession

    def act(self, action: Callable[[str, str], Any], said: Callable[[str, str, str], str]) -> Callable[[w.Button], None]:
        ...

    def chosen_ids(self) -> list[str]:
        ...

    def on_theme(self, listener: Callable[[str, str], None]) -> None:
        ...


ActionGroup = tuple[str, Callable[[Screen], w.Widget]]

_LABEL = {"description_width": "initial"}


def button(description: str, style: str = "") -> w.Button:
    """A button as wide as its words."""
    return w.Button(description=description, button_style=style, layout=w.Layout(width="auto", flex="0 0 auto"))


def _hint(text: str) -> w.HTML:
    return w.HTML(f'<span class="consult-meta">{text}</span>')


def _others(ui: Screen, *choices: w.ValueWidget) -> None:
    """Keep ``choices`` listing the chosen theme's sibling themes."""

    def refresh(question: str, theme: str) -> None:
        options = other_themes(ui.session.outcome.themes, question, theme)
        for choice in choices:
            choice.options = options
            if isinstance(choice, w.Dropdown):
                choice.value = options[0][1] if options else None

    ui.on_theme(refresh)


def rename_group(ui: Screen) -> w.Widget:
    """Type a new label, click Rename."""
    ui.rename_text = w.Text(description="New label", placeholder="a label a reader understands",
                            layout=w.Layout(width="50%"))
    ui.rename_button = button("Rename", "primary")
    ui.rename_button.on_click(ui.act(lambda q, t: ui.session.rename(q, t, ui.rename_text.value),
                                     lambda q, t, label: f"{label!r} renamed {ui.rename_text.value.strip()!r}"))
    return w.HBox([ui.rename_text, ui.rename_button])


def merge_group(ui: Screen) -> w.Widget:
    """Choose the themes that are really this one, click Merge."""
    ui.merge_with = w.SelectMultiple(description="Merge in", rows=5, layout=w.Layout(width="50%"))
    ui.merge_button = button("Merge into this theme", "primary")
    _others(ui, ui.merge_with)

    def said(question: str, theme: str, label: str) -> str:
        merged = [ui.session.theme(question, other)["label"] for other in ui.merge_with.value]
        return f"merged {', '.join(map(repr, merged)) or 'nothing'} into {label!r}"

    ui.merge_button.on_click(ui.act(lambda q, t: ui.session.merge(q, t, list(ui.merge_with.value)), said))
    return w.VBox([_hint("Choose one or more themes (Ctrl/Shift-click); their responses join this theme, "
                         "which keeps its label."), w.HBox([ui.merge_with, ui.merge_button])])


def split_group(ui: Screen) -> w.Widget:
    """Split the ticked responses off into a new theme, or re-theme all its responses into k."""
    ui.split_label = w.Text(description="New theme", placeholder="label of the new theme")
    ui.split_button = button("Split ticked responses off", "primary")
    ui.retheme_k = w.BoundedIntText(value=2, min=2, max=10, description="Into k", layout=w.Layout(width="150px"))
    ui.retheme_button = button("Re-theme its responses")
    ui.split_button.on_click(ui.act(lambda q, t: ui.session.split(q, t, {ui.split_label.value: ui.chosen_ids()}),
                                    lambda q, t, label: f"split {len(ui.chosen_ids())} response(s) off {label!r} "
                                                        f"as {ui.split_label.value.strip()!r}"))
    ui.retheme_button.on_click(ui.act(lambda q, t: ui.session.retheme(q, t, ui.retheme_k.value),
                                      lambda q, t, label: f"re-themed {label!r} into {ui.retheme_k.value}"))
    return w.VBox([_hint("Tick responses in the list below, name the new theme; or let the theme model "
                         "split all of them into k themes."),
                   w.HBox([ui.split_label, ui.split_button]), w.HBox([ui.retheme_k, ui.retheme_button])])


def move_group(ui: Screen) -> w.Widget:
    """Add another theme to the ticked responses, or take this theme off them."""
    ui.assign_to = w.Dropdown(description="Other theme", style=_LABEL)
    ui.assign_button = button("Add that theme to ticked responses")
    ui.unassign_button = button("Remove this theme from ticked responses")
    _others(ui, ui.assign_to)
    ui.assign_button.on_click(ui.act(lambda q, t: ui.session.assign(q, ui.assign_to.value, ui.chosen_ids()),
                                     lambda q, t, label: f"added {ui.session.theme(q, ui.assign_to.value)['label']!r}"
                                                         f" to {len(ui.chosen_ids())} response(s)"))
    ui.unassign_button.on_click(ui.act(lambda q, t: ui.session.unassign(q, t, ui.chosen_ids()),
                                       lambda q, t, label: f"removed {label!r} from {len(ui.chosen_ids())} "
                                                           "response(s)"))
    return w.VBox([_hint("Tick responses in the list below first. To move a response, add its right theme, "
                         "then remove this one."),
                   w.HBox([ui.assign_to, ui.assign_button]), ui.unassign_button])


def drop_group(ui: Screen) -> w.Widget:
    """Drop the theme; its responses go to their next theme or to "other"."""
    ui.drop_to = w.Dropdown(description="Send its responses", style=_LABEL, options=[
        ("to their next theme", "discovery"), ("to 'other'", "other")])
    ui.drop_button = button("Drop theme", "danger")
    ui.drop_button.on_click(ui.act(lambda q, t: ui.session.drop(q, t, ui.drop_to.value),
                                   lambda q, t, label: f"dropped {label!r}"))
    return w.HBox([ui.drop_to, ui.drop_button])


def sign_off_group(ui: Screen) -> w.Widget:
    """Mark the theme reviewed; write a note the report should say."""
    ui.reviewed_button = button("Mark reviewed", "success")
    ui.note_text = w.Textarea(description="Note", layout=w.Layout(width="60%"))
    ui.note_button = button("Save note")
    ui.reviewed_button.on_click(ui.act(lambda q, t: ui.session.mark_reviewed(q, t),
                                       lambda q, t, label: f"marked {label!r} reviewed"))
    ui.note_button.on_click(ui.act(lambda q, t: ui.session.note(q, t, ui.note_text.value),
                                   lambda q, t, label: f"saved a note on {label!r}"))
    return w.VBox([ui.reviewed_button, w.HBox([ui.note_text, ui.note_button])])


def response_group(ui: Screen) -> w.Widget:
    """"You said, we did": the organisation's response to the theme, and whether the proposal changed."""
    ui.response = ResponseControl(ui)
    ui.on_theme(ui.response.show)
    return ui.response.box


ACTION_GROUPS: list[ActionGroup] = [
    ("Rename", rename_group),
    ("Merge", merge_group),
    ("Split", split_group),
    ("Move", move_group),
    ("Drop", drop_group),
    ("Sign off", sign_off_group),
    ("Response", response_group),
]
