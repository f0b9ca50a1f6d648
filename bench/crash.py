"""Kill `ledger ingest` and `ledger replay` with SIGKILL many times and check every invariant.

The same harness and checks as tests/reliability/test_crash.py (which CI runs with 50 kills on
SQLite and 20 on PostgreSQL), for longer campaigns:

    .venv/bin/python bench/crash.py --kills 500
    .venv/bin/python bench/crash.py --kills 200 --store postgresql://postgres@127.0.0.1:5432/test

After every kill: each disclosure is wholly present or absent and `ledger verify` passes; after
each episode, re-running the command completes the work and the projection equals that of an
uninterrupted run. Exits 1 at the first violation, printing the seed to replay it.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the harness lives with the tests

from tests.reliability.harness import (  # noqa: E402
    CrashStats,
    crash_episode,
    disclosures_whole,
    measure,
    projection_snapshot,
    run_inline,
)
from tests.reliability.stores import Backend, PostgresBackend, SqliteBackend  # noqa: E402
from tests.reliability.test_crash import scenarios  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=200)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--store", default=None, help="a postgresql:// URL (default: SQLite)")
    args = parser.parse_args()
    seed = args.seed if args.seed is not None else random.randrange(2**32)
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory(prefix="ledger-crash-") as tmp:
        work = Path(tmp)
        plan = scenarios(work / "inputs")
        durations: dict[str, float] = {}
        for i, (setup, command, _) in enumerate(plan):
            store = SqliteBackend(work / f"reference-{i}")
            for step in setup:
                run_inline(store, step)
            durations[" ".join(command)] = measure(store, command)
        reference = projection_snapshot(store.home / "projections.duckdb")
        expected = disclosures_whole(store)
        stats = CrashStats()
        started = time.perf_counter()
        episode = 0
        while stats.kills < args.kills:
            setup, command, kills = plan[episode % len(plan)]
            episode += 1
            target = _store(args.store, work / f"episode-{episode}")
            try:
                crash_episode(
                    target, setup, command, kills, durations, reference, expected, rng, stats
                )
            except AssertionError as exc:
                print(f"FAILED after {stats.kills} kills: {exc} (--seed {seed})")
                return 1
            finally:
                _drop(target)
            if episode % 10 == 0:
                print(
                    f"  {stats.kills} kills, {time.perf_counter() - started:.0f}s", file=sys.stderr
                )
        seconds = time.perf_counter() - started
    print(
        f"crash: {stats.kills} kills in {stats.episodes} episodes ({seconds:.0f}s, seed {seed}; "
        f"{stats.finished_before_kill} runs finished before their kill): "
        f"{dict(stats.by_command)}; no partial disclosure, verify passed after every kill, "
        "every re-run completed with the uninterrupted projection"
    )
    return 0


def _store(url: str | None, home: Path) -> Backend:
    if url is None:
        return SqliteBackend(home)
    import psycopg

    schema = f"ledger_crash_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(url, autocommit=True) as con:
        con.execute(f'CREATE SCHEMA "{schema}"')
    store = PostgresBackend(home, schema)
    store.url = f"{url}?schema={schema}"
    return store


def _drop(store: Backend) -> None:
    if isinstance(store, PostgresBackend):
        import psycopg

        with psycopg.connect(store.url.split("?")[0], autocommit=True) as con:
            con.execute(f'DROP SCHEMA "{store.schema}" CASCADE')


if __name__ == "__main__":
    sys.exit(main())
