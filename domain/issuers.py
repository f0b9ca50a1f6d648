"""Issuers: the listed companies a ledger knows, their aliases and the names they print.

Issuers are data. The ledger learns them from ``IssuerRegistered`` events (recorded by
``ledger issuers add``, a manifest's ``[[issuer]]`` tables, ``--issuer-name`` or a document that
names its issuer), never from code. An :class:`IssuerDirectory` is one snapshot of what is known;
stock codes, tickers and CIKs are aliases of the id, so ``6638``, ``OCFT`` and ``oneconnect`` all
name OneConnect once it is registered with those aliases.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

import attrs

from .errors import InvalidIssuerError, IssuerConflictError, UnknownIssuerError
from .values import str_tuple

IssuerId = str

_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,62}")
_FISCAL_YEAR_END = re.compile(r"(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])")
#: Legal forms and holding words a name ends with; documents often print the name without
#: them ("OneConnect Financial Technology", "Bright Scholar Education").
_LEGAL_TAIL = re.compile(
    r"(?:[\s,*]+(?:co\.?|company|ltd\.?|limited|inc\.?|incorporated|corp\.?|corporation|plc"
    r"|llc|s\.a\.|ag|n\.v\.|holdings?|group))+[\s,.*]*$",
    re.IGNORECASE,
)
#: How to register an issuer; every unknown-issuer message ends with it.
HOW_TO_ADD = (
    "register it with `ledger issuers add ID --name NAME [--alias CODE]`, "
    "an [[issuer]] table in the manifest, or --issuer ID --issuer-name NAME"
)


def check_issuer_id(value: str) -> str:
    """Return ``value`` when it is a valid issuer id (lower-case letters, digits, dashes).

    Raises:
        InvalidIssuerError: the id is not of that form.
    """
    if not _ID.fullmatch(value):
        msg = (
            f"issuer id {value!r} must be lower-case letters, digits and dashes "
            "(e.g. kingsoft-cloud), at most 63 characters"
        )
        raise InvalidIssuerError(msg)
    return value


def suggested_id(name: str) -> IssuerId:
    """An id for an issuer known only by its legal name: the name without its legal form, in
    lower-case words joined by dashes ("Kingsoft Cloud Holdings Limited" -> kingsoft-cloud)."""
    short = _LEGAL_TAIL.sub("", name).strip(" ,*") or name
    slug = re.sub(r"[^a-z0-9]+", "-", short.casefold()).strip("-")
    return slug[:63].rstrip("-") or "issuer"


def _fiscal_year_end(instance: object, attribute: object, value: str) -> None:
    if not _FISCAL_YEAR_END.fullmatch(value):
        msg = f"fiscal year end {value!r} must be MM-DD (e.g. 08-31)"
        raise InvalidIssuerError(msg)


def _clean_aliases(items: Iterable[str]) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for item in items:
        text = " ".join(str(item).split())
        if text and text.casefold() not in seen:
            seen[text.casefold()] = text
    return tuple(seen.values())


@attrs.frozen
class IssuerInfo:
    """A listed company: its id, legal name, aliases (codes, tickers, CIK, other names) and
    the month and day its fiscal year ends."""

    id: IssuerId = attrs.field(validator=lambda _i, _a, v: check_issuer_id(v))
    name: str
    aliases: tuple[str, ...] = attrs.field(converter=_clean_aliases, default=())
    fiscal_year_end: str = attrs.field(default="12-31", validator=_fiscal_year_end)

    @property
    def keys(self) -> tuple[str, ...]:
        """Everything an option may name the issuer by: the id and its aliases."""
        return (self.id, *self.aliases)

    @property
    def codes(self) -> tuple[str, ...]:
        """The aliases that are stock codes or tickers (printed after an exchange's name)."""
        return tuple(a for a in self.aliases if _is_code(a))

    @property
    def text_markers(self) -> tuple[str, ...]:
        """Phrases that identify the issuer in a document's text (matched case-insensitively
        as whole words): its name with and without the legal form, the id read as words
        (``bright-scholar`` -> "bright scholar") and aliases that are names, not codes."""
        short = _LEGAL_TAIL.sub("", self.name).strip(" ,*")
        words = self.id.replace("-", " ")
        markers = [self.name.strip(" *"), short]
        if len(words) >= 4:
            markers.append(words)
        markers.extend(a for a in self.aliases if not _is_code(a))
        return str_tuple(m for m in dict.fromkeys(markers) if len(m) >= 2)

    @property
    def fiscal_month_day(self) -> tuple[int, int]:
        """(month, day) of the fiscal year end."""
        month, day = self.fiscal_year_end.split("-")
        return int(month), int(day)

    def merged(self, other: IssuerInfo) -> IssuerInfo:
        """This issuer with ``other``'s aliases added (the same id and name).

        Raises:
            IssuerConflictError: ``other`` gives the id another name or fiscal year end.
        """
        if other.id != self.id:
            msg = f"issuer {other.id!r} is not {self.id!r}"
            raise IssuerConflictError(msg)
        if _folded(other.name) != _folded(self.name):
            msg = f"issuer {self.id!r} is registered as {self.name!r}, not {other.name!r}"
            raise IssuerConflictError(msg)
        if other.fiscal_year_end != self.fiscal_year_end:
            msg = (
                f"issuer {self.id!r} has its fiscal year end on {self.fiscal_year_end}, "
                f"not {other.fiscal_year_end}"
            )
            raise IssuerConflictError(msg)
        return attrs.evolve(self, aliases=(*self.aliases, *other.aliases))


def _folded(text: str) -> str:
    return " ".join(text.split()).casefold()


def _is_code(alias: str) -> bool:
    # Stock codes (6638, 0020), CIKs (1696355) and tickers (OCFT, LU, BEDU, 9618.HK).
    return bool(re.fullmatch(r"\d{1,10}|[A-Z][A-Z0-9]{0,5}(?:\.[A-Z]{1,2})?", alias))


def _lookup_key(name: str) -> str:
    key = name.strip().casefold()
    # Hong Kong stock codes are printed with or without leading zeros (0020 / 20).
    return (key.lstrip("0") or "0") if key.isdigit() else key


def _issuer_tuple(items: Iterable[IssuerInfo]) -> tuple[IssuerInfo, ...]:
    return tuple(items)


@attrs.frozen
class IssuerDirectory:
    """The issuers known at one moment, looked up by id, code, ticker or name."""

    issuers: tuple[IssuerInfo, ...] = attrs.field(converter=_issuer_tuple, default=())
    _by_key: dict[str, IssuerInfo] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        by_key: dict[str, IssuerInfo] = {}
        for info in self.issuers:
            for key in info.keys:
                by_key.setdefault(_lookup_key(key), info)
        object.__setattr__(self, "_by_key", by_key)

    def __iter__(self) -> Iterator[IssuerInfo]:
        return iter(self.issuers)

    def __len__(self) -> int:
        return len(self.issuers)

    def find(self, name: str) -> IssuerInfo | None:
        """The issuer an id, stock code, ticker or alias names (case-insensitive), or None."""
        return self._by_key.get(_lookup_key(name))

    def resolve(self, name: str) -> IssuerInfo:
        """Return the issuer named by an id, stock code, ticker or alias.

        Raises:
            UnknownIssuerError: no issuer has that id or alias; the message says how to add one.
        """
        info = self.find(name)
        if info is None:
            known = ", ".join(i.id for i in self.issuers) or "none yet"
            msg = f"unknown issuer {name!r} (known: {known}); {HOW_TO_ADD}"
            raise UnknownIssuerError(msg)
        return info

    def with_issuer(self, info: IssuerInfo) -> IssuerDirectory:
        """This directory with ``info`` added (or its aliases merged into the same issuer).

        Raises:
            IssuerConflictError: the id is known with another name, or an alias belongs to
                another issuer.
        """
        current = next((i for i in self.issuers if i.id == info.id), None)
        merged = info if current is None else current.merged(info)
        for key in merged.keys:
            owner = self.find(key)
            if owner is not None and owner.id != merged.id:
                msg = f"{key!r} already names issuer {owner.id!r}, it cannot name {merged.id!r}"
                raise IssuerConflictError(msg)
        rest = tuple(i for i in self.issuers if i.id != info.id)
        return IssuerDirectory((*rest, merged))

    def including(self, infos: Iterable[IssuerInfo]) -> IssuerDirectory:
        """This directory with every one of ``infos`` added in turn (see :meth:`with_issuer`)."""
        directory = self
        for info in infos:
            directory = directory.with_issuer(info)
        return directory
