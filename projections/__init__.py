"""The event log -> DuckDB: tables, the as-at macro and read-side queries.

Layout:

- ``replay``   batch replay; position saved in the same transaction as the rows
- ``bulk``     raw notification rows in batches, JSON decoded by DuckDB (the default)
- ``rows``     the per-event decoder (mapper + handlers): fallback and reference
- ``restatements`` restatement verdicts, recomputed per touched issuer
- ``queries``  read-side queries used by the CLI
- ``sql/``     plain SQL files: schema, macros, inserts, queries
"""
