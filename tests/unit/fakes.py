"""In-memory stand-ins for the store adapters, with the same methods and meanings.

Each mirrors one class of chalicelib/store (Societies, SmsLog, Tasks, Offices,
LoginAttempts) or function (publish_sms, password_login), as services use them.
"""
import json
import time
from collections import Counter
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone

from chalicelib.domain.bangla import search_form
from chalicelib.domain.errors import NotAuthenticated
from chalicelib.domain.sms import PermanentSmsError, TransientSmsError, UncertainSmsError
from chalicelib.domain.society import DUPLICATE_REGNO, STALE_VERSION, Society, as_dict
from chalicelib.domain.stats import count_by_status, years_needed
from chalicelib.domain.terms import status_range


class InMemorySocieties:
    """store.societies.Societies: versioned records, a registration number once per district."""

    def __init__(self, *societies: Society):
        self.items: dict[str, Society] = {}
        self.audit: list[dict] = []  # {"entity", "id", "action", "actor", "before", "after"}
        for society in societies:
            self.create(society, "seed")

    def _regno_owner(self, society: Society) -> str | None:
        return next((s.id for s in self.items.values() if s.district_code == society.district_code
                     and s.registration_no == society.registration_no), None)

    def _log(self, action: str, actor: str, before, after) -> None:
        self.audit.append({"entity": "society", "id": (after or before).id, "action": action, "actor": actor,
                           "before": as_dict(before) if before else None, "after": as_dict(after) if after else None})

    def get(self, society_id: str, consistent: bool = False) -> Society | None:
        return self.items.get(society_id)

    def create(self, society: Society, actor: str) -> None:
        self.create_many([society], actor, "create")

    def create_many(self, societies: list[Society], actor: str, action: str = "import") -> None:
        """All or none, like the one transaction."""
        ids = [s.id for s in societies]
        regnos = [(s.district_code, s.registration_no) for s in societies]
        if len(set(ids)) < len(ids) or any(i in self.items for i in ids):
            raise STALE_VERSION
        if len(set(regnos)) < len(regnos) or any(self._regno_owner(s) for s in societies):
            raise DUPLICATE_REGNO
        for society in societies:
            self.items[society.id] = society
            self._log(action, actor, None, society)

    def replace(self, before: Society, after: Society, actor: str, action: str) -> None:
        current = self.items.get(before.id)
        if current is None or current.version != before.version:
            raise STALE_VERSION
        if self._regno_owner(after) not in (None, after.id):
            raise DUPLICATE_REGNO
        self.items[after.id] = after
        self._log(action, actor, before, after)

    def by_registration(self, district_code: str, registration_nos: list[str]) -> dict[str, Society]:
        return {s.registration_no: s for s in self.items.values()
                if s.district_code == district_code and s.registration_no in registration_nos}

    def list_area(self, area_code: str, today: date, *, status: str | None = None,
                  committee_kind: str | None = None, q: str | None = None, include_dissolved: bool = False,
                  cursor: str | None = None, limit: int = 50, fields: list[str] | None = None):
        low, high = status_range(status, today) if status else (None, None)
        found = [s for s in self.items.values()
                 if s.upazila_code.startswith(area_code)
                 and (include_dissolved or not s.dissolved_on)
                 and (low is None or s.term_ends_on >= low) and (high is None or s.term_ends_on <= high)
                 and (committee_kind is None or s.committee_kind == committee_kind)
                 and (q is None or search_form(q) in search_form(f"{s.name_bn} {s.name_en} {s.registration_no}"))]
        return sorted(found, key=lambda s: (s.upazila_code, s.id))[:limit], None

    def all_in_area(self, area_code: str, fields: list[str]) -> list[Society]:
        return self.list_area(area_code, date.today(), limit=10 ** 9)[0]

    def many(self, society_ids: list[str]) -> list[Society]:
        return [self.items[i] for i in society_ids if i in self.items]

    def due_ids(self, today: date):
        return [s.id for s in self.items.values() if s.next_reminder_on and s.next_reminder_on <= today]

    def due_page(self, today: date, cursor: dict | None, limit: int) -> tuple[list[str], dict | None]:
        """due_ids in id order from `cursor` (the last id given) on, `limit` at a time."""
        after = (cursor or {}).get("after") or ""
        ids = sorted(i for i in self.due_ids(today) if i > after)
        return ids[:limit], ({"after": ids[limit - 1]} if len(ids) > limit else None)

    def save_reminder_state(self, society: Society) -> bool:
        """Only the reminder fields are written, as a new version; False if the version moved."""
        current = self.items.get(society.id)
        if current is None or current.version != society.version:
            return False
        self.items[society.id] = replace(current, reminders_done=society.reminders_done,
                                         next_reminder_on=society.next_reminder_on, version=current.version + 1)
        return True

    def status_counts(self, area_code: str, today: date) -> dict:
        active = [s for s in self.items.values() if s.upazila_code.startswith(area_code) and not s.dissolved_on]
        year_totals = Counter(s.term_ends_on.year for s in active)
        day_counts = Counter(s.term_ends_on for s in active if s.term_ends_on.year in years_needed(today))
        return count_by_status(year_totals, day_counts, today)

    def trail(self, entity: str, entity_id: str) -> list[dict]:
        """store.audit.history: newest first."""
        return [e for e in reversed(self.audit) if e["entity"] == entity and e["id"] == entity_id]


class FakeClock:
    """A UTC clock that moves only when told."""

    def __init__(self, start: datetime = datetime(2026, 1, 15, 3, 0, tzinfo=timezone.utc)):
        self.moment = start

    def __call__(self) -> datetime:
        return self.moment

    def advance(self, seconds: float) -> None:
        self.moment += timedelta(seconds=seconds)


class InMemorySmsLog:
    """store.sms.SmsLog: one entry per (society, reminder key, phone), claimed before sending;
    `suppressed` holds the numbers on the suppression list."""

    def __init__(self, suppressed: set[str] | None = None, clock=None):
        self.entries: dict[tuple[str, str, str], dict] = {}
        self.suppressed = set(suppressed or ())
        self.clock = clock or (lambda: datetime.now(timezone.utc))

    def claim(self, society_id, reminder_key, role, phone, template, text, size, *, office_code="",
              kind="reminder", subject="SOCIETY") -> dict | None:
        key = (society_id, reminder_key, phone)
        if key in self.entries:
            return None
        self.entries[key] = {"society_id": society_id, "reminder": reminder_key, "role": role, "phone": phone,
                             "template": template, "text": text, "parts": size.parts, "status": "sending",
                             "cost_paisa": size.parts * 380,
                             "office_code": office_code, "kind": kind,
                             "claimed_at": self.clock().isoformat(timespec="milliseconds")}
        return self.entries[key]

    def held(self, society_id, reminder_key, phone, subject="SOCIETY") -> dict | None:
        """The entry that holds this claim, as stored."""
        entry = self.entries.get((society_id, reminder_key, phone))
        return dict(entry) if entry else None

    def _entry(self, entry: dict) -> dict:
        return self.entries[(entry["society_id"], entry["reminder"], entry["phone"])]

    def mark(self, entry: dict, status: str, *, message_id: str = "", error: str = "",
             from_status: str = "sending") -> bool:
        if self._entry(entry)["status"] != from_status:
            return False
        self._entry(entry).update(status=status, message_id=message_id, error=error)
        return True

    def release(self, entry: dict) -> None:
        del self.entries[(entry["society_id"], entry["reminder"], entry["phone"])]

    def is_suppressed(self, phone: str) -> bool:
        return phone in self.suppressed

    def read_suppressions(self, phones) -> None:
        """store.sms.SmsLog reads a batch's numbers at once; here every answer is at hand."""

    def hold_spend(self) -> None:
        """store.sms.SmsLog adds a batch's spend up and writes it at its end; here no spend is kept."""

    def add_held_spend(self) -> None:
        pass

    def for_society(self, society_id: str) -> list[dict]:
        return [e for e in self.entries.values() if e["society_id"] == society_id]


class InMemoryQueue:
    """store.message_jobs.JobQueue: the bodies sent, in order, until taken."""

    def __init__(self):
        self.messages: list[dict] = []

    def send(self, bodies: list[dict]) -> int:
        self.messages += [json.loads(json.dumps(b)) for b in bodies]  # as SQS carries them
        return len(bodies)


class InMemoryScanRuns:
    """store.scan_runs.ScanRuns: a run's plan, moved on slice by slice, and its batches' figures, each
    written whole."""

    def __init__(self):
        self.runs: dict[str, dict] = {}
        self.batches: dict[str, dict[int, dict]] = {}

    def start(self, run: dict) -> None:
        self.runs[run["run"]] = dict(run)

    def advance(self, run_id: str, slice_no: int, changes: dict) -> bool:
        run = self.runs[run_id]
        if run["slice"] != slice_no:
            return False
        run.update(json.loads(json.dumps(changes)), slice=slice_no + 1)  # as DynamoDB keeps them
        return True

    def plan(self, run_id: str) -> dict | None:
        return dict(self.runs[run_id]) if run_id in self.runs else None

    def save_batch(self, run_id: str, batch: int, figures: dict) -> None:
        self.batches.setdefault(run_id, {})[batch] = dict(figures)

    def read(self, run_id: str) -> tuple[dict | None, list[dict]]:
        return self.runs.get(run_id), list(self.batches.get(run_id, {}).values())


class InMemoryTasks:
    """store.tasks.Tasks: a task id is opened once, ever."""

    def __init__(self):
        self.items: dict = {}
        self.scanned_on: date | None = None

    def open(self, task) -> bool:
        if task.id in self.items:
            return False
        self.items[task.id] = task
        return True

    def close(self, task_id: str, today: date) -> None:
        task = self.items.get(task_id)
        if task and task.state == "open":
            self.items[task_id] = replace(task, state="done", closed_on=today)

    def for_office(self, office_code: str, state: str | None = "open", limit: int = 200) -> list:
        return [t for t in self.items.values()
                if t.office_code == office_code and (state is None or t.state == state)][:limit]

    def record_scan(self, today: date) -> None:
        self.scanned_on = today

    def last_scan_on(self) -> date | None:
        return self.scanned_on


class InMemoryOffices:
    """store.offices.Offices: office code -> phone."""

    def __init__(self, phones: dict[str, str] | None = None):
        self.items = {code: {"code": code, "phone": phone, "updated_at": None, "updated_by": None}
                      for code, phone in (phones or {}).items()}

    def get(self, code: str) -> dict:
        return self.items.get(code, {"code": code, "phone": None, "updated_at": None, "updated_by": None})

    def phone(self, code: str) -> str | None:
        return self.get(code)["phone"]

    def save(self, code: str, phone: str | None, actor: str, now: str) -> dict:
        self.items[code] = {"code": code, "phone": phone, "updated_at": now, "updated_by": actor}
        return self.items[code]


class FakePublisher:
    """store.sms.publish_sms: records (phone, text); raises the error chosen for a number."""

    ERRORS = {"permanent": PermanentSmsError, "transient": TransientSmsError, "uncertain": UncertainSmsError}

    def __init__(self, failures: dict[str, str] | None = None):
        self.failures = dict(failures or {})  # phone -> "permanent" | "transient" | "uncertain"
        self.sent: list[tuple[str, str]] = []

    def __call__(self, phone: str, text: str) -> str:
        if phone in self.failures:
            raise self.ERRORS[self.failures[phone]](f"{self.failures[phone]} error")
        self.sent.append((phone, text))
        return f"msg-{len(self.sent)}"


class InMemoryLoginAttempts:
    """store.logins.LoginAttempts: failures in a row; at the limit the username is locked."""

    def __init__(self):
        self.failures: Counter = Counter()
        self.locked: dict[str, float] = {}

    def locked_until(self, username: str) -> float:
        return self.locked.get(username, 0.0)

    def failed(self, username: str, limit: int, lock_seconds: int) -> int:
        self.failures[username] += 1
        count = self.failures[username]
        if count >= limit:
            self.locked[username] = int(time.time()) + lock_seconds
            self.failures[username] = 0
        return count

    def succeeded(self, username: str) -> None:
        self.failures.pop(username, None)
        self.locked.pop(username, None)


class FakePasswordLogin:
    """store.users.password_login: tokens for the right password, NotAuthenticated otherwise."""

    def __init__(self, passwords: dict[str, str]):
        self.passwords = passwords
        self.calls = 0

    def __call__(self, username: str, password: str) -> dict:
        self.calls += 1
        if self.passwords.get(username) != password:
            raise NotAuthenticated("login_failed", "Wrong username or password.", "ইউজারনেম বা পাসওয়ার্ড ভুল।")
        return {"id_token": f"token-{username}", "expires_in": 3600}


REMINDER_ENV = ("ELECTED_TERM_YEARS", "INTERIM_TERM_DAYS", "TERM_REMINDER_DAYS", "TERM_EXPIRY_NOTICE",
                "AGM_REMINDER_DAYS", "AUDIT_REMINDER_DAYS", "RECTIFICATION_REMINDER_DAYS", "ACCOUNTS_REMINDER_DAYS")


def default_settings(monkeypatch):
    """Term lengths and reminder days as the environment's defaults (90-day term reminder, ...);
    use as a generator fixture body: `yield from default_settings(monkeypatch)`."""
    from chalicelib.config import settings
    for name in REMINDER_ENV:
        monkeypatch.delenv(name, raising=False)
    settings.cache_clear()
    yield
    settings.cache_clear()
