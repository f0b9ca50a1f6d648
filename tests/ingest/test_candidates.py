"""Tables -> candidate facts: dimensions from context, periods, units, movement tables."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ledger.ingest.extractor.facts.candidates import (
    Candidate,
    DocContext,
    statement_of,
    table_candidates,
)
from ledger.ingest.extractor.facts.concepts import known_labels
from ledger.ingest.extractor.facts.refine import match_orphans, segment_names
from ledger.ingest.extractor.reading.tables import find_tables

DISPOSAL = date(2024, 4, 2)


def candidates(text: str, section: str = "", lead: str = "", **context: object) -> list[Candidate]:
    lines = text.strip("\n").split("\n")
    doc = DocContext(lines=tuple(lines), **context)  # type: ignore[arg-type]
    out: list[Candidate] = []
    for table in find_tables(lines, known_labels()):
        statement = statement_of(table, section, 0, lead)
        found, _ = table_candidates(table, section, statement, doc, lead)
        out.extend(found)
    return out


def one(cands: list[Candidate], concept: str, period: str, **dims: str) -> Candidate:
    (found,) = [
        c
        for c in cands
        if c.concept == concept and c.period.label == period and dict(c.dimensions) == dims
    ]
    return found


SEGMENTS = """
\tYear ended December 31, 2024 Discontinued operations\tContinuing operations\t
\tVirtual Bank Business RMB'000\tTechnology Solutions RMB'000\tConsolidated RMB'000
Revenue\t44,295\t2,248,103\t2,292,398
"""


def test_table_candidates__segment_columns_carry_segment_and_operations() -> None:
    cands = candidates(SEGMENTS, disposal_date=DISPOSAL)
    bank = one(
        cands,
        "ifrs-full:Revenue",
        "2024-01-01..2024-04-02",
        operations="discontinued",
        segment="Virtual Bank Business",
    )
    assert bank.value == 44295
    assert (
        one(cands, "ifrs-full:Revenue", "FY2024", segment="Technology Solutions").value == 2248103
    )
    assert one(cands, "ifrs-full:Revenue", "FY2024", operations="all").value == 2292398


def test_table_candidates__customer_lines_of_a_revenue_table() -> None:
    cands = candidates("""
In RMB'000 2024 2023
Revenue
Revenue from Ping An Group and Lufax 1,307,064 2,360,112
Revenue from third-party customers 941,039 1,161,479
Total 2,248,103 3,521,591
""")
    assert one(cands, "ifrs-full:Revenue", "FY2023", customer="third-party").value == 1161479
    assert one(cands, "ifrs-full:Revenue", "FY2023").value == 3521591


def test_table_candidates__service_lines_of_a_revenue_disaggregation() -> None:
    cands = candidates(
        """
\t2023\t2024
\tRMB'000\tRMB'000
Implementation\t834,620\t664,127
– Cloud services platform (i)\t1,245,952\t618,088
""",
        lead="4.1 Disaggregation of revenue from contracts with customers",
    )
    cloud = one(cands, "ifrs-full:Revenue", "FY2024", service_line="Cloud services platform")
    assert cloud.value == 618088


def test_table_candidates__parent_company_note_is_entity_parent() -> None:
    cands = candidates(
        """
\t2023\t2024
\tRMB'000\tRMB'000
Loss for the year\t(362,715)\t(459,677)
""",
        section="42 Parent company only condensed financial information",
    )
    assert one(cands, "ifrs-full:ProfitLoss", "FY2024", entity="parent").value == -459677


def test_table_candidates__per_share_lines_are_decimals_in_rmb_per_share() -> None:
    cands = candidates("""
\t2024\t2023
\tRMB'000\tRMB'000
Basic and diluted loss per share (RMB)\t(0.13)\t(0.20)
""")
    eps = one(cands, "ifrs-full:BasicAndDilutedEarningsLossPerShare", "FY2024")
    assert (eps.value, eps.unit, eps.scale, eps.decimals) == (Decimal("-0.13"), "RMB/share", 0, 2)


def test_table_candidates__dot_separator_in_a_thousands_table() -> None:
    cands = candidates("""
\t2024\t2023
\tRMB'000\tRMB'000
Profit/(Loss) from discontinued operation\t209.499\t(151,373)
""")
    found = one(cands, "ifrs-full:ProfitLossFromDiscontinuedOperations", "FY2024")
    assert (found.value, found.scale) == (209499, 3)


def test_table_candidates__movement_table_balances_are_instants() -> None:
    cands = candidates(
        """
(a) Deferred tax assets

\tTax losses RMB'000\tOthers RMB'000\tTotal RMB'000
At December 31, 2023\t582,625\t52,265\t634,890
Recognized in the profit or loss\t(422,992)\t(20,970)\t(443,962)
At December 31, 2024\t159,633\t31,295\t190,928
"""
    )
    assert one(cands, "ifrs-full:DeferredTaxAssets", "2024-12-31").value == 190928
    assert (
        one(cands, "ifrs-full:DeferredTaxAssets", "2023-12-31", component="Tax losses").value
        == 582625
    )
    movement = [c for c in cands if c.period.label == "FY2024"]
    assert {c.value for c in movement} == {-422992, -20970, -443962}


def test_match_orphans__unlabelled_row_takes_the_concept_it_repeats() -> None:
    cands = candidates("""
\tAs at 31 December
\t2022\t2023
Total assets\t3,268,447\t3,289,157

As at 31 December
2019\t2022\t2023
854,514\t3,268,447\t3,289,157
""")
    matched = match_orphans(cands)
    assert {(c.period.label, c.value) for c in matched} >= {("2019-12-31", 854514)}
    assert {c.concept for c in matched} == {"ifrs-full:Assets"}


def test_segment_names__named_segments_in_the_text() -> None:
    names = segment_names(["Our Generative AI segment grew.", "The Smart Auto segment fell."])
    assert {"Generative AI", "Smart Auto"} <= names


def test_table_candidates__six_months_columns_are_half_years() -> None:
    cands = candidates("""
\tSix months ended 30 June
\t2024\t2023
\tRMB'000\tRMB'000
Revenue\t1,700,000\t1,500,000
""")
    assert one(cands, "ifrs-full:Revenue", "H1 2024").value == 1700000


def test_table_candidates__as_at_june_columns_are_month_end_instants() -> None:
    cands = candidates("""
\tAs at 30 June\tAs at 31 December
\t2024\t2023
\tRMB'000\tRMB'000
Total assets\t3,900,000\t3,967,252
""")
    assert one(cands, "ifrs-full:Assets", "2024-06-30").value == 3900000
    assert one(cands, "ifrs-full:Assets", "2023-12-31").value == 3967252
