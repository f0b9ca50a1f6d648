"""Arrow tables staged as DuckDB views for one block (projections.staging)."""

from __future__ import annotations

import duckdb
import pyarrow as pa
import pytest

from ledger.projections.staging import staged


def test_staged__the_views_exist_in_the_block_only() -> None:
    con = duckdb.connect()
    with staged(con, staged_ids=pa.table({"id": ["a", "b"]})):
        assert con.execute("SELECT count(*) FROM staged_ids").fetchall() == [(2,)]
    with pytest.raises(duckdb.CatalogException):
        con.execute("SELECT * FROM staged_ids")


def test_staged__a_failing_statement_is_the_error_reported() -> None:
    # The failure aborts the transaction, and DuckDB then refuses to unregister the view too.
    con = duckdb.connect()
    con.execute("BEGIN TRANSACTION")
    with (
        pytest.raises(duckdb.InvalidInputException, match="the statement's own error"),
        staged(con, staged_ids=pa.table({"id": ["a"]})),
    ):
        con.execute("SELECT error('the statement''s own error') FROM staged_ids")
    con.execute("ROLLBACK")
