"""From documents to validated disclosure drafts.

Layout (the extractor is a list of pure passes, see ``extract.PASSES``):

- ``text``        read a text dump (sha256, lines), refusing binary, empty and non-UTF-8 files
- ``numbers``     printed tokens -> Decimal: negatives, nil marks, separators, percentages, ranges
- ``headers``     column headers -> periods (years, "Year ended", "As at", quarters, half years)
- ``tables``      table blocks in tab- and space-separated text; wrapped labels; multi-value cells
- ``concepts``    printed labels -> IFRS / extension concepts and dimensions (``taxonomy.toml``)
- ``candidates``  table cells -> candidate facts; ``movements``, ``esg``, ``transposed``
                  (roll-forwards printed sideways): special table shapes
- ``context``     a table's subject qualifies its lines' concepts (reconciliation adjustments,
                  deferred tax before set-off, allowances on an asset)
- ``arithmetic``  the calculation model: footings, cross-references, conflicts decided by sums
- ``refine``      choosing among candidates for one series
- ``sentences``   KPI figures stated in sentences (headcount, gearing ratio, key-performance
                  revenue); a table's value for the same series wins
- ``metadata``    issuer, kind, period end and publication date from the text
- ``narrative``   restatement declarations, comparative marks and disposals (``disposals``,
                  ``prose``)
- ``extract``     the pipeline: document -> ``ledger-disclosure/1`` dict plus a report
- ``structured``  the ``ledger-disclosure/1`` JSON format -> DisclosureDraft
- ``manifest``    manifest.toml -> entries with their metadata
- ``load``        a path -> DisclosureDraft (JSON directly, text through the extractor)
- ``errors``      ExtractError: one line, ``file:line: problem``
"""
