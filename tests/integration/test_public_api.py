"""Public routes: browsing by area, statistics, calendar — and never a phone number."""
import re
from datetime import timedelta

from chalicelib.handlers.common import dhaka_today
from tests.integration.conftest import Api, society_body

PHONE = re.compile(r"(\+?880|\b0)1[3-9]\d{8}")


def all_keys(value) -> list[str]:
    if isinstance(value, dict):
        return list(value) + [k for v in value.values() for k in all_keys(v)]
    if isinstance(value, list):
        return [k for v in value for k in all_keys(v)]
    return []


def seed(as_user):
    today = dhaka_today()
    api = as_user("uco.demo")
    ids = []
    for i, days in enumerate([200, 60, -10]):
        ends = today + timedelta(days=days)
        status, body = api.post("/api/societies", society_body(
            registration_no=f"P-{i}", name_bn=f"সমিতি {i}", term_ends_on=ends.isoformat(),
            committee_started_on=(ends - timedelta(days=1000)).isoformat(),
            facebook_url="https://facebook.com/samiti"))
        assert status == 201
        ids.append(body["id"])
    return ids


def test_areas_walk_from_divisions_to_upazilas(client):
    public = Api(client)
    _, divisions = public.get("/api/public/areas")
    assert len(divisions["items"]) == 8
    _, districts = public.get("/api/public/areas?parent=40")
    assert len(districts["items"]) == 10
    _, upazilas = public.get("/api/public/areas?parent=4044")
    assert "Jhenaidah Sadar" in {u["name_en"] for u in upazilas["items"]}
    assert public.get("/api/public/areas?parent=xyz")[0] == 400


def test_public_list_stats_and_society_page(client, as_user):
    ids = seed(as_user)
    public = Api(client)
    _, listing = public.get("/api/public/societies?upazila_code=404419")
    assert {s["status"] for s in listing["items"]} == {"green", "yellow", "red"}
    assert all("days_left" in s and s["status_label"]["bn"] for s in listing["items"])
    _, district = public.get("/api/public/societies?area_code=4044")
    assert len(district["items"]) == 3
    _, stats = public.get("/api/public/stats?area_code=40")
    assert stats["total"] == 3 and stats["by_status"] == {"green": 1, "yellow": 1, "red": 1}
    status, page = public.get(f"/api/public/societies/{ids[0]}")
    assert status == 200 and page["name_bn"] == "সমিতি 0" and page["facebook_url"]
    assert [a["name_en"] for a in page["area"]] == ["Khulna", "Jhenaidah", "Jhenaidah Sadar"]
    assert public.get("/api/public/societies/nope")[0] == 404


def test_election_calendar_groups_terms_by_month(client, as_user):
    seed(as_user)
    _, calendar = Api(client).get("/api/public/calendar?upazila_code=404419")
    months = [m["month"] for m in calendar["months"]]
    assert months == sorted(months) and len(calendar["months"]) >= 2
    assert sum(len(m["societies"]) for m in calendar["months"]) == 3
    assert all(m["label_bn"] and m["label_en"] for m in calendar["months"])
    assert Api(client).get("/api/public/calendar?area_code=40")[0] == 400


def test_no_public_response_contains_a_phone_number(client, as_user):
    ids = seed(as_user)
    public = Api(client)
    paths = ["/api/public/areas", "/api/public/stats", "/api/public/stats?area_code=404419",
             "/api/public/societies", "/api/public/societies?upazila_code=404419",
             "/api/public/societies?area_code=4044&q=সমিতি", "/api/public/calendar?upazila_code=404419",
             "/api/openapi.json", "/api/health"] + [f"/api/public/societies/{i}" for i in ids]
    for path in paths:
        status, body = public.get(path)
        text = str(body)
        assert status == 200, path
        assert not PHONE.search(text), path
        if path != "/api/openapi.json":
            assert not [k for k in all_keys(body) if "phone" in k], path
    # the same societies do carry phones for officers, so the check above is meaningful
    _, officer_view = as_user("uco.demo").get(f"/api/societies/{ids[0]}")
    assert PHONE.search(str(officer_view))


def test_public_responses_are_cacheable(client):
    response = client.http.get("/api/public/areas")
    assert "max-age" in response.headers.get("Cache-Control", "")


def test_the_edge_keeps_public_reads_an_hour_and_browsers_five_minutes(client, as_user):
    """The edge cache (infra: PublicApiDistribution) keeps what s-maxage says; a phone what max-age says."""
    society = seed(as_user)[0]
    for path in ("/api/public/areas", "/api/public/stats?area_code=404419",
                 "/api/public/societies?area_code=404419", f"/api/public/societies/{society}"):
        directives = {d.strip() for d in client.http.get(path).headers["Cache-Control"].split(",")}
        assert directives == {"public", "max-age=300", "s-maxage=3600"}, path
