"""The ledger's immutable event types.

Layout:

- ``issuers``      IssuerRegistered, IssuerAliasAdded
- ``disclosures``  DisclosureRegistered, RestatementDeclared, OperationDiscontinued,
                   FactConflictRecorded, ArithmeticChecked, LinkbasesRecorded
- ``facts``        FactSeriesOpened, FactDisclosed, FactRestated, FactRestatementWithdrawn
- ``chain``        ChainStarted, LedgerSealed (the tamper-evident hash chain)
- ``transcodings`` how dates are stored

Every class has an explicit, stable ``TOPIC`` (stored with the event, so renaming or moving a
class never orphans stored events) and a ``class_version``; upcasters live next to the class.
Fields are flat JSON-friendly values (str, int, Decimal, date, UUID, lists and dicts of str) so the
stored state stays readable by SQL and by bulk decoders; the domain rebuilds its attrs values.
"""

from .chain import ChainStarted, LedgerSealed
from .disclosures import (
    ArithmeticChecked,
    DisclosureRegistered,
    FactConflictRecorded,
    LinkbasesRecorded,
    OperationDiscontinued,
    RestatementDeclared,
)
from .facts import FactDisclosed, FactRestated, FactRestatementWithdrawn, FactSeriesOpened
from .issuers import IssuerAliasAdded, IssuerRegistered
from .transcodings import DateAsISO, register_transcodings

ALL_EVENT_TYPES = (
    IssuerAliasAdded,
    IssuerRegistered,
    DisclosureRegistered,
    RestatementDeclared,
    OperationDiscontinued,
    FactConflictRecorded,
    ArithmeticChecked,
    LinkbasesRecorded,
    FactSeriesOpened,
    FactDisclosed,
    FactRestated,
    FactRestatementWithdrawn,
    ChainStarted,
    LedgerSealed,
)

__all__ = [
    "ALL_EVENT_TYPES",
    "ArithmeticChecked",
    "ChainStarted",
    "DateAsISO",
    "DisclosureRegistered",
    "FactConflictRecorded",
    "FactDisclosed",
    "FactRestated",
    "FactRestatementWithdrawn",
    "FactSeriesOpened",
    "IssuerAliasAdded",
    "IssuerRegistered",
    "LedgerSealed",
    "LinkbasesRecorded",
    "OperationDiscontinued",
    "RestatementDeclared",
    "register_transcodings",
]
