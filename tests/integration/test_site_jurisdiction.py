"""The public site's routes: role x the writing office, inside and outside its area.

Every office level writes notices, photos and its about page for its own area only; an
office above the writer is told it may not change another office's item, others are outside.
"""
import pytest

from .test_jurisdiction_matrix import USERS

OFFICES = {"hq.demo": "", "jr.demo": "40", "dco.demo": "4044", "uco.demo": "404419", "uco2.demo": "404433"}
ABOVE_UCO = {"hq.demo", "jr.demo", "dco.demo"}  # offices over uco.demo's upazila


@pytest.fixture
def uco_items(as_user):
    api = as_user("uco.demo")
    status, notice = api.post("/api/notices", {"title_bn": "উপজেলার নোটিশ"})
    assert status == 201
    status, photo = api.post("/api/photos", {"content_type": "image/jpeg", "size": 1000})
    assert status == 201
    return notice, photo


def expected_refusal(username):
    return "own_office_only" if username in ABOVE_UCO else "outside_jurisdiction"


@pytest.mark.parametrize("username", USERS)
def test_every_office_writes_for_its_own_area(as_user, username):
    api = as_user(username)
    status, notice = api.post("/api/notices", {"title_bn": "আমাদের নোটিশ", "office_code": "404419"})
    assert status == 400  # the office is the caller's, never chosen
    status, notice = api.post("/api/notices", {"title_bn": "আমাদের নোটিশ"})
    assert status == 201 and notice["office_code"] == OFFICES[username]
    status, mine = api.get("/api/notices")
    assert status == 200 and [n["id"] for n in mine["items"]] == [notice["id"]]
    assert api.patch(f"/api/notices/{notice['id']}", {"breaking": True})[0] == 200
    status, photo = api.post("/api/photos", {"content_type": "image/png", "size": 500})
    assert status == 201
    code = OFFICES[username] or "BD"
    assert api.patch(f"/api/offices/{code}", {"working_hours_bn": "সকাল ৯টা – বিকেল ৫টা"})[0] == 200


@pytest.mark.parametrize("username", USERS)
def test_only_the_writing_office_changes_its_items(as_user, uco_items, username):
    notice, photo = uco_items
    api = as_user(username)
    owner = username == "uco.demo"
    for method, path, body in (("patch", f"/api/notices/{notice['id']}", {"title_bn": "বদলানো নোটিশ"}),
                               ("post", f"/api/photos/{photo['id']}/done", {}),
                               ("delete", f"/api/photos/{photo['id']}", None),
                               ("delete", f"/api/notices/{notice['id']}", None)):
        status, reply = api.call(method, path, body)
        if owner:
            assert status in (200, 400), (path, reply)  # 400: the photo was never uploaded
        else:
            assert status == 403 and reply["error"]["code"] == expected_refusal(username), (path, reply)


@pytest.mark.parametrize("username", USERS)
@pytest.mark.parametrize("office", ["BD", "40", "4044", "404419", "404433"])
def test_an_office_changes_only_its_own_about_page(as_user, username, office):
    status, _ = as_user(username).patch(f"/api/offices/{office}", {"address_bn": "সমবায় ভবন"})
    assert status == (200 if (OFFICES[username] or "BD") == office else 403)


def test_site_routes_need_a_login(as_user):
    anonymous = as_user(None)
    for method, path in (("get", "/api/notices"), ("post", "/api/notices"), ("post", "/api/photos"),
                         ("get", "/api/photos"), ("delete", "/api/photos/0123456789abcdef"),
                         ("patch", "/api/notices/0123456789abcdef")):
        assert anonymous.call(method, path, {} if method in ("post", "patch") else None)[0] == 401, path
