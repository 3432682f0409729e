"""Budget files of central societies: draft, submit, recommend, decide (issue 20)."""
import secrets

from chalice import Blueprint

from .api import Reply, Routes
from .auth import jwt_auth
from .common import OnFirstUse, current_caller, dhaka_today, utc_now
from .stores import Budgets, Resolutions, Societies, Users, record_audit

budget = OnFirstUse("chalicelib.services.budget")
view = OnFirstUse("chalicelib.domain.budget", "view")
bp = Blueprint(__name__)
routes = Routes(bp, models="budget", authorizer=jwt_auth)


def new_id() -> str:
    return f"bud-{secrets.token_hex(5)}"


def _caller():
    return current_caller(bp.current_request)


def _notices():
    """What a step's notices go through: the messaging centre's SMS log and templates, and SES."""
    from .jobs import budget_notice_stores
    return budget_notice_stores(Users())


@routes.post("/budgets", body="BudgetInput", answers={201: "Budget"}, errors=(400, 404, 409))
def create_budget(body):
    """Draft a society's budget file (the society's user, or its upazila office on its behalf)

    400 invalid_financial_year, invalid_items, invalid_head, head_repeated, invalid_amount, invalid_justification,
    invalid_kind, invalid_resolution_on. 403 outside_jurisdiction (another society), society_files. 404
    society_not_found. 409 budget_already_open (one open file per society and financial year), society_dissolved, not_central_society
    (the society's level is recorded and is not central).
    """
    return Reply(view(budget.create(Budgets(), Societies(), _caller(), body, new_id, utc_now("milliseconds"))), 201)


@routes.get("/budgets/{budget_id}", path_params="BudgetPath", answers={200: "Budget"}, errors=(404,))
def one_budget(budget_id):
    """A budget file with its movement log (the society and every office on its path)

    403 outside_jurisdiction. 404 budget_not_found.
    """
    return view(budget.one(Budgets(), _caller(), budget_id))


@routes.post("/budgets/{budget_id}/submit", path_params="BudgetPath", body="SubmitInput", answers={200: "Budget"},
             errors=(400, 404, 409))
def submit_budget(budget_id, body):
    """Submit a draft, or resubmit a returned file as a new round, to the upazila office

    403 outside_jurisdiction, society_files. 404 budget_not_found. 409 budget_wrong_state, stale_version.
    """
    return view(budget.submit(Budgets(), _caller(), budget_id, body, dhaka_today(), utc_now("milliseconds"),
                              _notices()))


@routes.post("/budgets/{budget_id}/recommend", path_params="BudgetPath", body="RecommendInput",
             answers={200: "Budget"}, errors=(400, 404, 409), body_after_checks=True)
def recommend_budget(budget_id, read_body):
    """The upazila office recommends: the file goes to the district, or to the division's JR when a head exceeds
    Tk 10,00,000

    403 not_holder (checked before the body is read), same_person. 404 budget_not_found. 409 budget_wrong_state,
    stale_version.
    """
    return view(budget.recommend(Budgets(), _caller(), budget_id, read_body, dhaka_today(), utc_now("milliseconds"),
                                 _notices()))


@routes.post("/budgets/{budget_id}/decide", path_params="BudgetPath", body="DecideInput", answers={200: "Budget"},
             errors=(400, 404, 409), body_after_checks=True)
def decide_budget(budget_id, read_body):
    """The holding office decides: approved, approved_with_changes, returned or rejected, with reasons (the
    upazila office may only return)

    403 not_holder for every other office (checked before the body is read), same_person, upazila_recommends.
    400 invalid_decision, invalid_reason, invalid_changes. 404 budget_not_found. 409 budget_wrong_state,
    stale_version.
    """
    return view(budget.decide(Budgets(), _caller(), budget_id, read_body, utc_now("milliseconds"), _notices()))


@routes.post("/budgets/{budget_id}/withdraw", path_params="BudgetPath", body="NoInput", answers={200: "Budget"},
             errors=(404, 409))
def withdraw_budget(budget_id, body):
    """The society withdraws its open file (or its upazila office on its behalf, recorded as such)

    403 society_withdraws. 404 budget_not_found. 409 budget_wrong_state.
    """
    return view(budget.withdraw(Budgets(), _caller(), budget_id, utc_now("milliseconds"), _notices()))


@routes.post("/budgets/{budget_id}/resolution/uploads", path_params="BudgetPath", body="ResolutionUploadRequest",
             answers={201: "ResolutionUpload"}, errors=(400, 404))
def resolution_upload(budget_id, body):
    """Upload the resolution's scan: a presigned S3 POST (PDF, JPEG or PNG, at most 5 MB) to a private bucket

    The society's user, or its upazila office on its behalf, at any step. 400 invalid_file_type, file_too_large.
    403 outside_jurisdiction, society_files. 404 budget_not_found.
    """
    return Reply(budget.resolution_upload_form(Budgets(), Resolutions(), _caller(), budget_id, body), 201)


@routes.post("/budgets/{budget_id}/resolution", path_params="BudgetPath", body="AttachResolution",
             answers={200: "Budget"}, errors=(400, 404, 409))
def attach_resolution(budget_id, body):
    """Attach the uploaded scan to the file (it replaces an earlier one; the audit keeps both)

    The file's bytes are checked against its type. 400 file_not_uploaded, invalid_file, invalid_upload_id. 403
    outside_jurisdiction, society_files. 404 budget_not_found. 409 stale_version.
    """
    return view(budget.attach_resolution(Budgets(), Resolutions(), _caller(), budget_id, body, utc_now("milliseconds")))


@routes.get("/budgets/{budget_id}/resolution", path_params="BudgetPath", answers={200: "ResolutionDownload"},
            errors=(404,))
def download_resolution(budget_id):
    """A short-lived link to the resolution's scan (the society and the offices on the file's path)

    403 outside_jurisdiction. 404 budget_not_found, resolution_missing.
    """
    return budget.resolution_download(Budgets(), Resolutions(), _caller(), budget_id)


@routes.post("/societies/{society_id}/users", path_params="SocietyPath", body="SocietyUserInput",
             answers={201: "SocietyUser"}, errors=(400, 404, 409))
def add_society_user(society_id, body):
    """Give a society's president or secretary an account (the owning upazila office)

    Role "society", scoped by the society: the account reads and files only this society's budget files. The
    temporary password is shown once; the person sets their own at first login (POST /api/auth/new-password).
    400 invalid_input, invalid_username, weak_password. 403 outside_jurisdiction, correction_request_required (an
    office above the owner). 404 society_not_found. 409 username_taken, society_dissolved.
    """
    return Reply(budget.add_society_user(Users(), Societies(), record_audit, _caller(), society_id, body,
                                         utc_now("milliseconds")), 201)
