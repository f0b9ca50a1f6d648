"""ESG key performance indicators printed as running text."""

from __future__ import annotations

from decimal import Decimal

from ledger.ingest.extractor.facts.esg import esg_candidates
from ledger.ingest.extractor.reading.text import Document

PAGE = (
    "Key performance indicators Category Key Performance Indicators Unit 2022 2023 2024 "
    "GHG Emis-sions Scope 2 GHG emissions tCO2 e 1,326.30 1,097.47 757.08 "
    "Scope 2 GHG emissions intensity tCO2 e /person 0.47 0.45 0.40 "
    "Employment Total number of employees / 2,832 2,440 1,937 "
    "Number of employees by gender Male employees / 1,836 1,581 1,270 "
    "Female employees / 996 859 667 "
    "Recruitment Number of full-time employees / / / 1,926 "
    "Public Welfare New charitable donations and material contributions RMB 10,000 / / 3 "
    "Notes: (1) a note that is not a KPI 2022 2023 2024."
)


def kpis() -> dict[tuple[str, str, tuple[tuple[str, str], ...]], tuple[Decimal, str, int]]:
    doc = Document(file="esg.txt", sha256="0", lines=("Contents", PAGE))
    found, _ = esg_candidates(doc)
    return {(c.concept, c.period.label, c.dimensions): (c.value, c.unit, c.line) for c in found}


def test_esg_candidates__indicator_unit_and_values_per_year() -> None:
    assert kpis()[("esg:Scope2Emissions", "FY2022", ())] == (Decimal("1326.30"), "tCO2e", 2)


def test_esg_candidates__intensity_is_its_own_indicator_with_a_per_person_unit() -> None:
    value, unit, _ = kpis()[("esg:Scope2EmissionsIntensity", "FY2024", ())]
    assert (value, unit) == (Decimal("0.40"), "tCO2e/person")


def test_esg_candidates__slash_unit_is_a_head_count_and_headcounts_are_instants() -> None:
    assert kpis()[("esg:NumberOfEmployees", "2024-12-31", ())][:2] == (Decimal(1937), "persons")


def test_esg_candidates__group_heading_gives_the_dimension() -> None:
    found = kpis()[("esg:NumberOfEmployees", "2024-12-31", (("gender", "female"),))]
    assert found[0] == Decimal(667)


def test_esg_candidates__slash_value_is_not_disclosed() -> None:
    years = {p for (c, p, d) in kpis() if c == "esg:CharitableDonations"}
    assert years == {"FY2024"}


def test_esg_candidates__ten_thousand_unit_is_a_scale() -> None:
    doc = Document(file="esg.txt", sha256="0", lines=(PAGE,))
    found, _ = esg_candidates(doc)
    (gift,) = [c for c in found if c.concept == "esg:CharitableDonations"]
    assert (gift.value, gift.unit, gift.scale) == (Decimal(3), "RMB", 4)
