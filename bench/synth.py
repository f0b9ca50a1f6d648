"""A realistic synthetic ledger for the benchmarks: issuers x years x concepts.

Every issuer publishes one annual results announcement a year, stating each concept for the
year and, as comparatives, for the year before (so every annual period is disclosed twice).
A few percent of comparatives differ from the figure first reported (restatements); some of the
documents that restate declare it in a note (IAS 8 / IFRS 5), the rest are left unexplained.
Figures are deterministic for a seed, so every run of a bench measures the same ledger.

The documents are built as ``ledger-disclosure/1`` dicts (the format ``ledger ingest`` reads)
and turned into drafts without the JSON round trip for the in-process generator.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any

import attrs

from ledger.domain.drafts import DisclosureDraft, DisclosureMeta, Restatement
from ledger.domain.issuers import IssuerInfo
from ledger.domain.values import Dimensions, Fact, Period, SourceRef

REAL_ISSUERS = ("oneconnect", "sensetime", "ainnovation")

INCOME = (
    "ifrs-full:Revenue",
    "ifrs-full:CostOfSales",
    "ifrs-full:GrossProfit",
    "ifrs-full:DistributionCosts",
    "ifrs-full:AdministrativeExpense",
    "ifrs-full:ResearchAndDevelopmentExpense",
    "ifrs-full:OtherIncome",
    "ifrs-full:OtherGainsLosses",
    "ifrs-full:ProfitLossFromOperatingActivities",
    "ifrs-full:FinanceIncome",
    "ifrs-full:FinanceCosts",
    "ifrs-full:ShareOfProfitLossOfAssociates",
    "ifrs-full:ProfitLossBeforeTax",
    "ifrs-full:IncomeTaxExpenseContinuingOperations",
    "ifrs-full:ProfitLossFromContinuingOperations",
    "ifrs-full:ProfitLossFromDiscontinuedOperations",
    "ifrs-full:ProfitLoss",
    "ifrs-full:ProfitLossAttributableToOwnersOfParent",
    "ifrs-full:ProfitLossAttributableToNoncontrollingInterests",
    "ifrs-full:OtherComprehensiveIncome",
    "ifrs-full:ComprehensiveIncome",
    "ifrs-full:DepreciationAndAmortisationExpense",
    "ifrs-full:EmployeeBenefitsExpense",
    "ifrs-full:ImpairmentLoss",
    "ext:NonIfrsAdjustedProfitLoss",
    "ext:NonIfrsGrossProfit",
    "ext:SellingAndMarketingExpense",
    "ext:ShareBasedCompensation",
    "ext:InterestIncome",
    "ext:NetFeeIncome",
)
BALANCE = (
    "ifrs-full:Assets",
    "ifrs-full:NoncurrentAssets",
    "ifrs-full:CurrentAssets",
    "ifrs-full:PropertyPlantAndEquipment",
    "ifrs-full:IntangibleAssetsOtherThanGoodwill",
    "ifrs-full:Goodwill",
    "ifrs-full:TradeAndOtherCurrentReceivables",
    "ifrs-full:CashAndCashEquivalents",
    "ifrs-full:Inventories",
    "ifrs-full:Liabilities",
    "ifrs-full:CurrentLiabilities",
    "ifrs-full:NoncurrentLiabilities",
    "ifrs-full:TradeAndOtherCurrentPayables",
    "ifrs-full:Borrowings",
    "ifrs-full:LeaseLiabilities",
    "ifrs-full:Equity",
    "ifrs-full:IssuedCapital",
    "ifrs-full:RetainedEarnings",
    "ifrs-full:EquityAttributableToOwnersOfParent",
    "ifrs-full:NoncontrollingInterests",
)


@attrs.frozen
class Shape:
    """How big the synthetic ledger is."""

    issuers: int = 500
    years: int = 20
    first_year: int = 2005
    income: int = 30
    balance: int = 20
    restated_share: float = 0.03
    seed: int = 5

    @property
    def documents(self) -> int:
        return self.issuers * self.years

    @property
    def facts_per_document(self) -> int:
        return 2 * (self.income + self.balance)


def issuer_ids(n: int) -> list[str]:
    """The three sample issuers' ids first (the benches' queries name them), then synthetic ones."""
    return [*REAL_ISSUERS[:n], *(f"syn{i:03d}" for i in range(len(REAL_ISSUERS), n))]


def issuer_name(issuer: str) -> str:
    """The legal name a synthetic document describes its issuer with (registered on first use)."""
    return f"Synthetic {issuer} Ltd."


def _annual(year: int) -> Period:
    return Period(start=date(year, 1, 1), end=date(year, 12, 31))


def _instant(year: int) -> Period:
    return Period(end=date(year, 12, 31))


class Generator:
    """Documents of the synthetic ledger in publication order (year, then issuer)."""

    def __init__(self, shape: Shape) -> None:
        self.shape = shape
        self.issuers = issuer_ids(shape.issuers)
        self.concepts = [(c, "income") for c in INCOME[: shape.income]] + [
            (c, "balance") for c in BALANCE[: shape.balance]
        ]

    def base_value(self, issuer: int, concept: int, year: int) -> int:
        """The figure as first reported, in thousands: a stable pseudo-random walk."""
        rnd = random.Random(hash((self.shape.seed, issuer, concept, year)) & 0xFFFFFFFF)
        return rnd.randint(-200_000, 9_000_000)

    def documents(self) -> Iterator[dict[str, Any]]:
        """Every document as a ``ledger-disclosure/1`` dict."""
        for year in range(self.shape.first_year, self.shape.first_year + self.shape.years):
            for i in range(len(self.issuers)):
                yield self.document(i, year)

    def document(self, i: int, year: int) -> dict[str, Any]:
        """The annual results of issuer ``i`` for ``year``, published the next spring."""
        issuer = self.issuers[i]
        shape = self.shape
        # Integer tuples hash the same in every process (strings would not: PYTHONHASHSEED).
        rnd = random.Random(hash((shape.seed, -1, i, year)) & 0xFFFFFFFF)
        published = date(year + 1, 3, 1 + i % 28)
        source = f"{issuer}-fy{year}-annual-results-{published.isoformat()}.txt"
        facts: list[dict[str, Any]] = []
        restated: list[str] = []
        line = 10
        for c, (concept, statement) in enumerate(self.concepts):
            for offset, yr in ((0, year), (1, year - 1)):
                value = self.base_value(i, c, yr)
                if offset and rnd.random() < shape.restated_share:
                    value += rnd.choice((-1, 1)) * rnd.randint(1_000, 50_000)
                    restated.append(concept)
                period = _annual(yr) if statement == "income" else _instant(yr)
                facts.append(
                    {
                        "concept": concept,
                        "period": period.label,
                        "value": str(value),
                        "unit": "RMB",
                        "line": line,
                        "label": concept.split(":", 1)[1],
                        "raw": f"{value:,}",
                        "statement": statement,
                    }
                )
            line += 1
        declared = []
        # Half the documents that restate say so in a note; the rest are unexplained changes.
        if restated and rnd.random() < 0.5:
            declared.append(
                {
                    "kind": rnd.choice(("reclassification", "policy-change", "error-correction")),
                    "standard": "IAS 8",
                    "periods": [f"FY{year - 1}"],
                    "reason": "comparatives restated",
                    "first_line": line + 1,
                    "last_line": line + 3,
                }
            )
        return {
            "format": "ledger-disclosure/1",
            "disclosure": {
                "issuer": issuer,
                "issuer_name": issuer_name(issuer),
                "kind": "annual-results",
                "title": f"Annual results {year}",
                "period_end": f"{year}-12-31",
                "published_on": published.isoformat(),
                "source": {
                    "file": source,
                    "sha256": hashlib.sha256(source.encode()).hexdigest(),
                    "lines": line + 10,
                },
                "currency": "RMB",
                "scale": 3,
            },
            "facts": facts,
            "restatements": declared,
        }


def as_structured(doc: dict[str, Any]) -> dict[str, Any]:
    """The document as ``ledger ingest`` reads it from a file (a restatement note's lines are
    one ``[first, last]`` pair there)."""
    restatements = [
        {
            **{k: v for k, v in r.items() if k not in ("first_line", "last_line")},
            "lines": [r["first_line"], r["last_line"]],
        }
        for r in doc.get("restatements", ())
    ]
    return {**doc, "restatements": restatements}


def to_draft(doc: dict[str, Any]) -> DisclosureDraft:
    """The draft a ``ledger-disclosure/1`` dict of this generator validates into.

    Equivalent to ``ingest.structured`` for the fields the generator uses, without the JSON
    round trip (the generator feeds a million facts through the application).
    """
    d = doc["disclosure"]
    meta = DisclosureMeta(
        issuer=d["issuer"],
        kind=d["kind"],
        title=d["title"],
        period_end=date.fromisoformat(d["period_end"]),
        published_on=date.fromisoformat(d["published_on"]),
        source_file=d["source"]["file"],
        sha256=d["source"]["sha256"],
        currency=d["currency"],
        scale=d["scale"],
        line_count=d["source"]["lines"],
    )
    scale = d["scale"]
    facts = [
        Fact(
            concept=f["concept"],
            period=Period.parse(f["period"]),
            dimensions=Dimensions(f.get("dimensions") or {}),
            value=Decimal(f["value"]).scaleb(scale),
            unit=f["unit"],
            scale=scale,
            decimals=-scale,
            source=SourceRef(meta.source_file, f["line"], f["label"], f["raw"]),
            statement=f["statement"],
        )
        for f in doc["facts"]
    ]
    restatements = [Restatement(**r) for r in doc.get("restatements", ())]
    issuer = IssuerInfo(id=d["issuer"], name=d["issuer_name"])
    return DisclosureDraft(meta=meta, facts=facts, restatements=restatements, issuer_info=issuer)
