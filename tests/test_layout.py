"""The shape of src/consult/, checked on every test run: no import circle between modules, no module
over 600 lines, stage folders importing only core/ and the stages before them (with the documented
exceptions below), and the README's "Layout" naming every folder of the package.

The rules are those of ../shared/tools/house.py, the team's quick checker, so the two agree."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator, Mapping
from collections.abc import Set as AbstractSet
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "consult"

MAX_LINES = 600

# The stage folders in pipeline order; a stage module may import its own folder, core/ and the
# folders before it. (init/ sits between clean/ and agreement/ as in house.py: it reads exports
# with clean/ and drafts a config that the later stages run.)
ORDER = ["core", "clean", "init", "agreement", "themes", "review", "report"]

# Documented exceptions to the stage order: (importing module, imported module) -> why.
# An allowed import of a submodule also covers its packages' __init__.py, which Python runs on the
# way to it (``from consult.review import decisions`` runs consult/review/__init__.py first).
ALLOWED_LATER_IMPORTS: dict[tuple[str, str], str] = {
    # The reviewer's saved decisions (consultations/<id>.review.yaml) are re-applied inside stage 3
    # on every rerun, before themes.csv is written, so that a reviewer's decisions survive a rerun.
    ("consult.themes.stage", "consult.review.decisions"): "review decisions re-applied in stage 3",
}


# --- the module graph ------------------------------------------------------------------------


def _modules(package: Path = PACKAGE) -> dict[str, Path]:
    """Every module under ``package`` by dotted name; a package's ``__init__.py`` is named as the
    package (``consult.review``), as Python names it."""
    modules = {}
    for path in sorted(package.rglob("*.py")):
        parts = path.relative_to(package.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        modules[".".join(parts)] = path
    return modules


def _is_type_checking(test: ast.expr) -> bool:
    """``TYPE_CHECKING`` or ``typing.TYPE_CHECKING``."""
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _import_nodes(tree: ast.AST, type_checking: bool) -> Iterator[ast.Import | ast.ImportFrom]:
    """Every ``import`` and ``from ... import`` anywhere in ``tree`` (module level, in functions, in
    classes, in ``try``); those under ``if TYPE_CHECKING:`` only when ``type_checking`` is true."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield node
        if isinstance(node, ast.If) and _is_type_checking(node.test) and not type_checking:
            stack.extend(node.orelse)  # the body never runs; an ``else:`` does
            continue
        stack.extend(ast.iter_child_nodes(node))


def _imported(name: str, path: Path, modules: AbstractSet[str], type_checking: bool = True) -> set[str]:
    """The modules of ``modules`` that module ``name`` (file ``path``) imports.

    As house.py: ``import a.b`` names ``a.b``; ``from a.b import c`` names both ``a.b`` and ``a.b.c``
    (``c`` may be a submodule or a name defined in ``a.b``); relative imports are made absolute from
    the module's package; and each name is resolved to the longest module it starts with
    (``consult.core.config.load`` -> ``consult.core.config``). Imports of the module itself and of
    anything outside ``modules`` are left out."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in _import_nodes(ast.parse(path.read_text(encoding="utf-8")), type_checking):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                up = parts[: len(parts) - node.level + 1]
                base = ".".join(up + ([base] if base else []))
            names = [base] + [f"{base}.{alias.name}" for alias in node.names]
        for dotted in names:
            while dotted and dotted not in modules:
                dotted = dotted.rpartition(".")[0]
            if dotted and dotted != name:
                found.add(dotted)
    return found


def _graph(type_checking: bool = True) -> dict[str, set[str]]:
    modules = _modules()
    return {name: _imported(name, path, modules.keys(), type_checking) for name, path in modules.items()}


# --- finding circles -------------------------------------------------------------------------


def _circles(graph: Mapping[str, AbstractSet[str]]) -> list[list[str]]:
    """One circle ``[a, b, ..., a]`` for each group of nodes that reach each other (each strongly
    connected component of more than one node, or a node that names itself), in a stable order."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []

    def visit(v: str) -> None:  # Tarjan's algorithm; the graphs here are a few dozen modules deep
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1 or v in graph.get(v, ()):
                components.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return sorted(_one_circle(graph, set(component)) for component in components)


def _one_circle(graph: Mapping[str, AbstractSet[str]], component: set[str]) -> list[str]:
    """A shortest path from the component's first node back to itself, inside the component."""
    start = min(component)
    came_from: dict[str, str] = {}
    frontier = [start]
    while frontier:
        following = []
        for v in frontier:
            for w in sorted(graph.get(v, ())):
                if w == start:
                    path = [v]
                    while path[-1] != start:
                        path.append(came_from[path[-1]])
                    return [start, *reversed(path[:-1]), start] if v != start else [start, start]
                if w in component and w not in came_from:
                    came_from[w] = v
                    following.append(w)
        frontier = following
    raise AssertionError(f"{sorted(component)} is not a circle")  # pragma: no cover


def test_the_circle_finder_finds_a_circle_and_only_a_circle() -> None:
    circle = {"a": {"b"}, "b": {"c"}, "c": {"a", "d"}, "d": set(), "e": {"a"}}
    assert _circles(circle) == [["a", "b", "c", "a"]]
    assert _circles({"a": {"b", "c"}, "b": {"c"}, "c": set(), "d": {"a"}}) == []
    assert _circles({"a": {"a"}}) == [["a", "a"]]
    # two circles sharing a node are one group; the circle named is a shortest one through its first node
    assert _circles({"a": {"b", "c"}, "b": {"a"}, "c": {"d"}, "d": {"a"}}) == [["a", "b", "a"]]


def test_imports_are_read_everywhere_in_a_file(tmp_path: Path) -> None:
    """Function-level, relative and submodule imports all count; ``if TYPE_CHECKING:`` only when asked."""
    package = tmp_path / "pkg"
    (package / "sub").mkdir(parents=True)
    for name in ("__init__", "a", "b", "c", "d", "sub/__init__", "sub/e"):
        (package / f"{name}.py").write_text("")
    (package / "sub" / "e.py").write_text(
        "from typing import TYPE_CHECKING\n"
        "from .. import a\n"
        "from ..b import something\n"
        "if TYPE_CHECKING:\n"
        "    import pkg.c\n"
        "def f():\n"
        "    from pkg.sub import e, missing\n"
        "    import pkg.d.thing\n"
    )
    modules = _modules(package)
    e = modules["pkg.sub.e"]
    assert _imported("pkg.sub.e", e, modules.keys()) == {"pkg", "pkg.a", "pkg.b", "pkg.c", "pkg.d", "pkg.sub"}
    assert "pkg.c" not in _imported("pkg.sub.e", e, modules.keys(), type_checking=False)


# --- the tests of the tree -------------------------------------------------------------------


def test_no_import_circle_between_modules() -> None:
    # Imports under ``if TYPE_CHECKING:`` never run, so they cannot close a circle and are left out.
    # Packages' __init__.py are left out too, as in house.py: ``from consult.themes import carry``
    # names the package only on the way to the submodule, and counting it would make false circles
    # through a package whose __init__ loads one of its own modules.
    graph = _graph(type_checking=False)
    modules = {name for name, path in _modules().items() if path.name != "__init__.py"}
    plain = {name: graph[name] & modules for name in modules}
    circles = _circles(plain)
    assert not circles, "import circles:\n" + "\n".join(" -> ".join(c) for c in circles)


def test_no_module_is_over_600_lines() -> None:
    long = {}
    for name, path in _modules().items():
        with path.open(encoding="utf-8") as lines:
            count = sum(1 for _ in lines)
        if count > MAX_LINES:
            long[name] = count
    assert not long, f"modules over {MAX_LINES} lines: {long}"


def _stage(name: str) -> str | None:
    parts = name.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in ORDER else None


def _allowed(importer: str, imported: str) -> bool:
    return any(
        importer == allowed_importer and (imported == target or target.startswith(imported + "."))
        for allowed_importer, target in ALLOWED_LATER_IMPORTS
    )


def test_stages_import_only_core_and_earlier_stages() -> None:
    # Type-only imports count here: a stage that names a later stage's types depends on it.
    wrong = []
    for importer, imported in sorted((a, b) for a, targets in _graph().items() for b in targets):
        stage = _stage(importer)
        if stage is None:
            continue  # the top-level modules (pipeline, cli, cache, config) may import any stage
        if imported == "consult":
            continue  # consult/__init__.py (the version) runs before any module of the package
        target = _stage(imported)
        if target is None:  # stricter than house.py: a stage may not import pipeline, cli, cache or config
            wrong.append(f"{importer} imports {imported}, outside the stage folders")
        elif ORDER.index(target) > ORDER.index(stage) and not _allowed(importer, imported):
            wrong.append(f"{importer} imports {imported}, a later stage ({target} after {stage})")
    assert not wrong, "\n".join(wrong)


def test_the_allowed_exceptions_are_still_needed() -> None:
    graph = _graph()
    stale = [pair for pair in ALLOWED_LATER_IMPORTS if pair[1] not in graph.get(pair[0], set())]
    assert not stale, f"allowed later-stage imports no longer made (remove them): {stale}"


# --- the README ------------------------------------------------------------------------------


def _layout_block() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = re.search(r"^## Layout\n(.*?)(?=^## |\Z)", text, flags=re.S | re.M)
    assert section, "README.md has no '## Layout' section"
    block = re.search(r"```\n(.*?)```", section.group(1), flags=re.S)
    assert block, "README.md's Layout has no code block"
    return block.group(1).splitlines()


def _layout_package_folders() -> set[str]:
    """The folders the Layout names under ``src/consult/``: the indented lines after its
    ``src/consult/`` line that start with a folder (``  core/   ...``), as paths without the slash.
    Indented lines that go on with a description start with a word, not a folder."""
    folders, inside = set(), False
    for line in _layout_block():
        if not line.startswith(" "):
            inside = line.startswith("src/consult/")
        elif inside and (folder := re.match(r"\s+([\w/]+)/\s", line)):
            folders.add(folder.group(1))
    return folders


def test_the_readme_layout_names_every_folder_of_the_package() -> None:
    tree = {
        path.parent.relative_to(PACKAGE).as_posix()
        for path in PACKAGE.rglob("__init__.py")
        if path.parent != PACKAGE
    }
    named = _layout_package_folders()
    assert not tree - named, f"README.md's Layout does not name {sorted(tree - named)} under src/consult/"
    assert not named - tree, f"README.md's Layout names {sorted(named - tree)}, not folders of src/consult/"
