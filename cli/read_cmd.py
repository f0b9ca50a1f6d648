"""Read commands over the DuckDB projection: ``facts`` and ``query``."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

import click
import duckdb

from ledger.domain.errors import LedgerError
from ledger.projections import queries
from ledger.projections.replay import connect, position
from ledger.store import Location

from .options import date_option, issuer_id, period_label
from .render import emit, fact_display, format_option


@contextmanager
def projection(loc: Location) -> Iterator[duckdb.DuckDBPyConnection]:
    """Open the projection read-only, warning on stderr when it lags the event store."""
    path = loc.projection_path
    if not path.exists():
        msg = f"{path}: no projection yet (run `ledger ingest` or `ledger replay`)"
        raise LedgerError(msg)
    con = connect(path, read_only=True)
    try:
        warn_if_behind(loc, position(con))
        yield con
    finally:
        con.close()


def warn_if_behind(loc: Location, at: int, then: str = "") -> None:
    """Say on stderr when the projection (at notification ``at``) lags the event store;
    ``then`` is what to do after ``ledger replay``."""
    if loc.store_url is None and not loc.events_path.exists():
        return
    app = loc.open_ledger(create=False)
    try:
        head = app.recorder.max_notification_id() or 0
    finally:
        app.close()
    if head > at:
        click.echo(
            f"note: the projection is {head - at} events behind the store; "
            f"run `ledger replay`{then}",
            err=True,
        )


FACT_COLUMNS = (
    "issuer",
    "concept",
    "period",
    "dimensions",
    "value",
    "unit",
    "published_on",
    "document",
    "line",
    "label",
    "declared",
)
FACT_DATA_COLUMNS = (
    *FACT_COLUMNS[:6],
    "scale",
    "decimals",
    "amount",
    *FACT_COLUMNS[6:],
    "raw",
    "also_on_lines",
)


@click.command()
@click.option("--issuer", metavar="ID", help="Issuer id, stock code or ticker.")
@click.option("--concept", metavar="C", help="Concept, e.g. ifrs-full:Revenue or just Revenue.")
@click.option("--period", metavar="P", help="Period: FY2023, H1 2024, Q4 2023, 2023-12-31.")
@click.option(
    "--dimensions",
    metavar="D",
    help="Exact dimensions, e.g. operations=discontinued ('' for none).",
)
@date_option("--as-at", "Answer with the disclosures published on or before this date.")
@format_option
@click.pass_obj
def facts(
    loc: Location,
    issuer: str | None,
    concept: str | None,
    period: str | None,
    dimensions: str | None,
    as_at: date | None,
    fmt: str,
) -> None:
    """List facts as currently reported, or as known on a date.

    \b
    Example:
      ledger facts --issuer OCFT --period FY2023 --as-at 2024-06-30 --format json
    """
    with projection(loc) as con:
        rows = queries.facts(
            con,
            issuer=issuer_id(issuer),
            concept=concept,
            period=period_label(period),
            dimensions=dimensions,
            as_at=as_at,
        )
    columns = FACT_COLUMNS if fmt == "table" else FACT_DATA_COLUMNS
    emit(rows, columns, fmt, display=fact_display())


@click.command()
@click.argument("sql")
@format_option
@click.pass_obj
def query(loc: Location, sql: str, fmt: str) -> None:
    """Run SQL against the projection (opened read-only: nothing can be changed).

    \b
    Example:
      ledger query "SELECT concept, value FROM facts_as_at('2024-06-30') LIMIT 5"
    """
    with projection(loc) as con:
        try:
            cursor = con.execute(sql)
            rows = queries.rows_of(cursor) if cursor.description else []
        except duckdb.Error as exc:
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise LedgerError(f"query failed: {first}") from None
        columns = [d[0] for d in cursor.description or []]
    emit(rows, columns, fmt)
