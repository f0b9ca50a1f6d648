"""From documents to validated disclosure drafts.

Layout:

- ``text``        read a text dump (sha256, lines), refusing binary, empty and non-UTF-8 files
- ``structured``  the ``ledger-disclosure/1`` JSON format -> DisclosureDraft
- ``manifest``    manifest.toml -> entries with their metadata
- ``load``        a path -> DisclosureDraft (JSON directly, text through the extractor)
- ``extract``     the extractor: tables, numbers, concepts, arithmetic, metadata, narrative
- ``errors``      ExtractError: one line, ``file:line: problem``
"""
