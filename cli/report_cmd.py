"""``ledger report``: one self-contained HTML working paper of an issuer's restatements.

The page carries everything inline (CSS, SVG charts) and a Content-Security-Policy that forbids
the browser any request, so it reads the same offline, archived or printed. Figures are shown
the way the documents print them (``(368,212)`` in ``RMB'000``), each with its document and line.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any

import click
import jinja2

from ledger.projections import queries
from ledger.projections import report as report_data
from ledger.projections.report import Report, Version
from ledger.store import Location

from .files import write_atomically
from .options import date_option, issuer_id
from .read_cmd import projection
from .render import format_number, printed_places, scaled_unit

TEMPLATE = "report.html.j2"

#: Words for the projection's codes, as an auditor reads them.
KIND_NAMES = {
    "annual-results": "Annual results",
    "annual-report": "Annual report",
    "interim-results": "Interim results",
    "interim-report": "Interim report",
    "esg-report": "ESG report",
}
RULE_NAMES = {
    "ifrs5-discontinued-amount": "change equals the disclosed discontinued-operation amount",
    "ratio-of-restated-figures": "ratio recomputed from the restated figures",
    "equal-and-opposite": "equal and opposite move within the statement",
}
FLAG_NAMES = {
    "unexplained": "no disclosed amount accounts for the change",
    "tie-out-failed": "the tie-out arithmetic does not hold",
    "totals-changed": "a total the standard says must not move has changed",
}
BASIS_NAMES = {
    "declared": "declared by the restating document",
    "inferred": "inferred from a discontinued operation",
    "shape": "inferred from the shape of the change",
    "none": "nothing declared",
}


@click.command("report")
@click.option("--issuer", metavar="ID", required=True, help="Issuer id, stock code or ticker.")
@date_option("--as-at", "Only disclosures published on or before this date.")
@click.option(
    "--out",
    "out",
    required=True,
    metavar="FILE",
    help="Where to write the HTML file ('-' for standard output).",
)
@click.pass_obj
def report_cmd(loc: Location, issuer: str, as_at: date | None, out: str) -> None:
    """Write an HTML report of an issuer's restatements for an auditor.

    One self-contained file (no network request, no external asset): the issuer's disclosures
    on a timeline, every restatement grouped by the disclosure that made it, with the values
    first reported and restated side by side, the change, its kind and standard, the tie-out
    and each figure's source line, and a small chart of every restated series.

    \b
    Example:
      ledger report --issuer OCFT --out oneconnect.html
      ledger report --issuer OCFT --as-at 2025-03-31 --out oneconnect-2025-03-31.html
    """
    with projection(loc) as con:
        the_issuer = issuer_id(issuer, queries.issuers(con)) or ""
        data = report_data.build(con, issuer=the_issuer, as_at=as_at)
    html = render_report(data)
    if out == "-":
        click.echo(html, nl=False)
        return
    target = Path(out)
    write_atomically(target, html)
    click.echo(
        f"wrote {target}: {_count(len(data.disclosures), 'disclosure')}, "
        f"{_count(data.restatement_count, 'restatement')} ({data.explained} explained, "
        f"{data.flagged} flagged)",
        err=True,
    )


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


# --- rendering --------------------------------------------------------------------------------


def render_report(data: Report) -> str:
    """The report as one HTML page."""
    return _environment().get_template(TEMPLATE).render(report=_view(data))


def _environment() -> jinja2.Environment:
    def load(name: str) -> str:
        # The template is package data: read through importlib so an editable install, a wheel
        # and a zipped install all find it.
        return resources.files("ledger.cli").joinpath("templates", name).read_text("utf-8")

    env = jinja2.Environment(
        loader=jinja2.FunctionLoader(load),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return env


def _view(data: Report) -> dict[str, Any]:
    """The report as display strings and chart geometry: the template only lays them out."""
    restating = {g.disclosure["disclosure_id"] for g in data.groups}
    disclosures = [
        {
            "published_on": d["published_on"].isoformat(),
            "document": d["source_file"],
            "kind": KIND_NAMES.get(d["kind"], d["kind"]),
            "title": d["title"],
            "period_end": d["period_end"].isoformat(),
            "facts": f"{d['fact_count']:,}",
            "sha256": d["sha256"],
            "scale": scaled_unit(d["currency"], d["scale"]),
            "restatements": d["restatements_made"],
            "restating": d["disclosure_id"] in restating,
            "anchor": _anchor(d["source_file"]),
            "declarations": [_declaration(x) for x in d["declarations"]],
            "discontinued": [_discontinued(x) for x in d["discontinued"]],
        }
        for d in data.disclosures
    ]
    groups = []
    for index, g in enumerate(data.groups):
        d = g.disclosure
        groups.append(
            {
                "document": d["source_file"],
                "anchor": _anchor(d["source_file"]),
                "published_on": d["published_on"].isoformat(),
                "kind": KIND_NAMES.get(d["kind"], d["kind"]),
                "title": d["title"],
                "count": len(g.restatements),
                "explained": g.explained,
                "flagged": g.flagged,
                "declarations": [_declaration(x) for x in g.declarations],
                "discontinued": [_discontinued(x) for x in g.discontinued],
                "restatements": [
                    _restatement(r, f"r{index + 1}-{n + 1}") for n, r in enumerate(g.restatements)
                ],
            }
        )
    return {
        "issuer": data.issuer,
        "name": data.name,
        "aliases": list(data.aliases),
        "as_at": data.as_at.isoformat() if data.as_at else None,
        "position": f"{data.position:,}",
        "disclosures": disclosures,
        "timeline": _timeline(data),
        "groups": groups,
        "count": data.restatement_count,
        "explained": data.explained,
        "flagged": data.flagged,
        "restating_count": len(data.groups),
    }


def _anchor(document: str) -> str:
    return "doc-" + "".join(c if c.isalnum() else "-" for c in document.rsplit(".", 1)[0])


def _declaration(d: dict[str, Any]) -> dict[str, Any]:
    return {
        "kind": d["kind"],
        "standard": d["standard"],
        "periods": ", ".join(d["periods"]),
        "reason": d["reason"],
        "operation": d["operation"],
        "scope": d["scope"],
        "lines": _lines(d["first_line"], d["last_line"]),
        "effective_from": d["effective_from"].isoformat() if d["effective_from"] else "",
    }


def _discontinued(o: dict[str, Any]) -> dict[str, Any]:
    dates = [
        f"{what} {when.isoformat()}"
        for what, when in (
            ("agreed", o["agreement_on"]),
            ("approved", o["approved_on"]),
            ("completed", o["completed_on"]),
        )
        if when is not None
    ]
    consideration = ""
    if o["consideration"] is not None:
        consideration = f"{o['consideration_unit']} {format_number(o['consideration'], 0)}"
    return {
        "operation": o["operation"],
        "dates": ", ".join(dates),
        "consideration": consideration,
        "lines": _lines(o["first_line"], o["last_line"]),
    }


def _place(line: int, page: int | None) -> str:
    """Where a figure was printed: ``line 49``, or ``p. 3, line 120`` in a PDF document."""
    return f"line {line}" if page is None else f"p. {page}, line {line}"


def _lines(first: int, last: int) -> str:
    """A source range as a reader says it: ``line 49`` or ``lines 546–562``."""
    return f"line {first}" if first == last else f"lines {first}–{last}"


def _figure(value: Decimal | None, r: dict[str, Any]) -> str:
    if value is None:
        return ""
    places = printed_places(r["decimals"], r["scale"])
    return format_number(value, places, brackets=r["unit"] != "%")


def _restatement(r: dict[str, Any], anchor: str) -> dict[str, Any]:
    percent = r["unit"] == "%"
    delta = _figure(r["delta"], r)
    if percent:
        delta = ("+" if r["delta"] > 0 else "") + delta + " pp"
    pct = r["delta_pct"]
    return {
        "anchor": anchor,
        "label": r["label"],
        "concept": r["concept"],
        "period": r["period"],
        "dimensions": r["dimensions"],
        "dimensions_text": r["dimensions"].replace(";", ", ").replace("=", ": "),
        "statement": r["statement"],
        "unit": scaled_unit(r["unit"], r["scale"]),
        "original": _figure(r["original_value"], r),
        "original_document": r["original_document"],
        "original_line": r["original_line"],
        "original_place": _place(r["original_line"], r["original_page"]),
        "original_published_on": r["original_published_on"].isoformat(),
        "repeated_in": list(r.get("repeated_in") or ()),
        "restated": _figure(r["restated_value"], r),
        "restated_document": r["restated_document"],
        "restated_line": r["restated_line"],
        "restated_place": _place(r["restated_line"], r["restated_page"]),
        "restated_published_on": r["restated_published_on"].isoformat(),
        "delta": delta,
        "delta_negative": r["delta"] < 0,
        "delta_pct": "" if pct is None else f"{pct:+.2f}%".replace("-", "−"),
        "kind": r["kind"],
        "standard": r["standard"],
        "basis": BASIS_NAMES.get(r["basis"], r["basis"]),
        "explained": r["explained"],
        "explanation": r["explanation"],
        "flags": [FLAG_NAMES.get(f, f) for f in r["flags"]],
        "tieouts": [
            {
                "rule": RULE_NAMES.get(t["rule"], t["rule"]),
                "code": t["rule"],
                "expected": "" if t["expected"] is None else _tie_figure(t["expected"], t, r),
                "actual": _tie_figure(t["actual"], t, r),
                "tolerance": _plain(t["tolerance"]),
                "passed": t["passed"],
                "evidence": t["evidence"],
            }
            for t in r["tieouts"]
        ],
        "later_evidence": [
            {"document": e["document"], "published_on": e["published_on"].isoformat()}
            for e in r["later_evidence"]
        ],
        "chart": _chart(r["history"], r),
    }


def _tie_figure(value: Decimal, t: dict[str, Any], r: dict[str, Any]) -> str:
    # Ratios are recomputed to more places than printed: show what the rule compared.
    if t["rule"] == "ratio-of-restated-figures":
        return _plain(value)
    return _figure(value, r)


def _plain(value: Decimal) -> str:
    normalized = value.normalize()
    text = format(normalized, "f")
    if "." in text:
        whole, frac = text.split(".")
        return f"{int(whole):,}.{frac}" if whole not in ("-0", "0") else text
    return f"{int(text):,}"


# --- charts -----------------------------------------------------------------------------------

CHART_WIDTH = 320
CHART_HEIGHT = 170
#: Plot area inside the chart: room above and below for value labels, then the dates.
CHART_PAD = {"left": 18, "right": 18, "top": 26, "bottom": 60}


def _chart(history: Sequence[Version], r: dict[str, Any]) -> dict[str, Any]:
    """Geometry of one series' chart: a point per disclosure, in publication order.

    Points are spaced evenly (one per document, not to scale in time); the vertical axis spans
    the series' values, not zero, so a small restatement is visible: every point carries its
    value, so nothing is read off the axis. A value sits above its point unless the line comes
    down into it, where it would cross the line: then below.
    """
    width, height, pad = CHART_WIDTH, CHART_HEIGHT, CHART_PAD
    values = [v.value for v in history]
    low, high = min(values), max(values)
    span = high - low
    inner_w = width - pad["left"] - pad["right"]
    inner_h = height - pad["top"] - pad["bottom"]
    n = len(history)
    points = []
    for i, v in enumerate(history):
        x = pad["left"] + (inner_w * i / (n - 1) if n > 1 else inner_w / 2)
        share = float((v.value - low) / span) if span else 0.5
        y = pad["top"] + inner_h * (1 - share)
        neighbour = values[i - 1] if i > 0 else (values[1] if n > 1 else v.value)
        below = v.value < neighbour
        if v.document == r["restated_document"]:
            role = "restated"
        elif v.document == r["original_document"]:
            role = "first"
        else:
            role = "other"
        anchor = "start" if i == 0 and n > 1 else ("end" if i == n - 1 and n > 1 else "middle")
        nudge = {"start": -5, "end": 5}.get(anchor, 0)
        points.append(
            {
                "x": f"{x:.1f}",
                "y": f"{y:.1f}",
                "label_x": f"{x + nudge:.1f}",
                "label_y": f"{y + 19 if below else y - 10:.1f}",
                "label": _figure(v.value, r),
                "date": v.published_on.isoformat(),
                "role": role,
                "anchor": anchor,
                "title": f"{_figure(v.value, r)} — {v.document} {_place(v.line, v.page)}",
            }
        )
    return {
        "width": width,
        "height": height,
        "points": points,
        "polyline": " ".join(f"{p['x']},{p['y']}" for p in points),
        "baseline_y": f"{height - 24:.1f}",
        "left": pad["left"] - 8,
        "right": width - pad["right"] + 8,
        "date_y": f"{height - 8:.1f}",
        "summary": (
            f"{r['label']} {r['period']}: "
            + ", then ".join(f"{p['label']} ({p['date']})" for p in points)
        ),
    }


TIMELINE_WIDTH = 1120
TIMELINE_MARGIN = 12
#: Average advance of a 12px label character: enough to keep labels from overlapping.
CHAR_WIDTH = 6.6


def _timeline(data: Report) -> dict[str, Any]:
    """Geometry of the disclosures' timeline: dates to scale, one mark per publication day,
    its documents listed under it; labels that would overlap go down a lane."""
    days: dict[date, list[dict[str, Any]]] = {}
    for d in data.disclosures:
        days.setdefault(d["published_on"], []).append(d)
    restating = {g.disclosure["disclosure_id"] for g in data.groups}
    first, last = min(days), max(days)
    if data.as_at and data.as_at > last:
        last = data.as_at
    span = max((last - first).days, 1)
    left, right = TIMELINE_MARGIN + 6, TIMELINE_WIDTH - TIMELINE_MARGIN - 6

    def x_of(day: date) -> float:
        return left + (right - left) * (day - first).days / span

    lanes_end: list[float] = []
    marks: list[dict[str, Any]] = []
    for day in sorted(days):
        x = x_of(day)
        docs: list[dict[str, Any]] = []
        for d in days[day]:
            text = f"{KIND_NAMES.get(d['kind'], d['kind'])} · period to {d['period_end']}"
            if d["restatements_made"]:
                text += f" · restates {d['restatements_made']}"
            docs.append(
                {
                    "text": text,
                    "restating": d["disclosure_id"] in restating,
                    "anchor": _anchor(d["source_file"]),
                }
            )
        width = CHAR_WIDTH * max(len(doc["text"]) for doc in docs) + 16
        # A label runs right of its mark, or left of it when it would leave the page.
        if x - 4 + width <= TIMELINE_WIDTH - TIMELINE_MARGIN:
            start, label_x, label_anchor = x - 4, x - 4, "start"
        else:
            start, label_x, label_anchor = x + 4 - width, x + 4, "end"
        lane = next((i for i, end in enumerate(lanes_end) if end <= start), len(lanes_end))
        if lane == len(lanes_end):
            lanes_end.append(0.0)
        lanes_end[lane] = start + width
        date_anchor = "start" if x - left < 40 else ("end" if right - x < 40 else "middle")
        marks.append(
            {
                "x": f"{x:.1f}",
                "date_x": f"{x + {'start': -6, 'end': 6}.get(date_anchor, 0):.1f}",
                "date_anchor": date_anchor,
                "label_x": f"{label_x:.1f}",
                "label_anchor": label_anchor,
                "lane": lane,
                "date": day.isoformat(),
                "docs": docs,
            }
        )
    lane_height = 18 * max(len(m["docs"]) for m in marks) + 12
    axis_y = 34
    for m in marks:
        m["label_y"] = axis_y + 28 + m["lane"] * lane_height
        m["stem_end"] = m["label_y"] - 12
    height = axis_y + 22 + len(lanes_end) * lane_height
    as_at_x = f"{x_of(data.as_at):.1f}" if data.as_at else None
    return {
        "width": TIMELINE_WIDTH,
        "height": height,
        "axis_y": axis_y,
        "left": left - 6,
        "right": right + 6,
        "marks": marks,
        "as_at_x": as_at_x,
        "as_at": data.as_at.isoformat() if data.as_at else None,
    }
