"""The ledger application: records disclosures atomically in the event store."""

from __future__ import annotations

import itertools
import logging
import random
import time
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.persistence import IntegrityError, JSONTranscoder

from ledger.events import IssuerAliasAdded, IssuerRegistered, register_transcodings

from .aggregates import Disclosure, FactSeries, Issuer
from .chain import CHAIN_ID, SEAL_KEY_ENV, LedgerChain, Record, seal_key
from .drafts import DisclosureDraft, issuer_aggregate_id, series_id
from .errors import ConcurrentWriteError, DuplicateDisclosureError
from .issuers import IssuerDirectory, IssuerInfo
from .recording import EventStoreAccess, IngestOutcome, Plan, RowWriter, already_recorded

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
#: Issuer registrations read per query of the event store.
ISSUER_PAGE = 1000


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

    #: Bulk access to the event store for the fast recording path; set by whoever opens the
    #: store (``ledger.store``). Without it every document takes the aggregates' path.
    bulk: EventStoreAccess | None = None
    #: The fast path's writer, made on first use (``ingest_disclosures``).
    _writer: RowWriter | None = None

    def issuers(self) -> IssuerDirectory:
        """Every issuer the store has registered, from its ``IssuerRegistered`` events and the
        aliases ``IssuerAliasAdded`` events gave it later.

        Stores written before issuers were data hold the same events (version 1, upcast on
        read), so their issuers are known the same way.
        """
        found: dict[str, IssuerInfo] = {}
        start = 1
        topics = [IssuerRegistered.TOPIC, IssuerAliasAdded.TOPIC]
        while True:
            page = self.recorder.select_notifications(start=start, limit=ISSUER_PAGE, topics=topics)
            for notification in page:
                recorded: Any = self.mapper.to_domain_event(notification)
                if isinstance(recorded, IssuerAliasAdded):
                    known = found[recorded.issuer_id]
                    aliases = (*known.aliases, *recorded.aliases)
                    found[known.id] = IssuerInfo(
                        id=known.id,
                        name=known.name,
                        aliases=aliases,
                        fiscal_year_end=known.fiscal_year_end,
                    )
                    continue
                found[recorded.issuer_id] = IssuerInfo(
                    id=recorded.issuer_id,
                    name=recorded.name,
                    aliases=tuple(recorded.aliases),
                    fiscal_year_end=recorded.fiscal_year_end,
                )
            if len(page) < ISSUER_PAGE:
                return IssuerDirectory(found.values())
            start = page[-1].id + 1

    def register_issuer(self, info: IssuerInfo) -> bool:
        """Record an issuer, or the new aliases of a registered one (IssuerAliasAdded); False
        (nothing written) when it is registered exactly so already.

        Raises:
            IssuerConflictError: the id is registered with another name or fiscal year end,
                or one of the aliases names another issuer.
        """
        for attempt in range(1, MAX_SAVE_ATTEMPTS + 1):
            directory = self.issuers()
            current = directory.find(info.id)
            if current is not None and current.id == info.id:
                # Same name and year end (else merged refuses); no new alias: nothing to record.
                if current.merged(info) == current:
                    return False
                directory.with_issuer(info)  # refuses an alias of another issuer
                registered: Issuer = self.repository.get(Issuer.create_id(info.id))
                registered.add_aliases(list(info.aliases))
                try:
                    self.save(registered, self._sealed([registered]))
                except IntegrityError:
                    self._back_off(info.id, attempt)
                    continue
                return True
            directory.with_issuer(info)  # refuses an alias of another issuer
            issuer = Issuer.register(info)
            try:
                self.save(issuer, self._sealed([issuer]))
            except IntegrityError:
                self._back_off(info.id, attempt)
                continue
            return True
        raise self._gave_up(f"issuer {info.id}")

    def ingest_disclosure(self, draft: DisclosureDraft) -> IngestOutcome:
        """Record one validated disclosure: all its events in one atomic save, or nothing.

        The same document (same issuer and sha256) recorded again is a no-op reported as such;
        recorded again with a different ``published_on`` it is refused.

        Raises:
            DuplicateDisclosureError: the document is recorded with other metadata.
        """
        (outcome,) = self.ingest_disclosures([draft])
        return outcome

    def ingest_disclosures(
        self, drafts: Iterable[DisclosureDraft], batch: int = 1
    ) -> Iterator[IngestOutcome]:
        """Record validated disclosures in order, ``batch`` documents per transaction.

        Each document is whole or absent in the store. With ``batch`` above 1, a transaction
        holds several documents: an interruption loses the uncommitted batch as a whole, and
        recording the same documents again completes it (documents already recorded are
        reported as such). Outcomes are yielded as their transaction commits. A document
        refused (recorded before with another date) ends the run after the documents before it
        are committed.

        Raises:
            DuplicateDisclosureError: a document is recorded with other metadata.
            ConcurrentWriteError: other writers kept winning for ``MAX_SAVE_ATTEMPTS`` tries.
        """
        if batch < 1:
            msg = f"a batch holds at least one document, not {batch}"
            raise ValueError(msg)
        if self.bulk is None or not RowWriter.supports(self.mapper):
            for draft in drafts:
                yield self.ingest_through_aggregates(draft)
            return
        key = seal_key(self.env.get(SEAL_KEY_ENV))
        # One writer for the application's life: it holds the states of the series it wrote,
        # so the next documents of a long load read only the series they open.
        writer = self._writer
        if writer is None or writer.seal_key != key:
            writer = self._writer = RowWriter(self.mapper, key)
        pending: list[DisclosureDraft] = []
        for draft in drafts:
            pending.append(draft)
            if len(pending) == batch:
                yield from self._record_batch(writer, pending)
                pending = []
        if pending:
            yield from self._record_batch(writer, pending)

    def _record_batch(
        self, writer: RowWriter, drafts: Sequence[DisclosureDraft]
    ) -> Iterator[IngestOutcome]:
        assert self.bulk is not None
        series = [writer.series_ids(draft) for draft in drafts]
        for attempt in range(1, MAX_SAVE_ATTEMPTS + 1):
            plans: list[Plan] = []
            refused: DuplicateDisclosureError | None = None
            try:
                with self.bulk.session() as session:
                    # What the whole batch needs, in one query; each document is then planned
                    # after the rows of those before it in the batch.
                    wanted = (writer.ids(d, keys) for d, keys in zip(drafts, series, strict=True))
                    known = writer.index(
                        session.load(list(dict.fromkeys(itertools.chain(*wanted))))
                    )
                    for draft, keys in zip(drafts, series, strict=True):
                        try:
                            plan = writer.plan(draft, keys, known, attempt)
                        except DuplicateDisclosureError as exc:
                            refused = exc
                            break
                        session.insert(plan.rows)
                        plans.append(plan)
            except IntegrityError:
                # Another writer took a version we planned (the chain's next seal, an issuer,
                # a series); nothing of the batch was written. Read again and retry.
                writer.forget()
                self._back_off(drafts[0].meta.source_file, attempt)
                continue
            except BaseException:
                writer.forget()
                raise
            writer.committed()
            # As the library's save does after recording: a snapshot every interval seals.
            interval = self.snapshotting_intervals.get(LedgerChain)
            for plan in plans:
                if interval and plan.seal_version and plan.seal_version % interval == 0:
                    self.take_snapshot(CHAIN_ID, version=plan.seal_version)
            yield from (plan.outcome for plan in plans)
            if refused is not None:
                raise refused
            return
        raise self._gave_up(drafts[0].meta.source_file)

    def ingest_through_aggregates(self, draft: DisclosureDraft) -> IngestOutcome:
        """Record one disclosure the straightforward way: each aggregate read through the
        repository, changed by its commands, and saved with the library's ``save``.

        The reference the fast path is tested against; also used by stores without bulk access.

        Raises:
            DuplicateDisclosureError: the document is recorded with other metadata.
        """
        for attempt in range(1, MAX_SAVE_ATTEMPTS + 1):
            try:
                return self._ingest_once(draft, attempt)
            except IntegrityError:
                # Another writer saved one of our aggregates (an issuer or a series) between
                # our read and our write. Nothing of ours was written; read again and retry.
                self._back_off(draft.meta.source_file, attempt)
        raise self._gave_up(draft.meta.source_file)

    @staticmethod
    def _back_off(source_file: str, attempt: int) -> None:
        log.warning(
            "concurrent write while recording %s (attempt %d of %d); retrying",
            source_file,
            attempt,
            MAX_SAVE_ATTEMPTS,
        )
        # Jitter: writers that collided must not wake up together and collide again.
        time.sleep(random.uniform(0, min(MAX_BACKOFF, 0.01 * 2**attempt)))

    @staticmethod
    def _gave_up(source_file: str) -> ConcurrentWriteError:
        msg = f"{source_file}: gave up after {MAX_SAVE_ATTEMPTS} concurrent-write retries"
        return ConcurrentWriteError(msg)

    def _ingest_once(self, draft: DisclosureDraft, attempt: int) -> IngestOutcome:
        meta = draft.meta
        existing = self._get_or_none(meta.id)
        if existing is not None:
            return already_recorded(meta, existing.published_on, existing.fact_count, attempt)

        to_save: list[Any] = []
        if self._get_or_none(issuer_aggregate_id(meta.issuer)) is None:
            # Registered on first use, from what the document, manifest or command line says.
            to_save.append(Issuer.register(draft.new_issuer()))

        to_save.append(Disclosure.record(draft))

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
        return IngestOutcome.recorded(draft, new_series, events, attempt)

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
        chain.seal(digests, seal_key(self.env.get(SEAL_KEY_ENV)))
        return chain

    def _get_or_none(self, aggregate_id: Any) -> Any:
        try:
            return self.repository.get(aggregate_id)
        except AggregateNotFoundError:
            return None
