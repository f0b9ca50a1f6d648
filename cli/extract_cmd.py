"""``ledger extract``: text documents -> structured disclosures, writing nothing to the store."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

import attrs
import click

from ledger.domain.drafts import DisclosureDraft
from ledger.domain.issuers import IssuerDirectory, IssuerInfo
from ledger.ingest import Job, extract_draft, read_in_order, read_manifest
from ledger.store import Location

from .files import write_atomically
from .issuers_cmd import command_issuers
from .options import given_metadata, metadata_options
from .render import emit, fact_display, format_option, printable
from .table import table_width, wrap

EXTRACT_COLUMNS = ("line", "concept", "period", "dimensions", "value", "unit", "label")
REPORT_COLUMNS = (
    "document",
    "facts",
    "numeric_cells",
    "classified",
    "classified_pct",
    "checks_run",
    "checks_passed",
    "conflicts",
    "conflicts_resolved",
    "unread_columns",
    "seconds",
)


@attrs.frozen
class Extracted:
    """One document's extraction, validated as `ledger ingest` would validate it."""

    document: dict[str, Any]
    draft: DisclosureDraft
    report: Any

    @classmethod
    def of(cls, extraction: Any, draft: DisclosureDraft) -> Extracted:
        """From the extractor's ``Extraction`` and its validated draft."""
        return cls(extraction.disclosure, draft, extraction.report)


def extract_one(path: Path, given: dict[str, Any], issuers: IssuerDirectory) -> Extracted:
    """Extract ``path`` and validate the result (raises ExtractError with one line)."""
    return Extracted.of(*extract_draft(path, given, issuers))


def write_json(path: Path, document: dict[str, Any]) -> None:
    """Write a structured disclosure, whole or not at all: one fact per line keeps diffs of
    samples readable."""
    head = {k: v for k, v in document.items() if k != "facts"}
    facts = document.get("facts", [])
    body = json.dumps(head, indent=1, ensure_ascii=False)
    lines = ",\n".join("  " + json.dumps(f, ensure_ascii=False) for f in facts)
    write_atomically(path, body[:-2] + ',\n "facts": [\n' + lines + "\n ]\n}\n")


def report_row(item: Extracted) -> dict[str, Any]:
    r = item.report
    return {
        "document": item.draft.meta.source_file,
        "facts": len(item.draft.facts),
        "numeric_cells": r.numeric_cells,
        "classified": r.classified,
        "classified_pct": round(100 * r.classified / r.numeric_cells, 1)
        if r.numeric_cells
        else None,
        "checks_run": r.checks_run,
        "checks_passed": r.checks_passed,
        "conflicts": r.conflicts,
        "conflicts_resolved": r.conflicts_resolved,
        "unread_columns": len(item.draft.unread_columns),
        "seconds": r.seconds.get("total", 0.0),
    }


def report_unread(draft: DisclosureDraft) -> None:
    """One line on stderr per table column read without a period: no facts came from it, and
    the user should know which figures were left out and why."""
    for c in draft.unread_columns:
        click.echo(
            f"{printable(draft.meta.source_file)}:{c.line}: column {c.column} not read "
            f"({c.figures} figure{'s' if c.figures != 1 else ''}): no period: {c.reason}",
            err=True,
        )


@click.command()
@click.argument("path", required=False)
@click.option("--manifest", metavar="FILE", help="Extract every document a manifest lists.")
@click.option("-o", "--output", metavar="FILE", help="Write the structured disclosure (JSON) here.")
@click.option(
    "--output-dir",
    metavar="DIR",
    help="With --manifest: write DIR/<name>.json per document and DIR/manifest.toml.",
)
@metadata_options("text")
@click.option("--summary", is_flag=True, help="Print only the extraction report, not the facts.")
@format_option
@click.pass_obj
def extract(
    loc: Location,
    path: str | None,
    manifest: str | None,
    output: str | None,
    output_dir: str | None,
    issuer: str | None,
    issuer_name: str | None,
    published_on: date | None,
    period_end: date | None,
    kind: str | None,
    summary: bool,
    fmt: str,
) -> None:
    """Extract the facts of text or PDF documents (tables, numbers, concepts, arithmetic
    checks, restatement declarations) and show them; nothing is written to the ledger. A PDF's
    facts name their page beside the line.

    \b
    Example:
      ledger extract ../shared/disclosures/oneconnect-fy2024-annual-results-2025-03-18.txt
      ledger extract report.pdf --issuer 6638 --published-on 2025-04-24 -o draft.json
      ledger extract --manifest ../shared/disclosures/manifest.toml --output-dir samples
    """
    given = given_metadata(issuer, published_on, period_end, kind)
    if manifest:
        if path or output:
            raise click.UsageError("--manifest takes no PATH or -o (use --output-dir)")
        _extract_manifest(loc, Path(manifest), given, (issuer, issuer_name), output_dir, fmt)
        return
    if not path:
        raise click.UsageError("give PATH or --manifest FILE")
    if output_dir:
        raise click.UsageError("--output-dir goes with --manifest")
    item = extract_one(Path(path), given, command_issuers(loc, None, issuer, issuer_name))
    if output:
        write_json(Path(output), item.document)
    report_unread(item.draft)
    meta, report = item.draft.meta, item.report
    lines = [
        f"{printable(meta.source_file)}: {meta.issuer} {meta.kind}, period end {meta.period_end}, "
        f"published {meta.published_on}",
        f"facts: {len(item.draft.facts)} ({item.draft.merged_repeats} repeated printings merged)",
        f"numeric cells in table rows: {report.numeric_cells}; became facts or classified: "
        f"{report.classified} ({_share(report.classified, report.numeric_cells)})",
        f"arithmetic checks: {report.checks_passed} of {report.checks_run} passed",
        f"conflicts: {report.conflicts} ({report.conflicts_resolved} resolved by arithmetic)",
        f"columns without a period, not read: {len(item.draft.unread_columns)}",
        f"declarations: {len(item.draft.restatements)} restatement(s), "
        f"{len(item.draft.discontinuations)} discontinued operation(s)",
        f"seconds: {report.seconds.get('total', 0):.2f}",
    ]
    if output:
        lines.append(f"wrote {output}")
    width = table_width()
    if width is not None:
        lines = [part for line in lines for part in wrap(line, width)]
    # The report goes to stderr when stdout carries csv or json, so both stay parseable.
    click.echo("\n".join(lines), err=not summary and fmt != "table")
    if summary:
        return
    rows = [
        {
            "page": f.source.page,
            "line": f.source.line,
            "concept": f.concept,
            "period": f.period.label,
            "dimensions": f.dimensions.key,
            "value": f.printed_value,
            "unit": f.unit,
            "scale": f.scale,
            "decimals": f.decimals,
            "label": f.source.label,
            "raw": f.source.raw,
        }
        for f in item.draft.facts
    ]
    if fmt == "table":
        click.echo()
    columns = EXTRACT_COLUMNS if fmt == "table" else (*EXTRACT_COLUMNS, "scale", "decimals", "raw")
    if any(f.source.page is not None for f in item.draft.facts):
        columns = ("page", *columns)
    emit(rows, columns, fmt, display=fact_display(), drop=("page", "line", "label"))


def _extract_manifest(
    loc: Location,
    manifest: Path,
    given: dict[str, Any],
    named: tuple[str | None, str | None],
    output_dir: str | None,
    fmt: str,
) -> None:
    entries = read_manifest(manifest)
    issuers = command_issuers(loc, entries.issuers, *named)
    jobs = [Job(e.path, {**e.overrides(), **given}, extract=True) for e in entries]
    items = []
    for read in read_in_order(jobs, issuers)[0]:
        assert read.draft is not None and read.extraction is not None
        item = Extracted.of(read.extraction, read.draft)
        report_unread(item.draft)
        items.append(item)
    if output_dir:
        folder = Path(output_dir)
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise click.ClickException(f"{folder}: cannot write: {exc.strerror or exc}") from None
        toml = [
            "# Structured disclosures extracted by `ledger extract --manifest` from the documents",
            f"# listed in {manifest.name}: figures, labels and line references only.",
            *_issuer_tables(i.draft.issuer_info for i in items),
        ]
        for entry, item in zip(entries, items, strict=True):
            # The document's place under the manifest's folder, kept: a/doc.txt and b/doc.txt
            # are two drafts (a/doc.json, b/doc.json), never one overwriting the other.
            name = entry.path.relative_to(manifest.resolve().parent).with_suffix(".json")
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            write_json(folder / name, item.document)
            meta = item.draft.meta
            toml += [
                "",
                "[[disclosure]]",
                f"file = {toml_string(name.as_posix())}",
                f"issuer = {toml_string(meta.issuer)}",
                f"kind = {toml_string(meta.kind)}",
                f"period_end = {meta.period_end.isoformat()}",
                f"published_on = {meta.published_on.isoformat()}",
            ]
            if entry.basis:
                toml.append(f"basis = {toml_string(entry.basis)}")
            # Comments, not keys: the manifest lists documents; what was left unread is
            # in the draft's "unresolved_columns" and shown here for the reviewer.
            toml += [
                f"# line {c.line}, column {c.column}: not read ({c.figures} figures): {c.reason}"
                for c in item.draft.unread_columns
            ]
        # Each file whole or not at all; the manifest last, so it never lists a file not written.
        write_atomically(folder / "manifest.toml", "\n".join(toml) + "\n")
    emit([report_row(i) for i in items], REPORT_COLUMNS, fmt)


def _issuer_tables(described: Iterable[IssuerInfo | None]) -> list[str]:
    """The ``[[issuer]]`` tables of the documents' issuers, each once, in order of appearance."""
    toml: list[str] = []
    seen: set[str] = set()
    for issuer in described:
        if issuer is None or issuer.id in seen:
            continue
        seen.add(issuer.id)
        toml += [
            "",
            "[[issuer]]",
            f"id = {toml_string(issuer.id)}",
            f"name = {toml_string(issuer.name)}",
            f"aliases = {json.dumps(list(issuer.aliases), ensure_ascii=False)}",
            f'fiscal_year_end = "{issuer.fiscal_year_end}"',
        ]
    return toml


def toml_string(text: str) -> str:
    """A TOML basic string: JSON's escapes are TOML's, except that TOML also forbids a raw
    DEL and takes non-ASCII characters as they are."""
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def _share(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "n/a"
