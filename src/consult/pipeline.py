"""Running a consultation's notebooks in order through papermill.

Each stage is one notebook under ``notebooks/``; :func:`run` executes them in order with the
config path as their parameter, keeps each executed notebook under
``reports/<id>/notebooks/``, prints which stage is running and how long it took, and finally
writes ``reports/<id>/manifest.json`` (the config, a SHA-256 of each input, package versions,
timings, row accounting). An analyst's mistake inside a stage (a bad label, a missing column)
comes back as one :class:`~consult.core.errors.ConsultError` line, not a notebook traceback.
"""

from __future__ import annotations

import json
import platform
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from importlib import metadata, resources
from pathlib import Path

# nbformat (papermill's) loads jsonschema, which builds a grammar for checking IRIs when rfc3987-syntax
# is installed (JupyterLab's jupyter-events brings it): 3-4 s at the start of every run, for a format no
# notebook uses. Marked missing, it is not imported, and jsonschema leaves just that format unchecked.
sys.modules.setdefault("rfc3987_syntax", None)

import nbformat  # noqa: E402
import papermill  # noqa: E402
from papermill.exceptions import PapermillExecutionError  # noqa: E402

from consult import __version__, cache  # noqa: E402
from consult.core import config  # noqa: E402
from consult.core.errors import ConsultError  # noqa: E402
from consult.core.files import ensure_folder, read_csv, sha256, write_text  # noqa: E402
from consult.report import html  # noqa: E402


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
    """The folder of the stage notebooks that :func:`run` executes.

    The project's own ``notebooks/`` (beside its ``consultations/``) when it holds a stage notebook, so
    a project may keep customised copies there; else the ones shipped in the installed package
    (``consult/notebooks/``, copied from the repository's ``notebooks/`` when the wheel is built); else
    those of the checkout that an editable install's ``src/`` lies in. Raises :class:`ConsultError`
    when none has them, or when the project's folder lacks some of them (rather than mixing in others).
    """
    own = cfg.project_root / "notebooks"
    shipped = resources.files("consult") / "notebooks"
    checkout = Path(__file__).resolve().parents[2] / "notebooks"
    candidates = [own, shipped, checkout] if isinstance(shipped, Path) else [own, checkout]  # not in a zip
    for candidate in candidates:
        missing = [stage.notebook for stage in STAGES if not (candidate / stage.notebook).is_file()]
        if not missing:
            return candidate
        if candidate == own and len(missing) < len(STAGES):
            raise ConsultError(f"{own}: {', '.join(missing)} missing; a project's own notebooks/ "
                               "needs every stage's notebook (copy the missing ones from consult's)")
    raise ConsultError(f"{own}: the stage notebooks are missing, and this installation of consult has "
                       "none (reinstall it, or run consult from a checkout of the consult project)")


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
    """Names of ConsultError and its subclasses (all in :mod:`consult.core.errors`): errors meant for people, not bugs."""
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
    ensure_folder(target.parent)
    running = target.with_name(f"{target.stem}.running.ipynb")
    failed = target.with_name(f"{target.stem}.failed.ipynb")
    try:
        papermill.execute_notebook(
            str(source), str(running), parameters={"config_path": str(config_path)},
            cwd=str(source.parent), kernel_name="python3", progress_bar=False,
            # no start-up chatter in the terminal, nor the kernel's complaint when Ctrl-C closes its sockets mid-cell
            extra_arguments=["--IPKernelApp.log_level=CRITICAL"],
        )
    except PapermillExecutionError as error:
        running.replace(failed)
        if error.ename in _consult_error_names():
            raise ConsultError(f"stage {stage.name}: {error.evalue}") from None
        raise ConsultError(
            f"stage {stage.name} failed with {error.ename}: {error.evalue} (see {failed}; "
            "this is a bug in consult, please report it with that notebook)"
        ) from None
    except BaseException:  # interrupted (papermill has shut the kernel down), or papermill itself failed
        running.unlink(missing_ok=True)
        raise
    write_text(target, _reproducible(nbformat.read(running, as_version=4), target))
    running.unlink()
    failed.unlink(missing_ok=True)


_TIMING = ("start_time", "end_time", "duration")


def _reproducible(notebook: nbformat.NotebookNode, target: Path) -> str:
    """An executed notebook as text that is byte-identical from run to run: papermill's parameters cell
    gets a fixed id, ``parameters-<stage notebook>`` (papermill draws one at random; notebooks.html joins the
    notebooks, so each needs its own), and the times papermill and the kernel record
    (start, end, duration; nbclient's ``execution`` stamps) are left out. What an auditor needs stays:
    the parameters, the notebook's input path and papermill's version, each cell's status."""
    meta = notebook.metadata.get("papermill", {})
    for key in _TIMING:
        meta.pop(key, None)
    if "output_path" in meta:
        meta["output_path"] = str(target)
    for cell in notebook.cells:
        cell.metadata.pop("execution", None)
        for key in _TIMING:
            cell.metadata.get("papermill", {}).pop(key, None)
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell.id = f"parameters-{target.stem}"
    text = nbformat.writes(notebook)
    return text if text.endswith("\n") else text + "\n"


def _remove_stale(folder: Path) -> None:
    """Notebooks a killed run left half-written (``*.running.ipynb``): nothing can finish them."""
    for stale in folder.glob("*.running.ipynb"):
        stale.unlink(missing_ok=True)


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
    out_dir = ensure_folder(cfg.reports_dir / "notebooks")
    ensure_folder(cfg.processed_dir)
    _remove_stale(out_dir)
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
        write_notebooks_html(cfg)
    result.manifest = write_manifest(cfg, result.timings)
    echo(f"Finished in {time.perf_counter() - total:.1f} s. Outputs: {cfg.reports_dir}")
    if any(stage.name == "report" for stage in stages):
        echo_before_publishing(cfg, config_path, echo)
    return result


def echo_before_publishing(cfg: config.Consultation, config_path: str | Path, echo: Callable[[str], None]) -> None:
    """What to look at before publishing (:func:`consult.report.prepublish.before_publishing`), one line each."""
    from consult.report import prepublish

    items = prepublish.before_publishing(cfg)
    if items:
        echo(f"Before publishing, look at ({len(items)}; consult check {config_path} lists them again):")
        for item in items:
            echo(f"  - {item}")


def write_notebooks_html(cfg: config.Consultation) -> Path | None:
    """reports/<id>/notebooks.html from the executed notebooks of every stage but the report (whose
    notebook repeats report.html); see :func:`consult.report.html.write_notebooks`."""
    return html.write_notebooks(cfg, [cfg.reports_dir / "notebooks" / s.notebook for s in STAGES
                                      if s.name != "report"])


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
