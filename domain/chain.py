"""The hash chain over the event log: pure rules, and the aggregate that records the seals.

Rules (algorithm ``ledger-chain/1``):

- An event's *record* is what the store keeps: topic, originator id, originator version and the
  state bytes. Its digest is the sha256 of those four fields, each length-prefixed, so no two
  different records share an encoding.
- The chain runs over the records of every event except the chain's own (``ChainStarted`` and
  ``LedgerSealed``), in log order: ``head = sha256(head || digest)``, from ``GENESIS``.
- Every ingest saves, in the same atomic save and after the document's events, a
  ``LedgerSealed`` with the head after its last event, the number of events chained so far, and
  the short digest of each event the save added.

Why the chain's own events stay out of the chain: a seal cannot contain the hash of its own
bytes, and folding seal *k* into the chain would force the next ingest to read it back. Seals are
protected differently: each is one version of a single aggregate, so a removed or reordered seal
shows as a version gap, and a changed one no longer matches the chain it states.

What the chain proves, and what it does not: anyone who can write the store can also rewrite
a figure and recompute every later seal, since the rules are public. Two things close that gap.
The head that ``ledger verify`` prints, noted outside the store (and checked with
``--expect-head``), pins the whole log up to it. And with ``LEDGER_SEAL_KEY`` set, each seal
carries an HMAC of its head under that key (``seal_mac``): ``verify``, given the same key,
refuses a log whose last seal is unsigned or any signature that does not match, so a forger
needs the key, which the store never holds.

Concurrency: the seal is version ``n + 1`` of one aggregate. Two writers that read version ``n``
both try to store version ``n + 1``; the store's uniqueness constraint lets exactly one commit
and the other retries from a fresh read. Seals are therefore totally ordered and no event of
another writer can slip between a seal's read of the head and its commit.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import struct
from collections.abc import Iterable, Sequence
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

import attrs
from eventsourcing.domain import Aggregate, event
from eventsourcing.domain import Snapshot as LibrarySnapshot

from ledger import events as ev

ALGORITHM = "ledger-chain/1"
#: The head of an empty chain.
GENESIS = hashlib.sha256(ALGORITHM.encode()).hexdigest()
#: The one chain aggregate of a store (a fixed id, so every writer competes for its versions).
CHAIN_ID = uuid5(NAMESPACE_URL, "ledger:chain")
#: Hex characters of each per-event digest kept in a seal: enough to locate a change (the full
#: chained head is what proves integrity), small enough for documents of thousands of facts.
SHORT_DIGEST = 16
CHAIN_TOPICS = frozenset({ev.ChainStarted.TOPIC, ev.LedgerSealed.TOPIC})


@attrs.frozen
class Record:
    """An event as stored: the bytes the chain covers, and its log position (0 if unsaved)."""

    topic: str
    originator_id: str
    originator_version: int
    state: bytes
    position: int = 0

    @classmethod
    def of(cls, stored: Any, position: int = 0) -> Record:
        """Build a record from a library ``StoredEvent`` or ``Notification``."""
        return cls(
            topic=stored.topic,
            originator_id=canonical_id(stored.originator_id),
            originator_version=int(stored.originator_version),
            state=bytes(stored.state),
            position=position,
        )

    @property
    def is_chain(self) -> bool:
        """Whether this is one of the chain's own events (kept out of the chain)."""
        return self.originator_id == CHAIN_ID.hex

    def digest(self) -> str:
        """The sha256 (hex) of the record's four stored fields."""
        return record_digest(self.topic, self.originator_id, self.originator_version, self.state)


def record_digest(topic: str, originator_id: str, originator_version: int, state: bytes) -> str:
    """The sha256 (hex) of a stored event's four fields (``originator_id`` as 32 hex digits),
    each preceded by its length as 8 big-endian bytes."""
    o, v = originator_id.encode(), str(originator_version).encode()
    parts = (_field(topic), _length(len(o)), o, _length(len(v)), v, _length(len(state)), state)
    return hashlib.sha256(b"".join(parts)).hexdigest()


_length = struct.Struct(">Q").pack


@functools.lru_cache(maxsize=256)
def _field(text: str) -> bytes:
    # A topic with its length: the same few recur in every save.
    data = text.encode()
    return _length(len(data)) + data


#: The length field of an id as 32 hex digits, the length of every stored id.
_ID_LENGTH = _length(32)


@functools.lru_cache(maxsize=4096)
def _version_field(version: int) -> bytes:
    # A version as its decimal digits with their length: series versions are small numbers.
    # (Through ``_field``'s own function: its cache is for the few topics.)
    return _field.__wrapped__(str(version))


def canonical_id(value: Any) -> str:
    """An originator id as 32 hex digits (stores return UUIDs or strings)."""
    if isinstance(value, UUID):
        return value.hex
    try:
        return UUID(str(value)).hex
    except ValueError:
        return str(value)


def short(digest: str) -> str:
    """The prefix of a digest kept per event in a seal."""
    return digest[:SHORT_DIGEST]


def extend(head: str, digest: str) -> str:
    """The chain head after one more record."""
    return hashlib.sha256(bytes.fromhex(head) + bytes.fromhex(digest)).hexdigest()


#: Environment variable holding the key that signs seals (any text; kept out of the store).
SEAL_KEY_ENV = "LEDGER_SEAL_KEY"


def seal_key(text: str | None) -> bytes | None:
    """The signing key of ``LEDGER_SEAL_KEY``'s value (``None`` when unset or empty)."""
    return text.encode() if text else None


def seal_mac(key: bytes, head: str, events: int) -> str:
    """The keyed signature of a seal: HMAC-SHA256 of the algorithm, the head and the count.

    The head covers every event before it, so one valid signature vouches for the whole log
    up to its seal: rewriting a figure and recomputing every seal needs the key too.
    """
    message = f"{ALGORITHM}|{head}|{events}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def extend_all(head: str, digests: Iterable[str]) -> str:
    """The chain head after several records, in order (``extend`` applied to each)."""
    state = bytes.fromhex(head)
    sha256, fromhex = hashlib.sha256, bytes.fromhex
    for digest in digests:
        state = sha256(state + fromhex(digest)).digest()
    return state.hex()


def extend_with_rows(
    head: str, rows: Iterable[tuple[str, int, str, bytes]]
) -> tuple[str, list[str]]:
    """The chain head after stored rows ``(originator_id, version, topic, state)``, and each
    row's short digest: ``extend_all`` of their ``record_digest``, in one pass without the hex
    round trips (the bulk recording path seals every row it writes)."""
    sha256, length, field, number = hashlib.sha256, _length, _field, _version_field
    state = bytes.fromhex(head)
    shorts: list[str] = []
    width = SHORT_DIGEST // 2
    for originator_id, version, topic, data in rows:
        o = originator_id.encode()
        id_length = _ID_LENGTH if len(o) == 32 else length(len(o))
        digest = sha256(
            b"".join((field(topic), id_length, o, number(version), length(len(data)), data))
        ).digest()
        state = sha256(state + digest).digest()
        shorts.append(digest[:width].hex())
    return state.hex(), shorts


class LedgerChain(Aggregate):
    """The seals of one event store: version ``k + 1`` is the ``k``-th seal."""

    TOPIC = "ledger:LedgerChain"
    ChainStarted = ev.ChainStarted
    LedgerSealed = ev.LedgerSealed

    class Created(Aggregate.Created):
        TOPIC = "ledger:LedgerChain.Created"

    class Event(Aggregate.Event):
        TOPIC = "ledger:LedgerChain.Event"

    class Snapshot(LibrarySnapshot):
        # Every ingest reads the chain to extend it: without snapshots that read grows with
        # every seal (10,000 documents = 10,000 seals of ~3 kB each to decode per ingest).
        TOPIC = "ledger:LedgerChain.Snapshot"

    @staticmethod
    def create_id() -> UUID:
        return CHAIN_ID

    @event(ChainStarted)
    def __init__(self, algorithm: str) -> None:
        self.algorithm = algorithm
        self.head = GENESIS
        self.events = 0

    @classmethod
    def start(cls) -> LedgerChain:
        """Start the chain of an empty store."""
        return cls(algorithm=ALGORITHM)

    def seal(self, digests: Sequence[str], key: bytes | None = None) -> None:
        """Seal the records (their full digests, in save order) that the next save adds,
        signing the new head with ``key`` when one is given (see :func:`seal_mac`)."""
        head = extend_all(self.head, digests)
        events = self.events + len(digests)
        self._seal(
            head=head,
            events=events,
            digests=[short(d) for d in digests],
            mac=seal_mac(key, head, events) if key else "",
        )

    @event(LedgerSealed)
    def _seal(self, head: str, events: int, digests: list[str], mac: str) -> None:
        self.head = head
        self.events = events
