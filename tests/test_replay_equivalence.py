"""The bulk replay writes exactly the tables the straightforward replay writes.

The reference decoder (``replay(..., reference=True)``) turns every stored event into a domain
object through ``app.mapper`` and refreshes the derived tables after every batch, as the first
replay did; the bulk decoder parses the JSON in DuckDB and derives once. Both must give the same
contents in every table, for a rebuild and for incremental updates, whatever the batch size, and
when some events must go through the mapper (other class versions, compressed stores).
"""

from __future__ import annotations

import gc
import json
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import duckdb
import pytest

from ledger.ingest.structured import load_structured
from ledger.projections import bulk
from ledger.projections.catalog import Stamp
from ledger.projections.errors import DamagedStoreError
from ledger.projections.replay import SCHEMA_VERSION, replay, schema_label
from ledger.store import Location

from .helpers import (
    FIRST_REPORTED,
    RE_PRESENTED,
    dated_disclosure,
    disclosure,
    fact,
    run,
    write_json,
)


def tables_of(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every table and view of a projection file, rows sorted (row order is not part of the
    contract)."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        names = [
            name
            for (name,) in con.execute(
                "SELECT table_name FROM duckdb_tables() WHERE NOT temporary UNION ALL "
                "SELECT view_name FROM duckdb_views() WHERE NOT temporary AND NOT internal "
                "ORDER BY 1"
            ).fetchall()
        ]
        return {
            name: con.execute(f"SELECT * FROM {name} ORDER BY ALL").fetchall() for name in names
        }
    finally:
        con.close()


def assert_same_tables(expected: Path, actual: Path) -> None:
    want, got = tables_of(expected), tables_of(actual)
    assert sorted(got) == sorted(want)
    for table in want:
        assert got[table] == want[table], table


def sensetime_document(
    index: int, published_on: str, facts: list[dict[str, Any]], **extra: Any
) -> dict[str, Any]:
    """A structured disclosure of SenseTime with the given facts."""
    return dated_disclosure(index, published_on, facts, issuer="sensetime", **extra)


def small_ledger(home: Path, tmp: Path) -> list[Path]:
    """The two OneConnect samples plus SenseTime documents recorded out of publication order
    (a back-filled document withdraws a restatement), with dimensions, instants, odd
    decimals, a declared restatement and figures printed on the pages of a PDF. Returns the
    files in ingestion order."""
    docs = [
        sensetime_document(
            1,
            "2024-03-20",
            [
                fact("ifrs-full:Revenue", "FY2023", "3400000", 10),
                fact("ifrs-full:Revenue", "FY2023", "100.5", 11, dimensions={"segment": "AI"}),
                fact("ifrs-full:Assets", "2023-12-31", "0.0000000055", 12, scale=0),
                # A negative scale: stored as -0.0000000005, printed as -0.000000005.
                fact("ext:Ratio", "FY2023", "-0.000000005", 13, unit="x", scale=-1),
                fact("ext:GrossMargin", "FY2023", "40.1234567891", 14, unit="%", scale=0),
            ],
        ),
        sensetime_document(
            3,
            "2025-03-20",
            [
                fact("ifrs-full:Revenue", "FY2023", "3500000", 20, page=2),
                fact("ifrs-full:Revenue", "FY2024", "3900000", 21, page=2),
                fact(
                    "ifrs-full:Revenue",
                    "H1 2024",
                    "-1200.25",
                    22,
                    dimensions={"segment": "AI", "operations": "discontinued"},
                ),
            ],
            restatements=[
                {
                    "kind": "reclassification",
                    "standard": "IAS 1",
                    "periods": ["FY2023"],
                    "reason": "lines regrouped",
                    "lines": [30, 31],
                }
            ],
        ),
        # Back-filled: published between the two, recorded last.
        sensetime_document(
            2, "2024-08-20", [fact("ifrs-full:Revenue", "FY2023", "3450000", 10, page=1)]
        ),
    ]
    paths = [FIRST_REPORTED, RE_PRESENTED]
    for i, doc in enumerate(docs):
        paths.append(write_json(tmp / f"sensetime-{i}.json", doc))
    for path in paths:
        result = run(home, "ingest", str(path), "--no-replay")
        assert result.exit_code == 0, result.output
    return paths


@pytest.fixture
def ledger_home(tmp_path: Path) -> Path:
    home = tmp_path / "home"
    small_ledger(home, tmp_path)
    return home


def rebuild(home: Path, name: str, **options: Any) -> Path:
    path = home / name
    app = Location(home=home).open_ledger(create=False)
    try:
        replay(app, path, rebuild=True, **options)
    finally:
        app.close()
    return path


def test_rebuild__bulk_tables_equal_reference_tables(ledger_home: Path) -> None:
    reference = rebuild(ledger_home, "reference.duckdb", reference=True)
    assert tables_of(reference)["fact_versions"]  # the comparison is not vacuous
    assert tables_of(reference)["restatements"]
    assert_same_tables(reference, rebuild(ledger_home, "bulk.duckdb"))


def test_rebuild__bulk_tables_do_not_depend_on_batch_size(ledger_home: Path) -> None:
    reference = rebuild(ledger_home, "reference.duckdb", reference=True, batch_size=7)
    assert_same_tables(reference, rebuild(ledger_home, "bulk.duckdb", batch_size=5))


def test_replay__leaves_the_cyclic_garbage_collector_as_it_found_it(ledger_home: Path) -> None:
    # The replay pauses it (process-wide) and must restore it, after a failure too.
    rebuild(ledger_home, "bulk.duckdb")
    assert gc.isenabled()
    gc.disable()
    try:
        rebuild(ledger_home, "bulk.duckdb")
        assert not gc.isenabled()
    finally:
        gc.enable()
    rewrite_last_value(ledger_home, UNREGISTERED)
    with pytest.raises(DamagedStoreError):
        rebuild(ledger_home, "bulk.duckdb")
    assert gc.isenabled()


def test_rebuild__batches_read_in_chunks_equal_reference_tables(
    ledger_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # SQLite joins each batch in chunks, appended to the batch's files: every batch here is
    # read in three or four pieces, some with no row of a topic.
    monkeypatch.setattr(bulk, "SQLITE_CHUNK", 3)
    reference = rebuild(ledger_home, "reference.duckdb", reference=True)
    assert_same_tables(reference, rebuild(ledger_home, "bulk.duckdb", batch_size=10))


def test_incremental__bulk_updates_equal_reference_rebuild(tmp_path: Path) -> None:
    home = tmp_path / "home"
    paths = small_ledger(tmp_path / "all", tmp_path)
    loc = Location(home=home)
    # Check: one document at a time, each followed by an incremental bulk replay.
    for path in paths:
        assert run(home, "ingest", str(path), "--no-replay").exit_code == 0
        app = loc.open_ledger(create=False)
        try:
            replay(app, loc.projection_path)
        finally:
            app.close()
    assert_same_tables(rebuild(home, "reference.duckdb", reference=True), loc.projection_path)


READERS = {
    "sqlite": lambda app, size, spool, ids: bulk.read_batches(
        app, 0, size, spool=spool, fast=bulk.fast_topics(), originators=ids
    ),
    # The reader of other stores (PostgreSQL), through the recorder's select_notifications.
    "recorder": lambda app, size, spool, ids: bulk._recorder_batches(
        app, 0, size, spool, bulk.fast_topics(), ids
    ),
}


@pytest.mark.parametrize("size", [3, 1_000])
@pytest.mark.parametrize("reader", READERS)
def test_reader__lists_the_aggregates_of_each_batch_file(
    ledger_home: Path, tmp_path: Path, reader: str, size: int
) -> None:
    # An incremental replay learns what it touched from these lists, not by parsing the
    # files a second time.
    app = Location(home=ledger_home).open_ledger(create=False)
    topics: set[str] = set()
    try:
        for batch in READERS[reader](app, size, tmp_path, True):
            assert set(batch.originators) == set(batch.files)
            for topic, path in batch.files.items():
                in_file = {json.loads(line)["@o"] for line in path.read_text().splitlines()}
                assert set(batch.originators[topic]) == in_file
                topics.add(topic)
    finally:
        app.close()
    # Rarer topics too (SQLite lists them by id rather than joining them).
    assert {"ledger:FactDisclosed", "ledger:FactRestated", "ledger:DisclosureRegistered"} <= topics


def test_reader__each_line_holds_its_own_state_and_id(tmp_path: Path) -> None:
    # SQLite writes each row's head as the separator in front of its state; the first head is
    # written in Python, from the batch's first row of the topic.
    states = [b'{"timestamp":1,"line":16}', b'{"timestamp":2,"line":17}']
    con = sqlite3.connect(":memory:")
    con.execute("CREATE TABLE t (originator_id TEXT, state BLOB)")
    con.executemany("INSERT INTO t VALUES (?, ?)", [("a" * 32, states[0]), ("b" * 32, states[1])])
    # What group_concat returns: the first state, then the second row's head and state.
    joined = states[0] + b'}\n{"@o":"' + b"b" * 32 + b'","s":' + states[1]
    first = con.execute("SELECT rowid, originator_id, state FROM t ORDER BY rowid LIMIT 1")
    path = bulk._spool_joined(tmp_path, 0, "ledger:FactDisclosed", joined, first, more=False)
    lines = [json.loads(line) for line in path.read_text().splitlines()]
    assert lines == [
        {"@o": "a" * 32, "s": {"timestamp": 1, "line": 16}},
        {"@o": "b" * 32, "s": {"timestamp": 2, "line": 17}},
    ]


def test_reader__refuses_states_not_joined_in_order(tmp_path: Path) -> None:
    # Were the second row joined first, the first head would name the wrong aggregate.
    con = sqlite3.connect(":memory:")
    con.execute("CREATE TABLE t (originator_id TEXT, state BLOB)")
    con.executemany("INSERT INTO t VALUES (?, ?)", [("a" * 32, b'{"x":1}'), ("b" * 32, b'{"x":2}')])
    first = con.execute("SELECT rowid, originator_id, state FROM t ORDER BY rowid LIMIT 1")
    with pytest.raises(RuntimeError, match="in order"):
        bulk._spool_joined(tmp_path, 0, "ledger:FactDisclosed", b'{"x":2}', first, more=False)


def test_reader__lists_no_aggregates_unless_asked(ledger_home: Path, tmp_path: Path) -> None:
    # A rebuild touches everything: SQLite need not join a million ids.
    app = Location(home=ledger_home).open_ledger(create=False)
    try:
        batches = list(READERS["sqlite"](app, 1_000, tmp_path, False))
    finally:
        app.close()
    assert batches and all(batch.files and not batch.originators for batch in batches)


def test_rebuild__events_of_other_class_versions_go_through_the_mapper(
    ledger_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As if FactDisclosed had moved to version 4: the SQL no longer reads it, the mapper does,
    # in the same batches as the fast rows.
    monkeypatch.setitem(bulk.BULK_TOPICS, "ledger:FactDisclosed", 4)
    assert "ledger:FactDisclosed" not in bulk.fast_topics()
    reference = rebuild(ledger_home, "reference.duckdb", reference=True)
    assert_same_tables(reference, rebuild(ledger_home, "bulk.duckdb", batch_size=4))


def test_rebuild__both_versions_of_disclosure_registered_are_decoded_alike(
    ledger_home: Path,
) -> None:
    # Version 1 stored no acceptance time (its upcaster gives None); version 2 stores one
    # where the source gave it. The bulk SQL reads both, as the mapper does.
    store = sqlite3.connect(ledger_home / "events.sqlite")
    with store:
        rowids = [
            rowid
            for (rowid,) in store.execute(
                "SELECT rowid FROM stored_events WHERE topic = 'ledger:DisclosureRegistered'"
                " ORDER BY rowid"
            )
        ]
        store.execute(
            "UPDATE stored_events SET state = CAST(json_remove(CAST(state AS TEXT),"
            " '$.class_version', '$.accepted_at') AS BLOB) WHERE rowid = ?",
            [rowids[0]],
        )
        store.execute(
            "UPDATE stored_events SET state = CAST(json_set(CAST(state AS TEXT), '$.accepted_at',"
            ' json(\'{"_type_": "datetime_iso", "_data_": "2024-03-28T16:42:00"}\'))'
            " AS BLOB) WHERE rowid = ?",
            [rowids[-1]],
        )
    store.close()
    reference = rebuild(ledger_home, "reference.duckdb", reference=True)
    accepted = [row[-1] for row in tables_of(reference)["disclosures"]]
    assert sorted(map(str, accepted)) == sorted(
        ["2024-03-28 16:42:00"] + ["None"] * (len(rowids) - 1)
    )
    assert_same_tables(reference, rebuild(ledger_home, "bulk.duckdb"))


def test_rebuild__compressed_store_is_decoded_by_the_mapper(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COMPRESSOR_TOPIC", "eventsourcing.compressor:ZlibCompressor")
    home = tmp_path / "home"
    small_ledger(home, tmp_path)
    app = Location(home=home).open_ledger(create=False)
    try:
        assert app.mapper.compressor is not None
        assert not bulk.BulkDecoder(app).bulk
    finally:
        app.close()
    reference = rebuild(home, "reference.duckdb", reference=True)
    assert_same_tables(reference, rebuild(home, "bulk.duckdb"))


def test_rebuild__a_store_of_version_1_values_replays_as_before(ledger_home: Path) -> None:
    # Stores recorded before pages were kept hold FactDisclosed version 1: no `page`, no
    # `class_version`. Both decoders read them, as values printed on no page.
    before = tables_of(rebuild(ledger_home, "before.duckdb"))
    store = sqlite3.connect(ledger_home / "events.sqlite")
    with store:
        store.execute(
            "UPDATE stored_events SET state = CAST(json_remove(CAST(state AS TEXT),"
            " '$.page', '$.accepted_at', '$.class_version') AS BLOB)"
            " WHERE topic = 'ledger:FactDisclosed'"
        )
    store.close()
    bulk_path = rebuild(ledger_home, "bulk.duckdb")
    assert_same_tables(rebuild(ledger_home, "reference.duckdb", reference=True), bulk_path)
    after = tables_of(bulk_path)
    assert [row[:-1] for row in after["fact_values"]] == [row[:-1] for row in before["fact_values"]]
    assert {row[-1] for row in before["fact_values"]} == {None, 1, 2}
    assert {row[-1] for row in after["fact_values"]} == {None}
    # Check: the version-1 events still extend: a document recorded on top restates them.
    doc = sensetime_document(4, "2025-08-20", [fact("ifrs-full:Revenue", "FY2024", "3950000", 9)])
    path = write_json(ledger_home / "sensetime-4.json", doc)
    assert run(ledger_home, "ingest", str(path)).exit_code == 0
    restated = run(ledger_home, "restatements", "--issuer", "sensetime", "--format", "json")
    assert ("3900000", "3950000") in {
        (r["original_value"], r["restated_value"]) for r in json.loads(restated.stdout)
    }


def rewrite_last_value(home: Path, json_edit: str, topic: str = "ledger:FactDisclosed") -> None:
    """Damage a store: the state of its last event of ``topic`` (a FactDisclosed unless said)
    becomes ``json_edit`` (SQLite's JSON functions applied to ``state``)."""
    store = sqlite3.connect(home / "events.sqlite")
    with store:
        store.execute(
            f"UPDATE stored_events SET state = CAST({json_edit} AS BLOB)"
            " WHERE rowid = (SELECT max(rowid) FROM stored_events WHERE topic = ?)",
            [topic],
        )
    store.close()


def assert_rebuild_refused(
    home: Path, json_edit: str, *phrases: str, topic: str = "ledger:FactDisclosed"
) -> None:
    """A rebuild of the damaged store fails with one line holding ``phrases``, exit 1, and
    the projection built before the damage is kept."""
    assert run(home, "replay").exit_code == 0
    projection = home / "projections.duckdb"
    before = tables_of(projection)
    rewrite_last_value(home, json_edit, topic)
    result = run(home, "replay", "--rebuild")
    assert result.exit_code == 1
    for phrase in phrases:
        assert phrase in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert tables_of(projection) == before


#: The last value names a disclosure no event registered.
UNREGISTERED = (
    "json_set(CAST(state AS TEXT), '$.disclosure_id._data_', '00000000000000000000000000000abc')"
)


@pytest.mark.parametrize("topic", ["ledger:FactDisclosed", "ledger:FactSeriesOpened"])
def test_rebuild__a_state_written_by_a_newer_class_version_is_refused(
    ledger_home: Path, topic: str
) -> None:
    # A store written by a later ledger, whose events had moved to version 9: the SQL, which
    # reads versions 1 to 3 of FactDisclosed and version 1 of FactSeriesOpened, must not
    # guess at their fields. (A rebuild writes the series on a thread and connection of their
    # own: the refusal reaches the user all the same.)
    assert_rebuild_refused(
        ledger_home,
        "json_set(CAST(state AS TEXT), '$.class_version', 9)",
        "written by version 9 of its event class",
        "upgrade ledger",
        topic=topic,
    )


def test_rebuild__a_value_of_an_unregistered_disclosure_is_refused(ledger_home: Path) -> None:
    # Dropping the value would lose a fact without a word.
    assert_rebuild_refused(
        ledger_home,
        UNREGISTERED,
        "names disclosure 00000000000000000000000000000abc",
        "which the store never registered",
    )


def test_reference_rebuild__a_value_of_an_unregistered_disclosure_is_refused(
    ledger_home: Path,
) -> None:
    # The reference decoder (which also inserts the bulk decoder's mapper-decoded values)
    # refuses it with the same error, not with the aborted transaction's refusal to
    # unregister the staged rows, which used to hide it.
    rewrite_last_value(ledger_home, UNREGISTERED)
    app = Location(home=ledger_home).open_ledger(create=False)
    try:
        with pytest.raises(DamagedStoreError, match="0abc, which the store never registered"):
            replay(app, ledger_home / "reference.duckdb", rebuild=True, reference=True)
    finally:
        app.close()


def as_table(con: duckdb.DuckDBPyConnection, view: str) -> None:
    """Replace a view by a table of the same name holding its rows (an older layout)."""
    con.execute(f"CREATE TABLE old_{view} AS SELECT * FROM {view}")
    con.execute(f"DROP VIEW {view}")
    con.execute(f"ALTER TABLE old_{view} RENAME TO {view}")


def facts_tables(con: duckdb.DuckDBPyConnection) -> None:
    # facts_current and facts_as_first_reported were tables, with no series_ends behind them,
    # and fact_versions a table holding each value with its series' columns.
    for view in ("fact_versions", "facts_current", "facts_as_first_reported"):
        as_table(con, view)
    con.execute("DROP TABLE fact_values")
    con.execute("DROP TABLE series_ends")


def fact_versions_table(con: duckdb.DuckDBPyConnection) -> None:
    # fact_versions was a table holding each value with its series' columns.
    as_table(con, "fact_versions")
    con.execute("DROP TABLE fact_values")


def printed_values_stored(con: duckdb.DuckDBPyConnection) -> None:
    # fact_values held each value as printed too (fact_versions read it from there).
    con.execute("ALTER TABLE fact_values ADD COLUMN printed_value DECIMAL(38, 10)")
    con.execute("UPDATE fact_values SET printed_value = value / 1000")


def pages_not_kept(con: duckdb.DuckDBPyConnection) -> None:
    # Before PDF documents, no table held the page a figure was printed on (schema version 3,
    # which did not list an original figure's repetitions either).
    con.execute("ALTER TABLE fact_values DROP COLUMN page")
    con.execute("ALTER TABLE restatements DROP COLUMN original_page")
    con.execute("ALTER TABLE restatements DROP COLUMN restated_page")
    con.execute("ALTER TABLE restatements DROP COLUMN repeated_in")


#: Earlier layouts of the projection, oldest first, made from today's.
OLD_LAYOUTS = {
    "facts tables": facts_tables,
    "fact_versions table": fact_versions_table,
    "printed values stored": printed_values_stored,
    "pages not kept": pages_not_kept,
}


@pytest.mark.parametrize("layout", OLD_LAYOUTS)
def test_replay__upgrades_an_old_projection_to_the_same_rows(
    sample_home: Path, tmp_path: Path, layout: str
) -> None:
    old = tmp_path / "old"
    shutil.copytree(sample_home, old)
    path = old / "projections.duckdb"
    want = tables_of(path)
    con = duckdb.connect(str(path))
    OLD_LAYOUTS[layout](con)
    # Files of earlier versions carry no schema version.
    con.execute("COMMENT ON TABLE ledger_position IS NULL")
    con.close()
    assert run(old, "replay").exit_code == 0
    con = duckdb.connect(str(path), read_only=True)
    views = {v for (v,) in con.execute("SELECT view_name FROM duckdb_views()").fetchall()}
    con.close()
    assert {"fact_versions", "facts_current", "facts_as_first_reported"} <= views
    got = tables_of(path)
    assert len(got["fact_values"]) > 0
    assert sorted(got) == sorted(want)
    for name in want:
        assert got[name] == want[name], name
    assert run(old, "verify").exit_code == 0


def stamp_of(path: Path) -> Stamp:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return Stamp.read(con)
    finally:
        con.close()


def test_replay__records_the_schema_version_it_applied_and_the_store(sample_home: Path) -> None:
    stamp = stamp_of(sample_home / "projections.duckdb")
    assert stamp.schema == schema_label()
    assert stamp.catalog.startswith("sha256:")
    assert stamp.store == "the home's events.sqlite"


@pytest.mark.parametrize(
    "recorded",
    [f"ledger schema version {SCHEMA_VERSION - 1}", "schema sha256:0123abcd", None],
    ids=["an earlier version", "a digest of older code", "nothing"],
)
def test_replay__applies_the_schema_again_when_its_version_differs(
    recorded: str | None, sample_home: Path, tmp_path: Path
) -> None:
    # An unchanged schema is not applied again (its statements would rewrite the catalog at
    # every replay); a projection written under another one gets it at the next replay, and so
    # does one whose views or macros were edited or dropped by hand.
    home = tmp_path / "home"
    shutil.copytree(sample_home, home)
    path = home / "projections.duckdb"
    con = duckdb.connect(str(path))
    con.execute("DROP MACRO TABLE statement_as_at")
    con.close()
    assert run(home, "replay").exit_code == 0
    assert "statement_as_at" in macros_of(path)
    con = duckdb.connect(str(path))
    con.execute("DROP MACRO TABLE statement_as_at")
    # COMMENT ON takes no parameters: a literal.
    literal = "NULL" if recorded is None else f"'{recorded}'"
    con.execute(f"COMMENT ON TABLE ledger_position IS {literal}")
    con.close()
    assert run(home, "replay").exit_code == 0
    assert "statement_as_at" in macros_of(path)
    assert stamp_of(path).schema == schema_label()


def macros_of(path: Path) -> set[str]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return {
            name
            for (name,) in con.execute(
                "SELECT function_name FROM duckdb_functions() WHERE NOT internal"
                " AND function_type = 'table_macro'"
            ).fetchall()
        }
    finally:
        con.close()


def test_replay__a_recorded_check_line_the_table_cannot_hold_is_left_out(tmp_path: Path) -> None:
    # Stores recorded before ingest validated the lines of arithmetic checks may hold any
    # integer there; an INTEGER[] column cannot take it, and every replay would fail.
    doc = disclosure(
        checks=[{"rule": "sum", "period": "FY2023", "lines": [18, 20], "passed": True}]
    )
    draft = load_structured(write_json(tmp_path / "d.json", doc))
    draft.checks[0]["lines"] = [18, -(10**300)]
    app = Location(home=tmp_path / "home").open_ledger()
    try:
        app.ingest_disclosure(draft)
    finally:
        app.close()
    assert run(tmp_path / "home", "replay", "--rebuild").exit_code == 0
    checks = tables_of(tmp_path / "home" / "projections.duckdb")["checks"]
    assert [row[4] for row in checks] == [[18]]
