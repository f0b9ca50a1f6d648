"""The same ledger on PostgreSQL: identical answers to SQLite.

Needs the server CI provides (LEDGER_TEST_POSTGRES_URL, default
postgresql://postgres@127.0.0.1:5432/test). Skips when it is unreachable, unless
LEDGER_REQUIRE_POSTGRES=1 (as in .ci/run), where it fails instead.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from .helpers import FIRST_REPORTED, RE_PRESENTED, SAMPLES, run

URL = os.environ.get("LEDGER_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")


@pytest.fixture
def pg_store() -> Iterator[str]:
    """A store URL with a fresh schema, dropped afterwards."""
    try:
        import psycopg

        con = psycopg.connect(URL, autocommit=True, connect_timeout=3)
    except Exception as exc:  # driver missing or server down
        if os.environ.get("LEDGER_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"PostgreSQL is required here but unreachable: {type(exc).__name__}")
        pytest.skip("PostgreSQL is not reachable")
    schema = f"ledger_test_{uuid.uuid4().hex[:12]}"
    con.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield f"{URL}?schema={schema}"
    finally:
        con.execute(f'DROP SCHEMA "{schema}" CASCADE')
        con.close()


def test_postgres__same_facts_as_sqlite(tmp_path: Path, pg_store: str) -> None:
    sqlite_home, pg_home = tmp_path / "sqlite", tmp_path / "pg"
    assert run(sqlite_home, "ingest", "--manifest", str(SAMPLES / "manifest.toml")).exit_code == 0
    result = run(
        pg_home, "--store", pg_store, "ingest", "--manifest", str(SAMPLES / "manifest.toml")
    )
    assert result.exit_code == 0, result.output
    for args in (
        ("facts", "--format", "csv"),
        ("facts", "--as-at", "2024-06-30", "--format", "csv"),
    ):
        assert run(pg_home, "--store", pg_store, *args).stdout == run(sqlite_home, *args).stdout


def test_postgres__same_document_twice_is_a_no_op(tmp_path: Path, pg_store: str) -> None:
    run(tmp_path, "--store", pg_store, "ingest", str(FIRST_REPORTED))
    result = run(tmp_path, "--store", pg_store, "ingest", str(FIRST_REPORTED), str(RE_PRESENTED))
    assert result.exit_code == 0
    assert "already recorded oneconnect-fy2023" in result.output


def test_postgres__credentials_never_appear_in_errors(tmp_path: Path) -> None:
    url = "postgresql://auditor:s3cret-pw@127.0.0.1:1/nowhere"
    result = run(tmp_path, "--store", url, "ingest", str(FIRST_REPORTED))
    assert result.exit_code == 1
    assert "s3cret-pw" not in result.output
    assert "auditor" not in result.output


def test_postgres__bulk_recording_stores_the_rows_of_the_straightforward_path(
    tmp_path: Path, pg_store: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import psycopg

    from ledger.domain.chain import LedgerChain
    from ledger.store import Location

    from .test_fast_recording import counter_clock, documents

    drafts = documents()[:4]
    restart = counter_clock(monkeypatch)
    schema = pg_store.rsplit("schema=", 1)[1]
    rows = []
    for fast in (False, True):
        restart()
        app = Location(home=tmp_path, store_url=pg_store).open_ledger()
        app.snapshotting_intervals = {LedgerChain: 1000}
        try:
            assert app.bulk is not None
            if fast:
                list(app.ingest_disclosures(drafts, batch=2))
            else:
                for draft in drafts:
                    app.ingest_through_aggregates(draft)
            table = app.recorder.events_table_name  # type: ignore[attr-defined]
        finally:
            app.close()
        with psycopg.connect(URL, autocommit=True) as con:
            rows.append(
                con.execute(
                    "SELECT notification_id, originator_id, originator_version, topic, state "
                    f'FROM "{schema}"."{table}" ORDER BY notification_id'
                ).fetchall()
            )
            # The second path starts from an empty log, its ids from 1 again.
            con.execute(f'TRUNCATE "{schema}"."{table}" RESTART IDENTITY')
    assert len(rows[0]) > 2500
    assert rows[1] == rows[0]
