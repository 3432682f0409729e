"""OpenAPI paths and schemas of handlers/site_content.py (merged by handlers/openapi.py),
and the public about page of an office (handlers/offices.py)."""
from .openapi import BOOLEAN, DATE, INTEGER, STRING, json_body, nullable, obj, ok, op, param, ref

TEMPLATE = "#/components/schemas/{model}"
ITEM_ID = {"type": "string", "pattern": "^[0-9a-f]{16}$"}
NOTICE_ID = param("notice_id", ITEM_ID, "The notice's id (16 hex digits)", "path")
PHOTO_ID = param("photo_id", ITEM_ID, "The photo's id (16 hex digits)", "path")
AREA = param("area_code", {"$ref": "#/components/schemas/AreaCode"}, "The area page (default: the whole country)")
CURSOR = param("cursor", STRING, "next_cursor of the previous page")
VISITS_WHY = (
    "A page view must not cost a database write at scale, so the counter is sampled: each view is written with "
    "probability 1/N and then adds N (N = VISIT_SAMPLE_RATE; 1 locally, e.g. 10 or 100 in production). The expected "
    "count is exact and the writes are views/N; the error is about sqrt(N x views), under 1% once views exceed "
    "10,000 x N / 100. A written view is one atomic ADD on the area's item of the year (day, month and year "
    "counters at once) plus one on the whole site's. The page sends one view per visit and area (sessionStorage), "
    "so reloads do not count.")


def components() -> dict:
    from ..domain.notices import STATES
    from ..domain.site_input import NoticeInput, NoticePatch, PhotoRequest
    notice_input = NoticeInput.model_json_schema(ref_template=TEMPLATE)
    notice_patch = NoticePatch.model_json_schema(ref_template=TEMPLATE)
    notice_patch.pop("$defs", None)
    office = obj(["code", "name_bn", "name_en", "level"], code=STRING, name_bn=STRING, name_en=STRING, level=STRING)
    public_notice = obj(["id", "office_code", "title_bn", "publish_at", "date", "breaking"],
                        id=STRING, office_code=STRING, title_bn=STRING, title_en=nullable(STRING),
                        body_bn=nullable(STRING), body_en=nullable(STRING), publish_at=STRING,
                        expires_at=nullable(STRING), date=DATE, breaking=BOOLEAN, office=ref("SiteOffice"))
    officer_notice = {**public_notice, "properties": {
        **public_notice["properties"], "state": {"type": "string", "enum": list(STATES)},
        "created_at": nullable(STRING), "created_by": nullable(STRING), "updated_at": nullable(STRING),
        "updated_by": nullable(STRING), "version": INTEGER}}
    photo = obj(["id", "office_code", "url", "office"], id=STRING, office_code=STRING, caption_bn=nullable(STRING),
                state=STRING, published_at=nullable(STRING), width=nullable(INTEGER), height=nullable(INTEGER),
                url=STRING, thumb_url=nullable(STRING), office=ref("SiteOffice"))
    area = {"anyOf": [{"$ref": "#/components/schemas/Area"}, {"type": "null"}]}
    return {
        "SiteOffice": office,
        "NoticeInput": notice_input, "NoticePatch": notice_patch,
        "SitePhotoRequest": PhotoRequest.model_json_schema(ref_template=TEMPLATE),
        "PublicNotice": public_notice,
        "PublicNoticePage": {**public_notice, "properties": {
            **public_notice["properties"], "area_code": STRING,
            "previous": {**nullable(STRING), "description": "The next newer notice of the area"},
            "next": {**nullable(STRING), "description": "The next older notice of the area"}}},
        "PublicNotices": obj(["items", "next_cursor"], items={"type": "array", "items": ref("PublicNotice")},
                             next_cursor=nullable(STRING), area=area,
                             lineage={"type": "array", "items": {"$ref": "#/components/schemas/Area"}}),
        "OfficerNotice": officer_notice,
        "OfficerNotices": obj(["items", "next_cursor"], items={"type": "array", "items": ref("OfficerNotice")},
                              next_cursor=nullable(STRING), office=ref("SiteOffice")),
        "SitePhotoUpload": obj(["url", "fields", "id", "key"], url=STRING, fields={"type": "object"}, id=STRING,
                           key=STRING, photo_url=STRING),
        "SitePhoto": photo,
        "SitePhotos": obj(["items"], items={"type": "array", "items": ref("SitePhoto")}, area=area),
        "VisitInput": obj(additional=False, area_code={"$ref": "#/components/schemas/AreaCode"}),
        "VisitCounted": obj(["counted", "sample_rate"], counted=INTEGER, sample_rate=INTEGER),
        "Visits": obj(["today", "month", "total", "sample_rate"], today=INTEGER, month=INTEGER, total=INTEGER,
                      area_code=STRING, sample_rate=INTEGER),
        "PublicOffice": obj(
            ["code", "name_bn", "name_en", "officers"], code=STRING, name_bn=STRING, name_en=STRING,
            address_bn=nullable(STRING), address_en=nullable(STRING),
            contact_phone={**nullable(STRING), "description": "The office's official published number"},
            email=nullable(STRING), facebook_url=nullable(STRING), messenger_url=nullable(STRING),
            working_hours_bn=nullable(STRING), working_hours_en=nullable(STRING), updated_at=nullable(STRING),
            officers={"type": "array", "items": obj(["name_bn", "title_bn"], name_bn=STRING, name_en=STRING,
                                                    title_bn=STRING, title_en=STRING)},
            area=area, lineage={"type": "array", "items": {"$ref": "#/components/schemas/Area"}}),
    }


def paths() -> dict:
    notice = ok(ref("OfficerNotice"))
    own = ("Only the office that published it changes it: an office above gets 403 own_office_only, any other "
           "403 outside_jurisdiction.")
    return {
        "/api/notices": {
            "get": op("The caller's office's notices, every state (scheduled, published, expired, withdrawn)",
                      ok(ref("OfficerNotices")), "400",
                      params=[CURSOR, param("limit", {"type": "integer", "minimum": 1, "maximum": 100}, "Page size")]),
            "post": op("Publish a notice for the caller's office's area", ok(ref("OfficerNotice"), "Created"), "400",
                       body=json_body(ref("NoticeInput")), ok_status="201",
                       description="It shows on the office's area page and every page below it from publish_at "
                                   "until expires_at. A static page n/<id>.html with Open Graph tags is published.")},
        "/api/notices/{notice_id}": {
            "patch": op("Change a notice", notice, "400", "404", "409", params=[NOTICE_ID],
                        body=json_body(ref("NoticePatch")), description=own + " 409: stale version or withdrawn."),
            "delete": op("Withdraw a notice (kept in the office's list and the audit trail)", notice, "404", "409",
                         params=[NOTICE_ID], description=own)},
        "/api/public/notices": {"get": op(
            "Published, unexpired notices of an area and the offices above it, newest first", ok(ref("PublicNotices")),
            "400", secured=False,
            params=[AREA, CURSOR, param("limit", {"type": "integer", "minimum": 1, "maximum": 50}, "Page size")])},
        "/api/public/notices/{notice_id}": {"get": op(
            "One published notice with the previous (newer) and next (older) notice of the area",
            ok(ref("PublicNoticePage")), "400", "404", secured=False,
            params=[NOTICE_ID, param("area_code", {"$ref": "#/components/schemas/AreaCode"},
                                     "The area page it is read in (default: its office's area)")])},
        "/api/photos": {
            "get": op("The caller's office's published photos", ok(ref("SitePhotos"))),
            "post": op("Start a photo upload: a presigned S3 POST (JPEG, PNG or WebP, at most 2 MB)",
                       ok(ref("SitePhotoUpload"), "Created"), "400", body=json_body(ref("SitePhotoRequest")),
                       ok_status="201",
                       description="POST the file to url with fields, then call /api/photos/{photo_id}/done.")},
        "/api/photos/{photo_id}/done": {"post": op(
            "Finish an upload: the file is checked to be the declared image, given a 400 px thumbnail "
            "(thumbs/<id>.jpg) and shown on the office's area page", ok(ref("SitePhoto")), "400", "404",
            params=[PHOTO_ID], body=json_body(obj()),
            description="400 photo_not_uploaded when nothing (or over 2 MB) is there; 400 not_an_image when the "
                        "file is not a JPEG, PNG or WebP of the declared type (the file is deleted). " + own)},
        "/api/photos/{photo_id}": {"delete": op("Remove a photo (files deleted; kept in the audit trail)",
                                                ok(ref("SitePhoto")), "404", params=[PHOTO_ID], description=own)},
        "/api/public/photos": {"get": op("Recent photos of an area's office and the offices above it",
                                         ok(ref("SitePhotos")), "400", secured=False, params=[AREA])},
        "/api/public/visits": {
            "post": op("Count a page view (sampled)", ok(ref("VisitCounted")), "400", secured=False,
                       body=json_body(ref("VisitInput")), description=VISITS_WHY),
            "get": op("Visits of an area: today, this month, all time", ok(ref("Visits")), "400", secured=False,
                      params=[AREA], description=VISITS_WHY)},
        "/api/public/offices/{code}": {"get": op(
            "An office's about page: address, official contact, Facebook page, hours, officers' names and titles",
            ok(ref("PublicOffice")), "404", secured=False,
            params=[param("code", {"$ref": "#/components/schemas/OfficeCode"}, "Office code; BD for headquarters",
                          "path")],
            description="Published fields only: never the office's SMS phone or an officer's personal number.")},
    }
