"""Tamper evidence: `ledger verify` names the first position where the log was changed.

Each ingest seals the log with the chained sha256 of every stored event before it (see
``ledger.domain.chain``). Editing one event's bytes, deleting one, or swapping two, directly in
the SQLite file or the PostgreSQL table, must make `ledger verify` exit 1 and name the position.
"""

from __future__ import annotations

import duckdb
import pytest
from click.testing import Result

from ..helpers import FIRST_REPORTED, RE_PRESENTED
from ..helpers import run as run_home
from .stores import Backend


def run(backend: Backend, *args: str) -> Result:
    return run_home(backend.home, *backend.args[2:], *args)


def fact_positions(backend: Backend) -> list[int]:
    """Positions of FactDisclosed events, in log order."""
    return [p for p, row in backend.rows() if row[2] == "ledger:FactDisclosed"]


@pytest.fixture
def ledger(backend: Backend) -> Backend:
    """Both OneConnect results recorded and replayed; verify passes."""
    result = run(backend, "ingest", str(FIRST_REPORTED), str(RE_PRESENTED))
    assert result.exit_code == 0, result.output
    result = run(backend, "verify")
    assert result.exit_code == 0, result.output
    return backend


def assert_verify_fails(backend: Backend, expected: str) -> None:
    result = run(backend, "verify")
    assert result.exit_code == 1, result.output
    assert result.stderr.splitlines()[-1] == f"Error: verify failed: event log: {expected}"


def test_verify__intact_log_passes_and_counts_events(ledger: Backend) -> None:
    result = run(ledger, "verify")
    rows = [r for _, r in ledger.rows()]
    seals = sum(r[2] == "ledger:LedgerSealed" for r in rows)
    events = len(rows) - seals - 1  # the chain's own events are not chained
    assert f"event log intact: {events} events under {seals} seals" in result.stdout
    assert "projection matches a rebuild" in result.stdout


def test_verify__edited_event_bytes_are_named(ledger: Backend) -> None:
    position = fact_positions(ledger)[30]
    ledger.edit(position)
    assert_verify_fails(
        ledger, f"position {position}: stored event does not match its seal (changed)"
    )


def test_verify__deleted_event_is_named(ledger: Backend) -> None:
    position = fact_positions(ledger)[30]
    ledger.delete(position)
    assert_verify_fails(ledger, f"position {position}: sealed event missing (deleted)")


def test_verify__swapped_events_are_named(ledger: Backend) -> None:
    first, second = fact_positions(ledger)[30], fact_positions(ledger)[35]
    ledger.swap(first, second)
    assert_verify_fails(ledger, f"position {first}: event out of sealed order (moved)")


def test_verify__events_swapped_across_documents_are_named(ledger: Backend) -> None:
    facts = fact_positions(ledger)
    first, second = facts[5], facts[-5]
    ledger.swap(first, second)
    assert_verify_fails(ledger, f"position {first}: stored event does not match its seal (changed)")


def test_verify__edited_seal_is_named(ledger: Backend) -> None:
    seals = [p for p, r in ledger.rows() if r[2] == "ledger:LedgerSealed"]
    position, row = seals[0], dict(ledger.rows())[seals[0]]
    state = bytearray(row[3])
    at = state.index(b'"head":"') + len(b'"head":"')
    state[at] = ord("1") if state[at] == ord("0") else ord("0")
    ledger.set_row(position, (row[0], row[1], row[2], bytes(state)))
    assert_verify_fails(ledger, f"position {position}: seal does not match the chain (changed)")


def test_verify__deleted_seal_is_named(ledger: Backend) -> None:
    seals = [p for p, r in ledger.rows() if r[2] == "ledger:LedgerSealed"]
    ledger.delete(seals[0])
    assert_verify_fails(
        ledger,
        f"position {seals[1]}: chain version 3 where 2 was expected (a seal was removed or moved)",
    )


def test_verify__events_added_after_the_last_seal_are_named(ledger: Backend) -> None:
    rows = ledger.rows()
    originator, _, topic, state = next(
        r for _, r in reversed(rows) if r[2] == "ledger:FactDisclosed"
    )
    # Forge a new event at the end of the log: the next version of the same series.
    if ledger.name == "sqlite":
        import sqlite3

        with sqlite3.connect(ledger.home / "events.sqlite") as con:
            con.execute(
                "INSERT INTO stored_events VALUES (?, ?, ?, ?)", (originator, 99, topic, state)
            )
        expected = rows[-1][0] + 1
    else:
        ledger._execute(  # noqa: SLF001 - the test reaches into the table on purpose
            "INSERT INTO EVENTS (originator_id, originator_version, topic, state) "
            "VALUES (%s, %s, %s, %s)",
            (originator, 99, topic, state),
        )
        expected = ledger.rows()[-1][0]
    assert_verify_fails(ledger, f"position {expected}: event not covered by any seal (added)")


def test_verify__changed_projection_row_is_reported(ledger: Backend) -> None:
    with duckdb.connect(str(ledger.home / "projections.duckdb")) as con:
        con.execute("UPDATE fact_values SET value = value + 1 WHERE line = 18")
    result = run(ledger, "verify")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1].startswith(
        "Error: verify failed: projection: table fact_values differs from a rebuild:"
    )


def test_verify__truncated_log_is_caught_by_the_projection(backend: Backend) -> None:
    # Removing a whole last save (events and seal) leaves a valid shorter chain; the projection,
    # which saw the removed events, no longer derives from the log.
    assert run(backend, "ingest", str(FIRST_REPORTED)).exit_code == 0
    end = backend.rows()[-1][0]
    assert run(backend, "ingest", str(RE_PRESENTED)).exit_code == 0
    backend.delete_from(end + 1)
    result = run(backend, "verify")
    assert result.exit_code == 1
    assert "Error: verify failed: projection: table" in result.stderr


def test_verify__deleted_first_event_of_a_document_is_named(ledger: Backend) -> None:
    seals = [p for p, r in ledger.rows() if r[2] == "ledger:LedgerSealed"]
    ledger.delete(seals[0] + 1)
    assert_verify_fails(ledger, f"position {seals[0] + 1}: sealed event missing (deleted)")


def test_verify__a_log_that_no_longer_replays_is_a_finding_too(ledger: Backend) -> None:
    # The deleted event registered the document: its values now name an unknown disclosure,
    # and the rebuild refuses them. Verify reports that beside the log's finding.
    seals = [p for p, r in ledger.rows() if r[2] == "ledger:LedgerSealed"]
    ledger.delete(seals[0] + 1)
    result = run(ledger, "verify")
    assert result.exit_code == 1
    assert "also: projection: the log does not replay: a stored value of series" in result.stderr
    assert "which the store never registered" in result.stderr
