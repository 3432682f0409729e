"""An office's tasks (opened by the daily scan, closed when the owner records what was done)."""
from dataclasses import asdict
from datetime import date

from ..domain.errors import Invalid
from ..domain.jurisdiction import Caller
from ..domain.tasks import TASK_STATES


def office_tasks(tasks, caller: Caller, state: str | None) -> dict:
    """The caller's own office's tasks, soonest due first (state open by default, done or all), and the day of
    the daily scan they are as of (None: it has not run yet, so an empty list means nothing yet)."""
    if state not in (None, "all", *TASK_STATES):
        raise Invalid("invalid_state", "state must be open, done or all.", "অবস্থা open, done বা all হতে হবে।")
    found = tasks.for_office(caller.office_code, None if state == "all" else state or "open")
    return {"items": [{k: (v.isoformat() if isinstance(v, date) else v) for k, v in asdict(t).items()}
                      for t in sorted(found, key=lambda t: (t.due_on, t.id))],
            "scanned_on": tasks.last_scan_on()}
