"""The apps depend on one another in one direction only, and so do the modules.

Every module of the portal's apps is read with ``ast``; an import counts wherever it is written,
at the top of a module or inside a function (an import inside a function must not hide a
circle). The apps then form one order, from the core (preschool) to the demo (demo), with no app
importing one that imports it back.
"""

import ast
from pathlib import Path

from django.apps import apps

ROOT = Path(__file__).resolve().parent.parent


def project_apps() -> list[str]:
    """The installed apps whose code is in this repository."""
    return sorted(c.name for c in apps.get_app_configs() if (ROOT / c.name).is_dir())


def module_name(path: Path) -> str:
    name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
    return name.removesuffix(".__init__")


def imported_names(path: Path):
    """The modules (and names from modules) a file imports, anywhere in it, with the line."""
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module, node.lineno
            for alias in node.names:  # ``from preschool import tasks`` imports a module
                yield f"{node.module}.{alias.name}", node.lineno


def modules() -> dict[str, Path]:
    """Every module of the project's apps. A name with a dot before ``.py`` is no module:
    makemessages writes such copies of text templates (``complaints.txt.py``) beside them for
    a moment, and the catalogues' test may be running it at the same time."""
    return {module_name(path): path for app in project_apps()
            for path in sorted((ROOT / app).rglob("*.py")) if "." not in path.stem}


def module_graph() -> dict[str, dict[str, str]]:
    """For each module, the project's modules it imports, each with where (for messages)."""
    found = modules()
    graph: dict[str, dict[str, str]] = {}
    for name, path in found.items():
        graph[name] = {}
        for imported, line in imported_names(path):
            if imported in found and imported != name:
                graph[name].setdefault(imported, f"{path.relative_to(ROOT)}:{line}")
    return graph


def app_graph() -> dict[str, dict[str, str]]:
    """For each app, the other apps it imports, each with one place that does."""
    graph: dict[str, dict[str, str]] = {app: {} for app in project_apps()}
    for module, imports in module_graph().items():
        app = module.split(".")[0]
        for imported, where in imports.items():
            other = imported.split(".")[0]
            if other != app:
                graph[app].setdefault(other, where)
    return graph


def find_cycle(graph: dict) -> list[str] | None:
    """A circle in ``graph`` as the list of its nodes, the first repeated at the end; or
    None."""
    path: list[str] = []
    done: set[str] = set()

    def visit(node):
        if node in path:
            return [*path[path.index(node):], node]
        if node in done:
            return None
        path.append(node)
        for following in sorted(graph[node]):
            cycle = visit(following)
            if cycle:
                return cycle
        path.pop()
        done.add(node)
        return None

    for node in sorted(graph):
        cycle = visit(node)
        if cycle:
            return cycle
    return None


def describe(graph: dict, cycle: list[str]) -> str:
    steps = [f"{a} ({graph[a][b]})" for a, b in zip(cycle, cycle[1:], strict=False)]
    return " -> ".join([*steps, cycle[-1]])


def test_it_finds_a_circle_and_only_a_circle():
    assert find_cycle({"a": {"b": ""}, "b": {"c": ""}, "c": {"a": ""}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b": "", "c": ""}, "b": {"c": ""}, "c": {}}) is None


def test_it_counts_an_import_inside_a_function(tmp_path):
    source = tmp_path / "module.py"
    source.write_text("import os\n\ndef f():\n    from families.models import Child\n")
    assert ("families.models", 4) in set(imported_names(source))


def test_no_app_imports_an_app_that_imports_it_back():
    graph = app_graph()
    cycle = find_cycle(graph)
    assert cycle is None, "Apps import each other in a circle: " + describe(graph, cycle)


def test_no_module_imports_a_module_that_imports_it_back():
    graph = module_graph()
    cycle = find_cycle(graph)
    assert cycle is None, "Modules import each other in a circle: " + describe(graph, cycle)


def test_the_core_imports_no_other_app():
    """preschool holds memberships, capabilities and the registries; the apps build on it."""
    assert app_graph()["preschool"] == {}


def test_families_imports_only_the_core():
    """Who a person is to a child (families.access) depends on memberships only: every app
    may ask it."""
    assert set(app_graph()["families"]) == {"preschool"}
