"""Correction requests through the real routes: file, inbox, apply (one transaction with the society's
change and its audit entry), reject, stale values, a crash mid-apply, public filing, notifications."""
import pytest
from botocore.exceptions import ClientError

from tests.integration.conftest import society_body


@pytest.fixture
def sent(monkeypatch):
    """What the notifications asked the SMS pipeline to send: (caller, kind, recipients)."""
    calls = []

    def record(caller, kind, recipients, now, description=""):
        calls.append((caller, kind, list(recipients)))
        return {"job_id": f"job-{len(calls)}", "state": "queued", "queued": len(recipients)}
    monkeypatch.setattr("chalicelib.handlers.corrections.sms_notices", record)
    return calls


@pytest.fixture
def society(as_user):
    status, body = as_user("uco.demo").post("/api/societies", society_body())
    assert status == 201, body
    return body


def file(as_user, society, username="dco.demo", **overrides):
    body = {"society_id": society["id"], "field": "address", "proposed_value": "ঝিনাইদহ সদর, ওয়ার্ড ৫",
            "reason": "ঠিকানায় ওয়ার্ড নম্বর বাদ পড়েছে / ward missing", **overrides}
    return as_user(username).post("/api/corrections", body)


def test_dco_files_uco_applies_and_the_audit_trail_names_the_request(as_user, society, sent):
    status, filed = file(as_user, society)
    assert status == 201, filed
    assert filed["state"] == "open" and filed["id"].startswith("cr-")
    assert filed["current_value"] == "Jhenaidah Sadar" and filed["owner_office"] == "404419"
    assert filed["requester_office"] == "4044" and filed["requested_by"] == "dco.demo"

    uco, dco = as_user("uco.demo"), as_user("dco.demo")
    status, inbox = uco.get("/api/corrections?box=inbox")
    assert status == 200 and inbox["counts"]["open"] == 1 and [i["id"] for i in inbox["items"]] == [filed["id"]]
    status, page = uco.get(f"/api/societies/{society['id']}")
    assert page["open_corrections"] == [{"id": filed["id"], "field": "address", "requested_by_office": "4044"}]
    # the owner is told by SMS on its office phone, counted in the requester's spend
    (caller, kind, recipients), = sent
    assert kind == "correction" and caller.username == "dco.demo"
    assert recipients[0].phone == "+8801555000003" and recipients[0].office_code == "4044"
    assert filed["id"] in recipients[0].text

    status, applied = uco.post(f"/api/corrections/{filed['id']}/apply", {})
    assert status == 200, applied
    assert applied["state"] == "applied" and applied["decided_by"] == "uco.demo"
    assert [h["action"] for h in applied["history"]] == ["filed", "applied"]

    status, after = uco.get(f"/api/societies/{society['id']}")
    assert after["address"] == "ঝিনাইদহ সদর, ওয়ার্ড ৫" and after["version"] == 2 and after["open_corrections"] == []
    status, history = dco.get(f"/api/societies/{society['id']}/history")
    latest = history["items"][0]
    assert latest["action"] == "correction" and latest["correction_id"] == filed["id"]
    assert latest["actor"] == "uco.demo" and latest["before"]["address"] == "Jhenaidah Sadar"

    status, outbox = dco.get("/api/corrections?box=outbox")
    assert outbox["counts"] == {"open": 0, "applied": 1, "rejected": 0, "withdrawn": 0}
    assert outbox["items"][0]["state"] == "applied"
    assert uco.get("/api/corrections?box=inbox")[1]["counts"]["open"] == 0
    # the requester's office is told too
    assert sent[-1][2][0].phone == "+8801555000002" and "প্রয়োগ" in sent[-1][2][0].text

    status, again = uco.post(f"/api/corrections/{filed['id']}/apply", {})
    assert status == 409 and again["error"]["code"] == "correction_closed"
    status, again = uco.post(f"/api/corrections/{filed['id']}/reject", {"reason": "দেরিতে / too late"})
    assert status == 409 and again["error"]["code"] == "correction_closed"


def test_reject_needs_a_reason_and_tells_the_requester(as_user, society, sent):
    _, filed = file(as_user, society, username="jr.demo", field="name_en", proposed_value="Nabaganga Fishers Coop")
    uco = as_user("uco.demo")
    status, reply = uco.post(f"/api/corrections/{filed['id']}/reject", {})
    assert status == 400 and reply["error"]["code"] == "invalid_reason"
    status, rejected = uco.post(f"/api/corrections/{filed['id']}/reject", {"reason": "নিবন্ধন সনদে এই নামই আছে"})
    assert status == 200 and rejected["state"] == "rejected"
    assert rejected["decision_reason"] == "নিবন্ধন সনদে এই নামই আছে"
    status, outbox = as_user("jr.demo").get("/api/corrections?box=outbox&state=rejected")
    assert [i["id"] for i in outbox["items"]] == [filed["id"]] and outbox["counts"]["rejected"] == 1
    assert as_user("uco.demo").get(f"/api/societies/{society['id']}")[1]["name_en"] == society["name_en"]
    assert "নিবন্ধন সনদে" in sent[-1][2][0].text and sent[-1][2][0].phone == "+8801555000001"


def test_every_problem_of_a_request_is_named_at_once_next_to_its_field(as_user, society, sent):
    status, reply = file(as_user, society, field="president_phone", proposed_value="12345", reason="x")
    assert status == 400 and reply["error"]["code"] == "invalid_input"
    by_field = {d["field"]: d for d in reply["error"]["details"]}
    assert set(by_field) == {"proposed_value", "reason"}
    assert by_field["reason"]["message_bn"] == "৫ থেকে ৫০০ অক্ষরের মধ্যে কারণ লিখুন।"
    assert "01712345678" in by_field["proposed_value"]["message"]


def test_impossible_values_are_refused_when_filed(as_user, society, sent):
    status, reply = file(as_user, society, field="registered_on", proposed_value="2099-01-01")
    assert status == 400 and reply["error"]["details"][0]["code"] == "date_in_future"
    status, reply = file(as_user, society, field="president_phone", proposed_value="12345")
    assert status == 400
    status, reply = file(as_user, society, field="upazila_code", proposed_value="404433")
    assert status == 400 and reply["error"]["code"] == "invalid_field"
    status, reply = file(as_user, society, field="version", proposed_value=9)
    assert status == 400 and reply["error"]["code"] == "invalid_field"
    status, reply = file(as_user, society, proposed_value=society["address"])
    assert status == 400 and reply["error"]["code"] == "no_change"
    status, reply = file(as_user, society, reason="x")
    assert status == 400 and reply["error"]["code"] == "invalid_reason"
    status, reply = file(as_user, society, proposed_value=["a"])
    assert status == 400
    # values are stored the way the registry stores them
    status, filed = file(as_user, society, field="secretary_phone", proposed_value="০১৯১৩০০০০০২")
    assert status == 201 and filed["proposed_value"] == "+8801913000002"
    assert sent and not [c for c in sent if c[1] != "correction"]


def test_one_open_request_per_field_and_the_owner_edits_directly(as_user, society, sent):
    status, first = file(as_user, society)
    assert status == 201
    status, reply = file(as_user, society, username="hq.demo", proposed_value="অন্য ঠিকানা")
    assert status == 409 and reply["error"]["code"] == "correction_already_open"
    assert first["id"] in reply["error"]["message"]
    status, reply = file(as_user, society, username="uco.demo")
    assert status == 403 and reply["error"]["code"] == "owner_edits_directly"
    status, reply = file(as_user, society, username="uco2.demo")
    assert status == 403 and reply["error"]["code"] == "outside_jurisdiction"


def test_a_field_changed_since_filing_is_not_overwritten(as_user, society, sent):
    _, filed = file(as_user, society)
    uco = as_user("uco.demo")
    status, _ = uco.patch(f"/api/societies/{society['id']}", {"address": "উপজেলা পরিষদ রোড"})
    assert status == 200
    status, reply = uco.post(f"/api/corrections/{filed['id']}/apply", {})
    assert status == 409 and reply["error"]["code"] == "correction_stale"
    assert uco.get(f"/api/societies/{society['id']}")[1]["address"] == "উপজেলা পরিষদ রোড"
    # another field changing meanwhile does not matter: the proposal applies to the fresh record
    _, other = file(as_user, society, field="name_en", proposed_value="Nabaganga Fishers")
    uco.patch(f"/api/societies/{society['id']}", {"last_agm_on": "2025-09-01"})
    status, applied = uco.post(f"/api/corrections/{other['id']}/apply", {})
    assert status == 200, applied
    fresh = uco.get(f"/api/societies/{society['id']}")[1]
    assert fresh["name_en"] == "Nabaganga Fishers" and fresh["last_agm_on"] == "2025-09-01"


def test_a_crash_inside_apply_changes_nothing_and_the_retry_applies(as_user, society, sent, monkeypatch):
    _, filed = file(as_user, society)
    from chalicelib.store import societies as societies_store
    real = societies_store.Societies._write

    def crash(self, operations):
        raise ClientError({"Error": {"Code": "ServiceUnavailable", "Message": "network gone"}}, "TransactWriteItems")
    monkeypatch.setattr(societies_store.Societies, "_write", crash)
    uco = as_user("uco.demo")
    assert uco.post(f"/api/corrections/{filed['id']}/apply", {})[0] == 500  # the process died mid-write
    assert uco.get(f"/api/societies/{society['id']}")[1]["address"] == "Jhenaidah Sadar"
    assert uco.get(f"/api/corrections/{filed['id']}")[1]["state"] == "open"
    monkeypatch.setattr(societies_store.Societies, "_write", real)
    status, applied = uco.post(f"/api/corrections/{filed['id']}/apply", {})
    assert status == 200 and applied["state"] == "applied"
    assert uco.get(f"/api/societies/{society['id']}")[1]["address"] == filed["proposed_value"]


def test_the_request_is_closed_in_the_same_transaction_as_the_change(as_user, society, sent, monkeypatch):
    """If the request was decided between reading it and writing, the society is not changed either."""
    _, filed = file(as_user, society)
    from chalicelib.store.corrections import Corrections
    real_get = Corrections.get
    reads = []

    def stale_get(self, correction_id):
        reads.append(correction_id)
        request = real_get(self, correction_id)
        if len(reads) == 1:  # meanwhile, the request is rejected by the same office in another tab
            from chalicelib.domain.corrections import decided
            self.close(request, decided(request, "rejected", "uco.demo", "404419", "2026-11-24T10:00:00+00:00",
                                        "অন্য ট্যাবে প্রত্যাখ্যাত"))
        return request
    monkeypatch.setattr(Corrections, "get", stale_get)
    status, reply = as_user("uco.demo").post(f"/api/corrections/{filed['id']}/apply", {})
    assert status == 409 and reply["error"]["code"] == "correction_closed", reply
    monkeypatch.setattr(Corrections, "get", real_get)
    assert as_user("uco.demo").get(f"/api/societies/{society['id']}")[1]["address"] == "Jhenaidah Sadar"
    assert as_user("uco.demo").get(f"/api/corrections/{filed['id']}")[1]["state"] == "rejected"
    assert reads[0] == filed["id"]  # the apply did read the request the other tab then rejected


def test_public_filing_needs_the_committees_phone(as_user, society, sent, client):
    from tests.integration.conftest import Api
    public = Api(client)
    path = f"/api/public/societies/{society['id']}/corrections"
    body = {"field": "last_agm_on", "proposed_value": "2025-10-05", "reason": "এজিএম হয়েছে ৫ অক্টোবর"}
    status, wrong = public.post(path, {**body, "phone": "01812999999"})
    status_none, none = public.post("/api/public/societies/0123456789abcdef0/corrections",
                                    {**body, "phone": "01812000001"})
    assert status == status_none == 404 and wrong == none  # no way to tell a wrong number from no society
    status, reply = public.post(path, {**body, "phone": "০১৮১২০০০০০১", "field": "officer_phone"})
    assert status == 400 and reply["error"]["code"] == "invalid_field"
    status, filed = public.post(path, {**body, "phone": "০১৮১২০০০০০১"})
    assert status == 201 and set(filed) == {"id", "state"} and filed["state"] == "open"
    status, again = public.post(path, {**body, "phone": "01913000001", "proposed_value": "2025-10-06"})
    assert status == 409 and again["error"]["code"] == "correction_already_open"
    status, inbox = as_user("uco.demo").get("/api/corrections?box=inbox")
    request = inbox["items"][0]
    assert request["requester_office"] == "public" and request["requester_role"] == "president"
    status, applied = as_user("uco.demo").post(f"/api/corrections/{filed['id']}/apply", {})
    assert status == 200
    assert sent[-1][2][0].phone == "+8801812000001" and "প্রয়োগ" in sent[-1][2][0].text
    # a few wrong numbers lock the society's public form for a while
    body["proposed_value"] = "2025-10-07"  # 2025-10-05 is now the current value (400 no_change for any phone)
    answers = [public.post(path, {**body, "phone": "01812999999"})[0] for _ in range(5)]
    assert answers == [404, 404, 404, 404, 429]  # the 5th wrong guess (one was made above) locked it
    status, locked = public.post(path, {**body, "phone": "01812000001"})
    assert status == 429


def test_the_public_form_answers_a_bad_body_the_same_whatever_the_phone(as_user, society, sent, client):
    """Nothing but success tells the right number from a wrong one: bad fields, bad values, a dissolved
    society all answer alike for both."""
    from tests.integration.conftest import Api
    public = Api(client)
    path = f"/api/public/societies/{society['id']}/corrections"
    body = {"field": "last_agm_on", "proposed_value": "2025-10-05", "reason": "এজিএম হয়েছে ৫ অক্টোবর"}
    for bad in ({"field": "officer_phone"}, {"proposed_value": "not a date"}, {"reason": ""},
                {"field": "address", "proposed_value": "Jhenaidah Sadar"}):
        right = public.post(path, {**body, **bad, "phone": "01812000001"})
        wrong = public.post(path, {**body, **bad, "phone": "01812999998"})
        assert right == wrong and right[0] == 400, (bad, right, wrong)


def test_one_wrong_number_tried_on_many_societies_is_locked(as_user, society, sent, client):
    from tests.integration.conftest import Api
    public = Api(client)
    body = {"field": "last_agm_on", "proposed_value": "2025-10-05", "reason": "এজিএম হয়েছে ৫ অক্টোবর"}
    others = []
    for n in range(6):
        status, other = as_user("uco.demo").post("/api/societies", society_body(registration_no=f"JHE-2{n}"))
        assert status == 201, other
        others.append(other["id"])
    for society_id in others[:5]:  # one guess per society: no society's own lock is reached
        status, _ = public.post(f"/api/public/societies/{society_id}/corrections", {**body, "phone": "01812999997"})
        assert status == 404
    status, locked = public.post(f"/api/public/societies/{others[5]}/corrections", {**body, "phone": "01812999997"})
    assert status == 429 and locked["error"]["code"] == "too_many_attempts"
    status, filed = public.post(f"/api/public/societies/{others[5]}/corrections", {**body, "phone": "01812000001"})
    assert status == 201, filed  # the society itself is not locked


def test_inbox_pages_and_counts(as_user, client, sent):
    uco = as_user("uco.demo")
    ids = []
    for n in range(5):
        _, s = uco.post("/api/societies", society_body(registration_no=f"JHE-P{n}"))
        ids.append(file(as_user, s)[1]["id"])
    uco.post(f"/api/corrections/{ids[0]}/reject", {"reason": "ঠিকানা ঠিক আছে"})
    seen, cursor = [], ""
    while True:
        status, page = uco.get(f"/api/corrections?box=inbox&limit=2{'&cursor=' + cursor if cursor else ''}")
        assert status == 200 and len(page["items"]) <= 2
        seen += page["items"]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert [i["state"] for i in seen] == ["open"] * 4 + ["rejected"]  # open first, newest first
    assert [i["id"] for i in seen[:4]] == ids[:0:-1]
    assert page["counts"] == {"open": 4, "applied": 0, "rejected": 1, "withdrawn": 0}
    status, other = as_user("uco2.demo").get(f"/api/corrections?box=inbox&cursor={page_cursor(uco)}")
    assert status == 400  # another office's page link
    assert uco.get("/api/corrections?box=elsewhere")[0] == 400
    assert uco.get("/api/corrections?box=inbox&state=closed")[0] == 400


def page_cursor(api):
    return api.get("/api/corrections?box=inbox&limit=1")[1]["next_cursor"]


def test_the_requester_withdraws(as_user, society, sent):
    _, filed = file(as_user, society)
    status, reply = as_user("hq.demo").post(f"/api/corrections/{filed['id']}/withdraw", {})
    assert status == 403
    status, withdrawn = as_user("dco.demo").post(f"/api/corrections/{filed['id']}/withdraw", {})
    assert status == 200 and withdrawn["state"] == "withdrawn"
    status, refiled = file(as_user, society, username="hq.demo")
    assert status == 201


def test_notifications_are_queued_through_the_sms_pipeline(as_user, society):
    """No stand-in here: the real start_job queues one SMS per notification, counted for the sending office."""
    _, filed = file(as_user, society)
    status, jobs = as_user("dco.demo").get("/api/messages/jobs")
    assert status == 200, jobs
    job = next(j for j in jobs["items"] if j["kind"] == "correction")
    assert job["total"] == 1 and job["state"] in ("queued", "waiting") and filed["id"] in job["description"]
    status, applied = as_user("uco.demo").post(f"/api/corrections/{filed['id']}/apply", {})
    assert status == 200
    status, jobs = as_user("uco.demo").get("/api/messages/jobs")
    assert [j["kind"] for j in jobs["items"]].count("correction") == 1


def test_an_applied_correction_republishes_the_static_society_page(as_user, society, sent):
    """The shared page crawlers read must show the corrected value, not the old one."""
    from chalicelib.config import settings
    from chalicelib.store import aws
    status, filed = file(as_user, society, field="name_en", proposed_value="Nabaganga Fishers Cooperative Ltd")
    assert status == 201, filed
    assert as_user("uco.demo").post(f"/api/corrections/{filed['id']}/apply", {})[0] == 200
    page = aws.client("s3").get_object(Bucket=settings().site_bucket, Key=f"s/{society['id']}.html")["Body"].read()
    assert "Nabaganga Fishers Cooperative Ltd" in page.decode("utf-8")


@pytest.mark.parametrize("correction_id", ["cr-" + "0" * 1997, "x" * 2000, "cr-0123456789ABCDEF", "", "cr-01234"])
def test_a_malformed_correction_id_is_404_without_asking_the_store(correction_id):
    from chalicelib.domain.errors import NotFound
    from chalicelib.domain.jurisdiction import Caller
    from chalicelib.services import corrections

    class NoStore:
        def __getattr__(self, name):
            raise AssertionError(f"the store was called: {name}")
    with pytest.raises(NotFound) as refused:
        corrections.one(NoStore(), Caller("uco.demo", "upazila", "404419"), correction_id)
    assert refused.value.code == "correction_not_found"


def test_a_2000_character_correction_id_in_the_path_is_404(as_user):
    status, reply = as_user("uco.demo").get(f"/api/corrections/cr-{'0' * 1997}")
    assert status == 404 and reply["error"]["code"] == "correction_not_found"
