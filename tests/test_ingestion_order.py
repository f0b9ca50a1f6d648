"""The projections are the same for every ingestion order of the same documents.

As-at answers use ``published_on``, never the recording order, so loading 2025 before 2024 (or
back-filling history) must give identical tables.
"""

from __future__ import annotations

import itertools
import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .helpers import (
    FIRST_REPORTED,
    RE_PRESENTED,
    SAMPLES,
    dated_disclosure,
    fact,
    run,
    write_json,
)

TABLES = (
    "disclosures",
    "series",
    "fact_versions",
    "facts_current",
    "facts_as_first_reported",
    "declared_restatements",
    "discontinued_operations",
    "conflicts",
)


def snapshot(home: Path) -> dict[str, str]:
    return {
        table: run(home, "query", f"SELECT * FROM {table} ORDER BY ALL", "--format", "csv").stdout
        for table in TABLES
    }


def synthetic(index: int, published_on: str, values: list[int]) -> dict[str, object]:
    """A small disclosure restating the same FY2023 revenue series with its own value."""
    return dated_disclosure(
        index,
        published_on,
        [
            fact("ifrs-full:Revenue", "FY2023", str(values[0]), 10, label="Revenue"),
            fact("ifrs-full:Assets", "2023-12-31", str(values[1]), 20, label="Total assets"),
        ],
        issuer="sensetime",
    )


documents = st.lists(
    st.tuples(
        st.dates().map(lambda d: d.replace(year=2024 + d.year % 2).isoformat()),
        st.lists(st.integers(1, 10_000), min_size=2, max_size=2),
    ),
    min_size=2,
    max_size=4,
)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents, st.randoms(use_true_random=False))
def test_projection__same_tables_for_every_ingestion_order(docs, rng) -> None:  # type: ignore[no-untyped-def]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        paths = [
            write_json(folder / f"doc{i}.json", synthetic(i, published_on, values))
            for i, (published_on, values) in enumerate(docs)
        ]
        shuffled = list(paths)
        rng.shuffle(shuffled)
        for home, order in ((folder / "a", paths), (folder / "b", shuffled)):
            for path in order:
                assert run(home, "ingest", str(path)).exit_code == 0
        assert snapshot(folder / "a") == snapshot(folder / "b")


def test_projection__samples_in_every_order_give_the_same_tables(tmp_path: Path) -> None:
    snapshots = []
    for n, order in enumerate(itertools.permutations([FIRST_REPORTED, RE_PRESENTED])):
        home = tmp_path / str(n)
        for path in order:
            run(home, "ingest", str(path))
        snapshots.append(snapshot(home))
    assert snapshots[0] == snapshots[1]
    facts = sum(len(json.loads(p.read_text())["facts"]) for p in (FIRST_REPORTED, RE_PRESENTED))
    counted = run(
        tmp_path / "0", "query", "SELECT count(*) AS n FROM fact_versions", "--format", "json"
    )
    assert json.loads(counted.stdout) == [{"n": facts}]


SAMPLE_FILES = sorted(SAMPLES.glob("*.json"))
_baseline: dict[str, str] = {}


def full_snapshot(home: Path) -> dict[str, str]:
    tables = {**snapshot(home)}
    for table in ("restatements", "tieouts", "fact_declarations"):
        tables[table] = run(
            home, "query", f"SELECT * FROM {table} ORDER BY ALL", "--format", "csv"
        ).stdout
    return tables


@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.permutations(SAMPLE_FILES))
def test_projection__real_documents_in_any_order_give_the_same_tables(order) -> None:  # type: ignore[no-untyped-def]
    # The samples are the extractor's output for the six real documents (CI checks that).
    with tempfile.TemporaryDirectory() as tmp:
        if not _baseline:
            assert run(Path(tmp) / "base", "ingest", *map(str, SAMPLE_FILES)).exit_code == 0
            _baseline.update(full_snapshot(Path(tmp) / "base"))
        assert run(Path(tmp) / "x", "ingest", *map(str, order)).exit_code == 0
        assert full_snapshot(Path(tmp) / "x") == _baseline
