"""Running a consultation's notebooks in order through papermill.

Each stage is one notebook under ``notebooks/``; :func:`run` executes them in order with the
config path as their parameter, keeps each executed notebook under
``reports/<id>/notebooks/``, prints which stage is running and how long it took, and finally
writes ``reports/<id>/manifest.json`` (the config, a SHA-256 of each input, package versions,
timings, row accounting). An analyst's mistake inside a stage (a bad label, a missing column)
comes back as one :class:`~consult.errors.ConsultError` line, not a notebook traceback.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import pkgutil
import platform
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path

# nbformat (papermill's) loads jsonschema, which builds a grammar for checking IRIs when rfc3987-syntax
# is installed (JupyterLab's jupyter-events brings it): 3-4 s at the start of every run, for a format no
# notebook uses. Marked missing, it is not imported, and jsonschema leaves just that format unchecked.
sys.modules.setdefault("rfc3987_syntax", None)

import nbformat  # noqa: E402
import papermill  # noqa: E402
from papermill.exceptions import PapermillExecutionError  # noqa: E402

from consult import __version__, cache, config  # noqa: E402
from consult.errors import ConsultError  # noqa: E402
from consult.files import read_csv, sha256, write_text  # noqa: E402


@dataclass(frozen=True)
class Stage:
    """One step of the analysis: its name and the notebook that runs it."""

    name: str
    notebook: str
    description: str


STAGES: tuple[Stage, ...] = (
    Stage("clean", "01_clean.ipynb", "read the export, clean and redact responses"),
    Stage("agreement", "02_agreement.ipynb", "counts, percentages and bases for closed questions"),
    Stage("themes", "03_themes.ipynb", "themes of the free-text answers"),
    Stage("report", "04_report.ipynb", "summary, Word document, tables and charts"),
)

PARAMETERS = {"config_path": "path of the consultation config (consultations/<id>.yaml)"}
"""What :func:`run` passes to every notebook; a test checks it against each notebook's parameters cell."""

PACKAGES = ("consult", "pandas", "numpy", "scikit-learn", "scipy", "nltk", "matplotlib", "papermill",
            "python-docx", "openpyxl", "vaderSentiment", "pydantic")


@dataclass
class RunResult:
    """What a run did: the stages run, their seconds, and where the outputs are."""

    config: config.Consultation
    timings: dict[str, float] = field(default_factory=dict)
    notebooks: list[Path] = field(default_factory=list)
    reused: list[str] = field(default_factory=list)  # stages whose earlier outputs were still current
    manifest: Path | None = None


def notebooks_dir(cfg: config.Consultation) -> Path:
    """The stage notebooks: the project's own ``notebooks/``, else the ones shipped beside the package."""
    for candidate in (cfg.project_root / "notebooks", Path(__file__).resolve().parents[2] / "notebooks"):
        if (candidate / STAGES[0].notebook).exists():
            return candidate
    raise ConsultError(f"{cfg.project_root / 'notebooks'}: the stage notebooks are missing; "
                       "run consult from a checkout of the consult project")


def select_stages(only: Sequence[str] | None = None, start: str | None = None) -> list[Stage]:
    """The stages to run: all, the named ones (``only``), or from ``start`` onwards.

    Raises :class:`ConsultError` naming the known stages when a name is not one of them.
    """
    names = [s.name for s in STAGES]
    for name in [*(only or []), *([start] if start else [])]:
        if name not in names:
            raise ConsultError(f"unknown stage {name!r}; the stages are {', '.join(names)}")
    chosen = [s for s in STAGES if not only or s.name in only]
    return chosen[names.index(start):] if start and not only else chosen


def _consult_error_names() -> set[str]:
    """Names of ConsultError and all its subclasses: errors meant for people, not bugs.

    Every consult module is imported first, so subclasses defined in stage modules that this
    process has not loaded (the notebooks ran them) are known too.
    """
    import consult

    for module in pkgutil.iter_modules(consult.__path__):
        with contextlib.suppress(ImportError):  # a module of an extra not installed (review: ipywidgets)
            importlib.import_module(f"consult.{module.name}")
    names, todo = set(), [ConsultError]
    while todo:
        cls = todo.pop()
        names.add(cls.__name__)
        todo.extend(cls.__subclasses__())
    return names


def _execute(stage: Stage, source: Path, target: Path, config_path: Path) -> None:
    """Run one notebook into ``target``; a ConsultError raised inside it is re-raised here as one line.

    The notebook runs into ``<name>.running.ipynb`` and is renamed onto ``target`` only when it
    succeeds; a failed one is kept as ``<name>.failed.ipynb`` for diagnosis.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    running = target.with_name(f"{target.stem}.running.ipynb")
    failed = target.with_name(f"{target.stem}.failed.ipynb")
    try:
        papermill.execute_notebook(
            str(source), str(running), parameters={"config_path": str(config_path)},
            cwd=str(source.parent), kernel_name="python3", progress_bar=False,
            extra_arguments=["--IPKernelApp.log_level=ERROR"],  # no start-up chatter in the terminal
        )
    except PapermillExecutionError as error:
        running.replace(failed)
        if error.ename in _consult_error_names():
            raise ConsultError(f"stage {stage.name}: {error.evalue}") from None
        raise ConsultError(
            f"stage {stage.name} failed with {error.ename}: {error.evalue} (see {failed}; "
            "this is a bug in consult, please report it with that notebook)"
        ) from None
    running.replace(target)
    failed.unlink(missing_ok=True)


def run(
    config_path: str | Path,
    only: Sequence[str] | None = None,
    start: str | None = None,
    echo: Callable[[str], None] = print,
    force: bool = False,
) -> RunResult:
    """Run the stage notebooks for one consultation and write its manifest.

    ``only`` runs just the named stages, ``start`` runs from that stage onwards (earlier
    stages' outputs are read as they are). A stage whose inputs, settings, notebook and code
    are unchanged since its last run is reused rather than rerun (see :mod:`consult.cache`),
    unless ``force``. Raises :class:`ConsultError` with one line when the config or an input
    is wrong; earlier outputs are left intact (every write is atomic).
    """
    stages = select_stages(only, start)
    path = Path(config_path).resolve()
    cfg = config.load(path)
    source_dir = notebooks_dir(cfg)
    out_dir = cfg.reports_dir / "notebooks"
    result = RunResult(cfg)
    total = time.perf_counter()
    for number, stage in enumerate(stages, start=1):
        echo(f"[{number}/{len(stages)}] {stage.name}: {stage.description} ...")
        began = time.perf_counter()
        target = out_dir / stage.notebook
        key = cache.stage_key(cfg, stage.name, source_dir / stage.notebook)
        result.notebooks.append(target)
        if not force and cache.is_current(cfg, stage.name, key, target):
            result.reused.append(stage.name)
            echo("      unchanged since the last run: outputs reused")
            continue
        _execute(stage, source_dir / stage.notebook, target, path)
        cache.record(cfg, stage.name, key, target)
        result.timings[stage.name] = round(time.perf_counter() - began, 2)
        echo(f"      done in {result.timings[stage.name]:.1f} s")
    if "report" in result.timings:
        write_html(cfg)
    result.manifest = write_manifest(cfg, result.timings)
    echo(f"Finished in {time.perf_counter() - total:.1f} s. Outputs: {cfg.reports_dir}")
    return result


def write_html(cfg: config.Consultation) -> Path | None:
    """reports/<id>/report.html: summary.md, then the text, tables and charts of the kept notebooks of
    the stages before the report (code hidden; the report's own notebook repeats the summary).

    ``None`` before the report stage has written summary.md. Written here, after the report's
    notebook, rather than in it: the stage need not load nbconvert for a page rewritten anyway.
    """
    summary = cfg.reports_dir / "summary.md"
    if not summary.exists():
        return None
    from nbconvert import HTMLExporter  # imported only when needed: a second to load

    # the cell's id is given, not drawn at random, so that the page is byte-identical from run to run
    summary_cell = nbformat.v4.new_markdown_cell(summary.read_text(encoding="utf-8"), id="summary")
    combined = nbformat.v4.new_notebook(cells=[summary_cell])
    for stage in STAGES:
        path = cfg.reports_dir / "notebooks" / stage.notebook
        if stage.name != "report" and path.exists():
            notebook = nbformat.read(path, as_version=4)
            combined.cells.extend(notebook.cells)
            for key in ("kernelspec", "language_info"):
                if key in notebook.metadata:
                    combined.metadata.setdefault(key, notebook.metadata[key])
    exporter = HTMLExporter(template_name="lab", exclude_input=True, exclude_input_prompt=True,
                            exclude_output_prompt=True)
    body, _ = exporter.from_notebook_node(combined, resources={"metadata": {"name": cfg.title}})
    return write_text(cfg.reports_dir / "report.html", body)


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def row_accounting(cfg: config.Consultation) -> dict[str, int]:
    """Raw rows read, kept and excluded, from the cleaning log (empty before the clean stage)."""
    log_path = cfg.processed_dir / "cleaning_log.csv"
    if not log_path.exists():
        return {}
    status = read_csv(log_path, usecols=["status"], dtype=str)["status"]
    kept, excluded = int((status == "kept").sum()), int((status == "excluded").sum())
    return {"raw_rows": kept + excluded, "kept": kept, "excluded": excluded,
            "values_changed": int((status == "changed").sum())}


def write_manifest(cfg: config.Consultation, timings: dict[str, float]) -> Path:
    """Write ``reports/<id>/manifest.json`` and return its path.

    Timings of stages not run this time are kept from the previous manifest, so the file always
    describes the outputs as they now are.
    """
    target = cfg.reports_dir / "manifest.json"
    previous = json.loads(target.read_text(encoding="utf-8")) if target.exists() else {}
    manifest = {
        "consultation": cfg.id,
        "written": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "consult_version": __version__,
        "python": platform.python_version(),
        "platform": f"{platform.system()} {platform.machine()}",
        "config_file": str(cfg.source),
        "config_sha256": sha256(cfg.source) if cfg.source else None,
        "config": cfg.model_dump(mode="json"),
        "inputs": [{"path": f.path, "sha256": sha256(p), "bytes": p.stat().st_size}
                   for f, p in zip(cfg.inputs, cfg.input_paths) if p.exists()],
        "packages": {name: _version(name) for name in PACKAGES},
        "timings_seconds": {**previous.get("timings_seconds", {}), **timings},
        "rows": row_accounting(cfg),
        "command": " ".join(Path(sys.argv[0]).name.split() + sys.argv[1:]),
    }
    return write_text(target, json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
