"""The ``ledger`` command (click). The only layer that prints.

Layout: ``main`` (the group, shared options, error translation), ``render`` (one renderer for
``--format table|csv|json``), ``ingest_cmd`` (ingest, replay), ``read_cmd`` (facts, query).
"""
