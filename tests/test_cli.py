"""The `ledger` command: the contract of design notes section 7 on the two samples."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .helpers import (
    FIRST_REPORTED,
    RE_PRESENTED,
    SAMPLES,
    disclosure,
    home_fingerprint,
    run,
    stored_events,
    write_json,
)


def revenue(home: Path, as_at: str) -> list[dict[str, object]]:
    result = run(
        home,
        "facts",
        "--issuer",
        "OCFT",
        "--concept",
        "Revenue",
        "--period",
        "FY2023",
        "--dimensions",
        "",
        "--as-at",
        as_at,
        "--format",
        "json",
    )
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_facts__as_at_before_the_restatement_gives_first_reported_figures(tmp_path: Path) -> None:
    assert run(tmp_path, "ingest", "--manifest", str(SAMPLES / "manifest.toml")).exit_code == 0
    result = run(
        tmp_path,
        "facts",
        "--issuer",
        "OCFT",
        "--period",
        "FY2023",
        "--as-at",
        "2024-06-30",
        "--format",
        "json",
    )
    rows = {(r["concept"], r["dimensions"]): r for r in json.loads(result.stdout)}
    assert rows[("ifrs-full:Revenue", "")]["value"] == "3667508"
    assert rows[("ifrs-full:Revenue", "customer=third-party")]["value"] == "1307396"
    assert rows[("ifrs-full:GrossProfit", "")]["value"] == "1349405"
    assert rows[("ifrs-full:ProfitLossFromOperatingActivities", "")]["value"] == "-368212"
    assert {r["published_on"] for r in rows.values()} == {"2024-03-18"}


def test_facts__as_at_after_the_restatement_gives_re_presented_figures(tmp_path: Path) -> None:
    run(tmp_path, "ingest", "--manifest", str(SAMPLES / "manifest.toml"))
    result = run(
        tmp_path,
        "facts",
        "--issuer",
        "6638",
        "--period",
        "FY2023",
        "--as-at",
        "2025-06-30",
        "--format",
        "json",
    )
    rows = {(r["concept"], r["dimensions"]): r for r in json.loads(result.stdout)}
    assert rows[("ifrs-full:Revenue", "")]["value"] == "3521591"
    assert rows[("ifrs-full:Revenue", "customer=third-party")]["value"] == "1161479"
    assert rows[("ifrs-full:GrossProfit", "")]["value"] == "1326017"
    assert rows[("ifrs-full:ProfitLossFromOperatingActivities", "")]["value"] == "-217285"
    assert rows[("ifrs-full:ProfitLossAttributableToOwnersOfParent", "")]["value"] == "-362715"
    # The annual report of 2025-04-24 reaffirms the figure in its five-year summary.
    revenue = rows[("ifrs-full:Revenue", "")]
    assert (revenue["published_on"], revenue["line"]) == ("2025-04-24", 982)


def test_facts__before_any_disclosure_is_empty(tmp_path: Path) -> None:
    run(tmp_path, "ingest", str(FIRST_REPORTED))
    assert revenue(tmp_path, "2024-03-17") == []


def test_ingest__same_file_twice_writes_nothing_and_says_so(tmp_path: Path) -> None:
    run(tmp_path, "ingest", str(FIRST_REPORTED))
    before = stored_events(tmp_path)
    result = run(tmp_path, "ingest", str(FIRST_REPORTED))
    assert result.exit_code == 0
    assert "already recorded oneconnect-fy2023-results-2024-03-18.txt" in result.output
    assert stored_events(tmp_path) == before > 0


def test_ingest__either_order_gives_byte_identical_query_results(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    run(a, "ingest", str(FIRST_REPORTED))
    run(a, "ingest", str(RE_PRESENTED))
    run(b, "ingest", str(RE_PRESENTED))
    run(b, "ingest", str(FIRST_REPORTED))
    for args in (
        ("facts", "--format", "csv"),
        ("facts", "--as-at", "2024-06-30", "--format", "json"),
        ("query", "SELECT * FROM facts_as_first_reported ORDER BY ALL", "--format", "csv"),
        ("query", "SELECT * FROM fact_versions ORDER BY ALL", "--format", "csv"),
    ):
        assert run(a, *args).stdout == run(b, *args).stdout


def test_ingest__second_date_for_same_document_is_refused(tmp_path: Path) -> None:
    run(tmp_path, "ingest", str(FIRST_REPORTED))
    before = home_fingerprint(tmp_path)
    result = run(tmp_path, "ingest", str(FIRST_REPORTED), "--published-on", "2024-03-19")
    assert result.exit_code == 1
    assert result.output.strip() == (
        "Error: oneconnect-fy2023-results-2024-03-18.txt: already recorded as published on "
        "2024-03-18, not 2024-03-19"
    )
    assert home_fingerprint(tmp_path) == before


def bad_inputs(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    malformed = tmp_path / "malformed.json"
    malformed.write_text('{"format": "ledger-disclosure/1", "facts": [}')
    unknown = disclosure()
    unknown["disclosure"].update(issuer="acme", issuer_name=None)
    bad_date = disclosure()
    bad_date["disclosure"]["published_on"] = "2024-02-30"
    return {
        "malformed JSON": (malformed, "is not valid JSON"),
        "missing file": (tmp_path / "missing.json", "no such file"),
        "unknown issuer": (write_json(tmp_path / "acme.json", unknown), "unknown issuer 'acme'"),
        "invalid date": (
            write_json(tmp_path / "date.json", bad_date),
            "'2024-02-30' is not a valid date",
        ),
    }


@pytest.mark.parametrize(
    "case", ["malformed JSON", "missing file", "unknown issuer", "invalid date"]
)
def test_ingest__bad_file_exits_1_with_one_line_and_writes_nothing(
    tmp_path: Path, case: str
) -> None:
    home = tmp_path / "home"
    run(home, "ingest", str(FIRST_REPORTED))
    before = home_fingerprint(home)
    path, problem = bad_inputs(tmp_path)[case]
    # A good file next to the bad one is not written either: the command validates all first.
    result = run(home, "ingest", str(RE_PRESENTED), str(path))
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"Error: {path}")
    assert problem in lines[0]
    assert home_fingerprint(home) == before


def test_ingest__no_arguments_is_a_usage_error(tmp_path: Path) -> None:
    assert run(tmp_path, "ingest").exit_code == 2


def test_facts__bad_as_at_is_a_usage_error(tmp_path: Path) -> None:
    run(tmp_path, "ingest", str(FIRST_REPORTED))
    result = run(tmp_path, "facts", "--as-at", "2024-13-01")
    assert result.exit_code == 2


def test_facts__unknown_issuer_exits_1(tmp_path: Path) -> None:
    run(tmp_path, "ingest", str(FIRST_REPORTED))
    result = run(tmp_path, "facts", "--issuer", "ACME")
    assert result.exit_code == 1
    assert result.output.startswith("Error: unknown issuer 'ACME'")


def test_facts__table_prints_figures_as_in_the_document(tmp_path: Path) -> None:
    run(tmp_path, "ingest", str(FIRST_REPORTED))
    result = run(
        tmp_path, "facts", "--concept", "ProfitLossFromOperatingActivities", "--period", "FY2023"
    )
    assert "(368,212)" in result.output
    assert "RMB'000" in result.output


def test_facts__csv_has_a_header_and_plain_values(tmp_path: Path) -> None:
    run(tmp_path, "ingest", str(FIRST_REPORTED))
    result = run(
        tmp_path, "facts", "--concept", "GrossMargin", "--period", "FY2023", "--format", "csv"
    )
    header, row = result.stdout.strip().splitlines()
    assert header.startswith("issuer,concept,period,dimensions,value,unit")
    assert ",36.8,%," in row


def test_query__is_read_only(tmp_path: Path) -> None:
    run(tmp_path, "ingest", str(FIRST_REPORTED))
    before = home_fingerprint(tmp_path)
    result = run(tmp_path, "query", "DROP TABLE fact_versions")
    assert result.exit_code == 1
    assert "read-only" in result.output
    outside = tmp_path.parent / "stolen.csv"
    result = run(tmp_path, "query", f"COPY fact_versions TO '{outside}'")
    assert result.exit_code == 1
    assert not outside.exists()
    assert home_fingerprint(tmp_path) == before


def test_query__bad_sql_exits_1_with_one_line(tmp_path: Path) -> None:
    run(tmp_path, "ingest", str(FIRST_REPORTED))
    result = run(tmp_path, "query", "SELEC 1")
    assert result.exit_code == 1
    assert len(result.output.strip().splitlines()) == 1


def test_replay__rebuild_gives_the_same_tables(tmp_path: Path) -> None:
    run(tmp_path, "ingest", "--manifest", str(SAMPLES / "manifest.toml"))
    sql = "SELECT * FROM facts_current ORDER BY ALL"
    before = run(tmp_path, "query", sql, "--format", "csv").stdout
    result = run(tmp_path, "replay", "--rebuild")
    assert result.exit_code == 0
    assert "rebuilt" in result.output
    assert run(tmp_path, "query", sql, "--format", "csv").stdout == before


def test_replay__without_a_store_exits_1(tmp_path: Path) -> None:
    result = run(tmp_path / "nowhere", "replay")
    assert result.exit_code == 1
    assert "no ledger here yet" in result.output


@pytest.mark.parametrize(
    "args",
    [
        ["facts", "--home", "{home}", "--issuer", "OCFT", "--format", "json"],
        ["facts", "--issuer", "OCFT", "--format", "json", "--home={home}"],
        ["facts", "--quiet", "--issuer", "OCFT", "--home", "{home}", "--format", "json"],
        ["-v", "facts", "--issuer", "OCFT", "--format", "json", "--home", "{home}"],
        ["facts", "--issuer", "OCFT", "--verbose", "--format", "json", "--home", "{home}"],
    ],
)
def test_cli__global_options_after_the_subcommand(sample_home: Path, args: list[str]) -> None:
    from click.testing import CliRunner

    from ledger.cli.main import cli

    before = CliRunner().invoke(
        cli, ["--home", str(sample_home), "facts", "--issuer", "OCFT", "--format", "json"]
    )
    after = CliRunner().invoke(cli, [a.format(home=sample_home) for a in args])
    assert after.exit_code == 0, after.output
    assert after.stdout == before.stdout and json.loads(after.stdout)


def test_cli__store_after_the_subcommand_is_the_groups(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from ledger.cli.main import cli

    result = CliRunner().invoke(cli, ["ingest", str(FIRST_REPORTED), "--store", "sqlite:///x"])
    assert result.exit_code == 1
    assert result.output.strip() == "Error: --store must be a postgresql:// URL"


def test_cli__help_and_missing_values_after_the_subcommand(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from ledger.cli.main import cli

    # Check: --help after a subcommand is the subcommand's help, not the group's.
    assert "facts [OPTIONS]" in CliRunner().invoke(cli, ["facts", "--help"]).output
    result = CliRunner().invoke(cli, ["facts", "--home"])
    assert result.exit_code == 2
    assert "Error: Option '--home' requires an argument." in result.output
