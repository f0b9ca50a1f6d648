"""Generate the synthetic ledger through the real ingest path (draft -> Ledger.ingest_disclosure).

Run by hand; prints its figures. The store is cached under ``bench/out/<name>/events.sqlite``
and reused by ``bench/replay.py`` and ``bench/queries.py``.

    .venv/bin/python bench/generate.py                 # 500 issuers x 20 years: ~1.5M events
    .venv/bin/python bench/generate.py --issuers 20 --years 5 --name small
"""

from __future__ import annotations

import argparse
import resource
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synth import Generator, Shape, register_synthetic_issuers, to_draft  # noqa: E402

from ledger.store import Location  # noqa: E402

OUT = Path(__file__).resolve().parent / "out"


def home_for(name: str) -> Path:
    """The cached ledger home of a named synthetic ledger."""
    return OUT / name


def generate(shape: Shape, home: Path, *, years: range | None = None, quiet: bool = False) -> int:
    """Ingest the documents of ``shape`` (optionally only some years) into ``home``.

    Returns:
        The number of events written.
    """
    register_synthetic_issuers(shape.issuers)
    gen = Generator(shape)
    app = Location(home=home).open_ledger()
    events = docs = 0
    started = last = time.perf_counter()
    try:
        for doc_year in years or range(shape.first_year, shape.first_year + shape.years):
            for i in range(shape.issuers):
                outcome = app.ingest_disclosure(to_draft(gen.document(i, doc_year)))
                events += outcome.events
                docs += 1
            now = time.perf_counter()
            if not quiet and now - last > 10:
                rate = events / (now - started)
                print(f"  {docs:>6} documents, {events:>9,} events, {rate:,.0f} events/s")
                last = now
    finally:
        app.close()
    return events


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--issuers", type=int, default=500)
    parser.add_argument("--years", type=int, default=20)
    parser.add_argument("--name", default="full")
    parser.add_argument("--force", action="store_true", help="regenerate an existing ledger")
    args = parser.parse_args()
    shape = Shape(issuers=args.issuers, years=args.years)
    home = home_for(args.name)
    if (home / "events.sqlite").exists() and not args.force:
        print(f"{home}/events.sqlite exists (use --force to regenerate)")
        return
    shutil.rmtree(home, ignore_errors=True)
    print(
        f"generating {shape.documents:,} documents ({shape.issuers} issuers x {shape.years} "
        f"years x {shape.facts_per_document} facts) into {home}"
    )
    started = time.perf_counter()
    events = generate(shape, home)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"ingest (draft -> Ledger.ingest_disclosure, SQLite): {events:,} events in "
        f"{seconds:.1f}s = {events / seconds:,.0f} events/s, "
        f"{shape.documents / seconds:,.1f} documents/s, peak RSS {peak:,.0f} MB"
    )


if __name__ == "__main__":
    main()
