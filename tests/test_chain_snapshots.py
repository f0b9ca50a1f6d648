"""The chain aggregate is read from a snapshot, so an ingest's cost does not grow with the log.

Every ingest reads the chain to extend it. Without snapshots that read decodes every seal ever
written; with them it decodes at most SEAL_SNAPSHOT_INTERVAL seals after the latest snapshot.
Snapshots are kept outside the notification log, so `ledger verify` and replays never see them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from eventsourcing.application import project_aggregate

from ledger.domain.application import SEAL_SNAPSHOT_INTERVAL, Ledger
from ledger.domain.chain import CHAIN_ID, LedgerChain
from ledger.store import Location

from .helpers import dated_disclosure, fact, run, write_json


def ingest_documents(home: Path, tmp: Path, count: int) -> None:
    for i in range(count):
        doc = dated_disclosure(
            i + 1, f"{2010 + i}-03-20", [fact("ifrs-full:Revenue", f"FY{2009 + i}", "100", 10)]
        )
        result = run(home, "ingest", str(write_json(tmp / f"doc-{i}.json", doc)), "--no-replay")
        assert result.exit_code == 0, result.output


def test_chain__is_snapshotted_every_interval_of_seals() -> None:
    assert Ledger.snapshotting_intervals == {LedgerChain: SEAL_SNAPSHOT_INTERVAL}


def test_chain__read_from_a_snapshot_equals_the_chain_of_all_its_events(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(Ledger.snapshotting_intervals, LedgerChain, 2)
    home = tmp_path / "home"
    ingest_documents(home, tmp_path, 5)
    app = Location(home=home).open_ledger(create=False)
    try:
        assert app.snapshots is not None
        # ChainStarted is version 1; seals are versions 2..6; snapshots at the even ones.
        assert [s.originator_version for s in app.snapshots.get(CHAIN_ID)] == [2, 4, 6]
        from_snapshot = app.repository.get(CHAIN_ID)
        from_events = project_aggregate(None, app.events.get(CHAIN_ID))
        assert from_events is not None
        assert (from_snapshot.version, from_snapshot.head, from_snapshot.events) == (
            from_events.version,
            from_events.head,
            from_events.events,
        )
    finally:
        app.close()
    result = run(home, "verify")
    assert result.exit_code == 0, result.output


def test_chain__seals_after_a_snapshot_continue_the_same_chain(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Seals written after a snapshot extend the head the snapshot holds: verify re-derives
    # the whole chain from the log and finds every seal consistent.
    monkeypatch.setitem(Ledger.snapshotting_intervals, LedgerChain, 3)
    home = tmp_path / "home"
    ingest_documents(home, tmp_path, 7)
    result = run(home, "verify")
    assert result.exit_code == 0, result.output
    assert "under 7 seals" in result.output
