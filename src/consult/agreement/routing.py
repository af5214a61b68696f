"""Routing (skip logic): who was asked a question that only some respondents were asked.

A question's ``asked_if`` names the routing question and the answers that led to it. The
agreement table leaves those not asked out of the question's ``all`` base, and a routed
attribute's rows that were not asked form the ``(not asked)`` group; the report says who was
asked beside each percentage. Light on purpose (no scipy): the report imports it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from consult.core import wording
from consult.core.config import Consultation, Question
from consult.core.errors import InputError
from consult.core.scales import normalise_label

__all__ = ["MULTI_DELIMITER", "NOT_ASKED", "asked_of", "routing_columns", "was_asked"]

NOT_ASKED = "(not asked)"
"""The group of a routed attribute's rows that were never asked it."""
MULTI_DELIMITER = "; "
"""How responses.csv joins the choices of a multi-select answer."""


def asked_of(cfg: Consultation, question: Question) -> str | None:
    """Who a routed question was asked of, for prose: its ``asked_of``, else "those who answered Yes to
    “Have you used the tools?”"; ``None`` when everyone was asked."""
    routing = question.asked_if
    if routing is None:
        return None
    if question.asked_of:
        return question.asked_of.strip()
    asker = cfg.question(routing.question)
    label = asker.label.strip()
    if asker.type in ("closed", "choice"):  # "all but those who answered Never" when that is shorter
        chosen = {normalise_label(a) for a in routing.answers}
        others = [o for o in asker.get_scale(cfg.cleaning.synonyms).all_options if normalise_label(o) not in chosen]
        if 0 < len(others) < len(routing.answers):
            return f"those who did not answer {wording.join(list(others), 'or')} to “{label}”"
    return f"those who answered {wording.join(list(routing.answers), 'or')} to “{label}”"


def routing_columns(cfg: Consultation, questions: list[Question]) -> list[str]:
    """The routing questions' columns of responses.csv that :func:`was_asked` reads for ``questions``."""
    return list(dict.fromkeys(q.asked_if.question for q in questions if q.asked_if is not None))


def was_asked(responses: pd.DataFrame, question: Question, cfg: Consultation) -> np.ndarray:
    """Whether each respondent was asked ``question`` (booleans, one per row of ``responses``).

    Everyone when it has no ``asked_if``; else those whose answer to the routing question is one
    of ``asked_if.answers`` (labels matched as the clean stage matches them; a multi-select answer
    when any choice is one), and anyone who answered the question all the same. Raises
    :class:`InputError` when responses.csv lacks the routing question's column.
    """
    routing = question.asked_if
    if routing is None:
        return np.ones(len(responses), dtype=bool)
    if routing.question not in responses.columns:
        raise InputError(f"responses.csv: no column {routing.question!r}, the routing question of "
                         f"questions.{question.id}.asked_if; rerun the clean stage (01_clean) with this config.")
    source = cfg.question(routing.question)
    lookup = source.get_scale(cfg.cleaning.synonyms).lookup() if source.scale else {}
    wanted = {normalise_label(lookup.get(normalise_label(a), a)) for a in routing.answers}
    values = responses[routing.question].astype("string")
    parts = values.str.split(MULTI_DELIMITER) if source.type == "multi_select" else values.map(
        lambda v: [v], na_action="ignore")
    chosen = parts.map(lambda p: any(normalise_label(v) in wanted for v in p), na_action="ignore")
    answered = responses[question.id].notna() if question.id in responses.columns else False
    return (chosen.fillna(False).astype(bool) | answered).to_numpy(dtype=bool)
