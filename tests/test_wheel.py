"""The wheel: it ships the stage notebooks, and an installed consult runs the example in any folder.

The notebooks live in the repository's ``notebooks/``; pyproject.toml maps them into the wheel as the
package data ``consult/notebooks/*.ipynb``, and :func:`consult.pipeline.notebooks_dir` falls back to
them when a project has no ``notebooks/`` of its own. The slow test builds the wheel, installs it in a
fresh environment that sees only the dependencies the wheel declares (linked from this environment
rather than downloaded), and runs the example there from a folder outside the checkout.
"""

from __future__ import annotations

import email
import json
import os
import shutil
import subprocess
import sys
import tomllib
import zipfile
from importlib import metadata
from pathlib import Path
from types import SimpleNamespace

import pytest

from consult import pipeline
from consult.core.errors import ConsultError

ROOT = Path(__file__).resolve().parents[1]
REPO_NOTEBOOKS = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))


def _packages_under_src() -> list[str]:
    """Every folder under src/consult/ that holds Python code, as a dotted package name."""
    src = ROOT / "src"
    return sorted(
        ".".join(folder.relative_to(src).parts)
        for folder in [src / "consult", *(src / "consult").rglob("*")]
        if folder.is_dir() and folder.name != "__pycache__" and any(folder.glob("*.py"))
    )


def test_listed_packages_are_every_package_under_src() -> None:
    """pyproject.toml lists the packages (to add consult.notebooks from notebooks/), so a new stage
    folder must be added there too: this fails until it is, instead of a wheel silently without it."""
    setuptools_config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    listed = sorted(setuptools_config["packages"])
    assert listed == sorted([*_packages_under_src(), "consult.notebooks"])
    assert setuptools_config["package-dir"] == {"": "src", "consult.notebooks": "notebooks"}
    assert setuptools_config["package-data"] == {"consult.notebooks": ["*.ipynb"], "consult.report": ["templates/*"]}
    for package in _packages_under_src():
        assert (ROOT / "src" / package.replace(".", "/") / "__init__.py").is_file(), f"{package} has no __init__.py"
    try:
        from setuptools import find_packages
    except ImportError:  # not in every environment (Python 3.12+ venvs); the walk above is the same check
        return
    assert listed == sorted([*find_packages(str(ROOT / "src")), "consult.notebooks"])


def _notebooks(folder: Path, names: list[str]) -> Path:
    folder.mkdir(parents=True)
    for name in names:
        shutil.copy2(ROOT / "notebooks" / name, folder / name)
    return folder


def test_notebooks_dir_prefers_the_projects_own_then_the_shipped_ones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stages = [s.notebook for s in pipeline.STAGES]
    package = tmp_path / "site-packages" / "consult"
    shipped = _notebooks(package / "notebooks", stages)
    monkeypatch.setattr(pipeline.resources, "files", lambda name: package if name == "consult" else None)

    own = _notebooks(tmp_path / "customised" / "notebooks", stages)
    assert pipeline.notebooks_dir(SimpleNamespace(project_root=own.parent)) == own

    bare = tmp_path / "bare"
    bare.mkdir()
    assert pipeline.notebooks_dir(SimpleNamespace(project_root=bare)) == shipped

    unrelated = tmp_path / "unrelated"  # a notebooks/ of the analyst's own, with no stage notebook
    (unrelated / "notebooks").mkdir(parents=True)
    (unrelated / "notebooks" / "scratch.ipynb").write_text("{}", encoding="utf-8")
    assert pipeline.notebooks_dir(SimpleNamespace(project_root=unrelated)) == shipped

    partial = _notebooks(tmp_path / "partial" / "notebooks", stages[:1])
    with pytest.raises(ConsultError, match="02_agreement.ipynb, 03_themes.ipynb, 04_report.ipynb missing"):
        pipeline.notebooks_dir(SimpleNamespace(project_root=partial.parent))


def test_notebooks_dir_without_any_notebooks_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package = tmp_path / "site-packages" / "consult"
    package.mkdir(parents=True)
    monkeypatch.setattr(pipeline.resources, "files", lambda name: package)
    monkeypatch.setattr(pipeline, "__file__", str(package / "pipeline.py"))  # not inside a checkout
    with pytest.raises(ConsultError, match="stage notebooks are missing"):
        pipeline.notebooks_dir(SimpleNamespace(project_root=tmp_path))


def _ignore_for_build(folder: str, names: list[str]) -> set[str]:
    """What building the wheel from a copy of the checkout can leave out: outputs, caches, venvs."""
    skip = {".git", "build", "dist", "__pycache__", ".ipynb_checkpoints", ".hypothesis", ".cache"}
    skip |= {n for n in names if n.endswith((".egg-info", "_cache"))}
    skip |= {n for n in names if (Path(folder) / n / "pyvenv.cfg").exists()}
    if Path(folder) == ROOT:
        skip |= {"data", "reports", ".whl", ".gl"}
    return skip & set(names)


def _build_wheel(target: Path) -> Path:
    """Build the wheel from a copy of the working tree (so no build/ is left in the checkout, and no
    stale build/lib/ file from an earlier build can slip into it)."""
    source = target / "source"
    shutil.copytree(ROOT, source, ignore=_ignore_for_build)
    command = [sys.executable, "-m", "pip", "wheel", "--no-deps", str(source), "-w", str(target / "dist")]
    try:  # offline with the environment's own setuptools when it is new enough for pyproject.toml
        from setuptools import __version__ as setuptools_version

        if int(setuptools_version.split(".")[0]) >= 77:
            command.append("--no-build-isolation")
    except ImportError:
        pass  # else pip fetches setuptools>=77 into an isolated build environment
    built = subprocess.run(command, check=False, capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, f"{' '.join(command)} failed:\n{built.stdout}\n{built.stderr}"
    (wheel,) = (target / "dist").glob("consult-*.whl")
    return wheel


def _python(venv: Path) -> Path:
    return venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def _requirement_closure(requirements: list[str]) -> dict[str, metadata.Distribution]:
    """The distributions of this environment that ``pip install`` of those requirements (consult's,
    without its extras) would bring, found by following each one's requirements and extras in turn."""
    from packaging.requirements import Requirement

    found: dict[str, metadata.Distribution] = {}
    followed: set[tuple[str, str]] = set()
    todo = [(Requirement(r), "") for r in requirements]  # (a requirement, the extra it belongs to)
    while todo:
        requirement, extra = todo.pop()
        if requirement.marker and not requirement.marker.evaluate({"extra": extra}):
            continue
        try:
            distribution = metadata.distribution(requirement.name)
        except metadata.PackageNotFoundError:
            pytest.fail(f"{requirement.name} (a dependency of consult's wheel) is not installed here to borrow")
        name = distribution.metadata["Name"].lower().replace("_", "-")
        found[name] = distribution
        for wanted in ("", *requirement.extras):
            if (name, wanted) not in followed:
                followed.add((name, wanted))
                todo.extend((Requirement(r), wanted) for r in distribution.requires or [])
    return found


def _link_dependencies(wheel: Path, target: Path) -> Path:
    """A folder of links to what consult's wheel declares it needs (and what that needs), taken from
    this environment: a fresh environment given only these fails where a dependency is undeclared."""
    with zipfile.ZipFile(wheel) as archive:
        (meta,) = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
        declared = email.message_from_bytes(archive.read(meta)).get_all("Requires-Dist") or []
    target.mkdir()
    for distribution in _requirement_closure(declared).values():
        assert distribution.files is not None, f"{distribution.metadata['Name']} has no RECORD to link from"
        site = Path(distribution.locate_file(""))
        for top in {f.parts[0] for f in distribution.files if f.parts[0] not in ("..", "__pycache__")}:
            if (site / top).exists() and not (target / top).exists():
                (target / top).symlink_to(site / top)
    return target


@pytest.mark.slow
def test_installed_wheel_runs_the_example_outside_the_checkout(tmp_path: Path) -> None:
    venv_module = pytest.importorskip("venv", reason="this Python has no venv module to make a fresh environment")
    assert set(REPO_NOTEBOOKS) >= {s.notebook for s in pipeline.STAGES} and len(REPO_NOTEBOOKS) == 5

    wheel = _build_wheel(tmp_path / "wheel")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        shipped = sorted(n.removeprefix("consult/notebooks/") for n in names if n.startswith("consult/notebooks/"))
        assert shipped == REPO_NOTEBOOKS
        for name in REPO_NOTEBOOKS:
            assert archive.read(f"consult/notebooks/{name}") == (ROOT / "notebooks" / name).read_bytes()
    modules = {p.relative_to(ROOT / "src").as_posix() for p in (ROOT / "src" / "consult").rglob("*.py")}
    assert modules <= names, f"modules missing from the wheel: {sorted(modules - names)}"
    templates = {p.relative_to(ROOT / "src").as_posix() for p in (ROOT / "src" / "consult" / "report" / "templates").glob("*")}
    assert templates and templates <= names, f"report.html's templates missing from the wheel: {sorted(templates - names)}"

    # A fresh environment with the wheel installed, borrowing through a .pth line the dependencies the
    # wheel declares, linked from this environment (installing them anew would take minutes). A folder
    # named in a .pth file has its own .pth files ignored, so the editable install's is never read.
    venv = tmp_path / "venv"
    venv_module.create(venv, with_pip=False, symlinks=os.name != "nt")
    python = _python(venv)
    command = [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-index", str(wheel)]
    installed = subprocess.run(command, check=False, capture_output=True, text=True, timeout=300)
    assert installed.returncode == 0, f"{' '.join(command)} failed:\n{installed.stdout}\n{installed.stderr}"
    where = "import sysconfig; print(sysconfig.get_paths()['purelib'])"
    site_packages = Path(subprocess.run([str(python), "-c", where], capture_output=True, text=True,
                                        check=True).stdout.strip())
    dependencies = _link_dependencies(wheel, tmp_path / "dependencies")
    (site_packages / "consult-test-dependencies.pth").write_text(f"{dependencies}\n", encoding="utf-8")

    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP"}}
    env |= {"VIRTUAL_ENV": str(venv), "PATH": f"{python.parent}{os.pathsep}{env.get('PATH', '')}",
            # the data that pip lays under <env>/share/jupyter (the kernel spec, nbconvert's templates)
            "JUPYTER_PATH": os.pathsep.join([str(Path(sys.prefix) / "share" / "jupyter"),
                                             *filter(None, [os.environ.get("JUPYTER_PATH")])])}
    probe = subprocess.run([str(python), "-c", """if True:
        import json, sys, consult
        from importlib import metadata, resources
        from jupyter_client.kernelspec import KernelSpecManager
        print(json.dumps({"consult": consult.__file__, "notebooks": str(resources.files("consult") / "notebooks"),
                          "dist": str(metadata.distribution("consult").locate_file("")),
                          "kernel": KernelSpecManager().get_kernel_spec("python3").argv[0],
                          "executable": sys.executable}))
    """], check=False, capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120)
    assert probe.returncode == 0, probe.stderr
    found = json.loads(probe.stdout)
    for key in ("consult", "notebooks", "dist"):
        assert Path(found[key]).resolve().is_relative_to(site_packages.resolve()), (key, found[key])
    assert sorted(p.name for p in Path(found["notebooks"]).glob("*.ipynb")) == REPO_NOTEBOOKS
    # papermill's "python3" kernel must be this environment's Python ("python" is replaced by it)
    assert found["kernel"] in {"python", "python3", found["executable"]}, found["kernel"]

    # A project folder outside the checkout holding only the config and the raw export: no notebooks/.
    project = tmp_path / "project"
    assert not project.resolve().is_relative_to(ROOT)
    (project / "consultations").mkdir(parents=True)
    shutil.copy2(ROOT / "consultations" / "example.yaml", project / "consultations" / "example.yaml")
    shutil.copytree(ROOT / "data" / "raw" / "example", project / "data" / "raw" / "example")

    script = python.parent / ("consult.exe" if os.name == "nt" else "consult")
    assert script.exists(), "the wheel's console script was not installed"
    ran = subprocess.run([str(script), "run", "consultations/example.yaml"], check=False, capture_output=True,
                         text=True, env=env, cwd=project, timeout=600)
    assert ran.returncode == 0, f"consult run failed:\n{ran.stdout}\n{ran.stderr}"
    reports = project / "reports" / "example"
    for output in ("summary.md", "summary.docx", "tables.xlsx", "report.html"):
        assert (reports / output).is_file(), f"{output} missing; consult run said:\n{ran.stdout}"
    assert sorted(p.name for p in (reports / "notebooks").glob("*.ipynb")) == [s.notebook for s in pipeline.STAGES]
    assert not (project / "notebooks").exists()
