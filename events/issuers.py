"""Events of the Issuer aggregate."""

from __future__ import annotations

from eventsourcing.domain import Aggregate


class IssuerRegistered(Aggregate.Created):
    """The ledger learned of a listed company (on the first disclosure of it)."""

    TOPIC = "ledger:IssuerRegistered"
    class_version = 1

    issuer_id: str
    name: str
    aliases: list[str]
