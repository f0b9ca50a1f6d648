"""The document-metadata pass: who published a text dump, what it is, and when it became public.

Each field is decided by explicit rules, strongest first, and the line that decided it is kept in
``DocumentMetadata.evidence`` so a reviewer can check it against the document:

- issuer: a registered issuer's stock code or ticker printed near the top ("Stock Code: 6638",
  "HKEX 6638", "NYSE Stock Ticker: OCFT"), else the registered issuer whose name the document
  prints (:attr:`IssuerInfo.text_markers`). Independently, the issuer's own description: the
  legal name printed at the top ("Lufax Holding Ltd (NYSE: LU, HKEX: 6623)"), its codes and the
  month and day its fiscal year ends, so an issuer the ledger does not know yet can be
  registered with its first document;
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
from datetime import date, timedelta

import attrs

from ledger.domain.issuers import IssuerDirectory

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
    #: The issuer as the document describes itself: legal name, codes printed with it, and
    #: the fiscal year end ("MM-DD") when the text states it.
    issuer_name: str | None = None
    issuer_codes: tuple[str, ...] = ()
    fiscal_year_end: str | None = None
    #: (month, day) the periods' fiscal years end on: the registered issuer's, else the one
    #: the document states, else December 31.
    fiscal_month_day: tuple[int, int] = (12, 31)
    #: When no publication date is found: the approximate one the text prints instead ("for
    #: the month of April 2026", "Published: Q1 2025"), which is never taken as a date.
    published_approximately: str | None = None


def read_metadata(doc: Document, issuers: IssuerDirectory | None = None) -> DocumentMetadata:
    """Read the disclosure metadata a document states about itself.

    Args:
        doc: the document, as read by :func:`ledger.ingest.extractor.reading.text.read_document`.
        issuers: the registered issuers the document may name (none: the issuer stays None
            unless the document describes itself, see ``issuer_name``).

    Returns:
        The metadata; fields the text does not establish are None (``scale`` is then 0).
    """
    directory = issuers if issuers is not None else IssuerDirectory()
    # A transcriber's header block is metadata: read here, and by no other pass.
    lines = [clean(line) for line in doc.printed_lines]
    evidence: dict[str, int] = {}

    issuer, where = _find_issuer(lines, directory)
    _note(evidence, "issuer", where)
    name, codes, name_line = _described_issuer(lines)
    _note(evidence, "issuer_name", name_line)
    year_end, year_end_line = _stated_fiscal_year_end(lines)
    _note(evidence, "fiscal_year_end", year_end_line)
    known = directory.find(issuer) if issuer else None
    if known is not None:
        fiscal_end = known.fiscal_month_day
    elif year_end is not None:
        fiscal_end = (int(year_end[:2]), int(year_end[3:]))
    else:
        fiscal_end = (12, 31)

    kind, kind_line = _find_kind(lines)
    _note(evidence, "kind", kind_line)

    period_end, where = _find_period_end(lines, kind_line, fiscal_end)
    _note(evidence, "period_end", where)

    published_on, where = _find_published_on(lines, period_end)
    _note(evidence, "published_on", where)
    approximately = None if published_on else _approximate_publication(lines)
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
        issuer_name=name,
        issuer_codes=codes,
        fiscal_year_end=year_end,
        fiscal_month_day=fiscal_end,
        published_approximately=approximately,
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
    if meta.issuer is None and meta.issuer_name is None and not issuer:
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


def _find_issuer(lines: list[str], issuers: IssuerDirectory) -> tuple[str | None, int | None]:
    # Codes printed at the top belong to the issuer; codes further down may be other
    # companies' (a parent's, a purchaser's), so the top is searched first.
    head, rest = lines[:HEAD_LINES], lines[HEAD_LINES:]
    for offset, part in ((0, head), (HEAD_LINES, rest)):
        for index, line in enumerate(part, start=offset + 1):
            for code in _codes(line):
                info = issuers.find(code)
                if info is not None:
                    return info.id, index
    return _issuer_by_name(lines, issuers)


def _codes(line: str) -> list[str]:
    return [code for pattern in _CODE_PATTERNS for code in pattern.findall(line)]


def _marker_key(text: str) -> str:
    return " ".join(re.split(r"[\s-]+", text.casefold()))


def _markers_pattern(issuers: IssuerDirectory) -> tuple[re.Pattern[str], dict[str, str]]:
    """One pattern for every registered issuer's markers, and the issuer of each marker.

    Whole words only, so a short name never matches inside a longer word; the longest marker
    is tried first, so "OneConnect Financial Technology" counts once, not also as "OneConnect".
    """
    owner: dict[str, str] = {}
    for info in issuers:
        for marker in info.text_markers:
            owner.setdefault(_marker_key(marker), info.id)
    markers = sorted(owner, key=len, reverse=True)
    body = "|".join(re.escape(m).replace(r"\ ", r"[\s-]+") for m in markers)
    return re.compile(rf"(?<![\w.])(?:{body})(?!\w)", re.IGNORECASE), owner


def _issuer_by_name(lines: list[str], issuers: IssuerDirectory) -> tuple[str | None, int | None]:
    if not len(issuers):
        return None, None
    pattern, owner = _markers_pattern(issuers)
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    for index, line in enumerate(lines, start=1):
        for hit in pattern.findall(line):
            issuer = owner[_marker_key(hit)]
            counts[issuer] += 1
            first.setdefault(issuer, index)
    if not counts:
        return None, None
    in_head = [i for i in counts if first[i] <= HEAD_LINES]
    if in_head:
        best = min(in_head, key=lambda i: first[i])
    else:
        best = max(counts, key=lambda i: (counts[i], -first[i]))
    return best, first[best]


#: A company's legal name: capitalised words ending in a legal form ("Co., Ltd.", "Inc.",
#: "Limited", ...), as printed on a cover, a title block or a press release's first sentence.
_LEGAL_NAME = re.compile(
    r"(?<![\w.])((?:[A-Z0-9][\w.&'-]*,?\s+){0,7}?"
    r"(?i:co\.,?\s*ltd\.?|company\s+limited|limited|ltd\.?|inc\.|incorporated|corporation"
    r"|corp\.|plc|n\.v\.|s\.a\.)\*?)(?![\w])"
)
#: Words that open a sentence, never a company's name.
_NOT_A_NAME = re.compile(
    r"^(?:The|This|These|Our|In|On|For|Hong\s+Kong\s+Exchanges|A|An)\b|Exchange|Clearing",
    re.IGNORECASE,
)


def _described_issuer(lines: list[str]) -> tuple[str | None, tuple[str, ...], int | None]:
    """The legal name the document prints for its issuer near the top, with the stock codes and
    tickers printed with it."""
    found: list[tuple[str, int]] = []
    for index, line in enumerate(lines[:HEAD_LINES], start=1):
        for m in _LEGAL_NAME.finditer(line):
            name = " ".join(m.group(1).split()).rstrip("*")
            # The issuer's name stands alone (a cover), before its name in another script, or
            # before the parenthesis with its codes; a name inside a running sentence ("...
            # The Stock Exchange of Hong Kong Limited take no responsibility") is another's.
            tail = line[m.end() :].lstrip()
            alone = not tail or tail[0] == "(" or not tail[0].isascii()
            if not alone or _NOT_A_NAME.search(name) or len(name.split()) < 2:
                continue
            found.append((name, index))
    for name, index in found:
        # The codes follow the name on its line or within the next few printed lines (a
        # cover: name, name in Chinese, place of incorporation, "(Stock Code: 2121)").
        near = [line for line in lines[index:] if line.strip()][:4]
        codes = [c for line in (lines[index - 1], *near) for c in _codes(line)]
        if not codes and len(found) > 1:
            continue
        # An all-capitals cover name is printed again in the text in its own case.
        if name.isupper():
            same = (n for n, _ in found if n.casefold() == name.casefold() and not n.isupper())
            name = next(same, name)
        return name, tuple(dict.fromkeys(codes)), index
    return None, (), None


_FISCAL_YEAR_END_STATED = re.compile(
    r"\b(?:fiscal|financial)\s+year(?:\s+(?:19|20)\d{2})?\s+(?:ended|ending|ends)\s+(?:on\s+)?",
    re.IGNORECASE,
)


def _stated_fiscal_year_end(lines: list[str]) -> tuple[str | None, int | None]:
    """The fiscal year end a document states ("fiscal year ended August 31, 2022"), MM-DD."""
    for index, line in enumerate(lines[:HEAD_LINES], start=1):
        for m in _FISCAL_YEAR_END_STATED.finditer(line):
            dates = find_dates(line[m.end() : m.end() + 40])
            if dates and dates[0].start == 0:
                return f"{dates[0].value.month:02d}-{dates[0].value.day:02d}", index
    return None, None


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
            r"\bquarterly results\b"
            r"|\b(?:first|second|third|fourth|1st|2nd|3rd|4th) (?:fiscal )?quarter\b"
            r"|\b(?:three|nine|3|9) months ended\b|\bQ[1-4] \d{4}\b",
        ),
        ("annual-report", r"\bannual report\b|\bform (?:20-f|10-k)\b"),
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
        # ENDED DECEMBER 31, 2024"); a date printed with "ended" there beats a bare "Fiscal
        # Year 2024", whose end depends on a fiscal year the document may not state.
        block = range(title_line, min(title_line + 3, len(lines) + 1))
        stated = next(((e[0], i) for i in block if (e := _ended_dates(lines[i - 1]))), None)
        for index in block:
            if ended := _ended_dates(lines[index - 1]):
                return ended[0], index
            if m := _FULL_YEAR.search(lines[index - 1]):
                year = int(next(g for g in m.groups() if g))
                if stated is None or stated[0] == date(year, *fiscal_end):
                    return date(year, *fiscal_end), index
                return stated
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
    if best is None:
        best = _latest_balance_date(lines, published_on)
    if best is None:
        best = _latest_named_quarter(lines, published_on)
    return best if best is not None else (None, None)


#: A calendar quarter named with its year: "2024年第三季度", "2024年三季度", "third quarter of
#: 2024", "Q3 2024" (a fiscal quarter, "of fiscal 2024", names no calendar date).
_NAMED_QUARTER = re.compile(
    r"(\d{4})年第?([一二三四1-4])季度"
    r"|\b(first|second|third|fourth) quarter (?:of )?(\d{4})\b|\bQ([1-4]) (\d{4})\b",
    re.IGNORECASE,
)
_QUARTER_NUMBER = {
    "一": 1, "二": 2, "三": 3, "四": 4, "first": 1, "second": 2, "third": 3, "fourth": 4,
}  # fmt: skip


def _latest_named_quarter(lines: list[str], published_on: date | None) -> tuple[date, int] | None:
    """The end of the latest calendar quarter the text names ("2024年第三季度业绩要点"): a
    highlights release without an "ended" date reports on the quarter it names."""
    best: tuple[date, int] | None = None
    for index, line in enumerate(lines, start=1):
        for m in _NAMED_QUARTER.finditer(line):
            year = m.group(1) or m.group(4) or m.group(6)
            which = m.group(2) or m.group(3) or m.group(5)
            number = _QUARTER_NUMBER.get(which.lower()) or int(which)
            month = 3 * number
            end = date(int(year), month, 31 if month in (3, 12) else 30)
            if published_on is not None and end >= published_on:
                continue
            if best is None or end > best[0]:
                best = (end, index)
    return best


_AS_OF = re.compile(r"^\W*as\s+(?:of|at)\b", re.IGNORECASE)
_HEADER_FILLER = re.compile(
    r"\b(?:as|of|at|notes?|and|unaudited|audited|restated)\b|[(),.\s]", re.I
)


def _latest_balance_date(lines: list[str], published_on: date | None) -> tuple[date, int] | None:
    """The latest date of a balance-sheet header ("As of | December 31, 2023 | June 30, 2024"):
    a statement of financial position has no "ended", only the instants its columns are at."""
    best: tuple[date, int] | None = None
    for index, line in enumerate(lines, start=1):
        dates = find_dates(line)
        if not dates:
            continue
        rest = line
        for d in reversed(dates):
            rest = rest[: d.start] + " " + rest[d.end :]
        # A header line holds nothing but dates and header words, under or after "As of".
        above = lines[max(0, index - 3) : index]
        if _HEADER_FILLER.sub("", rest) or not any(_AS_OF.search(a) for a in above):
            continue
        for d in dates:
            if published_on is not None and d.value >= published_on:
                continue
            if best is None or d.value > best[0]:
                best = (d.value, index)
    return best


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


#: How long after its period a document can still be published: a late annual report (a 20-F
#: filed after an extension) comes out within a year; a later date is another event's.
PUBLICATION_WINDOW = timedelta(days=366)
#: Words that make a date a deadline or a future event, never the day the text became public:
#: "on or before", "no later than", a record, payment or meeting date, an approximation.
_NOT_PUBLICATION = re.compile(
    r"\b(?:on\s+or\s+(?:before|after)|no\s+later\s+than|not\s+later\s+than|by\s+no\s+later"
    r"|deadline|due\s+(?:on|by)|expected|estimated|approximately|around|about|until|till"
    r"|record\s+date|payment\s+date|payable|paid\s+on|book\s+clos\w*|register\s+of\s+members"
    r"|general\s+meeting|\bAGM\b|\bEGM\b|ex-dividend|dividend|will\b|to\s+be\s+held)\b",
    re.IGNORECASE,
)


def _after(value: date, period_end: date | None) -> bool:
    # A document about a period cannot become public before the period has ended, nor long
    # after it (a date a year past the period is a deadline or a later event).
    return period_end is None or period_end < value <= period_end + PUBLICATION_WINDOW


def _plausible(value: date, around: str, period_end: date | None) -> bool:
    """Whether ``value`` can be the publication date, given the words printed ``around`` it."""
    return _after(value, period_end) and not _NOT_PUBLICATION.search(around)


def _find_published_on(lines: list[str], period_end: date | None) -> tuple[date | None, int | None]:
    for index, line in enumerate(lines, start=1):
        if label := _PUBLISHED_LABEL.match(line):
            value = line[label.end() :]
            dates = find_dates(value)
            # Only a date that opens the label's value is the publication date: "Published:
            # not known; estimated March 2024 (filed after 2024-02-01)" states no day at all.
            if (
                dates
                and not value[: dates[0].start].strip()
                and _plausible(dates[0].value, value[dates[0].end :], period_end)
            ):
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


_MONTH_OR_QUARTER = re.compile(
    r"\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?,?\s+(?:19|20)\d{2}\b"
    r"|\b(?:Q[1-4]|[1-4]Q|H[12]|(?:first|second|third|fourth)\s+quarter(?:\s+of)?)\s*(?:19|20)\d{2}\b",
    re.IGNORECASE,
)
_FOR_THE_MONTH = re.compile(r"\bfor\s+the\s+month\s+of\s+", re.IGNORECASE)


def _approximate_publication(lines: list[str]) -> str | None:
    """A month or quarter printed where a publication date belongs: after a publication label,
    or on a report's cover ("Report of Foreign Private Issuer for the month of April 2026")."""
    for line in lines:
        label = _PUBLISHED_LABEL.match(line)
        month = _FOR_THE_MONTH.search(line)
        start = label.end() if label else month.end() if month else None
        if start is None:
            continue
        if m := _MONTH_OR_QUARTER.search(line, start):
            return m.group(0)
    return None


_DATELINE_TAIL = re.compile(r"\s*(?:/[^/]{1,40}/|\([A-Za-z ]{2,40}\))?\s*(?:--|—|–|:)")


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
        if (alone or _DATELINE_TAIL.match(tail)) and _plausible(
            dates[0].value, line[: dates[0].start], period_end
        ):
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
                if d.start > at
                and _plausible(d.value, sentence[max(at, d.start - 30) : d.start], period_end)
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


#: Latin letters (ASCII) and CJK unified ideographs, counted by the regular-expression engine
#: rather than character by character in Python.
_LATIN = re.compile(r"[A-Za-z]")
_CJK = re.compile(r"[\u4e00-\u9fff]")


def _language(raw_lines: tuple[str, ...]) -> str:
    text = "".join(raw_lines[:400])
    latin = _LATIN.subn("", text)[1]
    cjk = _CJK.subn("", text)[1]
    return "zh" if cjk > latin else "en"
