"""The errors our SQL raises itself (DuckDB's ``error()``), as one-line ledger errors.

Both decoders run statements that refuse a store they must not guess about; whichever decoder
meets it, the user gets the same one-line error, and ``ledger verify`` the same finding.
"""

from __future__ import annotations

from typing import Any

import duckdb

from ledger.domain.errors import LedgerError

#: Part of the message of sql/bulk_decode.sql's `guard`.
NEWER_CLASS_VERSION = "newer than this ledger reads"

#: Part of the message of the value inserts (sql/bulk_decode.sql's `insert_versions`,
#: sql/insert_versions.sql) for a value whose disclosure no event registered.
NEVER_REGISTERED = "which the store never registered"


#: The OS's words for a full disk or a file past its size limit, as DuckDB quotes them.
NO_SPACE_WORDS = ("No space left on device", "File too large", "Disk quota exceeded")


class NewerEventVersionError(LedgerError):
    """The store holds events written by a newer version of their class than this code has."""


class DamagedStoreError(LedgerError):
    """The store holds events that contradict each other (a value of no known disclosure)."""


def execute(con: duckdb.DuckDBPyConnection, sql: str, params: Any = None) -> None:
    """Run one of our statements; the messages of its ``error()`` calls raise ledger errors."""
    try:
        con.execute(sql, params)
    except duckdb.InvalidInputException as exc:
        message = str(exc).split("Error: ", 1)[-1]
        if NEWER_CLASS_VERSION in message:
            raise NewerEventVersionError(message) from None
        if NEVER_REGISTERED in message:
            raise DamagedStoreError(message) from None
        raise
