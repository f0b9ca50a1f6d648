"""``series_ends``: each series' first and latest value, in publication order.

Values are ordered by publication date, values published the same day by disclosure id (as
``facts_as_at`` orders them). ``facts_current`` and ``facts_as_first_reported`` read their
rows through this table, so its order is the ledger's answer to "what was reported first".
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from decimal import Decimal

import duckdb
from hypothesis import given, settings
from hypothesis import strategies as st

from ledger.projections.replay import _refresh_facts
from ledger.projections.sql import load_sql

#: A few disclosures, some published the same day, with ids out of date order.
DISCLOSURES = [
    (uuid.UUID(int=(7 - i) << 64 | i), date(2024, 3, 28) + timedelta(days=i // 2)) for i in range(6)
]

values = st.dictionaries(
    # (series, disclosure): a series has at most one value per disclosure.
    st.tuples(st.integers(1, 4), st.integers(0, len(DISCLOSURES) - 1)),
    st.integers(-(10**12), 10**12).map(lambda n: Decimal(n).scaleb(-2)),
    min_size=1,
)


def ends_of(rows: dict[tuple[int, int], Decimal]) -> set[tuple[object, ...]]:
    con = duckdb.connect()
    con.execute(load_sql("schema.sql"))
    con.executemany(
        "INSERT INTO fact_values VALUES (?, 'syn', ?, 3, -3, ?, ?, 'd.txt', 1, 'x', '1', 'income',"
        " [])",
        [
            (uuid.UUID(int=series), value, DISCLOSURES[d][1], DISCLOSURES[d][0])
            for (series, d), value in rows.items()
        ],
    )
    _refresh_facts(con, every=True)
    return set(con.execute("SELECT * FROM series_ends").fetchall())


@settings(max_examples=150, deadline=None)
@given(values)
def test_series_ends__first_and_latest_in_publication_order_then_disclosure_id(
    rows: dict[tuple[int, int], Decimal],
) -> None:
    expected = set()
    for series in {s for s, _ in rows}:
        # Python orders the ids as text: the order DuckDB gives UUIDs.
        ordered = sorted(
            (DISCLOSURES[d][1], str(DISCLOSURES[d][0]), value)
            for (s, d), value in rows.items()
            if s == series
        )
        (first_on, first_id, first_value), (last_on, last_id, _) = ordered[0], ordered[-1]
        expected.add(
            (
                uuid.UUID(int=series),
                len(ordered),
                first_on,
                uuid.UUID(first_id),
                first_value,
                last_on,
                uuid.UUID(last_id),
            )
        )
    assert ends_of(rows) == expected


def test_series_ends__a_same_day_value_of_a_lower_id_comes_first() -> None:
    # Disclosures 0 and 1 are published the same day; 1 has the lower id.
    [(_, versions, _, first_id, first_value, _, last_id)] = ends_of(
        {(1, 0): Decimal("3667508"), (1, 1): Decimal("3521591")}
    )
    assert DISCLOSURES[1][0] < DISCLOSURES[0][0]
    assert (versions, first_id, first_value, last_id) == (
        2,
        DISCLOSURES[1][0],
        Decimal("3521591"),
        DISCLOSURES[0][0],
    )
