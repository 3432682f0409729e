"""Imports too big for one API request (29 s): the file goes to S3, and a job checks and writes it.

The browser asks for an upload form (a presigned POST to the private uploads bucket, under the office's
prefix; S3 holds it to the type and at most MAX_BYTES), uploads the file, and starts a job. Starting reads
the file once, so a file that cannot be read answers 400 invalid_file at once, as the direct import does.
A worker (the message {"import": job_id} on the messages queue) then checks every row exactly as the
direct import does (society_import.checked_file) and writes nothing if any row has an error; else it
writes the new societies chunk by chunk (a transaction each), recording rows done / total on the job
after each chunk. When its invocation runs short of time it queues the job again and stops: the next
invocation checks the file again, finds the rows written so far already there, and writes the rest.
The same file again creates nothing (its rows are `unchanged`); the same upload started twice is one job.

A job whose queue message keeps failing (the queue's maxReceiveCount receives, then the dead-letter queue)
would stay `checking` or `writing` for ever: the worker that fails it on its last receive saves the job
failed (import_stalled, fail_stalled) before the message goes, and a message of it moved back from the
dead-letter queue later does nothing. Not the clock: a job waiting its turn in the shared queue (behind a
big day's scan batches) is queued, not stalled, however long it waits.
"""
import secrets
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date

from ..config import settings
from ..domain.errors import DomainError, Invalid
from ..domain.jurisdiction import Caller, check_read
from ..domain.spreadsheet import MAX_BYTES, XLSX_TYPE
from ..observability import correlation_id, logger, use_correlation_id
from .site_content import publish_society, publish_society_sitemaps
from .society_import import check_importer, checked_file, parsed_file, write_paced

FILE_TYPES = ("text/csv", XLSX_TYPE)
MAX_ERRORS_KEPT = 500  # a job's item holds at most this many row errors (an item is at most 400 KB)
FINISHED = ("done", "failed")
PAGE_PUTS_AT_ONCE = 8
STALLED = DomainError("import_stalled", "The import stopped: its worker failed on every try. Rows written "
                      "so far stay; start the import of the file again to write the rest.",
                      "আমদানি থেমে গেছে: কাজটি প্রতিবার চেষ্টায় ব্যর্থ হয়েছে। "
                      "এ পর্যন্ত লেখা সারি থাকবে; বাকিগুলো লিখতে ফাইলটির আমদানি আবার শুরু করুন।")
JOB_FIELDS = ("job_id", "state", "dry_run", "rows", "rows_done", "valid", "errors", "error_count", "created",
              "unchanged", "created_at", "updated_at", "failure")


@dataclass
class ImportStores:
    jobs: object        # store.import_jobs.ImportJobs
    uploads: object     # store.uploads.Uploads
    societies: object   # store.societies.Societies
    queue: object       # store.message_jobs.JobQueue
    pages: object       # store.site.SiteFiles
    new_id: object      # store.societies.new_id


def upload_key(office_code: str, upload_id: str) -> str:
    return f"imports/{office_code}/{upload_id}"


def job_view(job: dict) -> dict:
    return {name: job[name] for name in JOB_FIELDS if name in job}


def upload_form(uploads, caller: Caller, content_type: str, size: int) -> dict:
    """Where and how the browser uploads one file (201): a presigned POST for a new upload id."""
    check_importer(caller)
    if content_type not in FILE_TYPES:
        raise Invalid("invalid_file_type", "Upload a CSV or XLSX file.", "CSV বা XLSX ফাইল দিন।")
    if not 0 < size <= MAX_BYTES:
        raise Invalid("file_too_large", f"A file of at most {MAX_BYTES // (1024 * 1024)} MB.",
                      f"ফাইল সর্বোচ্চ {MAX_BYTES // (1024 * 1024)} এমবি হতে পারে।")
    upload_id = secrets.token_hex(8)
    return {"upload_id": upload_id, "max_bytes": MAX_BYTES,
            **uploads.form(upload_key(caller.office_code, upload_id), content_type, MAX_BYTES)}


def start_job(stores: ImportStores, caller: Caller, upload_id: str, dry_run: bool, now: str) -> dict:
    """The job of this upload (a check, or the import itself), queued; the same job again if it was started
    (queued again while it is still `queued`: the first queue message may not have been sent)."""
    check_importer(caller)
    job_id = f"{upload_id}-{'check' if dry_run else 'import'}"
    started = stores.jobs.find(job_id)
    if started is not None and started["office_code"] == caller.office_code:
        if started["state"] == "queued":
            stores.queue.send([{"import": job_id}])
        return job_view(started)
    key = upload_key(caller.office_code, upload_id)
    head = stores.uploads.head(key)
    if head is None:
        raise Invalid("file_not_uploaded", "The file has not been uploaded (or the upload was for another office).",
                      "ফাইলটি আপলোড হয়নি (অথবা অন্য অফিসের জন্য আপলোড হয়েছিল)।")
    rows = len(parsed_file(stores.uploads.read(key) or b"", head["content_type"]).rows)  # 400 invalid_file now
    job = {"job_id": job_id, "state": "queued", "dry_run": dry_run, "rows": rows, "rows_done": 0, "valid": 0,
           "errors": [], "error_count": 0, "created": 0, "unchanged": 0, "already": 0, "key": key,
           "content_type": head["content_type"], "office_code": caller.office_code, "created_by": caller.username,
           "caller_role": caller.role, "created_at": now, "updated_at": now, "correlation_id": correlation_id()}
    if stores.jobs.create(job):
        stores.queue.send([{"import": job_id}])
        logger.info("import job started", extra={"job": job_id, "rows": rows, "dry_run": dry_run})
        return job_view(job)
    return job_view(stores.jobs.get(job_id))  # started a moment ago by a request racing this one


def get_job(jobs, caller: Caller, job_id: str) -> dict:
    """The job as it stands (a job waiting its turn in the queue stays `queued`, however long)."""
    job = jobs.get(job_id)
    check_read(caller, job["office_code"])
    return job_view(job)


def fail_stalled(jobs, job_id: str) -> bool:
    """The job failed (import_stalled) unless it is finished: its queue message failed on its last receive
    and goes to the dead-letter queue. False if it was finished already."""
    failure = {"code": STALLED.code, "message": STALLED.message_en, "message_bn": STALLED.message_bn}
    if not jobs.fail_unfinished(job_id, failure):
        return False
    logger.warning("import job stalled: failed", extra={"job": job_id})
    return True


def time_budget(remaining_ms: int | None, clock=time.monotonic):
    """more_time() for one invocation: IMPORT_SLICE_SECONDS, and 15 s short of Lambda's timeout."""
    seconds = settings().import_slice_seconds
    if remaining_ms is not None:
        seconds = min(seconds, remaining_ms / 1000 - 15)
    ends = clock() + seconds
    return lambda: clock() < ends


def run_job(stores: ImportStores, job_id: str, today: date, now: str, more_time) -> str:
    """One invocation's share of a job (see the module); the job's state after it."""
    job = stores.jobs.get(job_id)
    if job["state"] in FINISHED:
        return job["state"]
    if job.get("correlation_id"):
        use_correlation_id(job["correlation_id"])  # the request that started it
    caller = Caller(job["created_by"], job["caller_role"], job["office_code"])
    data = stores.uploads.read(job["key"])
    try:
        if data is None:
            raise Invalid("file_not_uploaded", "The uploaded file is no longer there; upload it again.",
                          "আপলোড করা ফাইলটি আর নেই; আবার আপলোড করুন।")
        if job["state"] == "queued":
            stores.jobs.save(job_id, state="checking")
        result, fresh = checked_file(stores.societies, caller, data, job["content_type"], today, now)
    except DomainError as refused:
        stores.jobs.save(job_id, state="failed", failure={"code": refused.code, "message": refused.message_en,
                                                          "message_bn": refused.message_bn})
        logger.warning("import job failed", extra={"job": job_id, "reason": refused.code})
        return "failed"
    if job["state"] != "writing":  # the first check decides, once: all rows or none
        job.update(valid=result["valid"], unchanged=result["unchanged"], errors=result["errors"][:MAX_ERRORS_KEPT],
                   error_count=len(result["errors"]), to_create=len(fresh))
        if job["dry_run"] or result["errors"]:
            stores.jobs.save(job_id, **_figures(job), rows_done=job["rows"], state="done")
            logger.info("import job checked", extra={"job": job_id, "errors": len(result["errors"])})
            return "done"
        stores.jobs.save(job_id, **_figures(job), state="writing")
    # what is written so far is now there ("unchanged" to this check): fresh is what is left
    job["created"] = int(job["to_create"]) - len(fresh) - int(job["already"])
    return _write(stores, job, fresh, caller, today, more_time)


def _figures(job: dict) -> dict:
    return {k: job[k] for k in ("valid", "unchanged", "errors", "error_count", "to_create", "created", "already")
            if k in job}


def _write(stores: ImportStores, job: dict, fresh: list, caller: Caller, today: date, more_time) -> str:
    job_id = job["job_id"]

    def after_chunk(created: list, already: int) -> None:
        # their pages now, a few S3 puts at a time (one after another they cost more than the writes); the
        # district's sitemap once, at the end
        with ThreadPoolExecutor(PAGE_PUTS_AT_ONCE) as puts:
            list(puts.map(lambda society: publish_society(stores.societies, stores.pages, society, today,
                                                          listing_changed=False), created))
        job["created"] += len(created)
        job["already"] = int(job["already"]) + already
        stores.jobs.save(job_id, created=job["created"], already=job["already"],
                         rows_done=int(job["unchanged"]) + job["created"] + job["already"])

    created, already = write_paced(stores.societies, stores.new_id, fresh, caller.username,
                                   settings().import_rows_per_second, after_chunk=after_chunk, more_time=more_time)
    if len(created) + already < len(fresh):
        stores.queue.send([{"import": job_id}])
        left = len(fresh) - len(created) - already
        logger.info("import job continues in another invocation",
                    extra={"job": job_id, "societies_created": job["created"], "left": left})
        return "writing"
    publish_society_sitemaps(stores.societies, stores.pages, {job["office_code"][:4]})  # the upazila's district
    stores.jobs.save(job_id, state="done", rows_done=job["rows"],
                     unchanged=int(job["unchanged"]) + int(job["already"]))
    logger.info("import job done", extra={"job": job_id, "societies_created": job["created"]})
    return "done"

