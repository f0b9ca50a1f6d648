"""The narrative pass: what a document declares about restatements, and the disposals behind them.

Three kinds of declaration matter to the ledger (docs/disclosure-format.md):

- ``restatements``: sentences that say comparatives *have been* restated or re-presented
  (IFRS 5 discontinued operations, error corrections, policy changes, recalculated ESG data);
  an adopted standard that moved a line where the document marks a column "(Restated)" (the
  IAS 1 current/non-current amendments); and a future restatement announced with a new
  standard (IFRS 18, whose comparatives are to be restated on adoption).
- ``comparative_marks``: column headers that tag a comparative column as restated:
  "(Restated)", or "(Note 9)" when note 9 is the discontinued-operations note. The note number
  is read from the document (a "9 DISCONTINUED OPERATIONS" heading, or the note that
  references to the disposal cite most), never assumed.
- ``corporate_events``: the disposal of an operation presented as discontinued, with its
  agreement, approval and completion dates and the consideration.

Only the noun phrase "discontinued operation(s)" makes an operation discontinued: a business
the company decided to "discontinue" (OneConnect's cloud services) stays in continuing
operations and produces neither an event nor a restatement.

Every ``reason`` is generated from templates in our own words; nothing is copied from the text.
"""

from __future__ import annotations

import calendar
import re
from datetime import date
from typing import Any

import attrs

from ledger.domain.values import Period

from ..reading.text import Document
from .disposals import (
    DISCONTINUED,
    discontinued_note,
    discontinued_operation,
    discontinued_standard,
    disposal_event,
    presents_discontinued,
)
from .metadata import DocumentMetadata, read_metadata
from .prose import (
    Sentence,
    cells,
    clean,
    find_dates,
    negated,
    prose_sentences,
)

Declaration = dict[str, Any]


@attrs.frozen
class Declarations:
    """The declarations of one document, as dicts in the JSON format of the disclosure file."""

    restatements: tuple[Declaration, ...] = ()
    corporate_events: tuple[Declaration, ...] = ()
    comparative_marks: tuple[Declaration, ...] = ()


@attrs.frozen
class _Context:
    raw: tuple[str, ...]
    lines: tuple[str, ...]
    prose: tuple[Sentence, ...]
    period_end: date | None
    published_on: date | None
    kind: str | None
    #: (month, day): balance-sheet comparatives are at a fiscal year end, even in interims.
    fiscal_end: tuple[int, int] = (12, 31)
    #: The standard discontinued operations are presented under (IFRS 5 or ASC 205-20).
    discontinued_standard: str = "IFRS 5"

    def line(self, number: int) -> str:
        return self.lines[number - 1]


def find_declarations(
    doc: Document, issuer: str | None = None, meta: DocumentMetadata | None = None
) -> Declarations:
    """Find what ``doc`` declares about restated comparatives and discontinued operations.

    Args:
        doc: the document, as read by :func:`ledger.ingest.extractor.reading.text.read_document`.
        issuer: the issuer id when the caller knows it. Accepted for the extractor's call;
            the declarations do not depend on it (no rule here is issuer-specific).
        meta: the document's metadata when already read (its period end and publication date
            decide comparative periods and which dates the text can report); read otherwise.

    Returns:
        Restatements, corporate events and comparative-column marks, each with its lines.
    """
    meta = meta if meta is not None else read_metadata(doc)
    ctx = _Context(
        raw=doc.lines,
        lines=tuple(clean(line) for line in doc.lines),
        prose=tuple(prose_sentences(doc.lines)),
        period_end=meta.period_end,
        published_on=meta.published_on,
        kind=meta.kind,
        fiscal_end=meta.fiscal_month_day,
    )
    ctx = attrs.evolve(ctx, discontinued_standard=discontinued_standard(ctx.lines))
    note = discontinued_note(ctx.lines)
    operation = discontinued_operation(ctx.lines)
    presented = presents_discontinued(ctx.lines)
    raw_marks = _find_marks(ctx, note)
    restatements = _stated_restatements(ctx, operation)
    restatements += _discontinued_schedules(ctx, operation, restatements)
    restatements += _continuing_comparatives(ctx, operation, restatements)
    restatements += _standard_effects(ctx, raw_marks, restatements)
    restatements += _future_restatements(ctx)
    marks = _resolve_mark_kinds(raw_marks, restatements)
    events = (
        disposal_event(ctx.lines, ctx.prose, operation, note, ctx.published_on) if presented else []
    )
    return Declarations(
        restatements=tuple(restatements),
        corporate_events=tuple(events),
        comparative_marks=tuple(marks),
    )


# --- shared vocabulary ----------------------------------------------------------------------

_STANDARD = re.compile(r"\b(IFRS|IAS|HKFRS|HKAS)\s?(\d{1,2})\b")
_BARE_YEAR = re.compile(r"(?<![\d,./-])((?:19|20)\d{2})(?![\d%]|[.,]\d|-\d)")


def _standard(text: str) -> str | None:
    m = _STANDARD.search(text)
    return f"{m[1]} {m[2]}" if m else None


def _years_outside_dates(text: str) -> list[int]:
    """Bare years ("2022, 2023 and 2024", a header "2024 2023"), not years inside dates."""
    spans = [(d.start, d.end) for d in find_dates(text)]
    return [
        int(m[1])
        for m in _BARE_YEAR.finditer(text)
        if not any(s <= m.start() < e for s, e in spans)
    ]


def _fy_label(ctx: _Context, year: int) -> str:
    """The label of the period of ``year`` that matches the document's own period."""
    end = ctx.period_end
    if end is None or ctx.kind in (None, "annual-results", "annual-report", "esg-report"):
        return f"FY{year}"
    if ctx.kind == "interim-results":
        return f"H{1 if end.month <= 6 else 2} {year}"
    if ctx.kind == "quarterly-results":
        return f"Q{(end.month + 2) // 3} {year}"
    return f"FY{year}"


def _instant(ctx: _Context, year: int) -> str:
    return date(year, *ctx.fiscal_end).isoformat()


def _comparative_year(ctx: _Context) -> int | None:
    return ctx.period_end.year - 1 if ctx.period_end else None


def _periods(
    ctx: _Context, years: list[int], scope: str, instants: list[date] | None = None
) -> list[str]:
    """Period labels of the comparative ``years`` (the current period is never restated).

    A balance-sheet restatement is about instants: the dates the text prints before the
    period end, and the fiscal year ends of the ``years`` (from "(Restated)" columns).
    """
    current = ctx.period_end.year if ctx.period_end else None
    chosen = sorted({y for y in years if current is None or y < current})
    if scope == "balance":
        end = ctx.period_end
        dates = {d.isoformat() for d in instants or () if end is None or d < end}
        dates |= {_instant(ctx, y) for y in chosen}
        if not dates and (fallback := _comparative_year(ctx)) is not None:
            dates = {_instant(ctx, fallback)}
        return sorted(dates)
    if not chosen and (fallback := _comparative_year(ctx)) is not None:
        chosen = [fallback]
    return [_fy_label(ctx, y) for y in chosen]


def _scope_of(text: str) -> str:
    lowered = text.lower()
    if "cash flow" in lowered:
        return "cashflow"
    # Bare "current" is no cue: "the current year's presentation" is about any statement.
    if re.search(
        r"liabilit|\bassets\b|balance sheet|financial position|classified as (?:non)?current"
        r"|noncurrent",
        lowered,
    ):
        return "balance"
    if re.search(r"emission|ghg|carbon|energy|water|waste|\besg\b|indicator", lowered):
        return "esg"
    return "income"


def _first_mention(ctx: _Context, standard: str, line: int, reach: int = 20) -> int:
    """The first line, at most ``reach`` lines up, that names ``standard`` (start of the note)."""
    first = line
    pattern = re.compile(re.escape(standard).replace(r"\ ", r"\s?") + r"\b")
    for number in range(line - 1, max(0, line - reach), -1):
        if pattern.search(ctx.line(number)):
            first = number
    return first


# --- restatements stated in the text --------------------------------------------------------

_HAS_BEEN = re.compile(
    r"\b(?:have|has|had|was|were|been|being|are|is)\s+(?:been\s+)?"
    r"(?:(?:retrospectively|retroactively)\s+)?"
    r"(?:restated|re-presented|represented|recast|recalculated|reclassified"
    r"|(?:adjusted|applied)\s+(?:retrospectively|retroactively)"
    r"|retrospectively (?:restated|adjusted)"
    # IFRS 5 and ASC 205-20 wording of 20-F notes: "the results of X are presented as
    # discontinued operations", "have been reclassified to discontinued operations".
    r"|(?:presented|reported|classified|reflected|shown)\s+as\s+(?:an?\s+)?discontinued"
    r"[\s-]operations?)\b"
    r"|\brestated accordingly\b"
    r"|\breclassif(?:ied|ying|ication\s+of)\b[^.;]{0,100}?\b(?:to|as|into|in)\s+(?:an?\s+)?"
    r"discontinued[\s-]operations?\b",
    re.IGNORECASE,
)
_RETROSPECTIVE = re.compile(r"retrospectiv|retroactiv|re-presented|restated", re.IGNORECASE)
_SUBJECT = re.compile(
    r"comparative|prior|previous|historical|figures|amounts|information|financial|emissions"
    r"|\bdata\b|balances|results",
    re.IGNORECASE,
)
_ESG_WORDS = re.compile(r"emission|\bghg\b|carbon|energy|water|waste|\besg\b|kpi|indicator", re.I)
_FOOTNOTE = re.compile(r"^[-•\s]*(⁽[¹²³⁴⁵⁶⁷⁸⁹⁰]+⁾|\(\d+\)|[¹²³⁴⁵⁶⁷⁸⁹]|\d\))\s")
_SUPERSCRIPTS = str.maketrans("⁽⁾¹²³⁴⁵⁶⁷⁸⁹⁰", "()1234567890")


def _stated_restatements(ctx: _Context, operation: str | None) -> list[Declaration]:
    found: list[Declaration] = []
    seen: set[tuple[str, str, str]] = set()
    mentions_gri = any("GRI" in line for line in ctx.lines)
    for said in ctx.prose:
        sentence = said.text
        m = _HAS_BEEN.search(sentence)
        if m is None or negated(sentence, m.start()) or not _SUBJECT.search(sentence):
            continue
        if re.search(r"\bwill\b", sentence[: m.start()]):
            continue  # a future restatement: see _future_restatements
        if ctx.published_on and any(d.value > ctx.published_on for d in find_dates(sentence)):
            continue  # speaks of events after publication: an editor's note, not the issuer's
        # The paragraph so far says what the restatement is about ("X is shown on separate
        # discontinued-operations lines; historical statements were adjusted ...").
        before = " ".join(
            p.text for p in ctx.prose if p.paragraph == said.paragraph and p.first <= said.first
        )
        entry = _classify(ctx, said, operation, mentions_gri, before)
        key = (entry["kind"], entry["standard"], entry.get("operation", ""))
        if key not in seen:
            seen.add(key)
            found.append(entry)
    return found


def _classify(
    ctx: _Context, said: Sentence, operation: str | None, gri: bool, paragraph: str = ""
) -> Declaration:
    sentence = said.text
    named = _standard(sentence)
    lowered = sentence.lower()
    operation_name = None
    if DISCONTINUED.search(sentence) or (
        DISCONTINUED.search(paragraph) and _RETROSPECTIVE.search(sentence)
    ):
        kind, standard, scope = "re-presentation", named or ctx.discontinued_standard, "income"
        operation_name = operation
        reason = f"{operation or 'an operation'} shown as discontinued; comparatives re-presented"
    elif _ESG_WORDS.search(sentence) and not named:
        kind = "error-correction" if re.search(r"\berror|\bincorrect", lowered) else "other"
        standard, scope = ("GRI 2-4" if gri else ""), "esg"
        reason = (
            "prior-year emissions recalculated with updated emission factors"
            if "emission" in lowered and "factor" in lowered
            else "prior-year ESG data recalculated"
        )
    elif re.search(r"\berror|misstatement", lowered):
        kind, standard, scope = "error-correction", named or "IAS 8", _scope_of(sentence)
        reason = "prior-period error corrected in the comparatives"
    elif "accounting polic" in lowered:
        kind, standard, scope = "policy-change", named or "IAS 8", _scope_of(sentence)
        reason = "new accounting policy applied retrospectively to the comparatives"
    elif re.search(r"reclassif|classified as|current (?:year|period)'?s? presentation", lowered):
        kind, standard, scope = "reclassification", named or "IAS 1", _scope_of(sentence)
        reason = "comparatives reclassified to the current presentation"
    else:
        kind, standard, scope = "other", named or "", _scope_of(sentence)
        reason = "comparatives restated"
    years = _footnote_years(ctx, said.first) or _years_outside_dates(sentence)
    entry: Declaration = {
        "kind": kind,
        "standard": standard,
        "periods": _periods(ctx, years, scope),
        "reason": reason,
        "lines": [said.first, said.last],
        "scope": scope,
    }
    if operation_name:
        entry["operation"] = operation_name
    return entry


def _footnote_years(ctx: _Context, number: int) -> list[int]:
    """Years of the table a footnote belongs to ("Results(1)" ... "(1) ... restated").

    The footnote's marker is looked up in the 80 lines above it, glued to a word; the years
    printed as table headers in between are the periods the footnote speaks about.
    """
    m = _FOOTNOTE.match(ctx.line(number))
    if m is None:
        return []
    marker = m[1]
    forms = {marker, marker.translate(_SUPERSCRIPTS)}
    if not marker.startswith(("(", "⁽")):
        forms = {marker}  # a bare "1" would match any digit: keep the superscript only
    glued = re.compile(r"[A-Za-z)]\s?(?:" + "|".join(re.escape(f) for f in forms) + r")")
    start = None
    for above in range(number - 1, max(0, number - 80), -1):
        if glued.search(ctx.line(above)):
            start = above
    if start is None:
        return []
    years: set[int] = set()
    for above in range(start, number):
        found = set(_years_outside_dates(ctx.line(above)))
        if len(found) >= 2:
            years |= found
    return sorted(years)


# --- discontinued-operations schedules without a sentence (20-F notes) ---------------------

#: A heading that introduces a schedule of a discontinued operation's results ("Schedule of
#: reconciliation with net income from discontinued operations", "Summary of ... statement of
#: operations ... of discontinued operations").
_SCHEDULE_HEADING = re.compile(
    r"\b(?:schedule|summary|reconciliation|results|statements? of (?:operations|income)"
    r"|income statement|disposal groups?)\b",
    re.IGNORECASE,
)
_DURATION_HEADER = re.compile(r"\b(?:year|years|months)\s+ended\b|\bfor the year", re.I)
#: A "key: value" line of a header block ("layout classes: ..."): a record, not a heading.
_KEYED = re.compile(r"^[A-Za-z][\w ()/-]{0,30}:\s")


def _discontinued_schedules(
    ctx: _Context, operation: str | None, stated: list[Declaration]
) -> list[Declaration]:
    """A note that prints a discontinued operation's results for several years declares, by
    doing so, that the comparatives are re-presented (IFRS 5.34, ASC 205-20-45-3): 20-F notes
    and their XBRL renderings often say it only with a heading over the schedule.

    Only when no sentence declared the re-presentation already; only income schedules (neither
    standard re-presents a comparative balance sheet); the periods are the schedule's years
    before the document's own.
    """
    if any(s["kind"] == "re-presentation" for s in stated):
        return []
    for number, line in enumerate(ctx.lines, start=1):
        raw = ctx.raw[number - 1]
        if (
            "\t" in raw
            or len(line) > 200
            or _KEYED.match(line)
            or not DISCONTINUED.search(line)
            or not _SCHEDULE_HEADING.search(line)
            or negated(line, DISCONTINUED.search(line).start())  # type: ignore[union-attr]
        ):
            continue
        below = ctx.lines[number : number + 4]
        if not any(_DURATION_HEADER.search(b) for b in below):
            continue
        years = next((y for b in below if len(y := _years_outside_dates(b)) >= 2), [])
        if not years:
            continue
        last = number + next(i for i, b in enumerate(below, 1) if _years_outside_dates(b))
        entry: Declaration = {
            "kind": "re-presentation",
            "standard": ctx.discontinued_standard,
            "periods": _periods(ctx, years, "income"),
            "reason": (
                f"{operation or 'an operation'} shown as discontinued in a schedule of its"
                " results; comparatives re-presented"
            ),
            "lines": [number, last],
            "scope": "income",
        }
        if operation:
            entry["operation"] = operation
        return [entry]
    return []


# --- figures reported for continuing operations ---------------------------------------

#: A figure of continuing operations ("revenue from continuing operations", "Gross Profit from
#: continuing operations").
_CONTINUING_FIGURE = re.compile(r"\bfrom\s+continuing\s+operations?\b", re.IGNORECASE)


def _continuing_comparatives(
    ctx: _Context, operation: str | None, stated: list[Declaration]
) -> list[Declaration]:
    """A results document that reports its figures "from continuing operations" and names
    discontinued operations presents its comparatives re-presented for them: IFRS 5.34 and
    ASC 205-20-45-3 require it, and press releases often say so only by their labels. The
    periods are the comparatives of every length ending one or two years before its own.

    Only when nothing else declared the re-presentation, and only for a document whose period
    end is known.
    """
    end = ctx.period_end
    if end is None or any(s["kind"] == "re-presentation" for s in stated):
        return []
    continuing = next(
        (n for n, line in enumerate(ctx.lines, 1) if _CONTINUING_FIGURE.search(line)), None
    )
    discontinued = next(
        (
            n
            for n, line in enumerate(ctx.lines, 1)
            if (m := DISCONTINUED.search(line)) and not negated(line, m.start())
        ),
        None,
    )
    if continuing is None or discontinued is None:
        return []
    # Every comparative the document may print: the quarter, half year, nine months and year
    # ending one and two years before its own period end (a 20-F presents three years).
    # Periods it does not print type nothing.
    ends = [_year_before(end), _year_before(_year_before(end))]
    periods = sorted({_months_to(e, m).label for e in ends for m in (3, 6, 9, 12)})
    entry: Declaration = {
        "kind": "re-presentation",
        "standard": ctx.discontinued_standard,
        "periods": periods,
        "reason": (
            "figures reported for continuing operations beside discontinued operations;"
            " comparatives re-presented"
        ),
        "lines": sorted([continuing, discontinued]),
        "scope": "income",
    }
    if operation:
        entry["operation"] = operation
    return [entry]


def _months_to(end: date, months: int) -> Period:
    """The ``months`` months that end on the month end ``end``."""
    month, year = end.month - months + 1, end.year
    while month <= 0:
        month, year = month + 12, year - 1
    return Period(start=date(year, month, 1), end=end)


def _year_before(day: date) -> date:
    """The same month end a year earlier (February 29 becomes the 28th)."""
    last = calendar.monthrange(day.year - 1, day.month)[1]
    return date(day.year - 1, day.month, min(day.day, last))


# --- an adopted standard that moved lines (IAS 1 current/non-current) ----------------------

_MOVED = re.compile(
    r"\b(?:re)?classified\s+as\s+(?:current|noncurrent|non-current)\b|\breclassified\b",
    re.IGNORECASE,
)


def _standard_effects(
    ctx: _Context, marks: list[Declaration], stated: list[Declaration]
) -> list[Declaration]:
    """A standard adopted this year that moved a line, where a column is marked "(Restated)".

    Without the mark, the same words describe only the current year's presentation.
    """
    restated_marks = [m for m in marks if m["note"] is None]
    if not restated_marks:
        return []
    found: list[Declaration] = []
    for said in ctx.prose:
        sentence = said.text
        standard = _standard(sentence)
        moved = _MOVED.search(sentence)
        if standard is None or moved is None or negated(sentence, moved.start()):
            continue
        if re.search(r"\bwill\b", sentence) or any(
            s["standard"] == standard for s in [*stated, *found]
        ):
            continue
        scope = _scope_of(sentence)
        printed = [d.value for d in find_dates(sentence)]
        years = [int(m["period_hint"]) for m in restated_marks if m["period_hint"]]
        if scope != "balance":
            years += [d.year for d in printed]
        found.append(
            {
                "kind": "reclassification",
                "standard": standard,
                "periods": _periods(ctx, years, scope, printed),
                "reason": (
                    f"{standard} amendments adopted: a liability moved between current and"
                    " non-current; comparative balance sheet restated"
                    if scope == "balance"
                    else f"{standard} adopted: lines moved; comparatives restated"
                ),
                "lines": [_first_mention(ctx, standard, said.first), said.last],
                "scope": scope,
            }
        )
    return found


# --- restatements announced for a future standard (IFRS 18) --------------------------------

_WILL_RESTATE = re.compile(
    r"\bwill be (?:restated|re-presented)\b|\bretrospective application is required\b"
    r"|\bwill (?:be )?appl(?:y|ied)\b[^.]{0,60}\bretrospectively\b",
    re.IGNORECASE,
)


def _future_restatements(ctx: _Context) -> list[Declaration]:
    found: list[Declaration] = []
    done: set[str] = set()
    for index, said in enumerate(ctx.prose):
        sentence = said.text
        m = _WILL_RESTATE.search(sentence)
        if m is None or negated(sentence, m.start()):
            continue
        # The standard may be named one sentence before the one that says it applies
        # retrospectively (first its adoption date, then the consequence).
        nearby = [p for p in ctx.prose[max(0, index - 2) : index] if p.paragraph == said.paragraph]
        standard = _standard(sentence) or next(
            (n for p in reversed(nearby) if (n := _standard(p.text))), None
        )
        if standard is None or standard in done:
            continue
        done.add(standard)
        first = _first_mention(ctx, standard, said.first)
        effective = _effective_date(ctx, standard, first, [*nearby, said])
        kind = {"IFRS 5": "re-presentation", "IFRS 18": "reclassification"}.get(standard)
        kind = kind or ("reclassification" if standard == "IAS 1" else "policy-change")
        entry: Declaration = {
            "kind": kind,
            "standard": standard,
            "periods": (
                [_fy_label(ctx, effective.year - 1)] if effective else _periods(ctx, [], "")
            ),
            "reason": (
                f"{standard} to be adopted"
                + (f" from {effective.isoformat()}" if effective else "")
                + "; comparatives will be restated then"
            ),
            "lines": [first, said.last],
            "scope": "income",
        }
        if effective:
            entry["effective_from"] = effective.isoformat()
        found.append(entry)
    return found


def _effective_date(ctx: _Context, standard: str, first: int, said: list[Sentence]) -> date | None:
    # A date after the word "effective" in the sentences themselves, else the row of the
    # not-yet-adopted table that names the standard next to its effective date.
    for sentence in reversed(said):
        at = sentence.text.lower().find("effective")
        if at >= 0 and (dates := [d for d in find_dates(sentence.text) if d.start > at]):
            return dates[0].value
    pattern = re.compile(re.escape(standard).replace(r"\ ", r"\s?") + r"\b")
    for number in range(first, said[-1].first):
        line = ctx.line(number)
        if pattern.search(line) and (dates := find_dates(line)):
            return dates[0].value
    return None


# --- comparative column marks ---------------------------------------------------------------

_MARK = re.compile(
    r"\((?:Notes?\s*(?P<note>\d{1,2})|(?P<word>As restated|Restated|Re-presented|Represented))\)",
    re.IGNORECASE,
)
# What a column header may hold besides the mark: years, units, period words and the torn
# pieces of "December" that PDF dumps leave behind ("Year ended D 2023 | ecember 31, 2024").
_HEADER_WORDS = re.compile(
    r"\b(?:(?:19|20)\d{2}|\d{1,2},?|year|years|ended|ending|as|at|of|for|the|period|months|six"
    r"|three|nine|twelve|unaudited|audited|note|notes|rmb|hk|us|usd|hkd|in|thousands?|million"
    r"|'000|000)\b|RMB\s*'\s*000|HK\$|US\$|[$',.()\[\]:]",
    re.IGNORECASE,
)
_MONTH_NAMES = (
    "january february march april may june july august september october november december"
)


def _header_like(cell: str) -> bool:
    rest = _HEADER_WORDS.sub(" ", _MARK.sub(" ", cell))
    return all(len(w) <= 2 or w.lower() in _MONTH_NAMES for w in rest.split())


def _find_marks(ctx: _Context, note: int | None) -> list[Declaration]:
    found: list[Declaration] = []
    for number, raw in enumerate(ctx.raw, start=1):
        if "(" not in raw:
            continue
        row = cells(raw)
        for index, cell in enumerate(row):
            for m in _MARK.finditer(cell):
                if m["note"] is not None and (note is None or int(m["note"]) != note):
                    continue
                if not _header_like(cell):
                    continue
                found.append(
                    {
                        "line": number,
                        "mark": m.group(0),
                        "kind": "re-presentation" if m["note"] else "",
                        "period_hint": _mark_year(ctx, number, index, cell),
                        "note": int(m["note"]) if m["note"] else None,
                    }
                )
    return found


def _mark_year(ctx: _Context, number: int, index: int, cell: str) -> str | None:
    """The year of the marked column: in the cell, else above it in the same column, else the
    year before the document's period (a restated column is a comparative by definition)."""
    years = _years_outside_dates(cell) or [d.value.year for d in find_dates(cell)]
    for above in range(number - 1, max(0, number - 5), -1):
        if years:
            break
        row = cells(ctx.raw[above - 1])
        if len(row) > index:
            years = _years_outside_dates(row[index]) or [
                d.value.year for d in find_dates(row[index])
            ]
    if not years:
        fallback = _comparative_year(ctx)
        return str(fallback) if fallback is not None else None
    return str(years[0])


def _resolve_mark_kinds(
    marks: list[Declaration], restatements: list[Declaration]
) -> list[Declaration]:
    # A "(Restated)" header takes the kind of what the document restated this year; a
    # reclassification or policy change comes first, as a re-presentation is usually cited by
    # its own note number instead. A future restatement (IFRS 18) cannot mark a column yet.
    current = [r for r in restatements if "effective_from" not in r]
    moved = [r["kind"] for r in current if r["kind"] != "re-presentation"]
    default = moved[0] if moved else (current[0]["kind"] if current else "other")
    out = []
    for mark in marks:
        kind = mark["kind"] or ("re-presentation" if "present" in mark["mark"].lower() else default)
        out.append(
            {
                "line": mark["line"],
                "mark": mark["mark"],
                "kind": kind,
                "period_hint": mark["period_hint"],
            }
        )
    return out
