"""Recording a document as stored rows, without loading each aggregate through the repository.

The straightforward path (``Ledger.ingest_through_aggregates``) reads every aggregate a document
touches with one repository query each, replays it, triggers events on it, and lets the mapper
serialise them. That costs a query and an aggregate per series. This module computes the same
stored rows, byte for byte, from the rows the store already holds for those aggregates (read in
one query) and writes the fact series' events straight into the transcoder's JSON:

- the issuer's and the disclosure's few events still come from their aggregates and the mapper
  (one or a handful per document);
- a series' state is the list of its vintages and of its recorded restatements, decoded from its
  stored events; the rules that extend it are the aggregate's (``detection.reconcile``);
- each event state is the dict the mapper would encode (same keys, same order, the same
  transcodings applied to the same values), encoded by the application's own JSON encoder, with a
  timestamp from the event class's own clock, taken in the same order as the aggregates take them;
- the seal covers the rows with the chain's rules, after the latest seal in the store.

A test (tests/test_fast_recording.py) records the same documents both ways under one clock and
compares the stored rows. The store side (one query to load, one bulk insert, one transaction)
lives in ``ledger.eventstore``; this module imports no I/O library.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Protocol
from uuid import UUID

import attrs
from eventsourcing.persistence import (
    DatetimeAsISO,
    DecimalAsStr,
    JSONTranscoder,
    Mapper,
    StoredEvent,
)

from ledger import events as ev

from .aggregates import Disclosure, FactSeries, Issuer
from .chain import (
    ALGORITHM,
    CHAIN_ID,
    GENESIS,
    LedgerChain,
    canonical_id,
    extend_with_rows,
    seal_mac,
)
from .detection import Vintage, extend
from .drafts import DisclosureDraft, DisclosureMeta, issuer_aggregate_id, series_hex
from .errors import DuplicateDisclosureError
from .values import Fact

#: The quoting of strings of the transcoder's encoder (``ensure_ascii=False``).
_quote: Callable[[str], str] = json.encoder.encode_basestring  # type: ignore[attr-defined]

#: How many series' states a writer holds between transactions (about 1 kB each with two
#: values: 200 MB at most).
MAX_HELD_SERIES = 200_000

#: The typed fields of a stored FactDisclosed that make a series' value.
_VINTAGE = ("disclosure_id", "published_on", "value", "accepted_at")

#: The fields of a stored restatement (or its withdrawal) that identify it.
_KEY = ("previous_disclosure_id", "new_disclosure_id")

#: A stored event as the fast path handles it: originator id (32 hex digits), originator
#: version, topic and state bytes.
StoredRow = tuple[str, int, str, bytes]

#: The stored events a transaction knows, by aggregate (32 hex digits), each in version order:
#: what ``EventSession.load`` returned, then the rows planned since in the same transaction.
Known = dict[str, list[StoredRow]]


class EventSession(Protocol):
    """One write transaction of the event store."""

    def load(self, ids: Sequence[str]) -> list[StoredRow]:
        """Every stored event of the aggregates ``ids`` (32 hex digits each), and the chain's
        latest event, each aggregate's in version order (one query)."""

    def insert(self, rows: Sequence[StoredRow]) -> None:
        """Insert ``rows`` after those of the calls before (notification ids follow that
        order). The insert may still be running when the call returns; the transaction's
        commit waits for it and raises the library's ``IntegrityError`` when a version was
        already taken."""


class EventStoreAccess(Protocol):
    """Bulk access to the application's event store."""

    def session(self) -> AbstractContextManager[EventSession]:
        """A transaction, committed when the block ends and rolled back if it raises."""


class _Wrappers(dict[type, Callable[[Any], str]]):
    """Per-type encoders, made on first use."""

    def __init__(self, make: Callable[[type], Callable[[Any], str]]) -> None:
        super().__init__()
        self.make = make

    def __missing__(self, kind: type) -> Callable[[Any], str]:
        wrapper = self[kind] = self.make(kind)
        return wrapper


@attrs.frozen
class IngestOutcome:
    """What recording a disclosure did."""

    disclosure_id: str
    issuer: str
    published_on: str
    source_file: str
    already_recorded: bool
    facts: int
    new_series: int
    events: int
    merged_repeats: int = 0
    attempts: int = 1
    #: Table columns of the document read without a period (no facts from them).
    unread_columns: int = 0

    @classmethod
    def recorded(
        cls, draft: DisclosureDraft, new_series: int, events: int, attempt: int
    ) -> IngestOutcome:
        """The outcome of a document recorded now."""
        return cls.of(
            draft.meta,
            already_recorded=False,
            facts=len(draft.facts),
            new_series=new_series,
            events=events,
            merged_repeats=draft.merged_repeats,
            attempts=attempt,
            unread_columns=len(draft.unread_columns),
        )

    @classmethod
    def of(cls, meta: DisclosureMeta, **counts: Any) -> IngestOutcome:
        """The outcome for the document ``meta`` describes."""
        return cls(
            disclosure_id=str(meta.id),
            issuer=meta.issuer,
            published_on=meta.published_on.isoformat(),
            source_file=meta.source_file,
            **counts,
        )


def already_recorded(
    meta: DisclosureMeta, published_on: date, fact_count: int, attempt: int
) -> IngestOutcome:
    """The outcome of a document found in the store (refused if its date differs).

    Raises:
        DuplicateDisclosureError: the document is recorded as published on another day.
    """
    if published_on != meta.published_on:
        msg = (
            f"{meta.source_file}: already recorded as published on "
            f"{published_on.isoformat()}, not {meta.published_on.isoformat()}"
        )
        raise DuplicateDisclosureError(msg)
    return IngestOutcome.of(
        meta, already_recorded=True, facts=fact_count, new_series=0, events=0, attempts=attempt
    )


@attrs.frozen
class Plan:
    """The rows one document adds, and what to report about it."""

    rows: list[StoredRow]
    outcome: IngestOutcome
    #: The chain version the rows' seal takes (0 when the document was already recorded).
    seal_version: int = 0


def _numbers(values: Sequence[int]) -> str:
    # Most facts are printed once: no generator to join for an empty list.
    return ",".join([str(int(n)) for n in values]) if values else ""


class _Series:
    """What extending a series needs to know: its version, values and restatements."""

    __slots__ = ("restatements", "version", "vintages")

    def __init__(self) -> None:
        self.version = 0
        self.vintages: list[Vintage] = []
        self.restatements: set[tuple[UUID, UUID]] = set()


class RowWriter:
    """Builds a document's stored rows exactly as the application's mapper would.

    Args:
        mapper: the application's mapper; its transcoder must be the JSON transcoder, without
            compressor or cipher (``supports`` says whether it is).
    """

    def __init__(self, mapper: Mapper[UUID], seal_key: bytes | None = None) -> None:
        transcoder = mapper.transcoder
        assert isinstance(transcoder, JSONTranscoder)
        self.mapper = mapper
        #: Signs each seal (``LedgerSealed.mac``), as ``LedgerChain.seal`` does.
        self.seal_key = seal_key
        #: The state of every series planned by this writer in a committed transaction or in
        #: the current one, so a series touched again is neither read nor decoded again. A
        #: cached state can only be stale if another writer extended the series since: then
        #: the version planned after it is taken, the insert fails its primary key, and the
        #: retry starts from a cleared cache (``forget``), as from the library's own reads.
        self._states: dict[str, _Series] = {}
        self._encode = transcoder.encoder.encode
        self._types = transcoder.types
        # Stored ids, dates and amounts recur (one disclosure id per series of a document):
        # their decoded values are immutable, so each is decoded once.
        self._decode = functools.lru_cache(maxsize=65536)(
            lambda name, data: transcoder.names[name].decode(data)
        )
        wrappers = _Wrappers(self._wrapper)
        #: A registered type's value as the transcoder writes it, by the value's exact type.
        self._wrap: Callable[[Any], str] = lambda value: wrappers[type(value)](value)
        #: An event's timestamp from its class's clock, and an amount, as the transcoder
        #: writes them: every event has the one, most have the other. With the library's own
        #: transcodings the encoded text is an ISO date-time or a decimal's ``str``, which
        #: JSON quoting leaves as it is; spelt out without the generic wrapper's calls.
        self._stamp: Callable[[Any], str] = lambda cls: self._wrap(cls.create_timestamp())
        self._amount: Callable[[Decimal], str] = self._wrap
        if type(self._types.get(datetime)) is DatetimeAsISO:
            stamped = f'{{"_type_":{_quote(self._types[datetime].name)},"_data_":"'
            self._stamp = lambda cls: stamped + cls.create_timestamp().isoformat() + '"}'
        if type(self._types.get(Decimal)) is DecimalAsStr:
            amount = f'{{"_type_":{_quote(self._types[Decimal].name)},"_data_":"'
            self._amount = lambda value: amount + str(value) + '"}'

    @staticmethod
    def supports(mapper: Mapper[UUID]) -> bool:
        """Whether stored states are plain transcoder JSON (no compressor, no cipher)."""
        return (
            type(mapper.transcoder) is JSONTranscoder
            and mapper.compressor is None
            and mapper.cipher is None
        )

    def plan(
        self, draft: DisclosureDraft, series: Sequence[str], known: Known, attempt: int
    ) -> Plan:
        """The rows ``draft`` adds to a store holding ``known``, in the order the
        straightforward save writes them; they are added to ``known``, so the next document
        of the transaction is planned after them.

        Args:
            draft: the document.
            series: ``series_ids(draft)``.
            known: at least the stored events of ``ids(draft, series)`` and the chain's latest
                (``index`` of what ``EventSession.load`` returned), and the rows planned since.
            attempt: the how-manieth try this is (reported in the outcome).

        Raises:
            DuplicateDisclosureError: the document is recorded as published on another day.
        """
        meta = draft.meta
        by_id = known
        existing = by_id.get(meta.id.hex)
        if existing:
            registered = self._event(existing[0])
            return Plan(
                [], already_recorded(meta, registered.published_on, registered.fact_count, attempt)
            )

        rows: list[StoredRow] = []
        if issuer_aggregate_id(meta.issuer).hex not in by_id:
            rows += self._from_aggregate(Issuer.register(draft.new_issuer()))
        rows += self._from_aggregate(Disclosure.record(draft))

        # Each series' events stay together, in the order of the series' first fact, as the
        # save collects them aggregate by aggregate.
        did = meta.id
        # What every FactDisclosed of the document states alike, encoded once.
        stated = f'"disclosure_id":{self._wrap(did)},"published_on":{self._wrap(meta.published_on)}'
        pending: dict[str, list[StoredRow]] = {}
        states = self._states
        new_series = 0
        for fact, sid in zip(draft.facts, series, strict=True):
            series_rows = pending.get(sid)
            if series_rows is None:
                series_rows = pending[sid] = []
            state = states.get(sid)
            if state is None:
                state = states[sid] = self._series(by_id.get(sid, ()))
            if state.version == 0:
                series_rows.append(self._opened(sid, state, fact, meta.issuer))
                new_series += 1
            self._disclose(series_rows, sid, state, fact, meta, did, stated)
        for series_rows in pending.values():
            rows += series_rows

        seal, seal_version = self._seal(rows, by_id.get(CHAIN_ID.hex, ()))
        events = len(rows)
        outcome = IngestOutcome.recorded(draft, new_series, events, attempt)
        rows += seal
        # The series' states are held above; the document, its issuer and the chain are read
        # back from ``known`` by the next document of the transaction.
        for row in rows:
            if row[0] not in pending:
                by_id.setdefault(row[0], []).append(row)
        return Plan(rows, outcome, seal_version)

    @staticmethod
    def index(stored: Iterable[StoredRow]) -> Known:
        """What ``EventSession.load`` returned, by aggregate (the order kept)."""
        known: Known = {}
        for row in stored:
            known.setdefault(row[0], []).append(row)
        return known

    @staticmethod
    def series_ids(draft: DisclosureDraft) -> list[str]:
        """The series of each fact of ``draft`` (ids as 32 hex digits), in order."""
        issuer = draft.meta.issuer
        return [series_hex(f.key(issuer)) for f in draft.facts]

    def ids(self, draft: DisclosureDraft, series: Sequence[str]) -> list[str]:
        """The aggregates whose stored events ``plan`` needs (the chain's tip comes with): the
        document, its issuer, and its series whose state this writer does not hold."""
        meta = draft.meta
        held = self._states
        unknown = (s for s in dict.fromkeys(series) if s not in held)
        return [meta.id.hex, issuer_aggregate_id(meta.issuer).hex, *unknown]

    def committed(self) -> None:
        """The transaction of the plans made since the last call committed: their series'
        states are the store's. Bounded: past ``MAX_HELD_SERIES`` the writer starts again
        from the store (a load in publication order touches the same recent series again)."""
        if len(self._states) > MAX_HELD_SERIES:
            self._states.clear()

    def forget(self) -> None:
        """The transaction did not commit: the states planned in it are not the store's."""
        self._states.clear()

    # -- the fact series ------------------------------------------------------------------

    def _series(self, stored: Sequence[StoredRow]) -> _Series:
        state = _Series()
        for row in stored:
            state.version = row[1]
            topic = row[2]
            if topic == ev.FactDisclosed.TOPIC:
                # The fields read are in every version of the event but the acceptance time
                # (version 3), which the upcaster would set to None: no upcasting needed.
                f = self._fields(row, _VINTAGE, upcast=False)
                vintage = Vintage(
                    f["disclosure_id"],
                    f["published_on"],
                    f["value"],
                    f["decimals"],
                    f.get("accepted_at"),
                )
                state.vintages.append(vintage)
            elif topic == ev.FactRestated.TOPIC:
                f = self._fields(row, _KEY)
                state.restatements.add((f["previous_disclosure_id"], f["new_disclosure_id"]))
            elif topic == ev.FactRestatementWithdrawn.TOPIC:
                f = self._fields(row, _KEY)
                state.restatements.discard((f["previous_disclosure_id"], f["new_disclosure_id"]))
        return state

    def _opened(self, sid: str, state: _Series, fact: Fact, issuer: str) -> StoredRow:
        w, q = self._wrap, _quote
        start = fact.period.start
        dimensions = ",".join(f"{q(k)}:{q(v)}" for k, v in fact.dimensions.items)
        state.version = 1
        return self._row(
            sid,
            1,
            ev.FactSeriesOpened,
            f'"timestamp":{self._stamp(ev.FactSeriesOpened)},'
            f'"originator_topic":{q(FactSeries.TOPIC)},'
            f'"issuer":{q(issuer)},'
            f'"concept":{q(fact.concept)},'
            f'"period_start":{"null" if start is None else w(start)},'
            f'"period_end":{w(fact.period.end)},'
            f'"dimensions":{{{dimensions}}},'
            f'"unit":{q(fact.unit)}',
        )

    def _disclose(
        self,
        out: list[StoredRow],
        sid: str,
        state: _Series,
        fact: Fact,
        meta: DisclosureMeta,
        did: UUID,
        stated: str,
    ) -> None:
        # FactSeries.disclose: once per disclosure, then the restatements brought in line.
        for vintage in state.vintages:
            if vintage.disclosure_id == did:
                return
        w, q = self._wrap, _quote
        source = fact.source
        accepted = meta.accepted_at
        state.version += 1
        out.append(
            self._row(
                sid,
                state.version,
                ev.FactDisclosed,
                f'"timestamp":{self._stamp(ev.FactDisclosed)},'
                f"{stated},"
                f'"value":{self._amount(fact.value)},'
                f'"decimals":{int(fact.decimals)},'
                f'"scale":{int(fact.scale)},'
                f'"document":{q(source.document)},'
                f'"line":{int(source.line)},'
                f'"page":{"null" if source.page is None else int(source.page)},'
                f'"label":{q(source.label)},'
                f'"raw":{q(source.raw)},'
                f'"statement":{q(fact.statement)},'
                f'"also_on_lines":[{_numbers(fact.also_on_lines)}],'
                f'"accepted_at":{"null" if accepted is None else w(accepted)}',
            )
        )
        state.vintages.append(Vintage(did, meta.published_on, fact.value, fact.decimals, accepted))
        if len(state.vintages) == 1 and not state.restatements:  # a first value restates nothing
            return
        withdrawn, added = extend(state.restatements, state.vintages)
        for previous, new in withdrawn:
            state.version += 1
            state.restatements.discard((previous, new))
            out.append(
                self._row(
                    sid,
                    state.version,
                    ev.FactRestatementWithdrawn,
                    f'"timestamp":{self._stamp(ev.FactRestatementWithdrawn)},'
                    f'"previous_disclosure_id":{w(previous)},'
                    f'"new_disclosure_id":{w(new)}',
                )
            )
        for change in added:
            state.version += 1
            state.restatements.add(change.key)
            before, after = change.previous, change.new
            out.append(
                self._row(
                    sid,
                    state.version,
                    ev.FactRestated,
                    f'"timestamp":{self._stamp(ev.FactRestated)},'
                    f'"previous_disclosure_id":{w(before.disclosure_id)},'
                    f'"previous_published_on":{w(before.published_on)},'
                    f'"previous_value":{self._amount(before.value)},'
                    f'"new_disclosure_id":{w(after.disclosure_id)},'
                    f'"new_published_on":{w(after.published_on)},'
                    f'"new_value":{self._amount(after.value)},'
                    f'"delta":{self._amount(change.delta)}',
                )
            )

    # -- the seal ---------------------------------------------------------------------------

    def _seal(
        self, rows: Sequence[StoredRow], chain: Sequence[StoredRow]
    ) -> tuple[list[StoredRow], int]:
        q = _quote
        out: list[StoredRow] = []
        head, count, version = GENESIS, 0, 0
        if chain:
            tip = chain[-1]
            version = tip[1]
            if tip[2] == ev.LedgerSealed.TOPIC:
                f = self._fields(tip)
                head, count = f["head"], f["events"]
        else:
            version = 1
            out.append(
                self._row(
                    CHAIN_ID.hex,
                    1,
                    ev.ChainStarted,
                    f'"timestamp":{self._stamp(ev.ChainStarted)},'
                    f'"originator_topic":{q(LedgerChain.TOPIC)},'
                    f'"algorithm":{q(ALGORITHM)}',
                )
            )
        head, digests = extend_with_rows(head, rows)
        listed = ",".join(['"' + d + '"' for d in digests])  # hex digits need no escaping
        version += 1
        count += len(digests)
        mac = seal_mac(self.seal_key, head, count) if self.seal_key else ""
        out.append(
            self._row(
                CHAIN_ID.hex,
                version,
                ev.LedgerSealed,
                f'"timestamp":{self._stamp(ev.LedgerSealed)},'
                f'"head":{q(head)},'
                f'"events":{count},'
                f'"digests":[{listed}],'
                f'"mac":{q(mac)}',
            )
        )
        return out, version

    # -- encoding and decoding ----------------------------------------------------------------

    # The JSON the transcoder writes, spelt out: the encoder's own string quoting, ``repr`` of
    # integers, no spaces, keys in the order of the event's fields, and a registered type's
    # value as {"_type_": name, "_data_": encoded}. tests/test_fast_recording.py holds it to the
    # mapper's bytes.

    def _wrapper(self, kind: type) -> Callable[[Any], str]:
        transcoding = self._types[kind]
        prefix = f'{{"_type_":{_quote(transcoding.name)},"_data_":'
        encode, json_of = transcoding.encode, self._encode

        def wrap(value: Any) -> str:
            data = encode(value)
            return prefix + (_quote(data) if type(data) is str else json_of(data)) + "}"

        if kind is date:  # a document names few dates, over and over
            return functools.lru_cache(maxsize=1024)(wrap)
        return wrap

    @staticmethod
    def _row(oid: str, version: int, cls: Any, fields: str) -> StoredRow:
        if getattr(cls, "class_version", 1) > 1:  # as Mapper.to_stored_event adds it
            fields += f',"class_version":{cls.class_version}'
        return (oid, version, cls.TOPIC, f"{{{fields}}}".encode())

    def _from_aggregate(self, aggregate: Any) -> list[StoredRow]:
        rows = []
        for e in aggregate.collect_events():
            s = self.mapper.to_stored_event(e)
            rows.append((canonical_id(s.originator_id), s.originator_version, s.topic, s.state))
        return rows

    def _event(self, row: StoredRow) -> Any:
        stored = StoredEvent(
            originator_id=UUID(row[0]), originator_version=row[1], topic=row[2], state=row[3]
        )
        return self.mapper.to_domain_event(stored)

    def _fields(
        self, row: StoredRow, typed: Sequence[str] = (), *, upcast: bool = True
    ) -> dict[str, Any]:
        # The stored state decoded without building the event, unless it needs upcasting (not
        # when the fields read are the same in every version); only the ``typed`` fields'
        # registered types are decoded (the others are not read).
        state = json.loads(row[3])
        if upcast and "class_version" in state:
            return vars(self._event(row))
        for name in typed:
            value = state.get(name)
            if value is not None:  # null, or a field of a later version than the row's
                state[name] = self._decode(value["_type_"], value["_data_"])
        return state
