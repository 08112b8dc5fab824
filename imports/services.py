"""Importing a legacy case ledger (执行案件台账): every write of the imports app goes through here.

``import_job_create`` stores the upload and queues the job (the browser, the API and the command
start here). ``import_job_run`` does the work, from the Celery task or synchronously from
``manage.py import_cases``:

1. Pass 1 (validating) streams the file (imports.readers) and checks every row with the registration
   rules (imports.rules), then chunk by chunk against the database (case numbers already taken, an
   ID number registered under another name) and against the rows before it (duplicate numbers, one
   ID given two names). Every error goes to the error report with its row, column, cell and reason.
   Memory stays flat whatever the number of rows.
2. If any row is bad — or the job only validates — nothing is written: the job ends with its report.
3. Pass 2 (importing) writes everything in ONE transaction, in chunks of rows, with bulk inserts
   (imports.bulk): parties matched on their ID key (existing ones reused, never duplicated), bases,
   cases with their derived columns (statutory limit, escalation clock, money totals), party links,
   one timeline event per case, the carried-over money, the handler's assignment, the audit rows of
   all of them, and finally the case-number counters raised past the imported numbers. The
   counters are locked before the numbers are checked, so a registration at this court waits for
   the import instead of taking an imported number, and two runs of one job cannot both import.

On PostgreSQL pass 2 runs one chunk behind pass 1, inside the transaction, so that the database
writes while Python checks (``_Run``); a bad row stops the writing and the transaction is rolled
back. Progress (rows checked, rows written) is written outside the import transaction — through a
connection of its own — so a browser polling the job sees it move.
"""

from __future__ import annotations

import csv
import datetime as dt
import logging
import os
import pickle
import queue
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.db import DEFAULT_DB_ALIAS, DatabaseError, IntegrityError, connection, connections, transaction
from django.db.models import F
from django.db.models.functions import Greatest
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from cases import clock
from cases import services as case_services
from cases.deadlines import statutory_deadline
from cases.models import (
    Basis,
    CaseEvent,
    CaseNumberCounter,
    CaseParty,
    CaseStatus,
    ClosureType,
    Disbursement,
    DisbursementKind,
    EnforcementCase,
    EventKind,
    Party,
    PartyKind,
    Payment,
    PaymentSource,
)
from courts import access
from courts.models import Court, Role, Team, TeamMembership, TeamRole, User
from enforcement.errors import FieldErrors
from imports import layout
from imports.bulk import BulkWriter, IdAllocator, Table
from imports.models import RUNNING_STATUSES, FileFormat, ImportedCase, ImportJob, ImportStatus
from imports.readers import LedgerFileError, ProcessReader, open_ledger
from imports.rules import Judge, LegacyCase, LegacyParty, RowChecker, RowError, find_header, missing_columns
from imports.template import EXAMPLE_PREFIX
from transfers.models import Assignment, AssignmentKind

logger = logging.getLogger(__name__)

MAX_BYTES = getattr(settings, "IMPORT_MAX_BYTES", 100 * 1024 * 1024)
MAX_ROWS = getattr(settings, "IMPORT_MAX_ROWS", 300_000)
ERRORS_KEPT = 200  # on the job row for the page and the API; the report file has them all
CHUNK = 1000  # rows checked against the database, and written, at a time
PROCESS_READER_BYTES = 256 * 1024  # files from this size are parsed in a process of their own
HEADER_SEARCH_ROWS = 20
STALLED_AFTER = dt.timedelta(minutes=10)  # a running job without a heartbeat for this long is taken up again
ERROR_HEADERS = ["行号", "列", "内容", "原因"]

ProgressCallback = Callable[[dict], None]


# --- the upload ----------------------------------------------------------------------------------
def file_format_of(name: str) -> str | None:
    extension = os.path.splitext(name or "")[1].lower().lstrip(".")
    return extension if extension in FileFormat.values else None


@transaction.atomic
def import_job_create(*, actor: User, court: Court | None, upload, dry_run: bool = False, enqueue: bool = True) -> ImportJob:
    """Store an uploaded ledger and queue its import. ``upload`` is a Django File (an UploadedFile
    from a form or the API, or a File opened by the command). Raises FieldErrors / PermissionDenied."""
    errors: dict[str, list[str]] = {}
    if court is None:
        errors["court"] = [_("Choose the court.")]
    elif not access.can_import_in(actor, court):
        raise PermissionDenied(_("Only the filing clerks and the bureau chief of a court can import its cases."))
    name = os.path.basename(getattr(upload, "name", "") or "") if upload is not None else ""
    file_format = file_format_of(name)
    if upload is None or not name:
        errors["file"] = [_("Choose the ledger file (.xlsx or .csv).")]
    elif file_format is None:
        errors["file"] = [_("Upload an .xlsx or .csv file (an old .xls must first be saved as .xlsx).")]
    elif not upload.size:
        errors["file"] = [_("The file is empty.")]
    elif upload.size > MAX_BYTES:
        errors["file"] = [_("The file is too large (at most %(mb)d MB); split the ledger.") % {"mb": MAX_BYTES // (1024 * 1024)}]
    if errors:
        raise FieldErrors(errors)
    job = ImportJob(court=court, uploaded_by=actor, token=uuid.uuid4().hex, original_name=name[:255],
                    file_format=file_format, file_size=upload.size, dry_run=bool(dry_run),
                    celery_task_id=str(uuid.uuid4()) if enqueue else "")
    job.file.save(f"{job.token}.{file_format}", upload, save=False)
    stored = job.file.name
    _with_actor(job, actor, _("Uploaded"))
    try:
        job.save()
    except Exception:
        job.file.storage.delete(stored)
        raise
    if enqueue:
        task_id, pk = job.celery_task_id, job.pk
        transaction.on_commit(lambda: _enqueue(pk, task_id))
    return job


def _enqueue(job_id: int, task_id: str) -> None:
    from imports.tasks import run_import

    try:
        run_import.apply_async(args=[job_id], task_id=task_id)
    except Exception:  # broker down: the job stays queued and the sweep sends it again
        logger.exception("could not enqueue ledger import %s", job_id)


def _with_actor(job: ImportJob, actor: User | None, reason: str) -> ImportJob:
    job._history_user = actor
    job._change_reason = reason[:100]
    return job


# --- progress ------------------------------------------------------------------------------------
# --- progress ------------------------------------------------------------------------------------
class Progress:
    """Progress columns of the job, written at most every ``interval`` seconds and never by the import
    transaction (on PostgreSQL through a connection of its own, committed at once); and the caller's
    callback (Celery task state, terminal bar)."""

    COLUMNS = ("status", "validated_rows", "imported_rows", "estimated_rows", "total_rows")

    def __init__(self, job: ImportJob, callback: ProgressCallback | None, *, side=None, interval: float = 0.5) -> None:
        self.job_id = job.pk
        self.callback = callback
        self.side = side
        self.interval = interval
        self.values: dict = {"status": job.status, "validated_rows": 0, "imported_rows": 0, "estimated_rows": None,
                             "total_rows": None}
        self._last = 0.0

    def update(self, *, force: bool = False, **values) -> None:
        self.values.update(values)
        now = time.monotonic()
        if not force and now - self._last < self.interval:
            return
        self._last = now
        self._write()
        if self.callback is not None:
            self.callback(dict(self.values))

    def _write(self) -> None:
        columns = {name: self.values[name] for name in self.COLUMNS if self.values.get(name) is not None}
        columns["heartbeat_at"] = timezone.now()
        if self.side is not None:
            quote = self.side.ops.quote_name
            assignments = ", ".join(f"{quote(name)} = %s" for name in columns)
            with self.side.cursor() as cursor:
                cursor.execute(f"UPDATE {quote(ImportJob._meta.db_table)} SET {assignments} WHERE id = %s",
                               [*columns.values(), self.job_id])
        elif not connection.in_atomic_block:
            ImportJob.objects.filter(pk=self.job_id).update(**columns)
        # Otherwise (the SQLite demo, inside the import transaction) the database's one writer is busy
        # with the import: the Celery task's state carries the progress (imports.selectors.job_progress).


# --- running a job -------------------------------------------------------------------------------
class ImportConflict(Exception):
    """Rows that became invalid after they were checked (a number or a party registered meanwhile)."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__(f"{len(errors)} conflicting rows")
        self.errors = errors


class _RowErrors(Exception):
    """Pass 1 found bad rows: leave the import transaction (rolled back) and report them."""


@dataclass
class Validation:
    rows: int = 0
    valid: int = 0
    errors: int = 0
    first_errors: list = field(default_factory=list)
    max_seq: dict = field(default_factory=dict)  # (year, type code) → highest imported sequence
    ignored_columns: list = field(default_factory=list)
    spool_path: str = ""
    error_path: str = ""


def import_job_claim(*, job_id: int) -> ImportJob | None:
    """Take the job for a run: a queued job, or a running one whose heartbeat stopped (its worker
    died). None if it is finished or another run holds it — a task delivered twice runs once."""
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().select_related("court", "uploaded_by").filter(pk=job_id).first()
        if job is None:
            return None
        stalled = timezone.now() - STALLED_AFTER
        if job.status == ImportStatus.QUEUED or (
            job.status in RUNNING_STATUSES and (job.heartbeat_at is None or job.heartbeat_at < stalled)
        ):
            job.status = ImportStatus.VALIDATING
            job.started_at = job.heartbeat_at = timezone.now()
            job.validated_rows = job.imported_rows = job.error_count = 0
            job.errors, job.message, job.total_rows, job.estimated_rows = [], "", None, None
            _with_actor(job, job.uploaded_by, _("Validation started"))
            job.save()
            return job
    return None


def import_job_run(*, job_id: int, on_progress: ProgressCallback | None = None) -> ImportJob | None:
    """Check every row and, for a clean file, import it. Returns the finished job (None if it was not
    claimed: finished already, or running elsewhere)."""
    job = import_job_claim(job_id=job_id)
    if job is None:
        return None
    with translation.override(settings.LANGUAGE_CODE):
        run = _Run(job, on_progress)
        try:
            return run.execute()
        except Exception:
            logger.exception("ledger import %s failed", job.pk)
            job.refresh_from_db()
            run.result.errors, run.result.first_errors = 0, []
            return _finish(job, ImportStatus.FAILED, result=run.result, message=_(
                "The import stopped on an unexpected error; nothing was imported. The administrator can read the "
                "details in the log."))
        finally:
            run.close()


class _Run:
    """One run of a job.

    On PostgreSQL the two passes are pipelined inside the one import transaction: while pass 1 checks
    chunk k+1 in this thread, a writer thread has the database ingest chunk k (COPY releases the
    interpreter while the server works, so both cores work at once; a large file is moreover parsed
    in a child process). The first bad row stops the writing; pass 1 still checks every remaining
    row, and the transaction is rolled back — nothing is written, exactly as if pass 2 had not
    started. The transaction's connection is used by the writer thread only; the per-chunk lookups
    (numbers taken, parties on record), the ids (sequences) and the progress go through a second
    connection — the rows this import wrote are not visible there, but the maps of the numbers and
    parties seen so far cover them.

    Elsewhere (the SQLite demo, whose single writer would lock the whole site during pass 1) and for a
    validation-only job, pass 1 runs first without a transaction, spooling the normalised rows to a
    temporary file; pass 2 reads them back into the transaction."""

    def __init__(self, job: ImportJob, callback: ProgressCallback | None) -> None:
        self.job, self.court = job, job.court
        self.result = Validation()
        postgres = connection.vendor == "postgresql"
        self.pipelined = postgres and not job.dry_run
        # A connection of its own for the progress columns, the ids (sequences) and the lookups — never the
        # transaction's; unless the run is nested in a caller's transaction (tests), which only the
        # caller's connection sees.
        self.side = connections.create_connection(DEFAULT_DB_ALIAS) if postgres else None
        self.lookups_inside = connection.in_atomic_block
        self.progress = Progress(job, callback, side=self.side)
        self.numbers: dict[str, int] = {}  # case number → first row carrying it
        # ID key → [party id (0: to be created), kind, name, first row (0: on record before the import)]
        self.parties: dict[str, list] = {}
        self.writing = not job.dry_run  # until the first bad row
        self.locked: set[tuple[int, str]] = set()
        self.today = timezone.localdate()
        self.judges = _judges(self.court)
        self.policy = clock.policy_in_force(self.court.pk, self.today)
        self.importer: _Importer | None = None
        self.thread: _WriterThread | None = None
        self.triggers_off = False
        self.spool = None
        # Seconds spent by this thread in each step, for the log (where an import's time goes).
        self.seconds = {"read": 0.0, "check": 0.0, "lookups": 0.0, "prepare": 0.0, "queue": 0.0}

    def close(self) -> None:
        if self.thread is not None:
            self.thread.abort()
        if self.spool is not None and not self.spool.closed:
            self.spool.close()
        if self.side is not None:
            self.side.close()
        for path in (self.result.spool_path, self.result.error_path):
            if path:
                _remove(path)

    # --- the whole run -----------------------------------------------------------------------------
    def execute(self) -> ImportJob:
        job, result = self.job, self.result
        started = time.perf_counter()
        try:
            if self.pipelined:
                return self._pipelined(started)
            self._validate(self._spool_chunk)
            self._checked(started)
            if result.errors:
                raise _RowErrors
            if job.dry_run:
                return _finish(job, ImportStatus.DONE, result=result, message=_(
                    "All %(rows)d rows are valid. Nothing was imported (validation only).") % {"rows": result.rows})
            return self._second_pass()
        except LedgerFileError as exc:
            message = _(exc.message) % exc.params if exc.params else _(exc.message)
            result.errors, result.first_errors = 0, []
            return _finish(job, ImportStatus.FAILED, result=result, message=message)
        except _RowErrors:
            return _finish(job, ImportStatus.FAILED, result=result, message=_(
                "%(bad)d of %(rows)d rows have errors: nothing was imported. Correct them and upload the file again.")
                % {"bad": result.rows - result.valid, "rows": result.rows})
        except ImportConflict as exc:
            _remove(result.error_path)
            result.errors, result.first_errors = 0, []
            with _ErrorReport(result) as report:
                for error in exc.errors:
                    report.add(error)
            return _finish(job, ImportStatus.FAILED, result=result, message=_(
                "Meanwhile %(bad)d rows became invalid (see the errors): nothing was imported.") % {"bad": len(exc.errors)})
        except IntegrityError:
            logger.warning("ledger import %s hit a constraint", job.pk, exc_info=True)
            result.errors, result.first_errors = 0, []
            return _finish(job, ImportStatus.FAILED, result=result, message=_(
                "Meanwhile a case number or a party of the file was registered by someone else; nothing was imported. "
                "Upload the file again."))

    def _lock_referenced(self) -> None:
        """Without the foreign-key triggers, do what they would for the rows the import refers to but
        did not write: make sure they exist and keep them so (FOR KEY SHARE) until the commit — the
        court, the uploader, the judges and their teams. Parties on record are locked chunk by chunk
        (``_Importer.prepare``); every other reference is to a row this transaction wrote."""
        users = sorted({self.job.uploaded_by_id, *(j.id for j in self.judges)})
        teams = sorted({j.team_id for j in self.judges if j.team_id})
        for model, ids in ((Court, [self.court.pk]), (User, users), (Team, teams)):
            _lock_rows(connection, model, ids)

    def _checked(self, started: float) -> None:
        self.progress.update(force=True, validated_rows=self.result.rows, total_rows=self.result.rows)
        logger.info("ledger import %s: %d rows checked in %.1f s, %d errors (%s)", self.job.pk, self.result.rows,
                    time.perf_counter() - started, self.result.errors,
                    ", ".join(f"{name} {value:.1f} s" for name, value in self.seconds.items()))

    def _pipelined(self, started: float) -> ImportJob:
        result = self.result
        with transaction.atomic():
            with connection.cursor() as cursor:
                # The commit need not wait for its WAL to reach the disk: were the server to crash in that
                # instant, the whole transaction — cases and the job's "done" alike — would be lost
                # together, and the job, left running without a heartbeat, would be run again.
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
                # Foreign keys, where their triggers run, checked as each COPY ends (in the server, while
                # this thread checks the next chunk) rather than all at once in the commit.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            self.triggers_off = _without_reference_triggers()
            if self.triggers_off:
                self._lock_referenced()
            # The connection object itself (``connection`` is a per-thread proxy): the writer thread must
            # use this transaction, not open a connection of its own.
            conn = connections[DEFAULT_DB_ALIAS]
            self.importer = _Importer(self, IdAllocator(self.side), BulkWriter(conn))
            self.thread = _WriterThread(conn, self.importer.writer)
            try:
                self._validate(self._write_chunk)
                self._checked(started)
                if result.errors:
                    raise _RowErrors
                self.progress.update(force=True, status=ImportStatus.IMPORTING)
                self.thread.close(lambda: self.progress.update(imported_rows=self.thread.rows))
            finally:
                # Never leave the transaction while the writer may still use its connection.
                self.thread.abort()
                self.thread = None
            return self._complete(started)

    def _second_pass(self) -> ImportJob:
        job, result = self.job, self.result
        started = time.perf_counter()
        job.status = ImportStatus.IMPORTING
        job.total_rows = job.validated_rows = result.rows
        _with_actor(job, job.uploaded_by, _("Import started"))
        job.save(update_fields=["status", "total_rows", "validated_rows"])
        self.progress.update(force=True, status=ImportStatus.IMPORTING)
        with transaction.atomic():
            _lock_counters(connection, self.court.pk, sorted(result.max_seq))
            self.importer = _Importer(self, IdAllocator(connection), BulkWriter(connection))
            number_header = layout.COLUMN_BY_KEY["case_number"].header
            for chunk in _spooled(result.spool_path):
                # Registered since pass 1 checked it? (A race, not a mistake in the file.)
                taken = _taken_numbers(connection, [c.case_number for c in chunk])
                if taken:
                    raise ImportConflict([RowError(c.row, number_header, c.case_number,
                                                   _("This case number was registered meanwhile."))
                                          for c in chunk if c.case_number in taken])
                statements, rows = self.importer.prepare(chunk)
                for statement in statements:
                    self.importer.writer.execute(statement)
                self.progress.update(imported_rows=self.importer.counts["created_cases"])
            return self._complete(started)

    def _complete(self, started: float) -> ImportJob:
        """Inside the import transaction, after every row is written: raise the counters, record the job."""
        counts = self.importer.counts
        # The next registration at this court takes the number after the highest imported one.
        for (year, code), seq in self.result.max_seq.items():
            CaseNumberCounter.objects.filter(court=self.court, year=year, type_code=code).update(
                last_seq=Greatest(F("last_seq"), seq))
        self.progress.update(force=True, imported_rows=counts["created_cases"])
        seconds = self.importer.writer.seconds
        logger.info("ledger import %s: %d cases written %.1f s after the start; database time %.1f s, by table: %s",
                    self.job.pk, counts["created_cases"], time.perf_counter() - started, sum(seconds.values()),
                    ", ".join(f"{name} {value:.1f}" for name, value in sorted(seconds.items(), key=lambda kv: -kv[1])))
        # The job's own row last, in the same transaction: "done" exactly when the cases are in.
        return _finish(self.job, ImportStatus.DONE, result=self.result, counts=counts, message=_(
            "%(cases)d cases imported.") % {"cases": counts["created_cases"]})

    # --- pass 1 ------------------------------------------------------------------------------------
    def _validate(self, emit) -> None:
        """Read the file, check every row; ``emit`` each chunk's valid rows while nothing was bad."""
        job, result = self.job, self.result
        # A large file is parsed in a child process, on the other core, while this thread checks rows.
        big = job.file_size >= PROCESS_READER_BYTES
        reader = ProcessReader(job.file.path, job.file_format) if big else open_ledger(job.file.path, job.file_format)
        header = checker = None
        number_at = 0
        pending: list[tuple[int, list]] = []
        try:
            with _ErrorReport(result) as report:
                batches = reader.batches()
                while True:
                    started = time.perf_counter()
                    batch = next(batches, None)
                    self.seconds["read"] += time.perf_counter() - started
                    if batch is None:
                        break
                    for row_number, values in batch:
                        if header is not None:
                            if not _is_example(values, number_at):
                                pending.append((row_number, values))
                            continue
                        if row_number > HEADER_SEARCH_ROWS:
                            raise LedgerFileError(gettext_noop(
                                "No header row naming the column 案号 was found in the first %(n)d rows."),
                                n=HEADER_SEARCH_ROWS)
                        header = find_header(row_number, values)
                        if header is not None:
                            missing = missing_columns(header)
                            if missing:
                                raise LedgerFileError(gettext_noop("Required columns are missing: %(columns)s."),
                                                      columns="、".join(missing))
                            result.ignored_columns = header.ignored
                            number_at = header.columns["case_number"]
                            checker = RowChecker(court=self.court, header=header, judges=self.judges, today=self.today)
                    if len(pending) >= CHUNK:
                        self._check_chunk(pending, checker, report, emit)
                        pending = []
                        if result.rows > MAX_ROWS:
                            raise LedgerFileError(gettext_noop(
                                "The file has more than %(max)d rows: split it into several files."), max=MAX_ROWS)
                        estimate = reader.total_rows - header.row if reader.total_rows else None
                        fraction = reader.fraction()
                        if estimate is None and fraction:
                            estimate = int(result.rows / fraction)
                        self.progress.update(validated_rows=result.rows, estimated_rows=estimate,
                                             imported_rows=self.thread.rows if self.thread else 0)
                if header is None:
                    raise LedgerFileError(gettext_noop(
                        "No header row naming the column 案号 was found in the first %(n)d rows."), n=HEADER_SEARCH_ROWS)
                if pending:
                    self._check_chunk(pending, checker, report, emit)
                if result.rows == 0:
                    raise LedgerFileError(gettext_noop("The file has no rows below its header."))
                if result.rows > MAX_ROWS:
                    raise LedgerFileError(gettext_noop("The file has more than %(max)d rows: split it into several files."),
                                          max=MAX_ROWS)
        finally:
            reader.close()
            if self.spool is not None:
                self.spool.close()

    def _check_chunk(self, rows: list[tuple[int, list]], checker: RowChecker, report: _ErrorReport, emit) -> None:
        """Each row alone, then the chunk against the database and the rows before it; then ``emit``."""
        result = self.result
        started = time.perf_counter()
        checked = [checker.check(row_number, values) for row_number, values in rows]
        result.rows += len(rows)
        numbers = [number for _c, _e, number in checked if number]
        wanted = {p.key for case, _e, _n in checked if case for p in case.parties if p.key and p.key not in self.parties}
        pairs = set()
        if self.writing and self.pipelined:
            # Lock the counters of the numbers about to be checked first: from then on no registration
            # at this court can take one of them, so the check below cannot be overtaken.
            pairs = {(c.year, c.type_code) for c, _e, _n in checked if c is not None} - self.locked
            self.locked |= pairs

        def lookups(conn):
            if pairs:
                _lock_counters(conn, self.court.pk, sorted(pairs))
            return _taken_numbers(conn, numbers), _registered_parties(conn, wanted)

        # Pipelined, the lookups go through the second connection, without waiting for the writes queued
        # before them: what this import wrote is uncommitted there, but the maps of numbers and parties
        # seen so far already cover it. Run inside a caller's transaction (tests), whose rows a second
        # connection cannot see, they go through the import's own connection instead.

        self.seconds["check"] += time.perf_counter() - started
        started = time.perf_counter()
        if self.thread is None:
            taken, registered = lookups(connection)
        elif self.lookups_inside:
            taken, registered = self.thread.call(lookups)
        else:
            if pairs:
                self.thread.call(lambda conn: _lock_counters(conn, self.court.pk, sorted(pairs)))
                pairs = set()
            taken, registered = lookups(self.side)
        self.seconds["lookups"] += time.perf_counter() - started
        started = time.perf_counter()
        for pk, key, name, kind in registered:
            self.parties[key] = [pk, kind, name, 0]
        number_header = layout.COLUMN_BY_KEY["case_number"].header
        valid: list[LegacyCase] = []
        for (row, _values), (case, errors, number) in zip(rows, checked, strict=True):
            if number:
                if number in taken:
                    errors.append(RowError(row, number_header, number, _("This case number is already in the system.")))
                elif number in self.numbers:
                    errors.append(RowError(row, number_header, number, _("The same case number is in row %(row)d.")
                                           % {"row": self.numbers[number]}))
                else:
                    self.numbers[number] = row
            if case is not None:
                for party in case.parties:
                    if party.key:
                        conflict = self._party_conflict(party, row)
                        if conflict:
                            errors.append(RowError(row, layout.COLUMN_BY_KEY[f"{party.role}_id_number"].header,
                                                   party.id_number, conflict))
            if errors:
                for error in errors:
                    report.add(error)
                self.writing = False
                continue
            valid.append(case)
            key = (case.year, case.type_code)
            if case.seq > result.max_seq.get(key, 0):
                result.max_seq[key] = case.seq
        result.valid += len(valid)
        self.seconds["check"] += time.perf_counter() - started
        if valid and self.writing:
            emit(valid)

    def _party_conflict(self, party: LegacyParty, row: int) -> str | None:
        entry = self.parties.get(party.key)
        if entry is None:
            self.parties[party.key] = [0, party.kind, party.name, row]
            return None
        if entry[3] == 0:  # on record before the import
            return case_services.party_name_conflict(
                registered_name=entry[2], data=case_services.PartyInput(role=party.role, kind=party.kind, name=party.name))
        if entry[2] != party.name:
            return _("The same ID number is given to “%(name)s” in row %(row)d.") % {"name": entry[2], "row": entry[3]}
        return None

    def _write_chunk(self, chunk: list[LegacyCase]) -> None:
        started = time.perf_counter()
        statements, rows = self.importer.prepare(chunk)
        prepared = time.perf_counter()
        self.thread.put(statements, rows)
        self.seconds["prepare"] += prepared - started
        self.seconds["queue"] += time.perf_counter() - prepared

    def _spool_chunk(self, chunk: list[LegacyCase]) -> None:
        if self.job.dry_run:
            return
        if self.spool is None:
            self.spool = tempfile.NamedTemporaryFile("wb", suffix=".spool", delete=False)  # noqa: SIM115
            self.result.spool_path = self.spool.name
        pickle.dump(chunk, self.spool, protocol=pickle.HIGHEST_PROTOCOL)


def _remove(path: str) -> None:
    try:
        os.remove(path)
    except FileNotFoundError:
        pass


def _finish(job: ImportJob, status: str, *, result: Validation | None = None, counts: dict | None = None,
            message: str = "") -> ImportJob:
    job.status = status
    job.finished_at = job.heartbeat_at = timezone.now()
    job.message = message[:500]
    if result is not None:
        job.total_rows = result.rows
        job.validated_rows = result.rows
        job.error_count = result.errors
        job.errors = result.first_errors
        if result.error_path and result.errors:
            with open(result.error_path, "rb") as handle:
                job.error_file.save(f"{job.token}-errors.csv", File(handle), save=False)
    if counts:
        for name, value in counts.items():
            setattr(job, name, value)
        job.imported_rows = counts["created_cases"]
    reason = {ImportStatus.DONE: _("Finished"), ImportStatus.FAILED: _("Failed")}.get(status, status)
    _with_actor(job, job.uploaded_by, reason)
    job.save()
    return job


class _ErrorReport:
    """All errors, streamed to a CSV file (UTF-8 with BOM, which Excel opens as such); the first
    ERRORS_KEPT also on the job."""

    def __init__(self, result: Validation) -> None:
        self.result = result

    def __enter__(self):
        handle = tempfile.NamedTemporaryFile("w", suffix=".csv", encoding="utf-8-sig", newline="", delete=False)  # noqa: SIM115
        self.result.error_path = handle.name
        self.handle = handle
        self.writer = csv.writer(handle)
        self.writer.writerow(ERROR_HEADERS)
        return self

    def add(self, error: RowError) -> None:
        self.result.errors += 1
        self.writer.writerow([error.row, error.column, error.value, error.reason])
        if len(self.result.first_errors) < ERRORS_KEPT:
            self.result.first_errors.append([error.row, error.column, error.value, error.reason])

    def __exit__(self, *exc) -> None:
        self.handle.close()


def _judges(court: Court) -> list[Judge]:
    """The court's judges, each with the first active team they judge in (by team name)."""
    teams: dict[int, int] = {}
    for user_id, team_id in (TeamMembership.objects.filter(team__court=court, team__is_active=True, is_active=True,
                                                           role=TeamRole.JUDGE)
                             .order_by("team__name", "pk").values_list("user_id", "team_id")):
        teams.setdefault(user_id, team_id)
    return [Judge(u.pk, u.display_name, u.username, u.is_active, teams.get(u.pk))
            for u in User.objects.filter(court=court, role=Role.JUDGE).order_by("pk")]


def _is_example(values: list, number_at: int) -> bool:
    """The template's example row (its case number starts with 示例) is never imported."""
    value = values[number_at] if number_at < len(values) else None
    return isinstance(value, str) and value.lstrip().startswith(EXAMPLE_PREFIX)


def _spooled(path: str):
    if not path:
        return
    with open(path, "rb") as handle:
        while True:
            try:
                yield pickle.load(handle)
            except EOFError:
                return


# --- raw reads: they run on a connection given, which need not be the transaction's ----------------
def _taken_numbers(conn, numbers: list[str]) -> set[str]:
    if not numbers:
        return set()
    table = conn.ops.quote_name(EnforcementCase._meta.db_table)
    with conn.cursor() as cursor:
        if conn.vendor == "postgresql":
            cursor.execute(f"SELECT case_number FROM {table} WHERE case_number = ANY(%s)", [numbers])
            return {row[0] for row in cursor.fetchall()}
        found = set()
        for start in range(0, len(numbers), 500):
            part = numbers[start:start + 500]
            cursor.execute(f"SELECT case_number FROM {table} WHERE case_number IN ({', '.join(['%s'] * len(part))})", part)
            found.update(row[0] for row in cursor.fetchall())
        return found


def _registered_parties(conn, keys: set[str]) -> list[tuple[int, str, str, str]]:
    """(id, ID key, name, kind) of the parties on record with these keys. The condition id_key <> ''
    repeats the partial unique index's, so the planner uses that index."""
    if not keys:
        return []
    keys_list = list(keys)
    table = conn.ops.quote_name(Party._meta.db_table)
    rows: list = []
    with conn.cursor() as cursor:
        if conn.vendor == "postgresql":
            cursor.execute(f"SELECT id, id_key, name, kind FROM {table} WHERE id_key = ANY(%s) AND NOT (id_key = '')",
                           [keys_list])
            return cursor.fetchall()
        for start in range(0, len(keys_list), 500):
            part = keys_list[start:start + 500]
            cursor.execute(f"SELECT id, id_key, name, kind FROM {table} WHERE id_key IN ({', '.join(['%s'] * len(part))})",
                           part)
            rows.extend(cursor.fetchall())
    return rows


def _lock_counters(conn, court_id: int, pairs: list[tuple[int, str]]) -> None:
    """Create and lock the (court, year, type) counters, in a fixed order, on the import's connection."""
    quote = conn.ops.quote_name
    table = quote(CaseNumberCounter._meta.db_table)
    with conn.cursor() as cursor:
        for year, code in pairs:
            cursor.execute(f"INSERT INTO {table} (court_id, year, type_code, last_seq) VALUES (%s, %s, %s, 0) "
                           "ON CONFLICT DO NOTHING", [court_id, year, code])
            if conn.vendor == "postgresql":  # elsewhere the write transaction holds the whole database
                cursor.execute(f"SELECT id FROM {table} WHERE court_id = %s AND year = %s AND type_code = %s FOR UPDATE",
                               [court_id, year, code])


def _without_reference_triggers() -> bool:
    """Switch off the foreign-key triggers for the import transaction (``session_replication_role =
    replica``, allowed to a superuser — the database owner in the shipped docker-compose — and reset
    at its end). They cost a trigger call and an index probe per reference, some three million for a
    100,000-row ledger — the larger part of the database's work; the import keeps the guarantee by
    locking what it refers to outside itself (``_Run._lock_referenced``, ``_Importer.prepare``), and
    every other reference is to a row it has just written. Not allowed → False: the triggers check."""
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = replica")
    except DatabaseError:
        return False
    with connection.cursor() as cursor:
        cursor.execute("SHOW session_replication_role")
        return cursor.fetchone()[0] == "replica"


def _lock_rows(conn, model, ids: list[int]) -> None:
    """Lock rows against deletion as a foreign-key check would (FOR KEY SHARE); all must exist."""
    if not ids:
        return
    table = conn.ops.quote_name(model._meta.db_table)
    with conn.cursor() as cursor:
        cursor.execute(f"SELECT id FROM {table} WHERE id = ANY(%s) FOR KEY SHARE", [list(ids)])
        found = {row[0] for row in cursor.fetchall()}
    missing = set(ids) - found
    if missing:
        raise IntegrityError(f"{model._meta.db_table}: rows {sorted(missing)[:10]} referred to by the import are gone")


# --- the writer thread ---------------------------------------------------------------------------
class _WriterThread:
    """Executes prepared statements on the import transaction's connection, in order, in a thread of
    its own; at most ``depth`` chunks wait. The first error stops it (the rest is skipped) and is
    raised in the importing thread at its next call."""

    def __init__(self, conn, writer: BulkWriter, depth: int = 2) -> None:
        self.conn, self.writer = conn, writer
        self.items: queue.Queue = queue.Queue(maxsize=depth)
        self.error: BaseException | None = None
        self.rows = 0
        conn.inc_thread_sharing()
        self._thread = threading.Thread(target=self._work, name="ledger-import-writer", daemon=True)
        self._thread.start()

    def _work(self) -> None:
        while True:
            item = self.items.get()
            if item is None:
                return
            statements, rows, done = item
            if self.error is None:
                try:
                    for statement in statements:
                        if callable(statement):
                            statement(self.conn)
                        else:
                            self.writer.execute(statement)
                    self.rows += rows
                except BaseException as exc:  # noqa: BLE001 — handed to the importing thread
                    self.error = exc
            if done is not None:
                done.set()

    def raise_error(self) -> None:
        if self.error is not None:
            raise self.error

    def put(self, statements: list, rows: int) -> None:
        self.raise_error()
        self.items.put((statements, rows, None))

    def call(self, function: Callable):
        """Run ``function(connection)`` after everything queued; wait for it and return its result."""
        done = threading.Event()
        box: list = []
        self.items.put(([lambda conn: box.append(function(conn))], 0, done))
        done.wait()
        self.raise_error()
        return box[0]

    def close(self, while_waiting: Callable[[], None]) -> None:
        """Let the queued writes finish (calling ``while_waiting`` every half second), then stop."""
        self.items.put(None)
        while self._thread.is_alive():
            self._thread.join(0.5)
            while_waiting()
        self.conn.dec_thread_sharing()
        self.raise_error()

    def abort(self) -> None:
        """Stop at once (after the statement running): nothing more is written. No-op once closed."""
        if not self._thread.is_alive():
            return
        if self.error is None:
            self.error = RuntimeError("import aborted")
        while True:  # drop what waits, then stop the thread
            try:
                self.items.get_nowait()
            except queue.Empty:
                break
        self.items.put(None)
        self._thread.join()
        self.conn.dec_thread_sharing()


# --- pass 2: rows for every table ------------------------------------------------------------------
class _Importer:
    """Turns chunks of valid rows into prepared writes for every table (ids taken beforehand)."""

    def __init__(self, run: _Run, ids: IdAllocator, writer: BulkWriter) -> None:
        job, court = run.job, run.court
        self.run, self.ids, self.writer = run, ids, writer
        self.job_id, self.actor_id = job.pk, job.uploaded_by_id
        self.now = timezone.now()
        self.today = run.today
        self.tz = timezone.get_current_timezone()
        self.reason = _("Imported from the legacy ledger (import #%(n)d)") % {"n": job.pk}
        note = _("Carried over from the legacy ledger (import #%(n)d)") % {"n": job.pk}
        # Every open case arrives at level 0 today, so all have the same due date (the cases.clock rule).
        self.open_due = clock.due_on(SimpleNamespace(status=CaseStatus.IN_PROGRESS, clock_paused_since=None,
                                                     escalation_level=0, clock_from=self.today), run.policy)
        self.closure_labels = {code: str(label) for code, label in ClosureType.choices}
        self.closed_text = _("Imported from the legacy ledger (import #%(job)d, row %(row)d): filed on %(filed)s, "
                             "closed on %(closed)s (%(closure)s).")
        self.open_text = _("Imported from the legacy ledger (import #%(job)d, row %(row)d): filed on %(filed)s, open.")
        now, actor = self.now, self.actor_id
        self.tables = {
            "party": Table(Party, ["id", "kind", "name", "id_type", "id_number", "id_key", "id_missing_reason", "phone",
                                   "address", "legal_representative"], {"created_at": now, "updated_at": now}),
            "basis": Table(Basis, ["id", "document_number", "document_type", "issuing_court", "effective_date",
                                   "performance_deadline", "principal_amount"]),
            "case": Table(EnforcementCase, [
                "id", "case_number", "year", "type_code", "seq", "basis_id", "cause", "target_amount", "recovered_amount",
                "disbursed_amount", "held_amount", "held_since", "non_monetary_obligations", "status", "closure_type",
                "filed_on", "closed_on", "is_livelihood", "is_special_subject", "handler_id", "team_id", "limit_on",
                "clock_from", "escalation_due_on",
            ], {"court_id": court.pk, "registered_by_id": actor, "created_at": now, "updated_at": now}),
            "link": Table(CaseParty, ["id", "case_id", "party_id", "role", "position"]),
            "event": Table(CaseEvent, ["case_id", "description", "data"], {
                "kind": EventKind.REGISTERED, "actor_id": actor, "occurred_at": now, "is_substantive": False, "reason": ""}),
            "payment": Table(Payment, ["id", "case_id", "amount", "received_on"], {
                "source": PaymentSource.OTHER, "payer": "", "note": note, "recorded_by_id": actor, "created_at": now}),
            "disbursement": Table(Disbursement, ["id", "case_id", "payee_id", "amount", "paid_on"], {
                "kind": DisbursementKind.TO_APPLICANT, "note": note, "recorded_by_id": actor, "created_at": now}),
            "assignment": Table(Assignment, ["id", "case_id", "team_id", "handler_id", "started_at"], {
                "court_id": court.pk, "kind": AssignmentKind.MANUAL, "assigned_by_id": actor,
                "reason": _("Handler in the legacy ledger (import #%(n)d)") % {"n": job.pk},
                "decision": {"rule": "legacy ledger", "import_job": job.pk}}),
            "imported": Table(ImportedCase, ["case_id", "row_number"], {"job_id": job.pk}),
        }
        self.counts = {"created_cases": 0, "created_parties": 0, "reused_parties": 0, "open_cases": 0,
                       "unassigned_cases": 0}
        self._reused: set[int] = set()

    def prepare(self, chunk: list[LegacyCase]) -> tuple[list, int]:
        """The statements writing ``chunk``, and its number of cases."""
        book, t, counts = self.run.parties, self.tables, self.counts
        # Parties: one record per ID key — reused when on record, created at its first row otherwise;
        # a party without an ID number is always a record of its own (never matched on name).
        new_parties = []
        newly_reused: list[int] = []
        for c in chunk:
            for p in c.parties:
                if not p.key:
                    new_parties.append(p)
                    continue
                entry = book[p.key]
                if entry[0] == 0:
                    entry[0] = -1  # claimed by this chunk
                    new_parties.append(p)
                elif entry[3] == 0 and entry[0] not in self._reused:
                    self._reused.add(entry[0])
                    newly_reused.append(entry[0])
        party_ids = self.ids.take(Party, len(new_parties))
        unkeyed: dict[int, int] = {}  # id(LegacyParty) → party id, for parties without an ID number
        party_rows = []
        for pid, p in zip(party_ids, new_parties, strict=True):
            if p.key:
                book[p.key][0] = pid
            else:
                unkeyed[id(p)] = pid
            party_rows.append((pid, p.kind, p.name, p.id_type, p.id_number, p.key, p.id_missing_reason, p.phone,
                               p.address, p.legal_representative))
        counts["created_parties"] += len(party_rows)
        counts["reused_parties"] = len(self._reused)

        basis_ids = self.ids.take(Basis, len(chunk))
        case_ids = self.ids.take(EnforcementCase, len(chunk))
        link_ids = self.ids.take(CaseParty, sum(len(c.parties) for c in chunk))
        money = [c for c in chunk if c.recovered_amount > 0]
        payment_ids = self.ids.take(Payment, len(money))
        paid_out = [c for c in money if c.recovered_amount > c.held_amount]
        disbursement_ids = self.ids.take(Disbursement, len(paid_out))
        # The ladder (DESIGN.md §8) reads who has held an open case from its assignments; a closed
        # legacy case keeps its handler on the case row only.
        assigned = [c for c in chunk if c.handler_id and not c.closed]
        assignment_ids = self.ids.take(Assignment, len(assigned))

        case_of: dict[int, int] = {}  # row → case id
        payee_of: dict[int, int | None] = {}  # row → the only applicant's party id (None with several)
        basis_rows, case_rows, link_rows, event_rows, imported_rows = [], [], [], [], []
        links = iter(link_ids)
        today, job_id = self.today, self.job_id
        for basis_id, case_id, c in zip(basis_ids, case_ids, chunk, strict=True):
            case_of[c.row] = case_id
            basis_rows.append((basis_id, *c.basis))
            special = False
            applicants = []
            for p in c.parties:
                pid, kind = (book[p.key][0], book[p.key][1]) if p.key else (unkeyed[id(p)], p.kind)
                if p.role == "respondent" and kind == PartyKind.STATE_ORGAN:
                    special = True
                if p.role == "applicant":
                    applicants.append(pid)
                link_rows.append((next(links), case_id, pid, p.role, p.position))
            payee_of[c.row] = applicants[0] if len(applicants) == 1 else None
            received_on = c.closed_on if c.closed else today
            if c.closed:
                status, due = CaseStatus.CLOSED, None
                description = self.closed_text % {
                    "job": job_id, "row": c.row, "filed": c.filed_on.isoformat(), "closed": c.closed_on.isoformat(),
                    "closure": self.closure_labels[c.closure_type]}
            else:
                status, due = CaseStatus.IN_PROGRESS, self.open_due
                counts["open_cases"] += 1
                counts["unassigned_cases"] += c.handler_id is None
                description = self.open_text % {"job": job_id, "row": c.row, "filed": c.filed_on.isoformat()}
            case_rows.append((
                case_id, c.case_number, c.year, c.type_code, c.seq, basis_id, c.cause, c.target_amount, c.recovered_amount,
                c.recovered_amount - c.held_amount, c.held_amount, received_on if c.held_amount > 0 else None,
                c.non_monetary, status, c.closure_type, c.filed_on, c.closed_on, c.is_livelihood, special, c.handler_id,
                c.team_id, statutory_deadline(c.filed_on), today, due,
            ))
            event_rows.append((case_id, description, {
                "import_job": job_id, "row": c.row, "status": status, "closure_type": c.closure_type,
                "closed_on": c.closed_on.isoformat() if c.closed_on else None,
                "target_amount": str(c.target_amount), "recovered_amount": str(c.recovered_amount),
            }))
            imported_rows.append((case_id, c.row))
        counts["created_cases"] += len(chunk)

        w = self.writer
        statements = [
            # Parties on record, first used here: kept from deletion till the commit (when the
            # foreign-key triggers are off; otherwise the triggers do it).
            (lambda conn, ids=newly_reused: _lock_rows(conn, Party, ids)) if newly_reused and self.run.triggers_off else None,
            w.insert_statement(t["party"], party_rows),
            w.insert_statement(t["basis"], basis_rows),
            w.insert_statement(t["case"], case_rows),
            w.insert_statement(t["link"], link_rows),
            w.insert_statement(t["event"], event_rows),
            w.insert_statement(t["imported"], imported_rows),
            w.insert_statement(t["payment"], [
                (pid, case_of[c.row], c.recovered_amount, c.closed_on if c.closed else today)
                for pid, c in zip(payment_ids, money, strict=True)]),
            w.insert_statement(t["disbursement"], [
                (did, case_of[c.row], payee_of[c.row], c.recovered_amount - c.held_amount, c.closed_on if c.closed else today)
                for did, c in zip(disbursement_ids, paid_out, strict=True)]),
            w.insert_statement(t["assignment"], [
                (aid, case_of[c.row], c.team_id, c.handler_id, _start_of(c.filed_on, self.tz))
                for aid, c in zip(assignment_ids, assigned, strict=True)]),
        ]
        # The audit trail: one "created" record of each row, by the uploader, at the import's time.
        for model, ids in ((Party, party_ids), (Basis, basis_ids), (EnforcementCase, case_ids), (CaseParty, link_ids),
                           (Payment, payment_ids), (Disbursement, disbursement_ids), (Assignment, assignment_ids)):
            statements.append(w.history_statement(model, ids, user_id=self.actor_id, reason=self.reason, at=self.now))
        return [s for s in statements if s is not None], len(chunk)


def _start_of(day: dt.date, tz) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=tz)


def import_jobs_stalled(*, now: dt.datetime | None = None) -> list[int]:
    """Jobs to send to a worker again: queued for a minute without being taken (broker down when it was
    uploaded), or running without a heartbeat for STALLED_AFTER (worker died)."""
    now = now or timezone.now()
    queued = ImportJob.objects.filter(status=ImportStatus.QUEUED, created_at__lt=now - dt.timedelta(minutes=1)).exclude(
        celery_task_id="")
    stalled = ImportJob.objects.filter(status__in=[ImportStatus.VALIDATING, ImportStatus.IMPORTING],
                                       heartbeat_at__lt=now - STALLED_AFTER).exclude(celery_task_id="")
    return sorted(set(queued.values_list("pk", flat=True)) | set(stalled.values_list("pk", flat=True)))
