"""`ledger export`: Parquet and CSV of the projection tables, xBRL-JSON of its facts."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import pytest

from ledger.projections import export as export_module
from ledger.projections import xbrl

from .helpers import SAMPLE_ISSUERS, run

OIM_DOCUMENT_TYPE = "https://xbrl.org/2021/xbrl-json"


@pytest.fixture(scope="module")
def home(sample_home: Path) -> Path:
    """The six sample disclosures, recorded and replayed (read only here)."""
    return sample_home


@pytest.fixture
def projection(home: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    con = duckdb.connect(str(home / "projections.duckdb"), read_only=True)
    try:
        yield con
    finally:
        con.close()


def export(home: Path, out: Path, *args: str) -> dict[str, Any]:
    """Run `ledger export ... --out OUT` and return its manifest."""
    result = run(home, "export", "--out", str(out), *args)
    assert result.exit_code == 0, result.output
    return json.loads((out / "export.json").read_text(encoding="utf-8"))


def count(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | None = None) -> int:
    row = con.execute(f"SELECT count(*) FROM ({sql})", params or []).fetchone()
    assert row is not None
    return int(row[0])


def data_tables(con: duckdb.DuckDBPyConnection) -> set[str]:
    """The tables an export writes: the data tables, and the three views of the facts in place
    of the tables they are built on."""
    rows = con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' AND NOT temporary"
    ).fetchall()
    tables = {r[0] for r in rows} - {"ledger_position", "fact_values", "series_ends"}
    return tables | {"fact_versions", "facts_current", "facts_as_first_reported"}


def differences(con: duckdb.DuckDBPyConnection, left: str, right: str) -> tuple[int, int]:
    """Rows of `left` missing from `right` and the other way round (duplicates counted)."""
    return (
        count(con, f"FROM {left} EXCEPT ALL FROM {right}"),
        count(con, f"FROM {right} EXCEPT ALL FROM {left}"),
    )


# --- Parquet and CSV ---------------------------------------------------------------------------


def test_parquet__every_table_reads_back_with_the_same_rows(
    home: Path, projection: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    manifest = export(home, tmp_path / "out", "--format", "parquet")
    files = {t["name"]: t for t in manifest["tables"]}
    assert set(files) == data_tables(projection)
    for name, entry in files.items():
        path = tmp_path / "out" / entry["file"]
        assert count(projection, f"FROM read_parquet('{path}')") == entry["rows"]
        assert entry["rows"] == count(projection, f'FROM "{name}"')
        assert differences(projection, f'"{name}"', f"read_parquet('{path}')") == (0, 0), name


def test_parquet__keeps_column_types(
    home: Path, projection: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    export(home, tmp_path / "out", "--format", "parquet")
    path = tmp_path / "out" / "fact_versions.parquet"
    exported = projection.execute(f"DESCRIBE FROM read_parquet('{path}')").fetchall()
    original = projection.execute("DESCRIBE fact_versions").fetchall()
    assert [(r[0], r[1]) for r in exported] == [(r[0], r[1]) for r in original]


def test_manifest__names_the_position_the_date_and_the_format(
    home: Path, projection: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    manifest = export(home, tmp_path / "out", "--format", "parquet")
    position = projection.execute("SELECT notification_id FROM ledger_position").fetchone()
    assert position is not None
    assert manifest["format"] == "ledger-export/1"
    assert manifest["export_format"] == "parquet"
    assert manifest["as_at"] is None
    assert manifest["ledger_position"] == position[0] == 5809
    assert datetime.fromisoformat(manifest["created_at"].replace("Z", "+00:00"))


def test_parquet__as_at_a_date_after_every_document_is_the_whole_projection(
    home: Path, projection: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    # The as-at rules recompute facts_current and facts_as_first_reported: with every
    # document published by the date they must give exactly the tables the replay derived.
    manifest = export(home, tmp_path / "out", "--format", "parquet", "--as-at", "2099-12-31")
    for entry in manifest["tables"]:
        path = tmp_path / "out" / entry["file"]
        diff = differences(projection, f'"{entry["name"]}"', f"read_parquet('{path}')")
        assert diff == (0, 0), entry["name"]


def test_parquet__as_at_holds_only_what_was_published_by_then(
    home: Path, projection: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    manifest = export(home, out, "--format", "parquet", "--as-at", "2024-06-30")
    rows = {t["name"]: t["rows"] for t in manifest["tables"]}
    assert manifest["as_at"] == "2024-06-30"
    # OneConnect's FY2023 results (2024-03-18) and AInnovation's (2024-03-28).
    assert rows["disclosures"] == 2
    assert rows["restatements"] == rows["tieouts"] == rows["detected_restatements"] == 0
    assert rows["fact_versions"] == count(
        projection, "FROM fact_versions WHERE published_on <= DATE '2024-06-30'"
    )
    current = f"read_parquet('{out / 'facts_current.parquet'}')"
    as_at = "(SELECT * FROM facts_as_at('2024-06-30'))"
    diff = differences(
        projection,
        f"(SELECT * EXCLUDE (versions, first_value, first_published_on) FROM {current})",
        as_at,
    )
    assert diff == (0, 0)
    revenue = projection.execute(
        f"SELECT value, versions FROM {current} WHERE issuer = 'oneconnect' "
        "AND concept = 'ifrs-full:Revenue' AND period = 'FY2023' AND dimensions = ''"
    ).fetchall()
    assert revenue == [(Decimal("3667508000"), 1)]


def test_csv__reads_back_with_the_same_row_counts_and_figures(
    home: Path, projection: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    manifest = export(home, tmp_path / "out", "--format", "csv")
    for entry in manifest["tables"]:
        path = tmp_path / "out" / entry["file"]
        assert count(projection, f"FROM read_csv('{path}')") == entry["rows"]
        assert entry["rows"] == count(projection, f'FROM "{entry["name"]}"')
    path = tmp_path / "out" / "facts_current.csv"
    revenue = projection.execute(
        f"SELECT value::DECIMAL(38, 10), printed_value::DECIMAL(38, 10), published_on::DATE "
        f"FROM read_csv('{path}') WHERE issuer = 'oneconnect' AND concept = 'ifrs-full:Revenue' "
        "AND period = 'FY2023' AND coalesce(dimensions, '') = ''"
    ).fetchall()
    assert revenue == [(Decimal("3521591000"), Decimal("3521591"), date(2025, 4, 24))]


# --- xBRL-JSON ---------------------------------------------------------------------------------


def xbrl_report(home: Path, out: Path, as_at: str) -> dict[str, Any]:
    manifest = export(home, out, "--format", "xbrl-json", "--as-at", as_at)
    assert manifest["as_at"] == as_at
    report = json.loads((out / manifest["report"]["file"]).read_text(encoding="utf-8"))
    assert len(report["facts"]) == manifest["report"]["facts"]
    return report


def parse_period(text: str) -> tuple[date | None, date]:
    """An OIM period back to our dates (OIM writes the end of a day as the next midnight)."""

    def day_before(stamp: str) -> date:
        moment = datetime.fromisoformat(stamp)
        assert moment.time() == datetime.min.time()
        return moment.date() - timedelta(days=1)

    start, _, end = text.rpartition("/")
    return (datetime.fromisoformat(start).date() if start else None), day_before(end)


UNIT_BACK = {v: k for k, v in xbrl.UNITS.items() if v is not None}


def parse_fact(fact: dict[str, Any], pure_unit: str) -> tuple[Any, ...]:
    """An OIM fact back to (issuer, concept, start, end, dimensions, unit, value, decimals)."""
    dims = fact["dimensions"]
    scheme, _, code = dims["entity"].partition(":")
    assert scheme == "hkex"
    start, end = parse_period(dims["period"])
    unit = UNIT_BACK[dims["unit"]] if "unit" in dims else pure_unit
    value, decimals = Decimal(fact["value"]), fact["decimals"]
    if unit == "%":
        value, decimals = value.scaleb(2), decimals - 2
    ours = fact.get("ledger:dimensions", "")
    taxonomy = {k: v for k, v in dims.items() if ":" in k}
    assert taxonomy == xbrl.oim_dimensions(ours)
    return (
        SAMPLE_ISSUERS.resolve(code).id,
        dims["concept"],
        start,
        end,
        ours,
        unit,
        value,
        decimals,
    )


def assert_round_trips(report: dict[str, Any], con: duckdb.DuckDBPyConnection, as_at: str) -> None:
    rows = con.execute(
        "SELECT series_id, issuer, concept, period_start, period_end, dimensions, unit, value, "
        "decimals FROM facts_as_at(?)",
        [as_at],
    ).fetchall()
    expected = {f"f-{r[0]}": tuple(r[1:]) for r in rows}
    assert set(report["facts"]) == set(expected)
    for fact_id, fact in report["facts"].items():
        assert parse_fact(fact, pure_unit=expected[fact_id][5]) == expected[fact_id], fact_id


def test_xbrl_json__follows_the_oim_structure(home: Path, tmp_path: Path) -> None:
    report = xbrl_report(home, tmp_path / "out", "2025-06-30")
    info = report["documentInfo"]
    assert info["documentType"] == OIM_DOCUMENT_TYPE
    assert info["taxonomy"] and all(uri.startswith("https://") for uri in info["taxonomy"])
    namespaces = info["namespaces"]
    assert namespaces["ifrs-full"] == "https://xbrl.ifrs.org/taxonomy/2023-03-23/ifrs-full"
    assert namespaces["iso4217"] == "http://www.xbrl.org/2003/iso4217"
    for fact_id, fact in report["facts"].items():
        assert fact_id[0].isalpha()
        assert isinstance(fact["value"], str) and isinstance(fact["decimals"], int)
        dims = fact["dimensions"]
        assert {"concept", "entity", "period"} <= set(dims)
        # Every prefix used is declared; pure is written by leaving the unit out.
        measures = dims.get("unit", "").replace("/", "*").split("*")
        qnames = [dims["concept"], dims["entity"], *filter(None, measures)]
        qnames += [q for pair in dims.items() if ":" in pair[0] for q in pair]
        qnames += [k for k in fact if ":" in k]
        assert {q.partition(":")[0] for q in qnames} <= set(namespaces), fact_id
        assert dims.get("unit") != "xbrli:pure"


@pytest.mark.parametrize(
    ("as_at", "revenue"), [("2024-06-30", "3667508000"), ("2025-06-30", "3521591000")]
)
def test_xbrl_json__round_trips_the_facts_as_at_the_date(
    home: Path, projection: duckdb.DuckDBPyConnection, tmp_path: Path, as_at: str, revenue: str
) -> None:
    report = xbrl_report(home, tmp_path / "out", as_at)
    assert_round_trips(report, projection, as_at)
    [fact] = [
        f
        for f in report["facts"].values()
        if f["dimensions"]
        == {
            "concept": "ifrs-full:Revenue",
            "entity": "hkex:06638",
            "period": "2023-01-01T00:00:00/2024-01-01T00:00:00",
            "unit": "iso4217:CNY",
        }
    ]
    assert (fact["value"], fact["decimals"]) == (revenue, -3)


def test_xbrl_json__dimensions_become_explicit_members(home: Path, tmp_path: Path) -> None:
    report = xbrl_report(home, tmp_path / "out", "2024-06-30")
    [fact] = [
        f
        for f in report["facts"].values()
        if f["dimensions"]["concept"] == "ifrs-full:Revenue"
        and f["dimensions"]["entity"] == "hkex:06638"
        and f.get("ledger:dimensions") == "customer=third-party"
        and f["dimensions"]["period"].startswith("2023-01-01")
    ]
    assert fact["dimensions"]["ext:CustomerAxis"] == "ext:ThirdPartyMember"
    assert fact["value"] == "1307396000"
    assert (fact["ledger:document"], fact["ledger:line"]) == (
        "oneconnect-fy2023-results-2024-03-18.txt",
        17,
    )


def test_xbrl_json__percentages_are_pure_ratios(home: Path, tmp_path: Path) -> None:
    report = xbrl_report(home, tmp_path / "out", "2024-06-30")
    [fact] = [
        f
        for f in report["facts"].values()
        if f["dimensions"]["concept"] == "ext:GrossMargin"
        and f["dimensions"]["entity"] == "hkex:06638"
        and f["dimensions"]["period"] == "2023-01-01T00:00:00/2024-01-01T00:00:00"
    ]
    assert "unit" not in fact["dimensions"]  # pure
    assert (fact["value"], fact["decimals"]) == ("0.368", 3)


def test_xbrl_json__before_any_disclosure_has_no_facts(home: Path, tmp_path: Path) -> None:
    report = xbrl_report(home, tmp_path / "out", "2024-01-01")
    assert report["facts"] == {}


# --- The mapping -------------------------------------------------------------------------------


def test_mapping__periods_end_at_the_next_midnight() -> None:
    assert xbrl.oim_period(date(2023, 1, 1), date(2023, 12, 31)) == (
        "2023-01-01T00:00:00/2024-01-01T00:00:00"
    )
    assert xbrl.oim_period(None, date(2024, 2, 29)) == "2024-03-01T00:00:00"


def test_mapping__entities_are_hkex_stock_codes() -> None:
    assert xbrl.oim_entity("oneconnect", ["6638", "OCFT"]) == "hkex:06638"
    assert xbrl.oim_entity("sensetime", ["0020"]) == "hkex:00020"
    assert xbrl.oim_entity("ainnovation", ["2121"]) == "hkex:02121"


def test_mapping__an_issuer_without_a_stock_code_has_no_entity() -> None:
    with pytest.raises(xbrl.XbrlMappingError, match="no HKEX stock code"):
        xbrl.oim_entity("sohu", ["SOHU", "1734107"])


def test_mapping__units() -> None:
    assert xbrl.oim_unit("RMB") == "iso4217:CNY"
    assert xbrl.oim_unit("RMB/share") == "iso4217:CNY/xbrli:shares"
    assert xbrl.oim_unit("%") is None
    assert xbrl.oim_unit("tCO2e") == "utr:tCO2e"


def test_mapping__an_unknown_unit_is_refused_not_guessed() -> None:
    with pytest.raises(xbrl.XbrlMappingError, match="unit 'EUR/barrel' has no xBRL mapping"):
        xbrl.oim_unit("EUR/barrel")


def test_mapping__every_non_pure_unit_maps_back_to_one_of_ours() -> None:
    strings = [v for v in xbrl.UNITS.values() if v is not None]
    assert len(strings) == len(set(strings))
    for unit in strings:
        # OIM: measures sorted within the numerator and the denominator.
        for side in unit.split("/"):
            assert side.split("*") == sorted(side.split("*"))


def test_mapping__values_are_canonical_decimals_in_the_unit() -> None:
    assert xbrl.oim_value(Decimal("3667508000.0000000000"), "RMB", -3) == ("3667508000", -3)
    assert xbrl.oim_value(Decimal("-0.3100000000"), "RMB/share", 2) == ("-0.31", 2)
    assert xbrl.oim_value(Decimal("-10.0000000000"), "%", 1) == ("-0.1", 3)
    assert xbrl.oim_value(Decimal("0E-10"), "RMB", 0) == ("0", 0)


def test_mapping__dimensions_are_qnames_built_from_axis_and_member() -> None:
    assert xbrl.oim_dimensions("") == {}
    assert xbrl.oim_dimensions("service_line=Implementation;timing=Over time") == {
        "ext:ServiceLineAxis": "ext:ImplementationMember",
        "ext:TimingAxis": "ext:OverTimeMember",
    }
    # An NCName cannot start with a digit.
    assert xbrl.oim_dimensions("industry=3C high-tech") == {
        "ext:IndustryAxis": "ext:_3CHighTechMember"
    }


def test_mapping__members_differing_in_punctuation_stay_two_xbrl_facts() -> None:
    row = {
        "series_id": "a",
        "issuer": "oneconnect",
        "issuer_aliases": ["6638", "OCFT"],
        "concept": "ifrs-full:Revenue",
        "period": "FY2023",
        "period_start": date(2023, 1, 1),
        "period_end": date(2023, 12, 31),
        "dimensions": "region=Hong Kong, Macau",
        "unit": "RMB",
        "value": Decimal(1),
        "decimals": 0,
        "published_on": date(2024, 3, 18),
        "document": "doc.txt",
        "line": 1,
    }
    twin = {**row, "series_id": "b", "dimensions": "region=Hong Kong Macau"}
    other = {**row, "series_id": "c", "dimensions": "region=Beijing"}
    facts = xbrl.report([row, twin, other], date(2024, 6, 30))["facts"]
    members = [facts[f"f-{s}"]["dimensions"]["ext:RegionAxis"] for s in "abc"]
    # The clashing pair each get a digest of their own text; the rest keep readable names.
    assert members[0] != members[1]
    assert all(m.startswith("ext:HongKongMacauMember_") for m in members[:2])
    assert members[2] == "ext:BeijingMember"
    assert (
        xbrl.report([twin], date(2024, 6, 30))["facts"]["f-b"]["dimensions"]["ext:RegionAxis"]
        == "ext:HongKongMacauMember"
    )


def test_mapping__the_last_day_of_the_calendar_ends_at_its_own_midnight() -> None:
    assert xbrl.oim_period(date(9999, 1, 1), date(9999, 12, 31)) == (
        "9999-01-01T00:00:00/9999-12-31T24:00:00"
    )
    assert xbrl.oim_period(None, date(2023, 12, 31)) == "2024-01-01T00:00:00"


# --- Where the export goes ---------------------------------------------------------------------


def refused(home: Path, out: Path, *args: str) -> str:
    result = run(home, "export", "--format", "parquet", "--out", str(out), *args)
    assert result.exit_code == 1
    assert len(result.output.strip().splitlines()) == 1, result.output
    return result.output


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def test_out__a_file_is_refused_in_one_line(home: Path, tmp_path: Path) -> None:
    target = tmp_path / "report.parquet"
    target.write_text("mine", encoding="utf-8")
    assert "exists and is not a directory" in refused(home, target)
    assert target.read_text(encoding="utf-8") == "mine"


def test_out__under_a_file_is_refused_in_one_line(home: Path, tmp_path: Path) -> None:
    (tmp_path / "file").write_text("", encoding="utf-8")
    assert "cannot write the export" in refused(home, tmp_path / "file" / "out")


def test_out__a_folder_with_other_files_is_refused(home: Path, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("keep", encoding="utf-8")
    assert "not a ledger export" in refused(home, tmp_path, "--force")
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_out__an_empty_folder_is_used(home: Path, tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    manifest = export(home, tmp_path / "out", "--format", "csv")
    assert len(manifest["tables"]) == len(list((tmp_path / "out").glob("*.csv")))
    assert leftovers(tmp_path) == []


def test_out__a_previous_export_is_replaced_only_with_force(home: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    export(home, out, "--format", "csv")
    assert "--force replaces it" in refused(home, out)
    manifest = export(home, out, "--format", "parquet", "--force")
    assert sorted(p.suffix for p in out.iterdir()) == [".json"] + [".parquet"] * len(
        manifest["tables"]
    )
    assert leftovers(tmp_path) == []


def test_out__a_failed_export_leaves_nothing_behind(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(rows: Any, as_at: date) -> dict[str, Any]:
        raise xbrl.XbrlMappingError("unit 'x' has no xBRL mapping")

    monkeypatch.setattr(export_module.xbrl, "report", broken)
    result = run(home, "export", "--format", "xbrl-json", "--out", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert result.output.strip() == "Error: unit 'x' has no xBRL mapping"
    assert list(tmp_path.iterdir()) == []


def test_out__a_failed_replacement_keeps_the_previous_export(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    before = export(home, out, "--format", "xbrl-json", "--as-at", "2024-06-30")

    def broken(rows: Any, as_at: date) -> dict[str, Any]:
        raise xbrl.XbrlMappingError("boom")

    monkeypatch.setattr(export_module.xbrl, "report", broken)
    args = ("export", "--format", "xbrl-json", "--out", str(out), "--force")
    assert run(home, *args).exit_code == 1
    assert json.loads((out / "export.json").read_text(encoding="utf-8")) == before
    assert leftovers(tmp_path) == []


def test_export__without_a_projection_says_so_in_one_line(tmp_path: Path) -> None:
    result = run(tmp_path / "empty", "export", "--format", "csv", "--out", str(tmp_path / "o"))
    assert result.exit_code == 1
    assert "no projection yet" in result.output
    assert not (tmp_path / "o").exists()


def test_export__an_unknown_format_is_a_usage_error(home: Path, tmp_path: Path) -> None:
    result = run(home, "export", "--format", "xlsx", "--out", str(tmp_path / "o"))
    assert result.exit_code == 2


def test_query__still_cannot_write_files(home: Path, tmp_path: Path) -> None:
    # The export opens the projection with file access; `ledger query` must not.
    target = tmp_path / "leak.csv"
    result = run(home, "query", f"COPY (SELECT 1) TO '{target}'")
    assert result.exit_code == 1
    assert not target.exists()
