"""Files the commands write for the user: whole or not at all."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import click


def write_atomically(target: Path, text: str) -> None:
    """Write ``text`` to ``target`` whole or not at all (a temporary file renamed over it)."""
    if target.is_dir():
        raise click.ClickException(f"{target}: is a directory")
    folder = target.parent if str(target.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise click.ClickException(f"{target}: cannot write: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise click.ClickException(f"{target}: cannot write: {exc.strerror or exc}") from None
