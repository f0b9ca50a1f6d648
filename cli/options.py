"""Options shared by the commands: dates, document metadata, issuers and periods."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import click

from ledger.domain.drafts import DISCLOSURE_KINDS
from ledger.domain.errors import LedgerError
from ledger.domain.issuers import IssuerDirectory
from ledger.domain.values import Period, parse_date


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
        click.option(
            "--issuer-name",
            metavar="NAME",
            help="The issuer's legal name: registers --issuer ID on first use.",
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
    """The metadata options the user gave, unset ones left out (the issuer as typed: it is
    resolved against the known issuers when the files are read)."""
    given = {
        "issuer": issuer,
        "published_on": published_on,
        "period_end": period_end,
        "kind": kind,
    }
    return {k: v for k, v in given.items() if v is not None}


def issuer_id(value: str | None, issuers: IssuerDirectory) -> str | None:
    """Resolve an issuer option (id, stock code, ticker or alias) against ``issuers``."""
    return None if value is None else issuers.resolve(value).id


def period_label(value: str | None) -> str | None:
    """Normalise a period option to its canonical label."""
    return None if value is None else Period.parse(value).label
