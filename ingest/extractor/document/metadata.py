"""The document-metadata pass: who published a text dump, what it is, and when it became public.

Each field is decided by explicit rules, strongest first, and the line that decided it is kept in
``DocumentMetadata.evidence`` so a reviewer can check it against the document:

- issuer: a stock code or ticker printed near the top ("Stock Code: 6638", "HKEX 6638",
  "NYSE Stock Ticker: OCFT"), else the issuer whose name the document prints (the registry's
  ``text_markers``);
- kind: a title line near the top ("ANNUAL RESULTS ANNOUNCEMENT ..."), else a sentence in which
  the document describes itself ("This report is the third ESG report"), else a running page
  header or footer ("ANNUAL REPORT 2024 185");
- period_end: the date in the title, else the "Reporting Period" definition, else the first
  "year ended" near the top, else the latest "... ended <date>" in the whole document;
- published_on: a "Published:" label; else the latest of the sign-off line ("Hong Kong,
  March 18, 2025"), a press-release dateline and the Board's approval of the statements or
  report (the weaker signal, which decides only when it is later: a document cannot be public
  before a date it reports as passed). Every candidate must fall after the period end.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

import attrs

from ledger.domain.errors import UnknownIssuerError
from ledger.domain.issuers import REGISTRY, IssuerInfo, resolve_issuer

from ..reading.text import Document
from .prose import clean, find_dates, long_date, sentences

#: How many lines count as "the top of the document" (cover page, title block).
HEAD_LINES = 40
#: Longest line (after cleaning) that can be a title or a running header.
TITLE_LENGTH = 200


@attrs.frozen
class DocumentMetadata:
    """What a document is, as read from its own text (None where the text does not say).

    ``evidence`` maps each decided field (``issuer``, ``kind``, ``title``, ``period_end``,
    ``published_on``, ``currency``, ``scale``) to the 1-based line that decided it.
    """

    issuer: str | None
    kind: str | None
    title: str | None
    period_end: date | None
    published_on: date | None
    currency: str | None
    scale: int
    language: str
    evidence: dict[str, int] = attrs.field(factory=dict, hash=False)


def read_metadata(doc: Document) -> DocumentMetadata:
    """Read the disclosure metadata a document states about itself.

    Args:
        doc: the document, as read by :func:`ledger.ingest.extractor.reading.text.read_document`.

    Returns:
        The metadata; fields the text does not establish are None (``scale`` is then 0).
    """
    lines = [clean(line) for line in doc.lines]
    evidence: dict[str, int] = {}

    issuer, where = _find_issuer(lines)
    _note(evidence, "issuer", where)
    fiscal_end = fiscal_year_end(issuer)

    kind, kind_line = _find_kind(lines)
    _note(evidence, "kind", kind_line)

    period_end, where = _find_period_end(lines, kind_line, fiscal_end)
    _note(evidence, "period_end", where)

    published_on, where = _find_published_on(lines, period_end)
    _note(evidence, "published_on", where)
    if period_end is None:
        period_end, where = _latest_period_end(lines, published_on)
        _note(evidence, "period_end", where)

    currency, currency_line, scale, scale_line = _find_currency_and_scale(lines)
    _note(evidence, "currency", currency_line)
    _note(evidence, "scale", scale_line)

    title = _title(kind, period_end)
    if title is not None:
        _note(evidence, "title", kind_line)
    return DocumentMetadata(
        issuer=issuer,
        kind=kind,
        title=title,
        period_end=period_end,
        published_on=published_on,
        currency=currency,
        scale=scale,
        language=_language(doc.lines),
        evidence=evidence,
    )


_FIGURE = re.compile(r"\d{1,3}(?:[,.]\d{3})+|\d+\.\d+|\(\d[\d,.]*\)|\d+(?:\.\d+)?\s?%")


def looks_like_disclosure(
    doc: Document, meta: DocumentMetadata | None = None, issuer: str | None = None
) -> str | None:
    """Return a one-line reason when ``doc`` is not a disclosure, or None when it looks like one.

    A disclosure prints figures, names a known issuer (unless the caller names it with
    ``issuer``) and says what it is or which period it covers.

    Args:
        doc: the document to check.
        meta: its metadata, when already read (read here otherwise).
        issuer: the issuer the user named, which makes a named issuer in the text optional.
    """
    meta = meta if meta is not None else read_metadata(doc)
    figures = sum(len(_FIGURE.findall(line)) for line in doc.lines)
    if figures < 3:
        return "not a disclosure: it prints no financial figures"
    if meta.issuer is None and not issuer:
        return "not a disclosure: it names no known issuer (by name, stock code or ticker)"
    if meta.kind is None and meta.period_end is None:
        return "not a disclosure: it states neither what it is nor the period it covers"
    return None


def _note(evidence: dict[str, int], field: str, line: int | None) -> None:
    if line is not None:
        evidence[field] = line


# --- issuer ---------------------------------------------------------------------------------

_CODE_PATTERNS = (
    re.compile(r"\bStock\s+Codes?\s*[:：]?\s*(\d{1,5})\b", re.IGNORECASE),
    re.compile(r"\b(?:HKEX|HKSE|SEHK)\s*(?:Stock\s+Code)?\s*[:：]?\s*(\d{1,5})\b"),
    # Tickers are upper case: "NYSE OCFT", "NYSE Stock Ticker: OCFT" (never "NYSE in 2019").
    re.compile(
        r"\b(?:NYSE|NASDAQ|Nasdaq)(?:\s+Stock)?(?:\s+(?:Ticker|Symbol))?\s*[:：]?\s*([A-Z]{2,5})\b"
    ),
    re.compile(r"\bTicker(?:\s+Symbol)?\s*[:：]\s*([A-Z]{2,5})\b"),
)


def _find_issuer(lines: list[str]) -> tuple[str | None, int | None]:
    # Codes printed at the top belong to the issuer; codes further down may be other
    # companies' (a parent's, a purchaser's), so the top is searched first.
    head, rest = lines[:HEAD_LINES], lines[HEAD_LINES:]
    for offset, part in ((0, head), (HEAD_LINES, rest)):
        for index, line in enumerate(part, start=offset + 1):
            for pattern in _CODE_PATTERNS:
                for code in pattern.findall(line):
                    try:
                        return resolve_issuer(code).id, index
                    except UnknownIssuerError:
                        continue
    return _issuer_by_name(lines)


def _issuer_by_name(lines: list[str]) -> tuple[str | None, int | None]:
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    for index, line in enumerate(lines, start=1):
        folded = line.casefold()
        for info in REGISTRY:
            hits = sum(folded.count(m.casefold()) for m in _longest_markers(info))
            if hits:
                counts[info.id] += hits
                first.setdefault(info.id, index)
    if not counts:
        return None, None
    in_head = [i for i in counts if first[i] <= HEAD_LINES]
    if in_head:
        best = min(in_head, key=lambda i: first[i])
    else:
        best = max(counts, key=lambda i: (counts[i], -first[i]))
    return best, first[best]


def _longest_markers(info: IssuerInfo) -> tuple[str, ...]:
    # "OneConnect Financial Technology" contains "OneConnect": count each mention once by
    # keeping only markers that are not part of a longer one.
    markers = info.text_markers or (info.name,)
    return tuple(m for m in markers if not any(m != o and m in o for o in markers))


def fiscal_year_end(issuer: str | None) -> tuple[int, int]:
    """(month, day) of the issuer's fiscal year end; December 31 when unknown."""
    for info in REGISTRY:
        if info.id == issuer:
            month, day = info.fiscal_year_end.split("-")
            return int(month), int(day)
    return 12, 31


# --- kind -----------------------------------------------------------------------------------

# Checked in this order on one line: "fourth quarter and full year results" is annual, an
# "interim report" is interim, and an annual results announcement that mentions the annual
# report is still a results announcement.
_KIND_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern, re.IGNORECASE))
    for kind, pattern in (
        (
            "esg-report",
            r"\b(?:esg|environmental,?\s+social,?\s+(?:and|&)\s+governance|sustainability"
            r"|corporate social responsibility)\s*(?:\(\(?[^)]*\)\s*)?report\b",
        ),
        (
            "annual-results",
            r"\b(?:annual|final) results\b|\b(?:full|fiscal)[ -]?year\b.{0,60}\bresults\b"
            r"|\bresults\b.{0,60}\b(?:financial |fiscal )?year ended\b",
        ),
        (
            "interim-results",
            r"\binterim (?:results|report)\b|\bhalf[ -]?year(?:ly)? results\b"
            r"|\b(?:six|6) months ended\b|\bfirst half\b.{0,40}\bresults\b",
        ),
        (
            "quarterly-results",
            r"\bquarterly results\b|\b(?:first|second|third|fourth|1st|2nd|3rd|4th) quarter\b"
            r"|\b(?:three|nine|3|9) months ended\b|\bQ[1-4] \d{4}\b",
        ),
        ("annual-report", r"\bannual report\b"),
        ("press-release", r"\b(?:press|news) release\b|\bannounces\b"),
    )
)
_SELF_DESCRIPTION = re.compile(
    r"\b(?:this|the present) (?:report|announcement|release|document)\b|pleased to announce",
    re.IGNORECASE,
)
_RUNNING_TITLE = re.compile(
    r"\b(?:annual report|interim report|esg report|sustainability report"
    r"|environmental,? social,? (?:and|&) governance report)\b",
    re.IGNORECASE,
)


def _kind_of(text: str) -> str | None:
    for kind, pattern in _KIND_PATTERNS:
        if pattern.search(text):
            return kind
    return None


def _find_kind(lines: list[str]) -> tuple[str | None, int | None]:
    head = list(enumerate(lines[:HEAD_LINES], start=1))
    for index, line in head:
        if line and len(line) <= TITLE_LENGTH and (kind := _kind_of(line)):
            return kind, index
    for index, line in head:
        for _, sentence in sentences(line):
            if _SELF_DESCRIPTION.search(sentence) and (kind := _kind_of(sentence)):
                return kind, index
    # Extracts without a cover page still carry the publication's name in running headers
    # or footers on every page ("ANNUAL REPORT 2024 185"): the most repeated one decides.
    seen: Counter[str] = Counter()
    first: dict[str, int] = {}
    for index, line in enumerate(lines, start=1):
        if (
            len(line) <= 80
            and re.search(r"\b(?:19|20)\d{2}\b", line)
            and _RUNNING_TITLE.search(line)
            and (kind := _kind_of(line))
        ):
            seen[kind] += 1
            first.setdefault(kind, index)
    if seen:
        kind = max(seen, key=lambda k: (seen[k], -first[k]))
        if seen[kind] >= 2:
            return kind, first[kind]
    return None, None


def _title(kind: str | None, period_end: date | None) -> str | None:
    if kind is None or kind == "other":
        return None
    if period_end is None:
        return kind.replace("-", " ").capitalize()
    end = long_date(period_end)
    return {
        "annual-results": f"Annual results for the year ended {end}",
        "annual-report": f"Annual report for the year ended {end}",
        "interim-results": f"Interim results for the six months ended {end}",
        "quarterly-results": f"Quarterly results for the period ended {end}",
        "esg-report": f"ESG report for the year ended {end}",
        "press-release": f"Press release on the period ended {end}",
    }[kind]


# --- period end -----------------------------------------------------------------------------

_ENDED = re.compile(r"\b(?:ended|ending)\s*$", re.IGNORECASE)
_FULL_YEAR = re.compile(
    r"\b(?:full|fiscal|financial)[ -]?year\s+((?:19|20)\d{2})\b"
    r"|\b((?:19|20)\d{2})\s+(?:fiscal|financial)\s+year\b"
    r"|\bFY\s?((?:19|20)\d{2})\b",
    re.IGNORECASE,
)
_REPORTING_PERIOD = re.compile(r"reporting period", re.IGNORECASE)


def _ended_dates(line: str) -> list[date]:
    """Dates printed right after "ended" (the end of a period, never a future "ending")."""
    return [
        d.value
        for d in find_dates(line)
        if re.search(r"\bended\s*$", line[max(0, d.start - 12) : d.start], re.IGNORECASE)
    ]


def _find_period_end(
    lines: list[str], title_line: int | None, fiscal_end: tuple[int, int]
) -> tuple[date | None, int | None]:
    if title_line is not None:
        # Titles are often split over two or three lines ("... ANNOUNCEMENT / FOR THE YEAR
        # ENDED DECEMBER 31, 2024").
        for index in range(title_line, min(title_line + 3, len(lines) + 1)):
            if ended := _ended_dates(lines[index - 1]):
                return ended[0], index
            if m := _FULL_YEAR.search(lines[index - 1]):
                year = int(next(g for g in m.groups() if g))
                return date(year, *fiscal_end), index
    for index, line in enumerate(lines, start=1):
        for _, sentence in sentences(line):
            if not _REPORTING_PERIOD.search(sentence):
                continue
            if span := re.search(r"\bfrom\b.+?\bto\b", sentence, re.IGNORECASE):
                dates = find_dates(sentence[span.start() :])
                if len(dates) >= 2:
                    return dates[1].value, index
            if ended := _ended_dates(sentence):
                return ended[0], index
    for index, line in enumerate(lines[:HEAD_LINES], start=1):
        if ended := _ended_dates(line):
            return ended[0], index
    for index, line in enumerate(lines[:HEAD_LINES], start=1):
        if m := _FULL_YEAR.search(line):
            year = int(next(g for g in m.groups() if g))
            return date(year, *fiscal_end), index
    return None, None


def _latest_period_end(
    lines: list[str], published_on: date | None
) -> tuple[date | None, int | None]:
    """The latest "... ended <date>" in the document: extracts have no title, but the current
    period is the latest one their notes cover (comparatives come before it)."""
    best: tuple[date, int] | None = None
    for index, line in enumerate(lines, start=1):
        for value in _ended_dates(line):
            if published_on is not None and value >= published_on:
                continue
            if best is None or value > best[0]:
                best = (value, index)
    return best if best is not None else (None, None)


# --- published on --------------------------------------------------------------------------

_PUBLISHED_LABEL = re.compile(
    r"^\W*(?:published(?: on)?|publication date|date of publication|release date|date)\s*[:：]",
    re.IGNORECASE,
)
_PLACE = re.compile(r"[A-Z][A-Za-z.,' ()-]{1,60},\s*")
_APPROVAL_SUBJECT = re.compile(
    r"financial statements|financial information|\breport\b|\bresults\b|\bannouncement\b"
    r"|\baccounts\b",
    re.IGNORECASE,
)
_NOT_BOARD = re.compile(r"shareholders|general meeting|\bEGM\b|\bAGM\b", re.IGNORECASE)


def _after(value: date, period_end: date | None) -> bool:
    # A document about a period cannot become public before the period has ended.
    return period_end is None or value > period_end


def _find_published_on(lines: list[str], period_end: date | None) -> tuple[date | None, int | None]:
    for index, line in enumerate(lines, start=1):
        if label := _PUBLISHED_LABEL.match(line):
            dates = find_dates(line[label.end() :])
            if dates and _after(dates[0].value, period_end):
                return dates[0].value, index
    # The sign-off ("Hong Kong, March 18, 2025"), a press-release dateline and the Board's
    # approval of the statements or report are all dates the document states as already
    # passed, so it became public on the latest of them; on a tie the sign-off is the
    # evidence, being the more explicit signal.
    candidates = [*_signed(lines, period_end), *_approved(lines, period_end)]
    if not candidates:
        return None, None
    best = max(candidates, key=lambda c: (c[0], -c[2]))
    return best[0], best[1]


_DATELINE_TAIL = re.compile(r"\s*(?:/[^/]{1,40}/)?\s*(?:--|—|–)")


def _signed(lines: list[str], period_end: date | None) -> list[tuple[date, int, int]]:
    """Sign-off lines ("Hong Kong, 28 March 2024") and datelines ("SHENZHEN, China, Nov. 14,
    2024 /PRNewswire/ -- ..."): a place, then the date, alone or opening the text."""
    found: list[tuple[date, int, int]] = []
    for index, line in enumerate(lines, start=1):
        dates = find_dates(line[:120])
        if not dates or not _PLACE.fullmatch(line[: dates[0].start]):
            continue
        tail = line[dates[0].end :]
        alone = not tail.strip(" .") and len(line) <= 80
        if (alone or _DATELINE_TAIL.match(tail)) and _after(dates[0].value, period_end):
            found.append((dates[0].value, index, 0))
    return found


def _approved(lines: list[str], period_end: date | None) -> list[tuple[date, int, int]]:
    """Dates on which the Board approved the statements or the report (never shareholders)."""
    found: list[tuple[date, int, int]] = []
    for index, line in enumerate(lines, start=1):
        if "approv" not in line.lower():
            continue
        for _, sentence in sentences(line):
            if not _is_board_approval(sentence):
                continue
            at = sentence.lower().index("approv")
            found.extend(
                (d.value, index, 1)
                for d in find_dates(sentence)
                if d.start > at and _after(d.value, period_end)
            )
    return found


def _is_board_approval(sentence: str) -> bool:
    lowered = sentence.lower()
    return (
        "approv" in lowered
        and ("board" in lowered or "directors" in lowered)
        and not _NOT_BOARD.search(sentence)
        and bool(_APPROVAL_SUBJECT.search(sentence))
    )


# --- currency and scale ---------------------------------------------------------------------

_CURRENCY_NAMES = (
    (re.compile(r"renminbi|\bRMB\b|\bCNY\b", re.IGNORECASE), "RMB"),
    (re.compile(r"hong kong dollars?|\bHK\$|\bHKD\b", re.IGNORECASE), "HKD"),
    (re.compile(r"(?:united states|u\.?s\.?) dollars?|\bUS\$|\bUSD\b", re.IGNORECASE), "USD"),
)
_PRESENTED_IN = re.compile(
    r"\b(?:presented|denominated|expressed|stated|reported)\s+in\s+(?:(thousands|millions)\s+of\s+)?"
    r"(?:chinese\s+)?(renminbi|rmb|hong kong dollars?|hk\$|hkd|united states dollars?"
    r"|u\.?s\.? dollars?|us\$|usd)",
    re.IGNORECASE,
)
_DOCUMENT_WIDE = re.compile(
    r"unless otherwise|financial statements|financial information|in this (?:report|announcement)",
    re.IGNORECASE,
)
_CUR = r"(RMB|HK\$|US\$|USD|HKD)"
_SCALE_TOKENS = (
    (re.compile(_CUR + r"\s?0\s?'\s?000\b"), 4),
    (re.compile(_CUR + r"\s?'\s?0{2}\s?0\b"), 3),
    (re.compile(r"\(?" + _CUR + r"\s+in\s+thousands\b", re.IGNORECASE), 3),
    (re.compile(_CUR + r"\s?(?:million|mn)\b"), 6),
)


def _currency_code(text: str) -> str | None:
    for pattern, code in _CURRENCY_NAMES:
        if pattern.search(text):
            return code
    return None


def _find_currency_and_scale(
    lines: list[str],
) -> tuple[str | None, int | None, int, int | None]:
    stated: tuple[str, int, int | None] | None = None
    for index, line in enumerate(lines, start=1):
        if stated is not None:
            break
        for _, sentence in sentences(line):
            # Only a statement about the whole document counts: "the financial statements
            # are presented in RMB unless otherwise stated", not "loans denominated in RMB".
            m = _PRESENTED_IN.search(sentence)
            if m is None or not _DOCUMENT_WIDE.search(sentence):
                continue
            code = _currency_code(m.group(2))
            if code is not None:
                scale = {"thousands": 3, "millions": 6}.get((m.group(1) or "").lower())
                stated = (code, index, scale)
                break
    # Otherwise the unit headers of the tables decide ("RMB'000" on most of them).
    tokens: Counter[tuple[str, int]] = Counter()
    first: dict[tuple[str, int], int] = {}
    for index, line in enumerate(lines, start=1):
        for pattern, scale in _SCALE_TOKENS:
            for m in pattern.finditer(line):
                key = (_currency_code(m.group(1)) or "RMB", scale)
                tokens[key] += 1
                first.setdefault(key, index)
    currency, currency_line = (stated[0], stated[1]) if stated else (None, None)
    if currency is None and tokens:
        best = max(tokens, key=lambda k: (tokens[k], -first[k]))
        currency, currency_line = best[0], first[best]
    if stated and stated[2] is not None:
        return currency, currency_line, stated[2], stated[1]
    same = {k: n for k, n in tokens.items() if k[0] == currency}
    if same:
        best = max(same, key=lambda k: (same[k], -first[k]))
        return currency, currency_line, best[1], first[best]
    return currency, currency_line, 0, None


def _language(raw_lines: tuple[str, ...]) -> str:
    latin = cjk = 0
    for line in raw_lines[:400]:
        for ch in line:
            if ch.isascii() and ch.isalpha():
                latin += 1
            elif "\u4e00" <= ch <= "\u9fff":
                cjk += 1
    return "zh" if cjk > latin else "en"
