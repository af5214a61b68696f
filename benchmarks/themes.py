"""Benchmark theme engines on labelled sets: NMI, ARI, accuracy (Hungarian), biggest share, time, peak memory.

Run from the repository root:  .venv/bin/python benchmarks/themes.py [--split test|train] [--cap N] [--no-embeddings]

The "example" set scores the default engine on consultation-like text: the bundled example's
two free-text questions, themed as the stage themes them, against the truth of the generator
(scripts/make_example.py, imported by path): an answer raises a true theme when it contains a
sentence from that theme's pool. Each true theme is matched one-to-one (Hungarian) to a found
theme on the F1 of their answer sets; "theme F1" is the mean over true themes of 5+ answers
(unmatched count 0).

"seconds" is the whole fit; "clustering seconds" the partition alone (ThemeModel.timings_["cluster"]:
clustering and tidying the LSA or embedding vectors, after TF-IDF/LSA or encoding). Embeddings are
cached under .cache/embeddings; the engine embeds sentences, so its first run also encodes them.

"peak MiB" is the largest memory Python allocated during a second, traced run of the method
(tracemalloc; numpy's arrays included), so tracing does not slow the timed run.

Data: ../shared/external-data/banking77 (77 intents), clinc150 (150 intents, 10 domains) and
short-text-clustering (Tweet, GoogleNews-TS, AgNews-8000, Biomedical: one split each, always
scored), read as their SOURCE.md describes; ``--cap N`` scores a seeded sample of at most N texts
of each. Every method gets k = the true number of categories. Settings of the default engine
were chosen on the train splits (``--split train``: a stratified sample of the same size as the
test set) and on the short-text sets, never on one set alone.

"clinc150 two levels" fits each method once with the number of themes the default engine chooses
for itself (as it would for an analyst) and maps the themes one-to-one (Hungarian) onto both
levels of clinc150's human coding, its 10 domains and its 150 intents: micro-F1 counts a text as
right when its theme maps to its code (precision over the texts given a mapped theme, recall
over all texts).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.optimize import linear_sum_assignment
from sklearn.cluster import KMeans
from sklearn.decomposition import NMF
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score
from sklearn.metrics.cluster import contingency_matrix

from consult.themes import embeddings
from consult.themes.model import ThemeModel

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "external-data"
CACHE = Path(__file__).resolve().parents[1] / ".cache" / "embeddings"


SHORT_TEXTS = ["Tweet", "GoogleNews-TS", "AgNews-8000", "Biomedical"]


def datasets(split: str, cap: int | None = None) -> dict[str, tuple[list[str], np.ndarray]]:
    """name → (texts, true labels); train splits are sampled to the test sets' sizes per category, and every
    set to at most ``cap`` texts (seeded) when given."""
    banking = pd.read_csv(DATA / "banking77" / f"{split}.csv")
    clinc = json.loads((DATA / "clinc150" / "data_full.json").read_text())[split]
    clinc = pd.DataFrame(clinc, columns=["text", "category"])
    if split == "train":
        banking = banking.sample(frac=1, random_state=0)
        banking = banking[banking.groupby("category").cumcount() < 40]
        clinc = clinc[clinc.groupby("category").cumcount() < 30]
    domain_of = {intent: domain for domain, intents in json.loads((DATA / "clinc150" / "domains.json").read_text()).items()
                 for intent in intents}
    clinc = clinc.assign(domain=clinc["category"].map(domain_of))
    frames = {"banking77": banking, "clinc150 intents": clinc, "clinc150 domains": clinc.assign(category=clinc["domain"])}
    for name in SHORT_TEXTS:
        frames[name] = pd.read_csv(DATA / "short-text-clustering" / f"{name}.tsv", sep="\t", header=None, quoting=3,
                                   names=["category", "text"], dtype=str, keep_default_na=False)
    if cap:
        frames = {name: frame.sample(min(cap, len(frame)), random_state=0) for name, frame in frames.items()}
    return {name: (frame["text"].tolist(), frame["category"].to_numpy()) for name, frame in frames.items()}


def example_sets() -> dict[str, tuple[list[str], list[set[str]]]]:
    """question id → (the texts the stage themes, each text's true themes) for the bundled example."""
    from consult.clean import stage as clean
    from consult.core import config
    from consult.themes.question import theme_units
    from consult.themes.text import tokenize

    spec = importlib.util.spec_from_file_location("make_example", ROOT / "scripts" / "make_example.py")
    generator = importlib.util.module_from_spec(spec)
    sys.modules["make_example"] = generator
    spec.loader.exec_module(generator)

    def words(text: str) -> set[str]:
        return {t for t in tokenize(re.sub(r"\{\w+\}", " ", text.replace("anti social", "anti-social"))) if len(t) >= 3}

    pools = [(theme, words(s)) for theme, tones in generator.THEMES.items() for pool in tones.values() for s in pool]
    import shutil
    import tempfile
    with tempfile.TemporaryDirectory() as tmp:
        for part in ("consultations", "data/raw/example"):
            shutil.copytree(ROOT / part, Path(tmp) / part)
        cfg = config.load(Path(tmp) / "consultations" / "example.yaml")
        clean.run(cfg)
        responses = pd.read_csv(cfg.processed_dir / "responses.csv", dtype=str)
    sets = {}
    for question in cfg.questions_of("free_text"):
        texts = theme_units(responses, question)[2]
        truth = [{theme for theme, pool in pools if len(pool & words(t)) >= 0.75 * len(pool)} for t in texts]
        sets[question.id] = (texts, truth)
    return sets


def theme_f1(truth: list[set[str]], memberships: np.ndarray) -> float:
    """Mean F1 of the true themes (5+ answers) against their one-to-one best-matching found themes."""
    names = sorted({t for themes in truth for t in themes})
    actual = np.array([[name in themes for name in names] for themes in truth])
    actual = actual[:, actual.sum(axis=0) >= 5]
    both = actual.T.astype(int) @ memberships.astype(int)
    f1 = 2 * both / (actual.sum(axis=0)[:, None] + memberships.sum(axis=0)[None, :]).clip(1)
    rows, cols = linear_sum_assignment(-f1)
    return float(f1[rows, cols].sum() / actual.shape[1])


def example_rows() -> list[dict[str, object]]:
    """The default engine on the example's free-text questions, scored against the generator's truth."""
    from consult.core import config
    from consult.themes import question as theme_question

    cfg = config.load(ROOT / "consultations" / "example.yaml")
    rows = []
    for question, (texts, truth) in example_sets().items():
        start = time.perf_counter()
        model = theme_question.model_for(cfg, question).fit(texts)  # as the stage themes it: background words too
        rows.append({"method": f"consult {cfg.themes.engine} (default)", "dataset": f"example {question}", "k": model.n_themes_,
                     "theme F1": 100 * theme_f1(truth, model.memberships_),
                     "biggest share": 100 * model.memberships_.sum(axis=0).max() / len(texts),
                     "other %": 100 * (model.labels_ == -1).mean(), "seconds": time.perf_counter() - start})
        print(rows[-1], file=sys.stderr, flush=True)
    return rows


def accuracy(truth: np.ndarray, found: np.ndarray) -> float:
    """Share of texts whose cluster maps to their category under the best one-to-one matching."""
    table = contingency_matrix(truth, found)
    rows, cols = linear_sum_assignment(-table)
    return table[rows, cols].sum() / len(truth)


def one_to_one_f1(truth: np.ndarray, found: np.ndarray) -> float:
    """Micro-F1 of ``found`` themes (-1: none) mapped one-to-one (Hungarian) onto the codes of ``truth``."""
    themed = found >= 0
    table = contingency_matrix(truth[themed], found[themed])
    rows, cols = linear_sum_assignment(-table)
    right = table[rows, cols].sum()
    precision, recall = right / max(themed.sum(), 1), right / len(truth)
    return 2 * precision * recall / (precision + recall) if right else 0.0


def two_level_rows(split: str, cap: int | None, methods: dict) -> list[dict[str, object]]:
    """Each method on clinc150 with the default engine's own number of themes, scored against domains and intents."""
    sets = datasets(split, cap)
    texts, intents = sets["clinc150 intents"]
    domains = sets["clinc150 domains"][1]
    k = ThemeModel().fit(texts).n_themes_
    rows = []
    for method, fit in methods.items():
        found = np.asarray(fit(texts, k)[0])
        rows.append({"method": method, "dataset": f"clinc150 two levels ({split})", "k": k,
                     "F1 domains": 100 * one_to_one_f1(domains, found), "F1 intents": 100 * one_to_one_f1(intents, found)})
        print(rows[-1], file=sys.stderr, flush=True)
    return rows


def tfidf_kmeans(texts: list[str], k: int) -> tuple[np.ndarray, float]:
    X = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(texts)
    return KMeans(k, n_init=3, random_state=0).fit_predict(X), np.nan


def tfidf_nmf(texts: list[str], k: int) -> tuple[np.ndarray, float]:
    X = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(texts)
    return NMF(k, init="nndsvda", random_state=0, max_iter=400).fit_transform(X).argmax(axis=1), np.nan


def minilm_kmeans(texts: list[str], k: int) -> tuple[np.ndarray, float]:
    return KMeans(k, n_init=3, random_state=0).fit_predict(embeddings.embed(texts, CACHE)), np.nan


def consult_engine(engine: str):
    """The theme model with ``engine``, given k, keeping every text (no minimum size or similarity)."""
    def fit(texts: list[str], k: int) -> tuple[np.ndarray, float]:
        model = ThemeModel(n_themes=k, engine=engine, min_theme_size=1, min_similarity=0.0, n_quotes=0, cache_dir=CACHE)
        return model.fit_predict(texts), model.timings_["cluster"]
    return fit


def main(argv: list[str] | None = None) -> pd.DataFrame:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=["test", "train"], default="test")
    parser.add_argument("--no-embeddings", action="store_true", help="skip the MiniLM methods")
    parser.add_argument("--only", help="run only datasets whose name contains this")
    parser.add_argument("--cap", type=int, help="score a seeded sample of at most this many texts of each set")
    args = parser.parse_args(argv)
    methods = {"TF-IDF + KMeans": tfidf_kmeans, "TF-IDF + NMF argmax": tfidf_nmf, "consult tfidf": consult_engine("tfidf"),
               "consult wordllama (default)": consult_engine("wordllama")}
    use_embeddings = not args.no_embeddings and embeddings.available()
    if use_embeddings:
        methods |= {"MiniLM + KMeans": minilm_kmeans, "consult embeddings": consult_engine("embeddings")}
    rows = []
    for name, (texts, truth) in datasets(args.split, args.cap).items():
        if args.only and args.only not in name:
            continue
        k = len(set(truth))
        embed_s = np.nan
        if use_embeddings:  # encode once, outside the timings; methods read the cache
            start = time.perf_counter()
            embeddings.embed(texts, CACHE)
            embed_s = time.perf_counter() - start
        for method, fit in methods.items():
            start = time.perf_counter()
            found, cluster_s = fit(texts, k)  # labels, and the seconds of the partition alone where known
            seconds = time.perf_counter() - start
            tracemalloc.start()
            fit(texts, k)
            peak = tracemalloc.get_traced_memory()[1] / 2**20
            tracemalloc.stop()
            found = np.asarray(found)
            rows.append({"method": method, "dataset": f"{name} ({args.split})", "k": k,
                         "NMI": 100 * normalized_mutual_info_score(truth, found),
                         "ARI": 100 * adjusted_rand_score(truth, found), "accuracy": 100 * accuracy(truth, found),
                         "biggest share": 100 * np.bincount(found - found.min()).max() / len(found),
                         "seconds": seconds, "peak MiB": peak, "clustering seconds": cluster_s, "embedding seconds (cached once)": embed_s if "MiniLM" in method or "embeddings" in method else np.nan})
            print(rows[-1], file=sys.stderr, flush=True)
    if not args.only or args.only in "clinc150 two levels":
        rows += two_level_rows(args.split, args.cap, methods)
    if not args.only or args.only in "example":
        rows += example_rows()
    table = pd.DataFrame(rows)
    print(table.to_markdown(index=False, floatfmt=".1f") if _has_tabulate() else table.round(1).to_string(index=False))
    return table


def _has_tabulate() -> bool:
    import importlib.util

    return importlib.util.find_spec("tabulate") is not None


if __name__ == "__main__":
    main()
