"""Query benchmark: as-at statement, facts as at a date, restatements of one issuer.

Run by hand after ``bench/replay.py`` (which leaves the full projection in
``bench/out/<name>-work/``); prints p50 and p95 latencies:

    .venv/bin/python bench/queries.py                 # 100 runs of each query
    .venv/bin/python bench/queries.py --runs 50 --name small

Two levels are timed: the read-side query functions the CLI calls (``ledger.projections.
queries``) on an open read-only connection, and the CLI commands themselves run in-process
(click's CliRunner: opening the projection and the event store, rendering the table; no
interpreter start-up).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from click.testing import CliRunner  # noqa: E402
from generate import OUT  # noqa: E402
from synth import Shape, issuer_ids  # noqa: E402

from ledger.cli.main import cli  # noqa: E402
from ledger.projections import queries  # noqa: E402
from ledger.projections.replay import connect  # noqa: E402


def percentiles(samples: list[float]) -> tuple[float, float]:
    """p50 and p95 in milliseconds."""
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered) * 1000, p95 * 1000


def timed(label: str, runs: int, call: Callable[[int], Any]) -> None:
    """Run ``call(i)`` ``runs`` times (after one warm-up) and print its latency."""
    call(-1)
    samples = []
    for i in range(runs):
        started = time.perf_counter()
        call(i)
        samples.append(time.perf_counter() - started)
    p50, p95 = percentiles(samples)
    print(f"  {label:58} p50 {p50:7.1f} ms   p95 {p95:7.1f} ms   ({runs} runs)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--name", default="full")
    parser.add_argument("--runs", type=int, default=100)
    args = parser.parse_args()
    home = OUT / f"{args.name}-work"
    path = home / "projections.duckdb"
    if not path.exists():
        sys.exit(f"{path}: run bench/replay.py --name {args.name} first")
    shape = Shape()
    rnd = random.Random(5)
    issuers = issuer_ids(shape.issuers)
    years = range(shape.first_year, shape.first_year + shape.years)
    # A different issuer and period each run: no run is served by the previous one's pages.
    cases = [(rnd.choice(issuers), rnd.choice(years)) for _ in range(args.runs)]

    con = connect(path, read_only=True)
    try:
        rows = con.execute("SELECT count(*) FROM fact_versions").fetchone()
        print(f"projection {path}: {rows[0]:,} fact versions")
        print("query functions (open read-only connection):")

        def statement(i: int) -> Any:
            issuer, year = cases[i]
            return queries.statement(
                con,
                issuer=issuer,
                statement="income",
                period=f"FY{year}",
                as_at=date(year + 1, 6, 30),
            )

        def facts(i: int) -> Any:
            issuer, year = cases[i]
            return queries.facts(con, issuer=issuer, as_at=date(year + 1, 6, 30))

        def restated(i: int) -> Any:
            return queries.restatements(con, issuer=cases[i][0])

        timed("as-at income statement, one issuer and period", args.runs, statement)
        timed("facts_as_at(D) for one issuer (all its facts)", args.runs, facts)
        timed("restatements of one issuer", args.runs, restated)
    finally:
        con.close()

    print("CLI commands, in-process (open projection + store, render a table):")
    runner = CliRunner()
    years_list = list(years)

    def run(*argv: str) -> None:
        result = runner.invoke(cli, ["--home", str(home), *argv])
        if result.exit_code != 0:
            raise SystemExit(result.output)

    def cli_statement(i: int) -> None:
        year = years_list[i % len(years_list)]
        run(
            "statement",
            "--issuer",
            "OCFT",
            "--statement",
            "income",
            "--period",
            f"FY{year}",
            "--as-at",
            f"{year + 1}-06-30",
        )

    timed("ledger statement --issuer OCFT --statement income ...", args.runs, cli_statement)
    timed(
        "ledger restatements --issuer OCFT",
        args.runs,
        lambda i: run("restatements", "--issuer", "OCFT"),
    )


if __name__ == "__main__":
    main()
