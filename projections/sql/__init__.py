"""Plain SQL files of the projection, loaded by name."""

from __future__ import annotations

from functools import cache
from importlib import resources


@cache
def load_sql(name: str) -> str:
    """Return the text of ``projections/sql/<name>``."""
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8")


@cache
def load_named(name: str) -> dict[str, str]:
    """The statements of a file with several ``-- name: x`` sections (aiosql style)."""
    sections: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in load_sql(name).splitlines():
        if line.startswith("-- name:"):
            current = sections.setdefault(line.removeprefix("-- name:").strip(), [])
        elif current is not None:
            current.append(line)
    return {key: "\n".join(lines).strip() for key, lines in sections.items()}
