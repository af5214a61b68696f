"""Time to compute agreement.csv for 100,000 respondents x 20 questions x 5 grouping attributes.

Synthetic data (fixed seed): 20 agree5 questions with 10% blank and 5% "Don't know", five
attributes of 3 to 12 groups, optional survey weights. Run:

    .venv/bin/python benchmarks/agreement.py [--respondents N] [--weighted]
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import pandas as pd

from consult.agreement import table as agreement
from consult.core import config
from consult.core.scales import SCALES

QUESTIONS, ATTRIBUTES = 20, 5


def synthetic(respondents: int, weighted: bool, seed: int = 0) -> tuple[pd.DataFrame, config.Consultation]:
    """Responses and a matching config."""
    rng = np.random.default_rng(seed)
    answers = np.array([*SCALES["agree5"].all_options, None], dtype=object)
    shares = [0.2, 0.3, 0.15, 0.12, 0.08, 0.05, 0.10]
    data = {f"q{i}": rng.choice(answers, respondents, p=shares) for i in range(QUESTIONS)}
    data |= {f"a{j}": rng.choice([f"group {k}" for k in range(3 + 2 * j)], respondents) for j in range(ATTRIBUTES)}
    if weighted:
        data["weight"] = rng.gamma(4.0, 0.25, respondents)
    cfg = config.parse({
        "id": "bench", "title": "Benchmark", "inputs": [{"path": "x.csv"}],
        "questions": [{"id": f"q{i}", "column": f"Q{i}", "type": "closed", "scale": "agree5"} for i in range(QUESTIONS)]
        + [{"id": f"a{j}", "column": f"A{j}", "type": "attribute"} for j in range(ATTRIBUTES)],
        "groups": [f"a{j}" for j in range(ATTRIBUTES)],
        "agreement": {"weight_column": "wt"} if weighted else {},
    })
    return pd.DataFrame(data), cfg


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--respondents", type=int, default=100_000)
    parser.add_argument("--weighted", action="store_true")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    responses, cfg = synthetic(args.respondents, args.weighted)
    timings = {"compute": [], "group_tests": []}
    for _ in range(args.repeat):
        start = time.perf_counter()
        table = agreement.compute(responses, cfg)
        timings["compute"].append(time.perf_counter() - start)
        start = time.perf_counter()
        agreement.group_tests(responses, cfg)
        timings["group_tests"].append(time.perf_counter() - start)
    print(f"{args.respondents:,} respondents x {QUESTIONS} questions x {ATTRIBUTES} grouping attributes"
          f"{' (weighted)' if args.weighted else ''}: {len(table):,} agreement rows")
    for name, seconds in timings.items():
        print(f"  {name}: best {min(seconds):.2f} s of {args.repeat}")


if __name__ == "__main__":
    main()
