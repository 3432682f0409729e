"""A project's loans as a list, pure: ordered by barrack and room, searched by the borrower's name or phone, a page
at a time (the cursor is the last line's place in that order)."""
from .bangla import search_form
from .loans import Loan

MIN_PHONE_DIGITS = 3  # fewer digits than this search names only
_PHONE_MARKS = str.maketrans("", "", " +-")


def list_order(loan: Loan) -> tuple[str, str, str]:
    return loan.borrower.barrack_no, loan.borrower.room_no, loan.id


def matches(loan: Loan, query: str) -> bool:
    """The borrower's name (or father's/husband's), or the phone's digits (01712…, +88…, Bengali digits alike)."""
    wanted = search_form(query)
    if not wanted:
        return True
    names = (search_form(loan.borrower.name_bn), search_form(loan.borrower.guardian_name_bn))
    if any(wanted in name for name in names):
        return True
    digits = wanted.translate(_PHONE_MARKS)
    if not digits.isdigit() or len(digits) < MIN_PHONE_DIGITS:
        return False
    return (digits[2:] if digits.startswith("880") else digits) in loan.borrower.phone.removeprefix("+88")


def page(loans, query: str | None, after: tuple[str, str, str] | None, limit: int) -> tuple[list[Loan], int, bool]:
    """The loans matching `query` that come after `after` in list order, at most `limit`; how many match in all;
    and whether more follow."""
    found = sorted((l for l in loans if matches(l, query or "")), key=list_order)
    rest = [l for l in found if after is None or list_order(l) > after]
    return rest[:limit], len(found), len(rest) > limit
