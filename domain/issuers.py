"""The issuer registry: listed companies the ledger knows, and their aliases.

Stock codes and tickers are aliases of the issuer id, so ``6638``, ``OCFT`` and ``oneconnect``
all name OneConnect. The registry is data, not I/O: adding an issuer is adding an entry here.
"""

from __future__ import annotations

import attrs

from .errors import UnknownIssuerError
from .values import str_tuple

IssuerId = str


@attrs.frozen
class IssuerInfo:
    """A listed company: its id, legal name, aliases and the names it prints in documents."""

    id: IssuerId
    name: str
    aliases: tuple[str, ...] = attrs.field(converter=str_tuple)
    #: Phrases that identify the issuer in a document's text (case-insensitive).
    text_markers: tuple[str, ...] = attrs.field(converter=str_tuple, default=())
    fiscal_year_end: str = "12-31"


REGISTRY: tuple[IssuerInfo, ...] = (
    IssuerInfo(
        id="oneconnect",
        name="OneConnect Financial Technology Co., Ltd.",
        aliases=("6638", "OCFT"),
        text_markers=("OneConnect Financial Technology", "OneConnect"),
    ),
    IssuerInfo(
        id="sensetime",
        name="SenseTime Group Inc.",
        aliases=("0020", "20"),
        text_markers=("SenseTime Group", "SenseTime"),
    ),
    IssuerInfo(
        id="ainnovation",
        name="Qingdao AInnovation Technology Group Co., Ltd",
        aliases=("2121",),
        text_markers=("AInnovation Technology", "AInnovation"),
    ),
)

_BY_NAME: dict[str, IssuerInfo] = {}
for _info in REGISTRY:
    for _name in (_info.id, *_info.aliases):
        _BY_NAME[_name.casefold()] = _info


def resolve_issuer(name: str) -> IssuerInfo:
    """Return the issuer named by an id, stock code or ticker (case-insensitive).

    Raises:
        UnknownIssuerError: when no issuer has that id or alias.
    """
    key = name.strip().casefold()
    info = _BY_NAME.get(key)
    if info is None and key.isdigit():
        # Hong Kong stock codes are printed with or without leading zeros (0020 / 20).
        info = _BY_NAME.get(key.lstrip("0") or "0")
    if info is None:
        known = ", ".join(i.id for i in REGISTRY)
        msg = f"unknown issuer {name!r} (known: {known}; stock codes and tickers also work)"
        raise UnknownIssuerError(msg)
    return info
