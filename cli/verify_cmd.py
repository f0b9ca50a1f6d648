"""``ledger verify``: prove the event log is intact and the projection derives from it."""

from __future__ import annotations

import click

from ledger.domain.errors import LedgerError
from ledger.store import Location
from ledger.verify import verify


class VerificationFailed(LedgerError):
    """The log departs from its seals, or the projection from the log."""


@click.command("verify")
@click.pass_obj
def verify_cmd(loc: Location) -> None:
    """Check the event log's hash chain and re-derive the projection to compare it.

    Every stored event is re-hashed from its stored bytes and checked against the seals each
    ingest recorded; the first position that was changed, deleted, moved or added is named.
    The projection is then rebuilt into a temporary file and compared table by table with the
    live one (which is never written). Exit code 1 on any difference.

    \b
    Example:
      ledger verify
    """
    app = loc.open_ledger(create=False)
    try:
        report = verify(loc, app)
    finally:
        app.close()
    problems = report.problems
    for extra in problems[1:]:
        click.echo(f"also: {extra}", err=True)
    if problems:
        raise VerificationFailed(f"verify failed: {problems[0]}")
    log, proj = report.log, report.projection
    click.echo(
        f"event log intact: {log.events} events under {log.seals} seals, chain head {log.head[:16]}"
    )
    if proj.compared:
        click.echo(f"projection matches a rebuild: {proj.tables} tables, {proj.rows} rows")
    else:
        click.echo("no projection yet: nothing to compare (run `ledger replay`)")
    click.echo(f"verified in {report.seconds:.2f}s")
