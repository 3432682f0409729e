"""Role x route x inside/outside the area, driven through the real routes and authorizer.

Society A is in Jhenaidah Sadar (404419, uco.demo's upazila); the outside area is in
Dhaka division. Reads succeed inside the caller's area and are 403 outside; only the owning
upazila office writes, and higher offices are pointed to correction requests.
"""
import pytest

from app import app
from tests.integration.conftest import society_body

USERS = {"hq.demo": "hq", "jr.demo": "division", "dco.demo": "district", "uco.demo": "upazila",
         "uco2.demo": "upazila"}
# who covers society A (404419, Khulna > Jhenaidah > Jhenaidah Sadar)
COVERS_A = {"hq.demo", "jr.demo", "dco.demo", "uco.demo"}
OUTSIDE_B_AREA = "302614"  # Dhamrai, Dhaka division: covered only by HQ

READ_ROUTES = [
    ("get", "/api/societies/{id}"),
    ("get", "/api/societies/{id}/history"),
]
WRITE_ROUTES = [
    ("patch", "/api/societies/{id}"),
    ("delete", "/api/societies/{id}"),
]


@pytest.fixture
def society_a(as_user):
    status, body = as_user("uco.demo").post("/api/societies", society_body())
    assert status == 201
    return body


@pytest.mark.parametrize("username", USERS)
@pytest.mark.parametrize("method,route", READ_ROUTES)
def test_reads_inside_area_only(as_user, society_a, username, method, route):
    status, body = as_user(username).call(method, route.format(id=society_a["id"]))
    expected = 200 if username in COVERS_A else 403
    assert status == expected, body
    if expected == 403:
        assert body["error"]["code"] == "outside_jurisdiction"


@pytest.mark.parametrize("username", USERS)
@pytest.mark.parametrize("method,route", WRITE_ROUTES)
def test_only_the_owning_upazila_writes(as_user, society_a, username, method, route):
    body = {"address": "নতুন ঠিকানা"} if method == "patch" else None
    status, reply = as_user(username).call(method, route.format(id=society_a["id"]), body)
    if username == "uco.demo":
        assert status == 200, reply
    elif username in COVERS_A:
        assert status == 403 and reply["error"]["code"] == "correction_request_required"
        assert "correction" in reply["error"]["message"] and "সংশোধনের অনুরোধ" in reply["error"]["message_bn"]
    else:
        assert status == 403 and reply["error"]["code"] == "outside_jurisdiction"


@pytest.mark.parametrize("username", USERS)
def test_create_only_in_own_upazila(as_user, username):
    status, reply = as_user(username).post("/api/societies", society_body())
    assert status == (201 if username == "uco.demo" else 403), reply


def test_upazila_officer_cannot_move_a_society_out_of_the_upazila(as_user, society_a):
    status, reply = as_user("uco.demo").patch(f"/api/societies/{society_a['id']}",
                                              {"upazila_code": "404433"})
    assert status == 403


@pytest.mark.parametrize("username", USERS)
@pytest.mark.parametrize("area,path", [("404419", "/api/societies?area_code={}"),
                                       ("404419", "/api/societies/summary?area_code={}"),
                                       ("404419", "/api/reports/societies.csv?area_code={}"),
                                       ("404419", "/api/dashboard?area_code={}"),
                                       (OUTSIDE_B_AREA, "/api/societies?area_code={}"),
                                       (OUTSIDE_B_AREA, "/api/dashboard?area_code={}")])
def test_area_lists_inside_area_only(as_user, username, area, path):
    covered = area.startswith({"hq": "", "division": "40", "district": "4044"}.get(
        USERS[username], "404419" if username == "uco.demo" else "404433"))
    status, _ = as_user(username).get(path.format(area))
    assert status == (200 if covered else 403)


OFFICES = {"hq.demo": "", "jr.demo": "40", "dco.demo": "4044", "uco.demo": "404419", "uco2.demo": "404433"}


@pytest.mark.parametrize("username", USERS)
@pytest.mark.parametrize("office", ["BD", "40", "4044", "404419", "404433"])
def test_an_office_reads_offices_inside_its_area_and_changes_only_its_own(as_user, username, office):
    code = "" if office == "BD" else office
    mine = OFFICES[username]
    status, _ = as_user(username).get(f"/api/offices/{office}")
    assert status == (200 if code.startswith(mine) else 403)
    status, reply = as_user(username).patch(f"/api/offices/{office}", {"phone": "01711000999"})
    assert status == (200 if code == mine else 403), reply


PUBLIC_ROUTES = {"/api/health", "/api/auth/login", "/api/auth/new-password", "/api/openapi.json", "/api/public/areas",
                 "/api/public/stats", "/api/public/societies", "/api/public/societies/{society_id}",
                 "/api/public/calendar", "/api/public/rules", "/api/public/products",
                 "/api/public/products/{product_id}", "/api/public/orders", "/api/public/orders/{invoice_no}",
                 "/api/public/orders/{invoice_no}/pay", "/api/payments/bkash/callback", "/api/payments/bkash/ipn",
                 # the public site's content (handlers/site_content.py, handlers/offices.py)
                 "/api/public/notices", "/api/public/notices/{notice_id}", "/api/public/photos",
                 "/api/public/visits", "/api/public/offices/{code}",
                 # a society's president or secretary asks for a correction (handlers/corrections.py)
                 "/api/public/societies/{society_id}/corrections",
                 # a borrower pays a loan instalment from the SMS link, and sees the loan (handlers/loan_payments.py)
                 "/api/public/loans/{loan_id}/pay", "/api/public/loans/{loan_id}"}


def test_every_route_is_either_public_by_name_or_behind_the_authorizer():
    for path, methods in app.routes.items():
        for method, entry in methods.items():
            if path in PUBLIC_ROUTES:
                assert entry.authorizer is None, (method, path)
            else:
                assert entry.authorizer is not None and entry.authorizer.name == "jwt_auth", (method, path)


def test_a_patch_without_phone_keeps_the_office_phone(as_user):
    """The office phone stands in for officers with no number of their own: never cleared by omission."""
    api = as_user("uco.demo")
    before = api.get("/api/offices/404419")[1]["phone"]
    assert before
    status, after = api.patch("/api/offices/404419", {})
    assert status == 200 and after["phone"] == before
    status, cleared = api.patch("/api/offices/404419", {"phone": None})
    assert status == 200 and cleared["phone"] is None


@pytest.mark.parametrize("username", USERS)
def test_loans_are_written_by_the_projects_upazila_office_and_read_inside_the_area(as_user, username):
    """A district office cannot write a loan; offices whose area holds the project's upazila read it."""
    from tests.integration.test_loans_api import PROJECT, loan_body
    status, project = as_user("uco.demo").post("/api/asrayon/projects", PROJECT)
    assert status == 201
    status, loan = as_user("uco.demo").post("/api/loans", loan_body(project["id"]))
    assert status == 201
    api, owner, covers = as_user(username), username == "uco.demo", username in COVERS_A
    refused = "upazila_office_only" if covers else "outside_jurisdiction"
    status, reply = api.post("/api/asrayon/projects", PROJECT)
    assert (status, reply.get("error", {}).get("code")) == ((201, None) if owner else (403, refused)), reply
    status, reply = api.post("/api/loans", loan_body(project["id"]))
    assert (status, reply.get("error", {}).get("code")) == ((201, None) if owner else (403, refused)), reply
    status, reply = api.call("put", f"/api/asrayon/projects/{project['id']}/late-policy",
                             {"late_policy": "refuse_after_deadline"})
    assert (status, reply.get("error", {}).get("code")) == ((200, None) if owner else (403, refused)), reply
    status, reply = api.post(f"/api/loans/{loan['id']}/refunds", {"reference": "R-1", "refunded_on": "2026-02-01"})
    assert (status, reply["error"]["code"]) == ((409, "nothing_to_refund") if owner else (403, refused)), reply
    status, reply = api.post(f"/api/asrayon/projects/{project['id']}/fund",
                             {"kind": "deposit", "on": "2026-02-01", "amount_paisa": 100, "reference": "D-1"})
    assert (status, reply.get("error", {}).get("code")) == ((201, None) if owner else (403, refused)), reply
    for path in ("/broadcast/preview", "/broadcast"):  # no text: 400 to the owner, 403 before it to others
        status, reply = api.post(f"/api/asrayon/projects/{project['id']}{path}", {})
        assert (status, reply["error"]["code"] if status == 403 else None) == (
            (400, None) if owner else (403, refused)), (path, reply)
    for path in (f"/api/loans/{loan['id']}", f"/api/asrayon/projects/{project['id']}/loans",
                 f"/api/asrayon/projects/{project['id']}/fund",
                 f"/api/asrayon/projects/{project['id']}", "/api/loans/refunds?area_code=404419",
                 "/api/loans/refunds?area_code=404419&format=csv",
                 "/api/asrayon/projects?area_code=404419", "/api/loans/defaulters?area_code=404419",
                 "/api/loans/defaulters?area_code=404419&format=csv"):
        status, reply = api.get(path)
        assert status == (200 if covers else 403), (path, reply)


def test_a_society_user_reads_nothing_of_another_society_of_the_same_upazila(as_user, society_a, env):
    """A society's user is scoped by their own society: society B's secretary (same upazila as A) gets
    403 on A's record, history, changes, area lists and budget files."""
    from local.demo import create_society_user
    from tests.integration.conftest import REGION
    status, society_b = as_user("uco.demo").post("/api/societies", society_body(
        registration_no="JHE-777", president_phone="01812000777", secretary_phone="01913000777"))
    assert status == 201, society_b
    create_society_user(env["USER_POOL_ID"], REGION, "secretary.b", society_b["id"])
    create_society_user(env["USER_POOL_ID"], REGION, "secretary.a", society_a["id"])
    status, budget = as_user("secretary.a").post("/api/budgets", {
        "society_id": society_a["id"], "financial_year": "2026-27",
        "items": [{"head": "salaries", "amount_paisa": 100, "justification": "two staff"}]})
    assert status == 201, budget
    a = society_a["id"]
    for method, path, body in [("get", f"/api/societies/{a}", None), ("get", f"/api/societies/{a}/history", None),
                               ("patch", f"/api/societies/{a}", {"address": "x"}),
                               ("get", "/api/societies?area_code=404419", None),
                               ("get", f"/api/budgets/{budget['id']}", None),
                               ("post", f"/api/budgets/{budget['id']}/submit", {})]:
        status, reply = as_user("secretary.b").call(method, path, body)
        assert status == 403, (method, path, reply)
    assert as_user("secretary.a").get(f"/api/budgets/{budget['id']}")[0] == 200


@pytest.mark.parametrize("username", USERS)
def test_a_borrower_list_is_imported_and_approved_by_its_upazila_and_corrected_from_above(client, as_user, username):
    """Only the project's upazila office imports and approves its list; offices above it file correction requests
    on an approved loan (the upazila itself cannot: its list is locked); offices outside do neither."""
    from tests.integration.test_loan_lists import borrower_row, csv_of, upload
    from tests.integration.test_loans_api import PROJECT
    status, project = as_user("uco.demo").post("/api/asrayon/projects", PROJECT)
    assert status == 201
    data = csv_of(borrower_row(1))
    owner, covers = username == "uco.demo", username in COVERS_A
    refused = (403, "upazila_office_only" if covers else "outside_jurisdiction")
    status, reply = upload(client, as_user, username, project["id"], data, True)
    assert (status, reply.get("error", {}).get("code")) == ((200, None) if owner else refused), reply
    status, reply = as_user(username).post(f"/api/asrayon/projects/{project['id']}/loans/approve",
                                           {"expected_loans": 1})
    assert (status, reply["error"]["code"]) == ((409, "no_draft_loans") if owner else refused), reply
    upload(client, as_user, "uco.demo", project["id"], data, False)
    as_user("uco.demo").post(f"/api/asrayon/projects/{project['id']}/loans/approve", {"expected_loans": 1})
    loan_id = as_user("uco.demo").get(f"/api/asrayon/projects/{project['id']}/loans")[1]["items"][0]["id"]
    status, reply = as_user(username).post(f"/api/loans/{loan_id}/corrections", {
        "field": "room_no", "proposed_value": "7", "reason": "কক্ষ নম্বর ভুল"})
    expected = (403, "office_above_files") if owner else (201, None) if covers else (403, "outside_jurisdiction")
    assert (status, reply.get("error", {}).get("code")) == expected, reply
