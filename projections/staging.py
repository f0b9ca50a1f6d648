"""Arrow tables handed to DuckDB as named views for the length of one block."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import duckdb
import pyarrow as pa


@contextlib.contextmanager
def staged(con: duckdb.DuckDBPyConnection, **tables: pa.Table) -> Iterator[None]:
    """Register each of ``tables`` under its keyword's name, and unregister them after the block.

    When a statement of the block fails, DuckDB aborts the transaction and refuses every later
    call, the unregistering included; the block's own error is the one to report, so that
    refusal is dropped (the rollback that follows forgets the views anyway).
    """
    for name, table in tables.items():
        con.register(name, table)
    try:
        yield
    except BaseException:
        for name in tables:
            with contextlib.suppress(duckdb.Error):
                con.unregister(name)
        raise
    for name in tables:
        con.unregister(name)
