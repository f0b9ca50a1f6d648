"""Where the ledger lives: the event store (SQLite under the home, or PostgreSQL) and the
DuckDB projection file. This is infrastructure wiring, shared by the CLI, tests and benches."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import attrs

from ledger.domain.application import Ledger
from ledger.domain.errors import LedgerError

DEFAULT_HOME = ".ledger"
EVENTS_FILE = "events.sqlite"
PROJECTION_FILE = "projections.duckdb"


class StoreConfigError(LedgerError):
    """The store URL or home folder cannot be used."""


@attrs.frozen
class Location:
    """The home folder (DuckDB projection, SQLite store) and an optional PostgreSQL URL."""

    home: Path
    store_url: str | None = None

    @classmethod
    def from_options(cls, home: str | None, store: str | None) -> Location:
        """Resolve ``--home``/``LEDGER_HOME`` and ``--store``/``LEDGER_STORE``."""
        home_path = Path(home or os.environ.get("LEDGER_HOME") or DEFAULT_HOME)
        return cls(home=home_path, store_url=store or os.environ.get("LEDGER_STORE") or None)

    @property
    def projection_path(self) -> Path:
        return self.home / PROJECTION_FILE

    @property
    def events_path(self) -> Path:
        return self.home / EVENTS_FILE

    @property
    def store_label(self) -> str:
        """A description of the store that never contains credentials."""
        if self.store_url is None:
            return str(self.events_path)
        parts = urlsplit(self.store_url)
        host = parts.hostname or "localhost"
        port = f":{parts.port}" if parts.port else ""
        query = f"?{parts.query}" if parts.query else ""
        return f"postgresql://{host}{port}{parts.path}{query}"

    def event_store_env(self) -> dict[str, str]:
        """The eventsourcing environment selecting and configuring the persistence module."""
        if self.store_url is None:
            return {
                "PERSISTENCE_MODULE": "eventsourcing.sqlite",
                "SQLITE_DBNAME": str(self.events_path),
                # Wait for other writers' locks rather than failing at once.
                "SQLITE_LOCK_TIMEOUT": "30",
            }
        return _postgres_env(self.store_url)

    def open_ledger(self, *, create: bool = True) -> Ledger:
        """Open the event store (creating the home folder and SQLite file when asked)."""
        if self.store_url is None:
            if not create and not self.events_path.exists():
                msg = f"{self.events_path}: no ledger here yet (run `ledger ingest` first)"
                raise StoreConfigError(msg)
            if self.home.exists() and not self.home.is_dir():
                msg = f"{self.home}: the ledger home is not a directory"
                raise StoreConfigError(msg)
            self.home.mkdir(parents=True, exist_ok=True)
        try:
            return Ledger(env=self.event_store_env())
        except LedgerError:
            raise
        except Exception as exc:  # driver errors carry the URL: never show it
            msg = f"cannot open the event store at {self.store_label} ({type(exc).__name__})"
            raise StoreConfigError(msg) from None


def _postgres_env(url: str) -> dict[str, str]:
    parts = urlsplit(url)
    if parts.scheme not in ("postgresql", "postgres"):
        msg = "--store must be a postgresql:// URL"
        raise StoreConfigError(msg)
    dbname = parts.path.lstrip("/")
    if not dbname:
        msg = "--store URL names no database (postgresql://user@host:5432/dbname)"
        raise StoreConfigError(msg)
    env = {
        "PERSISTENCE_MODULE": "eventsourcing.postgres",
        "POSTGRES_DBNAME": dbname,
        "POSTGRES_HOST": parts.hostname or "127.0.0.1",
        "POSTGRES_PORT": str(parts.port or 5432),
        "POSTGRES_USER": unquote(parts.username or "postgres"),
        "POSTGRES_PASSWORD": unquote(parts.password or ""),
        "POSTGRES_LOCK_TIMEOUT": "30",
    }
    # ?schema=NAME keeps several ledgers (or test runs) apart in one database.
    schema = parse_qs(parts.query).get("schema")
    if schema:
        if not schema[0].isidentifier():
            msg = "--store URL: schema must be a plain identifier"
            raise StoreConfigError(msg)
        env["POSTGRES_SCHEMA"] = schema[0]
    return env
