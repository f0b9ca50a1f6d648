"""The six real documents, ingested through the extractor: the restatement story end to end.

Figures in RMB'000 from ../shared/disclosures (see the seed notes for their lines).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from .conftest import DISCLOSURES
from .helpers import run


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not (DISCLOSURES / "manifest.toml").exists():
        if os.environ.get("CI"):
            pytest.fail(f"CI requires the real documents at {DISCLOSURES}")
        pytest.skip("../shared/disclosures is not present")
    path = tmp_path_factory.mktemp("real")
    result = run(path, "ingest", "--manifest", str(DISCLOSURES / "manifest.toml"))
    assert result.exit_code == 0, result.output
    return path


def restated(home: Path, *args: str) -> dict[tuple[str, str, str], dict[str, object]]:
    result = run(home, "restatements", "--format", "json", *args)
    return {(r["concept"], r["period"], r["dimensions"]): r for r in json.loads(result.stdout)}


@pytest.mark.parametrize(
    ("concept", "dimensions", "original", "new", "delta"),
    [
        ("ifrs-full:Revenue", "", "3667508", "3521591", "-145917"),
        ("ifrs-full:Revenue", "customer=third-party", "1307396", "1161479", "-145917"),
        ("ifrs-full:GrossProfit", "", "1349405", "1326017", "-23388"),
        ("ifrs-full:ProfitLossFromOperatingActivities", "", "-368212", "-217285", "150927"),
    ],
)
def test_oneconnect__fy2023_re_presentation_is_explained_by_the_virtual_bank(
    home: Path, concept: str, dimensions: str, original: str, new: str, delta: str
) -> None:
    row = restated(home, "--issuer", "oneconnect", "--period", "FY2023")[
        (concept, "FY2023", dimensions)
    ]
    assert (row["original_value"], row["restated_value"], row["delta"]) == (original, new, delta)
    assert (row["kind"], row["explained"]) == ("re-presentation", True)
    assert row["restated_document"] == "oneconnect-fy2024-annual-results-2025-03-18.txt"
    assert row["original_document"] == "oneconnect-fy2023-results-2024-03-18.txt"
    assert "Virtual Bank Business" in str(row["explanation"])
    assert [t["expected"] for t in row["tieouts"]] == [delta]  # type: ignore[union-attr]


def test_oneconnect__loss_attributable_to_owners_is_not_restated(home: Path) -> None:
    keys = restated(home, "--issuer", "oneconnect")
    assert ("ifrs-full:ProfitLossAttributableToOwnersOfParent", "FY2023", "") not in keys


@pytest.mark.parametrize(
    "concept", ["ifrs-full:Assets", "ifrs-full:Liabilities", "ifrs-full:Equity"]
)
def test_oneconnect__2023_balance_sheet_totals_are_not_restated(home: Path, concept: str) -> None:
    assert (concept, "2023-12-31", "") not in restated(home, "--issuer", "oneconnect")


def test_oneconnect__statement_as_at_two_dates(home: Path) -> None:
    def revenue(as_at: str) -> str:
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
            as_at,
            "--format",
            "json",
        )
        rows = {r["concept"]: r for r in json.loads(result.stdout)}
        return str(rows["ifrs-full:Revenue"]["value"])

    assert (revenue("2024-06-30"), revenue("2025-06-30")) == ("3667508", "3521591")


def test_sensetime__2023_balance_sheet_carries_the_ias1_reclassification(home: Path) -> None:
    result = run(
        home,
        "facts",
        "--issuer",
        "0020",
        "--period",
        "2023-12-31",
        "--dimensions",
        "",
        "--format",
        "json",
    )
    rows = {r["concept"]: r for r in json.loads(result.stdout)}
    assert rows["ifrs-full:Assets"]["declared"] == "reclassification (IAS 1)"
    assert rows["ifrs-full:Assets"]["document"] == "sensetime-fy2024-annual-results-2025-03-26.txt"
    statement = run(
        home,
        "statement",
        "--issuer",
        "sensetime",
        "--statement",
        "balance",
        "--period",
        "2023-12-31",
        "--format",
        "json",
    )
    declared = {r["declared"] for r in json.loads(statement.stdout)}
    assert declared == {"reclassification (IAS 1)"}


def test_sensetime__current_year_is_not_marked(home: Path) -> None:
    result = run(
        home,
        "facts",
        "--issuer",
        "0020",
        "--period",
        "2024-12-31",
        "--dimensions",
        "",
        "--format",
        "json",
    )
    assert {r["declared"] for r in json.loads(result.stdout)} == {""}
