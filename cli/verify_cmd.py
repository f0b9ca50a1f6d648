"""``ledger verify``: prove the event log is intact and the projection derives from it."""

from __future__ import annotations

import os
import re

import click

from ledger.domain.chain import SEAL_KEY_ENV, seal_key
from ledger.domain.errors import LedgerError
from ledger.store import Location
from ledger.verify import verify


class VerificationFailed(LedgerError):
    """The log departs from its seals, or the projection from the log."""


@click.command("verify")
@click.option(
    "--expect-head",
    metavar="HEX",
    help="A chain head noted earlier (16 to 64 hex digits): fail unless the log still has it.",
)
@click.pass_obj
def verify_cmd(loc: Location, expect_head: str | None) -> None:
    """Check the event log's hash chain and re-derive the projection to compare it.

    Every stored event is re-hashed from its stored bytes and checked against the seals each
    ingest recorded; the first position that was changed, deleted, moved or added is named.
    The projection is then rebuilt into a temporary file and compared table by table with the
    live one (which is never written). Exit code 1 on any difference.

    The chain proves the log is the one its seals describe, not who wrote them: anyone who can
    write the store can recompute every seal. Note the printed head elsewhere and pass it to
    --expect-head later; or set LEDGER_SEAL_KEY (kept out of the store) when ingesting and
    verifying: seals are then signed, and a log whose last seal is unsigned, or any signature
    that does not match, fails.

    \b
    Example:
      ledger verify
      ledger verify --expect-head 9e4dbdd7d58e097b
    """
    if expect_head is not None:
        expect_head = expect_head.strip().lower()
        if not re.fullmatch(r"[0-9a-f]{16,64}", expect_head):
            raise click.BadParameter("16 to 64 hex digits", param_hint="--expect-head")
    key = seal_key(os.environ.get(SEAL_KEY_ENV))
    app = loc.open_ledger(create=False)
    try:
        report = verify(loc, app, key=key, expect_head=expect_head)
    finally:
        app.close()
    problems = report.problems
    for extra in problems[1:]:
        click.echo(f"also: {extra}", err=True)
    if problems:
        raise VerificationFailed(f"verify failed: {problems[0]}")
    log, proj = report.log, report.projection
    click.echo(f"event log intact: {log.events} events under {log.seals} seals")
    click.echo(f"chain head {log.head}")
    if log.signed:
        click.echo(f"{log.signed} seals signed with LEDGER_SEAL_KEY, the last one included")
    if log.unchecked:
        click.echo(
            f"note: {log.unchecked} seals are signed; set LEDGER_SEAL_KEY to check them", err=True
        )
    if proj.compared:
        click.echo(f"projection matches a rebuild: {proj.tables} tables, {proj.rows} rows")
    else:
        click.echo("no projection yet: nothing to compare (run `ledger replay`)")
    click.echo(f"verified in {report.seconds:.2f}s")
