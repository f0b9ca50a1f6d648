"""Errors of the ingest layer: values with a ``file:line`` location and a one-line message."""

from __future__ import annotations

from ledger.domain.errors import LedgerError


class ExtractError(LedgerError):
    """A document cannot be read or is not a disclosure; the message is one line."""

    def __init__(self, file: str, problem: str, line: int | None = None) -> None:
        self.file = file
        self.line = line
        self.problem = problem
        where = f"{file}:{line}" if line is not None else file
        super().__init__(f"{where}: {problem}")
