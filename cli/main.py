"""The ``ledger`` command.

Exit codes: 0 success; 1 bad input or a failed check (one line naming the file and the problem);
2 usage error (click's own). User mistakes never print a traceback.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

import click

from ledger.domain.drafts import DISCLOSURE_KINDS
from ledger.domain.errors import LedgerError
from ledger.domain.issuers import resolve_issuer
from ledger.domain.values import Period, parse_date
from ledger.projections.replay import ProjectionLockedError
from ledger.store import Location

from .progress import set_quiet
from .render import format_number, printed_places, render, scaled_unit

log = logging.getLogger("ledger")


class LedgerGroup(click.Group):
    """Turns the ledger's errors into one-line messages with exit code 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (LedgerError, ProjectionLockedError) as exc:
            raise click.ClickException(_one_line(str(exc))) from None
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except KeyboardInterrupt:
            raise click.Abort() from None
        except Exception as exc:
            if os.environ.get("LEDGER_DEBUG"):
                raise
            name = type(exc).__name__
            msg = f"internal error: {name}: {_one_line(str(exc))} (LEDGER_DEBUG=1 shows more)"
            raise click.ClickException(msg) from None


def _one_line(text: str) -> str:
    return " ".join(text.split())


@click.group(cls=LedgerGroup)
@click.option(
    "--home",
    envvar="LEDGER_HOME",
    default=None,
    metavar="DIR",
    help="Where the ledger lives (SQLite event store and DuckDB projection). Default ./.ledger",
)
@click.option(
    "--store",
    envvar="LEDGER_STORE",
    default=None,
    metavar="URL",
    help="A postgresql:// URL: keep the event store in PostgreSQL instead of SQLite.",
)
@click.option("-v", "--verbose", is_flag=True, help="Log progress and retries to stderr.")
@click.option(
    "-q",
    "--quiet",
    is_flag=True,
    help="No progress bars or informational messages (errors and results still print).",
)
@click.version_option(package_name="ledger")
@click.pass_context
def cli(
    ctx: click.Context, home: str | None, store: str | None, verbose: bool, quiet: bool
) -> None:
    """An event-sourced ledger of disclosed financial facts and their restatements.

    \b
    Example:
      ledger ingest --manifest samples/manifest.toml
      ledger facts --issuer OCFT --concept Revenue --period FY2023 --as-at 2024-06-30
    """
    if quiet and verbose:
        raise click.UsageError("give --quiet or --verbose, not both")
    set_quiet(ctx, quiet)
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="ledger: %(message)s",
        stream=sys.stderr,
    )
    ctx.obj = Location.from_options(home, store)


def date_option(name: str, help_text: str) -> Callable[[Any], Any]:
    """A ``--name YYYY-MM-DD`` option whose bad values are usage errors (exit 2)."""

    def convert(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
        if value is None:
            return None
        try:
            return parse_date(value)
        except LedgerError as exc:
            raise click.BadParameter(str(exc)) from None

    return click.option(name, default=None, metavar="DATE", callback=convert, help=help_text)


def metadata_options(source: str) -> Callable[[Any], Any]:
    """``--issuer``, ``--published-on``, ``--period-end`` and ``--kind``: metadata given on the
    command line, overriding what ``source`` (the file, the text) states."""
    options = [
        click.option(
            "--issuer",
            metavar="ID",
            help=f"Issuer id, stock code or ticker (overrides the {source}).",
        ),
        date_option(
            "--published-on", f"The day the document became public (overrides the {source})."
        ),
        date_option("--period-end", f"End of the document's main period (overrides the {source})."),
        click.option(
            "--kind",
            type=click.Choice(DISCLOSURE_KINDS),
            help=f"Document kind (overrides the {source}).",
        ),
    ]

    def decorate(func: Any) -> Any:
        # Applied bottom-up, like stacked decorators, so --help lists them in this order.
        for option in reversed(options):
            func = option(func)
        return func

    return decorate


def given_metadata(
    issuer: str | None, published_on: date | None, period_end: date | None, kind: str | None
) -> dict[str, Any]:
    """The metadata options the user gave (issuer resolved to its id), unset ones left out."""
    given = {
        "issuer": issuer_id(issuer),
        "published_on": published_on,
        "period_end": period_end,
        "kind": kind,
    }
    return {k: v for k, v in given.items() if v is not None}


def issuer_id(value: str | None) -> str | None:
    """Resolve an issuer option (id, stock code or ticker)."""
    return None if value is None else resolve_issuer(value).id


def period_label(value: str | None) -> str | None:
    """Normalise a period option to its canonical label."""
    return None if value is None else Period.parse(value).label


def figure_display(*columns: str) -> dict[str, Callable[[dict[str, Any]], str]]:
    """Table formatters for rows with ``unit``, ``scale`` and ``decimals``: the figure columns
    as the document prints them (``(368,212)``), the unit with its scale (``RMB'000``)."""

    def figure(column: str) -> Callable[[dict[str, Any]], str]:
        def show(row: dict[str, Any]) -> str:
            value = row.get(column)
            if value is None:
                return ""
            places = printed_places(row.get("decimals"), row.get("scale"))
            return format_number(value, places, brackets=row.get("unit") != "%")

        return show

    display = {column: figure(column) for column in columns}
    display["unit"] = lambda row: scaled_unit(row["unit"], row["scale"])
    return display


def fact_display() -> dict[str, Callable[[dict[str, Any]], str]]:
    """Table formatters of a fact listing: its value as printed, its unit with the scale."""
    return figure_display("value")


def emit(rows: Sequence[dict[str, Any]], columns: Sequence[str], fmt: str, **kwargs: Any) -> None:
    click.echo(render(rows, columns, fmt, **kwargs))


# Commands live in their own modules and register themselves on `cli`.
from . import export_cmd as export_cmd  # noqa: E402,F401
from . import extract_cmd, ingest_cmd, read_cmd, restatement_cmd, verify_cmd  # noqa: E402,F401
from . import report_cmd as report_cmd  # noqa: E402,F401


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="ledger")


if __name__ == "__main__":  # `python -m ledger.cli.main`, as the crash tests run it
    # Run as a script, this file is `__main__`; the commands registered themselves on the
    # `cli` of `ledger.cli.main`, so call that one.
    from ledger.cli.main import main as _main

    _main()
