"""``ledger extract``: a text document -> a structured disclosure, writing nothing to the store."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import click

from ledger.domain.drafts import DISCLOSURE_KINDS
from ledger.domain.values import Period
from ledger.ingest.structured import draft_from_dict

from .main import cli, date_option, emit, fact_display, issuer_id
from .render import format_option

EXTRACT_COLUMNS = ("line", "concept", "period", "dimensions", "value", "unit", "label")


@cli.command()
@click.argument("path")
@click.option("-o", "--output", metavar="FILE", help="Write the structured disclosure (JSON) here.")
@click.option(
    "--issuer", metavar="ID", help="Issuer id, stock code or ticker (overrides the text)."
)
@date_option("--published-on", "The day the document became public (overrides the text).")
@date_option("--period-end", "End of the document's main period (overrides the text).")
@click.option(
    "--kind", type=click.Choice(DISCLOSURE_KINDS), help="Document kind (overrides the text)."
)
@click.option("--summary", is_flag=True, help="Print only the extraction report, not the facts.")
@format_option
def extract(
    path: str,
    output: str | None,
    issuer: str | None,
    published_on: date | None,
    period_end: date | None,
    kind: str | None,
    summary: bool,
    fmt: str,
) -> None:
    """Extract the facts of a text document (tables, numbers, concepts, arithmetic checks,
    restatement declarations) and show them; nothing is written to the ledger.

    \b
    Example:
      ledger extract ../shared/disclosures/oneconnect-fy2024-annual-results-2025-03-18.txt
      ledger extract report.txt --issuer 6638 --published-on 2025-04-24 -o draft.json
    """
    from ledger.ingest.extract import extract_document

    given: dict[str, Any] = {
        "issuer": issuer_id(issuer),
        "published_on": published_on,
        "period_end": period_end,
        "kind": kind,
    }
    given = {k: v for k, v in given.items() if v is not None}
    extraction = extract_document(Path(path), **given)
    document = extraction.disclosure
    # The draft is validated exactly as `ledger ingest` would, so a bad extraction shows here.
    draft = draft_from_dict(document, path, document["disclosure"]["source"]["sha256"], given)
    if output:
        Path(output).write_text(json.dumps(document, indent=1, ensure_ascii=False) + "\n", "utf-8")
    report = extraction.report
    meta = draft.meta
    lines = [
        f"{meta.source_file}: {meta.issuer} {meta.kind}, period end {meta.period_end}, "
        f"published {meta.published_on}",
        f"facts: {len(draft.facts)} ({draft.merged_repeats} repeated printings merged)",
        f"numeric cells in table rows: {report.numeric_cells}; became facts or classified: "
        f"{report.classified} ({_share(report.classified, report.numeric_cells)})",
        f"arithmetic checks: {report.checks_passed} of {report.checks_run} passed",
        f"conflicts: {report.conflicts} ({report.conflicts_resolved} resolved by arithmetic)",
        f"declarations: {len(draft.restatements)} restatement(s), "
        f"{len(draft.discontinuations)} discontinued operation(s)",
        f"seconds: {report.seconds.get('total', 0):.2f}",
    ]
    if output:
        lines.append(f"wrote {output}")
    click.echo("\n".join(lines), err=not summary and fmt != "table")
    if summary:
        return
    rows = [
        {
            "line": f.source.line,
            "concept": f.concept,
            "period": f.period.label if isinstance(f.period, Period) else str(f.period),
            "dimensions": f.dimensions.key,
            "value": f.printed_value,
            "unit": f.unit,
            "scale": f.scale,
            "decimals": f.decimals,
            "label": f.source.label,
            "raw": f.source.raw,
        }
        for f in draft.facts
    ]
    if fmt == "table":
        click.echo()
    emit(
        rows,
        EXTRACT_COLUMNS if fmt == "table" else (*EXTRACT_COLUMNS, "scale", "decimals", "raw"),
        fmt,
        display=fact_display(),
    )


def _share(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "n/a"
