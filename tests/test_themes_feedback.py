"""Themes an analyst can sign off: feedback-shaped text, labels that describe, quotes that fit, and
the nothing-to-improve category."""

from __future__ import annotations

import random
import re
import shutil
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from consult.core import config
from consult.review.session import ReviewSession
from consult.themes.labels import GENERIC_WORDS, candidate_labels, describes, various, words
from consult.themes.model import ThemeModel
from consult.themes.nothing import says_nothing
from consult.themes.praise import PRAISE_LABEL, is_praise
from consult.themes.text import clean_feedback, split_sentences, tokenize

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "themes"))
from feedback import THEMES, feedback  # noqa: E402

WEB = re.compile(r"https?|www|\.com|\bt co\b|@|#|&amp")
REVIEW = Path(__file__).parent / "fixtures" / "review" / "project"
FILLERS = sorted(GENERIC_WORDS)[:60]


def test_feedback_text_loses_handles_urls_entities_and_emoji() -> None:
    assert clean_feedback("RT @united: Lost my bag &amp; no reply #fail https://t.co/x1Yz 😡") == "Lost my bag & no reply fail"
    assert clean_feedback("Cancelled Flightled 😂 see www.aa.com/help") == "Cancelled Flightled see"
    assert clean_feedback("e.g. 3.5 stars, write to me@example.org") == "e.g. 3.5 stars, write to me@example.org"
    assert clean_feedback("Bins &lt;font face=x&gt;late&lt;/font&gt;<br/>again, 1 < 2 <3") == "Bins late again, 1 < 2 <3"


@pytest.mark.parametrize("text", ["Nothing to improve", "Can't think of anything", "All good", "N/A - happy",
                                  "no comment", "Nothing really, keep up the good work", "No improvements needed",
                                  "I don't think anything could be improved, thank you"])
def test_answers_that_say_nothing_to_improve(text: str) -> None:
    assert says_nothing(text)


@pytest.mark.parametrize("text", ["Nothing, except the parking", "None of the staff listened", "No parking at all",
                                  "Anything to cut the wait", "Not enough nurses at night"])
def test_answers_that_make_a_point_are_not_nothing(text: str) -> None:
    assert not says_nothing(text)


def test_labels_name_a_topic() -> None:
    for bad in ["Anything", "Guys", "Used", "Know", "Give", "Make sure", "Http t co", "Dm", "Excellent", "Everything",
                "Cancelled", "Service"]:
        assert not describes(bad), bad
    for bad in ["Unreliable 4.50", "Restrictions 8", "100 wrong", "Two years", "Hours a week", "7.45 bus", "Spent"]:
        assert not describes(bad), bad  # a loose number, or numbers and times alone
    for good in ["Cancelled flights", "Helpful staff", "Parking charges", "Lost luggage", "Appointment times",
                 "Route 42", "Junction 9"]:
        assert describes(good), good
    assert various(["everything", "parking"]) == "Various comments about parking"
    assert is_praise("Very helpful and friendly staff") and not is_praise("Friendly staff but the wait was long")


@pytest.mark.parametrize("sentences, fragment, topic", [
    (["I would rather the council spent what it has on street lighting",
      "we would rather the council spent what it has on street lighting",
      "rather the council spent what it has on street lighting than consultants"], "council spent", "street lighting"),
    (["we ask that the strategy names rural crime", "we ask that the strategy covers rural crime",
      "and we ask that the strategy mentions rural crime"], "ask that the strategy", "rural crime"),
    (["it should acknowledge public concern about the accessibility of the police",
      "public concern about the accessibility of the police is high",
      "we share public concern about the accessibility of the police"], "public concern about the accessibility", "police"),
    (["the priority would benefit from measurable outcomes", "the priority would benefit from measurable targets",
      "each priority would benefit from measurable aims"], "priority would benefit from", "priority"),
    (["students on the hillside estate depend on the 42", "the hillside estate needs a better bus",
      "people on the hillside estate depend on this route"], "hillside estate depend", "route"),
    (["reliability is terrible on this route", "reliability is terrible", "honestly reliability is terrible"],
     "reliability is terrible", "reliability"),
])
def test_labels_are_never_pieces_of_clauses(sentences: list[str], fragment: str, topic: str) -> None:
    other = [words(s) for s in ["buses are late", "the library should stay open", "more parking please"] * 5]
    found = candidate_labels([words(s) for s in sentences], other)
    assert fragment not in found and topic in found, found


@pytest.mark.parametrize("sentences, fragment", [
    (["the buses never turn up on time", "buses never turn up", "the 7.45 buses never turn up at all"], "buses never turn"),
    (["the app says it is due and then nothing", "the app says it is due", "app says it is due every time"], "app says"),
    (["it is too dark, more lights please", "far too dark, more lights", "too dark at night, more lights needed"],
     "dark more lights"),  # no phrase spans a comma
    (["the children learn so much here", "my children learn to read here", "children learn here"], "children learn"),
    (["an hourly service means I can't work", "the hourly service means we wait", "hourly service means they drive"],
     "hourly service means"),
    (["without proper enforcement the scheme is pointless", "no proper enforcement the scheme fails",
      "with proper enforcement the scheme works"], "enforcement the scheme"),
])
def test_phrases_that_read_as_clauses_are_never_candidates(sentences: list[str], fragment: str) -> None:
    found = candidate_labels([words(s) for s in sentences], [words("buses are late")] * 5)
    assert not any(fragment in label for label in found), found


def _sampled_texts(seed: int, n: int) -> list[str]:
    """Feedback written from the fixture's topics, padded with generic words, praise, handles and links."""
    rng = random.Random(seed)
    phrases = [p for topic in THEMES.values() for p in topic]
    extras = ["@united", "https://t.co/abc", "&amp;", "#delay", "😡", "guys", "make sure", "anything", "thanks"]
    texts = []
    for _ in range(n):
        words = rng.choice(phrases).split() + rng.sample(FILLERS, 2) + rng.sample(extras, 2)
        rng.shuffle(words)
        texts.append(" ".join(words) if rng.random() < 0.3 else f"{rng.choice(phrases)} {' '.join(words[:3])}")
    return texts


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000), n=st.integers(60, 160))
def test_labels_are_never_generic_words_or_web_fragments(seed: int, n: int) -> None:
    model = ThemeModel(random_state=seed % 7).fit(_sampled_texts(seed, n))
    named = model.themes_[model.themes_["theme"] >= 0]
    for label in [*named["label"], *model.subthemes_["label"]]:
        assert describes(label) or label.startswith("Other comments"), label
        assert not WEB.search(label.lower()), label
    for quotes in model.themes_["quotes"]:
        assert not any(WEB.search(quote.lower()) for quote in quotes), quotes


def test_quotes_are_sentences_of_their_themes_members() -> None:
    texts = feedback(180, seed=3)[0]
    model = ThemeModel().fit(texts)
    for j, row in model.themes_[model.themes_["theme"] >= 0].iterrows():
        members = " ".join(texts[i] for i in np.flatnonzero(model.memberships_[:, j]))
        for quote in row["quotes"]:
            assert all(part in members for part in split_sentences(quote)), (row["label"], quote)


def test_praise_split_by_adjective_is_one_theme() -> None:
    rng = random.Random(1)
    praise = ["Excellent service", "Very helpful staff", "Brilliant care", "Perfect, thank you", "Professional and kind",
              "Staff were lovely and helpful", "Excellent care from everyone", "Brilliant, thanks so much"]
    texts = [rng.choice(praise) for _ in range(90)] + feedback(90, seed=2)[0]
    labels = ThemeModel().fit(texts).themes_["label"].tolist()
    assert labels.count(PRAISE_LABEL) == 1
    assert not {"Excellent", "Helpful", "Brilliant", "Perfect", "Professional"} & set(labels)


@pytest.fixture()
def cfg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> config.Consultation:
    shutil.copytree(REVIEW, tmp_path, dirs_exist_ok=True)
    monkeypatch.setenv("CONSULT_REVIEWER", "asmith")
    return config.load(tmp_path / "consultations" / "town.yaml")


def _member_texts(outcome, cfg: config.Consultation, theme_id: str) -> str:  # type: ignore[no-untyped-def]
    from consult.core.files import read_csv

    responses = read_csv(cfg.processed_dir / "responses.csv", dtype=str)
    rows = outcome.assignments[(outcome.assignments["question_id"] == "q_why") & (outcome.assignments["theme_id"] == theme_id)]
    return " ".join(responses.loc[responses["respondent_id"].isin(set(rows["respondent_id"])), "q_why"].fillna(""))


@pytest.mark.parametrize("act", ["rename", "merge", "move"])
def test_quotes_after_a_review_come_from_the_members(cfg: config.Consultation, act: str) -> None:
    session = ReviewSession(cfg)
    if act == "rename":
        outcome = session.rename("q_why", "T02", "Bus routes")
    elif act == "merge":
        outcome = session.merge("q_why", "T02", ["T03"])
    else:
        member = session.outcome.assignments.query("theme_id == 'T01'")["respondent_id"].iloc[0]
        outcome = session.assign("q_why", "T02", [member])
    row = outcome.themes[outcome.themes["theme_id"] == "T02"].iloc[0]
    members = _member_texts(outcome, cfg, "T02")
    quotes = [q for q in row[[c for c in row.index if c.startswith("quote_")]] if isinstance(q, str) and q]
    assert quotes and all(" ".join(tokenize(q)) in " ".join(tokenize(members)) for q in quotes)
    if act == "rename":
        assert "bus" in quotes[0].lower()


def test_reports_list_the_catch_all_then_nothing_then_other_and_count_nothing() -> None:
    import pandas as pd

    from consult.report.summary import _nothing_sentence
    from consult.report.tables import ordered_themes

    themes = pd.DataFrame({"question_id": "q", "theme_id": ["T01", "T02", "nothing", "other", "T03"],
                           "label": ["Other comments", "Parking", "Nothing to improve", "Other (fits no theme)", "Buses"],
                           "n": [50, 20, 311, 3, 10], "base": 2000})
    assert ordered_themes(themes)["theme_id"].tolist() == ["T02", "T03", "T01", "nothing", "other"]
    unnamed = pd.concat([themes, pd.DataFrame({"question_id": ["q"], "theme_id": ["T04"], "n": [60], "base": 2000,
                                               "label": ["Various comments about rice"]})], ignore_index=True)
    assert ordered_themes(unnamed)["theme_id"].tolist() == ["T02", "T03", "T04", "T01", "nothing", "other"]
    assert _nothing_sentence(themes, 10) == ["Nothing to improve: 311 of the 2,000 comments, counted apart from the themes."]
