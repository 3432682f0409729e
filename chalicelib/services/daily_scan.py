"""The daily scan: find what is due in one pass and fan the sending out through the messages queue.

The scan (one scheduled invocation) reads the due index and the societies it names, 100 to a
request, and plans: the societies, in batches of SOCIETIES_PER_BATCH, each a queue message for
the workers (services.reminders.process sends each society's SMS and records them), and one
digest per office and officer's number (domain.digests), DIGESTS_PER_BATCH to a message. The
workers send at the configured rate (settings.sms_rate_per_second each, at most two at once):
the national day, staggered and digested, takes well under an hour of the send window.

Exactly once: every SMS is claimed in the SMS log before SNS is called (pk SOCIETY#<id> or
DIGEST#<office>, sk <reminder keys>#<phone>), so a queue message delivered twice, a worker
killed mid-batch, or the scan run twice on one day sends nothing twice; a claim left by a killed
worker is settled when its batch comes back (services.sms_sender.settle_held).
"""
import secrets
from collections import Counter
from dataclasses import replace
from datetime import date, datetime, timezone

from ..config import settings
from ..domain.digests import DIGEST, Digest, digest_key, digest_text
from ..domain.outbox import batches
from ..domain.sms import sms_size
from ..observability import correlation_id
from .loan_reminders import loan_batches, send_loan_reminders
from .reminders import ScanStores, due_now, logger, officer_notes, process
from .sms_sender import send_claimed, settle_held

SOCIETIES_PER_BATCH = 25   # a worker's message: at most ~75 SMS, under 10 s at 10 SMS a second
DIGESTS_PER_BATCH = 50
READ_CHUNK = 100           # societies per BatchGetItem
PLAN_FIGURES = ("scanned", "due", "items_read")  # counted by the plan; the rest by the workers
FIGURES = ("scanned", "due", "sms_sent", "sms_parts", "skipped", "uncertain", "errors", "items_read", "tasks_opened",
           "suppressed", "digests_sent", "loan_sms_sent")


class CachedOffices:
    """The office phones a scan asks for, each read once."""

    def __init__(self, offices):
        self.offices, self.phones = offices, {}

    def phone(self, code: str) -> str | None:
        if code not in self.phones:
            self.phones[code] = self.offices.phone(code)
        return self.phones[code]


class CachedTemplates:
    """The templates a batch uses, each district's read once (its SMS share a handful of districts)."""

    def __init__(self, templates):
        self.templates, self.found = templates, {}

    def saved(self, district_code: str):
        if district_code not in self.found:
            self.found[district_code] = self.templates.saved(district_code)
        return self.found[district_code]


def list_url() -> str:
    return f"{settings().site_url}/officer.html#/"


def plan_digests(societies, today: date, offices, rules, figures: Counter) -> dict[tuple[str, str], Digest]:
    """(office, phone) -> the digest of what the office's officer is told today; figures["due"]: the
    societies owed an SMS today (counted here, once, whatever happens to the batches)."""
    digests: dict[tuple[str, str], Digest] = {}
    for society in societies:
        if society.dissolved_on:
            continue
        due = due_now(society, today, rules)
        figures["due"] += any(r.recipients for r in due)
        for office, phone, template in officer_notes(society, due, offices):
            digests.setdefault((office, phone), Digest(office, phone)).add(society.id, template)
    return digests


def readable(societies, ids: list[str]) -> list:
    """These societies, 100 to a request; if one record cannot be read, the others one by one (the
    worker that processes the broken one counts its error)."""
    try:
        return societies.many(ids)
    except Exception:  # noqa: BLE001 - one bad record must not hold back every society after it
        found = []
        for society_id in ids:
            try:
                found += [s for s in [societies.get(society_id)] if s]
            except Exception:  # noqa: BLE001
                logger.warning("a due society cannot be read for the digest", extra={"society": society_id})
        return found


def run_scan(today: date, stores: ScanStores, now: datetime | None = None) -> dict:
    """Plan today's sending and queue it; the plan's figures (the workers' come with scan_figures)."""
    now = now or datetime.now(timezone.utc)
    rules, offices = settings().reminder_rules(), CachedOffices(stores.offices)
    figures = Counter({name: 0 for name in FIGURES})
    due_ids = list(stores.societies.due_ids(today))
    societies = (s for chunk in batches(due_ids, READ_CHUNK) for s in readable(stores.societies, chunk))
    digests = plan_digests(societies, today, offices, rules, figures)
    figures["scanned"] = len(due_ids)
    figures["items_read"] = 2 * len(due_ids)  # the index entry and the record
    run_id = f"{today.isoformat()}T{now:%H%M%S}{secrets.token_hex(3)}"
    url = list_url()
    bodies = [{"societies": group} for group in batches(due_ids, SOCIETIES_PER_BATCH)]
    bodies += [{"digests": [{"office_code": d.office_code, "phone": d.phone, "text": digest_text(d, url)}
                            for d in group]}
               for group in batches(sorted(digests.values(), key=lambda d: (d.office_code, d.phone)),
                                    DIGESTS_PER_BATCH)]
    if stores.loans is not None:  # borrowers' instalment reminders (services.loan_reminders)
        loan_bodies, due_loans = loan_batches(stores.loans, today)
        bodies += loan_bodies
        figures["items_read"] += due_loans  # their index entries (the workers count the loans they read)
    bodies = [{"scan": run_id, "today": today.isoformat(), "batch": n, "correlation_id": correlation_id(), **body}
              for n, body in enumerate(bodies)]  # the workers' log lines carry the scan's correlation_id
    stores.runs.start({"run": run_id, "today": today.isoformat(), "batches": len(bodies),
                       "digests": len(digests), **{name: figures[name] for name in PLAN_FIGURES}})
    stores.queue.send(bodies)
    stores.tasks.record_scan(today)
    logger.info("scan planned", extra={"run": run_id, "scanned": len(due_ids), "batches": len(bodies),
                                       "digests": len(digests)})
    return {"today": today.isoformat(), "run": run_id, "batches": len(bodies), "digests": len(digests), **figures}


def run_batch(stores: ScanStores, body: dict) -> dict:
    """One queue message of a scan: its societies processed, or its digests sent; its figures saved
    whole under the run (a message delivered again rewrites them)."""
    today = date.fromisoformat(body["today"])
    figures: Counter = Counter()
    if stores.templates is not None:
        stores = replace(stores, templates=CachedTemplates(stores.templates))
    for society_id in body.get("societies", ()):
        try:
            society = stores.societies.get(society_id, consistent=True)
            figures["items_read"] += 1
            if society:
                process(society, today, stores, figures)
        except Exception:  # one bad record must not hold back every society after it
            figures["errors"] += 1
            logger.exception("scan failed for a society", extra={"society": society_id})
    for digest in body.get("digests", ()):
        send_digest(stores, digest, today, figures)
    if body.get("loans"):  # borrowers' instalment reminders (services.loan_reminders)
        send_loan_reminders(stores, body["loans"], today, figures)
    figures.pop("due", None)  # the plan counted what was due
    stores.runs.save_batch(body["scan"], int(body["batch"]), figures)
    return dict(figures)


def send_digest(stores: ScanStores, digest: dict, today: date, figures: Counter) -> None:
    """An office's digest, once per office, number and day. One that surely did not go is failed
    (the list it points to is in the app), not retried."""
    office, phone, text = digest["office_code"], digest["phone"], digest["text"]
    size = sms_size(text)
    stores.pace()
    entry = stores.sms_log.claim(office, digest_key(today), "officer", phone, DIGEST, text, size,
                                 office_code=office, kind=DIGEST, subject="DIGEST")
    if entry is None:
        held = stores.sms_log.held(office, digest_key(today), phone, subject="DIGEST")
        settled = settle_held(stores.sms_log, held, stores.clock(), settings().stale_claim_seconds)
        figures["uncertain" if settled == "unknown" else "skipped"] += 1
        return
    outcome = send_claimed(stores.sms_log, stores.publish, entry, retry_later=False)
    figures[{"sent": "sms_sent", "unknown": "uncertain", "suppressed": "suppressed"}.get(outcome, "errors")] += 1
    if outcome == "sent":
        figures["sms_parts"] += size.parts
        figures["digests_sent"] += 1


def scan_figures(stores: ScanStores, run_id: str) -> dict:
    """The run's figures so far: the plan's and every finished batch's; `done` once all are in."""
    run, finished = stores.runs.read(run_id)
    figures = Counter({name: 0 for name in FIGURES})
    figures.update({name: int(run.get(name, 0)) for name in PLAN_FIGURES})
    for batch in finished:
        figures.update({name: int(batch.get(name, 0)) for name in FIGURES if name not in ("scanned", "due")})
    return {"today": run["today"], **figures, "run": run_id, "batches": int(run["batches"]),
            "digests": int(run["digests"]), "done": len(finished) == int(run["batches"])}
