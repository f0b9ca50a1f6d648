"""The domain: values, rules and aggregates. Imports no I/O library.

Layout:

- ``values``       Period, Dimensions, SourceRef, Fact, SeriesKey (frozen attrs, Decimal)
- ``issuers``      the issuer registry and its aliases
- ``taxonomy``     concepts, their statements and the statements' layout (``taxonomy.toml``)
- ``drafts``       DisclosureDraft and the declarations a document makes; deterministic ids
- ``aggregates``   Issuer, Disclosure, FactSeries (eventsourcing aggregates)
- ``chain``        the hash chain over the event log: its rules and the LedgerChain aggregate
- ``application``  Ledger: the eventsourcing Application; one atomic save per document
- ``recording``    the bulk path: a document's stored rows, as the aggregates would store them
- ``errors``       LedgerError and its subclasses
"""
