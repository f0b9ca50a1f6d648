"""Crash and concurrency harness: run the real `ledger` command in subprocesses, kill it, check.

Shared by the CI tests (tests/reliability/test_crash.py, test_concurrency.py) and the longer
bench scripts (bench/crash), so both check exactly the same invariants.
"""

from __future__ import annotations

import random
import signal
import subprocess
import time
from collections import Counter
from pathlib import Path
from typing import Any

import attrs
import duckdb
from click.testing import CliRunner

from ledger.cli.main import cli
from ledger.events import DisclosureRegistered, FactDisclosed
from ledger.store import Location

from .stores import LEDGER, Backend

#: Tables whose contents depend on recording positions, not on what was recorded: PostgreSQL
#: sequences skip the ids of killed transactions, so these legitimately differ after a crash.
POSITION_TABLES = {"ledger_position"}


def projection_snapshot(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every projection table's rows, sorted (position bookkeeping excluded)."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        tables = [
            r[0]
            for r in con.execute(
                "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' ORDER BY 1"
            ).fetchall()
        ]
        return {
            t: con.execute(f'SELECT * FROM "{t}" ORDER BY ALL').fetchall()
            for t in tables
            if t not in POSITION_TABLES
        }
    finally:
        con.close()


def disclosures_whole(backend: Backend) -> dict[str, int]:
    """Check that every recorded disclosure has all its facts and no fact lacks its disclosure.

    Returns:
        source file -> number of facts, for every disclosure in the store.
    """
    loc = Location.from_options(str(backend.home), getattr(backend, "url", None))
    if loc.store_url is None and not loc.events_path.exists():
        return {}
    app = loc.open_ledger()
    try:
        registered: dict[str, tuple[str, int]] = {}
        facts: Counter[str] = Counter()
        for n in app.recorder.select_notifications(start=0, limit=10**9, inclusive_of_start=False):
            if n.topic == DisclosureRegistered.TOPIC:
                e = app.mapper.to_domain_event(n)
                registered[str(e.originator_id)] = (e.source_file, e.fact_count)
            elif n.topic == FactDisclosed.TOPIC:
                facts[str(app.mapper.to_domain_event(n).disclosure_id)] += 1
    finally:
        app.close()
    orphans = set(facts) - set(registered)
    assert not orphans, f"facts recorded without their disclosure: {sorted(orphans)}"
    for disclosure_id, (source, fact_count) in registered.items():
        assert facts[disclosure_id] == fact_count, (
            f"{source}: {facts[disclosure_id]} of {fact_count} facts recorded (partial write)"
        )
    return {source: count for source, count in registered.values()}


def verify_passes(backend: Backend) -> str:
    """Run `ledger verify` (in-process) and assert it passes; return its output."""
    result = CliRunner().invoke(cli, [*backend.args, "verify"], catch_exceptions=False)
    assert result.exit_code == 0, f"verify failed after a kill: {result.output}"
    return result.stdout


def run_command(
    backend: Backend, args: list[str], timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """Run `ledger ARGS` to completion in a fresh interpreter."""
    return subprocess.run(
        [*LEDGER, *args], env=backend.env(), capture_output=True, text=True, timeout=timeout
    )


def run_inline(backend: Backend, args: list[str]) -> None:
    """Run `ledger ARGS` in this process (no interpreter start-up) and require success."""
    result = CliRunner().invoke(cli, [*backend.args, *args], catch_exceptions=False)
    assert result.exit_code == 0, f"ledger {' '.join(args)} failed: {result.output}"


def run_or_kill(
    args: list[str], env: dict[str, str], delay: float
) -> tuple[float, int, str, str] | None:
    """Run `ledger ARGS` in a fresh interpreter with ``env``; SIGKILL it after ``delay`` s.

    Returns:
        None if the process was killed, else the seconds it took, its exit status, its
        standard output and its standard error.
    """
    started = time.perf_counter()
    proc = subprocess.Popen(
        [*LEDGER, *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        proc.wait(timeout=delay)
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGKILL)
        proc.communicate()
        return None
    elapsed = time.perf_counter() - started
    out, err = proc.communicate()
    return elapsed, proc.returncode, out, err


def kill_after(backend: Backend, args: list[str], delay: float) -> float | None:
    """Start `ledger ARGS`, SIGKILL it after ``delay`` seconds.

    Returns:
        None if the process was killed, else how long it took to finish (exit 0 required).
    """
    finished = run_or_kill(args, backend.env(), delay)
    if finished is None:
        return None
    elapsed, status, out, err = finished
    assert status == 0, f"ledger {' '.join(args)} failed: {out}{err}"
    return elapsed


def measure(backend: Backend, args: list[str]) -> float:
    """Seconds one uninterrupted run of `ledger ARGS` takes (from the current state)."""
    started = time.perf_counter()
    result = run_command(backend, args)
    assert result.returncode == 0, result.stdout + result.stderr
    return time.perf_counter() - started


@attrs.define
class CrashStats:
    """What a crash campaign did."""

    kills: int = 0
    finished_before_kill: int = 0
    episodes: int = 0
    seconds: float = 0.0
    by_command: Counter[str] = attrs.field(factory=Counter)


def crash_episode(
    backend: Backend,
    setup: list[list[str]],
    command: list[str],
    kills: int,
    durations: dict[str, float],
    reference: dict[str, list[tuple[Any, ...]]],
    expected_disclosures: dict[str, int],
    rng: random.Random,
    stats: CrashStats,
) -> None:
    """From a fresh store: run ``setup``, then kill ``command`` ``kills`` times, then finish it.

    ``durations`` maps each command to how long it takes uninterrupted (kills are aimed inside).

    After each kill: every disclosure is wholly present or absent, and `ledger verify` passes.
    At the end: re-running the command completes the work, and the projection equals
    ``reference`` (an uninterrupted run's).
    """
    for args in setup:
        run_inline(backend, args)
    name = " ".join(command)
    for _ in range(kills):
        # Interpreter start-up (~0.4 s) is a fixed cost before any write: aim past most of it.
        # ``durations`` learns: a run that finished before its kill shortens the window.
        delay = rng.uniform(0.4 * durations[name], durations[name])
        finished = kill_after(backend, command, delay)
        if finished is None:
            stats.kills += 1
            stats.by_command[name] += 1
        else:
            stats.finished_before_kill += 1
            durations[name] = min(durations[name], finished)
        recorded = disclosures_whole(backend)
        assert set(recorded) <= set(expected_disclosures), f"unexpected disclosures {recorded}"
        if (backend.home / "projections.duckdb").exists() or recorded:
            verify_passes(backend)
    run_inline(backend, command)
    recorded = disclosures_whole(backend)
    assert recorded == expected_disclosures, f"after re-running: {recorded}"
    verify_passes(backend)
    snapshot = projection_snapshot(backend.home / "projections.duckdb")
    differing = sorted(
        t for t in set(snapshot) | set(reference) if snapshot.get(t) != reference.get(t)
    )
    assert not differing, f"projection differs from an uninterrupted run in {differing}"
    stats.episodes += 1


def kill_in_commit_window(
    backend: Backend, args: list[str], rng: random.Random, timeout: float = 120
) -> bool:
    """Start `ledger ARGS` (a replay) and SIGKILL it inside its commit window: after DuckDB
    began writing the commit to the projection's write-ahead log, and before the connection
    closed (its checkpoint then removes the log). The kill lands at a random moment of the
    log's first 20 ms.

    Returns:
        whether the log was still there after the kill (the window was hit; False when the
        replay finished first).
    """
    wal = backend.home / "projections.duckdb.wal"
    proc = subprocess.Popen(
        [*LEDGER, *args], env=backend.env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    deadline = time.monotonic() + timeout
    try:
        while proc.poll() is None and not wal.exists():
            if time.monotonic() > deadline:
                raise AssertionError(f"ledger {' '.join(args)} wrote no log in {timeout}s")
            time.sleep(0.0005)
        time.sleep(rng.uniform(0, 0.02))
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.communicate()
    return wal.exists()


def readable(backend: Backend) -> None:
    """Every read of the projection works: a listing, a query, and `ledger verify`."""
    for args in (["facts", "--format", "csv"], ["query", "SELECT count(*) FROM fact_versions"]):
        result = CliRunner().invoke(cli, [*backend.args, *args], catch_exceptions=False)
        assert result.exit_code == 0, f"ledger {' '.join(args)}: {result.output}"
    verify_passes(backend)
