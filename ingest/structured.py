"""Load a structured disclosure (``ledger-disclosure/1`` JSON) into a validated draft.

Every rule is checked before anything is written; the first problem is raised as one line naming
the file, the JSON path and the problem (``x.json: facts[3].period: 'FY23' is not a period``).
See docs/disclosure-format.md for the format.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Mapping
from datetime import date
from decimal import MAX_EMAX, MIN_EMIN, Context, Decimal
from pathlib import Path
from typing import Any, TypeVar

from ledger.domain.drafts import (
    DISCLOSURE_KINDS,
    MAX_LINE,
    RESTATEMENT_KINDS,
    Conflict,
    DisclosureDraft,
    DisclosureMeta,
    Discontinuation,
    Restatement,
    UnreadColumn,
    check_lines,
    merge_repeated_facts,
)
from ledger.domain.errors import LedgerError
from ledger.domain.issuers import HOW_TO_ADD, IssuerDirectory, IssuerInfo
from ledger.domain.values import (
    Dimensions,
    Fact,
    Period,
    SourceRef,
    parse_date,
    parse_decimal,
    validate_concept,
)

from .errors import ExtractError
from .extractor.reading.text import read_bytes

FORMAT = "ledger-disclosure/1"
#: A \\uD800-\\uDFFF escape that is not part of a high-low pair.
_LONE_SURROGATE = re.compile(
    r"\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})"
    r"|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2}"
)
#: JSON nested deeper than this is refused before parsing (json.loads recurses).
MAX_DEPTH = 64
#: What the projection's DECIMAL(38, 10) amounts can hold (line numbers: drafts.MAX_LINE).
MAX_INTEGER_DIGITS = 28
MAX_PLACES = 10
#: A context wide enough for any figure a JSON file can state, so scaling never overflows.
_WIDE = Context(prec=100_000, Emax=MAX_EMAX, Emin=MIN_EMIN)
T = TypeVar("T")


def load_structured(
    path: Path,
    overrides: Mapping[str, Any] | None = None,
    issuers: IssuerDirectory | None = None,
) -> DisclosureDraft:
    """Read and validate a structured disclosure file.

    Args:
        path: the JSON file.
        overrides: metadata given on the command line or in a manifest (``issuer``,
            ``published_on``, ``kind``, ``period_end``); they replace the file's values.
        issuers: the issuers known so far (the file's ``issuer`` may be any of their aliases;
            an issuer not among them needs ``issuer_name`` in the file).

    Raises:
        ExtractError: the file is missing, unreadable, not JSON or breaks a rule.
    """
    name = str(path)
    data = read_bytes(path, kind="disclosure file")
    if not data.strip():
        raise ExtractError(name, "is empty")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ExtractError(name, f"is not UTF-8 (invalid byte at offset {exc.start})") from None
    if _nesting_depth(text) > MAX_DEPTH:
        raise ExtractError(name, f"JSON is nested deeper than {MAX_DEPTH} levels")
    try:
        document = json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        raise ExtractError(name, f"is not valid JSON ({exc.msg})", exc.lineno) from None
    except ValueError:  # an integer longer than Python's int-parsing limit (4,300 digits)
        raise ExtractError(name, "holds a number with thousands of digits") from None
    try:
        json.dumps(document, ensure_ascii=False, default=str).encode("utf-8")
    except UnicodeEncodeError:
        # JSON may escape half of a UTF-16 pair alone; no UTF-8 text (the store's) holds it.
        lone = _LONE_SURROGATE.search(text)
        line = text.count("\n", 0, lone.start()) + 1 if lone else None
        escape = f"{lone.group()} " if lone else ""
        msg = f"holds {escape}half of a UTF-16 surrogate pair alone, which is not a character"
        raise ExtractError(name, msg, line) from None
    return draft_from_dict(document, name, hashlib.sha256(data).hexdigest(), overrides, issuers)


def draft_from_dict(
    document: Any,
    where: str,
    fallback_sha256: str,
    overrides: Mapping[str, Any] | None = None,
    issuers: IssuerDirectory | None = None,
) -> DisclosureDraft:
    """Validate a ``ledger-disclosure/1`` object and build the draft it describes.

    Raises:
        ExtractError: naming ``where``, the JSON path and the problem.
    """
    try:
        return _build(
            document, fallback_sha256, dict(overrides or {}), issuers or IssuerDirectory()
        )
    except _PathError as exc:
        raise ExtractError(where, f"{exc.path}: {exc.problem}") from None
    except LedgerError as exc:
        raise ExtractError(where, str(exc)) from None


def issuer_described(
    described: Mapping[str, Any],
    overrides: Mapping[str, Any] | None = None,
    issuers: IssuerDirectory | None = None,
) -> IssuerInfo | None:
    """The issuer a ``disclosure`` object names, as :func:`draft_from_dict` finds it: a known one,
    or the one the object describes; None when it names neither (the draft is refused)."""
    try:
        return _issuer(described, dict(overrides or {}), issuers or IssuerDirectory())
    except (_PathError, LedgerError):
        return None


class _PathError(Exception):
    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


def _nesting_depth(text: str) -> int:
    depth = deepest = 0
    in_string = escaped = False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "]}":
            depth -= 1
    return deepest


def _at(path: str, parse: Callable[[Any], T], value: Any) -> T:
    """Run one field parser, turning its error into a path error."""
    try:
        return parse(value)
    except _PathError:
        raise
    except LedgerError as exc:
        raise _PathError(path, str(exc)) from None


def _obj(path: str, value: Any) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise _PathError(path, f"must be an object, not {_kind(value)}")
    return value


def _list(path: str, value: Any) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise _PathError(path, f"must be a list, not {_kind(value)}")
    return value


def _str(path: str, value: Any, *, required: bool = True) -> str:
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value.strip()):
        raise _PathError(path, "must be a non-empty string" if required else "must be a string")
    return value.strip()


def _int(path: str, value: Any, *, low: int | None = None, high: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _PathError(path, f"must be a whole number, not {_kind(value)}")
    if (low is not None and value < low) or (high is not None and value > high):
        raise _PathError(path, f"{value} is out of range")
    return value


def _decimal(path: str, value: Any) -> Decimal:
    # Decimal strings only: a JSON float would already have lost the printed precision.
    if not isinstance(value, str):
        raise _PathError(path, f'must be a decimal string like "-368212", not {_kind(value)}')
    return _fits(path, _at(path, parse_decimal, value))


def _date(path: str, value: Any, *, required: bool = True) -> date | None:
    if value is None and not required:
        return None
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise _PathError(path, f"must be an ISO date string, not {_kind(value)}")
    return _at(path, parse_date, value)


def _required_date(path: str, value: Any) -> date:
    if value is None:
        raise _PathError(path, "is required")
    parsed = _date(path, value)
    if parsed is None:  # pragma: no cover - _date only returns None when not required
        raise _PathError(path, "is required")
    return parsed


def _lines(path: str, value: Any) -> tuple[int, int]:
    items = _list(path, value)
    if len(items) != 2:
        raise _PathError(path, "must be [first, last] line numbers")
    first, last = (_int(f"{path}[{i}]", v, low=1, high=MAX_LINE) for i, v in enumerate(items))
    if last < first:
        raise _PathError(path, "last line comes before first line")
    return first, last


def _check(path: str, value: Any) -> dict[str, Any]:
    """An arithmetic check as the extraction ran it: free-form, except its ``lines``, which
    when given name lines of the document, ``[first, last]``, like the extractor writes them
    (``[]`` when the check has none)."""
    check = {k: _plain(v) for k, v in _obj(path, value).items()}
    lines = check.get("lines")
    if lines is not None and lines != []:
        check["lines"] = list(_lines(f"{path}.lines", lines))
    return check


def _dimensions(path: str, value: Any) -> Dimensions:
    if value is None:
        return Dimensions()
    items = _obj(path, value)
    for axis, member in items.items():
        _str(f"{path}.{axis}", member)
    return Dimensions(items)


def _kind(value: Any) -> str:
    return {
        dict: "an object",
        list: "a list",
        str: "a string",
        bool: "a boolean",
        int: "a number",
        Decimal: "a number",
        type(None): "null",
    }.get(type(value), type(value).__name__)


def _build(
    document: Any, fallback_sha256: str, overrides: dict[str, Any], issuers: IssuerDirectory
) -> DisclosureDraft:
    root = _obj("$", document)
    if root.get("format") != FORMAT:
        raise _PathError("format", f"must be {FORMAT!r}, not {root.get('format')!r}")
    described = _obj("disclosure", root.get("disclosure"))
    issuer_info = _issuer(described, overrides, issuers)
    meta = _meta(described, fallback_sha256, {**overrides, "issuer": issuer_info.id})

    facts = [
        _fact(f"facts[{i}]", item, meta) for i, item in enumerate(_list("facts", root.get("facts")))
    ]
    restatements = [
        _restatement(f"restatements[{i}]", item)
        for i, item in enumerate(_list("restatements", root.get("restatements")))
    ]
    discontinuations = [
        _discontinuation(f"corporate_events[{i}]", item)
        for i, item in enumerate(_list("corporate_events", root.get("corporate_events")))
    ]
    conflicts = [
        _conflict(f"conflicts[{i}]", item, meta)
        for i, item in enumerate(_list("conflicts", root.get("conflicts")))
    ]
    checks = [
        _check(f"checks[{i}]", item) for i, item in enumerate(_list("checks", root.get("checks")))
    ]
    unread = [
        _unread(f"unresolved_columns[{i}]", item)
        for i, item in enumerate(_list("unresolved_columns", root.get("unresolved_columns")))
    ]

    check_lines(meta, [(f"facts[{i}].line", f.source.line) for i, f in enumerate(facts)])
    check_lines(
        meta,
        [(f"restatements[{i}].lines", r.last_line) for i, r in enumerate(restatements)]
        + [(f"corporate_events[{i}].lines", d.last_line) for i, d in enumerate(discontinuations)]
        + [(f"conflicts[{i}].rejected.line", c.rejected_line) for i, c in enumerate(conflicts)]
        + [(f"checks[{i}].lines", c["lines"][1]) for i, c in enumerate(checks) if c.get("lines")]
        + [(f"unresolved_columns[{i}].line", u.line) for i, u in enumerate(unread)],
    )
    merged, repeats = merge_repeated_facts(meta.issuer, facts)
    return DisclosureDraft(
        meta=meta,
        facts=merged,
        restatements=restatements,
        discontinuations=discontinuations,
        conflicts=conflicts,
        checks=checks,
        merged_repeats=repeats,
        issuer_info=issuer_info,
        unread_columns=unread,
    )


def _unread(path: str, item: Any) -> UnreadColumn:
    """A table column the extraction read no period for (``unresolved_columns``)."""
    entry = _obj(path, item)
    return UnreadColumn(
        line=_int(f"{path}.line", entry.get("line"), low=1),
        column=_int(f"{path}.column", entry.get("column"), low=1),
        figures=_int(f"{path}.figures", entry.get("figures"), low=1),
        reason=_str(f"{path}.reason", entry.get("reason")),
    )


def _plain(value: Any) -> Any:
    """JSON values as stored in events: Decimals become strings (never floats)."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def _issuer(
    d: Mapping[str, Any], overrides: Mapping[str, Any], issuers: IssuerDirectory
) -> IssuerInfo:
    """The issuer a disclosure names: a known one (by id or alias), or the one the file
    describes with ``issuer_name`` (``issuer_aliases``, ``fiscal_year_end``), to be registered
    with the document."""
    given = overrides.get("issuer") or d.get("issuer")
    named = _str("disclosure.issuer", given)
    known = issuers.find(named)
    if known is not None:
        return known
    if overrides.get("issuer") and overrides["issuer"] != d.get("issuer"):
        # The file describes another issuer than the one it is being recorded for.
        described = None
    else:
        described = d.get("issuer_name")
    if described is None:
        raise _PathError("disclosure.issuer", f"unknown issuer {named!r}; {HOW_TO_ADD}")
    aliases = _list("disclosure.issuer_aliases", d.get("issuer_aliases", []))
    return _at(
        "disclosure.issuer",
        lambda _: IssuerInfo(
            id=named,
            name=_str("disclosure.issuer_name", described),
            aliases=tuple(
                _str(f"disclosure.issuer_aliases[{i}]", a) for i, a in enumerate(aliases)
            ),
            fiscal_year_end=_str("disclosure.fiscal_year_end", d.get("fiscal_year_end", "12-31")),
        ),
        named,
    )


def _meta(d: Mapping[str, Any], fallback_sha256: str, overrides: dict[str, Any]) -> DisclosureMeta:
    merged = {**d, **{k: v for k, v in overrides.items() if v is not None}}
    issuer = _str("disclosure.issuer", merged.get("issuer"))
    kind = _str("disclosure.kind", merged.get("kind"))
    if kind not in DISCLOSURE_KINDS:
        raise _PathError("disclosure.kind", f"{kind!r} is not one of {', '.join(DISCLOSURE_KINDS)}")
    published_on = _required_date("disclosure.published_on", merged.get("published_on"))
    period_end = _required_date("disclosure.period_end", merged.get("period_end"))
    source = _obj("disclosure.source", merged.get("source"))
    sha = source.get("sha256")
    if sha is None:
        sha = fallback_sha256
    elif not (
        isinstance(sha, str) and len(sha) == 64 and all(c in "0123456789abcdef" for c in sha)
    ):
        raise _PathError("disclosure.source.sha256", "must be 64 lowercase hex digits")
    line_count = source.get("lines")
    return DisclosureMeta(
        issuer=issuer,
        kind=kind,
        title=_str("disclosure.title", merged.get("title"), required=False),
        period_end=period_end,
        published_on=published_on,
        source_file=_str("disclosure.source.file", source.get("file")),
        sha256=sha,
        language=_str("disclosure.language", merged.get("language"), required=False) or "en",
        currency=_str("disclosure.currency", merged.get("currency"), required=False),
        scale=_int("disclosure.scale", merged.get("scale", 0), low=-12, high=12),
        line_count=None
        if line_count is None
        else _int("disclosure.source.lines", line_count, low=1, high=MAX_LINE),
    )


def _declared_decimals(path: str, value: Any, amount: Decimal) -> int:
    """A fact's declared ``decimals``: within -15..15, and no coarser than the figure's own
    digits. A figure printed to the thousand declared as rounded to 10^12 would hide every
    change below 10^12 from the restatement checks (their tolerance is half a unit of the
    less precise figure)."""
    decimals = _int(path, value, low=-15, high=15)
    # In the wide context: a 28-digit figure stated to 10^-15 has a 43-digit quotient.
    if _WIDE.remainder(amount, Decimal(1).scaleb(-decimals, _WIDE)) != 0:
        msg = (
            f"{decimals} says the figure is rounded to 10^{-decimals}, but its amount "
            f"{amount:f} states digits below that; give the precision it is printed to"
        )
        raise _PathError(path, msg)
    return decimals


def _default_decimals(value_text: str, scale: int) -> int:
    """Precision of a printed figure: its decimal places, shifted by its scale."""
    places = len(value_text.split(".", 1)[1]) if "." in value_text else 0
    return places - scale


def _amount(path: str, printed: Decimal, scale: int) -> Decimal:
    return _fits(path, printed.scaleb(scale, _WIDE))


def _fits(path: str, value: Decimal) -> Decimal:
    # The projection keeps figures as DECIMAL(38, 10): a figure that does not fit would be
    # recorded, then fail every replay (or be rounded); refuse it here, with its path.
    digits, exponent = len(value.as_tuple().digits), value.as_tuple().exponent
    if not isinstance(exponent, int) or digits + exponent > MAX_INTEGER_DIGITS:
        raise _PathError(path, f"is too large (more than {MAX_INTEGER_DIGITS} digits)")
    if exponent < -MAX_PLACES and value != value.quantize(
        Decimal(1).scaleb(-MAX_PLACES), context=_WIDE
    ):
        raise _PathError(path, f"has more than {MAX_PLACES} decimal places")
    return value


def _fact(path: str, item: Any, meta: DisclosureMeta) -> Fact:
    d = _obj(path, item)
    unit = _str(f"{path}.unit", d.get("unit"))
    is_money = unit.isalpha() and unit.isupper() and len(unit) == 3
    scale = _int(f"{path}.scale", d.get("scale", meta.scale if is_money else 0), low=-12, high=12)
    printed = _decimal(f"{path}.value", d.get("value"))
    amount = _amount(f"{path}.value", printed, scale)
    decimals = d.get("decimals")
    decimals = (
        _default_decimals(str(d.get("value")).lstrip("+-"), scale)
        if decimals is None
        else _declared_decimals(f"{path}.decimals", decimals, amount)
    )
    line = _int(f"{path}.line", d.get("line"), low=1, high=MAX_LINE)
    page = d.get("page")
    if page is not None:
        page = _int(f"{path}.page", page, low=1, high=MAX_LINE)
    return Fact(
        concept=_at(f"{path}.concept", validate_concept, _str(f"{path}.concept", d.get("concept"))),
        period=_at(f"{path}.period", Period.parse, _str(f"{path}.period", d.get("period"))),
        dimensions=_dimensions(f"{path}.dimensions", d.get("dimensions")),
        value=amount,
        unit=unit,
        scale=scale,
        decimals=decimals,
        source=SourceRef(
            document=meta.source_file,
            line=line,
            label=_str(f"{path}.label", d.get("label")),
            raw=_str(f"{path}.raw", d.get("raw"), required=False),
            page=page,
        ),
        statement=_str(f"{path}.statement", d.get("statement"), required=False),
    )


def _restatement(path: str, item: Any) -> Restatement:
    d = _obj(path, item)
    kind = _str(f"{path}.kind", d.get("kind"))
    if kind not in RESTATEMENT_KINDS:
        raise _PathError(f"{path}.kind", f"{kind!r} is not one of {', '.join(RESTATEMENT_KINDS)}")
    periods = [
        _at(f"{path}.periods[{i}]", Period.parse, _str(f"{path}.periods[{i}]", p)).label
        for i, p in enumerate(_list(f"{path}.periods", d.get("periods")))
    ]
    first, last = _lines(f"{path}.lines", d.get("lines"))
    return Restatement(
        kind=kind,
        standard=_str(f"{path}.standard", d.get("standard"), required=False),
        periods=periods,
        reason=_str(f"{path}.reason", d.get("reason")),
        first_line=first,
        last_line=last,
        scope=_str(f"{path}.scope", d.get("scope"), required=False),
        operation=_str(f"{path}.operation", d.get("operation"), required=False),
        effective_from=_date(f"{path}.effective_from", d.get("effective_from"), required=False),
    )


def _discontinuation(path: str, item: Any) -> Discontinuation:
    d = _obj(path, item)
    kind = _str(f"{path}.type", d.get("type"))
    if kind != "operation-discontinued":
        raise _PathError(f"{path}.type", f"{kind!r} is not a known event (operation-discontinued)")
    first, last = _lines(f"{path}.lines", d.get("lines"))
    consideration = d.get("consideration")
    return Discontinuation(
        operation=_str(f"{path}.operation", d.get("operation")),
        first_line=first,
        last_line=last,
        agreement_on=_date(f"{path}.agreement_on", d.get("agreement_on"), required=False),
        approved_on=_date(f"{path}.approved_on", d.get("approved_on"), required=False),
        completed_on=_date(f"{path}.completed_on", d.get("completed_on"), required=False),
        consideration=None
        if consideration is None
        else _decimal(f"{path}.consideration", consideration),
        consideration_unit=_str(
            f"{path}.consideration_unit", d.get("consideration_unit"), required=False
        ),
    )


def _conflict(path: str, item: Any, meta: DisclosureMeta) -> Conflict:
    # Values are printed figures, like a fact's, in the conflict's scale (default: the document's).
    d = _obj(path, item)
    scale = _int(f"{path}.scale", d.get("scale", meta.scale), low=-12, high=12)
    rejected = _obj(f"{path}.rejected", d.get("rejected"))
    kept_raw = d.get("kept")
    kept = None if kept_raw is None else _obj(f"{path}.kept", kept_raw)
    rejected_value = rejected.get("value")
    resolved = d.get("resolved", kept is not None)
    if not isinstance(resolved, bool):
        raise _PathError(f"{path}.resolved", "must be true or false")
    return Conflict(
        concept=_at(f"{path}.concept", validate_concept, _str(f"{path}.concept", d.get("concept"))),
        period=_at(f"{path}.period", Period.parse, _str(f"{path}.period", d.get("period"))),
        dimensions=_dimensions(f"{path}.dimensions", d.get("dimensions")),
        rejected_value=None
        if rejected_value is None
        else _amount(
            f"{path}.rejected.value", _decimal(f"{path}.rejected.value", rejected_value), scale
        ),
        rejected_line=_int(f"{path}.rejected.line", rejected.get("line"), low=1, high=MAX_LINE),
        rejected_label=_str(f"{path}.rejected.label", rejected.get("label"), required=False),
        rejected_raw=_str(f"{path}.rejected.raw", rejected.get("raw"), required=False),
        decided_by=_str(f"{path}.decided_by", d.get("decided_by"), required=False),
        resolved=resolved,
        kept_value=None
        if kept is None
        else _amount(
            f"{path}.kept.value", _decimal(f"{path}.kept.value", kept.get("value")), scale
        ),
        kept_line=None
        if kept is None
        else _int(f"{path}.kept.line", kept.get("line"), low=1, high=MAX_LINE),
    )
