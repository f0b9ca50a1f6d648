"""Plain SQL files of the event store's bulk recording path, loaded by name."""

from __future__ import annotations

from functools import cache
from importlib import resources


@cache
def store_sql(name: str) -> str:
    """Return the text of ``ledger/sql/<name>``."""
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8")
