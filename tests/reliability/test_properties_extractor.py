"""Property-based tests of the text extractor's parsers: ``numbers`` and ``tables``.

Kept apart from test_properties.py, which covers the loaders: adjust the properties here when
the parsers' public functions change. Each test states what must hold for any input (never an
exception, values exact), whatever the parser decides a token means.
"""

from __future__ import annotations

from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ledger.ingest.extractor.reading import numbers
from ledger.ingest.extractor.reading.numbers import (
    clean_cell,
    parse_number,
    read_scale,
    split_tokens,
)
from ledger.ingest.extractor.reading.tables import find_tables

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
KINDS = {numbers.AMOUNT, numbers.PERCENT, numbers.NIL, numbers.RANGE, numbers.YEAR, numbers.JUNK}
#: Characters printed figures are made of, so generated tokens often look like numbers.
FIGURE_TEXT = st.text(alphabet="0123456789,.()-−%~ $'’—_|Il", max_size=24)
ANY_TEXT = st.one_of(st.text(max_size=60), FIGURE_TEXT)


@SETTINGS
@given(ANY_TEXT, st.booleans())
def test_parse_number__never_raises_and_values_are_finite(token: str, dot_thousands: bool) -> None:
    number = parse_number(token, dot_thousands=dot_thousands)
    assert number.kind in KINDS
    if number.value is not None:
        assert number.kind in (numbers.AMOUNT, numbers.PERCENT)
        assert number.value.is_finite()
        assert number.places >= 0


@SETTINGS
@given(st.integers(min_value=1000, max_value=10**15), st.booleans())
def test_parse_number__thousands_separators_and_brackets_are_exact(n: int, negative: bool) -> None:
    printed = f"{n:,}"
    token = f"({printed})" if negative else printed
    number = parse_number(token)
    assert number.kind == numbers.AMOUNT
    assert number.value == (-n if negative else n)
    assert number.places == 0


@SETTINGS
@given(st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False), st.booleans())
def test_parse_number__decimals_keep_their_places(value: Decimal, negative: bool) -> None:
    printed = f"{value:.2f}"
    token = f"({printed})" if negative else printed
    number = parse_number(token, dot_thousands=False)
    assert number.kind == numbers.AMOUNT
    assert number.value == (-value if negative else value)
    assert number.places == 2


@SETTINGS
@given(st.decimals(min_value=0, max_value=1000, places=1, allow_nan=False))
def test_parse_number__percentages_are_percent(value: Decimal) -> None:
    number = parse_number(f"{value:.1f}%")
    assert number.kind == numbers.PERCENT
    assert number.value == value


@SETTINGS
@given(ANY_TEXT)
def test_cell_helpers__never_raise(text: str) -> None:
    cleaned = clean_cell(text)
    assert "\n" not in cleaned and "  " not in cleaned
    for token in split_tokens(cleaned):
        parse_number(token)
    assert read_scale(text).scale in (None, 0, 3, 4, 6, 9)


LINE = st.one_of(
    st.text(max_size=80),
    st.lists(
        st.one_of(FIGURE_TEXT, st.sampled_from(["Revenue", "Total", "2023", "2024", "RMB'000"])),
        max_size=5,
    ).map(lambda parts: "\t".join(parts)),
    st.lists(
        st.one_of(FIGURE_TEXT, st.sampled_from(["Gross profit", "Notes", "(Restated)"])), max_size=5
    ).map(lambda parts: "   ".join(parts)),
)


@SETTINGS
@given(st.lists(LINE, max_size=30))
def test_find_tables__never_raises_and_stays_inside_the_document(lines: list[str]) -> None:
    tables = find_tables(lines)
    for table in tables:
        assert 1 <= table.first_line <= table.last_line <= len(lines)
        for row in table.rows:
            assert table.first_line <= row.line <= table.last_line
            for cell in row.cells:
                assert cell.number.kind in KINDS
