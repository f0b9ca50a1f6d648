"""Plain SQL files of the projection, loaded by name."""

from __future__ import annotations

from functools import cache
from importlib import resources


@cache
def load_sql(name: str) -> str:
    """Return the text of ``projections/sql/<name>``."""
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8")
