"""PostgreSQL parity: the whole sample manifest through ingest, replay, restatements and verify
gives byte-identical answers on PostgreSQL and on SQLite."""

from __future__ import annotations

from pathlib import Path

import pytest

from ..helpers import SAMPLES, run
from .harness import projection_snapshot
from .stores import Backend, SqliteBackend

COMMANDS = [
    ("facts", "--format", "csv"),
    ("facts", "--as-at", "2024-06-30", "--format", "csv"),
    ("restatements", "--format", "csv"),
    ("restatements", "--unexplained", "--format", "csv"),
    ("diff", "--issuer", "OCFT", "--from", "2024-06-30", "--to", "2025-06-30", "--format", "csv"),
    ("statement", "--issuer", "OCFT", "--statement", "income", "--format", "csv"),
    ("query", "SELECT count(*) AS n FROM fact_versions", "--format", "csv"),
]


def test_parity__postgresql_answers_equal_sqlite(backend: Backend, tmp_path: Path) -> None:
    if backend.name == "sqlite":
        pytest.skip("SQLite is the reference")
    sqlite = SqliteBackend(tmp_path / "sqlite")
    manifest = str(SAMPLES / "manifest.toml")
    for store in (sqlite, backend):
        result = run(store.home, *store.args[2:], "ingest", "--manifest", manifest)
        assert result.exit_code == 0, result.output
    assert run(backend.home, *backend.args[2:], "replay", "--rebuild").exit_code == 0
    for args in COMMANDS:
        pg = run(backend.home, *backend.args[2:], *args)
        lite = run(sqlite.home, *args)
        assert (pg.exit_code, pg.stdout) == (lite.exit_code, lite.stdout), args
    for store in (sqlite, backend):
        result = run(store.home, *store.args[2:], "verify")
        assert result.exit_code == 0, result.output
    assert projection_snapshot(backend.home / "projections.duckdb") == projection_snapshot(
        sqlite.home / "projections.duckdb"
    )
