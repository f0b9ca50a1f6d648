"""The profit of a document without discontinued operations is also its continuing operations'.

A document that reports no discontinued operation (its text never names discontinued or
continuing operations) presents every operation as continuing: its profit for the period, the
owners' share of it, its earnings per share and the non-GAAP measures of them are at the same
time the figures "from continuing operations" (IFRS 5.33, ASC 205-20-45). When a later
document classifies a business as discontinued it re-presents those comparatives "from
continuing operations" (Sohu's Q4 2019 "GAAP net loss attributable to Sohu.com Limited" of
US$18 million, re-presented as "net loss from continuing operations attributable to Sohu.com
Limited" of US$29 million once Sogou was discontinued). Recording the first document's figure
under both concepts puts the two printings in one series, so the change is a re-presentation
of the continuing figure; the group's own series (a total below the discontinued line) keeps
its value, as IFRS 5 requires.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import attrs

from .candidates import Candidate
from .concepts import extension

#: A text that names discontinued or continuing operations reports them: no twins then.
_OPERATIONS = re.compile(r"\b(?:dis)?continu(?:ed|ing)\s+operations?\b", re.IGNORECASE)

#: Taxonomy concepts of the whole group and their continuing-operations concepts.
_CONTINUING = {
    "ifrs-full:ProfitLoss": "ifrs-full:ProfitLossFromContinuingOperations",
    "ifrs-full:ProfitLossAttributableToOwnersOfParent": (
        "ifrs-full:ProfitLossFromContinuingOperationsAttributableToOwnersOfParent"
    ),
    "ifrs-full:BasicAndDilutedEarningsLossPerShare": (
        "ifrs-full:BasicAndDilutedEarningsLossPerShareFromContinuingOperations"
    ),
}
#: An extension line that is a measure of net profit ("Non-GAAP net income attributable to
#: Acme Limited", "Adjusted net loss"), never a margin, a growth rate or a part of it.
_NET_PROFIT = re.compile(
    r"^(?:gaap |non[- ]gaap |non[- ]ifrs |adjusted )?net (?:\(?(?:profit|income|loss)\)?"
    r"(?:\s*/\s*\(?(?:profit|income|loss)\)?)?)(?: attributable to [\w .,&'-]+)?$",
    re.IGNORECASE,
)
#: Where "from continuing operations" goes in a label: before "attributable to" or "per".
_BEFORE = re.compile(r"\s+(?=(?:attributable\s+to|per)\b)", re.IGNORECASE)


def reports_operations(lines: Sequence[str]) -> bool:
    """True when the text names discontinued or continuing operations anywhere."""
    return any(_OPERATIONS.search(line) for line in lines)


def continuing_label(label: str) -> str:
    """``GAAP net loss attributable to Acme Limited`` -> ``GAAP net loss from continuing
    operations attributable to Acme Limited``: how a later document words the same line."""
    m = _BEFORE.search(label)
    if m is None:
        return f"{label.rstrip()} from continuing operations"
    return f"{label[: m.start()]} from continuing operations {label[m.end() :]}"


def continuing_concept(cand: Candidate) -> str | None:
    """The continuing-operations concept of a group profit line, or None for any other line."""
    if cand.dimensions:
        return None
    if cand.concept in _CONTINUING:
        return _CONTINUING[cand.concept]
    if not cand.concept.startswith("ext:"):
        return None
    label = " ".join(cand.label.split())
    if not _NET_PROFIT.match(label):
        return None
    named = extension(label)
    # Only a line named from its own label (not its heading or table), in any capitals.
    if named.lower() != cand.concept.lower():
        return None
    twin = extension(continuing_label(label))
    pairs = enumerate(zip(named, twin, strict=False))
    at = next((i for i, (a, b) in pairs if a != b), len(named))
    return cand.concept[:at] + twin[at : at + len(twin) - len(named)] + cand.concept[at:]


def twins(cands: Iterable[Candidate]) -> list[Candidate]:
    """The continuing-operations twin of every group profit candidate (see the module)."""
    out = []
    for cand in cands:
        concept = continuing_concept(cand)
        if concept is not None:
            out.append(attrs.evolve(cand, concept=concept))
    return out
