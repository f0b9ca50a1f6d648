"""``series_ends``: each series' first and latest value, in publication order.

Values are ordered by publication date, values published the same day by acceptance time (a
value of a disclosure without one first), then by disclosure id (as ``facts_as_at`` orders
them). ``facts_current`` and ``facts_as_first_reported`` read their
rows through this table, so its order is the ledger's answer to "what was reported first".
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta
from decimal import Decimal

import duckdb
from hypothesis import given, settings
from hypothesis import strategies as st

from ledger.projections.replay import _refresh_facts
from ledger.projections.sql import load_sql

#: A few disclosures, published two a day, with ids out of date order: (id, published on,
#: accepted at). On the first day neither has an acceptance time; on the second the lower id was
#: accepted later; on the third only the lower id has one.
ACCEPTED = [None, None, (9, 5), (16, 40), None, (8, 0)]
DISCLOSURES = [
    (
        uuid.UUID(int=(7 - i) << 64 | i),
        day := date(2024, 3, 28) + timedelta(days=i // 2),
        datetime(day.year, day.month, day.day, *at) if at else None,
    )
    for i, at in enumerate(ACCEPTED)
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
        " [], ?, NULL)",
        [
            (uuid.UUID(int=series), value, DISCLOSURES[d][1], DISCLOSURES[d][0], DISCLOSURES[d][2])
            for (series, d), value in rows.items()
        ],
    )
    _refresh_facts(con, every=True)
    return set(con.execute("SELECT * FROM series_ends").fetchall())


@settings(max_examples=150, deadline=None)
@given(values)
def test_series_ends__first_and_latest_in_publication_then_acceptance_then_id_order(
    rows: dict[tuple[int, int], Decimal],
) -> None:
    expected = set()
    for series in {s for s, _ in rows}:
        # Python orders the ids as text: the order DuckDB gives UUIDs.
        ordered = sorted(
            (on, at or datetime.min, str(did), value)
            for (s, d), value in rows.items()
            if s == series
            for did, on, at in [DISCLOSURES[d]]
        )
        (first_on, _, first_id, first_value), (last_on, _, last_id, _) = ordered[0], ordered[-1]
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


def test_series_ends__a_same_day_value_accepted_later_comes_last_whatever_its_id() -> None:
    # Disclosures 2 and 3 are published the same day; 3 has the lower id but was accepted later.
    [(_, versions, _, first_id, first_value, _, last_id)] = ends_of(
        {(1, 2): Decimal("39572"), (1, 3): Decimal("36171")}
    )
    assert DISCLOSURES[3][0] < DISCLOSURES[2][0]
    assert (versions, first_id, first_value, last_id) == (
        2,
        DISCLOSURES[2][0],
        Decimal("39572"),
        DISCLOSURES[3][0],
    )


def test_series_ends__a_same_day_value_without_acceptance_time_comes_first() -> None:
    # Disclosures 4 and 5 are published the same day; only 5, the lower id, has a time.
    [(_, _, _, first_id, _, _, last_id)] = ends_of(
        {(1, 4): Decimal("1676"), (1, 5): Decimal("7475")}
    )
    assert (first_id, last_id) == (DISCLOSURES[4][0], DISCLOSURES[5][0])
