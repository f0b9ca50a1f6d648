"""Concurrency: four processes ingest four documents of one issuer into one store at once.

On SQLite (one home) and on PostgreSQL (one schema): every process succeeds (conflicts on the
chain or on shared series are retried, bounded and logged), no event is lost or duplicated, the
hash chain verifies, and the projection equals the serial result. The DuckDB projection has one
writer at a time: concurrent replays wait for each other, never corrupt the file.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import pytest

from ledger.store import Location

from ..helpers import SAMPLES
from .harness import (
    disclosures_whole,
    projection_snapshot,
    run_command,
    run_inline,
    verify_passes,
)
from .stores import LEDGER, Backend, SqliteBackend

#: Four documents of one issuer (OneConnect): they share series, so writers collide on them too.
DOCUMENTS = [
    SAMPLES / "oneconnect-fy2023-results-2024-03-18.json",
    SAMPLES / "oneconnect-fy2024-annual-results-2025-03-18.json",
    SAMPLES / "oneconnect-fy2024-annual-report-extract-2025-04-24.json",
    SAMPLES / "oneconnect-2024-esg-report-2025-03-18.json",
]
RETRY = re.compile(
    r"^ledger: concurrent write while recording \S+ \(attempt \d+ of \d+\); retrying$"
)


@pytest.fixture(scope="module")
def serial(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The projection after ingesting the four documents one after another, on SQLite."""
    store = SqliteBackend(tmp_path_factory.mktemp("serial") / "home")
    run_inline(store, ["ingest", *map(str, DOCUMENTS)])
    return projection_snapshot(store.home / "projections.duckdb")


def start(backend: Backend, args: list[str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [*LEDGER, *args],
        env=backend.env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_concurrency__four_writers_lose_and_duplicate_nothing(
    backend: Backend, serial: dict[str, Any]
) -> None:
    procs = [start(backend, ["ingest", str(doc)]) for doc in DOCUMENTS]
    outputs = [p.communicate(timeout=300) for p in procs]
    for proc, (out, err) in zip(procs, outputs, strict=True):
        assert proc.returncode == 0, out + err
        # Retries are logged, one line each; nothing else reaches stderr.
        assert all(RETRY.match(line) for line in err.splitlines()), err
    # Each writer reports the events it saved; with the chain's own (one start, one seal per
    # document) they must be exactly the stored events: none lost, none written twice.
    reported = sum(
        int(m.group(1)) for out, _ in outputs for m in re.finditer(r"facts, (\d+) events", out)
    )
    assert len(backend.rows()) == reported + 1 + len(DOCUMENTS)
    assert len(disclosures_whole(backend)) == len(DOCUMENTS)
    verify_passes(backend)
    # The last writer's replay may have run before another's save: bring it up to date.
    run_inline(backend, ["replay"])
    assert projection_snapshot(backend.home / "projections.duckdb") == serial


def test_concurrency__concurrent_replays_wait_for_each_other(
    backend: Backend, serial: dict[str, Any]
) -> None:
    run_inline(backend, ["ingest", "--no-replay", *map(str, DOCUMENTS)])
    commands = [["replay", "--rebuild"], ["replay"], ["replay", "--rebuild"], ["replay"]]
    procs = [start(backend, args) for args in commands]
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, out + err
    verify_passes(backend)
    assert projection_snapshot(backend.home / "projections.duckdb") == serial


def test_concurrency__replay_gives_up_with_a_clear_message(tmp_path: Path) -> None:
    store = SqliteBackend(tmp_path / "home")
    run_inline(store, ["ingest", "--no-replay", str(DOCUMENTS[0])])
    with Location.from_options(str(store.home), None).projection_writer():
        env = {**store.env(), "LEDGER_LOCK_TIMEOUT": "1"}
        result = subprocess.run(
            [*LEDGER, "replay"], env=env, capture_output=True, text=True, timeout=60
        )
    assert result.returncode == 1
    assert result.stderr == (
        f"Error: {store.home / 'projections.duckdb'}: another ledger process has been updating "
        "the projection for 1s; try again when it has finished\n"
    )
    assert not (store.home / "projections.duckdb").exists()
    assert run_command(store, ["replay"]).returncode == 0
