"""Notices, photos, the visitor counter, office about pages and static pages, through the routes on moto."""
import io
import json
from datetime import datetime, timedelta, timezone

import boto3
import pytest

from PIL import Image

from chalicelib.config import settings
from tests.integration.conftest import society_body

REGION = "ap-southeast-1"


def at(**delta) -> str:
    return (datetime.now(timezone.utc) + timedelta(**delta)).replace(microsecond=0).isoformat()


def notice(api, **over):
    body = {"title_bn": "সমিতিতে ব্যাংক হিসাব খুলুন", "title_en": "Open a bank account",
            "body_bn": "প্রত্যেক সমিতিতে ব্যাংক হিসাব খুলে আর্থিক লেনদেন করুন।", **over}
    status, reply = api.post("/api/notices", body)
    assert status == 201, reply
    return reply


def s3():
    return boto3.client("s3", region_name=REGION)


def site_object(key: str) -> bytes:
    return s3().get_object(Bucket=settings().site_bucket, Key=key)["Body"].read()


# ---- notices ---------------------------------------------------------------------------------

def test_a_notice_shows_on_its_area_and_below_newest_first(as_user):
    hq = notice(as_user("hq.demo"), title_bn="জাতীয় সমবায় দিবস", publish_at=at(minutes=-30))
    district = notice(as_user("dco.demo"), title_bn="জেলার নোটিশ", publish_at=at(minutes=-20), breaking=True)
    upazila = notice(as_user("uco.demo"), title_bn="উপজেলার নোটিশ", publish_at=at(minutes=-10))
    other = notice(as_user("uco2.demo"), title_bn="কালীগঞ্জের নোটিশ", publish_at=at(minutes=-5))
    public = as_user(None)
    status, page = public.get("/api/public/notices?area_code=404419")
    assert status == 200
    assert [n["id"] for n in page["items"]] == [upazila["id"], district["id"], hq["id"]]
    assert page["items"][1]["breaking"] is True and page["items"][1]["office"]["code"] == "4044"
    assert "created_by" not in page["items"][0]
    assert [n["id"] for n in public.get("/api/public/notices?area_code=4044")[1]["items"]] == [district["id"], hq["id"]]
    assert [n["id"] for n in public.get("/api/public/notices")[1]["items"]] == [hq["id"]]
    assert other["id"] in [n["id"] for n in public.get("/api/public/notices?area_code=404433")[1]["items"]]


def test_scheduled_and_expired_notices_are_not_public_but_the_office_sees_them(as_user):
    api = as_user("uco.demo")
    live = notice(api, title_bn="চলতি নোটিশ", publish_at=at(minutes=-5), expires_at=at(days=1))
    later = notice(api, title_bn="পরের নোটিশ", publish_at=at(hours=2))
    gone = notice(api, title_bn="পুরনো নোটিশ", publish_at=at(days=-3), expires_at=at(minutes=-1))
    public = as_user(None)
    ids = [n["id"] for n in public.get("/api/public/notices?area_code=404419")[1]["items"]]
    assert ids == [live["id"]]
    assert public.get(f"/api/public/notices/{later['id']}")[0] == 404
    assert public.get(f"/api/public/notices/{gone['id']}")[0] == 404
    status, mine = api.get("/api/notices")
    assert status == 200
    states = {n["id"]: n["state"] for n in mine["items"]}
    assert states == {live["id"]: "published", later["id"]: "scheduled", gone["id"]: "expired"}
    # publishing the scheduled one now (a change of publish_at) makes it public at once
    status, changed = api.patch(f"/api/notices/{later['id']}", {"publish_at": at(minutes=-1), "version": 1})
    assert status == 200 and changed["state"] == "published" and changed["version"] == 2
    ids = [n["id"] for n in public.get("/api/public/notices?area_code=404419")[1]["items"]]
    assert ids == [later["id"], live["id"]]


def test_pages_of_notices_previous_and_next(as_user):
    api = as_user("uco.demo")
    made = [notice(api, title_bn=f"নোটিশ {i}", publish_at=at(minutes=-60 + i)) for i in range(5)]
    hq = notice(as_user("hq.demo"), title_bn="সারা দেশের নোটিশ", publish_at=at(minutes=-58, seconds=-30))
    newest_first = [made[4], made[3], made[2], hq, made[1], made[0]]
    public = as_user(None)
    seen, cursor = [], None
    while True:
        status, page = public.get("/api/public/notices?area_code=404419&limit=2" + (f"&cursor={cursor}" if cursor else ""))
        assert status == 200 and len(page["items"]) <= 2
        seen += [n["id"] for n in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert seen == [n["id"] for n in newest_first]
    status, one = public.get(f"/api/public/notices/{hq['id']}?area_code=404419")
    assert status == 200 and one["previous"] == made[2]["id"] and one["next"] == made[1]["id"]
    first = public.get(f"/api/public/notices/{made[4]['id']}")[1]
    assert first["previous"] is None and first["next"] == made[3]["id"]
    # read in the country's page, HQ's notice has no upazila neighbours
    alone = public.get(f"/api/public/notices/{hq['id']}")[1]
    assert alone["previous"] is None and alone["next"] is None
    assert public.get("/api/public/notices?cursor=bm9wZQ")[0] == 400


def test_withdrawing_and_editing_a_notice_is_the_writing_office_only_and_audited(as_user):
    api = as_user("uco.demo")
    made = notice(api, publish_at=at(minutes=-1))
    for other in ("dco.demo", "hq.demo", "uco2.demo"):
        status, reply = as_user(other).patch(f"/api/notices/{made['id']}", {"title_bn": "বদল"})
        assert status == 403, reply
        assert as_user(other).delete(f"/api/notices/{made['id']}")[0] == 403
    assert api.patch(f"/api/notices/{made['id']}", {"title_bn": "বদল", "version": 7})[0] == 409
    status, withdrawn = api.delete(f"/api/notices/{made['id']}")
    assert status == 200 and withdrawn["state"] == "withdrawn"
    assert as_user(None).get(f"/api/public/notices/{made['id']}")[0] == 404
    assert api.patch(f"/api/notices/{made['id']}", {"title_bn": "আবার"})[0] == 409
    from chalicelib.store.audit import history
    assert [h["action"] for h in history("notice", made["id"])] == ["withdraw", "create"]


def test_invalid_notices_are_400s(as_user):
    api = as_user("uco.demo")
    for body in ({"title_bn": ""}, {"title_bn": "ঠিক আছে", "publish_at": at(hours=2), "expires_at": at(hours=1)},
                 {"title_bn": "ঠিক আছে", "colour": "red"}, {"title_bn": "ঠিক আছে", "publish_at": "not a time"}):
        status, reply = api.post("/api/notices", body)
        assert status == 400, (body, reply)
    assert api.patch("/api/notices/zzz", {"title_bn": "x"})[0] == 404


def test_a_notice_gets_a_static_page_and_a_sitemap(as_user):
    made = notice(as_user("uco.demo"), title_bn="<b>জরুরি</b> সভা", publish_at=at(minutes=-1))
    html = site_object(f"n/{made['id']}.html").decode()
    assert 'property="og:title" content="&lt;b&gt;জরুরি&lt;/b&gt; সভা' in html
    assert "<b>জরুরি</b>" not in html
    assert f"index.html#/notice/{made['id']}" in html
    assert f"/n/{made['id']}.html" in site_object("n/sitemap-404419.xml").decode()
    assert "n/sitemap-404419.xml" in site_object("sitemap.xml").decode()


# ---- photos ----------------------------------------------------------------------------------

def jpeg(width=1200, height=900) -> bytes:
    image = Image.effect_noise((width, height), 60).convert("RGB")
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90)
    return out.getvalue()


def _upload(presigned: dict, data: bytes) -> None:
    """What the browser does with the presigned POST: here straight into moto's bucket with its fields."""
    fields = presigned["fields"]
    s3().put_object(Bucket=settings().site_bucket, Key=fields["key"], Body=data, ContentType=fields["Content-Type"])


def test_a_photo_is_checked_given_a_thumbnail_and_shown_on_the_area_page(as_user):
    api = as_user("uco.demo")
    data = jpeg()
    status, presigned = api.post("/api/photos", {"content_type": "image/jpeg", "size": len(data),
                                                "caption_bn": "বার্ষিক সাধারণ সভা"})
    assert status == 201, presigned
    assert presigned["key"] == f"photos/site/{presigned['id']}.jpg" and presigned["url"]
    assert ["content-length-range", 1, len(data)] in json.loads(
        __import__("base64").b64decode(presigned["fields"]["policy"]))["conditions"]
    assert api.post(f"/api/photos/{presigned['id']}/done", {})[0] == 400  # nothing uploaded yet
    _upload(presigned, data)
    assert as_user("dco.demo").post(f"/api/photos/{presigned['id']}/done", {})[0] == 403
    status, photo = api.post(f"/api/photos/{presigned['id']}/done", {})
    assert status == 200, photo
    thumb = site_object(f"thumbs/{presigned['id']}.jpg")
    assert len(thumb) < len(data)
    assert Image.open(io.BytesIO(thumb)).size == (400, 300)
    assert (photo["width"], photo["height"]) == (1200, 900)
    status, shown = as_user(None).get("/api/public/photos?area_code=404419")
    assert status == 200 and [p["id"] for p in shown["items"]] == [presigned["id"]]
    item = shown["items"][0]
    assert item["thumb_url"].endswith(f"/thumbs/{presigned['id']}.jpg") and item["caption_bn"] == "বার্ষিক সাধারণ সভা"
    assert item["office"]["code"] == "404419"
    assert as_user(None).get("/api/public/photos?area_code=404433")[1]["items"] == []
    status, _ = api.delete(f"/api/photos/{presigned['id']}")
    assert status == 200
    assert as_user(None).get("/api/public/photos?area_code=404419")[1]["items"] == []
    from chalicelib.store.audit import history
    assert [h["action"] for h in history("photo", presigned["id"])] == ["delete", "publish", "create"]


@pytest.mark.parametrize("data, content_type", [(b"%PDF-1.4 not a photo", "image/jpeg"),
                                                 (None, "image/png")])
def test_a_file_that_is_not_the_declared_image_is_refused(as_user, data, content_type):
    api = as_user("uco.demo")
    data = data or jpeg(50, 50)  # a real JPEG declared as PNG
    status, presigned = api.post("/api/photos", {"content_type": content_type, "size": len(data)})
    assert status == 201
    _upload(presigned, data)
    status, reply = api.post(f"/api/photos/{presigned['id']}/done", {})
    assert status == 400 and reply["error"]["code"] == "not_an_image"
    assert as_user(None).get("/api/public/photos?area_code=404419")[1]["items"] == []


def test_photo_requests_are_checked(as_user):
    api = as_user("uco.demo")
    assert api.post("/api/photos", {"content_type": "image/gif", "size": 10})[0] == 400
    assert api.post("/api/photos", {"content_type": "image/jpeg", "size": 3 * 1024 * 1024})[0] == 400


# ---- the visitor counter ---------------------------------------------------------------------

def test_visits_count_per_area_and_for_the_whole_site(as_user):
    public = as_user(None)
    for _ in range(3):
        status, reply = public.post("/api/public/visits", {"area_code": "404419"})
        assert status == 200 and reply["counted"] == 1  # VISIT_SAMPLE_RATE is 1 locally
    public.post("/api/public/visits", {})
    status, area = public.get("/api/public/visits?area_code=404419")
    assert status == 200 and (area["today"], area["month"], area["total"]) == (3, 3, 3)
    site = public.get("/api/public/visits")[1]
    assert (site["today"], site["total"]) == (4, 4)
    assert public.post("/api/public/visits", {"area_code": "99"})[0] == 400


def test_a_beacon_counts_as_the_sample_rate_and_writes_only_the_area_and_the_site(as_user, monkeypatch):
    monkeypatch.setenv("VISIT_SAMPLE_RATE", "20")
    settings.cache_clear()
    from chalicelib.store.content import Content
    writes = []
    original = Content.add_visits
    monkeypatch.setattr(Content, "add_visits", lambda self, *a: writes.append(a) or original(self, *a))
    public = as_user(None)
    assert public.get("/api/public/visits?area_code=4044")[1]["sample_rate"] == 20  # the page draws with it
    counted = [public.post("/api/public/visits", {"area_code": "4044"})[1] for _ in range(3)]
    assert counted == [{"counted": 20, "sample_rate": 20}] * 3
    assert [(area, count) for area, _, _, count in writes] == [("4044", 20), ("", 20)] * 3
    assert public.get("/api/public/visits?area_code=4044")[1]["total"] == 60
    assert public.get("/api/public/visits")[1]["today"] == 60


def test_a_loop_of_beacons_from_one_address_stops_counting_at_the_daily_cap(as_user, monkeypatch):
    """Every beacon counts as N views, so an address's beacons past the cap in a day add nothing."""
    from chalicelib.domain.notices import BEACONS_PER_ADDRESS_DAY
    from chalicelib.handlers.common import dhaka_today
    from chalicelib.services.site_content import count_visit
    from chalicelib.store.content import Content
    monkeypatch.setenv("VISIT_SAMPLE_RATE", "20")
    settings.cache_clear()
    public = as_user(None)  # chalice's test client: every request from one address
    counted = [public.post("/api/public/visits", {"area_code": "404419"})[1]["counted"]
               for _ in range(BEACONS_PER_ADDRESS_DAY + 5)]
    assert counted == [20] * BEACONS_PER_ADDRESS_DAY + [0] * 5
    assert public.get("/api/public/visits?area_code=404419")[1]["today"] == 20 * BEACONS_PER_ADDRESS_DAY
    # another address still counts, and so does the capped one on the next day
    today = dhaka_today()
    assert count_visit(Content(), "404419", today, 20, "203.0.113.9")["counted"] == 20
    assert count_visit(Content(), "404419", today + timedelta(days=1), 20, "127.0.0.1")["counted"] == 20
    assert not any("127.0.0.1" in str(item) for item in Content().table.scan()["Items"])  # hashed, not stored


# ---- office about pages ----------------------------------------------------------------------

ABOUT = {"address_bn": "জেলা সমবায় কার্যালয়, ঝিনাইদহ", "address_en": "District Cooperative Office, Jhenaidah",
         "contact_phone": "০৪৫১-৬২৪৫৬", "email": "DCO.Jhenaidah@coop.gov.bd",
         "facebook_url": "https://facebook.com/dco.jhenaidah", "working_hours_bn": "রবি–বৃহস্পতি, সকাল ৯টা–বিকেল ৫টা",
         "officers": [{"name_bn": "মোঃ আব্দুস সবুর", "title_bn": "জেলা সমবায় কর্মকর্তা",
                       "name_en": "Md. Abdus Sabur", "title_en": "District Cooperative Officer"}]}


def test_the_about_page_shows_published_fields_only(as_user):
    api = as_user("dco.demo")
    sms_phone = api.get("/api/offices/4044")[1]["phone"]
    status, saved = api.patch("/api/offices/4044", ABOUT)
    assert status == 200, saved
    assert saved["phone"] == sms_phone and saved["email"] == "dco.jhenaidah@coop.gov.bd"
    assert saved["contact_phone"] == "0451-62456"
    status, about = as_user(None).get("/api/public/offices/4044")
    assert status == 200
    assert about["name_bn"] == "ঝিনাইদহ" and about["messenger_url"] == "https://m.me/dco.jhenaidah"
    assert about["officers"][0]["title_en"] == "District Cooperative Officer"
    assert "phone" not in about and "updated_by" not in about
    assert sms_phone.lstrip("+") not in json.dumps(about)
    html = site_object("o/4044.html").decode()
    assert 'property="og:title"' in html and "০৪৫১-৬২৪৫৬" in html and sms_phone.lstrip("+880") not in html
    assert "o/sitemap.xml" in site_object("sitemap.xml").decode()
    assert "/o/4044.html" in site_object("o/sitemap.xml").decode()
    assert as_user(None).get("/api/public/offices/BD")[0] == 200
    assert as_user(None).get("/api/public/offices/99")[0] == 404


def test_about_page_input_is_checked_and_the_phone_patch_still_works(as_user):
    api = as_user("dco.demo")
    for body in ({"facebook_url": "https://evil.example/x"}, {"email": "not-an-email"},
                 {"contact_phone": "call us"}, {"officers": [{"name_bn": "ক"}]}, {"fax": "1"}):
        status, reply = api.patch("/api/offices/4044", body)
        assert status == 400, (body, reply)
    status, reply = api.patch("/api/offices/4044", {"phone": "01711000999"})
    assert status == 200 and reply["phone"] == "+8801711000999"
    api.patch("/api/offices/4044", ABOUT)
    status, cleared = api.patch("/api/offices/4044", {"email": None, "officers": []})
    assert status == 200 and cleared["email"] is None and cleared["officers"] == []
    assert cleared["address_bn"] == ABOUT["address_bn"] and cleared["phone"] == "+8801711000999"


# ---- static society pages --------------------------------------------------------------------

def test_society_pages_are_published_on_create_update_and_dissolve(as_user):
    api = as_user("uco.demo")
    status, society = api.post("/api/societies", society_body(facebook_url="https://facebook.com/nabaganga.fish"))
    assert status == 201
    html = site_object(f"s/{society['id']}.html").decode()
    assert 'property="og:title" content="নবগঙ্গা মৎস্যজীবী সমবায় সমিতি লিঃ' in html
    assert 'property="og:url"' in html and f"index.html#/society/{society['id']}" in html
    assert "https://m.me/nabaganga.fish" in html and "facebook.com/sharer" in html
    assert "1812000001" not in html and "1711000419" not in html
    assert f"/s/{society['id']}.html" in site_object("s/sitemap-4044.xml").decode()
    assert "s/sitemap-4044.xml" in site_object("sitemap.xml").decode()
    status, _ = api.patch(f"/api/societies/{society['id']}", {"name_bn": "নবগঙ্গা মৎস্য সমবায় সমিতি লিঃ"})
    assert status == 200
    assert "নবগঙ্গা মৎস্য সমবায় সমিতি লিঃ" in site_object(f"s/{society['id']}.html").decode()
    assert api.delete(f"/api/societies/{society['id']}")[0] == 200
    html = site_object(f"s/{society['id']}.html").decode()
    assert "বিলুপ্ত" in html and 'name="robots" content="noindex"' in html
    assert f"/s/{society['id']}.html" not in site_object("s/sitemap-4044.xml").decode()


def test_the_public_rules_name_the_photos_the_upload_takes(as_user):
    api = as_user("uco.demo")
    rules = as_user(None).get("/api/public/rules")[1]
    for content_type in rules["photo_types"]:
        assert api.post("/api/photos", {"content_type": content_type, "size": rules["max_photo_bytes"]})[0] == 201
    assert "image/gif" not in rules["photo_types"]
    assert api.post("/api/photos", {"content_type": rules["photo_types"][0],
                                    "size": rules["max_photo_bytes"] + 1})[0] == 400
