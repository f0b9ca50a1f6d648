"""The ``ledger`` command (click). The only layer that prints.

Layout: ``main`` (the group, error translation, the commands registered with ``add_command``),
``options`` (options shared by the commands), ``render`` (one renderer for
``--format table|csv|json`` and the figure formatters), one module per group of commands
(``ingest_cmd``: ingest, replay; ``extract_cmd``; ``read_cmd``: facts, query;
``restatement_cmd``: restatements, diff, statement; ``report_cmd``; ``export_cmd``;
``verify_cmd``), ``progress`` (progress bars on stderr) and ``files`` (atomic writes).
"""
