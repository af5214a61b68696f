"""The default engine's word embeddings (consult.themes.vectors): offline, deterministic, and better than chance."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import normalized_mutual_info_score

from consult.themes import vectors
from consult.themes.model import ThemeModel

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "themes"))
from feedback import feedback  # noqa: E402

BANKING = Path(__file__).resolve().parents[2] / "shared" / "external-data" / "banking77" / "test.csv"


def test_the_model_loads_and_embeds_with_the_network_off() -> None:
    script = textwrap.dedent("""
        import logging, socket
        import requests, tokenizers

        def refuse(*args, **kwargs):
            raise AssertionError("network used")

        socket.socket.connect = refuse
        socket.create_connection = refuse
        requests.get = requests.Session.request = refuse
        tokenizers.Tokenizer.from_pretrained = staticmethod(refuse)
        from consult.themes import vectors

        rows = vectors.embed(["My card was declined at the shop", "", "how do I top up?"])
        assert rows.shape == (3, vectors.DIM), rows.shape
        assert abs(rows[0] @ rows[0] - 1) < 1e-9 and not rows[1].any()
        assert logging.getLogger().handlers == [], "importing wordllama configured the root logger"
    """)
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": ":".join(sys.path), "HOME": "/nonexistent", "HF_HUB_OFFLINE": "1"}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr


def test_similar_texts_are_closer_than_unrelated_ones() -> None:
    card, declined, bus = vectors.embed(["my card was declined", "the payment with my card was refused",
                                         "the bus to the hospital is late"])
    assert card @ declined > card @ bus


def test_the_wordllama_engine_is_deterministic_and_differs_from_tfidf() -> None:
    texts = feedback(200)[0]
    first, again = ThemeModel(engine="wordllama").fit(texts), ThemeModel(engine="wordllama").fit(texts)
    assert first.themes_.to_csv() == again.themes_.to_csv() and np.array_equal(first.labels_, again.labels_)
    np.testing.assert_array_equal(first.transform(texts[:20]), again.transform(texts[:20]))
    tfidf = ThemeModel(engine="tfidf").fit(texts)
    assert first.centres_.shape[1] == tfidf.centres_.shape[1] + vectors.DIM


@pytest.mark.skipif(not BANKING.exists(), reason="needs ../shared/external-data/banking77")
def test_the_default_engine_beats_a_shuffled_baseline_on_banking77() -> None:
    data = pd.read_csv(BANKING)
    some = sorted(data["category"].unique())[:12]
    sample = data[data["category"].isin(some)].groupby("category").head(15)
    truth = sample["category"].to_numpy()
    found = ThemeModel(n_themes=len(some), min_theme_size=1, min_similarity=0.0, n_quotes=0).fit_predict(sample["text"].tolist())
    shuffled = np.random.RandomState(0).permutation(found)
    score, chance = normalized_mutual_info_score(truth, found), normalized_mutual_info_score(truth, shuffled)
    assert score > chance + 0.3, (score, chance)
