"""Crash safety of `ledger ingest --batch N`: SIGKILL at random points, on both stores.

With batches, a transaction holds N documents. After every kill: each disclosure is wholly
present or absent, the recorded documents are a run of whole batches from the start of the
manifest (a batch is never partly committed), and `ledger verify` passes. Re-running the same
command records the rest, and the store then holds every document exactly once.

LEDGER_CRASH_SEED fixes the random delays to replay a failure.
"""

from __future__ import annotations

import os
import random
from pathlib import Path

from ledger.ingest.load import load_disclosure
from ledger.ingest.manifest import read_manifest

from ..helpers import SAMPLES
from .harness import disclosures_whole, kill_after, measure, run_inline, verify_passes
from .stores import Backend

KILLS = {"sqlite": 12, "postgresql": 6}
BATCH = 2


def test_crash__a_killed_batch_is_absent_as_a_whole(backend: Backend, tmp_path: Path) -> None:
    manifest = SAMPLES / "manifest.toml"
    command = ["ingest", "--manifest", str(manifest), "--batch", str(BATCH), "--no-replay"]
    order = _manifest_order(manifest)
    seed = int(os.environ.get("LEDGER_CRASH_SEED", random.randrange(2**32)))
    rng = random.Random(seed)
    extra: list[Backend] = []
    try:
        extra.append(_empty(backend, tmp_path / "probe"))
        # How long a whole run takes: the kills are aimed inside it.
        duration = measure(extra[-1], command)
        store, kills = backend, 0
        while kills < KILLS[backend.name]:
            finished = kill_after(store, command, rng.uniform(0.3 * duration, duration))
            if finished is not None:  # it ran to the end: go on from an empty store
                duration = min(duration, finished)
                store = _empty(backend, tmp_path / f"store-{len(extra)}")
                extra.append(store)
                continue
            kills += 1
            recorded = disclosures_whole(store)
            where = f"(LEDGER_CRASH_SEED={seed}, kill {kills})"
            assert set(recorded) == set(order[: len(recorded)]), f"{recorded} {where}"
            assert len(recorded) % BATCH == 0, f"part of a batch recorded: {recorded} {where}"
            if recorded:
                verify_passes(store)
        run_inline(store, command)
        assert sorted(disclosures_whole(store)) == sorted(order)
        verify_passes(store)
    finally:
        for other in extra:
            _drop(other)


def _manifest_order(manifest: Path) -> list[str]:
    entries = read_manifest(manifest)
    return [load_disclosure(e.path, e.overrides()).meta.source_file for e in entries]


def _empty(backend: Backend, home: Path) -> Backend:
    if backend.name == "sqlite":
        return type(backend)(home)
    from .conftest import new_schema
    from .stores import PostgresBackend

    return PostgresBackend(home, new_schema())


def _drop(store: Backend) -> None:
    if store.name == "postgresql":
        from .conftest import drop_schema

        drop_schema(store.schema)  # type: ignore[attr-defined]
