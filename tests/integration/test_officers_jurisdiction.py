"""Office administration and officer messages: every route, role x the office one level below or not."""
import pytest

from .test_jurisdiction_matrix import USERS

# The office one level below each caller inside its area, and one outside it at that level.
BELOW = {"hq.demo": ("30", None), "jr.demo": ("4044", "3026"), "dco.demo": ("404442", "302614")}
# Who manages each demo officer (the office directly above theirs).
MANAGER = {"jr.demo": "hq.demo", "dco.demo": "jr.demo", "uco.demo": "dco.demo", "uco2.demo": "dco.demo"}


@pytest.mark.parametrize("username", USERS)
def test_register_and_list_only_one_level_below_inside_the_area(as_user, username):
    api = as_user(username)
    inside, outside = BELOW.get(username, ("404442", "302614"))
    body = {"username": f"new-{username.split('.')[0]}", "name_bn": "নতুন অফিসার", "phone": "01712345678"}
    status, reply = api.post("/api/officers", {**body, "office_code": inside})
    assert status == (201 if username in BELOW else 403), reply
    if outside:
        status, reply = api.post("/api/officers", {**body, "username": "other-x", "office_code": outside})
        assert status == 403, reply
    status, reply = api.get("/api/officers")
    assert status == (200 if username in BELOW else 403)
    if status == 200:
        assert {o["username"] for o in reply["items"]} == {u for u, m in MANAGER.items() if m == username} | {
            body["username"]}


@pytest.mark.parametrize("username", USERS)
@pytest.mark.parametrize("target", sorted(MANAGER))
def test_only_the_office_directly_above_administers_an_officer(as_user, username, target):
    api = as_user(username)
    allowed = MANAGER[target] == username
    # reset first: it leaves the target able to log in again only through a new password, so run it last
    for action, body in (("deactivate", {}), ("reactivate", {})):
        status, reply = api.post(f"/api/officers/{target}/{action}", body)
        assert status == (200 if allowed else 403), (action, reply)
    new_office = {"uco.demo": "404442", "uco2.demo": "404442", "dco.demo": "4041", "jr.demo": "30"}[target]
    status, reply = api.post(f"/api/officers/{target}/transfer", {"office_code": new_office})
    assert status == (200 if allowed else 403), reply
    status, reply = api.post(f"/api/officers/{target}/reset-password", {})
    assert status == (200 if allowed else 403), reply


@pytest.mark.parametrize("username", USERS)
def test_profile_is_ones_own_and_messages_go_one_level_down(as_user, username):
    api = as_user(username)
    status, me = api.get("/api/profile")
    assert status == 200 and me["username"] == username
    status, reply = api.post("/api/officer-messages", {"to": "all", "text": "পরীক্ষামূলক বার্তা"})
    assert status == (201 if username in BELOW else 403), reply
    for other in USERS:
        if MANAGER.get(other) != username:
            status, _ = api.post("/api/officer-messages", {"to": other, "text": "পরীক্ষামূলক বার্তা"})
            assert status in ((404,) if username in BELOW else (403,)), other
    assert api.get("/api/officer-messages?box=inbox")[0] == 200
    assert api.get("/api/officer-messages?box=sent")[0] == 200
