"""The SEC's Financial Statement Data Sets: one quarter (zip or folder) -> one draft per filing.

DuckDB reads the four tab-separated tables into a scratch database on disk (so a quarter of
millions of rows never has to fit in memory), checks every row before anything is recorded,
then streams the amounts in filing order, in record batches: a filing's draft is built from its
own rows only.

A ``num`` row becomes a fact: ``tag`` with its taxonomy's prefix (a filer's own element takes the
prefix of its instance file name, ``aapl-20090627.xml`` -> ``aapl:``), ``ddate`` + ``qtrs`` the
period (both month-end rounded, as FSDS states them), ``segments`` the dimensions and ``coreg``
the ``LegalEntityAxis`` member, ``uom`` the unit (``USD/shares`` for per-share amounts, which FSDS
states in ``USD``). Provenance is where the filing presented it (``pre``: report, line, label).
"""

from __future__ import annotations

import shutil
import tempfile
import zipfile
import zlib
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from decimal import Decimal
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from ledger.domain.drafts import DisclosureDraft
from ledger.domain.errors import LedgerError
from ledger.domain.values import Dimensions, Fact, Period, SourceRef

from ..errors import ExtractError
from .filings import (
    Filing,
    declared_restatements,
    filer_info,
    filing_currency,
)

TABLES = ("sub", "num", "pre", "tag")
#: Rows fetched from DuckDB at a time while streaming the amounts.
BATCH_ROWS = 100_000
#: DuckDB's memory while reading and sorting a quarter; beyond it, it spills to the scratch
#: directory instead of growing.
MEMORY_LIMIT = "1GB"
#: The columns the reader uses, per table, that every FSDS release has.
_REQUIRED = {
    "sub": ("adsh", "cik", "name", "form", "filed", "period"),
    "num": ("adsh", "tag", "version", "ddate", "qtrs", "uom", "value"),
    "pre": ("adsh", "tag", "version", "report", "stmt", "plabel"),
    "tag": ("tag", "version"),
}
#: The columns it uses that a release may lack: num.txt had no ``segments`` before the SEC
#: added dimensions to the data sets, and quarters downloaded before then keep that layout.
#: Absent, they are read as empty (no dimensions, no acceptance time, ...).
_OPTIONAL = {
    "sub": ("accepted", "instance", "prevrpt"),
    "num": ("segments", "coreg"),
    "pre": ("inpth",),
    "tag": ("datatype", "custom", "tlabel"),
}
_READ = (
    "CREATE TABLE {table} AS SELECT *, CAST(row_number() OVER () + 1 AS INTEGER) AS line "
    "FROM read_csv(?, delim='\t', header=true, quote='\"', escape='\"', all_varchar=true, "
    "strict_mode=true)"
)


def is_fsds(path: Path) -> bool:
    """A quarter zip or its unzipped folder: ``sub.txt`` and ``num.txt`` with their headers."""
    try:
        if path.is_dir():
            return (path / "sub.txt").is_file() and (path / "num.txt").is_file()
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                names = {Path(n).name for n in archive.namelist()}
            return {"sub.txt", "num.txt"} <= names
    except (OSError, zipfile.BadZipFile):
        return False
    return False


def read_fsds(path: Path) -> Iterator[DisclosureDraft]:
    """Every filing of one FSDS quarter, as a draft, in accession order.

    The whole quarter is checked before the first draft is yielded, so a bad row stops the
    ingest before anything is written.

    Raises:
        ExtractError: a truncated or damaged zip, a missing table, a row that is not a fact.
    """
    name = str(path)
    with _scratch(path) as con:
        _check(con, name)
        submissions = {row["adsh"]: row for row in _rows(con, "submissions")}
        reader = con.sql(_sql()["facts"]).to_arrow_reader(BATCH_ROWS)
        facts = _Facts(name)
        current: str | None = None
        parts: list[pa.RecordBatch] = []
        for batch in reader:
            # Where the accession changes within the batch: the filings' boundaries.
            adsh = batch.column(0)
            starts = [0]
            if len(adsh) > 1:
                changed = pc.not_equal(adsh.slice(1), adsh.slice(0, len(adsh) - 1))
                starts += [int(i) + 1 for i in pc.indices_nonzero(changed).to_pylist()]
            for a, b in zip(starts, [*starts[1:], len(adsh)], strict=True):
                accession = adsh[a].as_py()
                if accession != current and parts and current is not None:
                    yield facts.draft(submissions[current], parts)
                    parts = []
                current = accession
                parts.append(batch.slice(a, b - a))
        if parts and current is not None:
            yield facts.draft(submissions[current], parts)


@cache
def _sql() -> dict[str, str]:
    text = resources.files(__package__).joinpath("fsds.sql").read_text(encoding="utf-8")
    sections: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in text.splitlines():
        if line.startswith("-- name:"):
            current = sections.setdefault(line.removeprefix("-- name:").strip(), [])
        elif current is not None:
            current.append(line)
    return {key: "\n".join(lines).strip() for key, lines in sections.items()}


def _rows(con: duckdb.DuckDBPyConnection, name: str) -> list[dict[str, Any]]:
    cursor = con.execute(_sql()[name])
    columns = [d[0] for d in cursor.description]
    return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


@contextmanager
def _scratch(path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    name = str(path)
    directory = Path(tempfile.mkdtemp(prefix="ledger-fsds-"))
    try:
        folder = path if path.is_dir() else _unzip(path, directory / "tables")
        con = duckdb.connect(str(directory / "scratch.duckdb"))
        try:
            con.execute("SET enable_progress_bar = false")
            con.execute("SET memory_limit = ?", [MEMORY_LIMIT])
            con.execute("SET temp_directory = ?", [str(directory / "spill")])
            for table in TABLES:
                file = folder / f"{table}.txt"
                if not file.is_file():
                    raise ExtractError(name, f"has no {table}.txt (not an FSDS quarter)")
                try:
                    con.execute(_READ.format(table=table), [str(file)])
                except duckdb.Error as exc:
                    first = str(exc).strip().splitlines()[0]
                    raise ExtractError(name, f"{table}.txt cannot be read ({first})") from None
                _complete_columns(con, name, table)
            yield con
        finally:
            con.close()
    finally:
        shutil.rmtree(directory, ignore_errors=True)


def _complete_columns(con: duckdb.DuckDBPyConnection, name: str, table: str) -> None:
    """Refuse a table without a column every release has; add the optional ones a release
    lacks, empty, so one query reads every layout."""
    have = {str(row[0]) for row in con.execute(f"DESCRIBE {table}").fetchall()}
    for column in _REQUIRED[table]:
        if column not in have:
            raise ExtractError(name, f"{table}.txt has no {column} column (not an FSDS table)")
    for column in _OPTIONAL[table]:
        if column not in have:
            con.execute(f"ALTER TABLE {table} ADD COLUMN {column} VARCHAR")


def _unzip(path: Path, into: Path) -> Path:
    name = str(path)
    into.mkdir(parents=True)
    try:
        with zipfile.ZipFile(path) as archive:
            for member in archive.infolist():
                base = Path(member.filename).name
                if base.removesuffix(".txt") not in TABLES or not base.endswith(".txt"):
                    continue
                # Streamed member by member: the zip's CRC check catches damaged data.
                with archive.open(member) as src, (into / base).open("wb") as dst:
                    shutil.copyfileobj(src, dst, 1 << 20)
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise ExtractError(name, f"is a damaged or truncated zip ({exc})") from None
    except OSError as exc:
        raise ExtractError(name, f"cannot be read ({exc.strerror or exc})") from None
    return into


def _check(con: duckdb.DuckDBPyConnection, name: str) -> None:
    for query, table in (("submission_problems", "sub.txt"), ("problems", "num.txt")):
        found = con.execute(_sql()[query]).fetchone()
        if found is not None:
            line, problem = found
            raise ExtractError(f"{name}: {table}", problem, line)


class _Facts:
    """Builds drafts from rows of the ``facts`` query, sharing the values many facts repeat
    (periods, dimensions) instead of building them again for every row."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.periods: dict[tuple[str, int], Period] = {}
        self.dimensions: dict[tuple[str, str], Dimensions] = {}

    def period(self, ddate: str, qtrs: int) -> Period:
        key = (ddate, qtrs)
        found = self.periods.get(key)
        if found is None:
            end = date(int(ddate[:4]), int(ddate[4:6]), int(ddate[6:8]))
            found = self.periods[key] = _period(end, qtrs)
        return found

    def dims(self, segments: str, coreg: str) -> Dimensions:
        key = (segments, coreg)
        found = self.dimensions.get(key)
        if found is None:
            found = self.dimensions[key] = _dimensions(segments, coreg)
        return found

    def draft(self, sub: dict[str, Any], parts: list[pa.RecordBatch]) -> DisclosureDraft:
        accession = sub["adsh"]
        filing = Filing(
            accession=accession,
            form=sub["form"],
            filed=sub["filed"],
            period_end=sub["period_end"],
            filer=filer_info(sub["cik"], sub["name"] or ""),
            source=f"{Path(self.name).name}#{accession}",
            accepted=sub["accepted"],
            amends=sub["amends"] or "",
        )
        document = filing.source
        columns = pa.Table.from_batches(parts).to_pydict()
        facts = []
        # Counted in C over the column: the most frequent currency is the filing's.
        units = Counter(columns["unit"])
        # The values most facts share are looked up inline (a call per fact costs more than
        # the lookup): periods, dimensions and the document with its report.
        periods, dimensions, period, dims = self.periods, self.dimensions, self.period, self.dims
        sources: dict[str, str] = {}
        rows = zip(
            columns["num_line"],
            columns["concept"],
            columns["ddate"],
            columns["qtrs"],
            columns["segments"],
            columns["coreg"],
            columns["unit"],
            columns["amount"],
            columns["decimals"],
            columns["statement"],
            columns["place"],
            columns["line"],
            columns["label"],
            strict=True,
        )
        for num_line, concept, ddate, qtrs, segments, coreg, unit, amount, *rest in rows:
            decimals, statement, place, line, label = rest
            where = sources.get(place)
            if where is None:
                where = sources[place] = document + place
            when = periods.get((ddate, qtrs))
            if when is None:
                when = period(ddate, qtrs)
            qualifiers = dimensions.get((segments, coreg))
            if qualifiers is None:
                qualifiers = dims(segments, coreg)
            try:
                fact = Fact(
                    concept,
                    when,
                    qualifiers,
                    Decimal(amount),
                    unit,
                    0,
                    decimals,
                    SourceRef(where, line, label),
                    statement,
                )
            except LedgerError as exc:
                raise ExtractError(f"{self.name}: num.txt", str(exc), num_line) from None
            facts.append(fact)
        return DisclosureDraft(
            meta=filing.meta(filing_currency(units.elements())),
            facts=facts,
            restatements=declared_restatements(facts),
            filer=filing.filer,
        )


def _period(ddate: date, qtrs: int) -> Period:
    if qtrs == 0:
        return Period(end=ddate)
    months = ddate.year * 12 + ddate.month - 1 - 3 * qtrs + 1
    return Period(start=date(months // 12, months % 12 + 1, 1), end=ddate)


def _dimensions(segments: str, coreg: str) -> Dimensions:
    items = []
    for pair in segments.split(";"):
        axis, sep, member = pair.partition("=")
        if sep and axis.strip():
            items.append((axis.strip(), member.strip()))
    if coreg:
        items.append(("LegalEntityAxis", coreg))
    return Dimensions(items)
