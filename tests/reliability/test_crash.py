"""Crash safety: `ledger ingest` and `ledger replay` killed with SIGKILL at random points.

After every kill: each disclosure is wholly present or absent, and `ledger verify` passes (the
hash chain is intact and the projection derives from the log). After the kills, re-running the
command completes the work and the projection equals that of an uninterrupted run on SQLite.

CI runs 50 kills on SQLite and 20 on PostgreSQL; `bench/crash` runs as many as you like.
LEDGER_CRASH_SEED fixes the random delays to replay a failure.
"""

from __future__ import annotations

import os
import random
import shutil
from pathlib import Path
from typing import Any

import pytest

from ..helpers import FIRST_REPORTED, RE_PRESENTED
from .harness import (
    CrashStats,
    crash_episode,
    disclosures_whole,
    kill_in_commit_window,
    measure,
    projection_snapshot,
    readable,
    run_inline,
)
from .stores import Backend, SqliteBackend

#: The crash inputs: the two OneConnect results (the restatement story, ~1,200 events), small
#: enough that one run takes about a second and 50 kills fit in CI's budget.
DOCUMENTS = (FIRST_REPORTED, RE_PRESENTED)
MANIFEST_ENTRY = """
[[disclosure]]
file = "{name}"
"""


Plan = list[tuple[list[list[str]], list[str], int]]
Reference = tuple[dict[str, Any], dict[str, int], dict[str, float], Plan]


def scenarios(folder: Path) -> Plan:
    """(setup commands, command killed, kills per episode), all ending with both documents:
    ingest from empty, an incremental replay of the second document, a full rebuild."""
    folder.mkdir(parents=True, exist_ok=True)
    for doc in DOCUMENTS:
        shutil.copy(doc, folder / doc.name)
    manifest = folder / "manifest.toml"
    manifest.write_text("".join(MANIFEST_ENTRY.format(name=d.name) for d in DOCUMENTS))
    ingest = ["ingest", "--manifest", str(manifest)]
    first = ["ingest", str(folder / DOCUMENTS[0].name)]
    return [
        ([], ingest, 6),
        ([first, [*ingest, "--no-replay"]], ["replay"], 4),
        ([ingest], ["replay", "--rebuild"], 4),
    ]


KILLS = {"sqlite": 50, "postgresql": 20}


@pytest.fixture(scope="module")
def reference(
    tmp_path_factory: pytest.TempPathFactory,
) -> Reference:
    """An uninterrupted ingest on SQLite: its projection, its disclosures, and how long each
    scenario's command takes uninterrupted (the kills are aimed inside that window)."""
    plan = scenarios(tmp_path_factory.mktemp("inputs"))
    durations = {}
    for i, (setup, command, _) in enumerate(plan):
        store = SqliteBackend(tmp_path_factory.mktemp(f"reference-{i}") / "home")
        for args in setup:
            run_inline(store, args)
        durations[" ".join(command)] = measure(store, command)
    snapshot = projection_snapshot(store.home / "projections.duckdb")
    return snapshot, disclosures_whole(store), durations, plan


def test_crash__sigkill_at_random_points_loses_and_duplicates_nothing(
    backend: Backend, reference: Reference, tmp_path: Path
) -> None:
    snapshot, disclosures, measured, plan = reference
    durations = dict(measured)
    seed = int(os.environ.get("LEDGER_CRASH_SEED", random.randrange(2**32)))
    rng = random.Random(seed)
    stats = CrashStats()
    target = KILLS[backend.name]
    episode = 0
    while stats.kills < target:
        setup, command, kills = plan[episode % len(plan)]
        episode += 1
        store = _fresh(backend, tmp_path / f"episode-{episode}")
        try:
            crash_episode(
                store, setup, command, kills, durations, snapshot, disclosures, rng, stats
            )
        except AssertionError as exc:
            raise AssertionError(f"{exc} (LEDGER_CRASH_SEED={seed}, episode {episode})") from exc
        finally:
            _drop(store)
    assert stats.kills >= target
    print(
        f"{backend.name}: {stats.kills} kills ({stats.finished_before_kill} runs finished first) "
        f"in {stats.episodes} episodes: {dict(stats.by_command)}"
    )


def _fresh(backend: Backend, home: Path) -> Backend:
    # A new home (and, on PostgreSQL, a new schema) per episode.
    if backend.name == "sqlite":
        return SqliteBackend(home)
    from .conftest import new_schema
    from .stores import PostgresBackend

    return PostgresBackend(home, new_schema())


def _drop(store: Backend) -> None:
    if store.name == "postgresql":
        from .conftest import drop_schema

        drop_schema(store.schema)  # type: ignore[attr-defined]


#: Kills aimed at an incremental replay's commit window, each followed by `replay --rebuild`.
COMMIT_WINDOW_KILLS = 50


def test_crash__kills_in_a_replays_commit_window_then_a_rebuild_leave_it_readable(
    tmp_path: Path,
) -> None:
    # A replay killed after its commit and before its close leaves the projection's
    # write-ahead log; a rebuild must not swap a new file in under that log (DuckDB would then
    # refuse every open). Each episode starts from a copy of one home: the first document
    # replayed, the second recorded and waiting for the replay that is killed.
    template = SqliteBackend(tmp_path / "template")
    run_inline(template, ["ingest", str(DOCUMENTS[0])])
    run_inline(template, ["ingest", "--no-replay", str(DOCUMENTS[1])])
    seed = int(os.environ.get("LEDGER_CRASH_SEED", random.randrange(2**32)))
    rng = random.Random(seed)
    in_window = 0
    for episode in range(COMMIT_WINDOW_KILLS):
        store = SqliteBackend(tmp_path / f"episode-{episode}")
        shutil.copytree(template.home, store.home)
        in_window += kill_in_commit_window(store, ["replay"], rng)
        run_inline(store, ["replay", "--rebuild"])
        try:
            readable(store)
        except AssertionError as exc:
            raise AssertionError(f"{exc} (LEDGER_CRASH_SEED={seed}, episode {episode})") from exc
        shutil.rmtree(store.home)
    # Most kills land with the log still there: the window this test is about.
    assert in_window >= COMMIT_WINDOW_KILLS // 2, in_window
    print(f"{COMMIT_WINDOW_KILLS} kills in a replay's commit window ({in_window} left its log)")
