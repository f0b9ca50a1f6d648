"""Read-side queries over the DuckDB projection (opened read-only by the CLI)."""

from __future__ import annotations

from datetime import date
from typing import Any

import duckdb

from ledger.domain.errors import LedgerError

from .layout import Layout, foots
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
    """A primary statement as known on ``as_at`` (and ``compare_as_at``), laid out.

    Lines are laid out by the taxonomy (the projection's ``concepts``): presentation order,
    indentation ``level``, ``row_kind`` (``line`` or ``subtotal``) and ``section`` with its
    heading (``section_label``). A line the taxonomy does not know is shown when the document
    printed it on that statement, where the document printed it: just above the first taxonomy
    line below it, one level in when that line is a total (a component of it); lines with no
    taxonomy line below them come last, in section ``other``, in the document's order.

    Every line that is the sum of others carries ``foots``: whether it equals the sum of its
    components as known on that date (None when fewer than two of them are known). An absent
    subtotal counts as the sum of its own components; lines the document prints above a total
    count as its components.

    Returns:
        The period shown and one row per line item.

    Raises:
        LedgerError: the projection file predates statement layouts (run ``ledger replay``).
    """
    [(layout_columns,)] = con.execute(load_named("statement.sql")["layout_columns"]).fetchall()
    if layout_columns < 5:
        raise LedgerError(
            "the projection predates statement layouts; run `ledger replay` to update it"
        )
    layout = Layout(
        rows_of(
            con.execute(load_named("statement.sql")["statement_layout"], {"statement": statement})
        )
    )

    first = _statement_facts(con, issuer, statement, period, as_at)
    second = {}
    if compare_as_at is not None:
        second = _statement_facts(con, issuer, statement, period, compare_as_at)
    if period is None:
        candidates = [r for r in (*first.values(), *second.values()) if _is_annual(r, statement)]
        if not candidates:
            return None, []
        latest = max(candidates, key=lambda r: r["period_end"])
        period = latest["period"]
        first = {k: v for k, v in first.items() if v["period"] == period}
        second = {k: v for k, v in second.items() if v["period"] == period}

    # Once a document printed this statement, a taxonomy line known only from a note or a
    # summary is not one of its lines: it is listed after them.
    layout.printed = any(r["face_statement"] for r in (*first.values(), *second.values()))
    places = {key: layout.place(second.get(key) or first[key]) for key in {*first, *second}}

    def order(key: str) -> tuple[Any, ...]:
        # Per-share and per-ADS lines share a concept and an order: unit and series id break
        # the tie, so the layout never depends on set iteration order.
        row = second.get(key) or first[key]
        return (*places[key].sort, row["concept"], row["unit"], key)

    keys = sorted(places, key=order)
    children = layout.children({(second.get(k) or first[k])["concept"]: places[k] for k in keys})
    lines = []
    for key in keys:
        a, b = first.get(key), second.get(key)
        base = b or a
        if base is None:  # pragma: no cover - every key comes from one of the two
            continue
        place = places[key]
        scale = base["scale"]
        row = {
            "line_item": base["label"],
            "concept": base["concept"],
            "unit": base["unit"],
            "scale": scale,
            "decimals": base["decimals"],
            "level": place.level,
            "row_kind": "subtotal" if place.total else "line",
            "section": place.section,
            "section_label": place.section_label,
            "value": None if a is None else a["value"].scaleb(-scale),
            "document": None if a is None else a["document"],
            "line": None if a is None else a["line"],
            "declared": None if a is None else a["declared"],
            "foots": foots(base, first, layout, children),
        }
        if compare_as_at is not None:
            row.update(_compared(a, b, scale, foots(base, second, layout, children)))
        lines.append(row)
    return period, lines


def _compared(
    a: dict[str, Any] | None, b: dict[str, Any] | None, scale: int, footing: bool | None
) -> dict[str, Any]:
    """The columns of the second vintage of a line (``b``) beside the first (``a``)."""
    return {
        "compare_value": None if b is None else b["value"].scaleb(-scale),
        "delta": None if a is None or b is None else (b["value"] - a["value"]).scaleb(-scale),
        "compare_document": None if b is None else b["document"],
        "compare_line": None if b is None else b["line"],
        "compare_declared": None if b is None else b["declared"],
        "compare_foots": footing,
    }


def _statement_facts(
    con: duckdb.DuckDBPyConnection,
    issuer: str,
    statement: str,
    period: str | None,
    when: date | None,
) -> dict[str, dict[str, Any]]:
    """The figures of ``statement`` known on ``when``, by series id."""
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
            row["label"] = row["standard_label"]
        elif row["face_statement"] is not None:
            # Not in the taxonomy: shown on the statement a document printed it on (its latest
            # version may be a note's or a summary's reaffirming it).
            row["statement"] = row["face_statement"]
        else:
            continue
        if row["statement"] == statement:
            keep[str(row["series_id"])] = row
    return keep


PRIMARY_STATEMENTS = frozenset({"income", "balance", "cashflow"})


def _is_annual(row: dict[str, Any], statement: str) -> bool:
    if statement == "balance":
        return row["period_start"] is None
    return row["period"].startswith("FY")
