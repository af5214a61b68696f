"""The real-exports corpus, end to end: ``consult init`` on an export, then ``consult run`` on the draft untouched.

The corpus (tests/exports/README.md) is every fixture folder of tests/exports/ (an export and its
``expected.yaml``, written by make_fixtures.py) and every entry of tests/exports/shared.yaml (real
third-party exports read from ../shared/external-data/; those skip cleanly where it is absent).
For each, in a temporary project, the console command runs as a user would run it, once per entry
(a module-scoped fixture), and the tests check what it left: exit status 0, summary.md,
summary.docx and tables.xlsx with no placeholder text, one cleaning-log row per raw row, and the
manifest's figures in agreement.csv. Expectations are data in the manifests, never per-export code.
"""

from __future__ import annotations

import functools
import importlib.util
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import docx
import openpyxl
import pandas as pd
import pytest
import yaml

from consult.core import config as consult_config
from consult.core.scales import normalise_label

CORPUS = Path(__file__).resolve().parent / "exports"
SHARED_MANIFEST = CORPUS / "shared.yaml"
EXTERNAL = Path(__file__).resolve().parents[1].parent / "shared" / "external-data"
COMMAND_TIMEOUT = 900  # seconds for one consult command
OUTPUTS = ("summary.md", "summary.docx", "tables.xlsx")
# Text a finished report never holds: draft markers, Python/pandas blanks, unfilled template fields.
PLACEHOLDER = re.compile(r"\bEDIT\b|\bTODO\b|\bXXX\b|(?i:placeholder)|\bNone\b|\bnan\b|\bNaN\b|<NA>|[{}]")
_NEXT_WORD = re.compile(r"\W{0,3}\w+")
_QUOTED = re.compile(r"“[^”]*”")


@dataclass(frozen=True)
class Entry:
    """One corpus export: ``export`` is a file or a Polis folder; ``raw_file`` the file whose rows are counted."""

    name: str
    export: Path
    raw_file: str
    raw_rows: int
    figures: list[dict]
    shared: bool


def _fixture_entries() -> list[Entry]:
    found = []
    for expected in sorted(CORPUS.glob("*/expected.yaml")):
        spec = yaml.safe_load(expected.read_text(encoding="utf-8"))
        found.append(Entry(expected.parent.name, expected.parent / spec["export"], spec.get("raw_file", spec["export"]),
                           spec["raw_rows"], spec.get("figures") or [], shared=False))
    return found


def _shared_entries() -> list[Entry]:
    manifest = yaml.safe_load(SHARED_MANIFEST.read_text(encoding="utf-8"))
    return [Entry(name, EXTERNAL / spec["path"], spec.get("raw_file", Path(spec["path"]).name), spec["raw_rows"],
                  spec.get("figures") or [], shared=True) for name, spec in manifest.items()]


ENTRIES = _fixture_entries() + _shared_entries()


# ---------------------------------------------------------------------------- one run per entry
@dataclass
class Step:
    command: str
    returncode: int
    output: str
    seconds: float

    def error_line(self) -> str:
        """The line that says what went wrong: the last 'error' line, else the last line."""
        lines = [line for line in self.output.splitlines() if line.strip()]
        errors = [line for line in lines if "error" in line.lower()]
        return (errors or lines or ["(no output)"])[-1].strip()


@dataclass
class Run:
    """What ``consult init`` and ``consult run`` did and left in ``project``."""

    entry: Entry
    project: Path
    steps: list[Step] = field(default_factory=list)

    @property
    def processed(self) -> Path:
        return self.project / "data" / "processed" / self.entry.name

    @property
    def reports(self) -> Path:
        return self.project / "reports" / self.entry.name

    def failure(self) -> str:
        """'' when both commands exited 0, else which one failed and its error line."""
        for step in self.steps:
            if step.returncode != 0:
                return f"consult {step.command} exited {step.returncode} after {step.seconds:.0f} s: {step.error_line()}"
        return ""

    def need(self, path: Path) -> Path:
        """``path``, or a test failure saying it is missing and why."""
        if not path.exists():
            pytest.fail(f"{path.relative_to(self.project)} was not written ({self.failure() or 'both commands exited 0'})",
                        pytrace=False)
        return path


def _consult(project: Path, command: str, *args: str) -> Step:
    started = time.perf_counter()
    try:
        done = subprocess.run([sys.executable, "-m", "consult.cli", command, *args], cwd=project, text=True,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=COMMAND_TIMEOUT)
        code, output = done.returncode, done.stdout
    except subprocess.TimeoutExpired as expired:
        code, output = -1, f"{expired.output or ''}\nerror: timed out after {COMMAND_TIMEOUT} s"
    return Step(command, code, output, time.perf_counter() - started)


@pytest.fixture(scope="module", params=ENTRIES, ids=[e.name for e in ENTRIES])
def run(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Run:
    """The entry's export copied to ``data/raw/<name>/`` of a new project, drafted and run there."""
    entry: Entry = request.param
    if entry.shared:
        request.getfixturevalue("external_data")  # skips where ../shared is absent
    project = tmp_path_factory.mktemp(entry.name)
    raw = project / "data" / "raw" / entry.name
    raw.mkdir(parents=True)
    (project / "consultations").mkdir()
    if entry.export.is_dir():
        for file in sorted(entry.export.iterdir()):
            shutil.copyfile(file, raw / file.name)
        target = raw
    else:
        target = raw / entry.export.name
        shutil.copyfile(entry.export, target)
    result = Run(entry, project)
    result.steps.append(_consult(project, "init", str(target.relative_to(project)), "--id", entry.name))
    if result.steps[-1].returncode == 0:
        result.steps.append(_consult(project, "run", f"consultations/{entry.name}.yaml"))
    return result


# ---------------------------------------------------------------------------- checks
def _raw_text(entry: Entry) -> str:
    """Every cell of the raw export as one white-space-normalised text (to tell its own words from placeholders)."""
    files = sorted(entry.export.glob("*.csv")) if entry.export.is_dir() else [entry.export]
    parts = []
    for file in files:
        if file.suffix.lower() == ".xlsx":
            book = openpyxl.load_workbook(file, read_only=True)
            parts += [str(v) for sheet in book for row in sheet.iter_rows(values_only=True) for v in row if v is not None]
            book.close()
            continue
        data = file.read_bytes()
        try:
            parts.append(data.decode("utf-8-sig"))
        except UnicodeDecodeError:
            parts.append(data.decode("cp1252", errors="replace"))
    return " ".join(" ".join(parts).split())


def _output_texts(reports: Path) -> list[tuple[str, str]]:
    """(where, text) for summary.md, each paragraph and table cell of summary.docx, each text cell of tables.xlsx."""
    texts = [("summary.md", (reports / "summary.md").read_text(encoding="utf-8"))]
    document = docx.Document(str(reports / "summary.docx"))
    texts += [(f"summary.docx paragraph {i}", p.text) for i, p in enumerate(document.paragraphs, 1)]
    texts += [(f"summary.docx table {t} cell", cell.text) for t, table in enumerate(document.tables, 1)
              for row in table.rows for cell in row.cells]
    book = openpyxl.load_workbook(reports / "tables.xlsx", read_only=True)
    for sheet in book:
        for row in sheet.iter_rows():
            texts += [(f"tables.xlsx {sheet.title}!{c.coordinate}", c.value) for c in row if isinstance(c.value, str)]
    book.close()
    return texts


def placeholders(text: str, raw: str) -> list[str]:
    """Snippets of ``text`` around placeholder-like tokens that are not the export's own words.

    A token is the export's own when it and the word after it (e.g. "None of") occur in ``raw``; words
    between curly quotes (labels and quotes, which the reports write so) are the export's too.
    """
    found = []
    flat = _QUOTED.sub("“”", " ".join(text.split()))  # labels and quotes are respondents' words, between curly quotes
    for match in PLACEHOLDER.finditer(flat):
        after = _NEXT_WORD.match(flat, match.end())
        context = flat[match.start():after.end() if after else match.end()]
        own = re.search((r"(?<!\w)" if context[0].isalnum() else "") + re.escape(context), raw)
        if not own:
            found.append(flat[max(0, match.start() - 40):match.end() + 40])
    return found


def _same(a: object, b: object) -> bool:
    return " ".join(str(a).split()) == " ".join(str(b).split())


def _question(config: dict, column: str, label: str | None) -> dict | None:
    """The drafted question that reads ``column`` (or whose text is ``column`` or ``label``)."""
    questions = config.get("questions") or []
    for key in ("column", "text"):
        for question in questions:
            if any(_same(question.get(key, ""), name) for name in (column, label) if name):
                return question
    return None


def _canonical(config: dict, question: dict) -> Callable[[str], str]:
    """How the drafted config names an export's label (its scale's option, through the synonyms: a Welsh
    "Cytuno'n gryf" is reported as "Strongly agree"); labels it does not map stay as they are."""
    if question.get("type") not in ("closed", "choice"):
        return lambda label: label
    cfg = consult_config.parse(config, "<drafted>")
    lookup = cfg.question(question["id"]).get_scale(cfg.cleaning.synonyms).lookup()
    return lambda label: lookup.get(normalise_label(label), label)


def check_figure(figure: dict, config: dict, agreement: pd.DataFrame) -> str:
    """'' when agreement.csv reproduces ``figure``, else what differs."""
    what = f"{figure['column'][:70]!r} {figure['options']}"
    question = _question(config, figure["column"], figure.get("label"))
    polis = any(spec.get("format") == "polis" for spec in config.get("inputs") or [])
    if question is None and polis and str(figure["column"]) in set(agreement["question_id"].astype(str)):
        question = {"id": str(figure["column"]), "type": "Polis statement"}  # one question per statement id
    if question is None:
        return f"{what}: no question of the drafted config reads this column"
    canonical = _canonical(config, question)
    group_by, group = "all", "all"
    if "group_column" in figure:
        grouping = _question(config, figure["group_column"], None)
        if grouping is None:
            return f"{what}: no question of the drafted config reads the group column {figure['group_column']!r}"
        group_by, group = grouping["id"], figure["group"]
    rows = agreement[(agreement["question_id"].astype(str) == str(question["id"])) & (agreement["group_by"] == group_by)
                     & (agreement["group"].map(normalise_label) == normalise_label(group))
                     & (agreement["net"].astype(str).str.lower() != "true")]
    if rows.empty:
        return f"{what}: agreement.csv has no rows for question {question['id']!r} ({question.get('type')}), {group_by}={group}"
    wanted = {normalise_label(canonical(o)) for o in figure["options"]}
    picked = rows[rows["option"].map(normalise_label).isin(wanted)]
    missing = [o for o in figure["options"] if normalise_label(canonical(o)) not in set(picked["option"].map(normalise_label))]
    if missing:
        return f"{what}: option(s) {missing} not in agreement.csv for {question['id']!r} (has {rows['option'].tolist()})"
    n, bases = int(round(picked["n"].sum())), sorted({int(round(b)) for b in picked["base"]})
    if (n, bases) != (figure["n"], [figure["base"]]):
        return f"{what}: n {n} of base {'/'.join(map(str, bases))}, expected {figure['n']} of {figure['base']}"
    return ""


# ---------------------------------------------------------------------------- the slow end-to-end tests
@pytest.mark.slow
def test_init_and_run_exit_0(run: Run) -> None:
    if run.failure():
        pytest.fail(run.failure(), pytrace=False)


@pytest.mark.slow
def test_report_files_are_written(run: Run) -> None:
    for name in OUTPUTS:
        run.need(run.reports / name)


@pytest.mark.slow
def test_reports_hold_no_placeholder_text(run: Run) -> None:
    for name in OUTPUTS:
        run.need(run.reports / name)
    raw = _raw_text(run.entry)
    found = [f"{where}: ...{snippet}..." for where, text in _output_texts(run.reports)
             for snippet in placeholders(text, raw)]
    if found:
        pytest.fail(f"{len(found)} placeholder(s):\n" + "\n".join(dict.fromkeys(found[:12])), pytrace=False)


@pytest.mark.slow
def test_every_raw_row_is_accounted_for(run: Run) -> None:
    log = pd.read_csv(run.need(run.processed / "cleaning_log.csv"), dtype=str, keep_default_na=False)
    rows = log[log["status"].isin(["kept", "excluded"]) & (log["source_file"] == run.entry.raw_file)]
    numbers = pd.to_numeric(rows["raw_row"], errors="coerce")
    expected = set(range(1, run.entry.raw_rows + 1))
    if len(rows) != run.entry.raw_rows or set(numbers) != expected:
        pytest.fail(f"{run.entry.raw_file} has {run.entry.raw_rows} data rows; cleaning_log.csv has {len(rows)} "
                    f"kept/excluded row(s) for it ({numbers.nunique()} distinct raw_row; source files in the log: "
                    f"{sorted(log['source_file'].unique())})", pytrace=False)


@pytest.mark.slow
def test_figures_are_reproduced(run: Run) -> None:
    if not run.entry.figures:
        pytest.skip("no closed question: no figure to reproduce")
    config = yaml.safe_load(run.need(run.project / "consultations" / f"{run.entry.name}.yaml").read_text(encoding="utf-8"))
    agreement = pd.read_csv(run.need(run.processed / "agreement.csv"), dtype={"option": str, "group": str},
                            keep_default_na=False)
    problems = [p for p in (check_figure(f, config, agreement) for f in run.entry.figures) if p]
    if problems:
        pytest.fail(f"{len(problems)} of {len(run.entry.figures)} figure(s) not reproduced:\n" + "\n".join(problems),
                    pytrace=False)


# ---------------------------------------------------------------------------- fast checks of the corpus itself
@functools.cache
def _load_maker():
    """tests/exports/make_fixtures.py as a module (tests/ is not a package)."""
    spec = importlib.util.spec_from_file_location("make_fixtures", CORPUS / "make_fixtures.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclass needs to find its own module
    spec.loader.exec_module(module)
    return module


def test_every_fixture_folder_has_a_manifest_and_every_manifest_its_export() -> None:
    folders = sorted(p.name for p in CORPUS.iterdir() if p.is_dir() and not p.name.startswith(("_", ".")))
    assert folders == sorted(_load_maker().FIXTURES), "tests/exports/ folders differ from make_fixtures.FIXTURES"
    for entry in _fixture_entries():
        assert sorted(p.name for p in entry.export.parent.iterdir()) == sorted([entry.export.name, "expected.yaml"])
    assert [e.name for e in _fixture_entries()] == folders


def test_manifest_entries_are_well_formed() -> None:
    names = [e.name for e in ENTRIES]
    assert len(names) == len(set(names)) and all(re.fullmatch(r"[A-Za-z][A-Za-z0-9_-]*", n) for n in names)
    for entry in ENTRIES:
        assert isinstance(entry.raw_rows, int) and entry.raw_rows > 0, entry.name
        for fig in entry.figures:
            assert {"column", "options", "n", "base"} <= set(fig) and isinstance(fig["options"], list), (entry.name, fig)
            assert all(isinstance(o, str) for o in fig["options"]) and 0 <= fig["n"] <= fig["base"], (entry.name, fig)


def test_fixtures_are_regenerated_identically(tmp_path: Path) -> None:
    for folder in _load_maker().write_all(tmp_path):
        for file in folder.iterdir():
            committed = CORPUS / folder.name / file.name
            if file.suffix == ".xlsx":
                def cells(path: Path) -> list:
                    book = openpyxl.load_workbook(path, read_only=True)
                    values = [(s.title, list(s.iter_rows(values_only=True))) for s in book]
                    book.close()
                    return values
                assert cells(file) == cells(committed), committed
            else:
                assert file.read_bytes() == committed.read_bytes(), f"{committed} differs from make_fixtures.py's output"


def test_shared_manifest_covers_every_survey_and_each_polis_layout(external_data: Path) -> None:
    shared = _shared_entries()
    assert all(e.export.exists() for e in shared), [str(e.export) for e in shared if not e.export.exists()]
    surveys = {p.name for p in (external_data / "fivethirtyeight-surveys").iterdir() if p.is_dir()}
    assert surveys == {e.export.parent.name for e in shared if "fivethirtyeight-surveys" in e.export.parts}
    layouts = {frozenset(p.name for p in e.export.glob("*.csv")) & {"votes.csv", "participants-votes.csv"}
               for e in shared if e.export.is_dir()}
    assert layouts == {frozenset({"votes.csv", "participants-votes.csv"}), frozenset({"participants-votes.csv"}),
                       frozenset()}


def test_placeholder_check_tells_template_text_from_the_exports_own_words() -> None:
    raw = "Which option do you prefer?,None of these,Option A"
    assert placeholders("Most, 40% (8 of 20), chose “None of these”.", raw) == []
    assert len(placeholders("agreed that EDIT: the clause for prose", raw)) == 1
    assert len(placeholders("the None group said {n} of {base}; nan", raw)) == 6  # None, 4 braces, nan


def test_figure_check_finds_the_drafted_question_and_sums_its_options() -> None:
    config = {"questions": [{"id": "q1", "column": "Q1", "text": "Do you agree?"},
                            {"id": "who", "column": "Q0", "type": "attribute"}]}
    agreement = pd.DataFrame({
        "question_id": ["q1"] * 4, "group_by": ["all", "all", "all", "who"], "group": ["all", "all", "all", "Resident"],
        "option": ["Strongly agree", "Agree", "agree (net)", "Agree"], "net": [False, False, True, False],
        "n": [3, 4, 7, 2], "base": [10, 10, 10, 5]})
    assert check_figure({"column": "Do you agree?", "options": ["strongly agree", "Agree"], "n": 7, "base": 10},
                        config, agreement) == ""
    assert check_figure({"column": "Q1", "group_column": "Q0", "group": "resident", "options": ["Agree"], "n": 2,
                         "base": 5}, config, agreement) == ""
    assert "expected 8 of 10" in check_figure({"column": "Q1", "options": ["Agree", "Strongly agree"], "n": 8,
                                               "base": 10}, config, agreement)
    assert "no question" in check_figure({"column": "Q9", "options": ["Agree"], "n": 1, "base": 1}, config, agreement)
