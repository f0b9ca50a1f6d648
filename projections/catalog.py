"""What a projection file says about itself: the schema applied, the views and macros as they
were made, and the event store it was built from.

All three live in the comment of ``ledger_position`` (``Stamp``), written by the replay:

- the schema's fingerprint: the replay applies the schema again when its SQL changed;
- a digest of the views and macros (``catalog``): the ones read commands run. A view or macro
  edited or dropped by hand no longer matches it, so the next replay makes them again, and
  ``ledger verify`` names them (a table edited by hand is caught by its rows);
- the event store, as ``Location.store_label`` names it (never with credentials): a command
  pointed at another store by mistake (``LEDGER_STORE`` unset, say) refuses to mix the two.
"""

from __future__ import annotations

import hashlib
import json

import attrs
import duckdb

from ledger.domain.errors import LedgerError

from .concepts import table_comment

#: The table whose comment holds the stamp.
STAMPED_TABLE = "ledger_position"


class ProjectionOfAnotherStoreError(LedgerError):
    """The projection was built from another event store than the one the command uses."""


def catalog(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """The projection's views and macros: ``"view NAME"``/``"macro NAME"`` -> definition."""
    views = con.execute(
        "SELECT 'view ' || view_name, sql FROM duckdb_views()"
        " WHERE database_name = current_database() AND schema_name = 'main'"
        " AND NOT internal AND NOT temporary"
    ).fetchall()
    macros = con.execute(
        "SELECT 'macro ' || function_name, concat_ws(' ', parameters, macro_definition)"
        " FROM duckdb_functions()"
        " WHERE database_name = current_database() AND schema_name = 'main'"
        " AND NOT internal AND function_type IN ('macro', 'table_macro')"
    ).fetchall()
    return {name: definition or "" for name, definition in views + macros}


def digest(definitions: dict[str, str]) -> str:
    """A digest of :func:`catalog`'s definitions."""
    text = json.dumps(sorted(definitions.items()))
    return "sha256:" + hashlib.sha256(text.encode()).hexdigest()


@attrs.frozen
class Stamp:
    """The comment of ``ledger_position``: ``schema ...; catalog ...; store ...``."""

    schema: str = ""
    catalog: str = ""
    store: str = ""

    @classmethod
    def read(cls, con: duckdb.DuckDBPyConnection) -> Stamp:
        """The stamp of the projection on ``con`` (empty parts for an older file)."""
        text = table_comment(con, STAMPED_TABLE) or ""
        parts = dict.fromkeys(("schema", "catalog", "store"), "")
        for i, part in enumerate(text.split("; ")):
            name, _, value = part.partition(" ")
            if name in parts:
                parts[name] = value
            elif i == 0:  # files of earlier versions held the schema's fingerprint alone
                parts["schema"] = text
                break
        return cls(**parts)

    def write(self, con: duckdb.DuckDBPyConnection) -> None:
        text = f"schema {self.schema}; catalog {self.catalog}; store {self.store}"
        # A literal: COMMENT ON takes no parameters (quotes doubled, as SQL spells them).
        literal = text.replace("'", "''")
        con.execute(f"COMMENT ON TABLE {STAMPED_TABLE} IS '{literal}'")


def check_store(path: str, recorded: str, store: str) -> None:
    """Refuse a projection (``path``) built from the event store ``recorded`` when the command
    uses ``store``.

    Raises:
        ProjectionOfAnotherStoreError: the two differ (an older file, with no store recorded,
            is adopted by the next replay).
    """
    if recorded and recorded != store:
        msg = (
            f"{path} was built from the event store at {recorded}, but this command uses "
            f"{store} (is LEDGER_STORE set as it was?); use that store, another --home, or "
            "`ledger replay --rebuild` to rebuild the projection from this store"
        )
        raise ProjectionOfAnotherStoreError(msg)
