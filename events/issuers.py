"""Events of the Issuer aggregate."""

from __future__ import annotations

from typing import Any

from eventsourcing.domain import Aggregate


class IssuerRegistered(Aggregate.Created):
    """The ledger learned of a listed company: its id, name, aliases and fiscal year end.

    Version 2 added ``fiscal_year_end`` (``MM-DD``). Version 1 events were recorded from a
    built-in list of three issuers whose fiscal years all end on December 31, so the upcast
    gives them ``12-31``: older stores keep knowing their issuers from their own events.
    """

    TOPIC = "ledger:IssuerRegistered"
    class_version = 2

    issuer_id: str
    name: str
    aliases: list[str]
    fiscal_year_end: str

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        state["fiscal_year_end"] = "12-31"


class IssuerAliasAdded(Aggregate.Event):
    """A registered issuer became known by more names: stock codes, tickers, a CIK or other
    names its documents print (``ledger issuers add ID --alias X`` for a registered ID)."""

    TOPIC = "ledger:IssuerAliasAdded"

    issuer_id: str
    aliases: list[str]
