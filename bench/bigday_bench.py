"""The worst SMS day: a big day sent through the queue with a worker killed mid-way, and the national
day's plan.

Big day (moto in-process, mock_aws): BIGDAY_SOCIETIES societies, spread over every upazila, all due
for their committee-term reminder today. Invocations of the worker function
(handlers.message_jobs.message_worker, one queue message each, as the Lambda's event source hands
them) work the queue, WORKERS at once (threads; each request to moto runs alone, as a DynamoDB
request is atomic). Every invocation is short of time (its Lambda context has HANDOVER_MS left, under
the scan's HAND_ON_SECONDS), so the plan hands on through the queue after each page: the scheduled
scan plans the first page of the due index and each continuation the next (the handover figures),
while the workers already send what the pages before queued. One invocation is killed right after SNS
took an SMS and before the SMS log recorded it (the worst moment: the claim stays `sending`), so its
message is not deleted, comes back after its visibility timeout, and the invocation that takes it
settles the stale claim (`unknown`, not sent again) and sends the rest of the batch. SNS is moto's: what it recorded is what
was sent. Duplicates are numbers that got an SMS more than once; lost are the numbers owed one
(every president and secretary, and each office's digest) that got none. The rate is not slept
through (SMS_RATE_PER_SECOND is set very high): the seconds are moto's and the app's work.

National day (the plan only, nothing sent): NATIONAL_SOCIETIES societies with the deadlines every
society shares (audit by 30 June, accounts statement by 31 July) and committee terms spread over
three years. Each society's reminders are planned with the scan's own rules (domain.reminders.plan
with its id, so the national ones are staggered) and counted on the day they open (a daily scan
sends a reminder on its first day): one SMS per society's number and day (same-day reminders
together) and one digest per office, officer's number and day. `..._before` is the same season as
the scan planned it before: no stagger, and one SMS per reminder to the officer too.
"""
import json
import os
import threading
import time
from collections import Counter
from contextlib import contextmanager
from datetime import date, timedelta

BIGDAY_SOCIETIES = int(os.environ.get("BENCH_BIGDAY_SOCIETIES", "20000"))
NATIONAL_SOCIETIES = int(os.environ.get("BENCH_NATIONAL_SOCIETIES", "200000"))
TODAY = date(2027, 3, 1)
SEASON = (date(2027, 5, 15), date(2027, 7, 31))  # the national deadlines' reminder windows and around them
KILL_AT_SMS = 0.4  # the share of the day's SMS sent when the worker is killed
WORKERS = 2  # the worker's event source runs at most this many at once (infra: MaximumConcurrency)
VISIBILITY = 300  # seconds a message is hidden while an invocation has it (longer than any batch takes here)
STALE_CLAIM_SECONDS = 2  # a claim older than this was left by a dead sender (the app's default, shortened)
KILLED_BACK_AFTER = 3  # seconds before the killed invocation's message comes back (its visibility, shortened)
HANDOVER_MS = 1000  # the time left in each invocation's Lambda context: every plan invocation hands on after a page
WINDOW_HOURS = 11  # the send window, 09:00-20:00 Dhaka


@contextmanager
def bench_settings():
    """The worker's rate set very high (the bench counts, it does not sleep) and claims judged stale after
    STALE_CLAIM_SECONDS (the killed invocation's message comes back after seconds, not minutes); then put back."""
    from chalicelib.config import settings
    changes = {"SMS_RATE_PER_SECOND": "1000000", "STALE_CLAIM_SECONDS": str(STALE_CLAIM_SECONDS)}
    before = {name: os.environ.get(name) for name in changes}
    os.environ.update(changes)
    settings.cache_clear()
    try:
        yield
    finally:
        for name, value in before.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        settings.cache_clear()


@contextmanager
def one_request_at_a_time():
    """Each request to moto runs alone, as each request to DynamoDB is atomic: moto's backends are not
    thread-safe (a conditional write is a read then a write; a query walks a table another thread adds to).
    The invocations' own work still interleaves between requests."""
    from moto.core.botocore_stubber import BotocoreStubber
    lock, answer = threading.Lock(), BotocoreStubber.__call__

    def alone(self, *args, **kwargs):
        with lock:
            return answer(self, *args, **kwargs)

    BotocoreStubber.__call__ = alone
    try:
        yield
    finally:
        BotocoreStubber.__call__ = answer


class Killed(BaseException):
    """The worker's end (a timeout, the runtime gone): nothing after it runs in that invocation."""


def upazilas() -> list[str]:
    from chalicelib.domain import geography
    return sorted(a["code"] for d in geography.districts_under("") for a in geography.children(d))


def bench_society(n: int, upazila: str, prefix: str, ends: date, **facts):
    """Society n of a bench: its term ends on `ends`; facts are its AGM, audit and accounts dates."""
    from chalicelib.domain.society import from_dict
    return from_dict({
        "id": f"{n:017x}", "version": 1, "upazila_code": upazila, "registration_no": f"{prefix}-{n}",
        "registered_on": "2010-01-01", "name_bn": f"সমিতি {n}", "address": "বাংলাদেশ", "committee_kind": "elected",
        "committee_started_on": (ends - timedelta(days=1095)).isoformat(), "term_ends_on": ends.isoformat(),
        "officer_phone": f"+880171{int(upazila):07d}"[:14], "president_phone": f"+88018{n:08d}",
        "secretary_phone": f"+88019{n:08d}", "last_accounts_year": "2025-2026", **facts})


def big_day_society(n: int, upazila: str, today: date):
    ends = today + timedelta(days=60)
    return bench_society(n, upazila, "BD", ends, last_audit_year="2025-2026", last_audit_on="2026-09-01",
                         last_agm_on="2026-10-01", last_rectification_on="2026-09-10",
                         next_reminder_on=(ends - timedelta(days=90)).isoformat())


class Invocations:
    """WORKERS threads, each an invocation of the worker function after another (one queue message each,
    as the SQS event source hands them, at most WORKERS at once), until the queue is empty. The invocation
    that publishes the day's `kill_at`-th SMS is killed right after SNS took it, before the SMS log says so:
    the claim stays `sending`, its message is not deleted and comes back after KILLED_BACK_AFTER s, and the
    invocation that takes it finds the stale claim and settles it (unknown, never sent again)."""

    def __init__(self, kill_at: int):
        import chalicelib.handlers.jobs as jobs
        from chalicelib.config import settings
        from chalicelib.store import aws
        self.sqs, self.url, self.jobs = aws.client("sqs"), settings().messages_queue_url, jobs
        self.arn = self.sqs.get_queue_attributes(QueueUrl=self.url,
                                                 AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        self.kill_at, self.published, self.count, self.killed = kill_at, 0, 0, 0
        self.lock, self.failures = threading.Lock(), []
        self.plan_invocations, self.plan_seconds = 0, 0.0  # the plan's continuations (the scan's own is apart)

    def publish(self, publish):
        def killing(phone: str, text: str) -> str:
            message_id = publish(phone, text)
            with self.lock:
                self.published += 1
                kill = self.published == self.kill_at
            if kill:
                raise Killed  # SNS has the SMS; the invocation is gone before it records it
            return message_id
        return killing

    def run(self) -> tuple[int, int]:
        """(worker invocations, killed)"""
        real = self.jobs.publish_sms
        self.jobs.publish_sms = self.publish(real)  # what scan_stores hands the senders
        try:
            threads = [threading.Thread(target=self.worker, name=f"worker-{n}") for n in range(WORKERS)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
        finally:
            self.jobs.publish_sms = real
        if self.failures:
            raise self.failures[0]
        return self.count, self.killed

    def idle(self) -> bool:
        attributes = self.sqs.get_queue_attributes(QueueUrl=self.url, AttributeNames=[
            "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"])["Attributes"]
        return not sum(int(attributes[name]) for name in ("ApproximateNumberOfMessages",
                                                           "ApproximateNumberOfMessagesNotVisible"))

    def worker(self) -> None:
        from chalicelib.handlers.message_jobs import message_worker
        from local.worker import sqs_event
        while not self.failures:
            messages = self.sqs.receive_message(QueueUrl=self.url, MaxNumberOfMessages=1, VisibilityTimeout=VISIBILITY,
                                                AttributeNames=["All"]).get("Messages", [])
            if not messages:
                if self.idle():
                    return
                time.sleep(0.2)  # the killed invocation's message is hidden until its visibility timeout
                continue
            with self.lock:
                self.count += 1
            handle, started = messages[0]["ReceiptHandle"], time.perf_counter()
            plans = "plan" in json.loads(messages[0]["Body"])  # a continuation of the scan's plan
            try:
                answer = message_worker(sqs_event(messages[0], self.arn), short_of_time("message_worker")) or {}
            except Killed:
                with self.lock:
                    self.killed += 1
                self.sqs.change_message_visibility(QueueUrl=self.url, ReceiptHandle=handle,
                                                   VisibilityTimeout=KILLED_BACK_AFTER)
                continue  # not deleted: SQS hands it out again
            except Exception as exc:  # noqa: BLE001 - a bench failure: every thread stops, run() raises it
                self.failures.append(exc)
                return
            finally:
                if plans:
                    with self.lock:
                        self.plan_invocations += 1
                        self.plan_seconds += time.perf_counter() - started
            if answer.get("batchItemFailures"):  # the function asked for it back (a digest SNS did not take)
                self.sqs.change_message_visibility(QueueUrl=self.url, ReceiptHandle=handle,
                                                   VisibilityTimeout=KILLED_BACK_AFTER)
                continue
            self.sqs.delete_message(QueueUrl=self.url, ReceiptHandle=handle)


def short_of_time(function: str):
    """A Lambda context with HANDOVER_MS left: a plan in this invocation hands on after its first page."""
    from chalice.local import LambdaContext
    return LambdaContext(function, 1024, max_runtime_ms=HANDOVER_MS)


def counting_calls():
    """A fresh default boto3 session whose clients count their AWS requests; the counter."""
    import boto3
    calls = Counter()
    boto3.setup_default_session()
    boto3.DEFAULT_SESSION.events.register("before-parameter-build", lambda **_: calls.update(("call",)))
    return calls


def big_day() -> dict:
    import boto3
    from moto import mock_aws
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.sns.models import sns_backends

    from bench.scan_bench import load
    from chalicelib.store import aws
    from local.provision import provision

    os.environ.pop("AWS_ENDPOINT_URL", None)
    os.environ.update(AWS_ACCESS_KEY_ID="bench", AWS_SECRET_ACCESS_KEY="bench", AWS_DEFAULT_REGION="ap-southeast-1",
                      AWS_REGION="ap-southeast-1")
    codes = upazilas()
    with mock_aws(), bench_settings(), one_request_at_a_time():
        os.environ.update(provision("ap-southeast-1"))
        calls = counting_calls()
        aws.reset()
        import app  # noqa: F401  (the functions with their middleware, as Lambda has them)
        from chalicelib.handlers.jobs import scan_stores, time_left
        from chalicelib.services.daily_scan import run_scan, scan_figures
        seeding = time.perf_counter()
        societies = [big_day_society(n, codes[n % len(codes)], TODAY) for n in range(BIGDAY_SOCIETIES)]
        load(aws.table(os.environ["TABLE_SOCIETIES"]), societies)
        owed = Counter({s.president_phone: 1 for s in societies}) + Counter({s.secretary_phone: 1 for s in societies})
        owed.update({phone: 1 for phone in {s.officer_phone for s in societies}})  # one digest per office
        started, calls_before = time.perf_counter(), calls["call"]
        run = run_scan(TODAY, scan_stores(), time_left=time_left(short_of_time("daily_scan")))["run"]
        scan_seconds = time.perf_counter() - started
        invocations = Invocations(kill_at=int(len(owed) * KILL_AT_SMS))
        worker_invocations, killed = invocations.run()
        seconds, day_calls = time.perf_counter() - started, calls["call"] - calls_before
        figures = scan_figures(scan_stores(), run)
        got = Counter(phone for phone, _ in sns_backends[DEFAULT_ACCOUNT_ID]["ap-southeast-1"].sms_messages.values())
    boto3.setup_default_session()
    aws.reset()
    sent = sum(got.values())
    return {
        "bigday_due_societies": figures["due"],
        "bigday_sms_owed": sum(owed.values()),
        "bigday_sms_sent": sent,
        "bigday_duplicate_sms": sum(n - 1 for n in got.values() if n > 1),
        "bigday_lost_sms": sum(1 for phone in owed if not got[phone]),
        "bigday_uncertain_sms": figures["uncertain"],
        "bigday_digests": figures["digests"],
        "bigday_queue_messages": figures["batches"],
        "bigday_invocations": 1 + worker_invocations,  # the scan's, and the worker's
        "bigday_handover_plan_invocations": 1 + invocations.plan_invocations,  # the scan's and its continuations'
        "bigday_handover_worker_invocations": worker_invocations - invocations.plan_invocations,  # the sending
        "bigday_handover_run_done": figures["done"],
        "bigday_workers": WORKERS,
        "bigday_workers_killed": killed,
        "bigday_aws_calls_per_sms": round(day_calls / max(sent, 1), 2),
        "bigday_seed_seconds": round(started - seeding, 1),
        "bigday_plan_seconds": round(scan_seconds + invocations.plan_seconds, 1),
        "bigday_seconds": round(seconds, 1),
        "bigday_note": (f"the scan's invocation and {invocations.plan_invocations} continuations through the "
                        f"queue (each with {HANDOVER_MS} ms left: a page of the due index each) planned "
                        f"{figures['batches']} queue messages; {worker_invocations} worker invocations (one message "
                        f"each, {WORKERS} at once; the continuations among them) sent them; {killed} was killed right "
                        f"after "
                        f"SNS took the day's {int(KILL_AT_SMS * 100)} %-th SMS, before logging it, and its message "
                        f"came back after {KILLED_BACK_AFTER} s; moto's SNS counted, rate not slept; seconds: plan "
                        f"and sending, in process on moto; plan_seconds: the plan's invocations, while the workers "
                        f"sent (calls_per_sms: every AWS request of the plan and the "
                        f"workers, SQS included, per SMS sent)"),
    }


def national_society(n: int, upazila: str):
    ends = date(2027, 1, 1) + timedelta(days=n % 1095)  # terms end any day of three years
    return bench_society(n, upazila, "N", ends, last_audit_year="2024-2025", last_audit_on="2026-05-10",
                         last_agm_on="2026-06-20", last_rectification_on="2026-05-20")


def day_load(societies, staggered: bool, digests: bool) -> Counter:
    """SMS per day of the season: each reminder on the day it opens."""
    from chalicelib.config import settings
    from chalicelib.domain.digests import OFFICER_ROLES
    from chalicelib.domain.reminders import plan
    from chalicelib.domain.statutory import obligations
    rules, start, end = settings().reminder_rules(), *SEASON
    people, officers, per_reminder = set(), set(), Counter()
    for society in societies:
        for reminder in plan(obligations(society, start), rules, society.id if staggered else ""):
            day = reminder.starts_on
            if not reminder.recipients or not start <= day <= end:
                continue
            if not digests:  # as before: one SMS per reminder to each of its recipients
                per_reminder[day] += len(reminder.recipients)
                continue
            for role in reminder.recipients:
                if role in OFFICER_ROLES:
                    officers.add((society.upazila_code, society.officer_phone, day))
                else:
                    people.add((society.id, role, day))
    return Counter(day for _, _, day in people) + Counter(day for _, _, day in officers) + per_reminder


def national_day() -> dict:
    from chalicelib.config import settings
    codes = upazilas()
    societies = [national_society(n, codes[n % len(codes)]) for n in range(NATIONAL_SOCIETIES)]
    now, before = day_load(societies, staggered=True, digests=True), day_load(societies, staggered=False, digests=False)
    peak_day, peak = max(now.items(), key=lambda dn: dn[1])
    rate = settings().sms_rate_per_second * WORKERS
    return {
        "nationalday_societies": NATIONAL_SOCIETIES,
        "nationalday_sms_planned": sum(now.values()),
        "nationalday_peak_day_sms": peak,
        "nationalday_peak_day": peak_day.isoformat(),
        "nationalday_peak_hours_at_rate": round(peak / rate / 3600, 2),
        "nationalday_rate_sms_per_second": rate,
        "nationalday_send_window_hours": WINDOW_HOURS,
        "nationalday_sms_planned_before": sum(before.values()),
        "nationalday_peak_day_sms_before": max(before.values()),
        "nationalday_peak_hours_at_rate_before": round(max(before.values()) / rate / 3600, 2),
        "nationalday_note": (f"{SEASON[0]}..{SEASON[1]}, every reminder counted on the day it opens; rate = "
                             f"SMS_RATE_PER_SECOND x {WORKERS} workers; _before: no stagger, one SMS per reminder "
                             f"to the officer"),
    }


def run() -> dict:
    return {**national_day(), **big_day()}
