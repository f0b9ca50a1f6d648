"""Fixtures for the reliability tests: the same test on SQLite and on PostgreSQL.

The ``backend`` fixture is parametrised over both stores. PostgreSQL needs the server CI provides
(LEDGER_TEST_POSTGRES_URL, default postgresql://postgres@127.0.0.1:5432/test): it skips when the
server is unreachable, unless LEDGER_REQUIRE_POSTGRES=1 (as in .ci/run), where it fails.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from .stores import URL, Backend, PostgresBackend, SqliteBackend


def _postgres_connection() -> object:
    try:
        import psycopg

        return psycopg.connect(URL, autocommit=True, connect_timeout=3)
    except Exception as exc:  # driver missing or server down
        if os.environ.get("LEDGER_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"PostgreSQL is required here but unreachable: {type(exc).__name__}")
        pytest.skip("PostgreSQL is not reachable")


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Backend]:
    """A fresh, empty store: a SQLite home, or a PostgreSQL schema dropped afterwards."""
    if request.param == "sqlite":
        yield SqliteBackend(tmp_path / "home")
        return
    con = _postgres_connection()
    schema = f"ledger_rel_{uuid.uuid4().hex[:12]}"
    con.execute(f'CREATE SCHEMA "{schema}"')  # type: ignore[attr-defined]
    try:
        yield PostgresBackend(tmp_path / "home", schema)
    finally:
        con.execute(f'DROP SCHEMA "{schema}" CASCADE')  # type: ignore[attr-defined]
        con.close()  # type: ignore[attr-defined]


def new_schema() -> str:
    """Create a fresh PostgreSQL schema for one store; drop it with :func:`drop_schema`."""
    con = _postgres_connection()
    schema = f"ledger_rel_{uuid.uuid4().hex[:12]}"
    con.execute(f'CREATE SCHEMA "{schema}"')  # type: ignore[attr-defined]
    con.close()  # type: ignore[attr-defined]
    return schema


def drop_schema(schema: str) -> None:
    """Drop a schema made by :func:`new_schema`."""
    con = _postgres_connection()
    con.execute(f'DROP SCHEMA "{schema}" CASCADE')  # type: ignore[attr-defined]
    con.close()  # type: ignore[attr-defined]
