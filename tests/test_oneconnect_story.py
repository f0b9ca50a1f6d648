"""The OneConnect story on the samples: FY2023 as first reported, then re-presented.

Figures (RMB'000) from oneconnect-fy2023-results-2024-03-18.txt lines 17-24 and
oneconnect-fy2024-annual-results-2025-03-18.txt lines 29-34, 364-387 and 583-586.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .helpers import SAMPLES, run


@pytest.fixture
def home(tmp_path: Path) -> Path:
    assert run(tmp_path, "ingest", "--manifest", str(SAMPLES / "manifest.toml")).exit_code == 0
    return tmp_path


def listed(home: Path) -> dict[tuple[str, str], dict[str, object]]:
    result = run(
        home, "restatements", "--issuer", "oneconnect", "--period", "FY2023", "--format", "json"
    )
    return {(r["concept"], r["dimensions"]): r for r in json.loads(result.stdout)}


@pytest.mark.parametrize(
    ("concept", "dimensions", "original", "restated", "delta"),
    [
        ("ifrs-full:Revenue", "", "3667508", "3521591", "-145917"),
        ("ifrs-full:Revenue", "customer=third-party", "1307396", "1161479", "-145917"),
        ("ifrs-full:GrossProfit", "", "1349405", "1326017", "-23388"),
        ("ifrs-full:ProfitLossFromOperatingActivities", "", "-368212", "-217285", "150927"),
    ],
)
def test_restatements__fy2023_re_presentation_is_listed_and_explained(
    home: Path, concept: str, dimensions: str, original: str, restated: str, delta: str
) -> None:
    row = listed(home)[(concept, dimensions)]
    assert (row["original_value"], row["restated_value"], row["delta"]) == (
        original,
        restated,
        delta,
    )
    assert (row["kind"], row["explained"]) == ("re-presentation", True)
    assert row["restated_published_on"] == "2025-03-18"
    assert row["restated_document"] == "oneconnect-fy2024-annual-results-2025-03-18.txt"
    assert "Virtual Bank Business" in str(row["explanation"])
    (tie,) = row["tieouts"]  # type: ignore[misc]
    assert tie["expected"] == delta and tie["passed"] is True


def test_restatements__loss_attributable_to_owners_is_not_restated(home: Path) -> None:
    assert ("ifrs-full:ProfitLossAttributableToOwnersOfParent", "") not in listed(home)


def test_statement__as_at_2024_shows_first_reported_figures(home: Path) -> None:
    result = run(
        home,
        "statement",
        "--issuer",
        "OCFT",
        "--statement",
        "income",
        "--period",
        "FY2023",
        "--as-at",
        "2024-06-30",
        "--format",
        "json",
    )
    rows = {r["concept"]: r for r in json.loads(result.stdout)}
    assert rows["ifrs-full:Revenue"]["value"] == "3667508"
    assert rows["ifrs-full:ProfitLossFromOperatingActivities"]["value"] == "-368212"
    assert "ifrs-full:CostOfSales" not in rows  # first printed in 2025


def test_statement__as_at_2025_shows_re_presented_figures(home: Path) -> None:
    result = run(
        home,
        "statement",
        "--issuer",
        "OCFT",
        "--statement",
        "income",
        "--period",
        "FY2023",
        "--as-at",
        "2025-06-30",
        "--format",
        "json",
    )
    rows = {r["concept"]: r for r in json.loads(result.stdout)}
    assert rows["ifrs-full:Revenue"]["value"] == "3521591"
    assert rows["ifrs-full:CostOfSales"]["value"] == "-2195574"


def test_statement__compare_shows_both_vintages_and_deltas(home: Path) -> None:
    result = run(
        home,
        "statement",
        "--issuer",
        "OCFT",
        "--statement",
        "income",
        "--period",
        "FY2023",
        "--as-at",
        "2024-06-30",
        "--compare-as-at",
        "2025-06-30",
    )
    assert result.exit_code == 0
    revenue = next(line for line in result.stdout.splitlines() if "ifrs-full:Revenue" in line)
    assert "3,667,508" in revenue and "3,521,591" in revenue and "(145,917)" in revenue


def test_statement__balance_sheet_defaults_to_the_latest_date(home: Path) -> None:
    result = run(
        home, "statement", "--issuer", "OCFT", "--statement", "balance", "--format", "json"
    )
    rows = {r["concept"]: r for r in json.loads(result.stdout)}
    assert rows["ifrs-full:Assets"]["value"] == "3967252"
