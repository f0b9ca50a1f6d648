"""Structural checks of the code, run by ``make lint`` and by ``tests/test_architecture.py``.

- Layers: events < domain < (ingest | projections | store) < verify < cli. A module imports
  its own layer and the layers below it, never a layer above or a sibling; ``domain`` and
  ``events`` import no I/O library.
- Size: no function longer than ``MAX_FUNCTION_LINES`` outside ``tests/`` and ``bench/``.

Usage: ``python -m tests.checks`` prints one line per problem and exits 1 when there is any.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: Each layer's rank: a layer may import only layers of lower rank (and itself).
LAYERS = {
    "events": 0,
    "domain": 1,
    "ingest": 2,
    "projections": 2,
    "store": 2,
    "verify": 3,
    "cli": 4,
}

#: The layer of each module of the ``ledger/`` folder (the namespace's own modules): the event
#: store (``store``, ``eventstore`` and its SQL) and ``verify``.
LEDGER_MODULES = {"store": "store", "eventstore": "store", "sql": "store", "verify": "verify"}

#: Libraries that read or write outside the process: not for the lower layers.
IO_LIBRARIES = frozenset({"click", "duckdb", "jinja2", "psycopg", "pyarrow", "sqlite3"})
PURE_LAYERS = frozenset({"events", "domain"})

#: The installed packages and the folders they come from (pyproject's ``package-dir``).
FOLDERS = ("events", "domain", "ingest", "projections", "cli", "ledger")

MAX_FUNCTION_LINES = 100


def module_name(root: Path, path: Path) -> str:
    """The import path of a source file: ``ingest/load.py`` -> ``ledger.ingest.load``."""
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[0] != "ledger":
        parts.insert(0, "ledger")
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def layer_of(module: str) -> str | None:
    """The layer of a ``ledger.*`` module (None for the namespace package itself and for
    modules outside it; ``"?"`` for a module of ``ledger/`` no layer claims)."""
    parts = module.split(".")
    if parts[0] != "ledger" or len(parts) < 2:
        return None
    if parts[1] in LAYERS:
        return parts[1]
    return LEDGER_MODULES.get(parts[1], "?")


def sources(root: Path) -> Iterator[Path]:
    """The package's Python files (tests and bench excluded)."""
    for folder in FOLDERS:
        yield from sorted((root / folder).rglob("*.py"))


def _imports(tree: ast.AST, module: str, is_package: bool) -> Iterator[tuple[int, str]]:
    """(line, absolute module) of every import in ``tree``, type-checking and local ones too."""
    package = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            yield node.lineno, target
            # `from ledger import ingest` imports the package `ledger.ingest`.
            if target == "ledger":
                for alias in node.names:
                    yield node.lineno, f"ledger.{alias.name}"


def layer_violations(root: Path = ROOT) -> list[str]:
    """Every import against the layers, as ``file:line: problem``."""
    problems = []
    for path in sources(root):
        module = module_name(root, path)
        layer = layer_of(module)
        where = path.relative_to(root)
        if layer == "?":
            problems.append(f"{where}: in no layer (add it to LEDGER_MODULES in tests/checks.py)")
            continue
        if layer is None:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for line, target in _imports(tree, module, path.name == "__init__.py"):
            top = target.split(".")[0]
            if layer in PURE_LAYERS and top in IO_LIBRARIES:
                problems.append(f"{where}:{line}: {layer} imports the I/O library {top}")
                continue
            other = layer_of(target)
            if other is None or other == "?" or other == layer:
                continue
            if LAYERS[other] >= LAYERS[layer]:
                problems.append(f"{where}:{line}: {layer} imports {target} ({other})")
    return problems


def long_functions(root: Path = ROOT, limit: int = MAX_FUNCTION_LINES) -> list[str]:
    """Every function longer than ``limit`` lines (decorators and docstring included)."""
    problems = []
    for path in sources(root):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
                length = (node.end_lineno or node.lineno) - first + 1
                if length > limit:
                    where = path.relative_to(root)
                    problems.append(
                        f"{where}:{node.lineno}: {node.name} is {length} lines (at most {limit})"
                    )
    return problems


def main() -> int:
    """Print every problem; 1 when there is any."""
    problems = layer_violations() + long_functions()
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
