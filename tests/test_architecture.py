"""The code keeps its shape: layers respected, functions short (see ``tests/checks.py``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from .checks import layer_violations, long_functions, module_name


def write(root: Path, relative: str, text: str) -> None:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_layers__the_code_respects_them() -> None:
    assert layer_violations() == []


def test_functions__none_is_over_100_lines() -> None:
    assert long_functions() == []


def test_module_name__folders_map_to_the_ledger_namespace(tmp_path: Path) -> None:
    assert module_name(tmp_path, tmp_path / "ingest/extractor/pipeline.py") == (
        "ledger.ingest.extractor.pipeline"
    )
    assert module_name(tmp_path, tmp_path / "ledger/store.py") == "ledger.store"
    assert module_name(tmp_path, tmp_path / "domain/__init__.py") == "ledger.domain"


@pytest.mark.parametrize(
    ("relative", "text", "problem"),
    [
        # A projection reading the extractor: a sideways edge.
        (
            "projections/concepts.py",
            "from ledger.ingest.extractor.facts.concepts import resolve\n",
            "projections/concepts.py:1: projections imports"
            " ledger.ingest.extractor.facts.concepts (ingest)",
        ),
        # The domain reaching up to the command line, through a relative import.
        ("domain/values.py", "from ..cli import main\n", "domain imports ledger.cli (cli)"),
        # A package imported by name from the namespace, inside a function.
        (
            "events/facts.py",
            "def f() -> None:\n    from ledger import projections\n",
            "events/facts.py:2: events imports ledger.projections (projections)",
        ),
        # The store below verify: it may not import it.
        ("ledger/store.py", "import ledger.verify\n", "store imports ledger.verify (verify)"),
        # The event store's own modules are the store's layer.
        (
            "ledger/eventstore.py",
            "from ledger.projections import replay\n",
            "store imports ledger.projections (projections)",
        ),
        # A module of ledger/ that no layer claims.
        ("ledger/misc.py", "import os\n", "ledger/misc.py: in no layer"),
        # The domain does no I/O.
        ("domain/aggregates.py", "import duckdb\n", "domain imports the I/O library duckdb"),
    ],
)
def test_layers__a_wrong_import_is_reported(
    tmp_path: Path, relative: str, text: str, problem: str
) -> None:
    write(tmp_path, relative, text)
    [found] = layer_violations(tmp_path)
    assert problem in found


def test_layers__downward_and_own_layer_imports_pass(tmp_path: Path) -> None:
    write(tmp_path, "cli/main.py", "from ledger.verify import verify\nfrom .render import emit\n")
    write(tmp_path, "ledger/verify.py", "from ledger.projections.replay import replay\n")
    write(tmp_path, "projections/replay.py", "from ledger.domain import values\nimport duckdb\n")
    write(tmp_path, "domain/values.py", "from ledger.events import facts\nimport attrs\n")
    assert layer_violations(tmp_path) == []


def test_functions__a_long_one_is_reported(tmp_path: Path) -> None:
    body = "".join(f"    x{i} = {i}\n" for i in range(100))
    write(tmp_path, "ingest/long.py", f"def long() -> None:\n{body}")
    assert long_functions(tmp_path) == ["ingest/long.py:1: long is 101 lines (at most 100)"]
