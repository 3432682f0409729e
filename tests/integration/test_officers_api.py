"""Office administration through the routes, Cognito (moto) and the officer directory."""
import pytest

from chalicelib.domain.officers import meets_policy
from tests.integration.conftest import Api, society_body

NEW_UCO = {"username": "kotchandpur.uco", "name_bn": "রহিম উদ্দিন", "phone": "01712-345678",
           "office_code": "404442"}  # Kotchandpur, Jhenaidah district
NEW_PASSWORD = "Kotchandpur2026"


def register(as_user, body=NEW_UCO, by="dco.demo"):
    return as_user(by).post("/api/officers", body)


def first_login(client, username, temporary, new=NEW_PASSWORD):
    public = Api(client)
    status, reply = public.post("/api/auth/login", {"username": username, "password": temporary})
    assert status == 409 and reply["error"]["code"] == "new_password_required", reply
    status, reply = public.post("/api/auth/new-password", {"username": username, "temporary_password": temporary,
                                                           "new_password": new})
    assert status == 200, reply
    return reply


def test_a_dco_registers_an_upazila_officer_who_sets_a_password_and_works(client, as_user):
    status, reply = register(as_user)
    assert status == 201, reply
    assert reply["username"] == "kotchandpur.uco" and meets_policy(reply["temporary_password"])
    session = first_login(client, "kotchandpur.uco", reply["temporary_password"])
    assert session["user"]["role"] == "upazila" and session["user"]["office"]["code"] == "404442"
    uco = Api(client, session["token"])
    status, me = uco.get("/api/me")
    assert status == 200 and me["username"] == "kotchandpur.uco" and me["office"]["code"] == "404442"
    status, society = uco.post("/api/societies", society_body(upazila_code="404442", registration_no="KOT-1"))
    assert status == 201, society
    assert uco.post("/api/societies", society_body(registration_no="KOT-2"))[0] == 403  # not his upazila
    # his own password now logs in; the temporary one no longer does
    assert Api(client).post("/api/auth/login", {"username": "kotchandpur.uco", "password": NEW_PASSWORD})[0] == 200
    status, again = Api(client).post("/api/auth/new-password", {
        "username": "kotchandpur.uco", "temporary_password": NEW_PASSWORD, "new_password": "Another2026x"})
    assert status == 409 and again["error"]["code"] == "new_password_not_required"
    # the district's list shows him with his office's society counts
    status, listing = as_user("dco.demo").get("/api/officers")
    assert status == 200
    row = next(o for o in listing["items"] if o["username"] == "kotchandpur.uco")
    assert row["status"] == "active" and row["phone"] == "+8801712345678" and row["office"]["code"] == "404442"
    assert row["societies"]["total"] == 1 and set(row["societies"]["by_status"]) == {"green", "yellow", "red"}
    office = next(o for o in listing["offices"] if o["code"] == "404442")
    assert office["officers"] == ["kotchandpur.uco"]
    assert {o["username"] for o in listing["items"]} >= {"uco.demo", "uco2.demo"}


def test_registering_refuses_duplicates_wrong_levels_other_areas_and_weak_new_passwords(client, as_user):
    assert register(as_user)[0] == 201
    status, reply = register(as_user)
    assert status == 409 and reply["error"]["code"] == "username_taken"
    status, reply = register(as_user, {**NEW_UCO, "username": "uco.demo"})
    assert status == 409
    status, reply = register(as_user, {**NEW_UCO, "username": "other.one", "office_code": "4044"})
    assert status == 400 and reply["error"]["code"] == "wrong_office_level", reply
    assert reply["error"]["message_bn"]
    status, reply = register(as_user, {**NEW_UCO, "username": "other.one", "office_code": "302614"})
    assert status == 403 and reply["error"]["code"] == "outside_jurisdiction"
    status, reply = register(as_user, {**NEW_UCO, "username": "Bad Name"})
    assert status == 400
    status, reply = register(as_user, {**NEW_UCO, "username": "other.one", "phone": "12345"})
    assert status == 400 and reply["error"]["details"][0]["field"] == "phone"
    status, reply = register(as_user, {**NEW_UCO, "username": "jhenaidah.dco", "office_code": "4044"}, by="jr.demo")
    assert status == 201, reply
    status, reply = register(as_user, {**NEW_UCO, "username": "kotchandpur2"}, by="uco.demo")
    assert status == 403 and reply["error"]["code"] == "no_officers_below"
    status, created = register(as_user, {**NEW_UCO, "username": "weak.one"})
    status, reply = Api(client).post("/api/auth/new-password", {
        "username": "weak.one", "temporary_password": created["temporary_password"], "new_password": "alllowercase1"})
    assert status == 400 and reply["error"]["code"] == "weak_password" and "১০" in reply["error"]["message_bn"]


def login_status(client, username, password):
    return Api(client).post("/api/auth/login", {"username": username, "password": password})[0]


def test_deactivate_reactivate_reset_and_transfer(client, as_user):
    temporary = register(as_user)[1]["temporary_password"]
    first_login(client, "kotchandpur.uco", temporary)
    dco = as_user("dco.demo")
    status, reply = dco.post("/api/officers/kotchandpur.uco/deactivate", {})
    assert status == 200 and reply["status"] == "inactive"
    assert login_status(client, "kotchandpur.uco", NEW_PASSWORD) == 401
    status, reply = dco.post("/api/officers/kotchandpur.uco/reactivate", {})
    assert status == 200 and reply["status"] == "active"
    assert login_status(client, "kotchandpur.uco", NEW_PASSWORD) == 200
    status, reset = dco.post("/api/officers/kotchandpur.uco/reset-password", {})
    assert status == 200 and meets_policy(reset["temporary_password"])
    assert login_status(client, "kotchandpur.uco", NEW_PASSWORD) == 401
    session = first_login(client, "kotchandpur.uco", reset["temporary_password"], "Kaliganj2026x")
    status, moved = dco.post("/api/officers/kotchandpur.uco/transfer", {"office_code": "404433"})
    assert status == 200 and moved["office"]["code"] == "404433"
    status, session = Api(client).post("/api/auth/login", {"username": "kotchandpur.uco", "password": "Kaliganj2026x"})
    assert session["user"]["office"]["code"] == "404433"
    assert dco.post("/api/officers/kotchandpur.uco/transfer", {"office_code": "4044"})[0] == 400
    assert dco.post("/api/officers/kotchandpur.uco/transfer", {"office_code": "302614"})[0] == 403
    assert dco.post("/api/officers/nobody.here/deactivate", {})[0] == 404
    # the history of the entry is in the audit trail
    from chalicelib.store.audit import history
    assert [h["action"] for h in history("officer", "kotchandpur.uco")][:3] == ["transfer", "reset_password",
                                                                                "reactivate"]


def test_own_profile_phone_and_password(client, as_user):
    uco = as_user("uco.demo")
    status, me = uco.get("/api/profile")
    assert status == 200 and me["username"] == "uco.demo" and me["office"]["code"] == "404419"
    status, me = uco.patch("/api/profile", {"phone": "০১৮১২৩৪৫৬৭৮", "name_bn": "করিম"})
    assert status == 200 and me["phone"] == "+8801812345678" and me["name_bn"] == "করিম"
    assert uco.patch("/api/profile", {"phone": "123"})[0] == 400
    status, reply = uco.post("/api/profile/password", {"current_password": "wrong-one", "new_password": "Newpass2026"})
    assert status == 400 and reply["error"]["code"] == "wrong_current_password"
    status, reply = uco.post("/api/profile/password", {"current_password": "Samabay@2026", "new_password": "weakweakweak"})
    assert status == 400 and reply["error"]["code"] == "weak_password"
    status, reply = uco.post("/api/profile/password", {"current_password": "Samabay@2026", "new_password": "Newpass2026"})
    assert status == 200, reply
    assert login_status(client, "uco.demo", "Newpass2026") == 200
    assert login_status(client, "uco.demo", "Samabay@2026") == 401


def test_wrong_current_passwords_lock_the_change_not_the_login(client, as_user):
    uco = as_user("uco.demo")
    codes = [uco.post("/api/profile/password", {"current_password": f"wrong-{i}", "new_password": "Newpass2026"})[0]
             for i in range(10)]
    assert codes[-1] == 429 and set(codes[:-1]) == {400}
    assert login_status(client, "uco.demo", "Samabay@2026") == 200


@pytest.mark.parametrize("sender, recipients", [("dco.demo", {"uco.demo", "uco2.demo"}), ("jr.demo", {"dco.demo"}),
                                                ("hq.demo", {"jr.demo"})])
def test_officer_messages_reach_the_officers_below_in_app(as_user, sender, recipients):
    status, sent = as_user(sender).post("/api/officer-messages", {"to": "all", "text": "সভা আগামীকাল ১০টায়"})
    assert status == 201 and sent["recipients"] == len(recipients), sent
    for name in ("hq.demo", "jr.demo", "dco.demo", "uco.demo", "uco2.demo"):
        status, inbox = as_user(name).get("/api/officer-messages?box=inbox")
        assert status == 200
        assert (inbox["unread"] == 1) == (name in recipients), name
    status, outbox = as_user(sender).get("/api/officer-messages?box=sent")
    assert outbox["items"][0]["text"] == "সভা আগামীকাল ১০টায়"


def test_one_recipient_reading_and_refusals(as_user):
    dco, uco = as_user("dco.demo"), as_user("uco.demo")
    status, sent = dco.post("/api/officer-messages", {"to": "uco2.demo", "text": "শুধু আপনার জন্য"})
    assert status == 201 and sent["recipients"] == 1
    assert uco.get("/api/officer-messages")[1]["unread"] == 0
    uco2 = as_user("uco2.demo")
    status, inbox = uco2.get("/api/officer-messages")
    assert inbox["unread"] == 1 and inbox["items"][0]["from_username"] == "dco.demo"
    status, read = uco2.post(f"/api/officer-messages/{inbox['items'][0]['id']}/read", {})
    assert status == 200 and read["unread"] == 0
    assert uco.post(f"/api/officer-messages/{inbox['items'][0]['id']}/read", {})[0] == 404  # not his
    assert dco.post("/api/officer-messages", {"to": "hq.demo", "text": "উপরে নয়"})[0] == 404
    assert uco.post("/api/officer-messages", {"to": "all", "text": "নিচে কেউ নেই"})[0] == 403
    assert uco.get("/api/officer-messages?box=other")[0] == 400


def test_officer_messages_by_sms_queue_one_sms_per_recipient(as_user):
    status, sent = as_user("dco.demo").post("/api/officer-messages", {"to": "all", "text": "জরুরি সভা", "sms": True})
    assert status == 201, sent
    job = sent["sms_job"]
    assert sent["job_id"] == job["job_id"] and job["state"] in ("queued", "waiting")
    from chalicelib.store.message_jobs import Jobs
    stored = Jobs().get(job["job_id"])
    assert stored["total"] == 2 and stored["kind"] == "officer_message", stored
    assert stored["office_code"] == "4044"
    status, inbox = as_user("uco.demo").get("/api/officer-messages")
    assert inbox["items"][0]["sms"] is True and inbox["items"][0]["id"] == sent["id"]


def test_the_message_is_saved_before_its_sms_and_a_refused_sms_keeps_it_in_app(as_user, monkeypatch):
    from chalicelib.domain.errors import Conflict
    from chalicelib.services import message_jobs
    from chalicelib.store.officer_messages import OfficerMessages
    started = []

    def broken_save(self, message, recipients, actor):
        raise RuntimeError("DynamoDB is down")
    monkeypatch.setattr(message_jobs, "start_job", lambda *a, **k: started.append(a) or {"job_id": "j"})
    monkeypatch.setattr(OfficerMessages, "save", broken_save)
    status, _ = as_user("dco.demo").post("/api/officer-messages", {"to": "all", "text": "জরুরি সভা", "sms": True})
    assert status == 500
    assert started == []  # no SMS for a message that was not saved
    monkeypatch.undo()

    def refused(*args, **kwargs):
        raise Conflict("spend_cap_reached", "cap", "সীমা")
    monkeypatch.setattr(message_jobs, "start_job", refused)
    status, sent = as_user("dco.demo").post("/api/officer-messages", {"to": "all", "text": "জরুরি সভা", "sms": True})
    assert status == 201 and sent["sms_job"] is None and sent["sms_error"]["code"] == "spend_cap_reached", sent
    status, inbox = as_user("uco.demo").get("/api/officer-messages")
    assert inbox["items"][0]["id"] == sent["id"]


def test_a_deactivated_or_transferred_officer_s_open_session_stops_working(client, as_user):
    """Deactivation must not wait for the 8-hour token to expire: the authorizer checks the directory."""
    temporary = register(as_user)[1]["temporary_password"]
    token = first_login(client, "kotchandpur.uco", temporary)["token"]
    session = Api(client, token)
    assert session.get("/api/me")[0] == 200
    dco = as_user("dco.demo")
    assert dco.post("/api/officers/kotchandpur.uco/deactivate", {})[0] == 200
    assert session.get("/api/me")[0] in (401, 403)
    assert dco.post("/api/officers/kotchandpur.uco/reactivate", {})[0] == 200
    assert session.get("/api/me")[0] == 200
    # moved to Kaliganj: a token still naming the old office no longer opens that office's data
    assert dco.post("/api/officers/kotchandpur.uco/transfer", {"office_code": "404433"})[0] == 200
    assert session.get("/api/societies")[0] in (401, 403)


class NoStore:
    """A directory or user pool that must not be reached: a malformed name never goes to DynamoDB."""
    def __getattr__(self, name):
        raise AssertionError(f"the store was called: {name}")


@pytest.mark.parametrize("username", ["x" * 2000, "Bad Name", "a..b", ""])
def test_a_malformed_username_is_an_unknown_officer_without_asking_the_store(username):
    from chalicelib.domain.errors import NotFound
    from chalicelib.domain.jurisdiction import Caller
    from chalicelib.services import officers
    dco = Caller("dco.demo", "district", "4044")
    for call in (lambda: officers.set_active(NoStore(), NoStore(), dco, username, False, "now"),
                 lambda: officers.set_active(NoStore(), NoStore(), dco, username, True, "now"),
                 lambda: officers.reset_password(NoStore(), NoStore(), dco, username, "now"),
                 lambda: officers.transfer(NoStore(), NoStore(), dco, username, {"office_code": "404433"}, "now")):
        with pytest.raises(NotFound) as refused:
            call()
        assert refused.value.code == "officer_not_found"


def test_a_2000_character_username_in_the_path_is_404(as_user):
    status, reply = as_user("dco.demo").post(f"/api/officers/{'x' * 2000}/deactivate", {})
    assert status == 404 and reply["error"]["code"] == "officer_not_found"


def test_one_office_view_for_officers_and_the_site():
    from chalicelib.services import officers, site_content
    assert officers.office_view is site_content.office_view
    assert officers.office_view("")["name_en"]  # HQ has the country's name, as on the site
