"""Asrayon loan use cases: projects, loans on the approved list, a loan as of any day, the defaulter list.

Plain functions taking the stores they use (`loans`: store/loans.Loans; `societies`: store/societies.Societies).
Only the project's upazila office writes; every office whose area holds the project's upazila reads.
"""
from dataclasses import asdict
from datetime import date

from ..config import settings
from ..domain.errors import Conflict, Invalid, NotAllowed, NotFound
from ..domain.jurisdiction import Caller, check_read
from ..domain.loans import (Borrower, Loan, LoanState, Project, defaulters_and_par, entries_until, project_as_dict,
                            state_as_of)
from ..domain.spreadsheet import csv_text
from ..domain.validation import validated
from .registry import readable_area

NO_PROJECT = NotFound("project_not_found", "No such project.", "এমন কোনো প্রকল্প নেই।")
NO_LOAN = NotFound("loan_not_found", "No such loan.", "এমন কোনো ঋণ নেই।")
PROJECT_CHANGED = Conflict("project_changed", "The project changed meanwhile; read it again and retry.",
                          "প্রকল্পটি এর মধ্যে পরিবর্তিত হয়েছে; আবার দেখে চেষ্টা করুন।")
UPAZILA_ONLY = NotAllowed(
    "upazila_office_only", "Only the project's upazila office can do this; an office above asks it through a "
    "correction request.", "কেবল প্রকল্পের উপজেলা সমবায় অফিস এটি করতে পারে; ঊর্ধ্বতন অফিস সংশোধনের অনুরোধ পাঠায়।")


def check_loan_write(caller: Caller, upazila_code: str) -> None:
    check_read(caller, upazila_code)
    if caller.role != "upazila":
        raise UPAZILA_ONLY


def _invalid_field(field: str, code: str, en: str, bn: str) -> Invalid:
    return Invalid("invalid_input", "Some fields are not valid.", "কিছু তথ্য সঠিক নয়।",
                   [{"field": field, "code": code, "message": en, "message_bn": bn}])


# ---- projects --------------------------------------------------------------------------------

def create_project(loans, societies, new_id, caller: Caller, body: dict, today: date, now: str) -> Project:
    from ..domain.loan_input import ProjectInput  # pydantic loads only when something is written
    valid = validated(ProjectInput, body, {"today": today})
    check_loan_write(caller, valid.upazila_code)
    if valid.society_id:
        society = societies.get(valid.society_id)
        if society is None or society.upazila_code != valid.upazila_code:
            raise _invalid_field("society_id", "unknown_society", "No society of this upazila has this id.",
                                 "এই উপজেলায় এই আইডির কোনো সমিতি নেই।")
    fields = valid.model_dump()
    if fields["late_policy"] != "accept_with_charge":
        fields["late_charge_paisa"] = 0  # a charge is kept only where it is levied (as PUT .../late-policy keeps it)
    project = Project(id=new_id(), created_at=now, created_by=caller.username, late_policy_since=today, **fields)
    loans.add_project(project, caller.username)
    return project


def set_late_policy(loans, caller: Caller, project_id: str, body: dict, today: date) -> Project:
    """The project's late policy from today (its upazila office; audited). Instalments due before today are not
    charged under a new "accept_with_charge"."""
    from ..domain.loan_input import LatePolicyInput
    from ..domain.loan_late import with_policy
    valid = validated(LatePolicyInput, body)
    project = loans.get_project(project_id)
    if project is None:
        raise NO_PROJECT
    check_loan_write(caller, project.upazila_code)
    after = with_policy(project, valid.late_policy, valid.late_charge_paisa, today)
    loans.set_late_policy(project, after, caller.username, PROJECT_CHANGED)
    return after


def area_projects(loans, caller: Caller, area_code: str | None) -> tuple[str, list[Project]]:
    code = readable_area(caller, area_code)
    return code, loans.projects_in_area(code)


def readable_project(loans, caller: Caller, project_id: str) -> Project:
    project = loans.get_project(project_id)
    if project is None:
        raise NO_PROJECT
    check_read(caller, project.upazila_code)
    return project


def project_loans(loans, caller: Caller, project_id: str, as_of: date, query: str | None = None,
                  cursor: str | None = None, limit: int = 200) -> dict:
    """A project's loans (its approved list and drafts) by barrack and room, each as of the day: a page of those
    whose borrower's name or phone matches `query`, from `cursor` on."""
    project = readable_project(loans, caller, project_id)
    rules = settings().arrears_rules()
    found, total, next_cursor = loans.project_loans_page(project, query, cursor, limit)
    return {"project": project_view(project), "as_of": as_of.isoformat(), "total": total,
            "items": [loan_summary(loan, state_as_of(loan, as_of, rules)) for loan in found],
            "next_cursor": next_cursor}


# ---- loans -----------------------------------------------------------------------------------

def create_loan(loans, new_id, caller: Caller, body: dict, today: date, now: str) -> Loan:
    """A loan of the project's upazila office, on the project's approved list at once."""
    from ..domain.loan_input import LoanInput
    valid = validated(LoanInput, body, {"today": today})
    project = loans.get_project(valid.project_id)
    if project is None:
        raise NO_PROJECT
    check_loan_write(caller, project.upazila_code)
    fields = valid.model_dump(exclude={"borrower"})
    loan = Loan(id=new_id(), upazila_code=project.upazila_code, borrower=Borrower(**valid.borrower.model_dump()),
                created_at=now, created_by=caller.username, state="approved", approved_at=now,
                approved_by=caller.username, **fields)
    from .loan_standing import check_eligible
    check_eligible(loans, project.upazila_code, loan.borrower, loan.loan_date)
    loans.add_loan(loan, caller.username)
    return loan


def loan_as_of(loans, caller: Caller, loan_id: str, as_of: date) -> tuple[Loan, LoanState]:
    loan = loans.get_loan(loan_id)
    if loan is None:
        raise NO_LOAN
    check_read(caller, loan.upazila_code)
    return loan, state_as_of(loan, as_of, settings().arrears_rules())


def area_defaulters(loans, caller: Caller, area_code: str | None, as_of: date, cursor: str | None = None) -> dict:
    """Loans in arrears at the end of `as_of` (the ledger replayed to that day; unpaid and part paid), among the
    next page of the area's loans (settings' loan_area_page_loans from `cursor`; an area within it is one page):
    the figures are the page's, and next_cursor (None on the last page) reads on."""
    code = readable_area(caller, area_code)
    projects = {p.id: p for p in loans.projects_in_area(code)}
    area_loans, next_cursor = loans.area_loan_page(code, cursor, settings().loan_area_page_loans)
    rules = settings().arrears_rules()
    found, at_risk = defaulters_and_par(area_loans, projects, as_of, rules)
    items = [defaulter_view(d.loan, d.state, d.project) for d in found]
    from ..domain.loan_buckets import bucket_totals
    return {"area_code": code, "as_of": as_of.isoformat(), "items": items, "count": len(items),
            "total_overdue_paisa": sum(i["overdue_paisa"] for i in items), "loans": len(area_loans),
            "next_cursor": next_cursor,
            "by_bucket": bucket_totals((d.state for d in found), rules),
            "par30": {"at_risk_paisa": at_risk.at_risk_paisa, "outstanding_paisa": at_risk.outstanding_paisa,
                      "ratio": round(at_risk.ratio, 4)}}


# ---- what the routes answer -------------------------------------------------------------------

def project_view(project: Project) -> dict:
    return project_as_dict(project)


def schedule_view(loan: Loan) -> list[dict]:
    return [{"no": i.no, "due_on": i.due_on.isoformat(), "amount_paisa": i.amount_paisa,
             "charge_paisa": i.charge_paisa, "principal_paisa": i.principal_paisa} for i in loan.schedule]


def named_loan_view(loans, loan: Loan, state: LoanState | None = None) -> dict:
    """The loan's answer naming its project (one more read)."""
    return loan_view(loan, state, loans.get_project(loan.project_id))


def loan_view(loan: Loan, state: LoanState | None = None, project: Project | None = None) -> dict:
    """The loan; with its state as of a day when given (GET /api/loans/{id}); with its project's name when given."""
    view = {"id": loan.id, "project_id": loan.project_id, "upazila_code": loan.upazila_code,
            **({"project_name_bn": project.name_bn, "project_name_en": project.name_en} if project else {}),
            "borrower": asdict(loan.borrower), "loan_date": loan.loan_date.isoformat(),
            "principal_paisa": loan.principal_paisa, "service_charge_paisa": loan.service_charge_paisa,
            "total_paisa": loan.total_paisa, "instalments": loan.instalments, "frequency": loan.frequency,
            "first_due_on": loan.first_due_on.isoformat(), "state": loan.state, "approved_at": loan.approved_at,
            "approved_by": loan.approved_by, "created_at": loan.created_at, "created_by": loan.created_by,
            "version": loan.version, "schedule": schedule_view(loan),
            "changes": [{**c, "instalments": int(c["instalments"])} if "instalments" in c else dict(c)
                        for c in loan.changes]}
    if state is None:
        return view
    view["schedule"] = [{**line, "paid_paisa": s.paid_paisa, "status": s.status}
                        for line, s in zip(view["schedule"], state.instalments)]
    view.update(as_of=state.as_of.isoformat(), paid_paisa=state.paid_paisa,
                outstanding_paisa=state.outstanding_paisa, overdue_paisa=state.overdue_paisa,
                days_past_due=state.days_past_due, bucket=state.bucket, overpaid_paisa=state.overpaid_paisa,
                next_due_on=state.next_due_on.isoformat() if state.next_due_on else None,
                next_due_paisa=state.next_due_paisa,
                ledger=[{"id": e.id, "kind": e.kind, "amount_paisa": e.amount_paisa, "value_at": e.value_at,
                         "late_days": e.late_days, "instalment_no": e.instalment_no, "flag": e.flag}
                        for e in entries_until(loan.ledger, state.as_of)],
                late_charges_paisa=state.late_charges_paisa, late_charges_unpaid_paisa=state.late_charges_unpaid_paisa)
    return view


def loan_summary(loan: Loan, state: LoanState) -> dict:
    """A line of a project's list."""
    return {"id": loan.id, "borrower_name_bn": loan.borrower.name_bn,
            "guardian_name_bn": loan.borrower.guardian_name_bn, "barrack_no": loan.borrower.barrack_no,
            "room_no": loan.borrower.room_no, "phone": loan.borrower.phone, "state": loan.state,
            "principal_paisa": loan.principal_paisa, "total_paisa": loan.total_paisa,
            "paid_paisa": state.paid_paisa, "outstanding_paisa": state.outstanding_paisa,
            "overdue_paisa": state.overdue_paisa, "days_past_due": state.days_past_due, "bucket": state.bucket}


def defaulter_view(loan: Loan, state: LoanState, project: Project | None) -> dict:
    oldest = next((s.due_on for s in state.instalments if s.status == "overdue"), None)
    return {"loan_id": loan.id, "overdue_paisa": state.overdue_paisa, "days_past_due": state.days_past_due,
            "bucket": state.bucket, "oldest_due_on": oldest.isoformat() if oldest else None,
            "outstanding_paisa": state.outstanding_paisa, "paid_paisa": state.paid_paisa,
            "borrower_name_bn": loan.borrower.name_bn, "guardian_name_bn": loan.borrower.guardian_name_bn,
            "barrack_no": loan.borrower.barrack_no, "room_no": loan.borrower.room_no, "phone": loan.borrower.phone,
            "project_id": loan.project_id, "project_name_bn": project.name_bn if project else "",
            "upazila_code": loan.upazila_code}


DEFAULTER_COLUMNS = (
    ("loan_id", "ঋণ / Loan"), ("borrower_name_bn", "ঋণগ্রহীতা / Borrower"),
    ("guardian_name_bn", "পিতা/স্বামীর নাম / Father's or husband's name"), ("barrack_no", "ব্যারাক / Barrack"),
    ("room_no", "কক্ষ / Room"), ("phone", "মোবাইল / Mobile"), ("project_name_bn", "প্রকল্প / Project"),
    ("upazila_code", "উপজেলা / Upazila"), ("oldest_due_on", "প্রথম বকেয়া কিস্তির তারিখ / Oldest unpaid due date"),
    ("days_past_due", "মেয়াদোত্তীর্ণ দিন / Days past due"), ("bucket", "শ্রেণি / Bucket"),
    ("overdue_paisa", "বকেয়া (পয়সা) / Overdue (paisa)"), ("outstanding_paisa", "অপরিশোধিত (পয়সা) / Outstanding (paisa)"))


def defaulters_csv(found: dict) -> str:
    """The list, a row per bucket (how many loans, overdue, outstanding), and the total."""
    rows = [[item.get(name, "") for name, _ in DEFAULTER_COLUMNS] for item in found["items"]]
    blank = [""] * (len(DEFAULTER_COLUMNS) - 4)
    buckets = [[f"শ্রেণি / Bucket {b['bucket']}", f"{b['count']} জন / loans"] + blank[1:] +
               [b["bucket"], b["overdue_paisa"], b["outstanding_paisa"]] for b in found.get("by_bucket", ())]
    total = ["মোট / Total"] + [""] * (len(DEFAULTER_COLUMNS) - 3) + [found["total_overdue_paisa"], ""]
    more = [["আরও আছে: পরের পাতা / More: the next page, cursor=", found["next_cursor"]]] \
        if found.get("next_cursor") else []  # a page of a large area's list, never taken for the whole
    return csv_text([label for _, label in DEFAULTER_COLUMNS], rows + buckets + [total] + more)
