"""From documents to validated disclosure drafts.

Layout: the front door is this package's top level; the extractor behind it has rooms by role.

- ``load``        a path -> DisclosureDraft (JSON directly, text through the extractor), or
  the drafts of SEC data (one per filing)
- ``ordered``     many documents read in order (each knowing the issuers the ones before it
  introduced), the text documents' extraction spread over worker processes
- ``manifest``    manifest.toml -> entries with their metadata, and its ``[[issuer]]`` tables
- ``structured``  the ``ledger-disclosure/1`` JSON format -> DisclosureDraft
- ``errors``      ExtractError: one line, ``file:line: problem``
- ``extractor/``  a text document -> a ``ledger-disclosure/1`` dict plus a report, as a list of
  pure passes (``extractor.pipeline.PASSES``):

  - ``reading/``   ``text`` (a document: sha256, lines; binary, empty and non-UTF-8 files
    refused), ``pdf`` (a PDF -> the same lines, ruled tables as tab-separated rows, each line's
    page), ``numbers`` (printed tokens -> Decimal), ``headers`` (column headers -> periods),
    ``tables`` (table blocks in tab- and space-separated text, wrapped labels, multi-value cells)
  - ``facts/``     rows into candidate facts: ``concepts`` (printed labels -> concepts and
    dimensions, by the taxonomy in ``ledger.domain.taxonomy``), ``candidates`` (table cells ->
    candidates), ``context`` (a table's subject qualifies its lines), ``movements``, ``esg`` and
    ``transposed`` (special table shapes), ``refine`` (choosing among candidates for one
    series), ``sentences`` (KPI figures stated in sentences; a table's value wins),
    ``highlights`` (figures of highlight bullets, English and Chinese)
  - ``checks/``    ``arithmetic``: the calculation model (footings, cross-references, conflicts
    decided by sums)
  - ``document/``  ``metadata`` (issuer, kind, period end and publication date from the text),
    ``narrative`` (restatement declarations, comparative marks), ``disposals``, ``prose``

- ``sec/``        SEC filings, one module per form: ``fsds`` (Financial Statement Data Sets
  quarters, read by DuckDB), ``instance`` (XBRL instances and inline XBRL, with ``linkbases``),
  ``companyfacts``; ``filings`` holds what they share

The rest of the code uses only what this module exports.
"""

from .errors import ExtractError
from .load import extract_draft, load_disclosure, load_documents
from .manifest import Manifest, ManifestEntry, read_manifest
from .ordered import Job, Read, read_in_order
from .structured import FORMAT, draft_from_dict, load_structured

__all__ = [
    "FORMAT",
    "ExtractError",
    "Job",
    "Manifest",
    "ManifestEntry",
    "Read",
    "draft_from_dict",
    "extract_draft",
    "load_disclosure",
    "load_documents",
    "load_structured",
    "read_in_order",
    "read_manifest",
]
