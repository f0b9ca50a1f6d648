"""Figures stated in sentences: a small, explicit set of well-defined KPI sentence patterns.

Tables carry almost every figure of a disclosure; a few key indicators are only printed in
running text. This pass reads exactly these, and nothing else:

- headcount: "As at December 31, 2024, the Group had 3,756 employees" (also "we had a total of
  N full-time employees"); an approximation ("nearly", "approximately", "over") is no figure;
- gearing ratio: "As of December 31, 2024, our gearing ratio (...) was -2.0% (as of December 31,
  2023: 10.3%)": the ratio at the date, and the comparative in brackets;
- revenue in a key-performance (infographic) line: "Key Performance in 2024 ... Operating
  revenue RMB2.248billion": the year's revenue at the printed scale (value 2.248, scale 9).

Each figure keeps its line, unit, scale and precision as printed. A sentence never overrides a
table: ``reconcile`` drops a sentence figure that differs from a table's value for the same series
(a figure equal to the table's is the same fact, printed twice, and merges with it).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date

from ledger.domain.values import Period

from ...errors import calendar_date
from ..checks.arithmetic import same_figure
from ..reading.numbers import clean_cell, decimals_of, parse_number
from .candidates import Candidate

_MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"
_DATE = (
    rf"(?:(?P<m1>{_MONTHS})\s+(?P<d1>\d{{1,2}}),?\s+(?P<y1>\d{{4}})"
    rf"|(?P<d2>\d{{1,2}})\s+(?P<m2>{_MONTHS}),?\s+(?P<y2>\d{{4}}))"
)
_AS_AT = re.compile(rf"\bas (?:at|of)\s+{_DATE}", re.IGNORECASE)
_HEADCOUNT = re.compile(
    r"\b(?:the group|the company|we)\s+had\s+(?:a total of\s+)?(?P<n>\d{1,3}(?:,\d{3})*|\d+)\s+"
    r"(?:full-time\s+)?(?:employees|staff)\b",
    re.IGNORECASE,
)
_GEARING = re.compile(
    r"\bgearing ratio(?:\s*\([^()]*\))?\s+(?:was|is|stood at|of)\s+(?P<v>-?\d+(?:\.\d+)?)\s?%"
    rf"(?:\s*\((?:as (?:at|of)\s+)?{_DATE}:\s*(?P<c>-?\d+(?:\.\d+)?)\s?%\))?",
    re.IGNORECASE,
)
_KPI_LINE = re.compile(r"\bkey performance (?:in|of) (?P<year>20\d{2})\b", re.IGNORECASE)
_KPI_REVENUE = re.compile(
    r"\b(?:operating )?revenue\s+RMB\s?(?P<v>\d[\d,]*(?:\.\d+)?)\s?(?P<w>billion|million)\b",
    re.IGNORECASE,
)
_SCALE_WORDS = {"million": 6, "billion": 9}


def _date(m: re.Match[str]) -> date | None:
    month = m.group("m1") or m.group("m2")
    if month is None:
        return None
    day = int(m.group("d1") or m.group("d2"))
    year = int(m.group("y1") or m.group("y2"))
    number = _MONTHS.split("|").index(month.lower()) + 1
    return calendar_date(year, number, day, f"{month} {day}, {year}")


def _candidate(
    concept: str,
    period: Period,
    raw: str,
    unit: str,
    scale: int,
    line: int,
    label: str,
    statement: str,
) -> Candidate | None:
    number = parse_number(raw, dot_thousands=False)
    if number.value is None:
        return None
    return Candidate(
        concept=concept,
        period=period,
        dimensions=(),
        value=number.value,
        unit=unit,
        scale=scale,
        decimals=decimals_of(number.places, scale),
        line=line,
        label=label,
        raw=raw,
        statement=statement,
        known=not concept.startswith("ext:"),
        subject="sentence",
        rank=4,  # the last choice of provenance: tables print the figure more fully
    )


def sentence_candidates(
    lines: Sequence[str], period_end: date | None, statement: str = "highlights"
) -> list[Candidate]:
    """Candidate facts from the KPI sentences of a document (see the module docstring).

    Args:
        lines: the document's lines.
        period_end: the end of the reporting period, for a sentence that prints no date.
        statement: where the figures are printed (``esg`` in an ESG report).
    """
    out: list[Candidate] = []
    for number, raw in enumerate(lines, start=1):
        text = clean_cell(raw.replace("\t", " "))
        if not re.search(r"employees|staff|gearing|revenue", text, re.IGNORECASE):
            continue
        at = _AS_AT.search(text)
        when = _date(at) if at else period_end
        for m in _HEADCOUNT.finditer(text):
            if when is None:
                continue
            found = _candidate(
                "esg:NumberOfEmployees",
                Period(end=when),
                m["n"],
                "persons",
                0,
                number,
                "Number of employees",
                statement,
            )
            out.extend([found] if found else [])
        for m in _GEARING.finditer(text):
            if when is None:
                continue
            found = _candidate(
                "ext:GearingRatio",
                Period(end=when),
                m["v"],
                "%",
                0,
                number,
                "Gearing ratio",
                statement,
            )
            out.extend([found] if found else [])
            comparative = _date(m) if m["c"] is not None else None
            if comparative is not None:
                found = _candidate(
                    "ext:GearingRatio",
                    Period(end=comparative),
                    m["c"],
                    "%",
                    0,
                    number,
                    "Gearing ratio",
                    statement,
                )
                out.extend([found] if found else [])
        kpi = _KPI_LINE.search(text)
        if kpi is not None:
            for m in _KPI_REVENUE.finditer(text, kpi.end()):
                found = _candidate(
                    "ifrs-full:Revenue",
                    Period.parse(f"FY{kpi['year']}"),
                    m["v"],
                    "RMB",
                    _SCALE_WORDS[m["w"].lower()],
                    number,
                    "Operating revenue",
                    statement,
                )
                out.extend([found] if found else [])
    return out


def reconcile(sentences: Iterable[Candidate], tables: Sequence[Candidate]) -> list[Candidate]:
    """Sentence figures that do not contradict a table: a series a table gives keeps the table's
    value (a sentence printing the same figure merges with it; a different one is dropped)."""
    by_key: dict[object, list[Candidate]] = {}
    for cand in tables:
        by_key.setdefault(cand.key, []).append(cand)
    out = []
    seen: set[object] = set()
    for cand in sentences:
        if cand.key in seen:
            continue  # one sentence figure per series: the first printing
        printed = by_key.get(cand.key, [])
        if all(same_figure(cand, t) for t in printed):
            out.append(cand)
            seen.add(cand.key)
    return out
