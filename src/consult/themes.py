"""The theme model: discover, label and assign themes in free-text answers, without an LLM.

Default engine ("tfidf"): terms from :class:`consult.text.TextPreprocessor` (Snowball stems,
feedback stop words, phrases), TF-IDF, LSA (truncated SVD) and spectral clustering on the
nearest-neighbour graph (k-means below 200 answers). Optional engine ("embeddings"):
all-MiniLM-L6-v2 sentence embeddings (:mod:`consult.embeddings`) clustered the same way.
Above 5,000 answers the clustering is fitted on a seeded sample and every answer is assigned
to its nearest theme centre, so time grows linearly with the number of answers.

Codebook themes are matched first (:mod:`consult.codebook`); themes are discovered in what is
left. Themes smaller than ``max(min_theme_size, 0.1% of answers)`` are dissolved into their
members' next-nearest theme; answers close to no theme, or with no content words, go to
"other". The number of themes, when not given, is the largest in ``[min_themes, max_themes]``
whose stability across resamples (ARI) is within 10% of the most stable.
"""

from __future__ import annotations

import math
import os
import warnings
from collections.abc import Sequence
from numbers import Integral, Real

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.cluster import KMeans, SpectralClustering
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import adjusted_rand_score
from sklearn.preprocessing import normalize
from sklearn.utils._param_validation import Interval, StrOptions

from consult import embeddings, labels, quotes, sentiment
from consult.codebook import codebook_scores
from consult.config import CodebookTheme
from consult.text import TextPreprocessor
from consult.theme_checks import theme_set_checks

SAMPLE = 5000  # answers the clustering is fitted on; the rest are assigned to the nearest centre
STABILITY_SAMPLE = 1000  # answers used to compare resampled clusterings when choosing k
LABEL_SAMPLE = 500  # most typical members a label and quotes are chosen from
SENTIMENT_SAMPLE = 2000  # members whose VADER scores make a theme's mean sentiment


class ThemeModel(TransformerMixin, BaseEstimator):
    """Themes of short free-text answers, in the style of a scikit-learn estimator.

    Parameters: ``n_themes`` (None = choose from the data), ``min_themes`` and ``max_themes``
    (the range it is chosen in), ``engine`` (``"tfidf"`` or ``"embeddings"``), ``random_state``
    (an int: same texts and seed, same themes), ``stop_words`` (extra words to ignore, e.g. the
    council's name), ``codebook`` (:class:`consult.config.CodebookTheme` items), ``n_quotes``,
    ``min_theme_size`` (themes below ``max(min_theme_size, 0.1%)`` are dissolved),
    ``min_similarity`` (answers less similar than this to every theme go to "other"),
    ``secondary_ratio`` (a further theme is assigned when its weight is at least this share of
    the primary theme's), ``cache_dir`` (where embeddings are cached).

    After :meth:`fit`: ``labels_`` (primary theme per text, -1 for other), ``weights_`` (text ×
    theme), ``memberships_`` (text × theme booleans, several per text), ``themes_`` (one row per
    theme plus "other": theme_id, label, top_terms, n, share, sentiment, source, quotes),
    ``checks_`` (the theme-set checks), ``stability_`` (k → mean ARI across resamples),
    ``n_themes_``, ``too_few_`` (True when there were too few answers to theme).
    """

    _parameter_constraints: dict = {
        "n_themes": [Interval(Integral, 2, 500, closed="both"), None],
        "min_themes": [Interval(Integral, 1, 50, closed="both")],
        "max_themes": [Interval(Integral, 2, 50, closed="both")],
        "engine": [StrOptions({"tfidf", "embeddings"})],
        "random_state": [Interval(Integral, 0, None, closed="left")],
        "stop_words": ["array-like"],
        "codebook": ["array-like"],
        "n_quotes": [Interval(Integral, 0, 5, closed="both")],
        "min_theme_size": [Interval(Integral, 1, None, closed="left")],
        "min_similarity": [Interval(Real, 0, 1, closed="both")],
        "secondary_ratio": [Interval(Real, 0, 1, closed="right")],
        "cache_dir": [str, os.PathLike, None],
    }

    def __init__(self, n_themes: int | None = None, *, min_themes: int = 4, max_themes: int = 12,
                 engine: str = "tfidf", random_state: int = 0, stop_words: Sequence[str] = (),
                 codebook: Sequence[CodebookTheme] = (), n_quotes: int = 3, min_theme_size: int = 5,
                 min_similarity: float = 0.1, secondary_ratio: float = 0.8,
                 cache_dir: str | os.PathLike[str] | None = None) -> None:
        self.n_themes = n_themes
        self.min_themes = min_themes
        self.max_themes = max_themes
        self.engine = engine
        self.random_state = random_state
        self.stop_words = stop_words
        self.codebook = codebook
        self.n_quotes = n_quotes
        self.min_theme_size = min_theme_size
        self.min_similarity = min_similarity
        self.secondary_ratio = secondary_ratio
        self.cache_dir = cache_dir

    # ------------------------------------------------------------------ representation
    def _represent(self, texts: Sequence[str], tfidf: sparse.csr_matrix, fitting: bool) -> np.ndarray:
        """L2-normalised dense vectors for clustering: LSA of TF-IDF, or sentence embeddings."""
        if self.engine == "embeddings":
            return embeddings.embed(texts, self.cache_dir).astype(np.float64)
        if fitting:
            dims = min(100, tfidf.shape[1] - 1, tfidf.shape[0] - 1)
            self.svd_ = TruncatedSVD(dims, random_state=self.random_state).fit(tfidf) if dims >= 2 else None
        if self.svd_ is None:
            return normalize(tfidf).toarray()
        return normalize(self.svd_.transform(tfidf))

    def _cluster(self, vectors: np.ndarray, k: int, seed: int) -> np.ndarray:
        """Cluster labels 0..k-1 for each row (spectral, k-means when small, sampled when large)."""
        rng = np.random.RandomState(seed)
        sample = np.sort(rng.choice(len(vectors), SAMPLE, replace=False)) if len(vectors) > SAMPLE else None
        fit_on = vectors if sample is None else vectors[sample]
        if len(fit_on) < 200:
            found = KMeans(k, n_init=10, random_state=seed).fit_predict(fit_on)
        else:
            with warnings.catch_warnings():  # a few isolated answers leave the neighbour graph unconnected
                warnings.filterwarnings("ignore", message="Graph is not fully connected")
                found = SpectralClustering(k, affinity="nearest_neighbors", n_neighbors=10, random_state=seed,
                                           assign_labels="cluster_qr").fit_predict(fit_on)
        if sample is None:
            return found
        return (vectors @ _centres(fit_on, found, k).T).argmax(axis=1)

    def _choose_k(self, vectors: np.ndarray, high: int) -> int:
        """The number of themes: given, or the largest nearly-most-stable one across resamples."""
        low = max(2, min(self.min_themes, high))
        if self.n_themes is not None:
            self.stability_ = {}
            return min(self.n_themes, high)
        rng = np.random.RandomState(self.random_state)
        if len(vectors) > STABILITY_SAMPLE:
            vectors = vectors[np.sort(rng.choice(len(vectors), STABILITY_SAMPLE, replace=False))]
        size = int(0.8 * len(vectors))
        draws = [(np.sort(rng.choice(len(vectors), size, replace=False)),
                  np.sort(rng.choice(len(vectors), size, replace=False))) for _ in range(3)]
        self.stability_ = {}
        for k in range(low, high + 1):
            scores = []
            for b, (first, second) in enumerate(draws):
                a = dict(zip(first, self._cluster(vectors[first], k, self.random_state + 2 * b)))
                c = dict(zip(second, self._cluster(vectors[second], k, self.random_state + 2 * b + 1)))
                both = sorted(a.keys() & c.keys())
                scores.append(adjusted_rand_score([a[i] for i in both], [c[i] for i in both]))
            self.stability_[k] = float(np.mean(scores))
        best = max(self.stability_.values())
        return max(k for k, score in self.stability_.items() if score >= 0.9 * best)

    # ------------------------------------------------------------------ fitting
    def fit(self, texts: Sequence[str], y: None = None) -> ThemeModel:
        """Discover themes in ``texts`` (one answer each); returns ``self``.

        Raises ``sklearn.utils._param_validation.InvalidParameterError`` (a ``ValueError``)
        naming the parameter when one is invalid.
        """
        self._validate_params()
        texts = [str(text) for text in texts]
        n = len(texts)
        self.min_size_ = max(self.min_theme_size, math.ceil(0.001 * n))
        self.preprocessor_ = TextPreprocessor(list(self.stop_words)).fit(texts)
        big = n >= 50
        self.vectorizer_ = TfidfVectorizer(analyzer=self.preprocessor_, sublinear_tf=True, min_df=2 if big else 1,
                                           max_df=0.5 if big else 1.0)
        tfidf = self.vectorizer_.fit_transform(texts) if n else sparse.csr_matrix((0, 0))
        self.codebook_ = list(self.codebook)
        seeded = codebook_scores(texts, self.codebook_, self.preprocessor_, self.vectorizer_) if n else np.zeros((0, 0))
        has_terms = np.asarray(tfidf.getnnz(axis=1) > 0) if n else np.zeros(0, bool)
        rest = np.flatnonzero(has_terms & ~(seeded > 0).any(axis=1)) if seeded.size else np.flatnonzero(has_terms)
        high = min(self.max_themes if self.n_themes is None else self.n_themes, len(rest) // self.min_size_)
        self.too_few_ = high < 2
        vectors = self._represent([texts[i] for i in rest], tfidf[rest], fitting=True) if len(rest) > 1 else None
        found = np.full(n, -1)
        if not self.too_few_:
            k = self._choose_k(vectors, high)
            found[rest] = self._cluster(vectors, k, self.random_state)
            found[rest] = self._tidy(vectors, found[rest], k)
        else:
            self.stability_ = {}
        self._learn_themes(texts, tfidf, seeded, rest, vectors, found)
        return self

    def _tidy(self, vectors: np.ndarray, found: np.ndarray, k: int) -> np.ndarray:
        """Dissolve themes below the minimum size and drop outliers; renumber by size (stable)."""
        found = found.copy()
        alive = list(range(k))
        while alive:
            centres = _centres(vectors, found, k)
            sims = vectors @ centres[alive].T
            best = np.asarray(alive)[sims.argmax(axis=1)]
            best[sims.max(axis=1) < self.min_similarity] = -1
            found = np.where(np.isin(found, alive), found, best)
            sizes = {j: int((found == j).sum()) for j in alive}
            smallest = min(alive, key=lambda j: (sizes[j], j))
            if sizes[smallest] >= self.min_size_:
                break
            alive.remove(smallest)
            found[found == smallest] = -2  # reassigned on the next pass
        if not alive:
            return np.full(len(found), -1)
        centres = _centres(vectors, found, k)
        own = np.einsum("ij,ij->i", vectors, centres[np.maximum(found, 0)])
        found[(found >= 0) & (own < self.min_similarity)] = -1
        order = sorted(alive, key=lambda j: (-int((found == j).sum()), j))
        remap = {old: new for new, old in enumerate(order)}
        return np.array([remap.get(j, -1) for j in found])

    def _learn_themes(self, texts: list[str], tfidf: sparse.csr_matrix, seeded: np.ndarray, rest: np.ndarray,
                      vectors: np.ndarray | None, found: np.ndarray) -> None:
        """Set the fitted attributes: centres, weights, memberships, the themes table and checks."""
        n, m = len(texts), len(self.codebook_)
        k = int(found.max()) + 1 if len(found) and found.max() >= 0 else 0
        self.centres_ = _centres(vectors, found[rest], k) if k else np.zeros((0, 0))
        self.n_themes_ = m + k
        model_weights = np.zeros((n, k))
        if k:
            model_weights[rest] = np.clip(vectors @ self.centres_.T, 0, None)
        self.weights_ = np.hstack([seeded.reshape(n, m), model_weights])
        primary = np.full(n, -1)
        if m:
            hit = seeded.max(axis=1) > 0
            primary[hit] = seeded[hit].argmax(axis=1)
        primary[rest] = np.where(found[rest] >= 0, m + found[rest], -1)
        self.labels_ = primary
        self.memberships_ = _memberships(self.weights_, primary, m, self.secondary_ratio, self.min_similarity)
        self.themes_ = self._describe(texts, tfidf, primary)
        self.checks_ = theme_set_checks(self.themes_, self.memberships_, self.min_size_, len(texts))

    def _describe(self, texts: list[str], tfidf: sparse.csr_matrix, primary: np.ndarray) -> pd.DataFrame:
        """One row per theme, then "other": id, label, top terms, size, sentiment, source, quotes."""
        m, n = len(self.codebook_), len(texts)
        terms = self.vectorizer_.get_feature_names_out() if n else np.array([])
        unit = normalize(tfidf) if n else tfidf
        overall = np.asarray(unit.mean(axis=0)).ravel() if n else np.zeros(0)
        rng = np.random.RandomState(self.random_state)
        rows, candidates, top_stems = [], [], []
        grams: dict[int, set[tuple[str, ...]]] = {}

        def grams_of(indices: np.ndarray) -> list[set[tuple[str, ...]]]:
            for i in indices:
                if i not in grams:
                    grams[i] = labels.ngrams(texts[i])
            return [grams[i] for i in indices]

        pool = np.arange(n) if n <= 4 * LABEL_SAMPLE else np.sort(rng.choice(n, 4 * LABEL_SAMPLE, replace=False))
        for j in list(range(self.n_themes_)) + [-1]:
            members = np.flatnonzero(self.memberships_[:, j]) if j >= 0 else np.flatnonzero(primary == -1)
            typical = members[np.argsort(-self.weights_[members, j], kind="stable")] if j >= 0 else members
            distinct = np.asarray(unit[members].mean(axis=0)).ravel() - overall if len(members) else overall * 0
            stems = [terms[t] for t in np.argsort(-distinct, kind="stable")[:8] if distinct[t] > 0]
            top_stems.append(stems)
            if j >= 0 and j >= m:
                outside = pool[~self.memberships_[pool, j]]
                candidates.append(labels.candidate_labels(grams_of(typical[:LABEL_SAMPLE]), grams_of(outside), stems))
            scored = members if len(members) <= SENTIMENT_SAMPLE else np.sort(rng.choice(members, SENTIMENT_SAMPLE, replace=False))
            shown = typical[:LABEL_SAMPLE]
            rows.append({
                "theme": j,
                "theme_id": f"T{j + 1:02d}" if j >= 0 else "other",
                "top_terms": _unique(self.preprocessor_.surface(s) for s in stems),
                "n": len(members),
                "share": len(members) / n if n else math.nan,
                "sentiment": float(sentiment.compound([texts[i] for i in scored]).mean()) if len(scored) else math.nan,
                "source": "codebook" if 0 <= j < m else "model",
                "quotes": quotes.pick_quotes([texts[i] for i in shown], self.weights_[shown, j] if j >= 0 else np.zeros(len(shown)),
                                             unit[shown], self.n_quotes) if len(shown) else [],
            })
        discovered = labels.choose_labels(candidates, top_stems[m:self.n_themes_], self.preprocessor_)
        names = [theme.name for theme in self.codebook_] + discovered
        other = (f"too few answers to theme ({n}); read them all" if self.too_few_ else "other (fits no theme)")
        table = pd.DataFrame(rows)
        table.insert(2, "label", names + [other])
        return table

    # ------------------------------------------------------------------ sklearn API
    def transform(self, texts: Sequence[str]) -> np.ndarray:
        """Text × theme weights in [0, 1]: codebook match scores, then similarity to each discovered theme."""
        texts = [str(text) for text in texts]
        tfidf = self.vectorizer_.transform(texts)
        seeded = codebook_scores(texts, self.codebook_, self.preprocessor_, self.vectorizer_).reshape(len(texts), -1)
        if not len(self.centres_):
            return seeded
        return np.hstack([seeded, np.clip(self._represent(texts, tfidf, fitting=False) @ self.centres_.T, 0, None)])

    def predict(self, texts: Sequence[str]) -> np.ndarray:
        """Primary theme index per text (codebook themes first), -1 for none."""
        weights = self.transform(texts)
        m = len(self.codebook_)
        seeded, model = weights[:, :m], weights[:, m:]
        out = np.full(len(weights), -1)
        if model.shape[1]:
            close = model.max(axis=1) >= self.min_similarity
            out[close] = m + model[close].argmax(axis=1)
        if m:
            hit = seeded.max(axis=1) > 0
            out[hit] = seeded[hit].argmax(axis=1)
        return out

    def fit_predict(self, texts: Sequence[str], y: None = None) -> np.ndarray:
        """Fit, then return each text's primary theme index (-1 for "other")."""
        return self.fit(texts).labels_

    def get_feature_names_out(self, input_features: None = None) -> np.ndarray:
        """Theme ids, the columns of :meth:`transform`: ``T01``, ``T02``, …"""
        return np.array([f"T{j + 1:02d}" for j in range(self.n_themes_)], dtype=object)


def _centres(vectors: np.ndarray, found: np.ndarray, k: int) -> np.ndarray:
    """L2-normalised mean vector of each cluster 0..k-1 (zeros for an empty one)."""
    centres = np.zeros((k, vectors.shape[1]))
    for j in range(k):
        if (found == j).any():
            centres[j] = vectors[found == j].mean(axis=0)
    return normalize(centres)


def _memberships(weights: np.ndarray, primary: np.ndarray, m: int, ratio: float, floor: float) -> np.ndarray:
    """Text × theme booleans: the primary theme, plus codebook themes matched or themes nearly as close."""
    member = np.zeros(weights.shape, bool)
    rows = np.flatnonzero(primary >= 0)
    member[rows, primary[rows]] = True
    seeded = rows[primary[rows] < m]
    member[seeded, :m] |= weights[seeded, :m] > 0
    model = rows[primary[rows] >= m]
    top = weights[model, primary[model]][:, None]
    member[model, m:] |= weights[model, m:] >= np.maximum(ratio * top, floor)
    return member


def _unique(words: object) -> list[str]:
    seen: list[str] = []
    for word in words:
        if word not in seen:
            seen.append(word)
    return seen
