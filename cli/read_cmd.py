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
#: What a narrow table leaves out first: the provenance before the figure and its label.
FACT_DROP = ("issuer", "document", "line", "declared", "published_on", "label")
FACT_DATA_COLUMNS = (
    *FACT_COLUMNS[:6],
    "scale",
    "decimals",
    "amount",
    *FACT_COLUMNS[6:],
    "raw",
    "also_on_lines",
    "page",
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
    when = period_label(period)
    with projection(loc) as con:
        who = issuer_id(issuer, queries.issuers(con))
        rows = queries.facts(
            con, issuer=who, concept=concept, period=when, dimensions=dimensions, as_at=as_at
        )
        if not rows:
            say_why_empty(con, "facts", issuer=who, concept=concept, period=when, as_at=as_at)
    columns = FACT_COLUMNS if fmt == "table" else FACT_DATA_COLUMNS
    emit(rows, columns, fmt, display=fact_display(), drop=FACT_DROP)


def asked(
    what: str,
    *,
    issuer: str | None = None,
    concept: str | None = None,
    period: str | None = None,
    as_at: date | None = None,
) -> str:
    """What a listing asked for, in words: ``no facts of oneconnect for FY2030``."""
    text = f"no {what}"
    text += f" of {issuer}" if issuer else ""
    text += f" matching {concept!r}" if concept else ""
    text += f" for {period}" if period else ""
    text += f" as at {as_at.isoformat()}" if as_at else ""
    return text


def say_why_empty(
    con: duckdb.DuckDBPyConnection,
    what: str,
    *,
    issuer: str | None,
    concept: str | None = None,
    period: str | None = None,
    as_at: date | None = None,
    statement: str | None = None,
) -> None:
    """Print on stderr, in one line, why a listing is empty (the exit code stays 0: an empty
    answer is an answer, but never a silent one)."""
    question = asked(what, issuer=issuer, concept=concept, period=period, as_at=as_at)
    if concept and not queries.facts(con, issuer=issuer, concept=concept):
        reason = (
            f"{question}: no concept of {issuer or 'any issuer'} matches {concept!r} by name "
            "(ifrs-full:Revenue, Revenue) or by the words of its label"
        )
    else:
        reason = queries.why_empty(
            con,
            issuer=issuer,
            asked=question,
            statement=statement,
            concept=concept,
            period=period,
            as_at=as_at,
        )
    click.echo(f"note: {reason}", err=True)


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
