"""Issuers are data: registered by command, manifest, option or document, never by code."""

from __future__ import annotations

import json
import sqlite3
import textwrap
from pathlib import Path

import duckdb
import pytest

from ledger.domain.errors import InvalidIssuerError, IssuerConflictError, UnknownIssuerError
from ledger.domain.issuers import IssuerDirectory, IssuerInfo
from ledger.ingest.extractor.document.metadata import read_metadata
from ledger.ingest.extractor.reading.text import document_from_bytes

from .helpers import FIRST_REPORTED, SAMPLE_ISSUERS, home_fingerprint, run, stored_events

ACME = IssuerInfo(id="acme", name="Acme Widgets Holdings Limited", aliases=("9999", "ACMW"))
#: An issuer the code has never heard of, in two annual announcements written for these tests:
#: the second re-states the first one's FY2023 revenue and gross profit.
FY2023 = """
    Acme Widgets Holdings Limited
    (Stock Code: 9999) (NYSE Stock Ticker: ACMW)

    ANNUAL RESULTS ANNOUNCEMENT FOR THE YEAR ENDED DECEMBER 31, 2023

    Consolidated statement of profit or loss
    \tYear ended December 31
    \t2023\t2022
    \tRMB'000\tRMB'000
    Revenue\t1,250,400\t1,100,200
    Cost of sales\t(700,100)\t(650,300)
    Gross profit\t550,300\t449,900

    Hong Kong, March 20, 2024
"""
FY2024 = """
    ACME WIDGETS HOLDINGS LIMITED announces its results for the year ended December 31, 2024.

    ANNUAL RESULTS ANNOUNCEMENT FOR THE YEAR ENDED DECEMBER 31, 2024

    Consolidated statement of profit or loss
    \tYear ended December 31
    \t2024\t2023
    \tRMB'000\tRMB'000
    Revenue\t1,400,000\t1,180,400
    Cost of sales\t(800,000)\t(700,100)
    Gross profit\t600,000\t480,300

    Hong Kong, March 25, 2025
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


# --- the directory ------------------------------------------------------------------------


def test_directory__resolves_id_codes_and_tickers_case_insensitively() -> None:
    directory = IssuerDirectory([ACME, *SAMPLE_ISSUERS])
    assert directory.resolve("ACME").id == "acme"
    assert directory.resolve("acmw").id == "acme"
    assert directory.resolve("OCFT").id == "oneconnect"
    # Hong Kong codes are printed with and without leading zeros.
    assert directory.resolve("20").id == "sensetime"
    assert directory.resolve("0020").id == "sensetime"


def test_directory__unknown_issuer_says_how_to_add_it() -> None:
    with pytest.raises(UnknownIssuerError) as caught:
        IssuerDirectory([ACME]).resolve("globex")
    message = str(caught.value)
    assert message.startswith("unknown issuer 'globex' (known: acme); register it with")
    assert "`ledger issuers add ID --name NAME [--alias CODE]`" in message
    assert "--issuer ID --issuer-name NAME" in message


def test_directory__an_alias_of_another_issuer_is_refused() -> None:
    other = IssuerInfo(id="globex", name="Globex Corporation", aliases=("ACMW",))
    with pytest.raises(IssuerConflictError, match="'ACMW' already names issuer 'acme'"):
        IssuerDirectory([ACME]).with_issuer(other)


def test_directory__the_same_issuer_again_merges_its_aliases() -> None:
    again = IssuerInfo(id="acme", name="Acme Widgets Holdings Limited", aliases=("0001234567",))
    merged = IssuerDirectory([ACME]).with_issuer(again)
    assert merged.resolve("0001234567").aliases == ("9999", "ACMW", "0001234567")


def test_issuer__ids_are_lower_case_words() -> None:
    with pytest.raises(InvalidIssuerError, match="lower-case letters, digits and dashes"):
        IssuerInfo(id="Acme Corp", name="Acme")


def test_issuer__text_markers_drop_the_legal_form_and_read_the_id_as_words() -> None:
    info = IssuerInfo(id="bright-scholar", name="Bright Scholar Education Holdings Limited")
    assert info.text_markers == (
        "Bright Scholar Education Holdings Limited",
        "Bright Scholar Education",
        "bright scholar",
    )


# --- the extractor recognises registered issuers --------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Results of Acme Widgets for the year ended December 31, 2024\n",
        "Acme Widgets Holdings Limited: results for the year ended December 31, 2024\n",
        "(HKEX: 9999) Results for the year ended December 31, 2024\n",
        "NYSE: ACMW. Results for the year ended December 31, 2024\n",
    ],
)
def test_metadata__recognises_a_registered_issuer_by_name_code_or_ticker(text: str) -> None:
    doc = document_from_bytes("x.txt", text.encode())
    directory = IssuerDirectory([*SAMPLE_ISSUERS, ACME])
    assert read_metadata(doc, directory).issuer == "acme"


def test_metadata__an_unregistered_issuer_is_described_not_recognised() -> None:
    doc = document_from_bytes("x.txt", textwrap.dedent(FY2023).encode())
    meta = read_metadata(doc, SAMPLE_ISSUERS)
    assert meta.issuer is None
    assert (meta.issuer_name, meta.issuer_codes) == (
        "Acme Widgets Holdings Limited",
        ("9999", "ACMW"),
    )


def test_metadata__the_fiscal_year_end_a_document_states() -> None:
    text = "Acme Widgets Holdings Limited (NYSE: ACMW): fiscal year ended August 31, 2024.\n"
    meta = read_metadata(document_from_bytes("x.txt", text.encode()))
    assert meta.fiscal_year_end == "08-31"


# --- the CLI ------------------------------------------------------------------------------


def test_issuers_add__records_an_event_and_lists_it(tmp_path: Path) -> None:
    result = run(
        tmp_path, "issuers", "add", "acme", "--name", "Acme Widgets Holdings Limited",
        "--alias", "9999", "--alias", "ACMW", "--fiscal-year-end", "08-31",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    listed = json.loads(run(tmp_path, "issuers", "--format", "json").stdout)
    assert listed == [
        {
            "issuer": "acme",
            "name": "Acme Widgets Holdings Limited",
            "aliases": ["9999", "ACMW"],
            "fiscal_year_end": "08-31",
        }
    ]
    assert json.loads(run(tmp_path, "issuers", "list", "--format", "json").stdout) == listed


def test_issuers_add__again_is_a_no_op_and_another_name_is_refused(tmp_path: Path) -> None:
    run(tmp_path, "issuers", "add", "acme", "--name", "Acme Widgets Holdings Limited")
    events = stored_events(tmp_path)
    again = run(tmp_path, "issuers", "add", "acme", "--name", "Acme Widgets Holdings Limited")
    assert again.exit_code == 0
    assert stored_events(tmp_path) == events
    other = run(tmp_path, "issuers", "add", "acme", "--name", "Acme Rockets Inc.")
    assert other.exit_code == 1
    assert other.stderr == (
        "Error: issuer 'acme' is registered as 'Acme Widgets Holdings Limited', "
        "not 'Acme Rockets Inc.'\n"
    )
    assert stored_events(tmp_path) == events


def test_issuers_add__an_alias_of_another_issuer_is_refused(tmp_path: Path) -> None:
    run(tmp_path, "ingest", str(FIRST_REPORTED))
    before = home_fingerprint(tmp_path)
    result = run(tmp_path, "issuers", "add", "acme", "--name", "Acme", "--alias", "OCFT")
    assert result.exit_code == 1
    assert (
        result.stderr == "Error: 'OCFT' already names issuer 'oneconnect', it cannot name 'acme'\n"
    )
    assert home_fingerprint(tmp_path) == before


def test_ingest__unknown_issuer_without_a_name_is_refused_with_how_to_add(tmp_path: Path) -> None:
    path = write(tmp_path, "fy2024.txt", FY2024.replace("ACME WIDGETS HOLDINGS LIMITED", "We"))
    result = run(tmp_path / "home", "ingest", str(path), "--issuer", "acme")
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1
    assert "unknown issuer 'acme'; register it with `ledger issuers add" in result.stderr
    assert not (tmp_path / "home").exists()


def test_ingest__issuer_name_registers_the_issuer_on_first_use(tmp_path: Path) -> None:
    path = write(tmp_path, "fy2024.txt", FY2024)
    home = tmp_path / "home"
    result = run(
        home,
        "ingest",
        str(path),
        "--issuer",
        "acme",
        "--issuer-name",
        "Acme Widgets Holdings Limited",
    )
    assert result.exit_code == 0, result.output
    listed = json.loads(run(home, "issuers", "--format", "json").stdout)
    assert [(i["issuer"], i["name"]) for i in listed] == [("acme", "Acme Widgets Holdings Limited")]


def test_ingest__manifest_issuer_tables_register_their_issuers(tmp_path: Path) -> None:
    write(tmp_path, "fy2024.txt", FY2024)
    manifest = tmp_path / "manifest.toml"
    manifest.write_text(
        textwrap.dedent(
            """
            [[issuer]]
            id = "acme"
            name = "Acme Widgets Holdings Limited"
            aliases = ["9999", "ACMW"]

            [[issuer]]
            id = "globex"
            name = "Globex Corporation"
            fiscal_year_end = "06-30"

            [[disclosure]]
            file = "fy2024.txt"
            """
        )
    )
    home = tmp_path / "home"
    assert run(home, "ingest", "--manifest", str(manifest)).exit_code == 0
    listed = json.loads(run(home, "issuers", "--format", "json").stdout)
    assert [(i["issuer"], i["aliases"], i["fiscal_year_end"]) for i in listed] == [
        ("acme", ["9999", "ACMW"], "12-31"),
        ("globex", [], "06-30"),
    ]


def test_new_issuer__from_nothing_to_restatements_with_the_cli_and_its_documents(
    tmp_path: Path,
) -> None:
    home = tmp_path / "home"
    first = write(tmp_path, "acme-fy2023.txt", FY2023)
    second = write(tmp_path, "acme-fy2024.txt", FY2024)
    # Check the first document registers the issuer it prints, under an id made of its name.
    assert run(home, "ingest", str(first)).exit_code == 0
    listed = json.loads(run(home, "issuers", "--format", "json").stdout)
    assert [(i["issuer"], i["name"], i["aliases"]) for i in listed] == [
        ("acme-widgets", "Acme Widgets Holdings Limited", ["9999", "ACMW"])
    ]
    # Check the second document is recognised by the registered name alone.
    assert run(home, "ingest", str(second)).exit_code == 0
    # Check the restated FY2023 figures, asked for by the ticker.
    rows = json.loads(run(home, "restatements", "--issuer", "ACMW", "--format", "json").stdout)
    changed = {(r["concept"], r["original_value"], r["restated_value"]) for r in rows}
    assert changed == {
        ("ifrs-full:Revenue", "1250400", "1180400"),
        ("ifrs-full:GrossProfit", "550300", "480300"),
    }


def test_ingest__issuer_option_names_the_id_of_a_document_described_issuer(
    tmp_path: Path,
) -> None:
    home = tmp_path / "home"
    path = write(tmp_path, "acme-fy2023.txt", FY2023)
    assert run(home, "ingest", str(path), "--issuer", "acme").exit_code == 0
    listed = json.loads(run(home, "issuers", "--format", "json").stdout)
    assert [(i["issuer"], i["aliases"]) for i in listed] == [("acme", ["9999", "ACMW"])]


# --- stores written before issuers were data ------------------------------------------------


def test_older_store__version_1_issuer_events_are_still_read(tmp_path: Path) -> None:
    run(tmp_path, "ingest", str(FIRST_REPORTED))
    # Rewrite the stored registration as the earlier code wrote it (no class_version, no
    # fiscal year end).
    with sqlite3.connect(tmp_path / "events.sqlite") as con:
        (state,) = con.execute(
            "SELECT state FROM stored_events WHERE topic = 'ledger:IssuerRegistered'"
        ).fetchone()
        old = json.loads(state)
        old.pop("class_version", None)
        old.pop("fiscal_year_end")
        con.execute(
            "UPDATE stored_events SET state = ? WHERE topic = 'ledger:IssuerRegistered'",
            (json.dumps(old).encode(),),
        )
    listed = json.loads(run(tmp_path, "issuers", "--format", "json").stdout)
    assert listed[0]["issuer"] == "oneconnect"
    assert listed[0]["fiscal_year_end"] == "12-31"
    assert run(tmp_path, "replay", "--rebuild").exit_code == 0
    facts = run(tmp_path, "facts", "--issuer", "OCFT", "--period", "FY2023", "--format", "json")
    assert json.loads(facts.stdout)


# --- aliases added to a registered issuer -----------------------------------------------------


def test_issuers_add__an_alias_for_a_registered_issuer_is_an_event(tmp_path: Path) -> None:
    run(tmp_path, "issuers", "add", "acme", "--name", "Acme Widgets Holdings Limited")
    events = stored_events(tmp_path)
    result = run(tmp_path, "issuers", "add", "acme", "--alias", "ACMW", "--alias", "9999")
    assert result.exit_code == 0, result.output
    assert "issuer acme is also known as ACMW, 9999" in result.output
    # The alias event and the seal that covers it.
    assert stored_events(tmp_path) == events + 2
    [listed] = json.loads(run(tmp_path, "issuers", "--format", "json").stdout)
    assert listed["aliases"] == ["ACMW", "9999"]
    again = run(tmp_path, "issuers", "add", "acme", "--alias", "ACMW")
    assert again.exit_code == 0
    assert stored_events(tmp_path) == events + 2


def test_issuers_add__a_new_issuer_still_needs_its_name(tmp_path: Path) -> None:
    result = run(tmp_path, "issuers", "add", "acme", "--alias", "ACMW")
    assert result.exit_code == 2
    assert "--name is required to register the new issuer 'acme'" in result.stderr
    assert stored_events(tmp_path) == 0


def test_issuers_add__an_added_alias_of_another_issuer_is_refused(tmp_path: Path) -> None:
    run(tmp_path, "ingest", str(FIRST_REPORTED))
    run(tmp_path, "issuers", "add", "acme", "--name", "Acme Widgets Holdings Limited")
    before = home_fingerprint(tmp_path)
    result = run(tmp_path, "issuers", "add", "acme", "--alias", "OCFT")
    assert result.exit_code == 1
    assert "'OCFT' already names issuer 'oneconnect'" in result.stderr
    assert home_fingerprint(tmp_path) == before


def test_issuers_add__the_added_alias_names_the_issuer_in_options_and_documents(
    tmp_path: Path,
) -> None:
    run(tmp_path, "issuers", "add", "acme", "--name", "Acme Widgets Holdings Limited")
    assert run(tmp_path, "issuers", "add", "acme", "--alias", "ACMW").exit_code == 0
    # The extractor recognises the document by its ticker alone.
    path = tmp_path / "release.txt"
    path.write_text(
        "Results of the year (NYSE: ACMW)\n"
        "Annual results for the year ended December 31, 2024\n"
        "Published: 2025-03-20\n\n"
        "\t2024\t2023\n\tRMB'000\tRMB'000\nRevenue\t3,000\t2,800\nGross profit\t1,700\t1,500\n"
    )
    extracted = run(tmp_path, "extract", str(path), "--summary")
    assert extracted.exit_code == 0, extracted.output
    assert extracted.stdout.startswith("release.txt: acme annual-results")
    assert run(tmp_path, "ingest", str(path)).exit_code == 0
    facts = run(tmp_path, "facts", "--issuer", "ACMW", "--format", "json")
    assert {f["issuer"] for f in json.loads(facts.stdout)} == {"acme"}


def test_issuers_add__a_rebuilt_projection_keeps_the_added_alias(tmp_path: Path) -> None:
    run(tmp_path, "issuers", "add", "acme", "--name", "Acme Widgets Holdings Limited")
    run(tmp_path, "issuers", "add", "acme", "--alias", "ACMW")
    assert run(tmp_path, "replay", "--rebuild").exit_code == 0
    rows = duckdb.connect(str(tmp_path / "projections.duckdb"), read_only=True).execute(
        "SELECT issuer, aliases FROM issuers"
    )
    assert rows.fetchall() == [("acme", ["ACMW"])]
