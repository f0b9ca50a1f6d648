"""``fact_versions.printed_value`` is the stored value shifted by its scale, exactly.

The projection stores each value once, in its unit (3,667,508 printed in RMB'000 is stored as
3667508000 with scale 3); the view ``fact_versions`` gives it back as printed. The shift is
exact, rounded to the column's ten decimal places half away from zero like every cast to
DECIMAL(38, 10).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from decimal import ROUND_HALF_UP, Decimal, localcontext

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ledger.projections.sql import load_sql

SERIES = uuid.UUID(int=1)
DISCLOSURE = uuid.UUID(int=2)
TEN_PLACES = Decimal("1E-10")


@pytest.fixture(scope="module")
def projection() -> Iterator[duckdb.DuckDBPyConnection]:
    con = duckdb.connect()
    con.execute(load_sql("schema.sql"))
    con.execute(
        "INSERT INTO series VALUES (?, 'oneconnect', 'ifrs-full:Revenue', 'FY2023',"
        " DATE '2023-01-01', DATE '2023-12-31', '', 'RMB')",
        [SERIES],
    )
    yield con
    con.close()


def printed(con: duckdb.DuckDBPyConnection, value: Decimal, scale: int) -> Decimal:
    con.execute("DELETE FROM fact_values")
    con.execute(
        "INSERT INTO fact_values VALUES (?, 'oneconnect', ?, ?, -3, DATE '2024-03-18', ?,"
        " 'doc.txt', 18, 'Revenue', '3,667,508', 'income', [], NULL, NULL)",
        [SERIES, value, scale, DISCLOSURE],
    )
    [(result,)] = con.execute("SELECT printed_value FROM fact_versions").fetchall()
    return result


@pytest.mark.parametrize(
    ("value", "scale", "as_printed"),
    [
        ("3667508000", 3, "3667508"),  # OneConnect's FY2023 revenue, RMB'000
        ("-145917000", 3, "-145917"),
        ("0.0000000055", 0, "0.0000000055"),
        ("-0.0000000005", -1, "-0.000000005"),  # a negative scale shifts the other way
        ("40.1234567891", 0, "40.1234567891"),
        ("1234.5", 3, "1.2345"),
        ("0.0000000005", 1, "0.0000000001"),  # the eleventh place rounds half away from zero
        ("-0.0000000005", 1, "-0.0000000001"),
        ("0", 6, "0"),
    ],
)
def test_printed_value__is_the_value_shifted_by_its_scale(
    projection: duckdb.DuckDBPyConnection, value: str, scale: int, as_printed: str
) -> None:
    assert printed(projection, Decimal(value), scale) == Decimal(as_printed)


@settings(max_examples=200, deadline=None)
@given(
    value=st.decimals(
        min_value=Decimal("-1E+24"), max_value=Decimal("1E+24"), places=10, allow_nan=False
    ),
    scale=st.integers(min_value=-3, max_value=9),
)
def test_printed_value__matches_decimal_arithmetic(
    projection: duckdb.DuckDBPyConnection, value: Decimal, scale: int
) -> None:
    with localcontext(prec=60):  # exact: more digits than DECIMAL(38, 10) holds
        expected = value.scaleb(-scale).quantize(TEN_PLACES, rounding=ROUND_HALF_UP)
    assert printed(projection, value, scale) == expected
