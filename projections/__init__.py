"""The event log -> DuckDB: tables, the as-at macro and read-side queries.

Layout:

- ``replay``   batch replay with Arrow inserts; position saved in the same transaction
- ``queries``  read-side queries used by the CLI
- ``sql/``     plain SQL files: schema, macros, inserts, queries
"""
