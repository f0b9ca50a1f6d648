"""The per-event projection bench/replay.py compares the replay with fills the same base rows.

Its rate is only a fair comparison while it writes what the replay writes, and it is run by
hand: a schema change that breaks it would go unnoticed until the next benchmark.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import pytest
from eventsourcing.persistence import Tracking

from ledger.projections.replay import replay
from ledger.projections.sql import load_sql
from ledger.store import Location

from .helpers import dated_disclosure, fact, run, write_json

BENCH = Path(__file__).resolve().parent.parent / "bench"

#: The tables the per-event projection fills (it computes no derived table).
BASE_TABLES = ("issuers", "disclosures", "series", "fact_values")


def rows(path: Path, table: str) -> list[tuple[Any, ...]]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(f"SELECT * FROM {table} ORDER BY ALL").fetchall()
    finally:
        con.close()


def test_per_event_projection__writes_the_replays_base_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.syspath_prepend(str(BENCH))
    from straightforward import DuckDBView, StraightforwardProjection

    home = tmp_path / "home"
    docs = [
        dated_disclosure(1, "2024-03-18", [fact("ifrs-full:Revenue", "FY2023", "3667508", 18)]),
        dated_disclosure(
            2,
            "2025-03-18",
            [
                fact("ifrs-full:Revenue", "FY2023", "3521591", 18),
                fact("ifrs-full:Revenue", "FY2024", "2658500", 19, dimensions={"segment": "AI"}),
                fact("ifrs-full:Assets", "2024-12-31", "-0.25", 30),
            ],
        ),
    ]
    for i, doc in enumerate(docs):
        assert run(home, "ingest", str(write_json(tmp_path / f"{i}.json", doc))).exit_code == 0
    path = tmp_path / "per-event.duckdb"
    con = duckdb.connect(str(path))
    con.execute(load_sql("schema.sql"))
    app = Location(home=home).open_ledger(create=False)
    try:
        projection = StraightforwardProjection(view=DuckDBView(con))
        for n in app.recorder.select_notifications(start=1, limit=1_000):
            projection.process_event(app.mapper.to_domain_event(n), Tracking(app.name, n.id))
        con.close()
        replayed = tmp_path / "replayed.duckdb"
        replay(app, replayed, rebuild=True)
    finally:
        app.close()
    assert len(rows(replayed, "fact_values")) == 4
    for table in BASE_TABLES:
        assert rows(path, table) == rows(replayed, table), table
