"""The review screen's "You said, we did" control: the organisation's response to the chosen theme.

A text area for the response, a "proposal changed" tick box and a Save button. It shows the saved
response of the theme chosen on the screen (:meth:`ResponseControl.show`), and Save records a
``respond`` decision through the screen's :class:`consult.review.session.ReviewSession`, then
redraws the screen. A blank response shows as a one-line message and saves nothing.
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as w

from consult.core.errors import ConsultError
from consult.core.files import is_true


class ResponseControl:
    """The control for one review screen ``ui`` (a :class:`consult.review.widget.ReviewWidget`).

    It uses the screen's ``session``, ``question`` and ``theme`` widgets and ``redraw()``. Its
    widgets are attributes a test can drive: set ``text.value`` and ``changed.value``, then
    ``save_button.click()``; ``box`` is what the screen lays out.
    """

    def __init__(self, ui: Any) -> None:
        self.ui = ui
        self.text = w.Textarea(description="Our response", placeholder="what the organisation will do about it",
                               style={"description_width": "initial"}, layout=w.Layout(width="60%", height="5em"))
        self.changed = w.Checkbox(description="proposal changed", indent=False)
        self.save_button = w.Button(description="Save response", layout=w.Layout(width="auto"))
        self.saved = w.HTML()
        self.status = w.HTML()
        self.save_button.on_click(self._save)
        self.box = w.VBox([w.HTML("<b>You said, we did</b>"),
                           w.HBox([self.text, w.VBox([self.changed, self.save_button],
                                                     layout=w.Layout(align_items="flex-start"))]),
                           self.saved, self.status])

    def show(self, question_id: str | None, theme_id: str | None) -> None:
        """Fill the control with the saved response of this theme (blank when it has none or none is chosen)."""
        response, changed = "", False
        if theme_id is not None:
            try:
                row = self.ui.session.theme(question_id, theme_id)
            except ConsultError:
                row = None
            if row is not None:
                response = str(row.get("response") or "")
                changed = is_true(row.get("changed"))
        self.text.value, self.changed.value = response, changed
        self.save_button.disabled = theme_id is None
        self.saved.value = (f"<i>Saved: proposal {'changed' if changed else 'not changed'}.</i>" if response
                            else "<i>No response saved for this theme yet.</i>")

    def _save(self, _: w.Button) -> None:
        question, theme = self.ui.question.value, self.ui.theme.value
        if theme is None:
            self._say("Choose a theme first.", error=True)
            return
        try:
            self.ui.session.respond(question, theme, self.text.value, self.changed.value)
        except ConsultError as error:
            self._say(str(error), error=True)
            return
        self.ui.redraw()
        self._say(f"Response saved to {self.ui.session.decisions.path.name}.")

    def _say(self, message: str, error: bool = False) -> None:
        colour = "#a00" if error else "#060"
        self.status.value = f'<span style="color:{colour}">{html.escape(message)}</span>'
