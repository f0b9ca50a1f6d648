"""The extractor: a text document -> a ``ledger-disclosure/1`` dict plus a report.

``pipeline`` runs the passes (``PASSES``) over rooms by role: ``reading`` (text, numbers,
headers, tables), ``facts`` (rows into candidate facts), ``checks`` (the arithmetic) and
``document`` (metadata and narrative). Nothing here writes; ``ledger.ingest.load`` validates
what comes out.
"""
