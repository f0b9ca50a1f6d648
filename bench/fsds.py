"""FSDS ingest benchmark: a generated quarter of the SEC's Financial Statement Data Sets.

Run by hand; prints its figures:

    .venv/bin/python bench/fsds.py                      # 3.5 million facts, like a real quarter
    .venv/bin/python bench/fsds.py --facts 350000       # a tenth
    .venv/bin/python bench/fsds.py --record 50000       # also record a small quarter
    .venv/bin/python bench/fsds.py --facts 0 --record 20000 --store postgresql://...

1. Generates a quarter zip with the SEC's four tables and columns (``sub``, ``num``, ``pre``,
   ``tag``): 500 amounts per filing over 250 tags, two periods, one in ten with a dimension,
   presented in ``pre``, written by DuckDB (so generation costs little).
2. Reads ``num.txt`` raw with DuckDB (every value cast to a decimal): the floor.
3. Reads the quarter through the ledger's reader (``ledger.ingest.sec.read_fsds``: scratch
   database, checks, per-filing streaming, one validated draft per filing), in a child process
   whose peak memory is measured.
4. With ``--record N``: ``ledger ingest --batch 200`` of a generated quarter of N facts into a
   fresh store, the whole path (reader, recording, projection update), for the recording rate.

Steps 2 and 3 run in the same process tree, one after the other, on the same file.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import duckdb

FACTS_PER_FILING = 500
TAGS = 250

_GENERATE = """
CREATE TABLE sub AS
SELECT printf('%010d-%02d-%06d', 1000000 + i, 24, i) AS adsh,
       CAST(100000 + i AS VARCHAR) AS cik,
       printf('GENERATED FILER %d INC', i) AS name,
       '7372' AS sic, 'US' AS countryba, 'CA' AS stprba, 'SAN JOSE' AS cityba,
       '95134' AS zipba, '1 MAIN ST' AS bas1, '' AS bas2, '4085550100' AS baph,
       'US' AS countryma, 'CA' AS stprma, 'SAN JOSE' AS cityma, '95134' AS zipma,
       '1 MAIN ST' AS mas1, '' AS mas2, 'US' AS countryinc, 'DE' AS stprinc,
       printf('%09d', 100000000 + i) AS ein, '' AS former, '' AS changed,
       '1-LAF' AS afs, '0' AS wksi, '1231' AS fye,
       CASE WHEN i % 5 = 0 THEN '10-K' ELSE '10-Q' END AS form,
       '20240331' AS period, '2024' AS fy, 'Q1' AS fp,
       strftime(DATE '2024-04-01' + CAST(i % 60 AS INTEGER), '%Y%m%d') AS filed,
       strftime(TIMESTAMP '2024-04-01 09:00:00' + to_days(CAST(i % 60 AS INTEGER))
                + to_minutes(CAST(i % 480 AS INTEGER)), '%Y-%m-%d %H:%M:%S.0') AS accepted,
       '0' AS prevrpt, '0' AS detail, printf('gen%d-20240331.xml', i) AS instance,
       '1' AS nciks, '' AS aciks
FROM range($filings) t(i);

CREATE TABLE num AS
SELECT printf('%010d-%02d-%06d', 1000000 + f, 24, f) AS adsh,
       printf('GeneratedAmount%03d', k % 250) AS tag,
       'us-gaap/2024' AS version,
       CASE WHEN k // 250 = 0 THEN '20240331' ELSE '20231231' END AS ddate,
       CASE WHEN k % 3 = 0 THEN '0' ELSE '1' END AS qtrs,
       'USD' AS uom,
       CASE WHEN k % 10 = 0 THEN 'BusinessSegments=Segment' || (k % 7) || ';' ELSE '' END
           AS segments,
       '' AS coreg,
       printf('%d.0000', (hash(f, k) % 9000000 + 1000) * 1000) AS value,
       '' AS footnote
FROM range($filings) a(f), range($per_filing) b(k);

CREATE TABLE pre AS
SELECT printf('%010d-%02d-%06d', 1000000 + f, 24, f) AS adsh,
       CAST(1 + k // 100 AS VARCHAR) AS report, CAST(1 + k % 100 AS VARCHAR) AS line,
       CASE k // 100 WHEN 0 THEN 'BS' WHEN 1 THEN 'IS' ELSE 'CF' END AS stmt,
       '0' AS inpth, 'H' AS rfile, printf('GeneratedAmount%03d', k) AS tag,
       'us-gaap/2024' AS version, printf('Generated amount %d', k) AS plabel, '0' AS negating
FROM range($filings) a(f), range(250) b(k);

CREATE TABLE tag AS
SELECT printf('GeneratedAmount%03d', k) AS tag, 'us-gaap/2024' AS version, '0' AS custom,
       '0' AS abstract, 'monetary' AS datatype, CASE WHEN k % 3 = 0 THEN 'I' ELSE 'D' END AS iord,
       'D' AS crdr, printf('Generated amount %d', k) AS tlabel, 'A generated element.' AS doc
FROM range(250) t(k);
"""


def generate(folder: Path, facts: int) -> Path:
    """Write a quarter zip of about ``facts`` amounts; return its path."""
    filings = max(1, -(-facts // FACTS_PER_FILING))
    tables = folder / "tables"
    tables.mkdir(parents=True)
    con = duckdb.connect()
    sql = _GENERATE.replace("$filings", str(filings)).replace("$per_filing", str(FACTS_PER_FILING))
    con.execute(sql)
    for table in ("sub", "num", "pre", "tag"):
        con.execute(
            f"COPY {table} TO '{tables / (table + '.txt')}' "
            "(FORMAT csv, DELIMITER '\t', HEADER true, QUOTE '\"')"
        )
    con.close()
    path = folder / "generated.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for table in ("sub", "num", "pre", "tag"):
            archive.write(tables / f"{table}.txt", f"{table}.txt")
    return path


def raw_read(path: Path) -> tuple[float, int]:
    """DuckDB alone: unzip num.txt and read every row, casting each value (wall seconds)."""
    started = time.perf_counter()
    work = Path(tempfile.mkdtemp(prefix="ledger-fsds-raw-"))
    try:
        with zipfile.ZipFile(path) as archive:
            archive.extract("num.txt", work)
        con = duckdb.connect()
        [(rows, _)] = con.execute(
            "SELECT count(*), sum(TRY_CAST(value AS DECIMAL(38, 10))) FROM read_csv(?, "
            "delim='\t', header=true, quote='\"', escape='\"', all_varchar=true)",
            [str(work / "num.txt")],
        ).fetchall()
        con.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return time.perf_counter() - started, int(rows)


_READER = """
import resource, sys, time
from pathlib import Path
from ledger.ingest.sec import read_sec
started = time.perf_counter()
filings = facts = 0
for draft in read_sec(Path(sys.argv[1]), "fsds"):
    filings += 1
    facts += len(draft.facts)
seconds = time.perf_counter() - started
usage = resource.getrusage(resource.RUSAGE_SELF)
print(seconds, filings, facts, usage.ru_maxrss, usage.ru_utime + usage.ru_stime)
"""


def ledger_read(path: Path) -> tuple[float, int, int, int, float]:
    """The ledger's reader in a child process: seconds, filings, facts, peak RSS (kB) and
    CPU-seconds (all threads)."""
    out = subprocess.run(
        [sys.executable, "-c", _READER, str(path)], check=True, capture_output=True, text=True
    ).stdout.split()
    return float(out[0]), int(out[1]), int(out[2]), int(out[3]), float(out[4])


def record(folder: Path, facts: int, store: str | None, batch: int) -> tuple[float, int]:
    """``ledger ingest`` of a generated quarter of ``facts`` amounts (into ``store``, else
    SQLite under a fresh home): seconds, peak RSS (kB)."""
    path = generate(folder / "record", facts)
    home = folder / "home"
    ledger = Path(sys.executable).parent / "ledger"
    where = ["--store", store] if store else []
    started = time.perf_counter()
    subprocess.run(
        [
            str(ledger),
            "--home",
            str(home),
            *where,
            "-q",
            "ingest",
            str(path),
            "--batch",
            str(batch),
        ],
        check=True,
    )
    seconds = time.perf_counter() - started
    return seconds, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--facts", type=int, default=3_500_000)
    parser.add_argument("--record", type=int, default=0, metavar="N")
    parser.add_argument("--store", help="record into this PostgreSQL store (--record)")
    parser.add_argument("--batch", type=int, default=200, help="filings per transaction")
    parser.add_argument("--keep", action="store_true", help="keep the generated files")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="ledger-bench-fsds-"))
    try:
        started = time.perf_counter()
        path = generate(folder / "quarter", args.facts)
        size, took = path.stat().st_size, time.perf_counter() - started
        print(f"generated {path.name}: {size / 1e6:.0f} MB in {took:.1f} s")
        raw_s, rows = raw_read(path)
        print(f"raw DuckDB read of num.txt: {rows:,} rows in {raw_s:.2f} s = {rows / raw_s:,.0f}/s")
        seconds, filings, facts, peak, cpu = ledger_read(path)
        print(
            f"ledger reader: {filings:,} filings, {facts:,} facts in {seconds:.2f} s = "
            f"{facts / seconds:,.0f} facts/s ({cpu:.1f} CPU-s), peak RSS {peak / 1024:,.0f} MB,"
            f" {seconds / raw_s:.1f}x the raw read"
        )
        if args.record:
            seconds, peak = record(folder, args.record, args.store, args.batch)
            print(
                f"ledger ingest (read, record, replay) of {args.record:,} facts: {seconds:.1f} s"
                f" = {args.record / seconds:,.0f} facts/s, peak RSS {peak / 1024:,.0f} MB"
            )
    finally:
        if args.keep:
            print(f"kept {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
