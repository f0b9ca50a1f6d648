"""Transcodings for the value types events store beyond the library's defaults."""

from __future__ import annotations

from datetime import date

from eventsourcing.persistence import JSONTranscoder, Transcoding


class DateAsISO(Transcoding):
    """Store a ``datetime.date`` as its ISO string (the library only knows datetimes)."""

    type = date
    name = "date_iso"

    def encode(self, obj: date) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> date:
        return date.fromisoformat(data)


def register_transcodings(transcoder: JSONTranscoder) -> None:
    """Register every transcoding the ledger's events need."""
    transcoder.register(DateAsISO())
