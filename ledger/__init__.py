"""ledger: an event-sourced ledger of disclosed financial facts and their restatements.

Layout (each folder installed under this namespace):

- ``ledger.events``       events/        immutable event types, topics, versions, upcasters
- ``ledger.domain``       domain/        aggregates, values and rules; no I/O
- ``ledger.ingest``       ingest/        documents -> structured disclosures
- ``ledger.projections``  projections/   event log -> DuckDB tables and queries
- ``ledger.cli``          cli/           the ``ledger`` command

and in ``ledger/`` itself: ``store`` (where the event store and projection live),
``eventstore`` and ``sql/`` (bulk reads and inserts for the recording path), ``verify``.
"""

__version__ = "0.1.0"
