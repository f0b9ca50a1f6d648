"""The fast recording path stores exactly what the straightforward path stores.

Both paths record the same documents, in the same order, under the same clock (event timestamps
are the only thing the wall clock puts in a stored event); the stored rows, their notification
ids and the chain's snapshots must be equal byte for byte.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest

from ledger.domain.application import Ledger
from ledger.domain.chain import LedgerChain
from ledger.domain.drafts import CalculationArc, DisclosureDraft, PresentedLine
from ledger.domain.recording import IngestOutcome
from ledger.eventstore import SQLiteSession
from ledger.ingest.load import load_disclosure
from ledger.ingest.manifest import read_manifest
from ledger.store import Location

from .helpers import FIRST_REPORTED, RE_PRESENTED, SAMPLES, run


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Callable[[], None]:
    """Event timestamps from a counter; calling the fixture's value restarts it."""
    return counter_clock(monkeypatch)


def counter_clock(monkeypatch: pytest.MonkeyPatch) -> Callable[[], None]:
    """Make event timestamps come from a counter; returns the function that restarts it."""
    state = {"ticks": 0}

    def now() -> datetime:
        state["ticks"] += 1
        return datetime(2030, 1, 1, tzinfo=UTC) + timedelta(microseconds=state["ticks"])

    monkeypatch.setattr("eventsourcing.domain.datetime_now_with_tzinfo", now)
    return lambda: state.update(ticks=0)


def documents() -> list[DisclosureDraft]:
    """The sample documents in an order that restates, back-fills and repeats.

    A variant of the first OneConnect results, published between it and the re-presentation,
    changes every seventh figure: recorded after both, it moves the restatements (withdrawals
    and new ones). It is printed as a PDF would be, each figure on a page (10 lines a page).
    The first document comes twice.
    """
    samples = [
        load_disclosure(e.path, e.overrides()) for e in read_manifest(SAMPLES / "manifest.toml")
    ]
    first = load_disclosure(FIRST_REPORTED, {})
    re_presented = load_disclosure(RE_PRESENTED, {})
    # The variant also carries what an SEC filing brings: an acceptance time and its
    # presentation and calculation linkbases.
    meta = attrs.evolve(
        first.meta,
        sha256="b" * 64,
        published_on=first.meta.published_on.replace(month=9),
        accepted_at=datetime(2024, 9, 2, 17, 5, 31),
    )
    changed = [
        attrs.evolve(
            f,
            value=f.value + Decimal(7000) if i % 7 == 0 else f.value,
            source=attrs.evolve(f.source, page=1 + f.source.line // 10),
        )
        for i, f in enumerate(first.facts)
    ]
    variant = attrs.evolve(
        first,
        meta=meta,
        facts=changed,
        presentation=[
            PresentedLine("income", "ifrs-full:Revenue", 1, 2),
            PresentedLine("income", "ifrs-full:CostOfSales", 2, 2),
        ],
        calculations=[
            CalculationArc("ifrs-full:GrossProfit", "ifrs-full:CostOfSales", Decimal(-1))
        ],
    )
    others = [d for d in samples if d.meta.id not in {first.meta.id, re_presented.meta.id}]
    return [re_presented, first, variant, *others, first]


def record(
    home: Path,
    drafts: list[DisclosureDraft],
    how: Callable[[Ledger], list[IngestOutcome]],
    snapshots: int = 3,
) -> list[IngestOutcome]:
    app = Location(home=home).open_ledger()
    # Snapshots every third seal by default, so a few are taken by both paths.
    app.snapshotting_intervals = {LedgerChain: snapshots}
    try:
        return how(app)
    finally:
        app.close()


def stored(home: Path) -> dict[str, list[tuple[Any, ...]]]:
    """The event log with its notification ids, and the snapshots."""
    with sqlite3.connect(home / "events.sqlite") as con:
        return {
            "events": con.execute("SELECT rowid, * FROM stored_events ORDER BY rowid").fetchall(),
            "snapshots": con.execute("SELECT * FROM stored_snapshots ORDER BY 1, 2").fetchall(),
        }


def without_attempts(outcomes: list[IngestOutcome]) -> list[IngestOutcome]:
    return [attrs.evolve(o, attempts=1) for o in outcomes]


# A batch takes its snapshots when it commits, after its documents' events: under a counter
# clock their timestamps would shift the events', so batches are compared without snapshots.
@pytest.mark.parametrize(("batch", "snapshots"), [(1, 3), (3, 1000)])
def test_fast_recording__stores_the_rows_of_the_straightforward_path(
    tmp_path: Path, clock: Callable[[], None], batch: int, snapshots: int
) -> None:
    drafts = documents()
    clock()
    reference = record(
        tmp_path / "reference",
        drafts,
        lambda app: [app.ingest_through_aggregates(d) for d in drafts],
        snapshots,
    )
    clock()
    fast = record(
        tmp_path / "fast",
        drafts,
        lambda app: list(app.ingest_disclosures(drafts, batch=batch)),
        snapshots,
    )
    assert without_attempts(fast) == without_attempts(reference)
    assert [o.already_recorded for o in fast][-1]
    expected, actual = stored(tmp_path / "reference"), stored(tmp_path / "fast")
    assert any(row[3] == "ledger:FactRestatementWithdrawn" for row in actual["events"])
    assert any(b'"page":2,' in row[-1] for row in actual["events"])
    assert len(actual["snapshots"]) >= (2 if snapshots == 3 else 0)
    assert actual == expected


def test_fast_recording__continues_a_store_written_by_the_straightforward_path(
    tmp_path: Path, clock: Callable[[], None]
) -> None:
    drafts = documents()
    half = len(drafts) // 2
    clock()
    record(
        tmp_path / "reference",
        drafts,
        lambda app: [app.ingest_through_aggregates(d) for d in drafts],
    )
    clock()

    def mixed(app: Ledger) -> list[IngestOutcome]:
        return [app.ingest_through_aggregates(d) for d in drafts[:half]] + list(
            app.ingest_disclosures(drafts[half:])
        )

    record(tmp_path / "mixed", drafts, mixed)
    assert stored(tmp_path / "mixed") == stored(tmp_path / "reference")


def test_fast_recording__reads_each_batch_in_one_query(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    statements: list[str] = []
    init = SQLiteSession.__init__

    def tracing(self: SQLiteSession, cursor: Any, queries: dict[str, str]) -> None:
        init(self, cursor, queries)
        cursor.sqlite_cursor.connection.set_trace_callback(statements.append)

    monkeypatch.setattr(SQLiteSession, "__init__", tracing)
    drafts = documents()[:3]
    app = Location(home=tmp_path / "home").open_ledger()
    try:
        outcomes = list(app.ingest_disclosures(drafts, batch=3))
    finally:
        app.close()
    reads = [s for s in statements if "SELECT" in s and "INSERT INTO" not in s]
    assert len(reads) == 1
    # The documents' events, a seal each, and the chain's start, all in one transaction.
    with sqlite3.connect(tmp_path / "home" / "events.sqlite") as con:
        (count,) = con.execute("SELECT count(*) FROM stored_events").fetchone()
    assert count == sum(o.events for o in outcomes) + len(drafts) + 1
    assert statements.count("COMMIT") == 1
    assert statements[-1] == "COMMIT"


def test_fast_recording__read_commands_answer_the_same(tmp_path: Path) -> None:
    manifest = str(SAMPLES / "manifest.toml")
    assert run(tmp_path / "one", "ingest", "--manifest", manifest).exit_code == 0
    assert run(tmp_path / "all", "ingest", "--manifest", manifest, "--batch", "4").exit_code == 0
    for args in (
        ("facts", "--format", "csv"),
        ("facts", "--as-at", "2024-06-30", "--format", "csv"),
        ("restatements", "--format", "csv"),
        ("statement", "--issuer", "oneconnect", "--statement", "income", "--format", "csv"),
    ):
        assert run(tmp_path / "all", *args).stdout == run(tmp_path / "one", *args).stdout
    verified = run(tmp_path / "all", "verify")
    assert verified.exit_code == 0 and "event log intact" in verified.stdout


def test_fast_recording__a_series_held_by_the_writer_and_extended_by_another_is_read_again(
    tmp_path: Path,
) -> None:
    # The writer holds the states of the series it planned; a second writer extends them
    # between two of its transactions. Its next plan takes versions already taken: the
    # insert fails, the held states are dropped and the retry reads the store again.
    re_presented, first, variant = documents()[:3]
    app, other = (Location(home=tmp_path / "home").open_ledger() for _ in range(2))
    try:
        outcomes = app.ingest_disclosures([first, re_presented])
        assert not next(outcomes).already_recorded
        assert not other.ingest_disclosure(variant).already_recorded
        last = next(outcomes)
    finally:
        app.close()
        other.close()
    assert last.attempts == 2
    reference = record(
        tmp_path / "reference",
        [first, variant, re_presented],
        lambda app: [app.ingest_through_aggregates(d) for d in (first, variant, re_presented)],
    )
    assert [o.events for o in reference][-1] == last.events
    assert without_timestamps(stored(tmp_path / "home")) == without_timestamps(
        stored(tmp_path / "reference")
    )


def without_timestamps(log: dict[str, list[tuple[Any, ...]]]) -> list[tuple[Any, ...]]:
    """The event log with its timestamps and seals left out (seals digest the timestamps)."""
    stamp = re.compile(rb'"timestamp":\{[^}]*\}')
    return [
        (*row[:4], stamp.sub(b"", row[4]))
        for row in log["events"]
        if row[3] not in ("ledger:LedgerSealed", "ledger:ChainStarted")
    ]
