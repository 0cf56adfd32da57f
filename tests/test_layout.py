"""The package layout holds: no import runs to a higher floor, and no module outgrows a reader.

The floors are stated in docs/architecture.md; this test, read from every module's imports with
``ast``, is what keeps them true. A module may import its own package and the packages on lower
floors, never a neighbour on its own floor or anything above it.
"""

from __future__ import annotations

import ast
import os
import statistics

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SIRULES = os.path.join(ROOT, "sirules")

#: package -> floor; a package imports only its own modules and packages on lower floors
FLOORS = {
    "language": 1,
    "engine": 2,
    "finance": 3, "authoring": 3, "report": 3,
    "compare": 4,
    "register": 5,
    # 6: the web service (web/), which serves the register
    "cli": 7,
}
MAX_LINES = 500
#: the root (``sirules/__init__.py``, ``__main__.py``) is the public face: it may import any package
ROOT_MODULES = {"sirules", "sirules.__main__"}


def modules():
    for folder, dirs, files in os.walk(SIRULES):
        dirs[:] = sorted(d for d in dirs if not d.startswith(("_", ".")))
        for f in sorted(files):
            if f.endswith(".py"):
                path = os.path.join(folder, f)
                parts = os.path.relpath(path, ROOT)[:-3].split(os.sep)
                is_pkg = parts[-1] == "__init__"
                yield path, ".".join(parts[:-1] if is_pkg else parts), is_pkg


def imported(path: str, name: str, is_pkg: bool):
    """(line, absolute module) of every sirules import in a module, top-level or inside functions."""
    tree = ast.parse(open(path, encoding="utf-8").read(), path)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                if a.name.split(".")[0] == "sirules":
                    yield node.lineno, a.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".") if is_pkg else name.split(".")[:-1]
                base = base[:len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] != "sirules":
                continue
            if node.module is None:                       # from .. import compare, from . import x
                for a in node.names:
                    yield node.lineno, f"{target}.{a.name}"
            else:
                yield node.lineno, target


def package(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in FLOORS else None


def test_every_package_has_a_floor():
    found = {d for d in os.listdir(SIRULES)      # packages: sirules/locale holds catalogues, not code
             if os.path.isfile(os.path.join(SIRULES, d, "__init__.py")) and not d.startswith(("_", "."))}
    assert found == set(FLOORS), "a new package needs its floor here and in docs/architecture.md"
    loose = [name for _, name, _ in modules() if name not in ROOT_MODULES and package(name) is None]
    assert loose == [], "every module lives in a package"


def test_no_import_runs_upward_or_sideways():
    wrong = []
    for path, name, is_pkg in modules():
        if name in ROOT_MODULES:
            continue
        own = package(name)
        for line, target in imported(path, name, is_pkg):
            other = package(target)
            if other == own:
                continue
            if other is None:
                wrong.append(f"{name}:{line} imports the sirules root ({target}); import the package it lives in")
            elif FLOORS[other] >= FLOORS[own]:
                wrong.append(f"{name}:{line} ({own}, floor {FLOORS[own]}) imports {target} "
                             f"({other}, floor {FLOORS[other]})")
    assert wrong == [], "\n".join(wrong)


def test_the_checker_finds_a_wrong_import(tmp_path):
    """The test above can fail: an engine module that imports the report is caught."""
    path = tmp_path / "x.py"
    path.write_text("from ..report import render\nfrom ..language import model\nfrom .. import load\n")
    found = [(line, package(target)) for line, target in imported(str(path), "sirules.engine.x", False)]
    assert found == [(1, "report"), (2, "language"), (3, None)]


def test_modules_stay_small():
    sizes = {name: sum(1 for _ in open(path, encoding="utf-8")) for path, name, _ in modules()}
    big = {name: n for name, n in sizes.items() if n > MAX_LINES}
    assert big == {}, f"split these along their seams (at most {MAX_LINES} lines): {big}"
    assert statistics.median(sizes.values()) < 200


@pytest.mark.parametrize("pkg", sorted(FLOORS))
def test_each_package_says_what_it_holds_and_may_import(pkg):
    with open(os.path.join(SIRULES, pkg, "__init__.py"), encoding="utf-8") as fh:
        doc = ast.get_docstring(ast.parse(fh.read()))
    assert doc and "Import" in doc, f"sirules/{pkg}/__init__.py: say what it holds and what it may import"


def test_the_public_api_stays_at_the_top():
    """What users import from ``sirules`` keeps working whatever moves below it."""
    import sirules

    for name in sirules.__all__:
        assert getattr(sirules, name) is not None, name
    g = sirules.load_text('riktlinje "R"\nska tak "tak": belopp <= 1 mnkr\n')
    assert isinstance(g, sirules.CompiledGuideline)
    results = list(sirules.check_many(g, [{"belopp": "2 mnkr"}]))
    assert [r.verdict for r in results] == ["rejected"]
