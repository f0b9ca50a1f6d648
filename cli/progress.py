"""Progress bars and informational messages, and when to keep quiet.

A bar is drawn on stderr only for work above ``THRESHOLD`` events (``DOCUMENTS_THRESHOLD``
documents to read), only when stderr is a terminal, not under CI (``CI`` set) and not with
``ledger --quiet``: pipes, files, logs and CI output never see one. Informational messages (what
was recorded, how far the projection moved) go to stdout unless ``--quiet``; errors and the data
a command was asked for are never silenced.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TextIO

import click

#: Work smaller than this many events finishes before a bar would be worth reading.
THRESHOLD = 5_000
#: The same for documents to read (a text document takes a tenth of a second or more, a PDF
#: seconds).
DOCUMENTS_THRESHOLD = 8
_QUIET = "ledger.quiet"


def set_quiet(ctx: click.Context, quiet: bool) -> None:
    """Record ``--quiet`` for the commands run under ``ctx``."""
    ctx.meta[_QUIET] = quiet


def is_quiet() -> bool:
    """Whether ``ledger --quiet`` was given."""
    ctx = click.get_current_context(silent=True)
    return bool(ctx is not None and ctx.meta.get(_QUIET))


def wants_bar(total: int, stream: TextIO | None = None, threshold: int = THRESHOLD) -> bool:
    """Whether work of ``total`` units (events, unless another ``threshold`` says otherwise)
    gets a bar on ``stream`` (default stderr)."""
    stream = stream if stream is not None else sys.stderr
    isatty = getattr(stream, "isatty", None)
    return (
        total >= threshold
        and not os.environ.get("CI")
        and not is_quiet()
        and bool(isatty is not None and isatty())
    )


class Progress:
    """A bar that appears once the expected work reaches the threshold, silent otherwise.

    ``update(done, total)`` matches the replay's ``progress`` callback; ``echo`` prints an
    informational line without tearing the bar.
    """

    def __init__(
        self, label: str, stream: TextIO | None = None, threshold: int = THRESHOLD
    ) -> None:
        self.label = label
        self.stream = stream if stream is not None else sys.stderr
        self.threshold = threshold
        self._bar: Any = None
        self._done = 0

    def update(self, done: int, total: int) -> None:
        """``done`` of ``total`` units so far (totals may grow: they are estimates)."""
        if self._bar is None:
            if not wants_bar(total, self.stream, self.threshold):
                return
            self._bar = click.progressbar(
                length=total, label=self.label, file=self.stream, show_pos=True, width=30
            )
            self._bar.__enter__()
        self._bar.length = max(total, done)
        self._bar.update(done - self._done)
        self._done = done

    def echo(self, message: str) -> None:
        """An informational line (silent with --quiet); the bar is redrawn below it."""
        if is_quiet():
            return
        if self._bar is not None:
            self.stream.write("\r\033[K")
            self.stream.flush()
        click.echo(message)
        if self._bar is not None:
            self._bar.render_progress()

    def close(self) -> None:
        """Finish the bar (a newline on the terminal), if one was drawn."""
        if self._bar is not None:
            self._bar.__exit__(None, None, None)
            self._bar = None


@contextmanager
def progress(
    label: str, stream: TextIO | None = None, threshold: int = THRESHOLD
) -> Iterator[Progress]:
    """A :class:`Progress` closed on exit, error or not."""
    bar = Progress(label, stream, threshold)
    try:
        yield bar
    finally:
        bar.close()


def info(message: str) -> None:
    """An informational message on stdout, silent with ``--quiet``."""
    if not is_quiet():
        click.echo(message)
