"""From a path to a validated draft: structured JSON as is, text documents via the extractor."""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from ledger.domain.drafts import DisclosureDraft
from ledger.domain.issuers import IssuerDirectory, IssuerInfo

from .errors import ExtractError
from .structured import draft_from_dict, issuer_described, load_structured

if TYPE_CHECKING:
    from .extractor.pipeline import Extraction, Started
    from .extractor.reading.text import Document


def load_disclosure(
    path: Path,
    overrides: Mapping[str, Any] | None = None,
    issuers: IssuerDirectory | None = None,
) -> DisclosureDraft:
    """Read ``path`` (a ``.json`` structured disclosure or a text document) into a draft.

    ``overrides`` (issuer, published_on, kind, period_end from the command line or a manifest)
    win over what the file states; ``issuers`` are the issuers known so far.

    Raises:
        ExtractError: one line naming the file and the problem.
    """
    if path.suffix.lower() == ".json":
        return load_structured(path, overrides, issuers)
    return extract_draft(path, overrides, issuers)[1]


def load_documents(
    path: Path,
    overrides: Mapping[str, Any] | None = None,
    issuers: IssuerDirectory | None = None,
) -> Iterator[DisclosureDraft]:
    """The drafts of ``path``: one for a disclosure file or text document, one per filing for
    SEC data (an FSDS quarter, an XBRL instance, a companyfacts file), recognised by content.

    The returned iterator has already checked the whole document: an SEC quarter streams its
    filings one by one, but a bad row anywhere in it is raised here, before the first draft.

    Raises:
        ExtractError: one line naming the file and the problem.
    """
    from .sec import detect, read_sec

    form = detect(path)
    if form is None:
        return iter([load_disclosure(path, overrides, issuers)])
    drafts = read_sec(path, form, overrides)
    first = next(drafts, None)
    return iter(()) if first is None else itertools.chain([first], drafts)


def extract_draft(
    path: Path,
    overrides: Mapping[str, Any] | None = None,
    issuers: IssuerDirectory | None = None,
) -> tuple[Extraction, DisclosureDraft]:
    """Extract a text document and validate the result exactly as ``ledger ingest`` does.

    Raises:
        ExtractError: one line naming the file and the problem.
    """
    return finish_draft(begin_draft(path, overrides, issuers))


@attrs.frozen
class StartedDraft:
    """A text document through the extractor's opening passes (:func:`begin_draft`), with what
    validating its result needs: the given metadata and the issuers known to it."""

    path: Path
    given: dict[str, Any]
    issuers: IssuerDirectory
    started: Started

    def issuer(self) -> IssuerInfo | None:
        """The issuer the draft will name, as its validation will find it; None when it names
        none that validation would accept (the document is then refused)."""
        return issuer_described(self.started.issuer_fields(), self.given, self.issuers)


def begin_draft(
    path: Path,
    overrides: Mapping[str, Any] | None = None,
    issuers: IssuerDirectory | None = None,
    document: Document | None = None,
) -> StartedDraft:
    """The part of :func:`extract_draft` that depends on the issuers known so far: reading the
    document (unless ``document`` is the file already read) and its metadata.
    :func:`finish_draft` does the rest, in any process.

    Raises:
        ExtractError: one line naming the file and the problem.
    """
    # Imported here: the extractor is the heavy part of ingest and JSON never needs it.
    from .extractor.pipeline import Options, begin_document

    given = {k: v for k, v in (overrides or {}).items() if v is not None}
    directory = issuers or IssuerDirectory()
    started = begin_document(path, Options(**given, issuers=directory), document)
    return StartedDraft(Path(path), given, directory, started)


def finish_draft(begun: StartedDraft) -> tuple[Extraction, DisclosureDraft]:
    """The rest of :func:`extract_draft` after :func:`begin_draft`.

    Raises:
        ExtractError: one line naming the file and the problem.
    """
    from .extractor.pipeline import finish_document

    extraction = finish_document(begun.started)
    if not extraction.disclosure["disclosure"].get("period_end"):
        raise ExtractError(
            extraction.disclosure["disclosure"]["source"]["file"],
            "period end not found in the document; pass --period-end YYYY-MM-DD",
        )
    sha256 = extraction.disclosure["disclosure"]["source"]["sha256"]
    draft = draft_from_dict(
        extraction.disclosure, str(begun.path), sha256, begun.given, begun.issuers
    )
    return extraction, draft
