"""What ``ledger report`` shows: one issuer's disclosures and restatements as known on a date.

Read-only queries over the projection, gathered into plain values; formatting and layout are the
CLI's business (``cli/report_cmd.py``). Figures stay ``Decimal`` in each restatement's printed
scale (3,667,508 for RMB 3,667,508 thousand), like the ``restatements`` table.

As at a date, the report holds the documents published on or before it and the restatements they
made. The verdict on each restatement is the projection's, judged from everything recorded: when
its tie-out rests on a document published after the as-at date, the restatement names that
document in ``later_evidence`` so the reader sees the verdict was not yet possible on that date.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

import attrs
import duckdb

from ledger.domain.errors import LedgerError

from . import queries
from .queries import rows_of
from .replay import position
from .sql import load_named


@attrs.frozen
class Version:
    """One vintage of a restated series: a point of its chart."""

    published_on: date
    document: str
    line: int
    label: str
    #: In the printed scale of the restatement the series belongs to.
    value: Decimal
    #: The printed page of a PDF document (None for a text document).
    page: int | None = None


@attrs.frozen
class Group:
    """The restatements one disclosure made, with what it declared about them."""

    disclosure: dict[str, Any]
    declarations: list[dict[str, Any]]
    discontinued: list[dict[str, Any]]
    #: Rows of ``queries.restatements`` plus ``standard``, ``history`` (list of Version) and
    #: ``later_evidence`` (documents published after the as-at date the verdict relies on).
    restatements: list[dict[str, Any]]

    @property
    def explained(self) -> int:
        """How many of the group's restatements tie out."""
        return sum(1 for r in self.restatements if r["explained"])

    @property
    def flagged(self) -> int:
        """How many nothing explains, or break a rule of the standards."""
        return len(self.restatements) - self.explained


@attrs.frozen
class Report:
    """Everything the report shows, in display order."""

    issuer: str
    name: str
    aliases: tuple[str, ...]
    as_at: date | None
    #: The projection's position in the event log: the report is a function of it and as_at.
    position: int
    #: The issuer's documents public on as_at, in publication order, each with its
    #: ``declarations`` and ``discontinued`` operations.
    disclosures: list[dict[str, Any]]
    #: One group per restating disclosure, in publication order.
    groups: list[Group]

    @property
    def restatement_count(self) -> int:
        return sum(len(g.restatements) for g in self.groups)

    @property
    def explained(self) -> int:
        return sum(g.explained for g in self.groups)

    @property
    def flagged(self) -> int:
        return sum(g.flagged for g in self.groups)


def build(con: duckdb.DuckDBPyConnection, *, issuer: str, as_at: date | None = None) -> Report:
    """Gather the report of ``issuer`` (an issuer id) as known on ``as_at`` (None: everything).

    Raises:
        LedgerError: when the projection holds no disclosure of the issuer (on that date).
    """
    sql = load_named("report.sql")
    params = {"issuer": issuer, "as_at": as_at}
    found = rows_of(con.execute(sql["issuer"], {"issuer": issuer}))
    every_document = rows_of(con.execute(sql["disclosures"], {"issuer": issuer, "as_at": None}))
    if not found or not every_document:
        raise LedgerError(f"{issuer}: no disclosure of this issuer in the projection")
    disclosures = [d for d in every_document if as_at is None or d["published_on"] <= as_at]
    if not disclosures:
        first = min(d["published_on"] for d in every_document)
        msg = f"{issuer}: no disclosure published on or before {as_at} (the first is {first})"
        raise LedgerError(msg)

    declarations = _by_disclosure(rows_of(con.execute(sql["declarations"], params)))
    discontinued = _by_disclosure(rows_of(con.execute(sql["discontinued"], params)))
    for d in disclosures:
        d["declarations"] = declarations.get(d["disclosure_id"], [])
        d["discontinued"] = discontinued.get(d["disclosure_id"], [])

    restated = [
        r
        for r in queries.restatements(con, issuer=issuer)
        if as_at is None or r["restated_published_on"] <= as_at
    ]
    standards = {
        (r["series_id"], r["restated_disclosure_id"]): r["standard"]
        for r in rows_of(con.execute(sql["standards"], params))
    }
    versions: dict[UUID, list[dict[str, Any]]] = {}
    for v in rows_of(con.execute(sql["series_versions"], params)):
        versions.setdefault(v["series_id"], []).append(v)
    order = dict(con.execute(sql["presentation"]).fetchall())
    later = [d for d in every_document if as_at is not None and d["published_on"] > as_at]

    for r in restated:
        r["standard"] = standards.get((r["series_id"], r["restated_disclosure_id"]), "")
        r["history"] = [
            Version(
                published_on=v["published_on"],
                document=v["document"],
                line=v["line"],
                page=v["page"],
                label=v["label"],
                value=v["value"].scaleb(-r["scale"]),
            )
            for v in versions.get(r["series_id"], [])
        ]
        cited = " ".join([r["explanation"], *(t["evidence"] for t in r["tieouts"])])
        r["later_evidence"] = [
            {"document": d["source_file"], "published_on": d["published_on"]}
            for d in later
            if d["source_file"] in cited
        ]

    def layout(r: dict[str, Any]) -> tuple[Any, ...]:
        # Latest period first, then the statements' presentation order, as a reader expects.
        return (
            -r["period_end"].toordinal(),
            order.get(r["concept"], 1_000_000),
            r["concept"],
            r["dimensions"],
            r["unit"],
        )

    groups = []
    for d in disclosures:
        mine = sorted(
            (r for r in restated if r["restated_disclosure_id"] == d["disclosure_id"]), key=layout
        )
        if mine:
            groups.append(
                Group(
                    disclosure=d,
                    declarations=d["declarations"],
                    discontinued=d["discontinued"],
                    restatements=mine,
                )
            )
    info = found[0]
    return Report(
        issuer=info["issuer"],
        name=info["name"],
        aliases=tuple(info["aliases"]),
        as_at=as_at,
        position=position(con),
        disclosures=disclosures,
        groups=groups,
    )


def _by_disclosure(rows: list[dict[str, Any]]) -> dict[Any, list[dict[str, Any]]]:
    grouped: dict[Any, list[dict[str, Any]]] = {}
    for row in rows:
        grouped.setdefault(row["disclosure_id"], []).append(row)
    return grouped
