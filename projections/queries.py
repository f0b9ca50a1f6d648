"""Read-side queries over the DuckDB projection (opened read-only by the CLI)."""

from __future__ import annotations

from datetime import date
from typing import Any

import duckdb

from .sql import load_sql


def rows_of(cursor: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """The rows of an executed statement as dicts."""
    columns = [d[0] for d in cursor.description or []]
    return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


def facts(
    con: duckdb.DuckDBPyConnection,
    *,
    issuer: str | None = None,
    concept: str | None = None,
    period: str | None = None,
    dimensions: str | None = None,
    as_at: date | None = None,
) -> list[dict[str, Any]]:
    """Facts as at ``as_at`` (or as currently reported), in a stable order."""
    params = {
        "issuer": issuer,
        "concept": concept,
        "period": period,
        "dimensions": dimensions,
        "as_at": as_at,
    }
    return rows_of(con.execute(load_sql("facts.sql"), params))
