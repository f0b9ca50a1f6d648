"""The ``ledger`` command.

Exit codes: 0 success; 1 bad input or a failed check (one line naming the file and the problem);
2 usage error (click's own). User mistakes never print a traceback.
"""

from __future__ import annotations

import logging
import os
import sys
from typing import Any

import click

from ledger.domain.errors import LedgerError
from ledger.domain.settings import lock_timeout
from ledger.store import Location

from .diskfull import disk_full_message
from .export_cmd import export_cmd
from .extract_cmd import extract
from .ingest_cmd import ingest, replay_cmd
from .issuers_cmd import issuers_cmd
from .progress import set_quiet
from .read_cmd import facts, query
from .render import one_line
from .report_cmd import report_cmd
from .restatement_cmd import diff, restatements_cmd, statement
from .verify_cmd import verify_cmd

log = logging.getLogger("ledger")


class LedgerGroup(click.Group):
    """Turns the ledger's errors into one-line messages with exit code 1, and takes the global
    options (``--home``, ``--store``, ``--quiet``, ``--verbose``) after the subcommand too."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        return super().parse_args(ctx, self.global_options_first(ctx, args))

    def global_options_first(self, ctx: click.Context, args: list[str]) -> list[str]:
        """``args`` with the group's own options moved from after the subcommand to before it
        (``ledger facts --home X`` reads as ``ledger --home X facts``); ``--`` ends the search,
        and ``--help``/``--version`` stay where they are (after a subcommand they are its own)."""
        takes_value: dict[str, bool] = {}
        for param in self.get_params(ctx):
            if isinstance(param, click.Option) and not param.is_eager:
                for name in (*param.opts, *param.secondary_opts):
                    takes_value[name] = not param.is_flag
        i = 0
        while i < len(args) and args[i].startswith("-") and args[i] != "--":
            name = args[i].split("=", 1)[0]
            i += 2 if takes_value.get(name) and "=" not in args[i] else 1
        if i >= len(args) or args[i] == "--":
            return args
        moved: list[str] = []
        rest: list[str] = []
        j = i + 1
        while j < len(args):
            token = args[j]
            if token == "--":
                rest += args[j:]
                break
            name = token.split("=", 1)[0]
            if name in takes_value:
                width = 2 if takes_value[name] and "=" not in token else 1
                if j + width > len(args):
                    raise click.UsageError(f"Option '{name}' requires an argument.", ctx)
                moved += args[j : j + width]
                j += width
                continue
            rest.append(token)
            j += 1
        return [*args[:i], *moved, args[i], *rest]

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except LedgerError as exc:
            raise click.ClickException(one_line(str(exc))) from None
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except BrokenPipeError:
            raise click.exceptions.Exit(reader_gone()) from None
        except KeyboardInterrupt:
            raise click.Abort() from None
        except Exception as exc:
            full = disk_full_message(exc, ctx.obj if isinstance(ctx.obj, Location) else None)
            if full is not None:
                raise click.ClickException(one_line(full)) from None
            if os.environ.get("LEDGER_DEBUG"):
                raise
            name = type(exc).__name__
            msg = f"internal error: {name}: {one_line(str(exc))} (LEDGER_DEBUG=1 shows more)"
            raise click.ClickException(msg) from None


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
    # A bad LEDGER_LOCK_TIMEOUT is refused before any command writes anything.
    lock_timeout()
    ctx.obj = Location.from_options(home, store)


for command in (
    ingest,
    replay_cmd,
    extract,
    issuers_cmd,
    facts,
    query,
    restatements_cmd,
    diff,
    statement,
    report_cmd,
    export_cmd,
    verify_cmd,
):
    cli.add_command(command)


#: The exit status of a command whose reader went away: the shell's for a program that SIGPIPE
#: ended, as `head` makes most Unix tools end.
PIPE_CLOSED = 128 + 13


def reader_gone() -> int:
    """Point stdout at /dev/null after a write found the pipe closed (``ledger ... | head -1``),
    so that nothing more fails or complains when the interpreter flushes it on exit.

    Returns:
        the exit status to end with.
    """
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # a stdout without a file (a test's runner): nothing to mend
        pass
    finally:
        os.close(devnull)
    return PIPE_CLOSED


def main() -> None:
    """Console-script entry point. A reader that closes the pipe early (``| head -1``) ends
    the command quietly: the Unix convention, rather than an error about a broken pipe."""
    try:
        cli(prog_name="ledger")
    finally:
        # Output still buffered is written here, after the command: its pipe may be gone too.
        try:
            sys.stdout.flush()
        except BrokenPipeError:
            sys.exit(reader_gone())


if __name__ == "__main__":  # `python -m ledger.cli.main`, as the crash tests run it
    main()
