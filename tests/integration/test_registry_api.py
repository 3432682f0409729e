"""The society registry API end to end in-process (Chalice test client + moto)."""
from datetime import timedelta


from chalicelib.handlers.common import dhaka_today
from chalicelib.store import aws
from tests.integration.conftest import Api, society_body


def audit_entries(env, society_id):
    table = aws.table(env["TABLE_AUDIT"])
    return table.query(KeyConditionExpression="pk = :p",
                       ExpressionAttributeValues={":p": f"society#{society_id}"})["Items"]


def test_health_and_openapi_are_public(client):
    assert Api(client).get("/api/health") == (200, {"status": "ok"})
    status, doc = Api(client).get("/api/openapi.json")
    assert status == 200 and doc["openapi"].startswith("3.")


def test_login_returns_a_token_and_me_describes_the_office(client, as_user):
    status, me = as_user("uco.demo").get("/api/me")
    assert status == 200
    assert me["username"] == "uco.demo" and me["role"] == "upazila"
    assert me["office"]["code"] == "404419" and me["office"]["name_en"] == "Jhenaidah Sadar"


def test_wrong_password_is_401_with_bilingual_message(client):
    status, body = Api(client).post("/api/auth/login", {"username": "uco.demo", "password": "nope-nope-1A"})
    assert status == 401
    assert body["error"]["code"] == "login_failed" and body["error"]["message_bn"]


def test_protected_route_without_or_with_forged_token_is_refused(client, as_user):
    assert Api(client).get("/api/me")[0] == 401
    token = as_user("uco.demo").token
    header, payload, signature = token.split(".")
    forged = f"{header}.{payload}.{signature[:-4]}AAAA"
    assert Api(client, forged).get("/api/me")[0] in (401, 403)


def test_create_derives_term_end_countdown_and_normalises_phones(as_user):
    today = dhaka_today()
    started = today - timedelta(days=365)
    status, body = as_user("uco.demo").post("/api/societies", society_body(
        committee_started_on=started.isoformat(), president_phone="৮৮০১৮১২০০০০০১"))
    assert status == 201, body
    assert body["term_ends_on"] == started.replace(year=started.year + 3).isoformat()
    assert body["days_left"] == (started.replace(year=started.year + 3) - today).days
    assert body["status"] == "green" and body["status_label"]["bn"]
    assert body["president_phone"] == "+8801812000001"
    assert body["officer_phone"] == "+8801711000419"
    assert body["version"] == 1


def test_interim_committee_gets_120_days(as_user):
    started = dhaka_today() - timedelta(days=100)
    status, body = as_user("uco.demo").post("/api/societies", society_body(
        committee_kind="interim", committee_started_on=started.isoformat()))
    assert status == 201
    assert body["days_left"] == 20 and body["status"] == "yellow"


def test_bad_input_gets_400_with_field_messages_and_writes_nothing(env, as_user):
    api = as_user("uco.demo")
    status, body = api.post("/api/societies", society_body(
        officer_phone="12345", registered_on=(dhaka_today() + timedelta(days=3)).isoformat(), status="green"))
    assert status == 400
    fields = {d["field"]: d for d in body["error"]["details"]}
    assert {"officer_phone", "registered_on", "status"} <= set(fields)
    assert fields["officer_phone"]["message_bn"] and fields["officer_phone"]["message"]
    assert api.get("/api/societies")[1]["items"] == []
    table = aws.table(env["TABLE_SOCIETIES"])
    assert table.scan()["Count"] == 0


def test_malformed_json_is_400_not_500(client, as_user):
    api = as_user("uco.demo")
    response = client.http.post("/api/societies", headers={
        "Authorization": f"Bearer {api.token}", "Content-Type": "application/json"}, body="{not json")
    assert response.status_code == 400
    assert api.post("/api/societies", ["a", "list"])[0] == 400


def test_registration_number_is_unique_per_district_and_nothing_half_written(env, as_user):
    api = as_user("uco.demo")
    status, first = api.post("/api/societies", society_body(registration_no="jhe-777"))
    assert status == 201 and first["registration_no"] == "JHE-777"
    status, body = as_user("uco2.demo").post("/api/societies", society_body(
        registration_no="JHE-777", upazila_code="404433", officer_phone="01711000433"))
    assert status == 409 and body["error"]["code"] == "duplicate_registration_no"
    table = aws.table(env["TABLE_SOCIETIES"])
    societies = [i for i in table.scan()["Items"] if i["pk"].startswith("SOCIETY#")]
    assert len(societies) == 1
    assert len(audit_entries(env, first["id"])) == 1
    # the same number in another district is fine
    status, _ = as_user("uco2.demo").post("/api/societies", society_body(
        registration_no="JHE-778", upazila_code="404433", officer_phone="01711000433"))
    assert status == 201


def test_update_replans_term_and_is_audited_with_before_and_after(env, as_user):
    api = as_user("uco.demo")
    _, created = api.post("/api/societies", society_body(committee_started_on="2023-01-10"))
    new_start = (dhaka_today() - timedelta(days=5)).isoformat()
    status, updated = api.patch(f"/api/societies/{created['id']}", {
        "committee_started_on": new_start, "version": created["version"]})
    assert status == 200, updated
    assert updated["term_ends_on"] > created["term_ends_on"]
    assert updated["version"] == 2 and updated["name_bn"] == created["name_bn"]
    entries = sorted(audit_entries(env, created["id"]), key=lambda e: e["sk"])
    assert [e["action"] for e in entries] == ["create", "update"]
    assert '"committee_started_on": "2023-01-10"' in entries[1]["before"]
    assert new_start in entries[1]["after"] and entries[1]["actor"] == "uco.demo"


def test_stale_version_is_409(as_user):
    api = as_user("uco.demo")
    _, created = api.post("/api/societies", society_body())
    assert api.patch(f"/api/societies/{created['id']}", {"address": "Address A", "version": 1})[0] == 200
    status, body = api.patch(f"/api/societies/{created['id']}", {"address": "Address B", "version": 1})
    assert status == 409 and body["error"]["code"] == "stale_version"


def test_dissolve_is_soft_and_keeps_history(env, as_user):
    api = as_user("uco.demo")
    _, created = api.post("/api/societies", society_body())
    status, body = api.delete(f"/api/societies/{created['id']}")
    assert status == 200 and body["dissolved_on"] == dhaka_today().isoformat()
    assert api.get("/api/societies")[1]["items"] == []
    assert api.get(f"/api/societies/{created['id']}")[1]["dissolved_on"]
    assert len(api.get("/api/societies?dissolved=1")[1]["items"]) == 1
    assert api.delete(f"/api/societies/{created['id']}")[0] == 409
    assert [e["action"] for e in sorted(audit_entries(env, created["id"]), key=lambda e: e["sk"])] == [
        "create", "dissolve"]


def test_list_filters_search_and_paginates(as_user):
    api = as_user("uco.demo")
    today = dhaka_today()
    for i, days in enumerate([400, 300, 60, 30, -5]):
        ends = today + timedelta(days=days)
        assert api.post("/api/societies", society_body(
            registration_no=f"R-{i}", name_en=f"Society {i}", term_ends_on=ends.isoformat(),
            committee_started_on=(ends - timedelta(days=1000)).isoformat()))[0] == 201
    assert {s["registration_no"] for s in api.get("/api/societies?status=yellow")[1]["items"]} == {"R-2", "R-3"}
    assert [s["registration_no"] for s in api.get("/api/societies?status=red")[1]["items"]] == ["R-4"]
    assert [s["registration_no"] for s in api.get("/api/societies?q=society%203")[1]["items"]] == ["R-3"]
    seen, cursor = [], None
    while True:
        _, page = api.get("/api/societies?limit=2" + (f"&cursor={cursor}" if cursor else ""))
        assert len(page["items"]) <= 2
        seen += [s["registration_no"] for s in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert sorted(seen) == ["R-0", "R-1", "R-2", "R-3", "R-4"]
    _, summary = api.get("/api/societies/summary")
    assert summary["total"] == 5 and summary["by_status"] == {"green": 2, "yellow": 2, "red": 1}


def test_bad_query_parameters_are_400(as_user):
    api = as_user("uco.demo")
    assert api.get("/api/societies?status=purple")[0] == 400
    assert api.get("/api/societies?limit=0")[0] == 400
    assert api.get("/api/societies?cursor=garbage")[0] == 400
    assert api.get("/api/societies?area_code=99")[0] == 400
    assert api.get("/api/societies/does-not-exist")[0] == 404


def test_csv_export_has_bengali_and_computed_columns(as_user):
    api = as_user("uco.demo")
    api.post("/api/societies", society_body())
    status, body = api.get("/api/reports/societies.csv")
    assert status == 200
    lines = body.lstrip("\ufeff").splitlines()
    assert lines[0].startswith("registration_no,registered_on,name_bn")
    assert "নবগঙ্গা" in lines[1] and ",elected," in lines[1]


def test_search_finds_a_registration_number_typed_in_bengali_digits(as_user):
    api = as_user("uco.demo")
    api.post("/api/societies", society_body(registration_no="JHE-2024-117"))
    api.post("/api/societies", society_body(registration_no="JHE-2024-118"))
    _, found = api.get("/api/societies?q=২০২৪-১১৭")
    assert [s["registration_no"] for s in found["items"]] == ["JHE-2024-117"]


def test_odd_parameters_and_ids_are_4xx_never_500(as_user):
    api = as_user("uco.demo")
    _, created = api.post("/api/societies", society_body())
    assert api.get("/api/societies?limit=²")[0] == 400
    assert api.get("/api/societies/" + "a" * 3000)[0] == 404
    import base64, json as _json
    forged = {"pk": {"S": "x"}, "area_pk": "SOCIETY", "area_sk": "404419#x"}
    cursor = base64.urlsafe_b64encode(_json.dumps(forged).encode()).decode()
    assert api.get(f"/api/societies?cursor={cursor}")[0] == 400
    status, body = api.post("/api/societies", society_body(registration_no="OLD-1", term_ends_on="0001-01-02"))
    assert status == 400 and body["error"]["details"][0]["code"] == "date_out_of_range"
    assert api.get(f"/api/societies/{created['id']}")[0] == 200


def test_csv_cells_cannot_become_spreadsheet_formulas(as_user):
    api = as_user("uco.demo")
    api.post("/api/societies", society_body(address="=HYPERLINK(\"http://x\")"))
    _, body = api.get("/api/reports/societies.csv")
    assert "'=HYPERLINK" in body
