"""The projection's schema version moves with its SQL (see ``SCHEMA_VERSION`` in replay.py)."""

from __future__ import annotations

import hashlib

from ledger.projections.replay import SCHEMA_VERSION
from ledger.projections.sql import load_sql

#: sha256 of schema.sql, macros.sql and upgrade.sql (in that order) at each schema version.
SCHEMA_SQL_SHA256 = {
    1: "cd21a11e8eccdd9ffdf19940a7ee5fb7b7ff34e9149a9b749567e481229db613",
    2: "1b1ba6ec07f714e75bba6a9c9d070c2de89ee8811c24bbcfad555dadf1a7d513",
    3: "8e3491a7707ef02619e7ffd5ac437d68931486e96fb866e7aeebe0f61eca46fd",
    4: "d50781aea7c1bc88fafc0a77247729e27e55b15df2bf8011f42c238d785c99a9",
    5: "80ad4fa22ebb3b105ae822eb65d7684ca7a62b46f7e5a1e465a705d770092eeb",
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
