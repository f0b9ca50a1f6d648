"""Printed numbers: signs, nil marks, separators, percentages, ranges and scale words."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ledger.ingest.extractor.reading.numbers import (
    AMOUNT,
    JUNK,
    NIL,
    PERCENT,
    RANGE,
    clean_cell,
    parse_number,
    read_scale,
    split_tokens,
)


def test_parse_number__parentheses_are_negative() -> None:
    number = parse_number("(368,212)")
    assert (number.kind, number.value) == (AMOUNT, Decimal("-368212"))


def test_parse_number__leading_minus_is_negative() -> None:
    assert parse_number("-44.6%").value == Decimal("-44.6")


@pytest.mark.parametrize("token", ["-", "—", "–", "_", "="])
def test_parse_number__dash_marks_are_nil(token: str) -> None:
    assert parse_number(token).kind == NIL


def test_parse_number__dot_is_a_thousands_separator__in_a_table_of_thousands() -> None:
    assert parse_number("209.499", dot_thousands=True).value == Decimal("209499")


def test_parse_number__per_share_decimals_stay_decimals() -> None:
    number = parse_number("(18.42)", dot_thousands=False)
    assert (number.value, number.places) == (Decimal("-18.42"), 2)


def test_parse_number__percentage_keeps_its_decimals() -> None:
    number = parse_number("35.8%")
    assert (number.kind, number.value, number.places) == (PERCENT, Decimal("35.8"), 1)


@pytest.mark.parametrize("token", ["-10%-13%", "2.0%~3.0%", "-2%-8%"])
def test_parse_number__ranges_are_not_single_numbers(token: str) -> None:
    assert parse_number(token).kind == RANGE


@pytest.mark.parametrize("token", ["(17 608)", "(126, 433)"])
def test_parse_number__thousands_group_split_by_a_space(token: str) -> None:
    assert parse_number(token).value == -Decimal(
        token.strip("()").replace(",", "").replace(" ", "")
    )


def test_parse_number__leading_zero_group_is_a_misread_figure() -> None:
    assert parse_number("004,127").kind == JUNK


def test_clean_cell__strips_latex_dollars_and_emphasis() -> None:
    assert clean_cell("$1,307,064$") == "1,307,064"
    assert clean_cell("<u><b>(2,152,404)</b></u>") == "(2,152,404)"
    assert clean_cell("HK\\$933 million") == "HK$933 million"


@pytest.mark.parametrize(
    ("cell", "tokens"),
    [
        ("(17 608)", ["(17 608)"]),
        ("(126, 433)", ["(126, 433)"]),
        ("993,842 311,190 19,160 –", ["993,842", "311,190", "19,160", "–"]),
        ("-28.5 %", ["-28.5%"]),
    ],
)
def test_split_tokens__rejoins_groups_split_by_a_space(cell: str, tokens: list[str]) -> None:
    assert split_tokens(cell) == tokens


@pytest.mark.parametrize(
    ("text", "currency", "scale"),
    [
        ("RMB'000", "RMB", 3),
        ("<i>RMB</i> '000", "RMB", 3),
        ("RMB′000", "RMB", 3),
        ("RMB in thousands, except for percentages", "RMB", 3),
        ("RMB million", "RMB", 6),
        ("RMB 10,000", "RMB", 4),
        ("Revenue (RMB0'000)", "RMB", 4),
        ("Approximately HK$ million", "HKD", 6),
        ("US$ million", "USD", 6),
    ],
)
def test_read_scale__currency_and_power_of_ten(text: str, currency: str, scale: int) -> None:
    found = read_scale(text)
    assert (found.currency, found.scale) == (currency, scale)
