"""The discontinued operation of a document: its note, its name, and the disposal behind it.

IFRS 5 re-presents comparatives when an operation is disposed of or held for sale. The
narrative pass needs three things from the text: which note number is the
discontinued-operations note (column headers cite it as "(Note 9)" in one document and
"(Note 12)" in another), the operation's name, and the disposal's dates and consideration.

Only the noun phrase "discontinued operation(s)" counts: a business that the company decided to
"discontinue" (OneConnect's cloud services) remains a continuing operation.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from typing import Any

from .prose import Sentence, decimal_text, find_amounts, find_dates, negated

Declaration = dict[str, Any]

DISCONTINUED = re.compile(r"\bdiscontinued[\s-]?operations?\b", re.IGNORECASE)

_HEADING_NOTE = re.compile(
    r"^\W*(?:note\s+)?(\d{1,2})\s*[.:]?\s+discontinued operations?\b", re.IGNORECASE
)
_NOTE_REFERENCE = re.compile(
    r"(?:disposed of|disposal|discontinued operations?)[^.]{0,80}?\bnotes?\s+(\d{1,2})\b",
    re.IGNORECASE,
)


def discontinued_note(lines: tuple[str, ...] | list[str]) -> int | None:
    """The number of the discontinued-operations note, as the (cleaned) lines show it.

    A note heading ("9 DISCONTINUED OPERATIONS") decides; otherwise the note most often cited
    next to a disposal ("disposed of, see Note 12").
    """
    for line in lines:
        if len(line) <= 80 and (m := _HEADING_NOTE.match(line)):
            return int(m[1])
    cited = Counter(int(n) for line in lines for n in _NOTE_REFERENCE.findall(line))
    return cited.most_common(1)[0][0] if cited else None


_NAMED_OPERATION = re.compile(
    r"\bthe ((?:[A-Z][A-Za-z&-]*\s)+(?:Business|Segment|Operations?))\s+"
    r"(?:was|were|has been|had been|is|are)\s+(?:disposed|sold|discontinued|classified as held)"
)
_DISPOSED_OPERATION = re.compile(
    r"\bdispos(?:al|ed) of (?:its|the|our)\s+((?:[a-z]+\s){1,4}?)(business|segment|operations?)\b"
)
#: A proper name after "discontinued operations of" or "Disposal of" ("Net income from
#: discontinued operations of YY Live", "(a) Disposal of YY Live business").
_OPERATION_OF = re.compile(
    r"(?:\bdiscontinued operations? of|^\W*(?:\([a-z]\)\s*)?Disposal of)\s+(?:the\s+)?"
    r"((?:[A-Z][\w&.'-]*)(?:\s(?:[A-Z][\w&.'-]*|of|and))*?)(?=\s+(?:business|segment|group)\b"
    r"|\s*\(|\s*[,.;:]|\s*$)",
    re.IGNORECASE,
)
#: A US GAAP filer says so ("U.S. GAAP", "ASC 205-20", GAAP measures beside no IFRS ones).
_US_GAAP = re.compile(r"\bU\.?S\.? GAAP\b|\bASC\s?\d{3}\b", re.IGNORECASE)


def discontinued_operation(lines: tuple[str, ...] | list[str]) -> str | None:
    """The name of the operation the document presents as discontinued, as it names it."""
    for line in lines:
        if m := _NAMED_OPERATION.search(line):
            return m[1].strip()
    for line in lines:
        if m := _DISPOSED_OPERATION.search(line):
            return " ".join(w.capitalize() for w in (*m[1].split(), m[2]))
    for line in lines:
        m = _OPERATION_OF.search(line)
        if m and m[1][0].isupper() and m[1].lower() not in ("the company", "the group"):
            return m[1]
    return None


def discontinued_standard(lines: tuple[str, ...] | list[str]) -> str:
    """The standard a document presents its discontinued operations under: ASC 205-20 for a
    US GAAP filer (it says "U.S. GAAP" or cites an ASC topic, or prints GAAP measures and no
    IFRS ones), IFRS 5 otherwise."""
    text = "\n".join(lines)
    if _US_GAAP.search(text):
        return "ASC 205-20"
    if re.search(r"\bGAAP\b", text) and not re.search(r"\bIFRS|\bHKFRS", text):
        return "ASC 205-20"
    return "IFRS 5"


def presents_discontinued(lines: tuple[str, ...] | list[str]) -> bool:
    """Whether the (cleaned) lines present an operation as discontinued (not negated)."""
    for line in lines:
        for m in DISCONTINUED.finditer(line):
            if not negated(line, m.start()):
                return True
    return False


# --- disposals (corporate events) -----------------------------------------------------------

_DISPOSAL_WORDS = re.compile(r"\b(?:dispos(?:al|ed)|sell|sale|sold)\b", re.IGNORECASE)
_CUES = (
    ("ignore", re.compile(r"announce|circular|publish|dated|report", re.IGNORECASE)),
    ("completed_on", re.compile(r"complet|closing", re.IGNORECASE)),
    ("approved_on", re.compile(r"approv|general meeting|\bEGM\b|shareholders", re.IGNORECASE)),
    ("agreement_on", re.compile(r"agreement|entered into|\bsigned\b", re.IGNORECASE)),
)


def disposal_event(
    lines: tuple[str, ...] | list[str],
    prose: tuple[Sentence, ...] | list[Sentence],
    operation: str | None,
    note: int | None,
    published_on: date | None,
) -> list[Declaration]:
    """The ``operation-discontinued`` event, from the paragraph that states the most about it.

    A paragraph counts when it speaks of a disposal and of the discontinued operation (the
    phrase itself, the discontinued-operations note, or a reference to that note). Fields the
    best paragraph lacks are taken from the next best ones, and ``lines`` spans them all.

    Args:
        lines: the document's cleaned lines.
        prose: its sentences (:func:`ledger.ingest.extractor.document.prose.prose_sentences`).
        operation: the operation's name, when known.
        note: the discontinued-operations note number, when known.
        published_on: dates after it are ignored (the text cannot report them).

    Returns:
        No event, or one.
    """
    note_line = next(
        (
            n
            for n, line in enumerate(lines, start=1)
            if len(line) <= 80 and _HEADING_NOTE.match(line)
        ),
        None,
    )
    paragraphs: dict[int, list[Sentence]] = {}
    for said in prose:
        paragraphs.setdefault(said.paragraph, []).append(said)
    candidates: list[tuple[dict[str, Any], dict[str, int]]] = []
    for group in paragraphs.values():
        text = " ".join(s.text for s in group)
        if not _DISPOSAL_WORDS.search(text):
            continue
        related = (
            DISCONTINUED.search(text)
            or (note_line is not None and 0 < group[0].first - note_line <= 15)
            or (note is not None and re.search(rf"\bNote {note}\b", text))
        )
        if not related:
            continue
        fields, where = _disposal_fields(group, published_on)
        if fields.get("completed_on") or fields.get("agreement_on"):
            candidates.append((fields, where))
    if not candidates:
        return []
    candidates.sort(key=lambda c: (-len(c[0]), min(c[1].values())))
    merged: dict[str, Any] = {}
    used: list[int] = []
    for fields, where in candidates:
        for key, value in fields.items():
            if key not in merged:
                merged[key] = value
                used.append(where[key])
    event: Declaration = {"type": "operation-discontinued"}
    event["operation"] = operation or "Discontinued operations"
    for key in ("agreement_on", "approved_on", "completed_on"):
        if key in merged:
            event[key] = merged[key].isoformat()
    if "consideration" in merged:
        event["consideration"] = decimal_text(merged["consideration"].value)
        event["consideration_unit"] = merged["consideration"].currency
    event["lines"] = [min(used), max(used)]
    return [event]


def _disposal_fields(
    group: list[Sentence], published_on: date | None
) -> tuple[dict[str, Any], dict[str, int]]:
    """Dates and consideration of a disposal, and the line each was read from."""
    fields: dict[str, Any] = {}
    where: dict[str, int] = {}
    for said in group:
        sentence = said.text
        dates = find_dates(sentence)
        for i, found in enumerate(dates):
            if published_on is not None and found.value > published_on:
                continue  # a document cannot report what happened after it was published
            begin = dates[i - 1].end if i else 0
            end = dates[i + 1].start if i + 1 < len(dates) else len(sentence)
            cue = _cue(sentence[begin : found.start], last=True) or _cue(
                sentence[found.end : end], last=False
            )
            if cue and cue != "ignore" and cue not in fields:
                fields[cue], where[cue] = found.value, said.first
        at = sentence.lower().find("consideration")
        if at >= 0 and "consideration" not in fields:
            amounts = [a for a in find_amounts(sentence) if a.start > at]
            if amounts:
                fields["consideration"], where["consideration"] = amounts[0], said.first
    return fields, where


def _cue(text: str, last: bool) -> str | None:
    """The event a date belongs to, from the nearest cue word before (or after) it."""
    best: tuple[int, str] | None = None
    for name, pattern in _CUES:
        hits = list(pattern.finditer(text))
        if not hits:
            continue
        at = hits[-1].start() if last else -hits[0].start()
        if best is None or at > best[0]:
            best = (at, name)
    return best[1] if best else None
