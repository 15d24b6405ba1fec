"""Dependencies between the apps run one way, and every cross-app import sits at module top.

Every module under samsyn/<app>/ (tests included, migrations not: they follow the models) is parsed,
not imported. An app may import itself and the apps before it in ORDER; an import of a later app is
an edge against the order, and with the order linear no cycle can form. A cross-app import inside a
function hides a dependency (and was mostly habit): it fails too.

A model named by a string is a dependency as much as an import: a relation to "governance.Meeting",
apps.get_model("governance", "Meeting") or apps.get_model("governance.Meeting"). Such references
count as imports of that app (wherever they sit: naming a model in a function hides nothing).
"""

import ast
import functools
import re
from pathlib import Path

import pytest
from django.db import connection

SAMSYN = Path(__file__).resolve().parents[2]

# The declared order, lowest first (drawn in the README): the archive's document registry sits
# above the portfolio, whose initiatives documents name, and below governance, whose meetings
# attach documents; the public hub shows what the apps below it hold once published; search and
# sense-making sit on top of everything they index; the JSON API on top of every app it serves.
ORDER = ("core", "portfolio", "economy", "archive", "governance", "followup", "hub", "search", "api", "backup")
RANK = {app: n for n, app in enumerate(ORDER)}

# Known edges against the order, each still to be turned around; each entry must still violate, so
# the list shrinks as they are fixed.
EXEMPT: dict[tuple[str, str], str] = {
    # (module path under samsyn/, imported module or named model): reason
}


def _module_name(path: Path) -> tuple[list[str], bool]:
    parts = list(path.relative_to(SAMSYN.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        return parts[:-1], True
    return parts, False


# The modules are parsed, not run: what they import does not depend on the suite's database.
pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the modules' imports do not depend on the database: checked on SQLite"
)


def _parse(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _imports(path: Path, tree: ast.Module):
    """(line, imported module, inside a function) for every import of a samsyn module."""
    parts, is_package = _module_name(path)
    found = []

    def visit(node, in_function):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Import):
                found.extend((child.lineno, alias.name, in_function) for alias in child.names)
            elif isinstance(child, ast.ImportFrom):
                if child.level:
                    base = parts if is_package else parts[:-1]
                    base = base[: len(base) - (child.level - 1)]
                    module = ".".join(base + ([child.module] if child.module else []))
                else:
                    module = child.module or ""
                if module == "samsyn":
                    found.extend((child.lineno, f"samsyn.{alias.name}", in_function) for alias in child.names)
                else:
                    found.append((child.lineno, module, in_function))
            visit(child, in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)))

    visit(tree, False)
    return found


# "<app label>.<ModelName>": a model label as relations and apps.get_model take it.
MODEL_LABEL = re.compile(r"^([a-z_]+)\.([A-Z][A-Za-z0-9_]*)$")


def _model_references(tree: ast.Module):
    """(line, "app.Model") for every model an app names by a string (labels, get_model)."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            match = MODEL_LABEL.match(node.value)
            if match:
                found.append((node.lineno, node.value))
        elif isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            args = [a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
            if name == "get_model" and len(args) == 2:
                # get_model("governance", "meeting"): the model name in any case.
                found.append((node.lineno, f"{args[0]}.{args[1]}"))
            elif name == "get_model" and len(args) == 1 and "." in args[0]:
                found.append((node.lineno, args[0]))
    return found


def violations():
    return dict(_violations_under(SAMSYN))


@functools.cache
def _violations_under(root: Path):
    """violations() of the tree at `root`, read once per process: two tests ask for the same tree,
    and parsing every module of the project takes seconds."""
    result = {}
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root)
        if len(rel.parts) < 2 or rel.parts[0] not in RANK or "migrations" in rel.parts:
            continue
        app = rel.parts[0]
        tree = _parse(path)
        for line, module, in_function in _imports(path, tree):
            names = module.split(".")
            if len(names) < 2 or names[0] != "samsyn" or names[1] not in RANK or names[1] == app:
                continue
            key = (rel.as_posix(), module)
            if RANK[names[1]] > RANK[app]:
                result[key] = f"{rel}:{line} imports {module}: {names[1]} is above {app}"
            elif in_function:
                result[key] = f"{rel}:{line} imports {module} inside a function"
        # This module names models of every app as data (EXEMPT, its own cases), not as dependencies.
        references = [] if path == Path(__file__).resolve() else _model_references(tree)
        for line, label in references:
            other = label.split(".")[0]
            if other in RANK and RANK[other] > RANK[app]:
                result[(rel.as_posix(), label)] = f"{rel}:{line} names the model {label}: {other} is above {app}"
    return result


def test_every_app_is_in_the_order():
    apps = {p.parent.name for p in SAMSYN.glob("*/apps.py")}
    assert apps == set(ORDER)


def test_dependencies_run_one_way_with_cross_app_imports_at_module_top():
    found = violations()
    unexpected = sorted(message for key, message in found.items() if key not in EXEMPT)
    assert not unexpected, "\n".join(unexpected)


def test_exemptions_are_still_needed():
    found = violations()
    stale = sorted(f"{path} -> {module}" for path, module in EXEMPT if (path, module) not in found)
    assert not stale, "no longer violating, remove from EXEMPT:\n" + "\n".join(stale)


@pytest.mark.parametrize(
    "source, expected",
    [
        ("def f():\n    from samsyn.core.models import Person\n", ["inside a function"]),
        ("from samsyn.governance.models import Meeting\n", ["is above"]),
        ("from samsyn.core.models import Partnership\n", []),
        ("def f():\n    from .models import Testbed\n", []),
        ('meetings = models.ManyToManyField("governance.Meeting")\n', ["names the model governance.Meeting"]),
        ('def f(apps):\n    return apps.get_model("governance", "meeting")\n', ["names the model governance.meeting"]),
        ('Meeting = apps.get_model("governance.Meeting")\n', ["names the model governance.Meeting"]),
        ('SOURCES = {"followup.ImpactStory": 1}\n', ["names the model followup.ImpactStory"]),
        ('owner = models.ForeignKey("core.Person", on_delete=models.CASCADE)\n', []),
        ('Initiative = apps.get_model("portfolio", "Initiative")\n', []),
        # A policy action or a URL name is not a model.
        ('ACTION = "governance.view"\nURL = "governance:meeting"\n', []),
    ],
)
def test_the_check_itself(tmp_path, monkeypatch, source, expected):
    """A module of portfolio that imports governance, names one of its models, or imports core inside
    a function, is caught."""
    root = tmp_path / "samsyn"
    (root / "portfolio").mkdir(parents=True)
    (root / "portfolio" / "mod.py").write_text(source)
    monkeypatch.setitem(globals(), "SAMSYN", root)
    messages = list(violations().values())
    assert len(messages) == len(expected)
    for message, fragment in zip(messages, expected, strict=True):
        assert fragment in message
