"""``theme_breakdown.csv``: each theme's count by group and by the position taken on the closed
question the free text explains, from the (reviewed) assignments."""

from __future__ import annotations

import pandas as pd

from consult.core.config import Consultation
from consult.themes.question import positions, unit_labels

BREAKDOWN_COLUMNS = ["question_id", "theme_id", "split_by", "split", "n", "base", "pct"]


def breakdown(cfg: Consultation, responses: pd.DataFrame, assignments: pd.DataFrame,
              themes: pd.DataFrame) -> pd.DataFrame:
    """``theme_breakdown.csv`` from (reviewed) assignments: each theme's count by group and by position.

    For each free-text question, its answered responses are split by every ``cfg.groups``
    attribute and, when the text explains a closed question, by the position taken there. A
    campaign counts once (as in ``n`` and ``base`` of themes.csv). Columns :data:`BREAKDOWN_COLUMNS`.
    """
    out = []
    for question in cfg.questions_of("free_text"):
        qid = question.id
        unit = unit_labels(responses, question)  # a campaign counts once
        answered = responses.loc[unit.index]
        theme_ids = themes.loc[themes["question_id"] == qid, "theme_id"].tolist()
        mine = assignments[assignments["question_id"] == qid]
        splits = {g: answered[g].fillna("") for g in cfg.groups}
        if question.explains:
            splits[question.explains] = positions(cfg, cfg.question(question.explains), answered[question.explains])
        values = pd.DataFrame(splits, index=answered.index).set_axis(range(len(splits)), axis=1)  # numbered: no clash
        frame = values.assign(respondent_id=answered["respondent_id"].astype(str), unit=unit)
        joined = frame.merge(mine[["respondent_id", "theme_id"]].astype({"respondent_id": str}), on="respondent_id")
        for column, split_by in enumerate(splits):
            base = frame.groupby(column)["unit"].nunique()
            counts = joined.groupby([column, "theme_id"])["unit"].nunique()
            for value in sorted(base.index):
                for theme_id in theme_ids:
                    n = int(counts.get((value, theme_id), 0))
                    out.append((qid, theme_id, split_by, value, n, int(base[value]), 100.0 * n / base[value]))
    return pd.DataFrame(out, columns=BREAKDOWN_COLUMNS)
