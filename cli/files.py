"""Files the commands write for the user: whole or not at all."""

from __future__ import annotations

import os
from pathlib import Path

import click

from ledger.projections.leftovers import file_mode, remove_leftovers, scratch_name


def write_atomically(target: Path, text: str) -> None:
    """Write ``text`` to ``target`` whole or not at all (a temporary file renamed over it)."""
    if target.is_dir():
        raise click.ClickException(f"{target}: is a directory")
    folder = target.parent if str(target.parent) else Path(".")
    prefix = f".{target.name}.tmp-"
    try:
        remove_leftovers(folder, prefix)  # of a write killed before its rename
        tmp = folder / scratch_name(prefix)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError as exc:
        raise click.ClickException(f"{target}: cannot write: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        # The mode any new file gets under the user's umask (private until complete).
        os.chmod(tmp, file_mode())
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise click.ClickException(f"{target}: cannot write: {exc.strerror or exc}") from None
