"""Statement layouts: sections, indentation, totals and their footing, on the real samples."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import duckdb
import pytest

from ledger.domain.taxonomy import statement_layout
from ledger.ingest.extractor.checks.arithmetic import RULES

from .helpers import run


@pytest.fixture(scope="module")
def home(sample_home: Path) -> Path:
    """The six sample disclosures, recorded and replayed (tests that change it copy it)."""
    return sample_home


def statement(home: Path, *args: str) -> list[dict[str, Any]]:
    result = run(home, "statement", *args, "--format", "json")
    assert result.exit_code == 0, result.output
    rows: list[dict[str, Any]] = json.loads(result.output)
    return rows


def by_concept(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {str(r["concept"]): r for r in rows}


def ocft_income(home: Path, *args: str) -> list[dict[str, Any]]:
    return statement(home, "--issuer", "OCFT", "--statement", "income", "--period", "FY2023", *args)


def test_income__as_first_reported_and_as_re_presented(home: Path) -> None:
    first = by_concept(ocft_income(home, "--as-at", "2024-06-30"))
    later = by_concept(ocft_income(home, "--as-at", "2025-06-30"))
    assert first["ifrs-full:Revenue"]["value"] == "3667508"
    assert later["ifrs-full:Revenue"]["value"] == "3521591"


def test_income__totals_at_level_0_their_lines_indented_under_them(home: Path) -> None:
    rows = by_concept(ocft_income(home, "--as-at", "2025-06-30"))
    assert (rows["ifrs-full:Revenue"]["level"], rows["ifrs-full:Revenue"]["row_kind"]) == (
        1,
        "line",
    )
    assert (rows["ifrs-full:GrossProfit"]["level"], rows["ifrs-full:GrossProfit"]["row_kind"]) == (
        0,
        "subtotal",
    )
    assert rows["ifrs-full:FinanceIncome"]["level"] == 2  # under "Finance income - net"


def test_income__re_presented_subtotals_foot(home: Path) -> None:
    rows = by_concept(ocft_income(home, "--as-at", "2025-06-30"))
    for concept in (
        "ifrs-full:GrossProfit",  # 3,521,591 - 2,195,574 = 1,326,017
        "ifrs-full:ProfitLossFromOperatingActivities",  # carries gross profit: (217,285)
        "ifrs-full:ProfitLossBeforeTax",
        "ifrs-full:ProfitLoss",  # continuing (220,103) + discontinued (151,373)
        "ifrs-full:ComprehensiveIncome",
    ):
        assert rows[concept]["foots"] is True, concept


def test_income__first_reported_highlights_are_not_checked(home: Path) -> None:
    # The 2024 results announcement prints revenue and gross profit but no cost of sales.
    rows = by_concept(ocft_income(home, "--as-at", "2024-06-30"))
    assert rows["ifrs-full:GrossProfit"]["foots"] is None


def test_income__compare_keeps_both_vintages_and_deltas(home: Path) -> None:
    rows = by_concept(ocft_income(home, "--as-at", "2024-06-30", "--compare-as-at", "2025-06-30"))
    revenue = rows["ifrs-full:Revenue"]
    assert (revenue["value"], revenue["compare_value"], revenue["delta"]) == (
        "3667508",
        "3521591",
        "-145917",
    )
    assert rows["ifrs-full:GrossProfit"]["compare_foots"] is True


def test_income__document_only_line_sits_above_the_total_it_adds_into(home: Path) -> None:
    rows = ocft_income(home, "--as-at", "2025-06-30")
    concepts = [r["concept"] for r in rows]
    impairment = concepts.index("ext:ImpairmentChargeOnAssociate")
    assert concepts[impairment + 1] == "ifrs-full:ProfitLossBeforeTax"
    assert rows[impairment]["level"] == 1


def test_income__share_of_associates_follows_the_document_into_operating_loss(home: Path) -> None:
    # AInnovation prints it above the operating loss: (600,012) includes its (342).
    rows = statement(home, "--issuer", "2121", "--statement", "income", "--period", "FY2023")
    concepts = [r["concept"] for r in rows]
    share = concepts.index(
        "ifrs-full:ShareOfProfitLossOfAssociatesAndJointVenturesAccountedForUsingEquityMethod"
    )
    assert concepts.index("ifrs-full:ProfitLossFromOperatingActivities") == share + 1
    assert by_concept(rows)["ifrs-full:ProfitLossFromOperatingActivities"]["foots"] is True
    assert by_concept(rows)["ifrs-full:ProfitLossBeforeTax"]["foots"] is True


BALANCE_TOTALS = (
    "ifrs-full:NoncurrentAssets",
    "ifrs-full:CurrentAssets",
    "ifrs-full:Assets",
    "ifrs-full:EquityAttributableToOwnersOfParent",
    "ifrs-full:Equity",
    "ifrs-full:NoncurrentLiabilities",
    "ifrs-full:CurrentLiabilities",
    "ifrs-full:Liabilities",
    "ifrs-full:EquityAndLiabilities",
)


@pytest.mark.parametrize(
    ("issuer", "period"),
    [("OCFT", "2023-12-31"), ("OCFT", "2024-12-31"), ("sensetime", "2023-12-31")],
)
def test_balance__every_total_foots(home: Path, issuer: str, period: str) -> None:
    rows = by_concept(
        statement(home, "--issuer", issuer, "--statement", "balance", "--period", period)
    )
    assert rows["ifrs-full:Assets"]["value"] == rows["ifrs-full:EquityAndLiabilities"]["value"]
    assert {c: rows[c]["foots"] for c in BALANCE_TOTALS} == dict.fromkeys(BALANCE_TOTALS, True)


def test_balance__subtotals_equal_the_sum_of_their_indented_lines(home: Path) -> None:
    # The product's `foots` flag, checked by hand on SenseTime's restated 2023 balance sheet:
    # each total equals the lines one level in since the previous line at its level or above.
    rows = statement(
        home, "--issuer", "sensetime", "--statement", "balance", "--period", "2023-12-31"
    )
    checked = 0
    for i, row in enumerate(rows):
        if row["row_kind"] != "subtotal":
            continue
        parts = []
        for above in reversed(rows[:i]):
            if above["level"] <= row["level"]:
                break
            if above["level"] == row["level"] + 1:
                parts.append(int(above["value"]))
        assert sum(parts) == int(row["value"]), row["line_item"]
        checked += 1
    assert checked == 9


def test_balance__sensetime_2023_keeps_its_ias1_declaration(home: Path) -> None:
    rows = by_concept(
        statement(home, "--issuer", "0020", "--statement", "balance", "--period", "2023-12-31")
    )
    liabilities = rows["ifrs-full:Liabilities"]
    assert (liabilities["value"], liabilities["declared"]) == (
        "9732551",
        "reclassification (IAS 1)",
    )


def test_balance__sections_in_the_order_of_an_ifrs_balance_sheet(home: Path) -> None:
    rows = statement(
        home, "--issuer", "sensetime", "--statement", "balance", "--period", "2023-12-31"
    )
    sections = [r["section"] for r in rows if r["section"] not in ("", "other")]
    assert list(dict.fromkeys(sections)) == [
        "non-current-assets",
        "current-assets",
        "equity",
        "non-current-liabilities",
        "current-liabilities",
    ]


def test_cashflow__three_sections_in_order(home: Path) -> None:
    rows = statement(home, "--issuer", "OCFT", "--statement", "cashflow", "--period", "FY2024")
    laid_out = [r for r in rows if r["section"] != "other"]
    assert [(r["section"], r["concept"]) for r in laid_out][:3] == [
        ("operating-activities", "ifrs-full:CashFlowsFromUsedInOperatingActivities"),
        ("investing-activities", "ifrs-full:CashFlowsFromUsedInInvestingActivities"),
        ("financing-activities", "ifrs-full:CashFlowsFromUsedInFinancingActivities"),
    ]
    assert laid_out[3]["concept"] == "ifrs-full:IncreaseDecreaseInCashAndCashEquivalents"


def test_cashflow__activity_totals_foot_on_their_lines(home: Path) -> None:
    rows = statement(home, "--issuer", "sensetime", "--statement", "cashflow", "--period", "FY2024")
    totals = by_concept(rows)
    operating = totals["ifrs-full:CashFlowsFromUsedInOperatingActivities"]
    assert (operating["value"], operating["row_kind"], operating["foots"]) == (
        "-3926728",  # cash used in operations (3,900,712) + income tax paid (26,016)
        "subtotal",
        True,
    )
    assert totals["ifrs-full:CashFlowsFromUsedInInvestingActivities"]["foots"] is True


def test_cashflow__net_change_foots_on_oneconnect(home: Path) -> None:
    rows = statement(home, "--issuer", "OCFT", "--statement", "cashflow", "--period", "FY2024")
    change = by_concept(rows)["ifrs-full:IncreaseDecreaseInCashAndCashEquivalents"]
    assert (change["value"], change["foots"]) == ("547155", True)


def test_table__headings_indentation_and_rules(home: Path) -> None:
    result = run(
        home,
        "statement",
        "--issuer",
        "sensetime",
        "--statement",
        "balance",
        "--period",
        "2023-12-31",
    )
    lines = result.output.splitlines()
    heading = lines.index("Non-current assets")
    assert lines[heading + 1].startswith("    Property, plant and equipment ")
    total = next(i for i, line in enumerate(lines) if line.startswith("  Total non-current assets"))
    assert set(lines[total - 1].strip()) == {"-"}  # a rule above the total
    assert "15,947,550" in lines[total]


def test_csv__carries_the_layout_columns(home: Path) -> None:
    result = run(
        home,
        "statement",
        "--issuer",
        "OCFT",
        "--statement",
        "balance",
        "--period",
        "2024-12-31",
        "--format",
        "csv",
    )
    header = result.output.splitlines()[0].split(",")
    assert {"level", "row_kind", "section", "section_label", "foots"} <= set(header)


def test_layout__agrees_with_the_extraction_arithmetic() -> None:
    # Each calculation rule that sums lines of one statement into its total is a total of the
    # layout summing those lines (rules that restate an identity are not layout sums).
    sums = {line.concept: set(line.components) for line in statement_layout()}
    laid_out = {
        "gross-profit",
        "income-tax",
        "continuing-discontinued",
        "owners-continuing-discontinued",
        "comprehensive-income",
        "finance-net",
        "cash-flows",
        "assets",
        "liabilities",
        "equity-attribution",
    }
    for rule in RULES:
        if rule.name in laid_out:
            assert set(rule.terms) <= sums[rule.total], rule.name


def test_replay__rewrites_concepts_when_the_taxonomy_fingerprint_differs(
    home: Path, tmp_path: Path
) -> None:
    # The fingerprint in the table's comment lets a replay skip an unchanged taxonomy; a file
    # written from another taxonomy gets the packaged one back.
    home = Path(shutil.copytree(home, tmp_path / "copy"))
    con = duckdb.connect(str(home / "projections.duckdb"))
    expected = con.execute("SELECT * FROM concepts ORDER BY ALL").fetchall()
    con.execute("DELETE FROM concepts WHERE statement = 'income'")
    con.execute("COMMENT ON TABLE concepts IS 'taxonomy sha256:another'")
    con.close()
    assert run(home, "replay").exit_code == 0
    con = duckdb.connect(str(home / "projections.duckdb"), read_only=True)
    try:
        assert con.execute("SELECT * FROM concepts ORDER BY ALL").fetchall() == expected
    finally:
        con.close()


def test_replay__gives_an_old_projection_the_layout(home: Path, tmp_path: Path) -> None:
    old = tmp_path / "old"
    shutil.copytree(home, old)
    con = duckdb.connect(str(old / "projections.duckdb"))
    for column in ("level", "is_total", "section", "section_label", "components"):
        con.execute(f"ALTER TABLE concepts DROP COLUMN {column}")
    # Files from before statement layouts carry no taxonomy or schema fingerprint either.
    con.execute("COMMENT ON TABLE concepts IS NULL")
    con.execute("COMMENT ON TABLE ledger_position IS NULL")
    # The view as a file from before statement layouts has it.
    con.execute(
        "CREATE OR REPLACE VIEW concept_statements AS SELECT concept, statement, "
        "presentation_order, label FROM concepts"
    )
    con.close()
    before = run(old, "statement", "--issuer", "OCFT", "--statement", "income")
    assert before.exit_code == 1
    assert "run `ledger replay`" in before.output
    assert run(old, "replay").exit_code == 0
    rows = by_concept(
        statement(old, "--issuer", "OCFT", "--statement", "income", "--period", "FY2023")
    )
    assert rows["ifrs-full:GrossProfit"]["row_kind"] == "subtotal"
    assert run(old, "verify").exit_code == 0
