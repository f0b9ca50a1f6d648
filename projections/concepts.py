"""The projection's ``concepts`` table: the taxonomy's presentation, for laying out statements.

The taxonomy ships with the package (``domain/taxonomy.toml``); statements join it by concept.
"""

from __future__ import annotations

import hashlib
from importlib import resources

import duckdb
import pyarrow as pa

from ledger.domain import taxonomy
from ledger.domain.taxonomy import statement_layout

from .staging import staged


def _taxonomy_table() -> pa.Table:
    rows = statement_layout()
    # Same columns, in the same order, as `concepts` in schema.sql (compared with EXCEPT ALL).
    return pa.table(
        {
            "concept": [r.concept for r in rows],
            "statement": [r.statement for r in rows],
            "presentation_order": pa.array([r.order for r in rows], pa.int32()),
            "label": [r.label for r in rows],
            "level": pa.array([r.level for r in rows], pa.int32()),
            "is_total": pa.array([r.total for r in rows], pa.bool_()),
            "section": [r.section for r in rows],
            "section_label": [r.section_label for r in rows],
            "components": pa.array([list(r.components) for r in rows], pa.list_(pa.string())),
        }
    )


def taxonomy_fingerprint() -> str:
    """A digest of what the ``concepts`` rows are computed from: the taxonomy file and the code
    that lays it out."""
    package = resources.files(taxonomy.__package__)
    digest = hashlib.sha256()
    for name in ("taxonomy.toml", "taxonomy.py"):
        digest.update(package.joinpath(name).read_bytes())
    return "taxonomy sha256:" + digest.hexdigest()


def table_comment(con: duckdb.DuckDBPyConnection, table: str) -> str | None:
    """The comment of a table of the projection (None when the table does not exist)."""
    stored = con.execute(
        "SELECT comment FROM duckdb_tables() WHERE table_name = ? AND NOT temporary"
        " AND database_name = current_database() AND schema_name = current_schema()",
        [table],
    ).fetchall()
    return stored[0][0] if stored else None


def write_concepts(con: duckdb.DuckDBPyConnection) -> None:
    """Make the ``concepts`` table equal to the packaged taxonomy; no write when it already is.

    Replays call this every time, so an upgraded taxonomy reaches old projection files (the
    layout columns such a file lacks are added by ``schema.sql``). The table's comment holds
    the fingerprint of what it was computed from, so an incremental replay neither recomputes
    the layout nor rewrites (and checkpoints) an unchanged table.
    """
    fingerprint = taxonomy_fingerprint()
    if table_comment(con, "concepts") == fingerprint:
        return
    with staged(con, staged_concepts=_taxonomy_table()):
        [(differs,)] = con.execute(
            "SELECT count(*) FROM ("
            " (SELECT * FROM staged_concepts EXCEPT ALL SELECT * FROM concepts)"
            " UNION ALL"
            " (SELECT * FROM concepts EXCEPT ALL SELECT * FROM staged_concepts))"
        ).fetchall()
        if differs:
            con.execute("DELETE FROM concepts")
            con.execute("INSERT INTO concepts SELECT * FROM staged_concepts")
    # A literal: COMMENT ON takes no parameters (the digest is hex we made).
    con.execute(f"COMMENT ON TABLE concepts IS '{fingerprint}'")
