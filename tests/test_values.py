"""Periods, dimensions and series keys: the vocabulary of design notes section 2."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ledger.domain.errors import InvalidDisclosureError
from ledger.domain.values import Dimensions, Period, parse_date


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("FY2023", date(2023, 1, 1), date(2023, 12, 31)),
        ("H1 2024", date(2024, 1, 1), date(2024, 6, 30)),
        ("H2 2024", date(2024, 7, 1), date(2024, 12, 31)),
        ("Q4 2023", date(2023, 10, 1), date(2023, 12, 31)),
        ("9M 2024", date(2024, 1, 1), date(2024, 9, 30)),
        ("2024-01-01..2024-04-02", date(2024, 1, 1), date(2024, 4, 2)),
        ("2023-12-31", None, date(2023, 12, 31)),
    ],
)
def test_period_parse__round_trips_its_label(text: str, start: date | None, end: date) -> None:
    period = Period.parse(text)
    assert (period.start, period.end) == (start, end)
    assert period.label == text


def test_period_label__quarter_range_gets_short_name() -> None:
    assert Period.parse("2024-04-01..2024-06-30").label == "Q2 2024"


@pytest.mark.parametrize("text", ["FY23", "2023", "2024-02-30", "2024-13-01", "Q5 2024", ""])
def test_period_parse__refuses_what_is_not_a_period(text: str) -> None:
    with pytest.raises(InvalidDisclosureError):
        Period.parse(text)


def test_period__refuses_start_after_end() -> None:
    with pytest.raises(InvalidDisclosureError, match="after it ends"):
        Period.parse("2024-05-01..2024-04-02")


def test_parse_date__refuses_impossible_date() -> None:
    with pytest.raises(InvalidDisclosureError, match="not a valid date"):
        parse_date("2023-02-29")


def test_dimensions__equal_whatever_the_order() -> None:
    a = Dimensions({"segment": "Virtual Bank Business", "operations": "discontinued"})
    b = Dimensions([("operations", "discontinued"), ("segment", "Virtual Bank Business")])
    assert a == b
    assert a.key == "operations=discontinued;segment=Virtual Bank Business"
    assert not Dimensions()


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 1, 1)), st.integers(0, 800))
def test_period_label__parses_back_to_the_same_period(start: date, days: int) -> None:
    from datetime import timedelta

    period = Period(start=start, end=start + timedelta(days=days))
    assert Period.parse(period.label) == period
