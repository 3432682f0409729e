"""Correction routes: role x inside/outside the area, collected as a matrix that must hold no violation.

Society A is in Jhenaidah Sadar (404419, uco.demo's). Offices above it (dco, jr, hq) file; the owner
edits directly; uco2.demo (another upazila) sees nothing. Only the owner applies or rejects; only the
filing office withdraws; both offices and those above them read a request.
"""
import pytest

from tests.integration.conftest import Api, society_body
from tests.integration.test_jurisdiction_matrix import COVERS_A, USERS

FILERS = {"hq.demo": "name_en", "jr.demo": "last_agm_on", "dco.demo": "address"}
VALUES = {"name_en": "Nabaganga Fishers", "last_agm_on": "2025-10-05", "address": "ঝিনাইদহ সদর, ওয়ার্ড ৫"}


@pytest.fixture(autouse=True)
def no_sms(monkeypatch):
    monkeypatch.setattr("chalicelib.handlers.corrections.sms_notices", lambda *a, **k: {"job_id": "x"})


@pytest.fixture
def society_a(as_user):
    status, body = as_user("uco.demo").post("/api/societies", society_body())
    assert status == 201
    return body


def expect(violations, username, route, status, reply, wanted, code=None):
    if status != wanted or (code and reply.get("error", {}).get("code") != code):
        violations.append((username, route, status, wanted, reply.get("error", {}).get("code")))


def refusal(username):
    return "outside_jurisdiction" if username not in COVERS_A else None


def test_correction_routes_matrix(as_user, society_a):
    violations = []
    filed = {}
    for username in USERS:
        api = as_user(username)
        field = FILERS.get(username, "address")
        status, reply = api.post("/api/corrections", {"society_id": society_a["id"], "field": field,
                                                      "proposed_value": VALUES[field], "reason": "পরীক্ষা / test"})
        if username in FILERS:
            expect(violations, username, "file", status, reply, 201)
            filed[username] = reply.get("id")
        elif username == "uco.demo":
            expect(violations, username, "file", status, reply, 403, "owner_edits_directly")
        else:
            expect(violations, username, "file", status, reply, 403, "outside_jurisdiction")

    request_id = filed["dco.demo"]
    for username in USERS:
        api = as_user(username)
        inside = username in COVERS_A
        for path in (f"/api/corrections/{request_id}", "/api/corrections?box=inbox&office_code=404419"):
            status, reply = api.get(path)
            expect(violations, username, path, status, reply, 200 if inside else 403, refusal(username))
        status, reply = api.get("/api/corrections?box=outbox&office_code=4044")  # the district's, from above only
        expect(violations, username, "district outbox", status, reply, 200 if username in FILERS else 403)
        status, reply = api.get("/api/corrections?box=inbox")  # one's own box: always readable
        expect(violations, username, "own inbox", status, reply, 200)
        if username != "uco.demo":
            for action, body in (("apply", {}), ("reject", {"reason": "পরীক্ষা / test"})):
                status, reply = api.post(f"/api/corrections/{request_id}/{action}", body)
                expect(violations, username, action, status, reply, 403,
                       "owner_decides" if inside else "outside_jurisdiction")
        if username != "dco.demo":
            status, reply = api.post(f"/api/corrections/{request_id}/withdraw", {})
            expect(violations, username, "withdraw", status, reply, 403,
                   "requester_withdraws" if inside else "outside_jurisdiction")

    uco = as_user("uco.demo")
    status, reply = uco.post(f"/api/corrections/{request_id}/apply", {})
    expect(violations, "uco.demo", "apply", status, reply, 200)
    status, reply = uco.post(f"/api/corrections/{filed['jr.demo']}/reject", {"reason": "পরীক্ষা / test"})
    expect(violations, "uco.demo", "reject", status, reply, 200)
    status, reply = as_user("hq.demo").post(f"/api/corrections/{filed['hq.demo']}/withdraw", {})
    expect(violations, "hq.demo", "withdraw", status, reply, 200)
    assert violations == []


def test_no_token_no_corrections(client, society_a):
    anonymous = Api(client)
    for method, path in (("get", "/api/corrections"), ("post", "/api/corrections"),
                         ("get", "/api/corrections/cr-0000000000"), ("post", "/api/corrections/cr-0000000000/apply"),
                         ("post", "/api/corrections/cr-0000000000/reject")):
        status, _ = anonymous.call(method, path, {} if method == "post" else None)
        assert status == 401, (method, path)


def test_public_answers_carry_no_personal_data(client, society_a):
    public = Api(client)
    path = f"/api/public/societies/{society_a['id']}/corrections"
    status, reply = public.post(path, {"phone": "01812000001", "field": "address", "proposed_value": "নতুন ঠিকানা",
                                       "reason": "ঠিকানা বদলেছে"})
    assert status == 201 and set(reply) == {"id", "state"}
    status, reply = public.post(path, {"phone": "01812000002", "field": "address", "proposed_value": "x y",
                                       "reason": "ঠিকানা বদলেছে"})
    assert status == 404 and "1812" not in str(reply) and "1913" not in str(reply)
