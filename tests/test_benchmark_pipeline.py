"""The pipeline benchmark (benchmarks/pipeline.py) as a CI smoke test, and the speed-ups it led to,
each checked against the slower form it replaced."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.feature_extraction.text import HashingVectorizer

from consult.clean import campaigns, dates, ingest
from consult.core import files, progress

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "benchmarks" / "pipeline.py"


def _bench():
    spec = importlib.util.spec_from_file_location("bench_pipeline", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _table(stages: str, n: int) -> pd.DataFrame:
    done = subprocess.run([sys.executable, str(SCRIPT), "--n", str(n), "--stages", stages],
                          capture_output=True, text=True, cwd=ROOT, timeout=600, check=True)
    lines = done.stdout.splitlines()
    assert lines[0] == f"consult pipeline benchmark: {n:,} respondents"
    header, *rows = (line.split() for line in lines[1:])
    assert header == ["stage", "seconds", "peak_rss_mib"]
    return pd.DataFrame(rows, columns=header).astype({"seconds": float, "peak_rss_mib": int})


def test_benchmark_table_has_a_row_per_stage_and_a_total() -> None:
    table = _table("clean,agreement", 400)
    assert table["stage"].tolist() == ["generate", "clean", "agreement", "total"]
    assert (table["seconds"] > 0).all() and (table["peak_rss_mib"] > 0).all()
    assert table["seconds"].iloc[-1] == pytest.approx(table["seconds"].iloc[1:-1].sum(), abs=0.05)
    assert table["peak_rss_mib"].iloc[-1] == table["peak_rss_mib"].iloc[1:-1].max()


@pytest.mark.slow
def test_benchmark_runs_every_stage_at_ci_size() -> None:
    table = _table("clean,agreement,themes,report", 2000)
    assert table["stage"].tolist() == ["generate", "clean", "agreement", "themes", "report", "total"]


def test_benchmark_rejects_an_unknown_stage() -> None:
    done = subprocess.run([sys.executable, str(SCRIPT), "--n", "10", "--stages", "clean,themse"],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 2 and "unknown stage(s) themse" in done.stderr


def test_generated_export_is_shaped_like_the_example_and_deterministic() -> None:
    bench = _bench()
    export = bench.build_export(2000, seed=1)
    ex = bench.EX
    assert list(export.columns) == list(ex.COLUMNS)
    assert len(export) == 2000 + 2 * 10  # resubmissions and exact duplicates, 0.5% each
    assert export.duplicated().sum() >= 10 - 1  # a duplicate of a resubmitted row may coincide
    assert export[ex.COL_ID].duplicated().sum() == 20
    for column in (ex.COL_Q3A, ex.COL_Q5):
        texts = export.loc[export[column] != "", column]
        assert texts.str.len().median() > 60 and texts.nunique() > 0.5 * len(texts)
    campaign = ex.CYCLES[0].campaign
    pasted = export[campaign.column].str.contains("nether stow and district residents", case=False)
    assert pasted.sum() >= 20 and export.loc[pasted, campaign.column].eq(campaign.text).sum() < pasted.sum()
    snippets = [snippet for _, snippet in ex.PII_SNIPPETS]
    assert export[ex.COL_Q5].map(lambda text: any(snippet in text for snippet in snippets)).sum() >= 2000 // 200 // 3
    assert export.equals(bench.build_export(2000, seed=1))


def test_iso_fast_path_reads_dates_as_dateutil_does() -> None:
    values = ["2026-01-12 09:00:00", "2026-01-12T09:00", "2026-02-30 10:00:00", "2026-01-12 24:00:00",
              "13/01/2026 10:00", "", "soon", "2026-03-05 23:59:59", "2026-03-05 23:59:59"]
    parsed, problems = dates.parse_datetimes(pd.Series(values, index=range(5, 5 + len(values))))
    expected = [dates._parse_one(v, True) if v else None for v in values]
    assert parsed.tolist() == [pd.NaT if e is None else pd.Timestamp(e) for e in expected]
    assert problems.tolist() == [bool(v) and e is None for v, e in zip(values, expected)]
    assert parsed.index.tolist() == list(range(5, 5 + len(values)))


def test_write_csv_neutralises_as_cell_by_cell(tmp_path: Path) -> None:
    frame = pd.DataFrame({
        "text": ["=1+2", "-5", "@x", "ok", None, "+44 7700", "\tx", "-", "=1+2"],
        "mixed": [1, "=a", 2.5, True, None, "x", "-y", "q", "=a"],
        "string": pd.array(["=x", "y", None, "-3", "=x", "", "@", "a", "b"], dtype="string"),
        "number": range(9),
    }, index=[0, 0, 1, 1, 2, 2, 3, 3, 4])
    files.write_csv(frame, tmp_path / "fast.csv")
    cell_by_cell = frame.copy()
    for column in ("text", "mixed", "string"):
        cell_by_cell[column] = cell_by_cell[column].map(files.neutralise_formula)
    cell_by_cell.to_csv(tmp_path / "slow.csv", index=False, encoding="utf-8", lineterminator="\n")
    assert (tmp_path / "fast.csv").read_bytes() == (tmp_path / "slow.csv").read_bytes()
    assert frame.loc[0, "text"].tolist() == ["=1+2", "-5"]  # the caller's frame is untouched


def test_word_pairs_match_sklearn_word_bigrams() -> None:
    texts = np.array(["as members of the nether stow", "don't know / n/a", "one", "", "a b a b"], dtype=object)
    reference = HashingVectorizer(analyzer="word", ngram_range=(2, 2), token_pattern=r"(?u)\b\w+\b",
                                  lowercase=False, n_features=1 << 22, binary=True, norm=None, alternate_sign=False)
    expected = reference.transform(texts)
    assert (campaigns._shingles(texts) != expected).nnz == 0
    assert campaigns._word_pairs("don't know") == ["don t", "t know"]


def test_progress_bar_only_on_large_data() -> None:
    small = progress.progress(range(10), 10, "small")
    large = progress.progress(range(10), 10, "large", size=progress.PROGRESS_FROM)
    assert list(small) == list(range(10)) == list(large)
    series = pd.Series(["a", "b", "a"], name="q")
    assert ingest.map_unique(series, str.upper).tolist() == ["A", "B", "A"]
