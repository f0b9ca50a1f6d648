"""Domain errors: one base class, translated into one-line messages at the edges."""

from __future__ import annotations


class LedgerError(Exception):
    """Base of every error the ledger reports to a user (bad input, failed check)."""


class UnknownIssuerError(LedgerError):
    """No issuer has the given id, stock code or ticker."""


class InvalidIssuerError(LedgerError):
    """An issuer's id, name or fiscal year end is not usable."""


class IssuerConflictError(LedgerError):
    """An issuer is registered differently from how it is now described (another name, or an
    alias that already names another issuer)."""


class InvalidDisclosureError(LedgerError):
    """A structured disclosure breaks a rule of the format or of the domain."""


class DuplicateDisclosureError(LedgerError):
    """The same document is already recorded, with different metadata."""


class ConcurrentWriteError(LedgerError):
    """Other writers kept changing the same aggregates; the save was retried and gave up."""
