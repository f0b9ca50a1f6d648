"""ESG key performance indicators printed as running text (one physical line per page).

An ESG report's KPI appendix has no tabs: each indicator is a run of words
``<label> <unit> <value per year>`` after an anchor ``Unit 2022 2023 2024``, with category and
group headings ("Employee turnover rate by gender") interleaved. A unit whitelist finds the runs;
``/`` is the unit of a count when it follows a label and means "not disclosed" as a value.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache

from ledger.domain.taxonomy import taxonomy_data
from ledger.domain.values import Period

from ..reading.numbers import clean_cell, decimals_of, parse_number
from ..reading.text import Document
from .candidates import Candidate
from .concepts import extension

_ANCHOR = re.compile(r"\bUnit((?:\s+20\d{2}){1,5})\b")
_UNIT = (
    r"tCO2\s?e\s?/\s?person|tCO2\s?e|tons\s?/\s?person|tons|MWh\s?/\s?person|MWh|RMB 10,000|RMB|"
    r"Hours?|Days?|Person-times|Year/\s?time|%|/"
)
_VALUE = r"(?:/|≥\S+|-?\d[\d,]*(?:\.\d+)?%?(?:\(\d\))?(?: \(out of \d+\))?)"
_END = re.compile(r"\bNotes?:|\b\d{1,3} About This Report\b")
_GROUP = re.compile(
    r"^(?P<measure>.*?\bby (?P<axis>gender|age|region|category|employment type))\s+(?P<rest>.+)$",
    re.IGNORECASE,
)
_MEMBER = {
    "gender": r"^(?:male|female)\b",
    "age": r"^employees (?:under|aged|over)\b",
    "region": r"mainland|hong kong|overseas",
    "category": r"^(?:senior|intermediate|junior)\b",
    "employment type": r"full-time|part-time",
}


@cache
def _indicators() -> tuple[tuple[re.Pattern[str], str, str], ...]:
    data = taxonomy_data()
    return tuple(
        (re.compile(item["match"], re.IGNORECASE), item["name"], item.get("period", "duration"))
        for item in data.get("esg", [])
    )


def _concept(text: str) -> tuple[str, str] | None:
    for pattern, name, period in _indicators():
        if pattern.search(text):
            return name, period
    return None


def _unit(unit: str, label: str) -> tuple[str, int]:
    unit = " ".join(unit.split())
    if unit == "/":
        low = label.lower()
        if re.search(r"employee|hires|people|staff|members", low):
            return "persons", 0
        if "supplier" in low:
            return "suppliers", 0
        return "count", 0
    if unit == "RMB 10,000":
        return "RMB", 4
    table = {
        "hour": "hours",
        "hours": "hours",
        "day": "days",
        "days": "days",
        "person-times": "person-times",
    }
    if unit.lower() in table:
        return table[unit.lower()], 0
    if unit.lower().startswith("year"):
        return "times/year", 0
    return unit.replace(" ", ""), 0


def _member(axis: str, label: str) -> str:
    text = re.sub(r"（\d）|\(\d\)", "", label).strip()
    if axis == "gender":
        return text.split()[0].lower()
    text = re.sub(r"^(?:turnover rate of|number of)\s+", "", text, flags=re.I)
    text = re.sub(r"\s+(?:employees|suppliers)$", "", text, flags=re.I)
    return text


def esg_candidates(doc: Document) -> tuple[list[Candidate], Counter[str]]:
    """KPI candidates of a running-text ESG table, and the tally of other value tokens."""
    out: list[Candidate] = []
    tally: Counter[str] = Counter()
    for number, raw in enumerate(doc.lines, start=1):
        if "\t" in raw:
            continue
        text = clean_cell(raw)
        for anchor in _ANCHOR.finditer(text):
            years = [int(y) for y in anchor[1].split()]
            rest = text[anchor.end() :]
            stop = _END.search(rest)
            nxt = _ANCHOR.search(rest)
            cut = min(m.start() for m in (stop, nxt) if m) if (stop or nxt) else len(rest)
            out.extend(_segment(rest[:cut], years, number, tally))
    return out, tally


def _segment(text: str, years: list[int], line: int, tally: Counter[str]) -> list[Candidate]:
    values = r"\s+".join(rf"(?P<v{i}>{_VALUE})" for i in range(len(years)))
    pattern = re.compile(rf"(?P<label>\S.*?)\s+(?P<unit>{_UNIT})\s+{values}(?=\s|$)")
    out: list[Candidate] = []
    measure = axis = ""
    for m in pattern.finditer(text):
        label = m["label"].strip()
        group = _GROUP.match(label)
        if group:
            measure, axis = group["measure"], group["axis"].lower()
            label = group["rest"]
        elif axis and not re.search(_MEMBER[axis], label, re.IGNORECASE):
            measure = axis = ""
        kpi = label if not axis else measure
        found = _concept(kpi) or _concept(label)
        concept, kind = found if found else (extension(label), "duration")
        concept = concept if found else "esg:" + concept.split(":", 1)[1]
        dims = ((axis.replace(" ", "_"), _member(axis, label)),) if axis else ()
        unit, scale = _unit(m["unit"], f"{kpi} {label}")
        for i, year in enumerate(years):
            token = re.sub(r"\(\d\)$|\s*\(out of \d+\)$", "", m[f"v{i}"])
            parsed = parse_number(token, dot_thousands=False)
            if token == "/":
                tally["nil"] += 1
                continue
            if parsed.value is None or "(out of" in m[f"v{i}"]:
                tally["junk"] += 1
                continue
            period = Period.parse(f"{year}-12-31" if kind == "instant" else f"FY{year}")
            out.append(
                Candidate(
                    concept,
                    period,
                    dims,
                    parsed.value,
                    unit,
                    scale,
                    decimals_of(parsed.places, scale),
                    line,
                    re.sub(r"（\d）", "", label).strip(),
                    m[f"v{i}"],
                    "esg",
                )
            )
    return out
