"""The event log -> DuckDB: tables, the as-at macro and read-side queries.

Layout:

- ``replay``   batch replay; position saved in the same transaction as the rows
- ``bulk``     stored events in batches, their JSON decoded by DuckDB (the default)
- ``rows``     the per-event decoder (mapper + handlers): fallback and reference
- ``restatements`` restatement verdicts, recomputed per restating disclosure a replay affects
- ``concepts`` the ``concepts`` table: the taxonomy's statement layout, rewritten when its
  fingerprint changes
- ``report``, ``export``, ``xbrl`` the HTML report, the exports, facts as xBRL-JSON (OIM)
- ``queries``  read-side queries used by the CLI
- ``layout``   a primary statement's layout: line places, what each total sums, footing
- ``sql/``     plain SQL files: schema, macros, inserts, queries
"""
