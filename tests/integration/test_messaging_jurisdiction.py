"""Messaging routes: role x inside/outside the area (society A is in uco.demo's upazila, 404419)."""
import pytest

from tests.integration.conftest import society_body
from tests.integration.test_jurisdiction_matrix import COVERS_A, OUTSIDE_B_AREA, USERS

EDITORS = {"hq.demo", "dco.demo"}


@pytest.fixture
def society_a(as_user):
    status, body = as_user("uco.demo").post("/api/societies", society_body())
    assert status == 201
    return body


@pytest.mark.parametrize("username", USERS)
def test_templates_are_read_inside_the_area_and_edited_by_hq_and_districts(as_user, username):
    api = as_user(username)
    assert api.get("/api/messages/templates")[0] == 200
    assert api.get("/api/messages/templates?area_code=404419")[0] == (200 if username in COVERS_A else 403)
    assert api.get(f"/api/messages/templates?area_code={OUTSIDE_B_AREA}")[0] == (200 if username == "hq.demo"
                                                                                else 403)
    status, reply = api.call("put", "/api/messages/templates/audit", {"text": "{society_name}: অডিট {due}"})
    assert status == (200 if username in EDITORS else 403), reply
    assert reply.get("source") == {"hq.demo": "national", "dco.demo": "district"}.get(username)
    assert api.delete("/api/messages/templates/audit")[0] == (200 if username in EDITORS else 403)


@pytest.mark.parametrize("username", USERS)
def test_preview_and_send_inside_the_area_only(as_user, society_a, username):
    api = as_user(username)
    inside = username in COVERS_A
    for body in ({"template": "agm", "filter": {"area_code": "404419"}},
                 {"text": "{society_name}: সভা", "filter": {"society_id": society_a["id"]}}):
        status, reply = api.post("/api/messages/preview", body)
        assert status == (200 if inside else 403), reply
        if inside:
            assert reply["recipients"] == 2
    assert api.post("/api/messages/preview", {"template": "agm", "filter": {"area_code": OUTSIDE_B_AREA}})[0] == (
        200 if username == "hq.demo" else 403)
    status, reply = api.post("/api/messages/send", {"template": "agm", "filter": {"society_id": society_a["id"]}})
    assert status == (202 if inside else 403), reply
    if inside:
        status, job = api.get(f"/api/messages/jobs/{reply['job_id']}")
        assert status == 200 and job["office_code"] == {"hq.demo": ""}.get(username, job["office_code"])


def test_anonymous_callers_get_401(client, as_user):
    api = as_user(None)
    for method, path, body in (("get", "/api/messages/templates", None), ("post", "/api/messages/preview", {}),
                               ("post", "/api/messages/send", {}),
                               ("put", "/api/messages/templates/agm", {"text": "x"}),
                               ("delete", "/api/messages/templates/agm", None)):
        assert api.call(method, path, body)[0] == 401, path
