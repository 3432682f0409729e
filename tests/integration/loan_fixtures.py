"""An Asrayon project and a loan written straight to the store (the loan routes are tested in test_loans_api)."""
from datetime import date, datetime, timezone


def make_loan(first_due_on=date(2027, 1, 10), instalments=3, principal=270000, charge=30000,
              phone="+8801712000111"):
    """A project in uco.demo's upazila and one approved loan of three monthly Tk 1,000 instalments."""
    from chalicelib.domain.loans import Borrower, Loan, Project
    from chalicelib.store.loans import Loans
    from chalicelib.store.societies import new_id
    loans, now = Loans(), datetime.now(timezone.utc).isoformat(timespec="seconds")
    project = Project(new_id(), "আশ্রয়ণ-২ প্রকল্প, হলিধানী", "404419", "+8801711000000", "সোনালী ব্যাংক ১২৩", now,
                      "uco.demo", society_id=None)
    loans.add_project(project, "uco.demo")
    loan = Loan(new_id(), project.id, "404419", Borrower("রহিমা খাতুন", "করিম মিয়া", "৩", "১২", phone),
                date(2026, 12, 1), principal, charge, instalments, "monthly", first_due_on, now, "uco.demo")
    loans.add_loan(loan, "uco.demo")
    return loan
