"""A filer's own schema and linkbases, read from the files beside its instance.

Only local files are read (never the network): the schema the instance's ``schemaRef`` names,
and the label, presentation and calculation linkbases the schema's ``linkbaseRef`` lists (or,
when it lists none, the ``*_lab.xml``, ``*_pre.xml`` and ``*_cal.xml`` of the same stem).
Missing files leave labels and statements unknown; they never fail an ingest.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path

import attrs

from ledger.domain.drafts import CalculationArc, PresentedLine

LINK = "{http://www.xbrl.org/2003/linkbase}"
XLINK = "{http://www.w3.org/1999/xlink}"
LABEL_ROLE = "http://www.xbrl.org/2003/role/label"
TERSE_ROLE = "http://www.xbrl.org/2003/role/terseLabel"

#: A presentation role's title (``0000005 - Statement - CONSOLIDATED BALANCE SHEETS``) -> the
#: ledger's statement name; the first pattern that matches wins.
STATEMENT_TITLES = (
    (re.compile(r"comprehensive (income|loss)", re.I), "comprehensive-income"),
    (re.compile(r"balance sheet|financial position|financial condition", re.I), "balance"),
    (re.compile(r"cash flow", re.I), "cashflow"),
    (
        re.compile(
            r"(stockholders|shareholders|members|partners)['’]? (equity|deficit)|"
            r"changes in equity",
            re.I,
        ),
        "equity",
    ),
    (re.compile(r"operations|income|earnings|profit or loss", re.I), "income"),
)


@attrs.frozen
class Linkbases:
    """What the ledger takes from a filer's linkbases."""

    #: concept -> the label its statement prints (the presentation's preferred label role,
    #: else the standard label).
    labels: dict[str, str] = attrs.field(factory=dict)
    #: concept -> (statement, order of first appearance in that statement's presentation).
    presented: dict[str, tuple[str, int]] = attrs.field(factory=dict)
    #: total concept -> ((component concept, weight), ...), from the calculation linkbase.
    calculations: dict[str, tuple[tuple[str, Decimal], ...]] = attrs.field(factory=dict)
    #: Every primary statement's lines in the presentation's order, with their depth.
    lines: tuple[PresentedLine, ...] = ()

    def arcs(self) -> tuple[CalculationArc, ...]:
        """The calculations as arcs, totals and components in a stable order."""
        return tuple(
            CalculationArc(total, component, weight.normalize())
            for total in sorted(self.calculations)
            for component, weight in self.calculations[total]
        )

    def label_of(self, concept: str) -> str:
        return self.labels.get(concept, "")

    def statement_of(self, concept: str) -> str:
        found = self.presented.get(concept)
        return found[0] if found else ""


def read_linkbases(instance: Path, data: bytes) -> Linkbases:
    """The labels, statement presentation and calculations of an instance's filer."""
    schema = _schema(instance, data)
    if schema is None:
        return Linkbases()
    try:
        root = ET.parse(schema).getroot()
    except (OSError, ET.ParseError):
        return Linkbases()
    titles = {
        rt.get("roleURI", ""): (rt.findtext(f"{LINK}definition") or "")
        for rt in root.iter(f"{LINK}roleType")
    }
    refs = [
        schema.parent / href
        for ref in root.iter(f"{LINK}linkbaseRef")
        if (href := ref.get(f"{XLINK}href", "")) and "://" not in href
    ]
    stem = schema.stem
    if not refs:
        refs = [schema.parent / f"{stem}_{kind}.xml" for kind in ("lab", "pre", "cal")]
    roles: dict[str, dict[str, str]] = {}
    presented: dict[str, tuple[str, int]] = {}
    preferred: dict[str, str] = {}
    calculations: dict[str, tuple[tuple[str, Decimal], ...]] = {}
    lines: dict[tuple[str, str], PresentedLine] = {}
    for ref in refs:
        try:
            linkbase = ET.parse(ref).getroot()
        except (OSError, ET.ParseError):
            continue
        for concept, texts in _labels(linkbase).items():
            roles.setdefault(concept, {}).update(texts)
        for line, role in _presentation(linkbase, titles):
            if line.concept not in presented:
                presented[line.concept] = (line.statement, line.order)
                preferred[line.concept] = role
            lines.setdefault((line.statement, line.concept), line)
        calculations.update(_calculations(linkbase))
    labels = {}
    for concept, texts in roles.items():
        text = (
            texts.get(preferred.get(concept, "")) or texts.get(LABEL_ROLE) or texts.get(TERSE_ROLE)
        )
        if text:
            labels[concept] = text
    return Linkbases(
        labels=labels,
        presented=presented,
        calculations=calculations,
        lines=_numbered(lines.values()),
    )


def _numbered(lines: Iterable[PresentedLine]) -> tuple[PresentedLine, ...]:
    """One order per statement, from 1, when a statement's lines come from several roles (a
    filer presenting its balance sheet in two roles) or were cut by concepts seen before."""
    by_statement: dict[str, list[PresentedLine]] = {}
    for line in lines:
        by_statement.setdefault(line.statement, []).append(line)
    return tuple(
        attrs.evolve(line, order=i)
        for statement in sorted(by_statement)
        for i, line in enumerate(by_statement[statement], start=1)
    )


def _schema(instance: Path, data: bytes) -> Path | None:
    found = re.search(rb"schemaRef[^>]*?href=\"([^\"]+)\"", data[:20000])
    if found is not None:
        href = found.group(1).decode("utf-8", "replace")
        if "://" not in href and (instance.parent / href).is_file():
            return instance.parent / href
    candidates = sorted(instance.parent.glob("*.xsd"))
    return candidates[0] if len(candidates) == 1 else None


def _concept(href: str) -> str:
    """``aapl-20230930.xsd#us-gaap_Assets`` -> ``us-gaap:Assets`` (the SEC's id convention)."""
    fragment = href.rpartition("#")[2]
    prefix, sep, name = fragment.partition("_")
    return f"{prefix}:{name}" if sep else fragment


def _locators(link: ET.Element) -> dict[str, str]:
    return {
        loc.get(f"{XLINK}label", ""): _concept(loc.get(f"{XLINK}href", ""))
        for loc in link.iter(f"{LINK}loc")
    }


def _labels(root: ET.Element) -> dict[str, dict[str, str]]:
    found: dict[str, dict[str, str]] = {}
    for link in root.iter(f"{LINK}labelLink"):
        locs = _locators(link)
        texts: dict[str, dict[str, str]] = {}
        for label in link.iter(f"{LINK}label"):
            role = label.get(f"{XLINK}role", LABEL_ROLE)
            texts.setdefault(label.get(f"{XLINK}label", ""), {})[role] = (label.text or "").strip()
        for arc in link.iter(f"{LINK}labelArc"):
            concept = locs.get(arc.get(f"{XLINK}from", ""))
            if concept:
                found.setdefault(concept, {}).update(texts.get(arc.get(f"{XLINK}to", ""), {}))
    return found


def statement_of_title(title: str) -> str:
    """The statement a presentation role shows, from its title; "" for notes and parentheticals."""
    parts = [p.strip() for p in title.split(" - ", 2)]
    if len(parts) == 3 and parts[1].lower() != "statement":
        return ""
    if "parenthetical" in title.lower():
        return ""
    for pattern, statement in STATEMENT_TITLES:
        if pattern.search(parts[-1]):
            return statement
    return ""


def _presentation(root: ET.Element, titles: dict[str, str]) -> list[tuple[PresentedLine, str]]:
    """Each primary statement's lines, depth first in the arcs' order, with the preferred label
    role of each (a concept's first place on a statement only)."""
    placed: list[tuple[PresentedLine, str]] = []
    for link in root.iter(f"{LINK}presentationLink"):
        statement = statement_of_title(titles.get(link.get(f"{XLINK}role", ""), ""))
        if not statement:
            continue
        locs = _locators(link)
        children: dict[str, list[tuple[Decimal, str]]] = {}
        has_parent: set[str] = set()
        role_of: dict[str, str] = {}
        for arc in link.iter(f"{LINK}presentationArc"):
            parent, child = arc.get(f"{XLINK}from", ""), arc.get(f"{XLINK}to", "")
            order = Decimal(arc.get("order", "0") or "0")
            children.setdefault(parent, []).append((order, child))
            has_parent.add(child)
            role_of.setdefault(child, arc.get("preferredLabel", ""))
        roots = [label for label in children if label not in has_parent]
        position = 0
        seen: set[str] = set()
        shown: set[str] = set()
        stack = [(label, 0) for label in reversed(sorted(roots))]
        while stack:
            label, depth = stack.pop()
            if label in seen:
                continue
            seen.add(label)
            concept = locs.get(label)
            if concept and concept not in shown:
                shown.add(concept)
                position += 1
                line = PresentedLine(statement, concept, position, depth)
                placed.append((line, role_of.get(label, "")))
            below = sorted(children.get(label, []), reverse=True)
            stack.extend((child, depth + 1) for _, child in below)
    return placed


def _calculations(root: ET.Element) -> dict[str, tuple[tuple[str, Decimal], ...]]:
    found: dict[str, list[tuple[str, Decimal]]] = {}
    for link in root.iter(f"{LINK}calculationLink"):
        locs = _locators(link)
        for arc in link.iter(f"{LINK}calculationArc"):
            total = locs.get(arc.get(f"{XLINK}from", ""))
            part = locs.get(arc.get(f"{XLINK}to", ""))
            if total and part:
                weight = Decimal(arc.get("weight", "1") or "1")
                if (part, weight) not in found.setdefault(total, []):
                    found[total].append((part, weight))
    return {total: tuple(parts) for total, parts in found.items()}
