"""Ingest benchmark: structured documents through the CLI path, and the real documents.

Run by hand; prints its figures:

    .venv/bin/python bench/ingest.py                  # 3 issuers x 20 years of synthetic JSON
    .venv/bin/python bench/ingest.py --years 5

1. ``ledger ingest FILE.json...`` (in-process through click: read, validate, record each
   document in one atomic save), first without the projection update, then the same files into
   a fresh home with it, so the replay's share shows;
2. the real documents of ``../shared/disclosures`` end to end (``ledger ingest --manifest``:
   text extraction, validation, recording, replay), when the folder is present.

The in-process generator (``bench/generate.py``) prints the same path's rate at 1.5M events.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from click.testing import CliRunner  # noqa: E402
from generate import OUT  # noqa: E402
from synth import Generator, Shape, as_structured  # noqa: E402

from ledger.cli.main import cli  # noqa: E402

SHARED = Path(__file__).resolve().parents[2] / "shared" / "disclosures"


def ingest(home: Path, *argv: str) -> tuple[float, str]:
    """Run ``ledger --home HOME ingest ARGV...`` in-process; seconds and output."""
    started = time.perf_counter()
    result = CliRunner().invoke(cli, ["--home", str(home), "ingest", *argv])
    seconds = time.perf_counter() - started
    if result.exit_code != 0:
        raise SystemExit(result.output)
    return seconds, result.output


def events_in(output: str) -> int:
    """Sum the ``N events`` of ``recorded ...`` lines."""
    total = 0
    for line in output.splitlines():
        if line.startswith("recorded ") and " events" in line:
            total += int(line.rsplit(" facts, ", 1)[1].split(" events", 1)[0])
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=int, default=20)
    args = parser.parse_args()
    work = OUT / "ingest"
    shutil.rmtree(work, ignore_errors=True)
    folder = work / "json"
    folder.mkdir(parents=True)
    # Each document describes its issuer, which is registered with its first document.
    shape = Shape(issuers=3, years=args.years)
    gen = Generator(shape)
    files = []
    for doc in gen.documents():
        d = doc["disclosure"]
        path = folder / f"{d['source']['file']}.json"
        path.write_text(json.dumps(as_structured(doc)), encoding="utf-8")
        files.append(str(path))
    print(f"{len(files)} structured documents, {shape.facts_per_document} facts each")

    seconds, output = ingest(work / "no-replay", *files, "--no-replay")
    events = events_in(output)
    print(
        f"  ledger ingest FILE.json... --no-replay: {events:,} events in {seconds:.2f}s = "
        f"{events / seconds:,.0f} events/s ({len(files) / seconds:.1f} documents/s)"
    )
    seconds, output = ingest(work / "with-replay", *files)
    print(
        f"  ledger ingest FILE.json... (with the projection update): {events:,} events in "
        f"{seconds:.2f}s = {events / seconds:,.0f} events/s"
    )

    manifest = SHARED / "manifest.toml"
    if not manifest.exists():
        print(f"{manifest}: not present, real documents skipped")
        return
    seconds, output = ingest(work / "real", "--manifest", str(manifest))
    documents = sum(1 for line in output.splitlines() if line.startswith("recorded "))
    print(
        f"  the {documents} real documents (ledger ingest --manifest, extraction + replay): "
        f"{events_in(output):,} events in {seconds:.2f}s"
    )


if __name__ == "__main__":
    main()
