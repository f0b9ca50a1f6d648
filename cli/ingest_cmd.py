"""``ledger ingest`` and ``ledger replay``: write commands."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import click

from ledger.domain.application import Ledger
from ledger.domain.drafts import DisclosureDraft
from ledger.domain.errors import LedgerError
from ledger.domain.issuers import IssuerDirectory
from ledger.domain.recording import IngestOutcome
from ledger.ingest import ExtractError, Job, Manifest, read_in_order, read_manifest
from ledger.projections.replay import check_projection_store, replay
from ledger.store import Location

from .issuers_cmd import command_issuers
from .options import given_metadata, metadata_options
from .progress import DOCUMENTS_THRESHOLD, info, progress
from .render import one_line, printable


@click.command()
@click.argument("paths", nargs=-1, metavar="PATH...")
@click.option("--manifest", metavar="FILE", help="A manifest.toml listing documents to ingest.")
@metadata_options("file")
@click.option("--no-replay", is_flag=True, help="Do not update the DuckDB projection afterwards.")
@click.option(
    "--batch",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    metavar="N",
    help="Record N documents per transaction (each document is still whole or absent).",
)
@click.option(
    "--keep-going",
    is_flag=True,
    help="Record every valid document even when others are refused; exit 1 at the end.",
)
@click.pass_obj
def ingest(
    loc: Location,
    paths: tuple[str, ...],
    manifest: str | None,
    issuer: str | None,
    issuer_name: str | None,
    published_on: date | None,
    period_end: date | None,
    kind: str | None,
    no_replay: bool,
    batch: int,
    keep_going: bool,
) -> None:
    """Record disclosures: structured JSON files, text documents, SEC data, or a manifest.

    SEC data is recognised by content: a Financial Statement Data Sets quarter (zip or
    folder), an XBRL instance (.xml, with its linkbases beside it) or a companyfacts .json;
    each filing (accession) is one disclosure, its filer registered from the data.

    Every file is read and validated before anything is written; each document is then saved
    in one atomic step. The same document recorded twice is reported and skipped. With
    --batch N, N documents share a transaction: an interruption loses the batch being written
    (never part of a document), and running the same command again records what is missing.
    One refused document refuses them all, unless --keep-going: then every valid document is
    recorded (each in a transaction of its own), each refused one is named with its reason,
    and the command exits 1 at the end.

    The issuer must be known: registered before (`ledger issuers add`), declared in the
    manifest's [[issuer]] tables, named with --issuer ID --issuer-name NAME, or described by
    the document itself (its legal name and stock codes); it is registered on first use.

    \b
    Example:
      ledger ingest samples/oneconnect-fy2023-results-2024-03-18.json
      ledger ingest --manifest samples/manifest.toml
      ledger ingest --manifest filings.toml --batch 100
      ledger ingest 2010q1.zip --batch 200
      ledger ingest q3.txt --issuer acme --issuer-name "Acme Holdings Ltd" --published-on 2024-10-21
      ledger ingest --keep-going --manifest filings.toml
    """
    if not paths and not manifest:
        raise click.UsageError("give PATH... or --manifest FILE")
    given = given_metadata(issuer, published_on, period_end, kind)
    listed = read_manifest(Path(manifest)) if manifest else None
    declared = listed.issuers if listed else IssuerDirectory()
    issuers = command_issuers(loc, declared, issuer, issuer_name)
    refused: list[str] = []
    drafts, streams = _read_all(listed, paths, given, issuers, keep_going, refused)
    _refuse_conflicting_dates(drafts)

    check_projection_store(loc.projection_path, loc.store_identity)
    app = loc.open_ledger()
    try:
        _register_unused(app, declared, drafts)
        # Each document is still recorded in one atomic step; the bar only counts them
        # (weighted by their facts: about two events each) when there are many.
        expected = sum(2 * len(draft.facts) for _, draft in drafts)
        done = 0
        recorded = 0
        with progress("recording") as bar:
            every = itertools.chain(drafts, ((name, d) for name, stream in streams for d in stream))
            for outcome in _record(app, every, batch, keep_going, refused):
                recorded += 1
                bar.echo(_described(outcome))
                done += 2 * outcome.facts
                bar.update(done, max(done, expected))
        if not no_replay:
            with loc.projection_writer(), progress("updating the projection") as bar:
                result = replay(
                    app, loc.projection_path, progress=bar.update, store=loc.store_identity
                )
            if result.events:
                info(f"projection updated: {result.events} events replayed")
    finally:
        app.close()
    if refused:
        for reason in refused:
            click.echo(f"refused {one_line(reason)}", err=True)
        tried = recorded + len(refused)
        msg = f"{len(refused)} of {tried} documents refused; the others are recorded"
        raise IngestIncomplete(msg)


def _register_unused(
    app: Ledger, declared: IssuerDirectory, drafts: list[tuple[str, DisclosureDraft]]
) -> None:
    # A declared issuer is registered with its first document (one atomic save), or on its
    # own when no document of this command is its.
    used = {draft.meta.issuer for _, draft in drafts}
    for declared_issuer in declared:
        if declared_issuer.id not in used:
            app.register_issuer(declared_issuer)


def _described(outcome: IngestOutcome) -> str:
    """The line ``ledger ingest`` prints for a document it recorded or skipped."""
    name = printable(outcome.source_file)
    if outcome.already_recorded:
        return f"already recorded {name} (published {outcome.published_on}): nothing written"
    merged = f", {outcome.merged_repeats} repeated figures merged" if outcome.merged_repeats else ""
    unread = (
        f", {outcome.unread_columns} columns without a period not read"
        if outcome.unread_columns
        else ""
    )
    return (
        f"recorded {name} (published {outcome.published_on}): "
        f"{outcome.facts} facts, {outcome.events} events{merged}{unread}"
    )


class IngestIncomplete(LedgerError):
    """``ingest --keep-going`` recorded some documents and refused others."""


def _record(
    app: Ledger,
    drafts: Iterable[tuple[str, DisclosureDraft]],
    batch: int,
    keep_going: bool,
    refused: list[str],
) -> Iterator[IngestOutcome]:
    """The outcomes of recording ``drafts``, ``batch`` documents per transaction; with
    ``keep_going``, each document alone, and a refused one appended to ``refused``."""
    if not keep_going:
        yield from app.ingest_disclosures((d for _, d in drafts), batch=batch)
        return
    for document, draft in drafts:
        try:
            yield from app.ingest_disclosures([draft], batch=1)
        except LedgerError as exc:
            refused.append(f"{document}: {exc}")


def _read_all(
    listed: Manifest | None,
    paths: tuple[str, ...],
    given: dict[str, Any],
    issuers: IssuerDirectory,
    keep_going: bool,
    refused: list[str],
) -> tuple[list[tuple[str, DisclosureDraft]], list[tuple[str, Iterator[DisclosureDraft]]]]:
    """Every document read and validated, in order (an issuer one of them introduces is known
    to the ones after it), and the rest of each SEC file's filings, to read while recording.
    With ``keep_going``, a document that cannot be read is appended to ``refused`` instead of
    raising."""
    # Every document is checked whole here, before anything is written; an SEC quarter's
    # filings are then read one at a time while they are recorded.
    jobs = [Job(entry.path, {**entry.overrides(), **given}) for entry in listed or ()]
    jobs += [Job(Path(path), given, sec=True) for path in paths]
    with progress("reading", threshold=DOCUMENTS_THRESHOLD) as bar:
        reads, _ = read_in_order(jobs, issuers, keep_going=keep_going, progress=bar.update)
    drafts: list[tuple[str, DisclosureDraft]] = []
    streams: list[tuple[str, Iterator[DisclosureDraft]]] = []
    for read in reads:
        if read.error is not None:
            refused.append(str(read.error))
        elif read.draft is not None:
            drafts.append((str(read.job.path), read.draft))
            if read.job.sec:
                streams.append((str(read.job.path), read.rest))
        else:
            # SEC data can hold no figure at all (EDGAR serves companyfacts files without one).
            info(f"{printable(read.job.path.name)}: no figures to record")
    return drafts, streams


def _refuse_conflicting_dates(drafts: list[tuple[str, DisclosureDraft]]) -> None:
    # One document named twice in one command with two publication dates is a contradiction
    # the user must settle; catching it here keeps the store untouched.
    seen: dict[tuple[str, str], tuple[str, date]] = {}
    for path, draft in drafts:
        key = (draft.meta.issuer, draft.meta.sha256)
        if key in seen and seen[key][1] != draft.meta.published_on:
            other, when = seen[key]
            msg = (
                f"the same document is given as published on {when.isoformat()} ({other}) and "
                f"{draft.meta.published_on.isoformat()}"
            )
            raise ExtractError(path, msg)
        seen[key] = (path, draft.meta.published_on)


@click.command("replay")
@click.option("--rebuild", is_flag=True, help="Rebuild the projection from the first event.")
@click.pass_obj
def replay_cmd(loc: Location, rebuild: bool) -> None:
    """Bring the DuckDB projection up to date with the event store.

    Incremental by default (from the stored position); --rebuild builds a fresh file and swaps
    it in atomically.

    \b
    Example:
      ledger replay --rebuild
    """
    app = loc.open_ledger(create=False)
    try:
        with loc.projection_writer(), progress("replaying") as bar:
            result = replay(
                app,
                loc.projection_path,
                rebuild=rebuild,
                progress=bar.update,
                store=loc.store_identity,
            )
    finally:
        app.close()
    how = "rebuilt" if result.rebuilt else "updated"
    info(
        f"{how} {loc.projection_path}: {result.events} events "
        f"(position {result.from_position} -> {result.to_position}) in {result.seconds:.2f}s"
    )
