"""The ledger application: records disclosures atomically in the event store."""

from __future__ import annotations

import logging
import random
import time
from typing import Any

import attrs
from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.persistence import IntegrityError, JSONTranscoder

from ledger.events import register_transcodings

from .aggregates import Disclosure, FactSeries, Issuer
from .chain import CHAIN_ID, LedgerChain, Record
from .drafts import DisclosureDraft, issuer_aggregate_id, series_id
from .errors import ConcurrentWriteError, DuplicateDisclosureError
from .issuers import resolve_issuer

log = logging.getLogger(__name__)

#: Optimistic-concurrency conflicts (another writer saved one of the same aggregates first)
#: are retried this many times before the ingest gives up. Every ingest competes for the next
#: version of the one chain aggregate, so concurrent writers conflict on every overlapping save;
#: with jittered backoff, 30 attempts keep dozens of simultaneous writers succeeding.
MAX_SAVE_ATTEMPTS = 30
#: Seals between two snapshots of the chain aggregate.
SEAL_SNAPSHOT_INTERVAL = 100
#: Upper bound of one backoff sleep, in seconds.
MAX_BACKOFF = 0.5


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


class Ledger(Application[Any]):
    """The restatement ledger: disclosures in, immutable events out.

    Use-case methods validate first, then change aggregates, then save everything a document
    contributes in one atomic ``save``.
    """

    name = "ledger"
    #: A snapshot of the chain every SEAL_SNAPSHOT_INTERVAL seals, so reading the chain head
    #: costs at most that many seals however long the ledger grows. Snapshots live in the
    #: store's own snapshots table, outside the notification log: replays and `ledger verify`
    #: never read them, and a lost or stale one only costs a longer read.
    snapshotting_intervals = {LedgerChain: SEAL_SNAPSHOT_INTERVAL}  # noqa: RUF012 - the library declares it so

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        register_transcodings(transcoder)

    def ingest_disclosure(self, draft: DisclosureDraft) -> IngestOutcome:
        """Record one validated disclosure: all its events in one atomic save, or nothing.

        The same document (same issuer and sha256) recorded again is a no-op reported as such;
        recorded again with a different ``published_on`` it is refused.

        Raises:
            DuplicateDisclosureError: the document is recorded with other metadata.
        """
        for attempt in range(1, MAX_SAVE_ATTEMPTS + 1):
            try:
                return self._ingest_once(draft, attempt)
            except IntegrityError:
                # Another writer saved one of our aggregates (an issuer or a series) between
                # our read and our write. Nothing of ours was written; read again and retry.
                log.warning(
                    "concurrent write while recording %s (attempt %d of %d); retrying",
                    draft.meta.source_file,
                    attempt,
                    MAX_SAVE_ATTEMPTS,
                )
                # Jitter: writers that collided must not wake up together and collide again.
                time.sleep(random.uniform(0, min(MAX_BACKOFF, 0.01 * 2**attempt)))
        msg = (
            f"{draft.meta.source_file}: gave up after {MAX_SAVE_ATTEMPTS} concurrent-write retries"
        )
        raise ConcurrentWriteError(msg)

    def _ingest_once(self, draft: DisclosureDraft, attempt: int) -> IngestOutcome:
        meta = draft.meta
        existing = self._get_or_none(meta.id)
        if existing is not None:
            if existing.published_on != meta.published_on:
                msg = (
                    f"{meta.source_file}: already recorded as published on "
                    f"{existing.published_on.isoformat()}, not {meta.published_on.isoformat()}"
                )
                raise DuplicateDisclosureError(msg)
            return IngestOutcome(
                disclosure_id=str(meta.id),
                issuer=meta.issuer,
                published_on=meta.published_on.isoformat(),
                source_file=meta.source_file,
                already_recorded=True,
                facts=existing.fact_count,
                new_series=0,
                events=0,
                attempts=attempt,
            )

        to_save: list[Any] = []
        if self._get_or_none(issuer_aggregate_id(meta.issuer)) is None:
            to_save.append(Issuer.register(resolve_issuer(meta.issuer)))

        disclosure = Disclosure.register(meta, fact_count=len(draft.facts))
        for restatement in draft.restatements:
            disclosure.declare_restatement(restatement)
        for discontinuation in draft.discontinuations:
            disclosure.report_discontinuation(discontinuation)
        for conflict in draft.conflicts:
            disclosure.record_conflict(conflict)
        if draft.checks:
            disclosure.record_checks(checks=[dict(c) for c in draft.checks])
        to_save.append(disclosure)

        new_series = 0
        for fact in draft.facts:
            key = fact.key(meta.issuer)
            series = self._get_or_none(series_id(key))
            if series is None:
                series = FactSeries.open(key)
                new_series += 1
            series.disclose(fact, meta)
            to_save.append(series)

        # A series can be listed once per fact; the save collects each aggregate once.
        unique = list({id(a): a for a in to_save}.values())
        events = sum(len(a.pending_events) for a in unique)
        self.save(*unique, self._sealed(unique))
        return IngestOutcome(
            disclosure_id=str(meta.id),
            issuer=meta.issuer,
            published_on=meta.published_on.isoformat(),
            source_file=meta.source_file,
            already_recorded=False,
            facts=len(draft.facts),
            new_series=new_series,
            events=events,
            merged_repeats=draft.merged_repeats,
            attempts=attempt,
        )

    def _sealed(self, aggregates: list[Any]) -> LedgerChain:
        # The seal goes last in the same save, so it follows the events it covers in the log.
        # Their digests come from the exact bytes the store is about to keep (the mapper is
        # deterministic: no cipher, fixed timestamps); `ledger verify` re-derives them.
        chain = self._get_or_none(CHAIN_ID) or LedgerChain.start()
        digests = [
            Record.of(self.mapper.to_stored_event(e)).digest()
            for aggregate in aggregates
            for e in aggregate.pending_events
        ]
        chain.seal(digests)
        return chain

    def _get_or_none(self, aggregate_id: Any) -> Any:
        try:
            return self.repository.get(aggregate_id)
        except AggregateNotFoundError:
            return None
