"""Errors of the ingest layer: values with a ``file:line`` location and a one-line message."""

from __future__ import annotations

from datetime import date

from ledger.domain.errors import LedgerError


class ExtractError(LedgerError):
    """A document cannot be read or is not a disclosure; the message is one line."""

    def __init__(self, file: str, problem: str, line: int | None = None) -> None:
        self.file = file
        self.line = line
        self.problem = _one_line(problem)
        where = f"{_one_line(file)}:{line}" if line is not None else _one_line(file)
        super().__init__(f"{where}: {self.problem}")


class ImpossibleDateError(LedgerError):
    """A document prints a date no calendar has ("December 32, 2023"); ``printed`` is the
    text as printed, so the extraction can name its line."""

    def __init__(self, printed: str) -> None:
        self.printed = printed
        super().__init__(f"{printed!r} is not a calendar date")


def calendar_date(year: int, month: int, day: int, printed: str) -> date:
    """``date(year, month, day)``, or :class:`ImpossibleDateError` naming the text ``printed``
    when no such day exists (a typo in the document)."""
    try:
        return date(year, month, day)
    except ValueError:
        raise ImpossibleDateError(printed) from None


def _one_line(text: str) -> str:
    """``text`` with its control characters escaped (a key or value of the document can hold a
    line break, and the message must stay one line)."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode() for c in text)
