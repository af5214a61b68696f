"""Benchmark the four stages on a synthetic consultation of N respondents: wall time and peak memory.

Run from the repository root::

    .venv/bin/python benchmarks/pipeline.py                 # 100,000 respondents
    .venv/bin/python benchmarks/pipeline.py --n 1000000     # a national consultation
    .venv/bin/python benchmarks/pipeline.py --n 2000        # the CI smoke run
    .venv/bin/python benchmarks/pipeline.py --stages clean,agreement --keep DIR

The export is shaped like the bundled example (scripts/make_example.py, imported by path for its
columns, label variants, sentence pools and campaign texts) but composed with numpy, so that
writing a million rows takes seconds: closed answers with the example's label variants (case,
spaces, curly and mojibake apostrophes, blanks), groups, a tick-all-that-apply question, two
free-text questions of one to four pool sentences each (lead-ins, typos, lower case, run-ons,
asides, place names), non-answers, personal data in a few texts, exact duplicate rows,
resubmissions and campaign texts (a few with trivial edits). It is written as a CSV export with
a config (the example's, pointed at it) in a temporary project folder.

Each stage's ``run(cfg)`` then runs in its own child process (``multiprocessing``, spawn: a fresh
interpreter), one after another, so that the peak resident memory of each stage is measured
apart: the table's ``peak_rss_mib`` is the child's ``ru_maxrss`` (Linux: KiB), or more where the
worker processes it starts held more together (see :func:`measure`). Stage times include the
stage's imports but not interpreter start-up. ``total`` sums the wall times, and its memory is
the largest stage peak (stages run one after another).

The ``generate`` row, not counted in the total, is a fixed workload for a given N and seed, so
it says how fast the machine ran: a shared virtual machine's speed can change twofold within an
hour (this project's took 3.7 s and 8.7 s to generate 100,000 respondents on the same day, and
every stage moved with it), so compare timings only between runs whose ``generate`` times agree.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import multiprocessing
import resource
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

import numpy as np
import pandas as pd
import yaml

ROOT = Path(__file__).resolve().parents[1]
STAGES = ("clean", "agreement", "themes", "report")
CONSULTATION_ID = "bench"


def load_example_script() -> ModuleType:
    """scripts/make_example.py as a module (it is a script, not part of the package)."""
    spec = importlib.util.spec_from_file_location("make_example", ROOT / "scripts" / "make_example.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("make_example", module)
    spec.loader.exec_module(module)
    return module


EX = load_example_script()
CYCLE = EX.CYCLES[0]


# ----------------------------------------------------------------------------- drawing with numpy
def draw(rng: np.random.Generator, choices: Sequence[str], weights: Sequence[float], size: int) -> np.ndarray:
    """``size`` picks from ``choices`` with probability proportional to ``weights`` (an object array)."""
    p = np.asarray(weights, dtype=float)
    return np.asarray(list(choices), dtype=object)[rng.choice(len(choices), size=size, p=p / p.sum())]


def label_variants(rng: np.random.Generator, codes: np.ndarray, variants: dict[str, tuple]) -> np.ndarray:
    """The exported spelling of each canonical code, drawn from the example's ``(spelling, weight)`` pairs."""
    out = np.empty(len(codes), dtype=object)
    for code, pairs in variants.items():
        at = np.flatnonzero(codes == code)
        out[at] = draw(rng, [s for s, _ in pairs], [w for _, w in pairs], len(at))
    return out


def agree_codes(rng: np.random.Generator, attitude: np.ndarray, mean: float) -> np.ndarray:
    """SA/A/N/D/SD/DK/"" from a latent score: the respondent's attitude, the question's mean, noise."""
    score = attitude + mean + rng.normal(0.0, 0.7, len(attitude))
    codes = np.select([score > 1.6, score > 0.4, score > -0.3, score > -1.3], ["SA", "A", "N", "D"], "SD").astype(object)
    u = rng.random(len(attitude))
    codes[u < 0.08] = "DK"
    codes[u < 0.03] = ""
    return codes


def timestamps(rng: np.random.Generator, n: int) -> np.ndarray:
    """Submission times within the example's period, as ``YYYY-MM-DD HH:MM:SS``."""
    start = np.datetime64(CYCLE.start.isoformat(), "s")
    span = int((np.datetime64(CYCLE.end.isoformat(), "s") - start).astype(int))
    stamps = start + rng.integers(0, span, n).astype("timedelta64[s]")
    return np.char.replace(np.datetime_as_string(stamps, unit="s"), "T", " ").astype(object)


# ----------------------------------------------------------------------------- free text
class Sentences:
    """The example's sentence pools flattened for vectorised drawing, places filled per district."""

    def __init__(self) -> None:
        self.themes = list(EX.THEMES)
        self.pools: dict[tuple[str, str], list[str]] = {}
        for theme, tones in EX.THEMES.items():
            for tone, pool in tones.items():
                self.pools[theme, tone] = list(pool or tones["-"])

    def fill(self, sentence: str, district: int, village: int, org: str) -> str:
        """The sentence with {town}, {village} and {org} filled in."""
        if "{" not in sentence:
            return sentence
        place = EX.DISTRICTS[district]
        return sentence.format(town=place.town, village=place.villages[village % len(place.villages)], org=org)


# Personal detail residents add; with their numbers and places they make most answers distinct, as real
# answers are, so that only the planted campaigns (and a few stock phrases) repeat. Every one-sentence
# answer gets one, and every organisation's answer one of its own: the pools hold a few hundred
# sentences, which a million answers would repeat verbatim thousands of times, as no real
# consultation's do.
DETAILS = (
    "I have lived in {village} for {k} years.", "We have reported it {k} times this year and heard nothing back.",
    "It was {k} weeks before anyone from {town} got back to me.", "My street in {village} has had {k} incidents since "
    "the summer.", "I have been a volunteer in {town} for {k} years.", "There were {k} cars broken into near {village} "
    "last month.", "The bus from {village} to {town} stops at {k} o'clock, so young people have nothing to do after.",
)
ORG_DETAILS = (
    "Last year we supported {k}0 households in and around {town}.", "Our {k} staff and volunteers work across {town} "
    "and {village}.", "This response draws on {k} meetings with residents in {village}.", "We have worked in {town} "
    "for {k} years.", "{k} of our referrals last quarter came from {village}.",
)


def compose_texts(rng: np.random.Generator, who: pd.DataFrame, column: str, p_answer: float,
                  p_non_answer: float) -> np.ndarray:
    """Answers to ``column`` for the respondents in ``who``: blanks, non-answers and composed texts."""
    n = len(who)
    out = np.full(n, "", dtype=object)
    answered = rng.random(n) < np.where(who["org"], 0.9, p_answer)
    non_answer = answered & ~who["org"].to_numpy() & (rng.random(n) < p_non_answer)
    out[non_answer] = draw(rng, EX.NON_ANSWERS, np.ones(len(EX.NON_ANSWERS)), int(non_answer.sum()))
    writing = np.flatnonzero(answered & ~non_answer)
    sentences = Sentences()
    weights = np.array([EX.BASE_WEIGHTS[column].get(t, 0.0) * CYCLE.theme_weight.get(t, 1.0) for t in sentences.themes])
    k = len(writing)
    org = who["org"].to_numpy()[writing]
    n_sent = np.where(org, rng.choice([2, 3, 4], k, p=[0.3, 0.45, 0.25]), rng.choice([1, 2, 3], k, p=[0.6, 0.32, 0.08]))
    theme = rng.choice(len(sentences.themes), (k, 4), p=weights / weights.sum())
    critical = rng.random((k, 4)) < np.where(who["q3"].to_numpy()[writing, None] == "disagree", 0.9, 0.4)
    pick = rng.random((k, 4))
    district = who["district"].to_numpy()[writing]
    village = rng.integers(0, 4, k)
    lead = rng.random((k, 4)) < 0.25
    lead_pick = rng.integers(0, len(EX.LEAD_INS), (k, 4))
    lower, stop, aside, typo = (rng.random(k) < p for p in (0.09, 0.2, 0.07, 0.14))
    aside_pick = rng.integers(0, len(EX.ASIDES), k)
    opener = (rng.random(k) < (0.35 if column == EX.COL_Q3A else 0.0)) & ~org
    opener_pick = rng.random(k)
    typo_pick = rng.integers(0, len(EX.TYPOS), k)
    detail = (rng.random(k) < 0.6) | (n_sent == 1) | org  # a lone pool sentence would repeat verbatim
    detail_pick, detail_k = rng.integers(0, len(DETAILS) * len(ORG_DETAILS), k), rng.integers(2, 40, k)
    names = who["org_name"].to_numpy()[writing]
    stance = who["q3"].to_numpy()[writing]
    texts = []
    for i in range(k):
        parts = []
        if opener[i]:
            pool = EX.OPENERS[stance[i]]
            parts.append(pool[int(opener_pick[i] * len(pool))])
        for j in range(n_sent[i]):
            tone = "o" if org[i] else ("-" if critical[i, j] else "+")
            pool = sentences.pools[sentences.themes[theme[i, j]], tone]
            sentence = sentences.fill(pool[int(pick[i, j] * len(pool))], district[i], village[i], names[i])
            if not org[i] and lead[i, j] and sentence.startswith(EX.LEAD_IN_STARTS):
                sentence = EX.LEAD_INS[lead_pick[i, j]] + sentence[0].lower() + sentence[1:]
            parts.append(sentence)
        if detail[i]:
            place = EX.DISTRICTS[district[i]]
            pool = ORG_DETAILS if org[i] else DETAILS
            parts.append(pool[detail_pick[i] % len(pool)].format(k=detail_k[i], town=place.town,
                                                                  village=place.villages[village[i] % len(place.villages)]))
        if aside[i] and not org[i]:
            parts.append(EX.ASIDES[aside_pick[i]])
        text = " ".join(dict.fromkeys(parts))
        if not org[i]:
            if lower[i]:
                text = text.lower()
            if stop[i] and text.endswith("."):
                text = text[:-1]
            if typo[i]:
                right, wrong = EX.TYPOS[typo_pick[i]]
                text = text.replace(right, wrong, 1)
        texts.append(text)
    out[writing] = np.asarray(texts + [None], dtype=object)[:-1]
    return out


CAMPAIGN_EDITS = (str.lower, lambda t: t.rstrip(".").replace(". ", ".  "), lambda t: t.replace("'", "\u2019"),
                  lambda t: t.replace("County Council", "county council").replace(",", ""))


def plant_campaigns(rng: np.random.Generator, export: pd.DataFrame) -> None:
    """The example's two campaign texts pasted by ~1% of individuals each, a quarter with trivial edits."""
    individuals = np.flatnonzero(~export["_org"].to_numpy())
    for cycle in EX.CYCLES:
        campaign = cycle.campaign
        chosen = rng.choice(individuals, max(campaign.copies, len(export) // 100), replace=False)
        texts = np.full(len(chosen), campaign.text, dtype=object)
        edited = rng.random(len(chosen)) < 0.25
        edit = rng.integers(0, len(CAMPAIGN_EDITS), len(chosen))
        for at in np.flatnonzero(edited):
            texts[at] = CAMPAIGN_EDITS[edit[at]](campaign.text)
        export.iloc[chosen, export.columns.get_loc(campaign.column)] = texts


def plant_pii(rng: np.random.Generator, export: pd.DataFrame) -> None:
    """The example's personal-data snippets appended to 0.5% of the q5 answers."""
    column = export[EX.COL_Q5].to_numpy()
    long = np.flatnonzero(np.char.str_len(column.astype(str)) > 40)
    chosen = rng.choice(long, len(long) // 200, replace=False)
    snippets = draw(rng, [s for _, s in EX.PII_SNIPPETS], np.ones(len(EX.PII_SNIPPETS)), len(chosen))
    column[chosen] = column[chosen] + " " + snippets
    export[EX.COL_Q5] = column


# ----------------------------------------------------------------------------- the export
def respondents(rng: np.random.Generator, n: int) -> pd.DataFrame:
    """Who the ``n`` respondents are: organisation or not, partner type, district, attitude."""
    org = rng.random(n) < 0.15
    partners = list(EX.PARTNER_TYPES)
    partner = np.where(org, draw(rng, partners, [EX.PARTNER_TYPES[p][0] for p in partners], n), "")
    names = {p: EX.PARTNER_TYPES[p][1] for p in partners}
    org_name = np.array([names[p][i % len(names[p])] if p else "" for p, i in zip(partner, rng.integers(0, 99, n))],
                        dtype=object)
    district = rng.choice(len(EX.DISTRICTS), n, p=EX.DISTRICT_WEIGHTS)
    area = np.array([d.name for d in EX.DISTRICTS], dtype=object)[district]
    u = rng.random(n)
    area[u < 0.035] = EX.OUTSIDE
    area[u < 0.015] = ""
    area[np.isin(partner, list(EX.COUNTYWIDE_PARTNERS)) & (rng.random(n) < 0.8)] = EX.COUNTYWIDE
    return pd.DataFrame({"org": org, "partner": partner, "org_name": org_name, "district": district, "area": area,
                         "attitude": rng.normal(0.0, 1.0, n)})


def equality_answers(rng: np.random.Generator, export: pd.DataFrame, who: pd.DataFrame) -> None:
    """The equality-monitoring columns (example_text/equality.yaml), for individuals only, from their own
    generator: blank, "Prefer not to say" or an option by weight (without the example's tilt by attitude)."""
    individual = ~who["org"].to_numpy()
    for question in EX.EQUALITY["questions"]:
        options, weights = list(question["options"]), list(question["options"].values())
        answers = draw(rng, options, weights, len(export)).astype(object)
        u = rng.random(len(export))
        answers[u < question["blank"] + question["declined"]] = EX.EQUALITY["declined_label"]
        answers[u < question["blank"]] = ""
        export[question["column"]] = np.where(individual, answers, "")


def build_export(n: int, seed: int = 0) -> pd.DataFrame:
    """A Citizen-Space-like export of ``n`` respondents plus ~0.5% exact duplicates and ~0.5% resubmissions."""
    rng = np.random.default_rng(seed)
    who = respondents(rng, n)
    export = pd.DataFrame({
        EX.COL_ID: [f"ANON-{a:04X}-{b:04X}-{i:06X}" for i, (a, b) in enumerate(rng.integers(0, 65536, (n, 2)))],
        EX.COL_SUBMITTED: timestamps(rng, n),
        EX.COL_CAPACITY: label_variants(rng, np.where(who["org"], "organisation", "individual"), EX.CAPACITY_LABELS),
        EX.COL_ORG_NAME: who["org_name"].to_numpy(),
        EX.COL_PARTNER: who["partner"].to_numpy(),
        EX.COL_AREA: who["area"].to_numpy(),
    })
    positions = {}
    for qid, column in EX.AGREE_COLUMNS.items():
        positions[qid] = agree_codes(rng, who["attitude"].to_numpy(), CYCLE.means[qid] - 0.8)
        export[column] = label_variants(rng, positions[qid], EX.AGREE_LABELS)
    ticks = rng.random((n, len(EX.PRIORITIES))) < np.array([0.55, 0.55, 0.4, 0.4, 0.2, 0.45])
    export[EX.COL_PRIORITIES] = [";".join(p for p, t in zip(EX.PRIORITIES, row) if t) for row in ticks]
    yes_no = draw(rng, ["Yes", "No", "Not sure", ""], [0.38, 0.52, 0.07, 0.03], n)
    export[EX.COL_ASB] = label_variants(rng, yes_no, EX.YES_NO_LABELS)
    export[EX.COL_EMAIL] = np.where(rng.random(n) < 0.25, export[EX.COL_ID].str[-6:].str.lower() + "@example.com", "")
    who["q3"] = pd.Series(positions["q3"]).map({"SA": "agree", "A": "agree", "D": "disagree", "SD": "disagree"}).fillna("neutral")
    export[EX.COL_Q3A] = compose_texts(rng, who, EX.COL_Q3A, 0.6, 0.04)
    export[EX.COL_Q5] = compose_texts(rng, who, EX.COL_Q5, 0.35, 0.16)
    export["_org"] = who["org"].to_numpy()
    plant_campaigns(rng, export)
    plant_pii(rng, export)
    export = export.drop(columns="_org")
    equality_answers(np.random.default_rng(seed + EX.EQUALITY["seed_offset"]), export, who)
    resubmitted = export.iloc[rng.choice(n, n // 200, replace=False)].copy()
    later = pd.to_datetime(resubmitted[EX.COL_SUBMITTED]) + pd.Timedelta(days=3, hours=2, minutes=17)
    resubmitted[EX.COL_SUBMITTED] = later.dt.strftime("%Y-%m-%d %H:%M:%S")
    resubmitted[EX.COL_Q3] = draw(rng, ["Disagree", "Strongly disagree"], [1, 1], len(resubmitted))
    duplicated = export.iloc[rng.choice(n, n // 200, replace=False)]
    export = pd.concat([export, resubmitted, duplicated], ignore_index=True)
    return export.sort_values(EX.COL_SUBMITTED, kind="stable").reset_index(drop=True)[list(EX.COLUMNS)]


def write_project(n: int, folder: Path, seed: int = 0) -> Path:
    """Write the export and its config under ``folder`` (a project root); return the config's path."""
    export_path = folder / "data" / "raw" / CONSULTATION_ID / EX.EXPORT_NAME
    export_path.parent.mkdir(parents=True, exist_ok=True)
    build_export(n, seed).to_csv(export_path, index=False, encoding="utf-8-sig", lineterminator="\r\n")
    settings = yaml.safe_load((ROOT / "consultations" / "example.yaml").read_text(encoding="utf-8"))
    settings["id"] = CONSULTATION_ID
    settings["title"] = f"Benchmark consultation of {n:,} SYNTHETIC respondents"
    settings["inputs"] = [{"path": export_path.relative_to(folder).as_posix(), "encoding": "utf-8-sig"}]
    population = export_path.with_name("population.csv")
    population.write_text(EX.population_csv(), encoding="utf-8")
    settings["equality"] = {**settings.get("equality", {}), "population": population.relative_to(folder).as_posix()}
    config_path = folder / "consultations" / f"{CONSULTATION_ID}.yaml"
    config_path.parent.mkdir(parents=True, exist_ok=True)
    config_path.write_text(yaml.safe_dump(settings, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return config_path


# ----------------------------------------------------------------------------- running and measuring
STAGE_MODULES = {"clean": "consult.clean.stage", "agreement": "consult.agreement.stage", "themes": "consult.themes.stage",
                 "report": "consult.report.stage"}


def _child(name: str, argument: str, conn) -> None:
    """In a fresh process: generate the project (``argument`` = "n seed folder") or run one stage on
    the config at ``argument``; send back (seconds, peak RSS in KiB, error or None)."""
    try:
        start = time.perf_counter()
        if name == "generate":
            n, seed, folder = argument.split(" ", 2)
            write_project(int(n), Path(folder), int(seed))
        else:
            from consult.core import config

            importlib.import_module(STAGE_MODULES[name]).run(config.load(argument))
        error = None
    except Exception as caught:  # reported by the parent, which raises
        error = f"{type(caught).__name__}: {caught}"
    conn.send((time.perf_counter() - start, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, error))
    conn.close()


def tree_rss_kib(pid: int) -> int:
    """Resident memory (KiB) of process ``pid`` and all its descendants, read from Linux's /proc
    (0 elsewhere); a process that ends while being read counts as 0."""
    parents, rss = {}, {}
    for stat in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":\t", 1) for line in stat.read_text().splitlines() if ":\t" in line)
        except OSError:
            continue
        child = int(stat.parent.name)
        parents[child] = int(fields.get("PPid", "0"))
        rss[child] = int(fields.get("VmRSS", "0 kB").split()[0])
    tree, grew = {pid}, True
    while grew:
        more = {p for p, parent in parents.items() if parent in tree} - tree
        tree |= more
        grew = bool(more)
    return sum(rss.get(p, 0) for p in tree)


def measure(name: str, argument: str) -> dict[str, object]:
    """Run ``name`` in a spawned child; its wall seconds and peak resident memory (MiB).

    The peak is the larger of the child's own ``ru_maxrss`` and the most that the child and the
    worker processes it starts (themes fits questions in parallel) held together, sampled from
    /proc every 0.25 s. Raises RuntimeError naming the step when it fails.
    """
    context = multiprocessing.get_context("spawn")  # a clean interpreter: its peak RSS is the step's own
    receive, send = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(name, argument, send))
    process.start()
    send.close()
    tree_peak = 0
    while not receive.poll(0.25):
        tree_peak = max(tree_peak, tree_rss_kib(process.pid))
    seconds, max_rss_kib, error = receive.recv()
    process.join()
    if error:
        raise RuntimeError(f"{name} failed: {error}")
    return {"stage": name, "seconds": round(seconds, 2), "peak_rss_mib": round(max(max_rss_kib, tree_peak) / 1024)}


def benchmark(n: int, stages: Sequence[str], folder: Path, seed: int = 0) -> pd.DataFrame:
    """Generate the consultation under ``folder`` and time ``stages``: a table of one row per step.

    Rows: ``generate`` (writing the export, not counted in the total), each stage, ``total``.
    Columns: ``stage``, ``seconds``, ``peak_rss_mib`` (total: the largest stage peak, since the
    stages run one after another). Raises RuntimeError naming the step that failed.
    """
    rows = [measure("generate", f"{n} {seed} {folder}")]
    config_path = folder / "consultations" / f"{CONSULTATION_ID}.yaml"
    rows += [measure(name, str(config_path)) for name in stages]
    timed = rows[1:]
    rows.append({"stage": "total", "seconds": round(sum(r["seconds"] for r in timed), 2),
                 "peak_rss_mib": max((r["peak_rss_mib"] for r in timed), default=0)})
    return pd.DataFrame(rows, columns=["stage", "seconds", "peak_rss_mib"])


def main(argv: Sequence[str] | None = None) -> pd.DataFrame:
    parser = argparse.ArgumentParser(description="Time each stage of consult on a synthetic consultation.")
    parser.add_argument("--n", type=int, default=100_000, help="respondents (default 100000)")
    parser.add_argument("--stages", default=",".join(STAGES), help=f"comma-separated subset of {','.join(STAGES)}")
    parser.add_argument("--seed", type=int, default=0, help="seed of the generated data")
    parser.add_argument("--keep", type=Path, help="write the project here and keep it (default: a temp folder)")
    args = parser.parse_args(argv)
    stages = [s.strip() for s in args.stages.split(",") if s.strip()]
    unknown = sorted(set(stages) - set(STAGES))
    if unknown:
        parser.error(f"unknown stage(s) {', '.join(unknown)}; choose from {', '.join(STAGES)}")
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        table = benchmark(args.n, stages, args.keep, args.seed)
    else:
        with tempfile.TemporaryDirectory(prefix="consult-bench-") as folder:
            table = benchmark(args.n, stages, Path(folder), args.seed)
    print(f"consult pipeline benchmark: {args.n:,} respondents")
    print(table.to_string(index=False))
    return table


if __name__ == "__main__":
    main()
