"""A theme's figures recomputed after a reviewer changed its members: count, share, sentiment, quotes, terms.

Pure functions of responses.csv and one theme's assignment rows, following the themes stage's
rules: campaign texts count once in ``n``, sentiment is the mean VADER compound (4 decimals),
quotes are the members' most typical sentences (main-theme members first).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable

import pandas as pd

from consult.themes import sentiment

TOP_TERMS = 5


def answer_texts(responses: pd.DataFrame, question_id: str, respondents: Iterable[str]) -> pd.Series:
    """The answers of these respondents to one question, indexed by respondent id (blank as "")."""
    rows = responses[responses["respondent_id"].isin(set(respondents))]
    if question_id not in rows:
        return pd.Series(dtype=object)
    return rows.set_index("respondent_id")[question_id].fillna("").astype(str)


def count_units(responses: pd.DataFrame, question_id: str, respondents: set[str]) -> int:
    """Responses raising a theme, each campaign (``<id>__campaign``) counted once."""
    column = f"{question_id}__campaign"
    if column not in responses:
        return len(respondents)
    rows = responses[responses["respondent_id"].isin(respondents)]
    campaign = rows[column].fillna("").astype(str)
    missing = len(respondents - set(rows["respondent_id"]))
    return int((campaign == "").sum() + campaign[campaign != ""].nunique()) + missing


def distinctive_terms(responses: pd.DataFrame, question_id: str, respondents: set[str], everyone: set[str],
                      k: int = TOP_TERMS) -> list[str]:
    """The ``k`` words most over-represented in these answers against all the question's answers."""
    from consult.themes.text import (  # here: it loads scikit-learn and NLTK, which reports never need
        STOP_WORDS,
        tokenize,
    )

    def document_counts(ids: set[str]) -> Counter[str]:
        return Counter(w for text in answer_texts(responses, question_id, ids) for w in set(tokenize(text)) - STOP_WORDS)

    inside, overall = document_counts(respondents), document_counts(everyone)
    n_in, n_all = max(len(respondents), 1), max(len(everyone), 1)
    return sorted(inside, key=lambda w: (-(inside[w] / n_in - overall[w] / n_all), -inside[w], w))[:k]


def theme_figures(responses: pd.DataFrame, rows: pd.DataFrame, question_id: str, base: float,
                  n_quotes: int, label: str = "") -> dict[str, object]:
    """``n``, ``pct``, ``sentiment``, ``n_respondents`` and ``quote_1`` … ``quote_<n_quotes>`` of one theme.

    ``rows`` are the theme's assignment rows (respondent_id, weight, primary); the quotes are the
    members' most typical sentences (:func:`consult.themes.quotes.member_quotes`), those using a
    word of ``label`` first.
    """
    members = set(rows["respondent_id"])
    texts = answer_texts(responses, question_id, members)
    n = count_units(responses, question_id, members)
    scores = sentiment.compound([t for t in texts if t])
    from consult.themes.quotes import member_quotes  # here: it loads scikit-learn, which reports never need

    order = rows.sort_values(["primary", "weight", "respondent_id"], ascending=[False, False, True])
    order = order.drop_duplicates("respondent_id")
    said = [(str(texts.get(r, "")), bool(main)) for r, main in zip(order["respondent_id"], order["primary"])]
    said = [(text, main) for text, main in said if text]
    quotes = member_quotes([text for text, _ in said], n_quotes, label, [main for _, main in said])
    quotes += [""] * (n_quotes - len(quotes))
    return {"n": n, "pct": 100.0 * n / base if base else math.nan,
            "sentiment": round(float(scores.mean()), 4) if len(scores) else math.nan,
            "n_respondents": len(members), **{f"quote_{i}": q for i, q in enumerate(quotes, start=1)}}
