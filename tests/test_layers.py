"""The package stands in layers: no import (at the top of a file or inside a
function) reaches a higher layer, and no modules import each other in a circle."""

from __future__ import annotations

import ast
from pathlib import Path

import framing

ROOT = Path(framing.__file__).resolve().parent

# lower number = lower layer; a package imports only from its own layer or below
RANK = {
    "framing.errors": 0,
    "framing._paths": 0,
    "framing._util": 0,
    "framing._version": 0,
    "framing.intervals": 1,
    "framing.corpus": 1,
    "framing.parallel": 2,
    "framing.text": 3,
    "framing.lexicon": 4,
    "framing.slogans": 5,
    "framing.topics": 5,
    "framing.tone": 5,
    "framing.compare": 5,
    "framing.meaning": 5,
    "framing.evidence": 6,
    "framing.report": 7,
    "framing.cli": 8,
    "framing": 9,  # the public face, and __main__
    "framing.__main__": 9,
}


def _modules() -> dict[str, Path]:
    out = {}
    for path in ROOT.rglob("*.py"):
        rel = path.relative_to(ROOT.parent).with_suffix("")
        parts = list(rel.parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


MODULES = _modules()


def _target(name: str) -> str:
    """The module file an imported dotted name lives in."""
    while name not in MODULES and "." in name:
        name = name.rsplit(".", 1)[0]
    return name


def _imports(module: str) -> set[str]:
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    package = module if MODULES[module].name == "__init__.py" else module.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(
                    package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else [])
                )
            names = [f"{base}.{a.name}" for a in node.names] + [base]
        else:
            continue
        for n in names:
            if n == "framing" or n.startswith("framing."):
                target = _target(n)
                if target != module:
                    found.add(target)
    return found


def _layer(module: str) -> tuple[str, int]:
    name = module
    while name not in RANK:
        name = name.rsplit(".", 1)[0]
    return name, RANK[name]


GRAPH = {m: _imports(m) for m in MODULES}


def test_every_module_has_a_layer():
    for m in MODULES:
        assert _layer(m)[1] >= 0


def test_no_import_reaches_a_higher_layer():
    climbing = []
    for m, targets in GRAPH.items():
        own, rank = _layer(m)
        for t in targets:
            other, other_rank = _layer(t)
            if other_rank > rank or (other_rank == rank and other != own and rank in (0, 1, 2, 3, 4)):
                climbing.append(f"{m} -> {t}")
    assert climbing == []


def test_no_modules_import_each_other_in_a_circle():
    state: dict[str, int] = {}
    circles = []

    def visit(m: str, path: list[str]) -> None:
        state[m] = 1
        for t in sorted(GRAPH.get(m, ())):
            if state.get(t) == 1:
                circles.append(path[path.index(t) :] + [t] if t in path else [m, t])
            elif t not in state:
                visit(t, [*path, t])
        state[m] = 2

    for m in sorted(GRAPH):
        if m not in state:
            visit(m, [m])
    assert circles == []


def test_the_checks_see_the_imports_inside_functions():
    # the report reads the version inside a function, and that import is an arrow
    source = MODULES["framing.report.build"].read_text(encoding="utf-8")
    assert "\n    from framing._version import __version__" in source
    assert "framing._version" in GRAPH["framing.report.build"]
    assert "framing.lexicon.engine" in GRAPH["framing.lexicon.indexed"]
