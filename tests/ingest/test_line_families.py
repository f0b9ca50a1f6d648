"""One concept per printed line family across every real document in ``../shared/disclosures``
(the six seed documents and the sixteen of other issuers): the same line printed in different
documents and years, in any of its wordings ("Accounts receivable, net", "Net (Loss)/Income for
the quarter", "Net income/(loss)"), lands in one series. Lines the extractor names from their
context (a note's heading, a breakdown's axis) are other lines and are not compared."""

from __future__ import annotations

import re
import tomllib
from collections import defaultdict
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from ledger.ingest.extractor.facts.concepts import (
    extension,
    known_labels,
    normalize,
    resolve,
    singular,
)
from ledger.ingest.extractor.pipeline import extract_document

_EXTRACTED: dict[str, list[dict[str, Any]]] = {}


def _facts(folder: Path) -> list[dict[str, Any]]:
    """Every fact of the documents ``folder/manifest.toml`` lists, with the manifest's issuer."""
    key = str(folder)
    if key not in _EXTRACTED:
        manifest = tomllib.loads((folder / "manifest.toml").read_text("utf-8"))
        out: list[dict[str, Any]] = []
        for entry in manifest["disclosure"]:
            found = extract_document(
                folder / entry["file"],
                issuer=entry.get("issuer"),
                kind=entry.get("kind"),
                published_on=_date(entry.get("published_on")),
                period_end=_date(entry.get("period_end")),
            )
            out.extend(found.disclosure["facts"])
        _EXTRACTED[key] = out
    return _EXTRACTED[key]


def _date(value: Any) -> date | None:
    return date.fromisoformat(str(value)) if value else None


@cache
def _taxonomy_wordings() -> frozenset[str]:
    return frozenset(normalize(label) for label in known_labels())


def family(label: str) -> str:
    """A printed line's family: its normalised label without the period it names ("for the
    quarter") and without a ", net" qualifier, unless the taxonomy names the net wording as a
    line of its own ("Finance income, net" is finance income less finance costs), its words
    in the singular ("Cash at banks" is "Cash at bank")."""
    text = re.sub(r"\s+for the (?:quarter|year|period)$", "", normalize(label))
    text = text if text in _taxonomy_wordings() else re.sub(r"\s+net$", "", text)
    return " ".join(singular(w.capitalize()).lower() for w in text.split())


@pytest.fixture
def all_facts(shared: Path) -> list[dict[str, Any]]:
    return _facts(shared) + _facts(shared / "other-issuers")


def test_line_families__one_concept_for_each(all_facts: list[dict[str, Any]]) -> None:
    concepts: dict[tuple[str, str], set[str]] = defaultdict(set)
    for fact in all_facts:
        label = fact["label"]
        if fact.get("dimensions") or label.startswith("(no label)"):
            continue
        if fact["concept"] not in (extension(label), resolve(label).concept):
            continue  # named from its context: another line than its words alone
        kind = "rate" if fact["unit"] == "%" else "amount"
        concepts[(family(label), kind)].add(fact["concept"])
    several = {k: sorted(v) for k, v in concepts.items() if k[0] and len(v) > 1}
    assert several == {}


def test_line_families__net_qualifier_and_period_are_no_part_of_the_line() -> None:
    assert (
        resolve("Property and equipment, net").concept == resolve("Property and equipment").concept
    )
    assert extension("Accounts receivable, net") == extension("Accounts receivable")
    assert resolve("Net (Loss)/Income for the quarter").concept == "ifrs-full:ProfitLoss"
    assert resolve("Net income/(loss)").concept == "ifrs-full:ProfitLoss"
    assert (
        resolve("GAAP net income from continuing operations attributable to Acme Limited").concept
        == "ifrs-full:ProfitLossFromContinuingOperationsAttributableToOwnersOfParent"
    )
    assert extension("Professional service fee(s)") == extension("Professional service fees")
    # The taxonomy names finance income net of finance costs as a line of its own.
    assert resolve("Finance income, net").concept != resolve("Finance income").concept


def test_line_families__a_plural_is_the_same_line() -> None:
    assert extension("Cash at banks") == extension("Cash at bank") == "ext:CashAtBank"
    assert extension("Interest expenses on lease liabilities") == extension(
        "Interest expense on lease liabilities"
    )
    assert extension("Disposals of subsidiaries") == extension("Disposal of subsidiary")
    # Words that end in "s" without being plurals stay as printed, in one case.
    assert extension("Net loss per ADS") == "ext:NetLossPerAds"
    assert extension("Gross loss on business") == "ext:GrossLossOnBusiness"


def test_line_families__the_case_of_a_printing_is_no_part_of_the_line() -> None:
    # A table prints "Non-GAAP net income", a highlight sentence is read in lower case.
    assert extension("Non-GAAP net income") == extension("non-gaap net income")
    assert extension("NET INCOME ATTRIBUTABLE TO ACME LIMITED") == extension(
        "Net income attributable to Acme Limited"
    )
