"""``ledger issuers``: the listed companies the ledger knows; and the issuers a command may use.

Issuers are data: the store's ``IssuerRegistered`` events, a manifest's ``[[issuer]]`` tables,
``--issuer ID --issuer-name NAME`` on the command line, and the issuer a document describes
itself as (registered with that document).
"""

from __future__ import annotations

import click

from ledger.domain.issuers import IssuerDirectory, IssuerInfo
from ledger.projections.replay import replay
from ledger.store import Location

from .progress import info
from .render import emit, format_option

ISSUER_COLUMNS = ("issuer", "name", "aliases", "fiscal_year_end")


def command_issuers(
    loc: Location,
    declared: IssuerDirectory | None = None,
    issuer: str | None = None,
    issuer_name: str | None = None,
) -> IssuerDirectory:
    """The issuers a command may use: the store's, then a manifest's ``declared`` ones, then
    ``--issuer ID --issuer-name NAME`` (an issuer the store already knows keeps its record).

    Raises:
        click.UsageError: ``--issuer-name`` without ``--issuer``.
        LedgerError: a declared issuer contradicts the store's record of it.
    """
    if issuer_name and not issuer:
        raise click.UsageError("--issuer-name goes with --issuer ID")
    directory = loc.known_issuers().including(declared or ())
    if issuer and issuer_name:
        known = directory.find(issuer)
        if known is None:
            directory = directory.with_issuer(IssuerInfo(id=issuer, name=issuer_name))
        else:
            # Named again: accepted when the name agrees with the record, refused otherwise.
            year_end = known.fiscal_year_end
            named = IssuerInfo(id=known.id, name=issuer_name, fiscal_year_end=year_end)
            directory = directory.with_issuer(named)
    return directory


def _rows(directory: IssuerDirectory) -> list[dict[str, object]]:
    return [
        {
            "issuer": i.id,
            "name": i.name,
            "aliases": list(i.aliases),
            "fiscal_year_end": i.fiscal_year_end,
        }
        for i in sorted(directory, key=lambda i: i.id)
    ]


@click.group("issuers", invoke_without_command=True)
@format_option
@click.pass_context
def issuers_cmd(ctx: click.Context, fmt: str) -> None:
    """List the registered issuers, or register one (`ledger issuers add`).

    An issuer is registered once, with its id, legal name, aliases (stock codes, tickers, CIK
    or other names the documents print) and fiscal year end. Every --issuer option accepts the
    id or any alias; the extractor recognises an issuer's documents by them.

    \b
    Example:
      ledger issuers
      ledger issuers add lufax --name "Lufax Holding Ltd" --alias LU --alias 6623
      ledger issuers add bright-scholar --name "Bright Scholar Education Holdings Limited" \\
          --alias BEDU --fiscal-year-end 08-31
    """
    if ctx.invoked_subcommand is None:
        emit(_rows(ctx.find_object(Location).known_issuers()), ISSUER_COLUMNS, fmt)  # type: ignore[union-attr]


@issuers_cmd.command("list")
@format_option
@click.pass_obj
def list_cmd(loc: Location, fmt: str) -> None:
    """List the registered issuers.

    \b
    Example:
      ledger issuers list --format json
    """
    emit(_rows(loc.known_issuers()), ISSUER_COLUMNS, fmt)


@issuers_cmd.command("add")
@click.argument("issuer_id", metavar="ID")
@click.option(
    "--name",
    help="The issuer's legal name, as its documents print it (required for a new issuer).",
)
@click.option(
    "--alias",
    "aliases",
    multiple=True,
    metavar="ALIAS",
    help="A stock code, ticker, CIK or other name (repeatable).",
)
@click.option(
    "--fiscal-year-end",
    metavar="MM-DD",
    help="Month and day the issuer's fiscal year ends (default: 12-31, or as registered).",
)
@click.pass_obj
def add_cmd(
    loc: Location,
    issuer_id: str,
    name: str | None,
    aliases: tuple[str, ...],
    fiscal_year_end: str | None,
) -> None:
    """Register an issuer (an IssuerRegistered event); registering it again is a no-op. For a
    registered issuer, --alias adds names it is known by (an IssuerAliasAdded event): the
    extractor recognises its documents by them from then on.

    \b
    Example:
      ledger issuers add kingsoft-cloud --name "Kingsoft Cloud Holdings Limited" \\
          --alias KC --alias 3896
      ledger issuers add kingsoft-cloud --alias KINGSOFT-CLOUD-HK
    """
    app = loc.open_ledger()
    try:
        known = app.issuers().find(issuer_id)
        known = known if known is not None and known.id == issuer_id else None
        if name is None and known is None:
            raise click.UsageError(f"--name is required to register the new issuer {issuer_id!r}")
        issuer = IssuerInfo(
            id=issuer_id,
            name=" ".join((name or known.name).split()),  # type: ignore[union-attr]
            aliases=aliases,
            fiscal_year_end=fiscal_year_end or (known.fiscal_year_end if known else "12-31"),
        )
        added = app.register_issuer(issuer)
        if added:
            # Read commands resolve --issuer against the projection: bring it up to date.
            with loc.projection_writer():
                replay(app, loc.projection_path)
    finally:
        app.close()
    if added and known is not None:
        new = [a for a in issuer.aliases if a not in known.aliases]
        info(f"issuer {issuer.id} is also known as {', '.join(new)}")
    elif added:
        info(f"registered issuer {issuer.id} ({issuer.name})")
    else:
        info(f"issuer {issuer.id} is already registered: nothing written")
