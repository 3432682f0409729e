"""An office's budget report (issue 20 §5), computed from the files' movement logs alone.

A file's steps, in the new way: the society submits (to the upazila office), the upazila office recommends
(to the district office or the division's JR), the decider decides. For each step the report gives the median
working days the file waited at the office that took it (the day it arrived not counted, Friday–Saturday and
the public holidays not counted), and, for every decided file, the path's steps, working days and visits set
beside seed 003's table: before — 7 steps, 15–18 days, 4–5 visits; promised — 3 steps, 4–5 days, 1–2 visits.

Visits: a society that files from its phone makes none; each round the upazila office submitted on the
society's behalf counts one visit to that office. Days: working days from the first submission to the decision.
"""
from statistics import median

from .budget import working_days_between
from .budget_letter import FINAL, decision_movement, dhaka_date

SEED_TABLE = {
    "before": {"steps": [7, 7], "days": [15, 18], "visits": [4, 5]},
    "promised": {"steps": [3, 3], "days": [4, 5], "visits": [1, 2]},
}
STEPS = ("recommend", "decide")
ARRIVES = {"recommend": ("submitted", "submitted_on_behalf"), "decide": ("recommended",)}
ACTS = {"recommend": ("recommended", "returned"), "decide": ("approved", "approved_with_changes", "returned",
                                                              "rejected")}
SUBMISSIONS = ("submitted", "submitted_on_behalf")


def financial_year_of(day) -> str:
    """The financial year a day falls in: July to June ("2026-27" from 1 July 2026 to 30 June 2027)."""
    start = day.year if day.month >= 7 else day.year - 1
    return f"{start}-{(start + 1) % 100:02d}"


def step_waits(movements, holidays=frozenset()) -> list[dict]:
    """Each step taken in the log: which step, at which office, and the working days it waited there."""
    waits, arrived = [], None
    for m in movements:
        if arrived and m["action"] in ACTS[arrived[0]] and m.get("office_code") == arrived[1]["to_office_code"]:
            step, since = arrived
            waits.append({"step": step, "office_code": m["office_code"], "action": m["action"], "round": m["round"],
                          "days": working_days_between(dhaka_date(since["at"]), dhaka_date(m["at"]), holidays)})
            arrived = None
        for step, actions in ARRIVES.items():
            if m["action"] in actions and m.get("to_office_code"):
                arrived = (step, m)
    return waits


def path_figures(b, holidays=frozenset()) -> dict | None:
    """Steps, working days and visits of a decided file, from its first submission to its decision."""
    if b.state not in FINAL:
        return None
    moves = list(b.movements)
    first = next((n for n, m in enumerate(moves) if m["action"] in SUBMISSIONS), None)
    if first is None:
        return None
    decision = decision_movement(b)  # not the last movement: a scan may be attached after the decision
    path = moves[first:moves.index(decision) + 1]
    steps = sum(1 for m in path if m["action"] not in ("drafted", "drafted_on_behalf"))
    return {"steps": steps,
            "days": working_days_between(dhaka_date(moves[first]["at"]), dhaka_date(decision["at"]), holidays),
            "visits": sum(1 for m in moves if m["action"] == "submitted_on_behalf")}


def _median(values):
    return float(median(values)) if values else None


def _span(values):
    return {"median": _median(values), "min": min(values) if values else None,
            "max": max(values) if values else None}


def file_row(b, holidays=frozenset()) -> dict:
    """One file's line of the report (and of its CSV)."""
    waits = step_waits(b.movements, holidays)
    submitted = next((m["at"] for m in b.movements if m["action"] in SUBMISSIONS), None)
    decided = decision_movement(b)["at"] if b.state in FINAL else None
    row = {"budget_id": b.id, "society_id": b.society_id, "society_name_bn": b.society_name_bn,
           "financial_year": b.financial_year, "state": b.state, "decider_office_code": None,
           "submitted_on": dhaka_date(submitted).isoformat() if submitted else None,
           "decided_on": dhaka_date(decided).isoformat() if decided else None,
           "recommend_days": None, "decide_days": None, "rounds": b.round}
    for w in waits:  # the last round's wait of each step
        row[f"{w['step']}_days"] = w["days"]
        if w["step"] == "decide":
            row["decider_office_code"] = w["office_code"]
    row.update(path_figures(b, holidays) or {"steps": None, "days": None, "visits": None})
    return row


def report(office_code: str, files, holidays=frozenset()) -> dict:
    """The report of one office over the files on its path (its area's files)."""
    files = list(files)
    waits = [w for b in files for w in step_waits(b.movements, holidays)]
    received = {b.id for b in files for m in b.movements if m.get("to_office_code") == office_code}
    decided = [b for b in files if b.state in FINAL and decision_movement(b).get("office_code") == office_code]
    paths = [p for p in (path_figures(b, holidays) for b in files) if p]
    by_state = {}
    for b in files:
        by_state[b.state] = by_state.get(b.state, 0) + 1
    return {
        "office_code": office_code,
        "files": len(files),
        "files_received": len(received),
        "files_decided": len(decided),
        "by_state": by_state,
        "steps": [{"step": step, "taken": sum(1 for w in waits if w["step"] == step),
                   "median_working_days": _median([w["days"] for w in waits if w["step"] == step]),
                   "max_working_days": max([w["days"] for w in waits if w["step"] == step], default=None)}
                  for step in STEPS],
        "comparison": {**SEED_TABLE, "now": {"decided_files": len(paths),
                                             **{k: _span([p[k] for p in paths]) for k in ("steps", "days", "visits")}}},
        "rows": [file_row(b, holidays) for b in files],
    }


CSV_HEADER = ["নথি / File", "সমিতি / Society", "অর্থবছর / Financial year", "অবস্থা / State",
              "সিদ্ধান্তদাতা অফিস / Decider office", "দাখিল / Submitted on", "সিদ্ধান্ত / Decided on",
              "সুপারিশে কর্মদিবস / Working days to recommend", "সিদ্ধান্তে কর্মদিবস / Working days to decide",
              "ধাপ / Steps", "মোট কর্মদিবস / Working days in all", "যাতায়াত / Visits", "দফা / Rounds"]
CSV_KEYS = ["budget_id", "society_name_bn", "financial_year", "state", "decider_office_code", "submitted_on",
            "decided_on", "recommend_days", "decide_days", "steps", "days", "visits", "rounds"]


def csv_rows(rep: dict) -> list[list]:
    rows = [["" if r[k] is None else r[k] for k in CSV_KEYS] for r in rep["rows"]]
    now = rep["comparison"]["now"]
    for label, figures in (("আগে / Before (seed 003)", rep["comparison"]["before"]),
                           ("প্রতিশ্রুত / Promised (seed 003)", rep["comparison"]["promised"])):
        rows.append([label, "", "", "", "", "", "", "", "", _range(figures["steps"]), _range(figures["days"]),
                     _range(figures["visits"]), ""])
    rows.append(["এখন (মধ্যমা) / Now (median)", "", "", "", "", "", "", _blank(rep["steps"][0]["median_working_days"]),
                 _blank(rep["steps"][1]["median_working_days"]), _blank(now["steps"]["median"]),
                 _blank(now["days"]["median"]), _blank(now["visits"]["median"]), ""])
    return rows


def _range(pair) -> str:
    return str(pair[0]) if pair[0] == pair[1] else f"{pair[0]}-{pair[1]}"


def _blank(value) -> str:
    return "" if value is None else f"{value:g}"
