"""Where the ledger lives: the event store (SQLite under the home, or PostgreSQL) and the
DuckDB projection file. This is infrastructure wiring, shared by the CLI, tests and benches."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import parse_qs, parse_qsl, unquote, urlencode

import attrs
from eventsourcing.persistence import IntegrityError, InternalError

from ledger.domain.application import Ledger
from ledger.domain.errors import LedgerError
from ledger.domain.issuers import IssuerDirectory
from ledger.domain.settings import lock_timeout

from .eventstore import bulk_access, create_sqlite_store

DEFAULT_HOME = ".ledger"
EVENTS_FILE = "events.sqlite"
PROJECTION_FILE = "projections.duckdb"
PROJECTION_LOCK = "projections.lock"
#: Attempts at opening a store that concurrent processes are creating at the same moment.
OPEN_ATTEMPTS = 5
#: Seconds to wait for the PostgreSQL server (the library's default is 30).
DEFAULT_CONNECT_TIMEOUT = 10


class StoreConfigError(LedgerError):
    """The store URL or home folder cannot be used."""


class ProjectionBusyError(LedgerError):
    """Another process kept the projection for writing longer than we were willing to wait."""


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
        try:
            url = StoreUrl.parse(self.store_url)
        except StoreConfigError:
            return "postgresql://(an invalid URL)"
        return url.label

    @property
    def store_identity(self) -> str:
        """The event store as the projection records it: its label, or for the home's SQLite
        store a name that holds wherever the home is moved."""
        return f"the home's {EVENTS_FILE}" if self.store_url is None else self.store_label

    @contextmanager
    def projection_writer(self, timeout: float | None = None) -> Iterator[None]:
        """Hold the home's projection lock: one writer (replay, rebuild, verify) at a time.

        DuckDB itself allows one read-write process per file, but a ``--rebuild`` writes a
        side file and renames it over the projection, which DuckDB's lock cannot see: two
        rebuilds would share the side file. An advisory lock on a separate file orders them,
        and a second writer waits here instead of failing.

        Args:
            timeout: seconds to wait; default ``LEDGER_LOCK_TIMEOUT`` or 120.

        Raises:
            ProjectionBusyError: another writer held the lock for ``timeout`` seconds.
        """
        if timeout is None:
            timeout = lock_timeout()
        self.home.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.home / PROJECTION_LOCK, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            _lock(fd, self.projection_path, timeout)
            yield
        finally:
            # Closing the descriptor releases the lock, also when the process is killed.
            os.close(fd)

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
            try:
                self.home.mkdir(parents=True, exist_ok=True)
            except OSError as exc:  # a parent is a file, or no permission
                msg = f"{self.home}: cannot create the ledger home ({exc.strerror})"
                raise StoreConfigError(msg) from None
            create_sqlite_store(self.events_path)
        for attempt in range(1, OPEN_ATTEMPTS + 1):
            try:
                app = Ledger(env=self.event_store_env())
                app.bulk = bulk_access(app.recorder)
                return app
            except (IntegrityError, InternalError) as exc:
                # PostgreSQL: writers opening a new store at once all run CREATE TABLE IF NOT
                # EXISTS; the losers of that race fail on the catalog's unique index ("tuple
                # concurrently updated" for the index). The winner's tables now exist, so
                # opening again succeeds.
                reason = type(exc).__name__
                time.sleep(0.1 * attempt)
            except LedgerError:
                raise
            except Exception as exc:  # driver errors carry the URL: never show it
                reason = type(exc).__name__
                schema = self.event_store_env().get("POSTGRES_SCHEMA")
                if reason == "ProgrammingError" and schema:
                    reason += f"; does schema {schema} exist? CREATE SCHEMA {schema} makes it"
                break
        msg = f"cannot open the event store at {self.store_label} ({reason})"
        raise StoreConfigError(msg)

    def known_issuers(self) -> IssuerDirectory:
        """The issuers the event store has registered (none when there is no store yet).

        Reading never creates the home folder or the SQLite file.
        """
        if self.store_url is None and not self.events_path.exists():
            return IssuerDirectory()
        app = self.open_ledger(create=False)
        try:
            return app.issuers()
        finally:
            app.close()


@attrs.frozen(repr=False)
class StoreUrl:
    """A ``postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?QUERY]`` store URL, parsed.

    The user information is everything before the *last* ``@`` of the URL, and the password
    everything after the first ``:`` in it, so a password may hold ``/ @ : ? #`` unescaped
    (``urllib`` would cut it at the first ``/``, ``?`` or ``#`` and take the rest for the host:
    the password would then reach messages). Percent-escapes are decoded in the user and
    password. No message or ``repr`` of this class shows either.
    """

    user: str
    password: str
    host: str
    port: int
    database: str
    query: str

    @classmethod
    def parse(cls, url: str) -> StoreUrl:
        """Raises:
        StoreConfigError: not a postgresql:// URL naming a database (the message never
            quotes the URL).
        """
        scheme, sep, rest = url.partition("://")
        if not sep or scheme not in ("postgresql", "postgres"):
            msg = "--store must be a postgresql:// URL"
            raise StoreConfigError(msg)
        userinfo, at, location = rest.rpartition("@")
        if not at:
            userinfo, location = "", rest
        user, _, password = userinfo.partition(":")
        location, _, query = location.partition("?")
        hostport, _, database = location.partition("/")
        if hostport.startswith("["):  # an IPv6 address: [::1]:5432
            host, _, port_text = hostport[1:].partition("]")
            port_text = port_text.removeprefix(":")
        else:
            host, _, port_text = hostport.partition(":")
        if not port_text:
            port = 5432
        elif port_text.isdigit() and 0 < int(port_text) < 65536:
            port = int(port_text)
        else:
            msg = "--store URL: the port must be a number from 1 to 65535"
            raise StoreConfigError(msg)
        if not database:
            msg = "--store URL names no database (postgresql://user@host:5432/dbname)"
            raise StoreConfigError(msg)
        return cls(
            user=unquote(user) or "postgres",
            password=unquote(password),
            host=host or "127.0.0.1",
            port=port,
            database=unquote(database),
            query=query,
        )

    @property
    def label(self) -> str:
        """The URL without user, password or any query parameter but ours (a ``password=``
        in the query, which libpq accepts, is never shown)."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        ours = [(k, v) for k, v in parse_qsl(self.query) if k in _QUERY_PARAMETERS]
        query = f"?{urlencode(ours)}" if ours else ""
        return f"postgresql://{host}:{self.port}/{self.database}{query}"

    def __repr__(self) -> str:
        return f"StoreUrl({self.label})"


#: The query parameters a store URL may give (see _postgres_env).
_QUERY_PARAMETERS = ("schema", "connect_timeout")


def _postgres_env(text: str) -> dict[str, str]:
    url = StoreUrl.parse(text)
    env = {
        "PERSISTENCE_MODULE": "eventsourcing.postgres",
        "POSTGRES_DBNAME": url.database,
        "POSTGRES_HOST": url.host,
        "POSTGRES_PORT": str(url.port),
        "POSTGRES_USER": url.user,
        "POSTGRES_PASSWORD": url.password,
        "POSTGRES_LOCK_TIMEOUT": "30",
    }
    query = parse_qs(url.query)
    # connect_timeout=SECONDS, as libpq spells it: how long to wait for an unreachable server.
    timeout = query.get("connect_timeout", [str(DEFAULT_CONNECT_TIMEOUT)])[0]
    if not timeout.isdigit() or int(timeout) < 1:
        msg = "--store URL: connect_timeout must be a whole number of seconds"
        raise StoreConfigError(msg)
    env["POSTGRES_CONNECT_TIMEOUT"] = timeout
    # ?schema=NAME keeps several ledgers (or test runs) apart in one database.
    schema = query.get("schema")
    if schema:
        if not schema[0].isidentifier():
            msg = "--store URL: schema must be a plain identifier"
            raise StoreConfigError(msg)
        env["POSTGRES_SCHEMA"] = schema[0]
    return env


def _lock(fd: int, path: Path, timeout: float) -> None:
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX: DuckDB's own file lock still applies
        return
    deadline = time.monotonic() + timeout
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                msg = (
                    f"{path}: another ledger process has been updating the projection for "
                    f"{timeout:.0f}s; try again when it has finished"
                )
                raise ProjectionBusyError(msg) from None
            time.sleep(0.05)
