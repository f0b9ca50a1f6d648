"""A document that reports no discontinued operation prints its profit lines for continuing
operations too: each is recorded under both concepts, so that a later document that
re-presents the figure "from continuing operations" restates the same series.

The inline releases are written for these tests; the Sohu pair of
../shared/disclosures/other-issuers is checked end to end in test_other_issuers.py."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ledger.ingest.extractor.facts.continuing import continuing_label
from ledger.ingest.extractor.pipeline import extract_document

TOP = (
    "Widget Holdings Inc. (NASDAQ: WDGT)\n"
    "Widget Holdings Reports Fourth Quarter 2023 Results\n"
    "Beijing, Feb. 20, 2024 (PRNewswire): Widget Holdings Inc. released results for the fourth"
    " quarter ended December 31, 2023.\n"
    "Fourth Quarter Highlights\n"
)
GROUP = (
    "- Total revenues were US$120.3 million, 5.2% higher year over year.\n"
    "- GAAP net loss attributable to Widget Holdings Inc. was US$18.4 million.\n"
    "- Non-GAAP net income attributable to Widget Holdings Inc. was US$7.1 million.\n"
)


def _facts(tmp_path: Path, text: str) -> list[dict[str, Any]]:
    path = tmp_path / "widget-q4-2023.txt"
    path.write_text(text, encoding="utf-8")
    facts: list[dict[str, Any]] = extract_document(path, issuer="widget").disclosure["facts"]
    return facts


def _by_concept(facts: list[dict[str, Any]]) -> dict[str, str]:
    return {f["concept"]: f["value"] for f in facts if f["period"] == "Q4 2023"}


def test_the_owners_share_is_also_that_of_continuing_operations(tmp_path: Path) -> None:
    found = _by_concept(_facts(tmp_path, TOP + GROUP))
    assert found["ifrs-full:ProfitLossAttributableToOwnersOfParent"] == "-18.4"
    continuing = "ifrs-full:ProfitLossFromContinuingOperationsAttributableToOwnersOfParent"
    assert found[continuing] == "-18.4"


def test_a_non_gaap_net_income_gets_the_concept_its_continuing_wording_names(
    tmp_path: Path,
) -> None:
    found = _by_concept(_facts(tmp_path, TOP + GROUP))
    assert found["ext:NonGaapNetIncomeAttributableToWidgetHoldingInc"] == "7.1"
    assert found["ext:NonGaapNetIncomeFromContinuingOperationAttributableToWidgetHoldingInc"] == (
        "7.1"
    )


def test_revenue_has_no_twin(tmp_path: Path) -> None:
    found = _by_concept(_facts(tmp_path, TOP + GROUP))
    assert [c for c in found if "Revenue" in c] == ["ifrs-full:Revenue"]


def test_a_document_that_names_discontinued_operations_keeps_one_concept(tmp_path: Path) -> None:
    text = TOP + GROUP + "The Gadgets business is presented as discontinued operations.\n"
    found = _by_concept(_facts(tmp_path, text))
    assert not [c for c in found if "ContinuingOperations" in c]


def test_the_continuing_wording_goes_before_attributable_to() -> None:
    assert continuing_label("GAAP net loss attributable to Acme Limited") == (
        "GAAP net loss from continuing operations attributable to Acme Limited"
    )
    assert continuing_label("Adjusted net loss") == "Adjusted net loss from continuing operations"
