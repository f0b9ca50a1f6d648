"""``ledger export``: the projection as Parquet or CSV files, or its facts as xBRL-JSON.

Tables are listed from DuckDB's catalog and written by DuckDB itself (``COPY ... TO``), so a new
projection table is exported without touching this module; ``ledger_position`` is left out
(bookkeeping of the replay: its value is in the manifest). With an as-at date every table is
filtered by its rule in ``sql/export.sql``; a table without one is refused, never copied whole.

The export is written into a hidden folder next to ``out`` and renamed into place at the end,
so ``out`` holds a complete export or nothing: a failure leaves no half-written file. ``out`` may
be absent or an empty folder; a previous export (a folder with ``export.json``) is replaced only
with ``force``; any other folder or file is refused. Every file and the manifest are read from
one snapshot of the projection.
"""

from __future__ import annotations

import json
import os
import shutil
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import attrs
import duckdb

import ledger
from ledger.domain.errors import LedgerError

from . import xbrl
from .errors import NO_SPACE_WORDS
from .leftovers import ended_scratch, remove_leftovers, scratch_name
from .queries import rows_of
from .replay import connect, position
from .sql import load_named

TABLE_FORMATS = ("parquet", "csv")
FORMATS = (*TABLE_FORMATS, "xbrl-json")
MANIFEST = "export.json"
MANIFEST_FORMAT = "ledger-export/1"
REPORT_FILE = "report.json"
#: Tables and views of the projection not exported as such: the replay's position (written to
#: the manifest), the values without their series' columns and the series' ends (the views
#: fact_versions, facts_current and facts_as_first_reported, which are exported, are built on
#: them) and the statements' view of the taxonomy (the concepts table is exported).
INTERNAL_TABLES = frozenset({"ledger_position", "fact_values", "series_ends", "concept_statements"})
#: COPY options per format: Parquet compressed with zstd, CSV with a header line.
_COPY_OPTIONS = {
    "parquet": "(FORMAT parquet, COMPRESSION zstd)",
    "csv": "(FORMAT csv, HEADER true)",
}


class ExportError(LedgerError):
    """The export cannot be written where asked, or a table has no as-at rule."""


@attrs.frozen
class TableExport:
    """One exported table: its name, file (relative to the export folder) and row count."""

    name: str
    file: str
    rows: int


@attrs.frozen
class ExportResult:
    """What an export wrote."""

    out: Path
    format: str
    as_at: date | None
    position: int
    tables: tuple[TableExport, ...] = ()
    #: xBRL-JSON only: the report file and how many facts it holds.
    report_file: str | None = None
    facts: int = 0

    @property
    def rows(self) -> int:
        return sum(t.rows for t in self.tables)


def open_projection(path: Path) -> duckdb.DuckDBPyConnection:
    """Open the projection read-only, with file access (``COPY ... TO`` needs it).

    ``ledger query`` opens it without file access (``projections.replay.connect``); the export
    runs only our own SQL, so it may write files.

    Raises:
        ExportError: there is no projection at ``path``.
        ProjectionLockedError: another process is writing it.
    """
    if not path.exists():
        raise ExportError(f"{path}: no projection yet (run `ledger ingest` or `ledger replay`)")
    con = connect(path, read_only=True, external_access=True)
    con.execute("SET enable_progress_bar = false")
    return con


def export(
    projection: Path,
    out: Path,
    fmt: str,
    *,
    as_at: date | None = None,
    force: bool = False,
    now: datetime | None = None,
) -> ExportResult:
    """Export the projection at ``projection`` into the folder ``out``.

    Args:
        fmt: ``parquet`` or ``csv`` (every table), or ``xbrl-json`` (the facts as at a date).
        as_at: tables as the ledger stood on that date (default: as they are now); for
            xBRL-JSON, the facts as known on that date (default: today).
        force: replace ``out`` when it holds a previous export.
        now: the creation time written to the manifest (default: the current time).

    Raises:
        ExportError: ``out`` cannot be used or written, or a table has no as-at rule.
        ProjectionLockedError: another process is writing the projection.
        XbrlMappingError: a fact cannot be written as xBRL-JSON.
    """
    if fmt not in FORMATS:
        raise ExportError(f"unknown export format {fmt!r} (known: {', '.join(FORMATS)})")
    created = (now or datetime.now(UTC)).astimezone(UTC)
    if out.parent.is_dir():
        _recover(out)  # first: it may put a previous export back in place
    replacing = _check_target(out, force)
    con = open_projection(projection)
    try:
        staging = _staging_folder(out)
        try:
            # One read transaction: every file and the manifest come from the same snapshot.
            con.execute("BEGIN TRANSACTION")
            at = position(con)
            if fmt == "xbrl-json":
                report_date = as_at or date.today()
                count = _write_report(con, staging, report_date)
                result = ExportResult(
                    out, fmt, report_date, at, report_file=REPORT_FILE, facts=count
                )
            else:
                written = _write_tables(con, staging, fmt, as_at)
                result = ExportResult(out, fmt, as_at, at, tables=written)
            con.execute("COMMIT")
            _write_json(staging / MANIFEST, _manifest(result, created))
            _swap_in(staging, out, replacing)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
    except (OSError, duckdb.IOException) as exc:
        raise ExportError(f"{out}: cannot write the export ({_reason(exc)})") from None
    finally:
        con.close()
    return result


def tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The projection's data tables and views, from DuckDB's catalog (internal ones left
    out)."""
    rows = con.execute(
        "SELECT table_name AS name FROM duckdb_tables() "
        "WHERE database_name = current_database() AND schema_name = 'main' AND NOT temporary "
        "UNION ALL "
        "SELECT view_name FROM duckdb_views() "
        "WHERE database_name = current_database() AND schema_name = 'main' AND NOT temporary "
        "AND NOT internal "
        "ORDER BY name"
    ).fetchall()
    return [r[0] for r in rows if r[0] not in INTERNAL_TABLES]


def _write_tables(
    con: duckdb.DuckDBPyConnection, folder: Path, fmt: str, as_at: date | None
) -> tuple[TableExport, ...]:
    rules = load_named("export.sql")
    names = tables(con)
    if as_at is not None:
        missing = [name for name in names if name not in rules]
        if missing:
            msg = f"no as-at rule for table(s) {', '.join(missing)} (add one to export.sql)"
            raise ExportError(msg)
    written = []
    for name in names:
        # Table names come from the catalog, never from the user; values are bound.
        query = rules[name] if as_at is not None else f"SELECT * FROM {_identifier(name)}"
        file = f"{name}.{fmt}"
        # Rows sorted, so the same projection gives the same files.
        copy = f"COPY (SELECT * FROM ({query}) ORDER BY ALL) TO $path {_COPY_OPTIONS[fmt]}"
        params: dict[str, Any] = {"path": str(folder / file)}
        if as_at is not None and "$as_at" in query:
            params["as_at"] = as_at
        row = con.execute(copy, params).fetchone()
        written.append(TableExport(name, file, int(row[0]) if row else 0))
    return tuple(written)


def _write_report(con: duckdb.DuckDBPyConnection, folder: Path, as_at: date) -> int:
    rows = rows_of(con.execute(load_named("export.sql")["xbrl_facts"], {"as_at": as_at}))
    report = xbrl.report(rows, as_at)
    _write_json(folder / REPORT_FILE, report)
    return len(report["facts"])


def _manifest(result: ExportResult, created: datetime) -> dict[str, Any]:
    manifest: dict[str, Any] = {
        "format": MANIFEST_FORMAT,
        "export_format": result.format,
        "as_at": result.as_at.isoformat() if result.as_at else None,
        "created_at": created.isoformat(timespec="seconds").replace("+00:00", "Z"),
        "ledger_version": ledger.__version__,
        "ledger_position": result.position,
    }
    if result.report_file is not None:
        manifest["report"] = {"file": result.report_file, "facts": result.facts}
    else:
        manifest["tables"] = [attrs.asdict(t) for t in result.tables]
    return manifest


def _write_json(path: Path, doc: Any) -> None:
    with path.open("w", encoding="utf-8") as f:
        json.dump(doc, f, indent=2, ensure_ascii=False)
        f.write("\n")


def _check_target(out: Path, force: bool) -> bool:
    """Whether ``out`` exists and will be replaced; refuse what must not be."""
    if not out.exists():
        if out.is_symlink():
            raise ExportError(f"{out}: is a broken symbolic link")
        return False
    if not out.is_dir():
        raise ExportError(f"{out}: exists and is not a directory")
    if not any(out.iterdir()):
        return True
    if not (out / MANIFEST).is_file():
        raise ExportError(f"{out}: not empty and not a ledger export; refusing to write into it")
    if not force:
        raise ExportError(f"{out}: holds a previous export (--force replaces it)")
    return True


def _staging_folder(out: Path) -> Path:
    parent = out.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        return _new_folder(parent, f".{out.name}.export-")
    except OSError as exc:
        raise ExportError(f"{out}: cannot write the export ({_reason(exc)})") from None


def _swap_in(staging: Path, out: Path, replacing: bool) -> None:
    """Rename the finished export to ``out`` (moving a replaced one aside first)."""
    if not replacing:
        os.rename(staging, out)
        return
    old = _new_folder(out.parent, f".{out.name}.old-")
    os.rename(out, old / out.name)
    try:
        os.rename(staging, out)
    except BaseException:
        os.rename(old / out.name, out)  # put the previous export back
        old.rmdir()
        raise
    shutil.rmtree(old, ignore_errors=True)


def _new_folder(parent: Path, prefix: str) -> Path:
    # Not tempfile.mkdtemp: its folders are private (0700), and this one becomes the export.
    folder = parent / scratch_name(prefix)
    folder.mkdir()
    return folder


def _recover(out: Path) -> None:
    """Clean up after an export killed before it finished: its staging folder goes; a previous
    export it had moved aside but not yet replaced is put back."""
    for old in ended_scratch(out.parent, f".{out.name}.old-"):
        if not out.exists() and (old / out.name).is_dir():
            os.rename(old / out.name, out)
    for suffix in (".export-", ".old-"):
        remove_leftovers(out.parent, f".{out.name}{suffix}")


def _identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    text = str(exc).strip()
    # DuckDB wraps the OS's reason in JSON; for a full disk its words say it all.
    words = next((w for w in NO_SPACE_WORDS if w in text), None)
    if words is not None:
        return words
    return " ".join(text.splitlines()[0].split()) if text else type(exc).__name__
