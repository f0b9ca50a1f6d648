"""Figures stated in sentences: headcount, gearing ratio and key-performance revenue, each with its
line, unit, scale and precision; a table's value for the same series always wins.

The sentences below are written for these tests (figures and labels as the documents print
them, not their prose).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ledger.domain.values import Period
from ledger.ingest.extractor.facts.candidates import Candidate
from ledger.ingest.extractor.facts.sentences import reconcile, sentence_candidates

YEAR_END = date(2024, 12, 31)


def read(text: str) -> list[Candidate]:
    return sentence_candidates(text.strip("\n").split("\n"), YEAR_END)


def test_headcount__as_at_the_date_of_the_sentence() -> None:
    (found,) = read("At the year end.\nAs at 31 December 2024, the Group had 3,756 employees.")
    assert (found.concept, found.period.label, found.value, found.unit, found.scale) == (
        "esg:NumberOfEmployees",
        "2024-12-31",
        Decimal("3756"),
        "persons",
        0,
    )
    assert (found.line, found.decimals) == (2, 0)


def test_headcount__full_time_and_a_total_of() -> None:
    (found,) = read("As of June 30, 2024, we had a total of 1,926 full-time employees in China.")
    assert (found.period.label, found.value) == ("2024-06-30", Decimal("1926"))


def test_headcount__without_a_date_is_at_the_period_end() -> None:
    (found,) = read("The Company had 505 employees working on research.")
    assert found.period.label == "2024-12-31"


def test_headcount__an_approximation_is_no_figure() -> None:
    assert read("We are a team of nearly 1,899 employees.") == []
    assert read("The Group had approximately 1,900 employees.") == []


def test_gearing_ratio__negative_percentage_at_the_date() -> None:
    (found,) = read("As of December 31, 2024, our gearing ratio was -2.0%, a net cash position.")
    assert (found.concept, found.period.label, found.value, found.unit, found.decimals) == (
        "ext:GearingRatio",
        "2024-12-31",
        Decimal("-2.0"),
        "%",
        1,
    )


def test_gearing_ratio__definition_in_brackets_and_comparative() -> None:
    found = read(
        "As of December 31, 2024, our gearing ratio (total debt divided by total equity) "
        "was 1.7% (as of December 31, 2023: 10.3%)."
    )
    assert {(c.period.label, c.value) for c in found} == {
        ("2024-12-31", Decimal("1.7")),
        ("2023-12-31", Decimal("10.3")),
    }


def test_gearing_ratio__not_applicable_is_no_figure() -> None:
    assert read("As of 31 December 2023, the gearing ratio was not applicable.") == []


def test_kpi_revenue__billion_scale_and_precision_as_printed() -> None:
    (found,) = read("Key Performance in 2024 Economic Operating revenue RMB2.248billion Social")
    assert (found.concept, found.period.label, found.value, found.scale, found.decimals) == (
        "ifrs-full:Revenue",
        "FY2024",
        Decimal("2.248"),
        9,
        -6,
    )
    assert found.unit == "RMB"


def test_kpi_revenue__only_on_a_key_performance_line() -> None:
    assert read("Our revenue RMB2,248.1 million decreased by 36.2%.") == []


def table(value: str, scale: int, decimals: int) -> Candidate:
    return Candidate(
        "ifrs-full:Revenue",
        Period.parse("FY2024"),
        (),
        Decimal(value),
        "RMB",
        scale,
        decimals,
        364,
        "Revenue",
        value,
        "income",
    )


def test_reconcile__sentence_equal_to_the_table_is_kept_to_merge() -> None:
    (sentence,) = read("Key Performance in 2024 Operating revenue RMB2.248 billion")
    assert reconcile([sentence], [table("2248103", 3, -3)]) == [sentence]


def test_reconcile__sentence_differing_from_the_table_is_dropped() -> None:
    (sentence,) = read("Key Performance in 2024 Operating revenue RMB2.3 billion")
    assert reconcile([sentence], [table("2248103", 3, -3)]) == []


def test_reconcile__without_a_table_the_sentence_stands() -> None:
    (sentence,) = read("Key Performance in 2024 Operating revenue RMB2.248 billion")
    assert reconcile([sentence], []) == [sentence]
