"""Events of the LedgerChain aggregate: the hash chain that makes the event log tamper-evident.

One chain per event store. Every ingest appends a ``LedgerSealed`` event in the same atomic save
as the document's events, stating the chained sha256 of every stored event before it. The rules
that compute those hashes live in ``ledger.domain.chain``.
"""

from __future__ import annotations

from typing import Any

from eventsourcing.domain import Aggregate


class ChainStarted(Aggregate.Created):
    """The first ingest into an empty store started the chain (``algorithm`` names the rules)."""

    TOPIC = "ledger:ChainStarted"
    class_version = 1

    algorithm: str


class LedgerSealed(Aggregate.Event):
    """An ingest sealed the log: the chain over every event recorded before this seal.

    ``head`` is the chained sha256 (hex) over all non-chain events in log order, ``events`` how
    many that is, and ``digests`` the short digest of each event this save added, in order, so
    ``ledger verify`` can name the first event that was changed, removed or moved. ``mac`` is
    an HMAC-SHA256 of the head under a key the store never holds (``LEDGER_SEAL_KEY``), or
    ``""`` when the writer had none (version 2; version 1 seals had none).
    """

    TOPIC = "ledger:LedgerSealed"
    class_version = 2

    head: str
    events: int
    digests: list[str]
    mac: str

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        state["mac"] = ""
