"""The extraction pipeline: a document -> a ``ledger-disclosure/1`` dict and a report.

The pipeline is a list of pure passes, each ``(State) -> State``:
read -> metadata -> tables -> candidates (numbers, concepts, dimensions) -> esg -> arithmetic
-> assemble. Problems found on the way are accumulated as values with their ``file:line``; only a
document that is not a disclosure at all (or whose issuer or publication date cannot be known)
stops the pipeline with an :class:`ExtractError`.
"""

from __future__ import annotations

import importlib
import re
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import Any

import attrs

from ledger.domain.issuers import HOW_TO_ADD, IssuerDirectory, suggested_id

from ..errors import ExtractError, ImpossibleDateError, calendar_date
from .checks.arithmetic import (
    Check,
    conflict_record,
    cross_references,
    resolve_conflicts,
    run_checks,
    same_figure,
)
from .facts.candidates import (
    RANK,
    Candidate,
    DocContext,
    sections,
    statement_of,
    table_candidates,
    table_subject,
)
from .facts.concepts import conventional_sign, known_labels
from .facts.continuing import reports_operations, twins
from .facts.esg import esg_candidates
from .facts.highlights import highlight_candidates
from .facts.refine import match_orphans, scope_extensions, segment_names
from .facts.sentences import reconcile, sentence_candidates
from .facts.transposed import Transposed, find_transposed, transposed_figures
from .reading.numbers import stated_scale
from .reading.tables import Table, find_tables
from .reading.text import Document, read_document

FORMAT = "ledger-disclosure/1"
_MONTH = "January|February|March|April|May|June|July|August|September|October|November|December"


@attrs.frozen
class ExtractionReport:
    """What the extraction found and how much of the printed numbers it accounted for.

    Attributes:
        facts: facts in the disclosure.
        numeric_cells: numeric cells in table rows (values, nil marks, ranges, junk tokens).
        classified: numeric cells that became candidate facts or were deliberately classified.
        by_class: count per classification (``fact``, ``nil``, ``percentage change``, ...).
        checks_run / checks_passed: arithmetic checks.
        conflicts / conflicts_resolved: two values for one series in the document.
        problems: accumulated non-fatal problems (``file:line: problem``).
        seconds: wall time per pass and in total.
    """

    facts: int
    numeric_cells: int
    classified: int
    by_class: dict[str, int]
    checks_run: int
    checks_passed: int
    conflicts: int
    conflicts_resolved: int
    problems: tuple[str, ...]
    seconds: dict[str, float]

    @property
    def share_classified(self) -> float:
        """Share of numeric cells accounted for (0..1): a ratio for display, not an amount."""
        return self.classified / self.numeric_cells if self.numeric_cells else 1.0


@attrs.frozen
class Extraction:
    """The result of :func:`extract_document`: the disclosure dict and its report."""

    disclosure: dict[str, Any]
    report: ExtractionReport


@attrs.frozen
class Options:
    """What the caller states about a document (overriding what it says) and the issuers known
    so far."""

    issuer: str | None = None
    published_on: date | None = None
    kind: str | None = None
    period_end: date | None = None
    issuers: IssuerDirectory = IssuerDirectory()


@attrs.frozen
class State:
    """Everything the passes share; each pass returns a new State (attrs.evolve)."""

    path: Path
    options: Options
    doc: Document | None = None
    meta: dict[str, Any] = attrs.field(factory=dict)
    #: What ``document.metadata`` read (None without that module).
    found: Any = None
    declarations: dict[str, Any] = attrs.field(factory=dict)
    tables: tuple[Table, ...] = ()
    transposed: tuple[Transposed, ...] = ()
    candidates: tuple[Candidate, ...] = ()
    tally: Counter[str] = attrs.field(factory=Counter)
    chosen: dict[Any, Candidate] = attrs.field(factory=dict)
    conflicts: tuple[dict[str, Any], ...] = ()
    checks: tuple[Check, ...] = ()
    problems: tuple[str, ...] = ()
    disclosure: dict[str, Any] = attrs.field(factory=dict)
    #: Table columns whose period cannot be resolved: no facts, a reason (see
    #: ``unresolved_columns``).
    unresolved: tuple[dict[str, Any], ...] = ()


# --- passes --------------------------------------------------------------------------------------


def read_pass(state: State) -> State:
    """Read the file (refusing empty, binary and non-UTF-8 content), unless it was read
    before (by another process, ahead of its turn)."""
    if state.doc is not None:
        return state
    return attrs.evolve(state, doc=read_document(state.path))


def metadata_pass(state: State) -> State:
    """Issuer, kind, dates, currency and scale: from ``document.metadata`` when it exists."""
    doc = _doc(state)
    meta: dict[str, Any] = {}
    problems = list(state.problems)
    # Metadata and narrative detection are optional passes: without their modules, the
    # caller's arguments and the document's tables still give a disclosure.
    try:
        metadata_module = importlib.import_module(f"{__package__}.document.metadata")
    except ImportError:
        metadata_module = None  # type: ignore[assignment]
        problems.append(f"{doc.file}: metadata detection not available; using fallbacks")
    found = None
    if metadata_module is not None:
        found = metadata_module.read_metadata(doc, state.options.issuers)
        # Refuse what is not a disclosure (random text, a file without figures) up front.
        check = getattr(metadata_module, "looks_like_disclosure", None)
        reason = check(doc, found, state.options.issuer) if check is not None else None
        if reason:
            raise ExtractError(doc.file, reason)
        meta = {
            name: getattr(found, name, None)
            for name in (
                "issuer",
                "kind",
                "title",
                "period_end",
                "published_on",
                "currency",
                "scale",
                "language",
                "published_approximately",
            )
        }
    options = state.options
    for name in ("issuer", "published_on", "kind", "period_end"):
        value = getattr(options, name)
        if value is not None:
            meta[name] = value
    meta.update(_issuer_meta(meta.get("issuer"), found, options.issuers))
    year_end = meta.get("fiscal_year_end")
    if year_end:
        meta["fiscal_month_day"] = (int(year_end[:2]), int(year_end[3:]))
    elif found is not None:
        meta["fiscal_month_day"] = found.fiscal_month_day
    return attrs.evolve(state, meta=meta, found=found, problems=tuple(problems))


def narrative_pass(state: State) -> State:
    """Restatement declarations and corporate events the prose states (``document.narrative``);
    they read the metadata found, not the issuers known."""
    try:
        narrative_module = importlib.import_module(f"{__package__}.document.narrative")
    except ImportError:
        return state
    found_decl = narrative_module.find_declarations(
        _doc(state), issuer=state.options.issuer, meta=state.found
    )
    declarations = {
        "restatements": list(getattr(found_decl, "restatements", ()) or ()),
        "corporate_events": list(getattr(found_decl, "corporate_events", ()) or ()),
    }
    return attrs.evolve(state, declarations=declarations)


def _issuer_fields(meta: dict[str, Any]) -> dict[str, Any]:
    """The ``disclosure`` object's issuer and, when the document introduces it, its
    description."""
    described = ("issuer_name", "issuer_aliases", "fiscal_year_end")
    return {
        "issuer": meta.get("issuer"),
        **{key: meta[key] for key in described if meta.get(key) is not None},
    }


def _issuer_meta(issuer: str | None, found: Any, issuers: IssuerDirectory) -> dict[str, Any]:
    """The issuer's id (an alias given by the user resolved to it) and its description: the
    registered one, else the one the document prints (name, codes, fiscal year end), which
    registers the issuer with the document."""
    known = issuers.find(issuer) if issuer else None
    if known is not None:
        return {
            "issuer": known.id,
            "issuer_name": known.name,
            "issuer_aliases": list(known.aliases),
            "fiscal_year_end": known.fiscal_year_end,
        }
    name = getattr(found, "issuer_name", None)
    if not issuer and name:
        # Named only by the document: registered under an id made of its name, unless the
        # user gives one with --issuer.
        issuer = suggested_id(name)
        known = issuers.find(issuer)
        if known is not None:
            return _issuer_meta(known.id, found, issuers)
    described: dict[str, Any] = {"issuer": issuer}
    if issuer and name:
        described.update(
            issuer_name=name,
            issuer_aliases=list(getattr(found, "issuer_codes", ())),
            fiscal_year_end=getattr(found, "fiscal_year_end", None) or "12-31",
        )
    return described


def tables_pass(state: State) -> State:
    """Find the table blocks of the document."""
    doc = _doc(state)
    sideways = find_transposed(doc.lines)
    tables = [
        t
        for t in find_tables(doc.lines, known_labels())
        if not any(s.first_line <= t.last_line and t.first_line <= s.last_line for s in sideways)
    ]
    return attrs.evolve(state, tables=tuple(tables), transposed=tuple(sideways))


def candidates_pass(state: State) -> State:
    """Read every table's numbers into candidate facts (numbers, concepts, dimensions)."""
    doc = _doc(state)
    context = DocContext(
        currency=state.meta.get("currency") or "RMB",
        scale=state.meta.get("scale") if state.meta.get("scale") is not None else 3,
        disposal_date=_disposal_date(state),
        lines=doc.lines,
        segments=segment_names(doc.lines),
        period_end=_as_date(state.meta.get("period_end")),
        months=_months_of(state.meta.get("kind")),
        fiscal=state.meta.get("fiscal_month_day") or (12, 31),
        stated_scale=_stated_scale(doc),
        discontinued=tuple(
            str(d["operation"])
            for kind in ("restatements", "corporate_events")
            for d in state.declarations.get(kind, [])
            if d.get("operation")
        ),
    )
    heads = sections(doc.lines)
    first_statement = next(
        (
            t.first_line
            for t in state.tables
            if re.search(r"consolidated (?:statements? of|balance|income)", t.title, re.I)
        ),
        0,  # without primary statements (an annual-report extract of notes) nothing is a
        # highlight by position
    )
    out: list[Candidate] = []
    tally: Counter[str] = Counter()
    unresolved: list[dict[str, Any]] = []
    previous: tuple[int, str, str] | None = None
    for table in state.tables:
        section = ""
        for number, text in heads:
            if number >= table.first_line:
                break
            section = text
        lead = _lead(doc.lines, table.first_line)
        if previous is not None and not table.title and table.first_line - previous[0] <= 3:
            # A sibling printed right after another (the FY2024 half of a FY2023/FY2024 pair)
            # is introduced by the same sentence.
            lead = previous[2]
        statement = statement_of(table, section, first_statement, lead)
        # A statement continued after a blank line ("Liabilities" after "Assets") has no
        # title of its own: it is the same statement.
        if (
            previous is not None
            and not table.title
            and table.first_line - previous[0] <= 3
            and previous[1] in ("income", "balance", "cashflow", "equity")
        ):
            statement = previous[1]
        previous = (table.last_line, statement, lead)
        cells: list[tuple[int, int]] = []
        found, counts = table_candidates(table, section, statement, context, lead, cells)
        unresolved += unresolved_columns(table, cells)
        out.extend(found)
        tally.update(counts)
        tally["fact"] += sum(1 for c in found if c.concept)
        tally["junk row"] += sum(1 for _ in table.junk_lines)
    for sideways in state.transposed:
        found, counts = _transposed_candidates(sideways, heads, context)
        out.extend(found)
        tally.update(counts)
        tally["fact"] += len(found)
    labelled = [c for c in out if c.concept]
    matched = match_orphans(out)
    tally["unlabelled subtotal"] -= len(matched)
    tally["fact"] += len(matched)
    out = scope_extensions(labelled + matched)
    return attrs.evolve(
        state, candidates=tuple(signed(out)), tally=tally, unresolved=tuple(unresolved)
    )


def signed(cands: Iterable[Candidate]) -> list[Candidate]:
    """Candidates under their concepts' sign convention (``conventional_sign``), so that one
    figure printed with two signs is one fact, never a conflict or a restatement."""
    out = []
    for cand in cands:
        value = conventional_sign(cand.concept, cand.label, cand.value, cand.raw)
        out.append(cand if value == cand.value else attrs.evolve(cand, value=value))
    return out


def unresolved_columns(table: Table, cells: list[tuple[int, int]]) -> list[dict[str, Any]]:
    """One record per column of ``table`` whose figures got no period (``cells``: line and
    column index of each): where it is, what its header prints and why no period was taken.

    A column without a period is never given one by guess; the record is what the user sees
    instead (``ledger extract`` prints it, the structured disclosure keeps it).
    """
    by_column: dict[int, list[int]] = defaultdict(list)
    for line, index in cells:
        by_column[index].append(line)
    found = []
    for index, lines in sorted(by_column.items()):
        column = table.columns[index]
        if column.year is None and column.member:
            why = f"a column of {column.member!r} under a header that states no period"
        elif column.year is None:
            why = "its header prints no year, and no table beside it with these columns does"
        elif not column.kind:
            why = f"its header gives {column.year} but not whether a date or a period ends then"
        else:
            why = f"the header's period ({column.year}) does not fit these rows"
        found.append(
            {
                "line": min(lines),
                "table_line": table.first_line,
                "column": index + 1,
                "header": " ".join(table.header.split())[:80],
                "figures": len(lines),
                "reason": why,
            }
        )
    return found


def esg_pass(state: State) -> State:
    """KPI tables of ESG reports printed as running text (one line per page)."""
    found, counts = esg_candidates(_doc(state))
    tally = state.tally + counts
    tally["fact"] += len(found)
    return attrs.evolve(state, candidates=state.candidates + tuple(found), tally=tally)


def _as_date(value: Any) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) else value


def _months_of(kind: str | None) -> int:
    """The length of a document's own period: a quarter, a half year, or a year."""
    return {"quarterly-results": 3, "interim-results": 6}.get(kind or "", 12)


def sentences_pass(state: State) -> State:
    """KPI figures stated in sentences (headcount, gearing ratio, infographic revenue); a table's
    value for the same series wins."""
    period_end = state.meta.get("period_end")
    if isinstance(period_end, str):
        period_end = date.fromisoformat(period_end)
    statement = "esg" if state.meta.get("kind") == "esg-report" else "highlights"
    lines = _doc(state).lines
    months = _months_of(state.meta.get("kind"))
    fiscal = state.meta.get("fiscal_month_day") or (12, 31)
    stated = sentence_candidates(lines, period_end, statement)
    stated += highlight_candidates(lines, period_end, months, fiscal)
    found = reconcile(signed(stated), state.candidates)
    tally = state.tally.copy()
    tally["fact"] += len(found)
    return attrs.evolve(
        state,
        candidates=state.candidates + tuple(found),
        tally=tally,
        conflicts=state.conflicts + tuple(sentence_conflicts(stated, state.candidates)),
    )


def sentence_conflicts(
    stated: list[Candidate], tables: tuple[Candidate, ...]
) -> list[dict[str, Any]]:
    """Sentence figures that contradict a table's figure of the same fact, as conflicts.

    The table's figure is kept (a table states the fact with its row and column; a sentence
    paraphrases it), but the contradiction is recorded for the reader, never dropped: it is
    not resolved, since no arithmetic decided it. A sentence that agrees is the same fact,
    printed again (``also_on_lines``).
    """
    printed: dict[Any, list[Candidate]] = defaultdict(list)
    for cand in tables:
        printed[cand.key].append(cand)
    out = []
    seen: set[tuple[Any, int]] = set()
    for cand in stated:
        table = sorted(printed.get(cand.key, ()), key=lambda c: c.line)
        if not table or (cand.key, cand.line) in seen:
            continue
        seen.add((cand.key, cand.line))
        kept = table[0]
        if any(same_figure(cand, t) for t in table):
            continue
        out.append(
            conflict_record(
                cand.key,
                kept,
                cand,
                f"the sentence prints {cand.raw} (line {cand.line}); the table prints "
                f"{kept.raw} (line {kept.line}), which is kept",
                False,
            )
        )
    return out


def arithmetic_pass(state: State) -> State:
    """One value per series: conflicts decided by the calculation model; then the checks."""
    groups: dict[Any, list[Candidate]] = defaultdict(list)
    for cand in state.candidates:
        groups[cand.key].append(cand)
    chosen, conflicts = resolve_conflicts(groups)
    checks = run_checks(chosen) + cross_references(chosen, groups)
    return attrs.evolve(
        state,
        chosen=chosen,
        conflicts=state.conflicts + tuple(conflicts),
        checks=tuple(checks),
    )


def continuing_pass(state: State) -> State:
    """In a document that reports no discontinued operation, its profit lines are also those
    of continuing operations (``facts.continuing``): each is recorded under both concepts, so
    a later re-presentation "from continuing operations" restates the same series."""
    declared = state.declarations.get("restatements", []) + state.declarations.get(
        "corporate_events", []
    )
    if reports_operations(_doc(state).lines) or any(
        d.get("kind") == "re-presentation" or d.get("operation") for d in declared
    ):
        return state
    chosen = dict(state.chosen)
    for cand in twins(state.chosen.values()):
        chosen.setdefault(cand.key, cand)
    if len(chosen) == len(state.chosen):
        return state
    return attrs.evolve(
        state, chosen=chosen, candidates=state.candidates + tuple(twins(state.candidates))
    )


def assemble_pass(state: State) -> State:
    """Build the ``ledger-disclosure/1`` dict."""
    doc = _doc(state)
    meta = state.meta
    if not state.candidates:
        raise ExtractError(doc.file, "no tables of figures found; not a disclosure")
    if not meta.get("issuer"):
        msg = (
            "issuer not found in the document; pass --issuer ID --issuer-name NAME, "
            f"or {HOW_TO_ADD}"
        )
        raise ExtractError(doc.file, msg)
    if not meta.get("published_on"):
        # A month or a quarter is not a day: as-at answers turn on the exact day, so the user
        # states it rather than the extractor guessing the first or the last of the month.
        approximately = meta.get("published_approximately")
        gives = f" (it gives only {approximately!r})" if approximately else ""
        raise ExtractError(
            doc.file,
            f"publication date not found in the document{gives}; pass --published-on YYYY-MM-DD",
        )
    groups: dict[Any, list[Candidate]] = defaultdict(list)
    for cand in state.candidates:
        groups[cand.key].append(cand)
    facts = []
    for key, cand in sorted(state.chosen.items(), key=lambda kv: (kv[1].line, kv[0])):
        also = sorted({c.line for c in groups[key] if same_figure(c, cand) and c.line != cand.line})
        fact: dict[str, Any] = {
            "concept": cand.concept,
            "period": cand.period.label,
            "dimensions": dict(cand.dimensions),
            "value": _decimal_text(cand.value),
            "unit": cand.unit,
            "scale": cand.scale,
            "decimals": cand.decimals,
            "line": cand.line,
            "label": cand.label,
            "raw": cand.raw,
            "statement": cand.statement,
        }
        if also:
            fact["also_on_lines"] = also
        page = doc.page(cand.line)
        if page is not None:
            fact["page"] = page
        facts.append(fact)
    disclosure = {
        "format": FORMAT,
        "disclosure": {
            **_issuer_fields(meta),
            "kind": meta.get("kind") or "other",
            "title": meta.get("title") or "",
            "period_end": _iso(meta.get("period_end")),
            "published_on": _iso(meta.get("published_on")),
            "source": {"file": doc.file, "sha256": doc.sha256, "lines": len(doc.lines)},
            "language": meta.get("language") or "en",
            "currency": meta.get("currency") or "RMB",
            "scale": meta.get("scale") if meta.get("scale") is not None else 3,
        },
        "facts": facts,
        "restatements": state.declarations.get("restatements", []),
        "corporate_events": state.declarations.get("corporate_events", []),
        "conflicts": list(state.conflicts),
        "checks": [c.as_dict() for c in state.checks],
    }
    if state.unresolved:
        disclosure["unresolved_columns"] = list(state.unresolved)
    return attrs.evolve(state, disclosure=disclosure)


PASSES: tuple[tuple[str, Callable[[State], State]], ...] = (
    ("read", read_pass),
    ("metadata", metadata_pass),
    ("narrative", narrative_pass),
    ("tables", tables_pass),
    ("candidates", candidates_pass),
    ("esg", esg_pass),
    ("sentences", sentences_pass),
    ("arithmetic", arithmetic_pass),
    ("continuing", continuing_pass),
    ("assemble", assemble_pass),
)


def extract_document(
    path: Path,
    *,
    issuer: str | None = None,
    published_on: date | None = None,
    kind: str | None = None,
    period_end: date | None = None,
    issuers: IssuerDirectory | None = None,
) -> Extraction:
    """Extract the facts of one text document into a ``ledger-disclosure/1`` dict.

    Args:
        path: the text dump of the disclosure.
        issuer, published_on, kind, period_end: override what the document says.
        issuers: the registered issuers, which the document may name by name, code or ticker.

    Raises:
        ExtractError: the file is not a disclosure, or its issuer or publication date cannot be
            found and is not given.
    """
    options = Options(issuer, published_on, kind, period_end, issuers or IssuerDirectory())
    return finish_document(begin_document(path, options))


#: The passes up to the only one that consults the issuers known so far: reading (which needs
#: the path alone, and may be done ahead) and metadata. The later ones depend on their State
#: alone, so documents read one after another (each knowing the issuers the ones before it
#: introduced) can finish their extraction side by side.
OPENING_PASSES = 2


@attrs.frozen
class Started:
    """A document through its opening passes: its state and the seconds spent so far."""

    state: State
    seconds: dict[str, float]

    def issuer_fields(self) -> dict[str, Any]:
        """The issuer the disclosure will name, as its ``disclosure`` object will state it
        (``issuer`` and, for an issuer the document introduces, its description)."""
        return _issuer_fields(self.state.meta)


def begin_document(path: Path, options: Options, document: Document | None = None) -> Started:
    """The opening passes of :func:`extract_document` (the same errors): ``options`` are its
    arguments, ``document`` the file already read (:func:`read_document`), when it was."""
    state = State(Path(path), options, doc=document)
    state, seconds = _run(PASSES[:OPENING_PASSES], state, {})
    return Started(state, seconds)


def finish_document(started: Started) -> Extraction:
    """The rest of :func:`extract_document` after :func:`begin_document`."""
    state, seconds = _run(PASSES[OPENING_PASSES:], started.state, dict(started.seconds))
    seconds["total"] = round(sum(seconds.values()), 4)
    return Extraction(state.disclosure, _report(state, seconds))


def _run(
    passes: Iterable[tuple[str, Callable[[State], State]]],
    state: State,
    seconds: dict[str, float],
) -> tuple[State, dict[str, float]]:
    """``passes`` applied in turn, each one's wall time added to ``seconds``."""
    try:
        for name, step in passes:
            began = time.perf_counter()
            state = step(state)
            seconds[name] = round(time.perf_counter() - began, 4)
    except ImpossibleDateError as exc:
        raise ExtractError(str(state.path), str(exc), _line_of(state, exc.printed)) from None
    return state, seconds


def _line_of(state: State, printed: str) -> int | None:
    """The first line of the document that prints ``printed`` (whitespace as it may be)."""
    wanted = " ".join(printed.split())
    for number, line in enumerate(_doc(state).lines, start=1):
        if wanted in " ".join(line.split()):
            return number
    return None


def _report(state: State, seconds: dict[str, float]) -> ExtractionReport:
    tally = state.tally
    classified_kinds = (
        "fact",
        "nil",
        "range",
        "percentage change",
        "share of total",
        "unlabelled subtotal",
        "section number",
    )
    classified = sum(tally[k] for k in classified_kinds)
    numeric = classified + tally["junk"] + tally["unresolved period"]
    return ExtractionReport(
        facts=len(state.disclosure.get("facts", [])),
        numeric_cells=numeric,
        classified=classified,
        by_class=dict(tally),
        checks_run=len(state.checks),
        checks_passed=sum(1 for c in state.checks if c.passed),
        conflicts=len(state.conflicts),
        conflicts_resolved=sum(1 for c in state.conflicts if c["resolved"]),
        problems=state.problems,
        seconds=seconds,
    )


# --- helpers -------------------------------------------------------------------------------------


def _transposed_candidates(
    sideways: Transposed, heads: list[tuple[int, str]], context: DocContext
) -> tuple[list[Candidate], Counter[str]]:
    """Candidates of a roll-forward printed sideways; its subject is the note it sits in."""
    section = ""
    for number, text in heads:
        if number >= sideways.first_line:
            break
        section = text
    bare = Table(sideways.first_line, sideways.last_line, "", "", (), (), "tab")
    subject = table_subject(bare, section)
    figures, tally = transposed_figures(
        sideways, subject, context.currency or "RMB", context.scale if context.scale else 0
    )
    found = [
        Candidate(
            concept=f.concept,
            period=f.period,
            dimensions=f.dimensions,
            value=f.value.value,
            unit=f.currency,
            scale=f.scale,
            decimals=f.decimals,
            line=f.line,
            label=f.label,
            raw=f.value.raw,
            statement="notes",
            known=not f.concept.startswith("ext:"),
            subject=subject,
            rank=RANK["notes"],
        )
        for f in figures
        if f.value.value is not None
    ]
    return found, tally


def _doc(state: State) -> Document:
    if state.doc is None:
        raise ExtractError(str(state.path), "document not read")
    return state.doc


def _iso(value: Any) -> str | None:
    return value.isoformat() if isinstance(value, date) else value


def _decimal_text(value: Any) -> str:
    text = format(value, "f")
    return "0" if text in ("-0", "-0.0") else text


def _lead(lines: tuple[str, ...], first_line: int) -> str:
    """The sentence just above a table ("... for the period from January 1, 2024 to the date of
    disposal (2024 column)"), which often says what the columns are."""
    for index in range(first_line - 2, max(first_line - 5, -1), -1):
        text = lines[index].strip()
        if text:
            return text
    return ""


def _stated_scale(doc: Document) -> int | None:
    """The scale the document states for its amounts in words: a header block's notes when
    they state one scale ("note: ... so amounts are RMB thousands"), else the text's."""
    if doc.header is not None:
        noted = {stated_scale([note]) for note in doc.header.values("note")} - {None}
        if len(noted) == 1:
            return noted.pop()
    return stated_scale(doc.lines)


def _disposal_date(state: State) -> date | None:
    """The completion date of a disposal (discontinued operation), from the narrative pass or,
    failing that, from a sentence that says the disposal was completed on a date."""
    for event in state.declarations.get("corporate_events", []):
        if event.get("completed_on"):
            return date.fromisoformat(str(event["completed_on"]))
    doc = _doc(state)
    pattern = re.compile(
        rf"(?:On ({_MONTH}) (\d{{1,2}}), (\d{{4}}), the Company completed the disposal"
        rf"|disposal[^.]{{0,200}}?(?:was )?completed on ({_MONTH}) (\d{{1,2}}), (\d{{4}}))"
    )
    months = {m: i for i, m in enumerate(_MONTH.split("|"), start=1)}
    for line in doc.lines:
        m = pattern.search(line)
        if m:
            month, day, year = (m[1], m[2], m[3]) if m[1] else (m[4], m[5], m[6])
            return calendar_date(int(year), months[month], int(day), f"{month} {day}, {year}")
    return None
