"""The two event stores, seen from a test: CLI arguments, raw rows, and ways to tamper."""

from __future__ import annotations

import os
import sqlite3
import sys
from pathlib import Path
from typing import Any

URL = os.environ.get("LEDGER_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")

#: How the crash and concurrency tests start the real command (a fresh interpreter each time).
LEDGER = [sys.executable, "-m", "ledger.cli.main"]

Row = tuple[str, int, str, bytes]  # originator_id, originator_version, topic, state


class Backend:
    """A store under test. Positions are notification ids."""

    name = ""

    def __init__(self, home: Path) -> None:
        self.home = home

    @property
    def args(self) -> list[str]:
        """Global CLI options selecting this store."""
        return ["--home", str(self.home)]

    def env(self) -> dict[str, str]:
        """Environment for a subprocess running ``ledger`` on this store."""
        env = {k: v for k, v in os.environ.items() if not k.startswith("LEDGER_")}
        env["LEDGER_HOME"] = str(self.home)
        return env

    def rows(self) -> list[tuple[int, Row]]:
        """Every stored event as (position, row), in log order."""
        raise NotImplementedError

    def set_row(self, position: int, row: Row) -> None:
        raise NotImplementedError

    def delete(self, position: int) -> None:
        raise NotImplementedError

    def delete_from(self, position: int) -> None:
        """Remove every event at or after ``position`` (truncate the log)."""
        for p, _ in self.rows():
            if p >= position:
                self.delete(p)

    def edit(self, position: int) -> None:
        """Change one digit of one stored event's state bytes."""
        row = dict(self.rows())[position]
        state = bytearray(row[3])
        at = state.find(b'"value"')
        at = next(i for i in range(max(at, 0), len(state)) if chr(state[i]).isdigit())
        state[at] = ord(str((int(chr(state[at])) + 1) % 10))
        self.set_row(position, (row[0], row[1], row[2], bytes(state)))

    def swap(self, a: int, b: int) -> None:
        """Exchange the contents of two positions (through a placeholder key)."""
        rows = dict(self.rows())
        ra, rb = rows[a], rows[b]
        self.set_row(a, (ra[0], -1, ra[2], ra[3]))
        self.set_row(b, ra)
        self.set_row(a, rb)


class SqliteBackend(Backend):
    name = "sqlite"

    def _con(self) -> sqlite3.Connection:
        return sqlite3.connect(self.home / "events.sqlite")

    def rows(self) -> list[tuple[int, Row]]:
        if not (self.home / "events.sqlite").exists():
            return []
        with self._con() as con:
            tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master")}
            if "stored_events" not in tables:
                return []
            return [
                (r[0], (r[1], r[2], r[3], bytes(r[4])))
                for r in con.execute("SELECT rowid, * FROM stored_events ORDER BY rowid")
            ]

    def set_row(self, position: int, row: Row) -> None:
        with self._con() as con:
            con.execute(
                "UPDATE stored_events SET originator_id = ?, originator_version = ?, topic = ?, "
                "state = ? WHERE rowid = ?",
                (*row, position),
            )

    def delete(self, position: int) -> None:
        with self._con() as con:
            con.execute("DELETE FROM stored_events WHERE rowid = ?", (position,))

    def delete_from(self, position: int) -> None:
        with self._con() as con:
            con.execute("DELETE FROM stored_events WHERE rowid >= ?", (position,))


class PostgresBackend(Backend):
    name = "postgresql"

    def __init__(self, home: Path, schema: str) -> None:
        super().__init__(home)
        self.schema = schema
        self.url = f"{URL}?schema={schema}"

    @property
    def args(self) -> list[str]:
        return [*super().args, "--store", self.url]

    def env(self) -> dict[str, str]:
        return {**super().env(), "LEDGER_STORE": self.url}

    def _execute(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        import psycopg

        with psycopg.connect(URL, autocommit=True) as con:
            table = con.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = %s "
                "AND table_name LIKE %s",
                (self.schema, "%_events"),
            ).fetchone()
            if table is None:
                return []
            cur = con.execute(sql.replace("EVENTS", f'"{self.schema}"."{table[0]}"'), params)
            return cur.fetchall() if cur.description else []

    def rows(self) -> list[tuple[int, Row]]:
        return [
            (r[0], (r[1].hex, r[2], r[3], bytes(r[4])))
            for r in self._execute(
                "SELECT notification_id, originator_id, originator_version, topic, state "
                "FROM EVENTS ORDER BY notification_id"
            )
        ]

    def set_row(self, position: int, row: Row) -> None:
        self._execute(
            "UPDATE EVENTS SET originator_id = %s, originator_version = %s, topic = %s, "
            "state = %s WHERE notification_id = %s",
            (*row, position),
        )

    def delete(self, position: int) -> None:
        self._execute("DELETE FROM EVENTS WHERE notification_id = %s", (position,))

    def delete_from(self, position: int) -> None:
        self._execute("DELETE FROM EVENTS WHERE notification_id >= %s", (position,))
