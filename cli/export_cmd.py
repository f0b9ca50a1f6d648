"""``ledger export``: the projection as Parquet or CSV files, or its facts as xBRL-JSON."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from ledger.projections.export import FORMATS, ExportResult, export
from ledger.store import Location

from .options import date_option
from .read_cmd import warn_if_behind
from .render import emit


@click.command("export")
@click.option(
    "--format",
    "export_format",
    type=click.Choice(FORMATS),
    required=True,
    help="parquet or csv: one file per projection table; xbrl-json: the facts as at a date.",
)
@click.option(
    "--out",
    metavar="DIR",
    required=True,
    type=click.Path(path_type=Path),
    help="Folder to create (absent or empty; a previous export only with --force).",
)
@date_option(
    "--as-at",
    "Export as the ledger stood on this date (tables: default now; xbrl-json: default today).",
)
@click.option("--force", is_flag=True, help="Replace DIR when it holds a previous export.")
@click.pass_obj
def export_cmd(
    loc: Location, export_format: str, out: Path, as_at: date | None, force: bool
) -> None:
    """Write the projection's tables (Parquet, CSV) or its facts (xBRL-JSON) into DIR.

    Parquet and CSV: one file per table of the projection, written by DuckDB. With --as-at,
    each table holds what was published by that date: fact_versions published on or before
    it; facts_current and facts_as_first_reported the latest and first of those per series;
    series with a value by then; disclosures published by then, and what they state
    (declared_restatements, discontinued_operations, conflicts, checks, fact_declarations);
    restatements, detected_restatements and tieouts whose restating disclosure was published
    by then (with today's verdict); issuers and concepts whole.

    xBRL-JSON: an OIM report (DIR/report.json) of every fact as known on --as-at, with its
    concept, entity (HKEX stock code), period, unit, decimals and dimensions.

    DIR/export.json lists the files with their row counts, the as-at date and the ledger
    position. DIR appears complete or not at all.

    \b
    Example:
      ledger export --format parquet --out exports/now
      ledger export --format xbrl-json --as-at 2024-06-30 --out exports/xbrl-2024-06-30
    """
    result = export(loc.projection_path, out, export_format, as_at=as_at, force=force)
    _report(result)
    # Export never replays: the manifest names the position the export was taken at.
    warn_if_behind(loc, result.position, then=" and export again")


def _report(result: ExportResult) -> None:
    when = f" as at {result.as_at.isoformat()}" if result.as_at else ""
    if result.report_file is not None:
        click.echo(
            f"exported {result.facts:,} facts{when} as xBRL-JSON to "
            f"{result.out / result.report_file}"
        )
        return
    rows = [{"table": t.name, "rows": t.rows, "file": t.file} for t in result.tables]
    emit(rows, ("table", "rows", "file"), "table")
    click.echo(
        f"exported {len(result.tables)} tables ({result.rows:,} rows){when} as "
        f"{result.format} to {result.out}"
    )
