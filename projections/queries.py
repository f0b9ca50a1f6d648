"""Read-side queries over the DuckDB projection (opened read-only by the CLI)."""

from __future__ import annotations

from datetime import date
from typing import Any

import duckdb

from .sql import load_named, load_sql


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


def restatements(
    con: duckdb.DuckDBPyConnection,
    *,
    issuer: str | None = None,
    period: str | None = None,
    unexplained: bool = False,
) -> list[dict[str, Any]]:
    """Restatements with their tie-outs (a list of dicts per row)."""
    params = {"issuer": issuer, "period": period, "unexplained": unexplained}
    return rows_of(con.execute(load_named("restatements.sql")["restatements"], params))


def diff(
    con: duckdb.DuckDBPyConnection, *, issuer: str, from_date: date, to_date: date
) -> list[dict[str, Any]]:
    """Series whose as-at value differs between two dates; values in the printed scale."""
    params = {"issuer": issuer, "from_date": from_date, "to_date": to_date}
    rows = rows_of(con.execute(load_named("diff.sql")["diff"], params))
    for row in rows:
        scale = row["scale"]
        before, after = row.pop("from_amount"), row.pop("to_amount")
        row["from_value"] = None if before is None else before.scaleb(-scale)
        row["to_value"] = None if after is None else after.scaleb(-scale)
        row["delta"] = None if before is None or after is None else (after - before).scaleb(-scale)
    return rows


def statement(
    con: duckdb.DuckDBPyConnection,
    *,
    issuer: str,
    statement: str,
    period: str | None,
    as_at: date | None,
    compare_as_at: date | None = None,
) -> tuple[str | None, list[dict[str, Any]]]:
    """A primary statement as known on ``as_at`` (and ``compare_as_at``), in presentation order.

    Lines are laid out by the taxonomy (the projection's ``concepts``). Concepts it does not
    know are shown when the document printed them on that statement, in the document's order
    after the taxonomy's lines.

    Returns:
        The period shown and one row per line item.
    """

    def fetch(when: date | None) -> dict[str, dict[str, Any]]:
        rows = rows_of(
            con.execute(
                load_named("statement.sql")["statement_facts"],
                {"issuer": issuer, "period": period, "as_at": when},
            )
        )
        keep: dict[str, dict[str, Any]] = {}
        for row in rows:
            if row["taxonomy_statement"] is not None:
                row["statement"] = row["taxonomy_statement"]
                row["order"] = row["presentation_order"]
                row["label"] = row["standard_label"]
            elif row["statement"] in PRIMARY_STATEMENTS:
                # Not in the taxonomy but printed on the statement itself: keep the document's
                # order after the taxonomy's lines.
                row["order"] = 10_000 + row["line"]
            else:
                continue
            if row["statement"] == statement:
                keep[str(row["series_id"])] = row
        return keep

    first = fetch(as_at)
    second = fetch(compare_as_at) if compare_as_at is not None else {}
    if period is None:
        candidates = [r for r in (*first.values(), *second.values()) if _is_annual(r, statement)]
        if not candidates:
            return None, []
        latest = max(candidates, key=lambda r: r["period_end"])
        period = latest["period"]
        first = {k: v for k, v in first.items() if v["period"] == period}
        second = {k: v for k, v in second.items() if v["period"] == period}

    def layout(key: str) -> tuple[Any, ...]:
        # Per-share and per-ADS lines share a concept and an order: unit and series id break
        # the tie, so the layout never depends on set iteration order.
        row = first.get(key) or second[key]
        return (row["order"], row["concept"], row["unit"], key)

    lines = []
    for key in sorted(set(first) | set(second), key=layout):
        a, b = first.get(key), second.get(key)
        base = b or a
        if base is None:  # pragma: no cover - every key comes from one of the two
            continue
        scale = base["scale"]
        row = {
            "line_item": base["label"],
            "concept": base["concept"],
            "unit": base["unit"],
            "scale": scale,
            "decimals": base["decimals"],
            "value": None if a is None else a["value"].scaleb(-scale),
            "document": None if a is None else a["document"],
            "line": None if a is None else a["line"],
            "declared": None if a is None else a["declared"],
        }
        if compare_as_at is not None:
            row["compare_value"] = None if b is None else b["value"].scaleb(-scale)
            row["delta"] = (
                None if a is None or b is None else (b["value"] - a["value"]).scaleb(-scale)
            )
            row["compare_document"] = None if b is None else b["document"]
            row["compare_line"] = None if b is None else b["line"]
            row["compare_declared"] = None if b is None else b["declared"]
        lines.append(row)
    return period, lines


PRIMARY_STATEMENTS = frozenset({"income", "balance", "cashflow"})


def _is_annual(row: dict[str, Any], statement: str) -> bool:
    if statement == "balance":
        return row["period_start"] is None
    return row["period"].startswith("FY")
