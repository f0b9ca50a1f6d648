"""The restatement story end to end, from two sources: the samples (structured disclosures, no
../shared needed) and the six real documents read by the extractor (required in CI).

Figures (RMB'000): oneconnect-fy2023-results-2024-03-18.txt lines 17-24 (as first reported);
oneconnect-fy2024-annual-results-2025-03-18.txt lines 29-34, 364-387 and 583-586 (FY2023
re-presented, and the virtual bank's amounts); sensetime-fy2024-annual-results-2025-03-26.txt
(2023-12-31 balance sheet under the IAS 1 amendments).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from .conftest import DISCLOSURES
from .helpers import SAMPLES, run


@pytest.fixture(scope="module", params=["samples", "documents"])
def home(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A ledger holding the six disclosures, from the samples or from the real documents."""
    if request.param == "documents" and not (DISCLOSURES / "manifest.toml").exists():
        if os.environ.get("CI"):
            pytest.fail(f"CI requires the real documents at {DISCLOSURES}")
        pytest.skip("../shared/disclosures is not present")
    manifest = SAMPLES if request.param == "samples" else DISCLOSURES
    path = tmp_path_factory.mktemp(request.param)
    result = run(path, "ingest", "--manifest", str(manifest / "manifest.toml"))
    assert result.exit_code == 0, result.output
    return path


def restated(home: Path, *args: str) -> dict[tuple[str, str, str], dict[str, object]]:
    result = run(home, "restatements", "--format", "json", *args)
    return {(r["concept"], r["period"], r["dimensions"]): r for r in json.loads(result.stdout)}


def as_json(home: Path, *args: str) -> list[dict[str, object]]:
    result = run(home, *args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.mark.parametrize(
    ("concept", "dimensions", "original", "new", "delta"),
    [
        ("ifrs-full:Revenue", "", "3667508", "3521591", "-145917"),
        ("ifrs-full:Revenue", "customer=third-party", "1307396", "1161479", "-145917"),
        ("ifrs-full:GrossProfit", "", "1349405", "1326017", "-23388"),
        ("ifrs-full:ProfitLossFromOperatingActivities", "", "-368212", "-217285", "150927"),
    ],
)
def test_restatements__fy2023_re_presentation_is_explained_by_the_virtual_bank(
    home: Path, concept: str, dimensions: str, original: str, new: str, delta: str
) -> None:
    row = restated(home, "--issuer", "oneconnect", "--period", "FY2023")[
        (concept, "FY2023", dimensions)
    ]
    assert (row["original_value"], row["restated_value"], row["delta"]) == (original, new, delta)
    assert (row["kind"], row["explained"]) == ("re-presentation", True)
    assert row["original_document"] == "oneconnect-fy2023-results-2024-03-18.txt"
    assert row["restated_document"] == "oneconnect-fy2024-annual-results-2025-03-18.txt"
    assert row["restated_published_on"] == "2025-03-18"
    assert "Virtual Bank Business" in str(row["explanation"])
    (tie,) = row["tieouts"]  # type: ignore[misc]
    assert (tie["expected"], tie["passed"]) == (delta, True)


def test_restatements__loss_attributable_to_owners_is_not_restated(home: Path) -> None:
    keys = restated(home, "--issuer", "oneconnect")
    assert ("ifrs-full:ProfitLossAttributableToOwnersOfParent", "FY2023", "") not in keys


@pytest.mark.parametrize(
    "concept", ["ifrs-full:Assets", "ifrs-full:Liabilities", "ifrs-full:Equity"]
)
def test_restatements__2023_balance_sheet_totals_are_not_restated(home: Path, concept: str) -> None:
    assert (concept, "2023-12-31", "") not in restated(home, "--issuer", "oneconnect")


def income_fy2023(home: Path, *args: str) -> dict[str, dict[str, object]]:
    rows = as_json(
        home, "statement", "--issuer", "OCFT", "--statement", "income", "--period", "FY2023", *args
    )
    return {str(r["concept"]): r for r in rows}


def test_statement__as_at_2024_shows_first_reported_figures(home: Path) -> None:
    rows = income_fy2023(home, "--as-at", "2024-06-30")
    assert rows["ifrs-full:Revenue"]["value"] == "3667508"
    assert rows["ifrs-full:ProfitLossFromOperatingActivities"]["value"] == "-368212"
    assert "ifrs-full:CostOfSales" not in rows  # first printed in 2025


def test_statement__as_at_2025_shows_re_presented_figures(home: Path) -> None:
    rows = income_fy2023(home, "--as-at", "2025-06-30")
    assert rows["ifrs-full:Revenue"]["value"] == "3521591"
    assert rows["ifrs-full:CostOfSales"]["value"] == "-2195574"
    assert rows["ifrs-full:Revenue"]["declared"] == "re-presentation (IFRS 5)"


def test_statement__compare_shows_both_vintages_and_deltas(home: Path) -> None:
    rows = income_fy2023(home, "--as-at", "2024-06-30", "--compare-as-at", "2025-06-30")
    revenue = rows["ifrs-full:Revenue"]
    assert (revenue["value"], revenue["compare_value"], revenue["delta"]) == (
        "3667508",
        "3521591",
        "-145917",
    )


def test_statement__balance_sheet_defaults_to_the_latest_date(home: Path) -> None:
    rows = as_json(home, "statement", "--issuer", "OCFT", "--statement", "balance")
    assets = {str(r["concept"]): r for r in rows}["ifrs-full:Assets"]
    assert assets["value"] == "3967252"


def test_sensetime__2023_balance_sheet_carries_the_ias1_reclassification(home: Path) -> None:
    rows = as_json(home, "facts", "--issuer", "0020", "--period", "2023-12-31", "--dimensions", "")
    assets = {str(r["concept"]): r for r in rows}["ifrs-full:Assets"]
    assert assets["declared"] == "reclassification (IAS 1)"
    assert assets["document"] == "sensetime-fy2024-annual-results-2025-03-26.txt"
    statement = as_json(
        home,
        "statement",
        "--issuer",
        "sensetime",
        "--statement",
        "balance",
        "--period",
        "2023-12-31",
    )
    assert {r["declared"] for r in statement} == {"reclassification (IAS 1)"}


def test_sensetime__current_year_lines_are_not_marked(home: Path) -> None:
    rows = as_json(home, "facts", "--issuer", "0020", "--period", "2024-12-31", "--dimensions", "")
    assert {r["declared"] for r in rows} == {""}


def test_statement_macro__lays_out_the_income_statement_in_order(home: Path) -> None:
    sql = (
        "SELECT concept, value FROM statement_as_at('oneconnect', 'income', 'FY2023', '2024-06-30')"
    )
    rows = as_json(home, "query", sql)
    assert [r["concept"] for r in rows][:3] == [
        "ifrs-full:Revenue",
        "ifrs-full:GrossProfit",
        "ifrs-full:ProfitLossFromOperatingActivities",
    ]
    assert rows[0]["value"] == "3667508"
