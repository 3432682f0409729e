"""The daily scan: find what is due in one pass and fan the sending out through the messages queue.

The plan reads the due index a page (PAGE_SIZE societies) at a time, and for each page the
societies it names (BatchGetItem, 100 to a request): it counts what each office's digest will say
(domain.digests) and queues the page's societies in batches of SOCIETIES_PER_BATCH, each a queue
message for the workers (services.reminders.process sends each society's SMS and records them).
After the last page it queues one message per digest. The workers send at the configured rate
(settings.sms_rate_per_second each, at most two at once): the national day, staggered and
digested, takes well under an hour of the send window.

A plan longer than its invocation: after each page the plan looks at the time left
(`time_left`, the Lambda context's); under HAND_ON_SECONDS it saves its cursor and the digests
counted so far in the run record and queues a continuation {"plan": run, "slice": n}, which a
worker carries on (continue_scan), and so on until the last page. Each hand-on moves the run's
`slice` by a conditional write, so a continuation delivered twice plans on once.

Exactly once: every SMS is claimed in the SMS log before SNS is called (pk SOCIETY#<id> or
DIGEST#<office>, sk <reminder keys>#<phone>), so a queue message delivered twice, a worker
killed mid-batch, a page planned again, or the scan run twice on one day sends nothing twice; a
claim left by a killed worker is settled when its batch comes back (services.sms_sender.settle_held).

Nothing is marked done that was not sent: a society's reminders are marked done only by the
worker that sent them (services.reminders.process), never by the plan, so a batch that ends in the
dead-letter queue leaves each society it did not reach due for the next scan. A digest is done when
its SMS log entry is `sent`: one SNS surely did not take gives its claim back and its message comes
back to the queue (retried by SQS, then kept in the dead-letter queue, from which it is moved back
and sent once).
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

SOCIETIES_PER_BATCH = 50   # a worker's message: at most ~100 SMS, 10 s at 10 SMS a second (its timeout: 60 s)
DIGESTS_PER_BATCH = 1      # a digest SNS did not take comes back alone, and no sent digest's figures with it
PAGE_SIZE = 1000           # due societies per page of the plan: one index query and ten BatchGetItems
HAND_ON_SECONDS = 30       # an invocation with less time left than this hands the rest of the plan on
SPEND_WRITTEN_EVERY = 10   # societies of a batch whose SMS' spend is written at once (sms.SmsLog.hold_spend)
PEOPLE = ("president", "secretary")  # a society's own people: its SMS in a batch (officers get the digest)
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
    """(office, phone) -> the digest of what the office's officer is told today of these societies;
    figures["due"]: the societies owed an SMS today (counted here, once, whatever happens to the batches)."""
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


def counted(digests: dict[tuple[str, str], Digest]) -> dict:
    """The digests as the run record keeps them between invocations."""
    return {f"{d.office_code}#{d.phone}": {"societies": d.societies, "reminded": d.reminded}
            for d in digests.values()}


def recounted(saved: dict) -> dict[tuple[str, str], Digest]:
    digests = {}
    for key, count in (saved or {}).items():
        office, _, phone = key.partition("#")
        digests[(office, phone)] = Digest(office, phone, int(count["societies"]),
                                          {t: int(n) for t, n in count["reminded"].items()})
    return digests


def run_scan(today: date, stores: ScanStores, now: datetime | None = None, time_left=None) -> dict:
    """Plan today's sending and queue it, handing the rest on when `time_left()` (seconds; None: no
    limit) runs short; the plan's figures (the workers' come with scan_figures)."""
    now = now or datetime.now(timezone.utc)
    run = {"run": f"{today.isoformat()}T{now:%H%M%S}{secrets.token_hex(3)}", "today": today.isoformat(),
           "batches": 0, "digests": 0, "slice": 0, "planned": False, "cursor": None, "counted": {},
           "correlation_id": correlation_id(), **{name: 0 for name in PLAN_FIGURES}}
    stores.runs.start(run)
    return plan(stores, run, time_left)


def continue_scan(stores: ScanStores, body: dict, time_left=None) -> dict | None:
    """Carry on a run's plan from where slice body["slice"] begins; None if that was done already."""
    run, asked = stores.runs.plan(body["plan"]), int(body["slice"])
    if run and not run["planned"] and int(run["slice"]) == asked:
        return plan(stores, run, time_left)
    if run and not run["planned"] and int(run["slice"]) == asked + 1:
        # this slice's hand-on was saved, but its invocation may have died before queueing the next:
        # queue it again (if both arrive, the conditional hand-on lets one of them plan on)
        stores.queue.send([continuation(run, asked + 1)])
    logger.info("scan continuation already planned", extra={"run": body["plan"], "slice": asked})
    return None


def continuation(run: dict, slice_no: int) -> dict:
    return {"plan": run["run"], "slice": slice_no, "today": run["today"], "correlation_id": run["correlation_id"]}


def plan(stores: ScanStores, run: dict, time_left) -> dict:
    """Plan pages of the due index from the run's cursor: until the last (then the digests), or until
    time runs short (then the rest is handed on). At least one page per invocation."""
    today = date.fromisoformat(run["today"])
    rules, offices = settings().reminder_rules(), CachedOffices(stores.offices)
    figures = Counter({name: int(run.get(name, 0)) for name in PLAN_FIGURES})
    digests, cursor, queued = recounted(run["counted"]), run.get("cursor"), int(run["batches"])
    while True:
        ids, cursor = stores.societies.due_page(today, cursor, PAGE_SIZE)
        read = readable(stores.societies, ids)
        for key, digest in plan_digests(read, today, offices, rules, figures).items():
            digests.setdefault(key, Digest(*key)).merge(digest)
        office = {society.id: society.upazila_code for society in read}
        ids = sorted(ids, key=lambda society_id: office.get(society_id, ""))  # a batch's SMS: few offices' spend
        figures["scanned"] += len(ids)
        figures["items_read"] += 2 * len(ids)  # the index entry and the record
        queued = queue(stores, run, queued, [{"societies": group} for group in batches(ids, SOCIETIES_PER_BATCH)])
        if cursor is None or (time_left is not None and time_left() < HAND_ON_SECONDS):
            break
    state = {"cursor": cursor, "counted": counted(digests), "batches": queued, **figures}
    return finish(stores, run, state, digests) if cursor is None else hand_on(stores, run, state)


def hand_on(stores: ScanStores, run: dict, state: dict) -> dict:
    """Save where the plan is, then queue its continuation (the next invocation carries on from the cursor)."""
    slice_no = int(run["slice"])
    if stores.runs.advance(run["run"], slice_no, state):
        stores.queue.send([continuation(run, slice_no + 1)])
        logger.info("scan handed on", extra={"run": run["run"], "slice": slice_no + 1, "scanned": state["scanned"]})
    return view(run, state, planned=False)


def finish(stores: ScanStores, run: dict, state: dict, digests: dict[tuple[str, str], Digest]) -> dict:
    """The last page is planned: queue the loans' reminders and the digests, and mark the run planned."""
    today, queued = date.fromisoformat(run["today"]), state["batches"]
    if stores.loans is not None:  # borrowers' instalment reminders, queued once the plan is complete
        loan_bodies, due_loans = loan_batches(stores.loans, today)
        queued = queue(stores, run, queued, loan_bodies)
        state["items_read"] += due_loans  # their index entries (the workers count the loans they read)
    url = list_url()
    queued = queue(stores, run, queued, [
        {"digests": [{"office_code": d.office_code, "phone": d.phone, "text": digest_text(d, url)}
                     for d in group]}
        for group in batches(sorted(digests.values(), key=lambda d: (d.office_code, d.phone)), DIGESTS_PER_BATCH)])
    state.update(batches=queued, digests=len(digests), planned=True, counted={})
    planned = stores.runs.advance(run["run"], int(run["slice"]), state)
    if planned:
        if stores.budgets is not None:
            late_budget_files(stores, today)
        stores.tasks.record_scan(today)
        logger.info("scan planned", extra={"run": run["run"], "scanned": state["scanned"], "batches": queued,
                                           "digests": len(digests), "invocations": int(run["slice"]) + 1})
    return view(run, state, planned=planned)


def late_budget_files(stores: ScanStores, today: date) -> None:
    """Budget files past a step's deadline: reminders, escalations and tasks, once each (services.budget_notices);
    few files a day, so the plan sends them itself."""
    from ..config import budget_escalate_days, budget_rules
    from .budget_notices import scan_late_files
    try:
        figures = scan_late_files(stores.budgets, stores.budget_notices, today, budget_rules()[1].holidays,
                                  budget_escalate_days())
    except Exception:  # noqa: BLE001 - the budget files' part never holds back the societies' scan
        logger.exception("late budget files not read; the next scan tries again")
        return
    logger.info("late budget files", extra=dict(figures))


def queue(stores: ScanStores, run: dict, numbered_from: int, bodies: list[dict]) -> int:
    """Queue these batches of the run, numbered on from `numbered_from`; the number after them."""
    stores.queue.send([{"scan": run["run"], "today": run["today"], "batch": numbered_from + n,
                        "correlation_id": run["correlation_id"], **body}  # the workers log under the scan's id
                       for n, body in enumerate(bodies)])
    return numbered_from + len(bodies)


def view(run: dict, state: dict, planned: bool) -> dict:
    figures = {name: int(state.get(name, 0)) for name in FIGURES}
    return {"today": run["today"], "run": run["run"], "batches": state["batches"], "digests": state.get("digests", 0),
            "planned": planned, **figures}


def run_batch(stores: ScanStores, body: dict) -> dict:
    """One queue message of a scan: its societies processed, or its digests sent; its figures saved
    whole under the run (a message delivered again rewrites them)."""
    today = date.fromisoformat(body["today"])
    figures: Counter = Counter()
    if stores.templates is not None:
        stores = replace(stores, templates=CachedTemplates(stores.templates))
    stores.sms_log.hold_spend()  # the spend in one write per office every SPEND_WRITTEN_EVERY societies
    try:
        return send_batch(stores, body, today, figures)
    finally:
        stores.sms_log.add_held_spend()


def send_batch(stores: ScanStores, body: dict, today: date, figures: Counter) -> dict:
    ids, digests = body.get("societies", ()), body.get("digests", ())
    read = batch_read(stores.societies, ids)
    stores.sms_log.read_suppressions([s.phone(role) for s in read.values() for role in PEOPLE if s.phone(role)]
                                     + [d["phone"] for d in digests])
    for n, society_id in enumerate(ids, 1):
        try:
            society = read.get(society_id) or stores.societies.get(society_id, consistent=True)
            figures["items_read"] += 1
            if society:
                process(society, today, stores, figures)
        except Exception:  # one bad record must not hold back every society after it
            figures["errors"] += 1
            logger.exception("scan failed for a society", extra={"society": society_id})
        if n % SPEND_WRITTEN_EVERY == 0:  # the spend held so far written: a worker killed later loses
            stores.sms_log.add_held_spend()  # at most the next few societies' SMS from the month's spend
            stores.sms_log.hold_spend()
    for digest in digests:
        send_digest(stores, digest, today, figures)
    if body.get("loans"):  # borrowers' instalment reminders (services.loan_reminders)
        send_loan_reminders(stores, body["loans"], today, figures)
    figures.pop("due", None)  # the plan counted what was due
    if figures["retry"]:
        return dict(figures)  # not finished: the message must come back (handlers.message_jobs)
    stores.runs.save_batch(body["scan"], int(body["batch"]), figures)
    return dict(figures)


def batch_read(societies, ids) -> dict:
    """id -> society for a batch, in one consistent request; {} if a record cannot be read (each is then
    read alone, and the broken one counted as an error)."""
    try:
        return {society.id: society for society in societies.many(list(ids))}
    except Exception:  # noqa: BLE001
        return {}


def send_digest(stores: ScanStores, digest: dict, today: date, figures: Counter) -> None:
    """An office's digest, once per office, number and day. One that surely did not go gives its
    claim back and counts figures["retry"]: its queue message is tried again."""
    office, phone, text = digest["office_code"], digest["phone"], digest["text"]
    size = sms_size(text)
    stores.pace()
    entry = stores.sms_log.claim(office, digest_key(today), "officer", phone, DIGEST, text, size,
                                 office_code=office, kind=DIGEST, subject="DIGEST")
    if entry is None:
        held = stores.sms_log.held(office, digest_key(today), phone, subject="DIGEST")
        settled = settle_held(stores.sms_log, held, stores.clock(), settings().stale_claim_seconds)
        # busy: claimed moments ago, maybe by this message's last delivery that died: look again later
        figures[{"unknown": "uncertain", "busy": "retry"}.get(settled, "skipped")] += 1
        return
    outcome = send_claimed(stores.sms_log, stores.publish, entry, retry_later=True)
    figures[{"sent": "sms_sent", "unknown": "uncertain", "suppressed": "suppressed", "deferred": "retry"}
            .get(outcome, "errors")] += 1
    if outcome == "sent":
        figures["sms_parts"] += size.parts
        figures["digests_sent"] += 1


def scan_figures(stores: ScanStores, run_id: str) -> dict:
    """The run's figures so far: the plan's and every finished batch's; `done` once it is planned and
    all are in."""
    run, finished = stores.runs.read(run_id)
    figures = Counter({name: 0 for name in FIGURES})
    figures.update({name: int(run.get(name, 0)) for name in PLAN_FIGURES})
    for batch in finished:
        figures.update({name: int(batch.get(name, 0)) for name in FIGURES if name not in ("scanned", "due")})
    planned = run.get("planned", True)  # a run from before continuations was planned in one go
    return {"today": run["today"], **figures, "run": run_id, "batches": int(run["batches"]),
            "digests": int(run["digests"]), "done": planned and len(finished) == int(run["batches"])}
