"""Many documents read in order, their extraction spread over the machine's cores.

A command that reads several documents reads each with the issuers known when its turn comes:
the registered ones, a manifest's, and those the documents before it introduced (``learned``).
Of the extractor's passes only the metadata pass consults those issuers: reading the file
depends on its path alone (for a PDF, most of a document's time), and the later passes (tables,
candidates, checks, assembly: most of a text document's time) on the state before them alone.
So worker processes read documents ahead of their turn, the metadata pass runs here in order,
each document with the issuers the ones before it would have taught, and the rest of every
document is finished wherever a core is free.

The drafts are those of reading the documents one after another, and so are the errors: each
document's planned issuers are compared with the ones the documents accepted before it really
taught, and a document whose issuers differ (one before it was refused), whose worker failed,
or that could not be planned, is read again here, in order, exactly as a lone document is (which
raises its one-line error, or gives its draft).
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

import attrs

from ledger.domain.drafts import DisclosureDraft
from ledger.domain.errors import LedgerError
from ledger.domain.issuers import IssuerDirectory, IssuerInfo

from .load import (
    StartedDraft,
    begin_draft,
    extract_draft,
    finish_draft,
    load_disclosure,
    load_documents,
)

if TYPE_CHECKING:
    from .extractor.pipeline import Extraction
    from .extractor.reading.text import Document


@attrs.frozen
class Job:
    """A document to read: its path, the metadata given for it, and how it is read: a disclosure
    file (a manifest's entry: JSON as is, any other file through the extractor), SEC data
    recognised by content (``sec``: a path on the command line), or always through the extractor
    (``extract``: what ``ledger extract`` reads)."""

    path: Path
    given: Mapping[str, Any] = attrs.field(factory=dict)
    sec: bool = False
    extract: bool = False


@attrs.frozen
class Read:
    """What reading a job gave: its first draft (an SEC file's first filing) and the rest of its
    drafts, still to be read; or the error that refused it (kept only with ``keep_going``)."""

    job: Job
    draft: DisclosureDraft | None = None
    rest: Iterator[DisclosureDraft] = iter(())
    error: LedgerError | None = None
    #: A text document's extraction (its ``ledger-disclosure/1`` dict and report).
    extraction: Extraction | None = None


def learned(directory: IssuerDirectory, draft: DisclosureDraft) -> IssuerDirectory:
    """``directory`` with the issuer ``draft`` describes, so later documents of one command
    (a manifest's) recognise an issuer an earlier document introduced."""
    return _with(directory, draft.issuer_info)


def _with(directory: IssuerDirectory, info: IssuerInfo | None) -> IssuerDirectory:
    if info is None or directory.find(info.id) is not None:
        return directory
    return directory.with_issuer(info)


def read_in_order(
    jobs: Sequence[Job],
    issuers: IssuerDirectory,
    *,
    keep_going: bool = False,
    cores: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[list[Read], IssuerDirectory]:
    """Every job read, in order, each knowing the issuers the ones before it introduced; and the
    issuers known after the last.

    Args:
        keep_going: a job that cannot be read gives a ``Read`` with its error instead of
            raising it.
        cores: the cores to read text documents on, this process and one worker process for
            each other core (default: the cores this process may use); 1 reads everything
            here, one document after another.
        progress: called with the text documents read so far and their number, as they are
            read (in this process).

    Raises:
        LedgerError: the first job that cannot be read, unless ``keep_going``.
    """
    # Told once per job: for a path on the command line it means opening the file.
    texts = [(k, job.path) for k, job in enumerate(jobs) if _is_text(job)]
    with _Workers(cores or _cores(), texts, progress) as pool:
        planned = _plan(jobs, {k for k, _ in texts}, issuers, pool, keep_going)
        finished = pool.results()
    reads: list[Read] = []
    directory = issuers
    for k, job in enumerate(jobs):
        plan = planned.get(k)
        read = None
        if plan is not None and plan.issuers == directory:
            read = plan.work if isinstance(plan.work, Read) else finished.get(k)
        if read is None:
            read = _read_one(job, directory, keep_going)
        if read.draft is not None:
            directory = learned(directory, read.draft)
        reads.append(read)
    return reads, directory


@attrs.frozen
class _Planned:
    index: int
    job: Job
    #: The issuers the job is read with: those the jobs planned before it would teach.
    issuers: IssuerDirectory
    #: A text document through its opening passes, or what reading another job gave.
    work: StartedDraft | Read
    #: The issuer the job describes, which the jobs after it know if it is accepted.
    teaches: IssuerInfo | None


def _plan(
    jobs: Sequence[Job],
    texts: set[int],
    issuers: IssuerDirectory,
    pool: _Workers,
    keep_going: bool,
) -> dict[int, _Planned]:
    """The jobs planned, by index: text documents (the jobs ``texts`` numbers) begun (read
    ahead by ``pool`` where it could, and handed to it to finish), other jobs read. Each with
    the issuers that the planned jobs before it would teach, if all of them are accepted.

    A job that cannot be read, or whose issuer cannot be told from its opening passes, is
    refused when its turn comes and teaches no issuer: it is not planned, and the planning
    stops there, or goes on with the same issuers when every refusal is to be reported."""
    planned: dict[int, _Planned] = {}
    directory = issuers
    for k, job in enumerate(jobs):
        try:
            plan = _plan_one(k, job, k in texts, directory, pool)
        except LedgerError:
            plan = None
        if plan is None:
            if keep_going:
                continue
            break
        planned[k] = plan
        if isinstance(plan.work, StartedDraft):
            pool.submit(plan, plan.work)
        directory = _with(directory, plan.teaches)
    return planned


def _plan_one(
    k: int, job: Job, text: bool, directory: IssuerDirectory, pool: _Workers
) -> _Planned | None:
    """Job ``k`` begun (a ``text`` document) or read, with ``directory``; None for a text
    document whose issuer cannot be told from its opening passes.

    Raises:
        LedgerError: the job cannot be read.
    """
    if not text:
        read = _read_one(job, directory, keep_going=False)
        teaches = read.draft.issuer_info if read.draft is not None else None
        return _Planned(k, job, directory, read, teaches)
    begun = begin_draft(job.path, job.given, directory, pool.document(k))
    info = begun.issuer()
    return _Planned(k, job, directory, begun, info) if info is not None else None


def _is_text(job: Job) -> bool:
    """A text or PDF document, read by the extractor (not JSON, not SEC data)."""
    if job.extract:
        return True
    if job.path.suffix.lower() == ".json":
        return False
    if job.sec:
        from .sec import detect

        try:
            return detect(job.path) is None
        except LedgerError:
            return False
    return True


def _read_one(job: Job, issuers: IssuerDirectory, keep_going: bool) -> Read:
    """Read ``job`` here, as a lone document is read."""
    try:
        if job.sec:
            stream = load_documents(job.path, job.given, issuers)
            return Read(job, next(stream, None), stream)
        if _is_text(job):
            return _text_read(job, *extract_draft(job.path, job.given, issuers))
        return Read(job, load_disclosure(job.path, job.given, issuers))
    except LedgerError as exc:
        if not keep_going:
            raise
        return Read(job, error=exc)


def _text_read(job: Job, extraction: Extraction, draft: DisclosureDraft) -> Read:
    # The extraction (its dict and report) is kept for ``ledger extract`` only: ingest records
    # drafts, and a long manifest would hold both.
    return Read(job, draft, extraction=extraction if job.extract else None)


#: Documents waiting for each worker, at most, while this process plans the next ones.
_WAITING_PER_WORKER = 4


class _Workers:
    """Worker processes (one core short of the cores) for the text documents of one command:
    they read documents ahead of their turn, and finish the documents whose opening passes
    this process has done (one task each at a time, reading first). While this process waits
    for the document whose turn it is, it reads the next ones or finishes the newest waiting
    ones itself; once the planning is done, it finishes the ones no worker has taken. Each
    document is read once and finished once. With one core, threads running (forking a process
    that runs other threads can copy a lock one of them holds) or no ``fork`` (Windows),
    everything is done here, in order."""

    def __init__(
        self,
        cores: int,
        texts: Sequence[tuple[int, Path]],
        progress: Callable[[int, int], None] | None = None,
    ) -> None:
        self.side_by_side = (
            cores > 1
            and len(texts) > 1
            and threading.active_count() == 1
            and "fork" in multiprocessing.get_all_start_methods()  # not on Windows
        )
        self.workers = cores - 1
        #: Documents read ahead of their turn, at most, by the workers and this process.
        self.read_ahead = 2 * cores
        self.pool: ProcessPoolExecutor | None = None
        self.handed: list[tuple[_Planned, StartedDraft]] = []
        # Shared with the executor's thread, which gives a worker its next task as it becomes
        # idle (re-entrant: the callback of a future already done runs at once).
        self.lock = threading.RLock()
        self.unread: deque[tuple[int, Path]] = deque(texts if self.side_by_side else ())
        self.turn = -1
        self.reading: dict[int, Future[Document | None]] = {}
        self.read_here: dict[int, Document | None] = {}
        self.waiting: deque[tuple[_Planned, StartedDraft]] = deque()
        self.running: dict[int, Future[_Finished]] = {}
        self.busy = 0
        self.closed = False
        #: Documents finished by this process, by job index.
        self.done: dict[int, _Finished] = {}
        self.documents = len(texts)
        self.progress = progress

    def __enter__(self) -> _Workers:
        if self.side_by_side:
            # The extractor is imported before the workers are forked, so they inherit it.
            from .extractor import pipeline  # noqa: F401

            # Objects alive at the fork are left out of the workers' garbage collections,
            # which would otherwise touch (and so copy) every page of this process.
            gc.freeze()
            self.pool = ProcessPoolExecutor(
                max_workers=self.workers,
                mp_context=multiprocessing.get_context("fork"),
                initializer=_worker_started,
                initargs=(os.getpid(),),
            )
        return self

    def __exit__(self, *exc: object) -> None:
        if self.pool is not None:
            with self.lock:
                self.closed = True
            self.pool.shutdown(cancel_futures=True)
            gc.unfreeze()

    def document(self, index: int) -> Document | None:
        """Job ``index``'s document if it was read ahead of its turn, which is now; None when
        it was not (or could not be: reading it again here gives its error)."""
        if self.pool is None:
            return None
        with self.lock:
            self.turn = index
            while self.unread and self.unread[0][0] <= index:
                self.unread.popleft()  # its turn came before anyone read it
            future = self.reading.pop(index, None)
        self._dispatch()
        if index in self.read_here:
            return self.read_here.pop(index)
        if future is None:
            return None
        while not future.done() and self._help():
            pass
        try:
            return future.result()
        except BrokenProcessPool:
            return None

    def _help(self) -> bool:
        """While the document whose turn it is is being read: read the next unread one here, or
        else finish the newest waiting one; False when there is neither."""
        with self.lock:
            ahead = self.unread.popleft() if self._may_read_ahead() else None
        if ahead is not None:
            self.read_here[ahead[0]] = _read(ahead[1])
            return True
        return self._finish_newest()

    def _may_read_ahead(self) -> bool:
        return bool(self.unread) and self.unread[0][0] <= self.turn + self.read_ahead

    def submit(self, planned: _Planned, begun: StartedDraft) -> None:
        """Hand over a document whose opening passes are done, to be finished."""
        self.handed.append((planned, begun))
        if self.pool is None:
            return
        with self.lock:
            self.waiting.append((planned, begun))
        self._dispatch()
        # Documents waiting for a worker hold their text: past a few per worker, this process
        # finishes the newest itself before it plans more.
        if len(self.waiting) > _WAITING_PER_WORKER * self.workers:
            self._finish_newest()
        self._report()

    def _dispatch(self, finished: Future[Any] | None = None) -> None:
        """Give each idle worker its next task: the next document to read ahead, else the
        oldest one waiting to be finished (``finished``: the future whose worker became
        idle)."""
        with self.lock:
            self.busy -= finished is not None
            while self.busy < self.workers and not self.closed:
                assert self.pool is not None
                future: Future[Any]
                try:
                    if self._may_read_ahead():
                        index, path = self.unread[0]
                        future = self.reading[index] = self.pool.submit(_read, path)
                        self.unread.popleft()
                    elif self.waiting:
                        planned, begun = self.waiting[0]
                        future = self.pool.submit(_finish_in_worker, begun)
                        self.running[planned.index] = future
                        self.waiting.popleft()
                    else:
                        return
                except (BrokenProcessPool, RuntimeError):  # a worker was killed: left here
                    self.closed = True
                    return
                self.busy += 1
                future.add_done_callback(self._dispatch)

    def _finish_newest(self) -> bool:
        """Finish here the newest document no worker has taken; False when there is none."""
        with self.lock:
            if not self.waiting:
                return False
            planned, begun = self.waiting.pop()
        self.done[planned.index] = _finish(begun)
        self._report()
        return True

    def _report(self) -> None:
        """Tell ``progress`` how many documents are finished (here, or by a worker)."""
        if self.progress is not None:
            with self.lock:
                by_workers = sum(
                    1 for i, f in self.running.items() if f.done() and i not in self.done
                )
            self.progress(len(self.done) + by_workers, self.documents)

    def results(self) -> dict[int, Read]:
        """Every document handed over, finished, by job index; one that failed is left out (it
        is read again in order, which gives its error)."""
        if self.pool is None:
            for p, begun in self.handed:
                self.done[p.index] = _finish(begun)
                self._report()
        while self._finish_newest():
            pass
        for planned, _ in self.handed:
            if planned.index not in self.done:
                try:
                    self.done[planned.index] = self.running[planned.index].result()
                except BrokenProcessPool:  # a worker was killed: read again in order, here
                    self.done[planned.index] = None
                self._report()
        return {
            p.index: _text_read(p.job, *result)
            for p, _ in self.handed
            if (result := self.done[p.index]) is not None
        }


_Finished: TypeAlias = "tuple[Extraction, DisclosureDraft] | None"


def _finish(begun: StartedDraft) -> _Finished:
    try:
        return finish_draft(begun)
    except Exception:  # the document is read again in order, which raises its error
        return None


def _read(path: Path) -> Document | None:
    from .extractor.reading.text import read_document

    try:
        return read_document(path)
    except Exception:  # read again in its turn, which raises its error
        return None


def _finish_in_worker(begun: StartedDraft) -> _Finished:
    # Named at call time in the worker, so a test can make a forked worker fail.
    return _finish(begun)


def _worker_started(parent: int) -> None:
    # Ctrl-C reaches every process of the terminal's group: the command that started the
    # workers answers it (one line, and the workers stop with it), never a worker's traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # A command killed outright (SIGKILL, out of memory) cannot stop its workers, and a worker
    # waiting for its next document would wait for ever: it ends when its parent is gone.
    threading.Thread(target=_end_with, args=(parent,), daemon=True).start()


def _end_with(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(_PARENT_POLL_SECONDS)
    os._exit(1)


#: How often a worker checks that the command that started it is still running.
_PARENT_POLL_SECONDS = 0.25


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
