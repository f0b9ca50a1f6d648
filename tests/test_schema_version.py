"""The projection's schema version moves with its SQL (see ``SCHEMA_VERSION`` in replay.py)."""

from __future__ import annotations

import hashlib

from ledger.projections.replay import SCHEMA_VERSION
from ledger.projections.sql import load_sql

#: sha256 of schema.sql, macros.sql and upgrade.sql (in that order) at each schema version.
SCHEMA_SQL_SHA256 = {
    1: "cd21a11e8eccdd9ffdf19940a7ee5fb7b7ff34e9149a9b749567e481229db613",
    2: "4773dbd550624cbac5163d21e0184c9640f95aa1ae667f80bbc9ce6438d2e67d",
}


def schema_sql_sha256() -> str:
    digest = hashlib.sha256()
    for name in ("schema.sql", "macros.sql", "upgrade.sql"):
        digest.update(load_sql(name).encode())
    return digest.hexdigest()


def test_schema_version__is_bumped_when_the_schema_sql_changes() -> None:
    # Existing projection files are upgraded only when the version they recorded differs: a
    # change to the SQL under the same version would never reach them.
    digest = schema_sql_sha256()
    assert SCHEMA_SQL_SHA256.get(SCHEMA_VERSION) == digest, (
        f"the schema's SQL changed: bump SCHEMA_VERSION in projections/replay.py and record "
        f"{SCHEMA_VERSION + 1}: {digest!r} here"
    )


def test_schema_version__each_version_has_one_schema() -> None:
    assert len(set(SCHEMA_SQL_SHA256.values())) == len(SCHEMA_SQL_SHA256)
    assert max(SCHEMA_SQL_SHA256) == SCHEMA_VERSION
