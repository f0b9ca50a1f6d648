"""Where a document's recording spends its time, stage by stage, on both recording paths.

Run by hand; prints a Markdown table (CPU microseconds per document, exclusive of the stages
nested inside, so the column adds up to the total):

    .venv/bin/python bench/profile_ingest.py                    # 50 issuers x 4 years, SQLite
    .venv/bin/python bench/profile_ingest.py --issuers 100 --batch 100

The synthetic documents (``bench/synth.py``) are written as ``ledger-disclosure/1`` JSON files
and read back through ``ingest.load`` (validation), then recorded twice into fresh stores: the
straightforward path (``Ledger.ingest_through_aggregates``: every aggregate read through the
repository, events triggered on it, serialised by the mapper, saved with the library's
``save``) and the fast path (``Ledger.ingest_disclosures``). The first year is recorded
unmeasured, so every measured document finds half its series already stored, as in a ledger
that has been running for a while.
"""

from __future__ import annotations

import argparse
import inspect
import json
import shutil
import sys
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import OUT  # noqa: E402
from synth import Generator, Shape, as_structured  # noqa: E402

import ledger.domain.aggregates as aggregates_module  # noqa: E402
import ledger.domain.recording as recording_module  # noqa: E402
from ledger.domain.application import Ledger  # noqa: E402
from ledger.domain.drafts import DisclosureDraft  # noqa: E402
from ledger.ingest.load import load_disclosure  # noqa: E402
from ledger.store import Location  # noqa: E402

STAGES = (
    "validation",
    "aggregate loading",
    "restatement detection",
    "event construction",
    "serialisation",
    "seal",
    "insert",
    "insert, on its own thread",
    "commit",
)


class Stages:
    """Exclusive CPU time per stage and thread: a nested stage's time is not counted in its
    parent's. (Stages nest on the recording thread only; the inserting thread's one stage
    starts and ends on that thread.)"""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self._threads = threading.local()

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        children = self._threads.__dict__.setdefault("children", [0.0])
        children.append(0.0)
        # The recording thread's CPU time: the bulk path's inserts run on a thread of their
        # own, counted apart ("insert, on its own thread").
        started = time.thread_time()
        try:
            yield
        finally:
            elapsed = time.thread_time() - started
            nested = children.pop()
            self.seconds[name] += elapsed - nested
            children[-1] += elapsed

    def wrap(self, owner: Any, attribute: str, name: str) -> Callable[[], None]:
        """Time every call of ``owner.attribute`` as ``name``; returns the undo."""
        stored = inspect.getattr_static(owner, attribute)
        original = getattr(owner, attribute)

        def timed(*args: Any, **kwargs: Any) -> Any:
            with self.stage(name):
                return original(*args, **kwargs)

        setattr(
            owner, attribute, staticmethod(timed) if isinstance(stored, staticmethod) else timed
        )
        return lambda: setattr(owner, attribute, stored)


def documents(shape: Shape, folder: Path) -> list[Path]:
    """The synthetic documents as JSON files, in publication order."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n, doc in enumerate(Generator(shape).documents()):
        path = folder / f"{n:05d}.json"
        path.write_text(json.dumps(as_structured(doc)))
        paths.append(path)
    return paths


def profile(
    home: Path, paths: list[Path], warm: int, record: Callable[[Ledger, list[DisclosureDraft]], int]
) -> tuple[Stages, int, int]:
    """Record ``paths`` into a fresh store, measuring all but the first ``warm`` documents.

    Returns:
        The stages, and the documents and events measured.
    """
    shutil.rmtree(home, ignore_errors=True)
    app = Location(home=home).open_ledger()
    try:
        record(app, [load_disclosure(p, {}) for p in paths[:warm]])
        stages = Stages()
        undo = hooks(stages, app)
        try:
            drafts = []
            for path in paths[warm:]:
                with stages.stage("validation"):
                    drafts.append(load_disclosure(path, {}))
            events = record(app, drafts)
        finally:
            for u in undo:
                u()
    finally:
        app.close()
    return stages, len(paths) - warm, events


def hooks(stages: Stages, app: Ledger) -> list[Callable[[], None]]:
    """Timers on the functions each stage runs, on both paths."""
    from eventsourcing.sqlite import SQLiteConnection

    from ledger.eventstore import SQLiteSession, _Inserter

    return [
        # straightforward path
        stages.wrap(Ledger, "_ingest_once", "event construction"),
        stages.wrap(Ledger, "_get_or_none", "aggregate loading"),
        stages.wrap(aggregates_module, "reconcile", "restatement detection"),
        stages.wrap(Ledger, "_sealed", "seal"),
        stages.wrap(app.mapper, "to_stored_event", "serialisation"),
        stages.wrap(app.recorder, "insert_events", "insert"),
        # fast path: events are built as their stored JSON, so construction and serialisation
        # are one stage ("event construction")
        stages.wrap(recording_module.RowWriter, "plan", "event construction"),
        stages.wrap(recording_module.RowWriter, "series_ids", "event construction"),
        stages.wrap(SQLiteSession, "load", "aggregate loading"),
        stages.wrap(recording_module, "reconcile", "restatement detection"),
        stages.wrap(recording_module.RowWriter, "_seal", "seal"),
        stages.wrap(SQLiteSession, "insert", "insert"),
        stages.wrap(_Inserter, "_run", "insert, on its own thread"),
        # both
        stages.wrap(SQLiteConnection, "commit", "commit"),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--issuers", type=int, default=50)
    parser.add_argument("--years", type=int, default=4)
    parser.add_argument("--batch", type=int, default=1, help="fast path: documents per commit")
    args = parser.parse_args()
    shape = Shape(issuers=args.issuers, years=args.years)
    work = OUT / "profile"
    shutil.rmtree(work, ignore_errors=True)
    paths = documents(shape, work / "json")

    def straightforward(app: Ledger, drafts: list[DisclosureDraft]) -> int:
        return sum(app.ingest_through_aggregates(d).events for d in drafts)

    def fast(app: Ledger, drafts: list[DisclosureDraft]) -> int:
        return sum(o.events for o in app.ingest_disclosures(drafts, batch=args.batch))

    results = {
        "straightforward": profile(work / "a", paths, shape.issuers, straightforward),
        f"fast (batch {args.batch})": profile(work / "b", paths, shape.issuers, fast),
    }
    names = list(results)
    print(f"{len(paths) - shape.issuers} documents measured, CPU µs per document\n")
    print("| stage | " + " | ".join(names) + " |")
    print("|---|" + "---:|" * len(names))
    for stage in STAGES:
        cells = []
        for stages, docs, _ in results.values():
            seconds = stages.seconds[stage]
            total = sum(stages.seconds.values())
            cells.append(f"{seconds / docs * 1e6:,.0f} ({seconds / total:.0%})")
        print(f"| {stage} | " + " | ".join(cells) + " |")
    totals = []
    for stages, docs, events in results.values():
        total = sum(stages.seconds.values())
        totals.append(f"{total / docs * 1e6:,.0f} ({events / total:,.0f} events/CPU-s)")
    print("| total | " + " | ".join(totals) + " |")


if __name__ == "__main__":
    main()
