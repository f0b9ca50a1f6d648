"""What a user with odd documents, an interrupted machine or a colleague on the same home does:
each case once broke the ledger (an unreadable projection, a wrong answer, a command that
failed at once); each must now leave every command working."""

from __future__ import annotations

import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import time
import tomllib
from pathlib import Path
from typing import Any

import attrs
import duckdb
import pytest

from ledger.domain.chain import GENESIS, Record, canonical_id, extend_all, short
from ledger.projections.catalog import Stamp

from ..helpers import (
    FIRST_REPORTED,
    RE_PRESENTED,
    ROOT,
    dated_disclosure,
    fact,
    run,
    stored_events,
    write_json,
)
from .stores import SqliteBackend

#: The first OneConnect results announcement as published (in ``shared``).
FIRST_REPORTED_TEXT = "oneconnect-fy2023-results-2024-03-18.txt"

READS: tuple[tuple[str, ...], ...] = (
    ("facts", "--format", "json"),
    ("restatements", "--format", "json"),
    ("statement", "--issuer", "oneconnect", "--statement", "income"),
    ("diff", "--issuer", "oneconnect", "--from", "2024-01-01", "--to", "2026-01-01"),
    ("query", "SELECT count(*) FROM fact_versions"),
)


def ok(home: Path, *args: str) -> str:
    result = run(home, *args)
    assert result.exit_code == 0, f"ledger {' '.join(args)}: {result.output}"
    return result.output


def every_command_works(home: Path, tmp_path: Path) -> None:
    """Replay, rebuild, verify, every read, the report and the three exports succeed."""
    ok(home, "replay")
    ok(home, "replay", "--rebuild")
    ok(home, "verify")
    for args in READS:
        ok(home, *args)
    ok(home, "report", "--issuer", "oneconnect", "--out", str(tmp_path / "report.html"))
    for fmt in ("parquet", "csv", "xbrl-json"):
        ok(home, "export", "--format", fmt, "--out", str(tmp_path / f"export-{fmt}"), "--force")


def doc_file(folder: Path, doc: dict[str, Any]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return write_json(folder / (doc["disclosure"]["source"]["file"] + ".json"), doc)


def ingest(home: Path, folder: Path, *docs: dict[str, Any]) -> None:
    for doc in docs:
        ok(home, "ingest", str(doc_file(folder, doc)))


def facts(home: Path) -> list[dict[str, Any]]:
    return json.loads(ok(home, "facts", "--format", "json"))  # type: ignore[no-any-return]


# --- 1. A stale WAL beside a rebuilt projection -------------------------------------------------


def _leave_wal(projection: Path) -> None:
    """Commit a change to the projection and die before closing it: DuckDB keeps the commit in
    the WAL beside the file (a process killed in a replay's commit window does the same)."""
    code = (
        "import duckdb, os, signal, sys\n"
        "con = duckdb.connect(sys.argv[1])\n"
        "con.execute('CREATE TABLE committed_then_killed AS SELECT 1 AS x')\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    done = subprocess.run([sys.executable, "-c", code, str(projection)], check=False)
    assert done.returncode == -signal.SIGKILL
    assert projection.with_name(projection.name + ".wal").exists()


def test_rebuild__after_a_kill_in_the_commit_window_leaves_a_readable_projection(
    tmp_path: Path,
) -> None:
    home = tmp_path / "home"
    ok(home, "ingest", str(FIRST_REPORTED))
    _leave_wal(home / "projections.duckdb")
    ok(home, "replay", "--rebuild")
    every_command_works(home, tmp_path)


def test_read__a_damaged_projection_names_the_file_and_the_way_out(tmp_path: Path) -> None:
    home = tmp_path / "home"
    ok(home, "ingest", str(FIRST_REPORTED))
    (home / "projections.duckdb").write_bytes(b"not a database" * 1000)
    result = run(home, "facts")
    assert result.exit_code == 1
    assert result.output.count("\n") == 1
    assert "projections.duckdb" in result.output and "replay --rebuild" in result.output
    ok(home, "replay", "--rebuild")
    assert facts(home)


# --- 2 and 4. Dimension members holding the key's separators ------------------------------------


def test_dimensions__separators_in_members_are_their_own_series(tmp_path: Path) -> None:
    home = tmp_path / "home"
    one = fact("ifrs-full:Revenue", "FY2023", "100", 10, dimensions={"region": "EU;segment=Retail"})
    two = fact(
        "ifrs-full:Revenue", "FY2023", "200", 11, dimensions={"region": "EU", "segment": "Retail"}
    )
    odd = fact("ifrs-full:Revenue", "FY2023", "300", 12, dimensions={"a=b|c\\": "x;y"})
    ingest(home, tmp_path / "docs", dated_disclosure(1, "2024-03-18", [one, two, odd]))
    # A later document restates one of them: only that one is restated.
    restated = {**one, "value": "150"}
    ingest(home, tmp_path / "docs", dated_disclosure(2, "2025-03-18", [restated, two]))
    rows = facts(home)
    values = sorted(r["value"] for r in rows)
    assert values == ["150", "200", "300"], rows
    restatements = json.loads(ok(home, "restatements", "--format", "json"))
    assert len(restatements) == 1
    assert restatements[0]["dimensions"] == "region=EU\\;segment\\=Retail"
    every_command_works(home, tmp_path)


def test_dimensions__keys_without_separators_keep_their_series_ids() -> None:
    # Series ids of stored events derive from this text: it must not change for them.
    from ledger.domain.drafts import series_id
    from ledger.domain.values import Dimensions, Period, SeriesKey

    key = SeriesKey(
        "oneconnect",
        "ifrs-full:Revenue",
        Period.parse("FY2023"),
        Dimensions({"operations": "discontinued", "segment": "Ping An Group"}),
        "RMB",
    )
    assert key.dimensions.key == "operations=discontinued;segment=Ping An Group"
    assert str(series_id(key)) == "e58a9566-0f4b-5a37-adaf-cbab1e78434a"


# --- 3. Extreme dates and members that differ in punctuation only --------------------------------


def test_export__the_last_day_of_the_calendar_and_punctuation_twins(tmp_path: Path) -> None:
    home = tmp_path / "home"
    docs = [
        fact("ifrs-full:Revenue", "FY9999", "1", 10),
        fact("ifrs-full:Assets", "9999-12-31", "2", 11),
        fact("ifrs-full:Revenue", "FY2023", "3", 12, dimensions={"customer": "Ping An Group"}),
        fact("ifrs-full:Revenue", "FY2023", "4", 13, dimensions={"customer": "Ping An, Group"}),
    ]
    ingest(home, tmp_path / "docs", dated_disclosure(1, "2024-03-18", docs))
    every_command_works(home, tmp_path)
    report = json.loads((tmp_path / "export-xbrl-json" / "report.json").read_text())
    members = {
        f["dimensions"].get("ext:CustomerAxis")
        for f in report["facts"].values()
        if "ext:CustomerAxis" in f["dimensions"]
    }
    assert len(members) == 2


# --- 9. Readers and the writer wait for each other ----------------------------------------------


def _hold(projection: Path, *, read_only: bool, seconds: float) -> subprocess.Popen[bytes]:
    """Another process holding the projection open for ``seconds``."""
    code = (
        "import duckdb, sys, time\n"
        "con = duckdb.connect(sys.argv[1], read_only=sys.argv[2] == '1')\n"
        "print('open', flush=True)\n"
        "time.sleep(float(sys.argv[3]))\n"
    )
    holder = subprocess.Popen(
        [sys.executable, "-c", code, str(projection), "1" if read_only else "0", str(seconds)],
        stdout=subprocess.PIPE,
    )
    assert holder.stdout is not None and holder.stdout.readline() == b"open\n"
    return holder


@pytest.mark.parametrize("read_only", [True, False], ids=["long-query", "replay"])
def test_lock__readers_and_writers_wait_within_the_timeout(
    tmp_path: Path, read_only: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    ok(home, "ingest", str(FIRST_REPORTED))
    monkeypatch.setenv("LEDGER_LOCK_TIMEOUT", "60")
    holder = _hold(home / "projections.duckdb", read_only=read_only, seconds=1.5)
    try:
        started = time.monotonic()
        # A writer (the replay after an ingest) while a query is open; a reader during a write.
        doc = dated_disclosure(7, "2025-03-18", [fact("ifrs-full:Revenue", "FY2024", "5", 3)])
        if read_only:
            ok(home, "ingest", str(doc_file(tmp_path / "docs", doc)))
        else:
            ok(home, "facts")
        assert time.monotonic() - started > 0.5  # it waited for the holder
    finally:
        holder.wait()


def test_lock__the_timeout_is_honoured_and_gives_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    ok(home, "ingest", str(FIRST_REPORTED))
    monkeypatch.setenv("LEDGER_LOCK_TIMEOUT", "0.2")
    holder = _hold(home / "projections.duckdb", read_only=False, seconds=5)
    try:
        result = run(home, "facts")
    finally:
        holder.kill()
        holder.wait()
    assert result.exit_code == 1
    assert "LEDGER_LOCK_TIMEOUT" in result.output and result.output.count("\n") == 1


@pytest.mark.parametrize("value", ["abc", "nan", "inf", "-1", ""])
def test_lock__a_bad_timeout_is_one_line(
    tmp_path: Path, value: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    monkeypatch.setenv("LEDGER_LOCK_TIMEOUT", value)
    result = run(home, "ingest", str(FIRST_REPORTED))
    if not value:  # unset: the default
        assert result.exit_code == 0, result.output
        return
    assert result.exit_code == 1
    assert result.output == (
        f"Error: LEDGER_LOCK_TIMEOUT={value!r}: expected a number of seconds (0 or more)\n"
    )
    assert not (home / "events.sqlite").exists()  # refused before anything was written


# --- 8. The chain's anchor and key ---------------------------------------------------------------


def _forge(home: Path) -> None:
    """Rewrite a figure in the store and recompute every seal, as anyone with write access to
    the store could: the rules are public, so the chain alone cannot notice."""
    store = SqliteBackend(home)
    rows = store.rows()
    store.edit(next(p for p, row in rows if row[2] == "ledger:FactDisclosed"))
    head, count, segment = GENESIS, 0, []
    for position, (oid, version, topic, state) in store.rows():
        record = Record(topic, canonical_id(oid), version, state, position)
        if not record.is_chain:
            segment.append(record.digest())
        elif topic == "ledger:LedgerSealed":
            head, count = extend_all(head, segment), count + len(segment)
            sealed = json.loads(state)
            sealed.update(head=head, events=count, digests=[short(d) for d in segment])
            store.set_row(position, (oid, version, topic, json.dumps(sealed).encode()))
            segment = []


def _head(output: str) -> str:
    return next(line.split()[-1] for line in output.splitlines() if line.startswith("chain head"))


def test_chain__a_rewritten_log_fails_against_a_noted_head(tmp_path: Path) -> None:
    home = tmp_path / "home"
    ok(home, "ingest", str(FIRST_REPORTED))
    noted = _head(ok(home, "verify"))
    assert len(noted) == 64
    ok(home, "verify", "--expect-head", noted[:16])
    _forge(home)
    ok(home, "replay", "--rebuild")
    ok(home, "verify")  # the chain alone cannot tell: what it proves is stated in the docs
    result = run(home, "verify", "--expect-head", noted)
    assert result.exit_code == 1 and result.output.count("\n") == 1
    assert f"chain head {noted} expected but no seal has it" in result.output


def test_chain__seals_signed_with_a_key_refuse_a_forgery(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    monkeypatch.setenv("LEDGER_SEAL_KEY", "correct horse battery staple")
    ok(home, "ingest", str(FIRST_REPORTED))
    assert "1 seals signed with LEDGER_SEAL_KEY" in ok(home, "verify")
    monkeypatch.setenv("LEDGER_SEAL_KEY", "another key")
    result = run(home, "verify")
    assert result.exit_code == 1 and "seal signature does not match" in result.output
    monkeypatch.setenv("LEDGER_SEAL_KEY", "correct horse battery staple")
    _forge(home)  # the forger recomputes the seals but cannot sign them
    result = run(home, "verify")
    assert result.exit_code == 1 and "signature does not match" in result.output


def test_chain__with_a_key_the_last_seal_must_be_signed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    ok(home, "ingest", str(FIRST_REPORTED))  # no key yet: an unsigned seal
    monkeypatch.setenv("LEDGER_SEAL_KEY", "k")
    result = run(home, "verify")
    assert result.exit_code == 1 and "the last seal is not signed" in result.output
    doc = dated_disclosure(3, "2025-03-18", [fact("ifrs-full:Revenue", "FY2024", "5", 3)])
    ok(home, "ingest", str(doc_file(tmp_path / "docs", doc)))
    # The signed seal covers every event before it, those of the unsigned seal included.
    assert "1 seals signed" in ok(home, "verify")


# --- 11. Passwords never reach a message ---------------------------------------------------------


@pytest.mark.parametrize("password", ["p/Secret@x", "a:b?c#d/e@f", "%2F/#?@:", "Se@cr/et?#"])
def test_store__no_password_reaches_a_message(tmp_path: Path, password: str) -> None:
    url = f"postgresql://auditor:{password}@127.0.0.1:1/nowhere?schema=x&connect_timeout=1"
    for args in (("ingest", str(FIRST_REPORTED)), ("verify",), ("replay",)):
        result = run(tmp_path, "--store", url, "-v", *args)
        assert result.exit_code == 1
        fragments = {password, *password.replace("@", "/").split("/")} - {""}
        assert not [f for f in fragments if len(f) > 2 and f in result.output], result.output
        assert "auditor" not in result.output
        assert result.output.splitlines()[-1].startswith(
            "Error: cannot open the event store at postgresql://127.0.0.1:1/nowhere?schema=x"
        ), result.output


# --- 13. ingest --keep-going ---------------------------------------------------------------------


def test_ingest__keep_going_records_the_valid_and_names_the_refused(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    good = [
        dated_disclosure(i, "2024-03-18", [fact("ifrs-full:Revenue", f"FY20{i}", "5", 3)])
        for i in (10, 11)
    ]
    for doc in good:
        doc_file(folder, doc)
    (folder / "broken.json").write_text('{"format": "ledger-disclosure/1", "facts": [}')
    manifest = folder / "manifest.toml"
    manifest.write_text(
        "".join(
            f'[[disclosure]]\nfile = "{name}"\n'
            for name in ("doc10.txt.json", "broken.json", "doc11.txt.json")
        )
    )
    home = tmp_path / "home"
    result = run(home, "ingest", "--manifest", str(manifest))
    assert result.exit_code == 1 and not (home / "events.sqlite").exists()  # the default

    result = run(home, "ingest", "--keep-going", "--manifest", str(manifest))
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert [line for line in lines if line.startswith("refused ")] == [
        next(line for line in lines if line.startswith("refused ") and "broken.json" in line)
    ]
    assert lines[-1] == "Error: 1 of 3 documents refused; the others are recorded"
    assert sorted(r["period"] for r in facts(home)) == ["FY2010", "FY2011"]


# --- 5. Views and macros edited by hand ----------------------------------------------------------


FACTS_AS_AT_EDITED = """
CREATE OR REPLACE MACRO facts_as_at(as_at) AS TABLE
SELECT * FROM facts_current
"""


def test_projection__an_edited_macro_fails_verify_and_the_replay_restores_it(
    tmp_path: Path,
) -> None:
    home = tmp_path / "home"
    ok(home, "ingest", str(FIRST_REPORTED))
    ok(home, "ingest", str(RE_PRESENTED))
    query = (
        "SELECT printed_value FROM facts_as_at('2024-06-30')"
        " WHERE issuer = 'oneconnect' AND concept = 'ifrs-full:Revenue'"
        " AND period = 'FY2023' AND dimensions = ''"
    )
    before = ok(home, "query", query, "--format", "csv")
    for edit in (FACTS_AS_AT_EDITED, "CREATE OR REPLACE VIEW fact_versions AS SELECT 1 AS x"):
        con = duckdb.connect(str(home / "projections.duckdb"))
        con.execute(edit)
        con.close()
        result = run(home, "verify")
        assert result.exit_code == 1, result.output
        assert "differs from the one the schema makes" in result.output
        ok(home, "replay")
        assert ok(home, "query", query, "--format", "csv") == before
        ok(home, "verify")


# --- 7. The projection belongs to one event store ------------------------------------------------


def test_projection__a_command_on_another_store_is_refused_before_writing(
    tmp_path: Path,
) -> None:
    home = tmp_path / "home"
    ok(home, "ingest", str(FIRST_REPORTED))
    stamp = home / "projections.duckdb"
    con = duckdb.connect(str(stamp))
    attrs.evolve(Stamp.read(con), store="postgresql://db.internal:5432/ledger").write(con)
    con.close()
    events = stored_events(home)
    doc = dated_disclosure(4, "2025-03-18", [fact("ifrs-full:Revenue", "FY2024", "5", 3)])
    for args in (("ingest", str(doc_file(tmp_path / "docs", doc))), ("replay",)):
        result = run(home, *args)
        assert result.exit_code == 1 and result.output.count("\n") == 1
        assert "was built from the event store at postgresql://db.internal:5432/ledger" in (
            result.output
        )
    assert stored_events(home) == events  # nothing recorded into the wrong store
    ok(home, "replay", "--rebuild")  # the explicit way to take this store's
    ok(home, "ingest", str(doc_file(tmp_path / "docs", doc)))


# --- 6. Precision that hides a restatement; documents contradicting each other the same day ----


def test_decimals__coarser_than_the_printed_figure_are_refused(tmp_path: Path) -> None:
    home = tmp_path / "home"
    doc = dated_disclosure(
        5, "2024-03-18", [fact("ifrs-full:Revenue", "FY2023", "3667508", 18, decimals=-12)]
    )
    doc["disclosure"]["scale"] = 3
    result = run(home, "ingest", str(doc_file(tmp_path / "docs", doc)))
    assert result.exit_code == 1 and result.output.count("\n") == 1
    assert "facts[0].decimals: -12 says the figure is rounded to 10^12" in result.output
    doc["facts"][0]["decimals"] = -3  # the thousand it is printed to
    ok(home, "ingest", str(doc_file(tmp_path / "docs", doc)))


def test_decimals__finer_than_28_digits_of_a_large_figure_are_accepted(tmp_path: Path) -> None:
    # 1,166,908,503,810,625,024 million stated to 10^-9: the precision check once divided the
    # figure (10^24) by 10^-9 within Python's default 28 digits and failed with "internal error".
    home = tmp_path / "home"
    stated = fact("ifrs-full:Revenue", "FY2023", "1166908503810625024", 18, scale=6, decimals=9)
    doc = dated_disclosure(7, "2024-03-18", [stated])
    ok(home, "ingest", str(doc_file(tmp_path / "docs", doc)))
    every_command_works(home, tmp_path)


def test_restatements__a_change_too_large_for_a_percentage_still_replays(tmp_path: Path) -> None:
    # 10^-10 restated as 10^22 - 1: the change in percent (10^34) once failed the restatement
    # refresh, so the second document was recorded and every replay failed after it.
    home = tmp_path / "home"
    ingest(
        home,
        tmp_path / "docs",
        dated_disclosure(8, "2024-03-18", [fact("ifrs-full:Revenue", "FY2023", "1e-10", 18)]),
        dated_disclosure(9, "2025-03-18", [fact("ifrs-full:Revenue", "FY2023", "9" * 22, 18)]),
    )
    (change,) = json.loads(ok(home, "restatements", "--format", "json"))
    assert change["restated_value"] == "9" * 22 and change["delta_pct"] is None
    every_command_works(home, tmp_path)


def test_same_day__contradicting_documents_are_flagged_not_silent(tmp_path: Path) -> None:
    home = tmp_path / "home"
    docs = [
        dated_disclosure(20 + i, "2024-03-18", [fact("ifrs-full:Revenue", "FY2023", v, 18)])
        for i, v in enumerate(("100", "200", "300"))
    ]
    ingest(home, tmp_path / "docs", *docs)
    changes = json.loads(ok(home, "restatements", "--unexplained", "--format", "json"))
    assert len(changes) == 2  # each value against the one before it that day
    assert {c["restated_published_on"] for c in changes} == {"2024-03-18"}
    every_command_works(home, tmp_path)


# --- 10. One line naming the file and the line, never an internal error ------------------------


def test_messages__an_impossible_date_in_a_document_names_its_line(
    tmp_path: Path, shared: Path
) -> None:
    # A document's completion date with a one-character typo: day 32.
    text = (shared / FIRST_REPORTED_TEXT).read_text(encoding="utf-8")
    lines = text.splitlines()
    lines.insert(5, "On December 32, 2023, the Company completed the disposal of the business.")
    path = tmp_path / "typo.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run(tmp_path / "home", "ingest", str(path))
    assert result.exit_code == 1 and result.output.count("\n") == 1, result.output
    assert result.output == f"Error: {path}:6: 'December 32, 2023' is not a calendar date\n"


def test_messages__a_lone_surrogate_in_json_is_one_line(tmp_path: Path) -> None:
    doc = dated_disclosure(6, "2024-03-18", [fact("ifrs-full:Revenue", "FY2023", "1", 18)])
    text = json.dumps(doc, indent=1).replace('"label": "Revenue"', '"label": "Rev\\ud800"')
    path = tmp_path / "surrogate.json"
    path.write_text(text, encoding="utf-8")
    result = run(tmp_path / "home", "ingest", str(path))
    assert result.exit_code == 1 and result.output.count("\n") == 1, result.output
    line = next(i for i, t in enumerate(text.splitlines(), 1) if "ud800" in t)
    assert f"{path}:{line}: holds \\ud800 half of a UTF-16 surrogate pair" in result.output


def test_messages__a_device_or_huge_file_is_refused_without_reading_it_all(
    tmp_path: Path,
) -> None:
    result = run(tmp_path / "home", "extract", "/dev/zero")
    assert result.exit_code == 1
    assert (
        result.output
        == "Error: /dev/zero: is larger than 64 MiB: not a document the ledger reads\n"
    )


def test_messages__a_lowered_position_is_found_by_verify_and_mended(tmp_path: Path) -> None:
    home = tmp_path / "home"
    ok(home, "ingest", str(FIRST_REPORTED))
    con = duckdb.connect(str(home / "projections.duckdb"))
    con.execute("UPDATE ledger_position SET notification_id = 10")
    con.close()
    result = run(home, "verify")
    assert result.exit_code == 1 and "internal error" not in result.output
    assert result.stderr.splitlines()[-1].startswith(
        f"Error: verify failed: projection: {home / 'projections.duckdb'}: its position (event 10)"
    )
    ok(home, "replay", "--rebuild")
    ok(home, "verify")


def _reader_gone(args: list[str], home: Path) -> tuple[bytes, int]:
    """``ledger ARGS | true``: the reader closes the pipe before the command writes to it.

    Returns:
        the command's stderr and its exit status.
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith("LEDGER_")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "ledger.cli.main", "--home", str(home), *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # long before the interpreter has started
    err = proc.stderr.read()
    return err, proc.wait(timeout=120)


def test_pipe__a_closed_stdout_ends_a_read_quietly(tmp_path: Path) -> None:
    home = tmp_path / "home"
    ok(home, "ingest", str(FIRST_REPORTED))
    err, status = _reader_gone(["query", "SELECT range AS n FROM range(1000)"], home)
    assert (err, status) == (b"", 141)


def test_pipe__a_closed_stdout_ends_extract_quietly(tmp_path: Path, shared: Path) -> None:
    err, status = _reader_gone(["extract", str(shared / FIRST_REPORTED_TEXT)], tmp_path / "h")
    assert (err, status) == (b"", 141)


@pytest.mark.parametrize(
    "edit",
    [
        "UPDATE ledger_position SET notification_id = 10 WHERE projection = 'ledger'",
        "UPDATE ledger_position SET notification_id = 0",
        "DELETE FROM ledger_position",
    ],
    ids=["lowered", "zeroed", "deleted"],
)
def test_replay__a_position_edited_by_hand_is_refused_not_applied_twice(
    tmp_path: Path, edit: str
) -> None:
    home = tmp_path / "home"
    ok(home, "ingest", str(FIRST_REPORTED))
    projection = home / "projections.duckdb"
    rows = ("query", "SELECT count(*) AS n FROM fact_values", "--format", "csv")
    before = run(home, *rows).stdout
    con = duckdb.connect(str(projection))
    con.execute(edit)
    con.close()
    result = run(home, "replay")
    assert result.exit_code == 1 and result.output.count("\n") == 1, result.output
    assert result.output.startswith(f"Error: {projection}: "), result.output
    assert "run `ledger replay --rebuild`" in result.output
    assert run(home, *rows).stdout == before  # nothing applied twice
    ok(home, "replay", "--rebuild")
    ok(home, "verify")


#: A file size limit (RLIMIT_FSIZE) under which every write these commands make fails with
#: EFBIG, as on a full disk: above the 32 KiB SQLite maps beside the store to open it, below
#: any file of the commands' output, their spool files and the projection's size.
FULL_AT = 40_000


def _disk_full() -> None:
    # Ignored, SIGXFSZ lets the write fail with EFBIG instead of killing the process.
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (FULL_AT, FULL_AT))


@pytest.fixture(scope="module")
def full_ledger(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A home holding the sample manifest, and a document of 300 facts not recorded yet."""
    folder = tmp_path_factory.mktemp("full")
    ok(folder / "home", "ingest", "--manifest", str(ROOT / "samples" / "manifest.toml"))
    stated = [fact("ifrs-full:Revenue", f"FY{1700 + i}", str(1000 + i), 10 + i) for i in range(300)]
    return folder / "home", doc_file(folder / "docs", dated_disclosure(30, "2025-06-30", stated))


@pytest.mark.parametrize(
    "command",
    ["ingest", "replay", "rebuild", "export csv", "export parquet", "export xbrl-json", "report"],
)
def test_disk_full__one_line_naming_the_file_and_nothing_half_written(
    tmp_path: Path, full_ledger: tuple[Path, Path], command: str
) -> None:
    home, new_document = tmp_path / "home", full_ledger[1]
    shutil.copytree(full_ledger[0], home)
    out = tmp_path / "out"
    args = {
        "ingest": ["ingest", str(new_document)],
        "replay": ["replay"],
        "rebuild": ["replay", "--rebuild"],
        "report": ["report", "--issuer", "oneconnect", "--out", str(out / "report.html")],
    }.get(command, ["export", "--format", command[7:], "--out", str(out / "export")])
    if command == "replay":
        ok(home, "ingest", "--no-replay", str(new_document))
    out.mkdir()
    events, files = stored_events(home), sorted(p.name for p in home.iterdir())
    env = {k: v for k, v in os.environ.items() if not k.startswith("LEDGER_")}
    done = subprocess.run(
        [sys.executable, "-m", "ledger.cli.main", "--home", str(home), *args],
        env=env,
        capture_output=True,
        text=True,
        preexec_fn=_disk_full,
        timeout=300,
    )
    lines = done.stderr.splitlines()
    assert done.returncode == 1 and len(lines) == 1, done.stderr
    # The message names the home's file (or the output it was writing) and why.
    named = out if command.startswith(("export", "report")) else home
    assert lines[0].startswith(f"Error: {named}"), lines[0]
    assert "cannot write" in lines[0], lines[0]
    assert "File too large" in lines[0] or "disk is full" in lines[0], lines[0]
    assert "internal error" not in lines[0]
    # Nothing half-written: no event, no scratch file or folder, no output.
    assert stored_events(home) == events
    assert sorted(p.name for p in home.iterdir()) == files
    assert list(out.iterdir()) == []
    # The ledger reads, verifies, and the same command succeeds on a disk with room.
    ok(home, "facts", "--format", "csv")
    ok(home, "verify")
    ok(home, *args)


# --- 12. Names, files and leftovers --------------------------------------------------------------


def test_files__control_characters_in_a_name_never_reach_the_terminal(tmp_path: Path) -> None:
    doc = dated_disclosure(8, "2024-03-18", [fact("ifrs-full:Revenue", "FY2023", "1", 18)])
    doc["disclosure"]["source"]["file"] = "evil\x1b[2J\x07.txt"
    path = write_json(tmp_path / "evil.json", doc)
    home = tmp_path / "home"
    outputs = [ok(home, "ingest", str(path)), ok(home, "facts")]
    for output in outputs:
        assert "\x1b" not in output and "\x07" not in output
        assert "evil\\x1b[2J\\x07.txt" in output


def test_files__extract_output_dir_keeps_same_named_documents_apart(
    tmp_path: Path, shared: Path
) -> None:
    text = (shared / FIRST_REPORTED_TEXT).read_text(encoding="utf-8")
    folder = tmp_path / "in"
    for sub in ("a", 'b"q'):
        (folder / sub).mkdir(parents=True)
        # Two documents (their own bytes, so their own sha256) under one name.
        (folder / sub / "doc.txt").write_text(f"{text}\n{sub}\n", encoding="utf-8")
    manifest = folder / "manifest.toml"
    manifest.write_text(
        "".join(
            f'[[disclosure]]\nfile = {json.dumps(sub + "/doc.txt")}\nissuer = "oneconnect"\n'
            f"published_on = 2024-03-1{i}\n"
            for i, sub in enumerate(("a", 'b"q'), start=7)
        ),
        encoding="utf-8",
    )
    out = tmp_path / "out"
    ok(tmp_path / "home", "extract", "--manifest", str(manifest), "--output-dir", str(out))
    assert (out / "a" / "doc.json").exists() and (out / 'b"q' / "doc.json").exists()
    written = tomllib.loads((out / "manifest.toml").read_text(encoding="utf-8"))
    assert [d["file"] for d in written["disclosure"]] == ["a/doc.json", 'b"q/doc.json']
    home = tmp_path / "home2"
    ok(home, "ingest", "--manifest", str(out / "manifest.toml"))


def test_files__written_files_follow_the_umask(tmp_path: Path) -> None:
    home = tmp_path / "home"
    ok(home, "ingest", str(FIRST_REPORTED))
    old = os.umask(0o077)
    try:
        ok(home, "report", "--issuer", "oneconnect", "--out", str(tmp_path / "report.html"))
    finally:
        os.umask(old)
    assert (tmp_path / "report.html").stat().st_mode & 0o777 == 0o600


def test_files__leftovers_of_killed_commands_are_cleaned(tmp_path: Path) -> None:
    home = tmp_path / "home"
    ok(home, "ingest", str(FIRST_REPORTED))
    dead = _dead_pid()
    out = tmp_path / "export"
    leftovers = [
        tmp_path / f".export.export-{dead}-abc",
        home / f".verify-{dead}-abc",
        tmp_path / f".report.html.tmp-{dead}-abc",
    ]
    for path in leftovers[:2]:
        path.mkdir()
        (path / "big.duckdb").write_bytes(b"x" * 100)
    leftovers[2].write_text("half a report")
    ok(home, "export", "--format", "csv", "--out", str(out))
    ok(home, "verify")
    ok(home, "report", "--issuer", "oneconnect", "--out", str(tmp_path / "report.html"))
    assert [p for p in leftovers if p.exists()] == []


def test_files__an_export_killed_mid_swap_gets_its_previous_export_back(tmp_path: Path) -> None:
    home = tmp_path / "home"
    ok(home, "ingest", str(FIRST_REPORTED))
    out = tmp_path / "export"
    ok(home, "export", "--format", "csv", "--out", str(out))
    # Killed after moving the previous export aside and before renaming the new one in.
    aside = tmp_path / f".export.old-{_dead_pid()}-abc"
    aside.mkdir()
    out.rename(aside / "export")
    ok(home, "export", "--format", "csv", "--out", str(out), "--force")
    assert (out / "export.json").exists() and not aside.exists()


def _dead_pid() -> int:
    """The id of a process that has ended."""
    done = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        check=True,
        capture_output=True,
        text=True,
    )
    return int(done.stdout)
