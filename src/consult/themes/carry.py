"""The next cycle: last cycle's settings and signed-off themes, carried into a new consultation.

- :func:`next_config` drafts the new config (``consult init EXPORT --id NEW --from LAST.yaml``):
  last cycle's settings, the new export, and ``themes.previous`` pointing at last cycle.
- :func:`codebook` lists last cycle's reviewed themes (signed off with ``mark_reviewed``): the
  new cycle's codebook.
- :class:`CarryClassifier` (TF-IDF + logistic regression) learns those themes from last
  cycle's reviewed assignments; :func:`theme_question` uses it to give each new answer one of
  them when it is confident, and leaves the rest to the ThemeModel to discover new themes.

Carried themes come first (``T01`` …, in last cycle's order, ``source`` = ``codebook``), keep
last cycle's labels and top terms, and are followed by the themes discovered this cycle.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import yaml
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import normalize

from consult.core import config
from consult.core.config import Consultation, Question, previous_config
from consult.core.files import is_true, read_csv
from consult.themes import quotes, sentiment
from consult.themes.names import RESERVED
from consult.themes.question import QUOTE_COLUMNS, REVIEW, QuestionThemes, unit_labels
from consult.themes.question import theme_question as discover
from consult.themes.text import TextPreprocessor

DISCOVERY = "__discovery__"  # the class of last cycle's answers that no reviewed theme holds
THRESHOLD = 0.5  # below this probability an answer is left to discovery
MIN_KNOWN = 0.4  # ... and below this share of its words seen in last cycle's answers


class CarryClassifier(ClassifierMixin, BaseEstimator):
    """Assigns texts to last cycle's reviewed themes, or to :data:`DISCOVERY` when unsure.

    Parameters: ``threshold`` (the least class probability to accept), ``min_known`` (the
    least share of a text's terms that last cycle's answers used: a new topic that shares one
    word with an old theme, "litter in the park" against "parking", is not guessed into it),
    ``stop_words`` (extra words to ignore), ``C`` (inverse regularisation), ``random_state``.
    Fitted attributes: ``preprocessor_``, ``vectorizer_``, ``model_``, ``classes_``.
    """

    def __init__(self, threshold: float = THRESHOLD, min_known: float = MIN_KNOWN, stop_words: Sequence[str] = (),
                 C: float = 10.0, random_state: int = 0) -> None:
        self.threshold = threshold
        self.min_known = min_known
        self.stop_words = stop_words
        self.C = C
        self.random_state = random_state

    def fit(self, texts: Sequence[str], labels: Sequence[str]) -> CarryClassifier:
        """Learn from ``texts`` and their theme ``labels`` (include :data:`DISCOVERY` examples); returns ``self``.

        Raises ``ValueError`` when there are fewer than two distinct labels.
        """
        texts = [str(t) for t in texts]
        if len(set(labels)) < 2:
            raise ValueError(f"CarryClassifier needs at least two labels to learn; got {sorted(set(labels))}")
        self.preprocessor_ = TextPreprocessor(list(self.stop_words)).fit(texts)
        self.vectorizer_ = TfidfVectorizer(analyzer=self.preprocessor_, sublinear_tf=True)
        features = self.vectorizer_.fit_transform(texts)
        self.model_ = LogisticRegression(C=self.C, max_iter=2000, random_state=self.random_state,
                                         class_weight="balanced").fit(features, list(labels))
        self.classes_ = self.model_.classes_
        return self

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        """Text × class probabilities (columns in ``classes_`` order)."""
        return self.model_.predict_proba(self.vectorizer_.transform([str(t) for t in texts]))

    def predict_with_confidence(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """Each text's theme (:data:`DISCOVERY` below ``threshold`` or ``min_known``) and its probability."""
        proba = self.predict_proba(texts)
        best = proba.argmax(axis=1)
        confidence = proba[np.arange(len(best)), best] if len(best) else np.zeros(0)
        chosen = self.classes_[best] if len(best) else np.array([], dtype=object)
        vocabulary = self.vectorizer_.vocabulary_
        known = np.array([np.mean([t in vocabulary for t in terms]) if (terms := self.preprocessor_(str(text))) else 0.0
                          for text in texts])
        return np.where((confidence >= self.threshold) & (known >= self.min_known), chosen, DISCOVERY), confidence

    def predict(self, texts: Sequence[str]) -> np.ndarray:
        """Each text's theme, or :data:`DISCOVERY`."""
        return self.predict_with_confidence(texts)[0]


def next_config(last: Consultation, new_id: str, inputs: Sequence[str], title: str | None = None) -> str:
    """YAML for the next cycle's config: last cycle's settings with a new id, inputs and (optional) title.

    Each new input keeps the read options (sheet, encoding, header rows) of last cycle's input
    at the same position. The period is dropped (set it), and ``themes.previous`` names last
    cycle's config so its reviewed themes are carried. Raises :class:`ConfigError` when the
    result is not a valid config (a bad id).
    """
    data = config.dump(last)
    loaded = yaml.safe_load(data)
    old_inputs = loaded.get("inputs", [])
    loaded["id"] = new_id
    loaded["title"] = title or last.title
    loaded.pop("period", None)
    loaded["inputs"] = [{**(old_inputs[i] if i < len(old_inputs) else {}), "path": str(path)}
                        for i, path in enumerate(inputs)]
    source = Path(last.source or f"consultations/{last.id}.yaml").resolve()
    try:
        previous = source.relative_to(last.project_root.resolve()).as_posix()
    except ValueError:
        previous = source.as_posix()
    loaded.setdefault("themes", {})["previous"] = previous
    config.parse(loaded, f"next cycle of {previous}")
    carried = codebook(last) if (last.processed_dir / "themes.csv").exists() else pd.DataFrame()
    header = [f"# Next cycle of {previous} (drafted by consult init --from): same questions and settings.",
              "# Set the period, check the title, then run: consult check <this file>."]
    if len(carried):
        header.append("# Reviewed themes carried from last cycle (new answers are assigned to these first):")
        header += [f"#   {row.question_id}: {row.label}" for row in carried.itertuples()]
    return "\n".join(header) + "\n" + yaml.safe_dump(loaded, sort_keys=False, allow_unicode=True, width=100)


def codebook(last: Consultation) -> pd.DataFrame:
    """Last cycle's signed-off themes (``reviewed`` true, not "other"), in its order.

    Columns: ``question_id``, ``theme_id`` (last cycle's), ``label``, ``top_terms``. Empty when
    nothing was signed off. Raises :class:`consult.core.errors.InputError` when last cycle's
    themes.csv is missing (run its themes stage).
    """
    themes = read_csv(last.processed_dir / "themes.csv", dtype={"theme_id": str})
    if "reviewed" not in themes:
        return themes.iloc[:0][["question_id", "theme_id", "label", "top_terms"]]
    chosen = themes[themes["reviewed"].map(is_true) & ~themes["theme_id"].isin(RESERVED)]
    return chosen[["question_id", "theme_id", "label", "top_terms"]].reset_index(drop=True)


def training_set(last: Consultation, question_id: str) -> pd.DataFrame:
    """Last cycle's answers to one question, each with its reviewed theme or :data:`DISCOVERY`.

    An answer whose main theme is a signed-off one and was reviewed by a person is labelled
    with that theme; answers outside the signed-off themes are :data:`DISCOVERY`; answers that
    joined a signed-off theme without a person seeing them are left out. Columns: ``text``,
    ``theme_id``.
    """
    themes = codebook(last)
    reviewed = set(themes.loc[themes["question_id"] == question_id, "theme_id"])
    assignments = read_csv(last.processed_dir / "theme_assignments.csv", dtype={"respondent_id": str, "theme_id": str})
    responses = read_csv(last.processed_dir / "responses.csv", dtype=str).set_index("respondent_id")
    main = assignments[(assignments["question_id"] == question_id)
                       & assignments["primary"].map(is_true)]
    in_reviewed = main["theme_id"].isin(reviewed)
    keep = ~in_reviewed | main["source"].eq(REVIEW)
    main = main[keep]
    label = main["theme_id"].where(main["theme_id"].isin(reviewed), DISCOVERY)
    text = main["respondent_id"].map(responses[question_id]).fillna("")
    return pd.DataFrame({"text": text.to_numpy(), "theme_id": label.to_numpy()})


def theme_question(cfg: Consultation, responses: pd.DataFrame, question: Question, source: str) -> QuestionThemes:
    """:func:`consult.themes.question.theme_question` for a cycle that carries last cycle's reviewed themes.

    Answers the :class:`CarryClassifier` is confident about get a carried theme; the rest are
    themed by the ThemeModel as usual. The coverage gains a ``carried`` count. Without reviewed themes for this
    question it is exactly the ordinary stage.
    """
    qid = question.id
    last = previous_config(cfg)
    train, carried = training_set(last, qid), codebook(last)
    carried = carried[carried["question_id"] == qid].reset_index(drop=True)
    if carried.empty or train["theme_id"].nunique() < 2:
        result = discover(cfg, responses, question, source)
        return replace(result, coverage={**result.coverage, "carried": 0})
    classifier = CarryClassifier(stop_words=cfg.themes.stop_words, random_state=cfg.themes.random_state)
    classifier.fit(train["text"], train["theme_id"])
    units = unit_labels(responses, question, source)
    first = pd.Series(units.index, index=units.to_numpy()).groupby(level=0, sort=False).first()
    texts = responses.loc[first.to_numpy(), qid].fillna("").astype(str).tolist()
    found, confidence = classifier.predict_with_confidence(texts)
    unit_theme = dict(zip(first.index, found))
    taken = units[units.map(unit_theme) != DISCOVERY].index
    rest = responses.copy()
    rest.loc[taken, f"{qid}__status"] = "carried"
    result = discover(cfg, rest, question, source, taken=carried["label"].tolist())
    return _combine(cfg, responses, question, result, carried, units, first, texts, found, confidence, classifier)


def _combine(cfg: Consultation, responses: pd.DataFrame, question: Question, result: QuestionThemes,
             carried: pd.DataFrame, units: pd.Series, first: pd.Series, texts: list[str], found: np.ndarray,
             confidence: np.ndarray, classifier: CarryClassifier) -> QuestionThemes:
    """Carried themes first, then the discovered ones renumbered after them; bases over every answer."""
    qid, n_quotes = question.id, cfg.themes.quotes
    hits = [tid for tid in carried["theme_id"] if (found == tid).any()]
    new_id = {old: f"T{i:02d}" for i, old in enumerate(hits, start=1)}
    discovered = result.themes
    shift = {t: (t if t in RESERVED else f"T{int(t[1:]) + len(hits):02d}") for t in discovered["theme_id"]}
    base, base_respondents = len(first), len(units)
    vectors = normalize(classifier.vectorizer_.transform(texts))
    unit_members = responses.loc[units.index, "respondent_id"].groupby(units.to_numpy()).agg(list)
    rows, assigned = [], []
    for old in hits:
        mine = np.flatnonzero(found == old)
        theme = carried[carried["theme_id"] == old].iloc[0]
        chosen = quotes.pick_quotes([texts[i] for i in mine], confidence[mine], vectors[mine], n_quotes)
        rows.append({"question_id": qid, "theme_id": new_id[old], "label": theme["label"], "top_terms": theme["top_terms"],
                     "n": len(mine), "base": base, "pct": 100.0 * len(mine) / base,
                     "sentiment": round(float(sentiment.compound([texts[i] for i in mine]).mean()), 4),
                     "source": "codebook", **{c: (chosen[i] if i < len(chosen) else "") for i, c in enumerate(QUOTE_COLUMNS)},
                     "n_respondents": int(unit_members[first.index[mine]].map(len).sum()),
                     "base_respondents": base_respondents})
        for i in mine:
            for respondent in unit_members[first.index[i]]:
                assigned.append((respondent, qid, new_id[old], round(float(confidence[i]), 4), True, "codebook"))
    themes = pd.concat([pd.DataFrame(rows, columns=discovered.columns),
                        discovered.assign(theme_id=discovered["theme_id"].map(shift), base=base,
                                          pct=100.0 * discovered["n"] / base, base_respondents=base_respondents)],
                       ignore_index=True)
    assignments = pd.concat([pd.DataFrame(assigned, columns=result.assignments.columns),
                             result.assignments.assign(theme_id=result.assignments["theme_id"].map(shift))],
                            ignore_index=True)
    coverage = {**result.coverage, "answers": base_respondents, "texts_themed": base,
                "campaign_groups": int(units[~units.str.startswith("row ")].nunique()), "themes": int((~themes["theme_id"].isin(RESERVED)).sum()),
                "carried": int((found != DISCOVERY).sum())}
    return replace(result, themes=themes, assignments=assignments, coverage=coverage)
