"""The public site's notices, photos, visitor counter and static society pages.

Offices write notices and photos for their own area only (every level); the public reads an
area's page, which shows its own office's items and those of the offices above it.
Static pages (Open Graph) are published when an item changes; a failure to publish is logged
and never undoes or fails the change (the next change publishes again).
"""
from datetime import date, datetime, time, timedelta, timezone

from ..domain import geography
from ..domain.errors import Conflict, Invalid, NotAllowed, NotFound, OutsideJurisdiction, Unavailable
from ..domain.jurisdiction import Caller
from ..domain.market import PHOTO_TYPES
from ..domain.notices import (BEACONS_PER_ADDRESS_DAY, ITEM_ID, beacon_key, list_key, newest_first, offices_over,
                              officer_notice, public_notice, utc_iso, visible, visit_fields, visit_totals)
from ..domain.validation import validated
from ..observability import logger
from ..store.content import decode_list_cursor, list_cursor

NO_NOTICE = NotFound("notice_not_found", "No such notice.", "এমন কোনো নোটিশ নেই।")
NO_PHOTO = NotFound("photo_not_found", "No such photo.", "এমন কোনো ছবি নেই।")
SITEMAP_NOTICES = 1000  # an office's newest visible notices its sitemap lists
PHOTOS_SHOWN = 12
THUMB_WIDTH = 400


def _published(what: str, publish, *args) -> None:
    """Publish a static page; the write it follows has succeeded whatever happens here."""
    try:
        publish(*args)
    except Unavailable:
        logger.exception("could not publish %s", what)


def _own(caller: Caller, office_code: str) -> None:
    """Only the office that wrote an item changes it; an office above is told so, others are outside."""
    if caller.office_code == office_code:
        return
    if caller.covers(office_code):
        raise NotAllowed("own_office_only", "Only the office that published this can change it.",
                         "যে অফিস এটি প্রকাশ করেছে কেবল সেই অফিস এটি পরিবর্তন করতে পারে।")
    raise OutsideJurisdiction("outside_jurisdiction", "This lies outside your office's jurisdiction.",
                              "এটি আপনার অফিসের এখতিয়ারের বাইরে।")


def office_view(code: str) -> dict:
    area = geography.area(code) or geography.COUNTRY
    return {"code": code, "name_bn": area["name_bn"], "name_en": area["name_en"], "level": area["level"]}


def _id(value: str, missing) -> str:
    if not ITEM_ID.match(value or ""):
        raise missing
    return value


# ---- notices ---------------------------------------------------------------------------------

def _publish_notice(content, pages, notice: dict, now: str) -> None:
    if not pages:
        return
    if notice.get("withdrawn_at"):
        _published("notice page", pages.withdraw_notice, notice["id"])
    else:
        _published("notice page", pages.publish_notice, public_notice(notice), office_view(notice["office_code"]))
    ids = [n["id"] for n in content.visible_before(notice["office_code"], now, None, SITEMAP_NOTICES)]
    _published("notice sitemap", pages.publish_notice_sitemap, notice["office_code"], ids)


def _times(valid, now: str) -> dict:
    values = {}
    if "publish_at" in valid.model_fields_set or not hasattr(valid, "version"):
        values["publish_at"] = utc_iso(valid.publish_at) if valid.publish_at else now
    if "expires_at" in valid.model_fields_set:
        values["expires_at"] = utc_iso(valid.expires_at) if valid.expires_at else None
    return values


def create_notice(content, pages, caller: Caller, body: dict, notice_id: str, now: str) -> dict:
    from ..domain.site_input import NoticeInput  # pydantic loads only when something is written
    valid = validated(NoticeInput, body)
    notice = {"id": notice_id, "office_code": caller.office_code, "title_bn": valid.title_bn,
              "title_en": valid.title_en, "body_bn": valid.body_bn, "body_en": valid.body_en,
              "breaking": valid.breaking, "expires_at": None, **_times(valid, now), "version": 1,
              "created_at": now, "created_by": caller.username, "updated_at": now, "updated_by": caller.username}
    content.save_notice(None, notice, caller.username, "create")
    _publish_notice(content, pages, notice, now)
    return officer_notice(notice, now)


def _writable_notice(content, caller: Caller, notice_id: str) -> dict:
    notice = content.get_notice(_id(notice_id, NO_NOTICE))
    if notice is None:
        raise NO_NOTICE
    _own(caller, notice["office_code"])
    if notice.get("withdrawn_at"):
        raise Conflict("notice_withdrawn", "A withdrawn notice cannot be changed.",
                       "প্রত্যাহার করা নোটিশ পরিবর্তন করা যায় না।")
    return notice


def update_notice(content, pages, caller: Caller, notice_id: str, body: dict, now: str) -> dict:
    before = _writable_notice(content, caller, notice_id)
    from ..domain.site_input import NoticeInput, NoticePatch
    patch = validated(NoticePatch, body)
    if patch.version is not None and patch.version != before["version"]:
        raise Conflict("stale_version", "Someone changed this notice meanwhile; reload and try again.",
                       "এর মধ্যে অন্য কেউ নোটিশটি পরিবর্তন করেছেন; পুনরায় লোড করে আবার চেষ্টা করুন।")
    changes = {k: getattr(patch, k) for k in ("title_bn", "title_en", "body_bn", "body_en", "breaking")
               if k in patch.model_fields_set and getattr(patch, k) is not None}
    changes.update(_times(patch, now))
    after = {**before, **changes, "version": before["version"] + 1, "updated_at": now, "updated_by": caller.username}
    # the whole notice must still be valid (e.g. a new publish_at after the old expires_at)
    validated(NoticeInput, {**{k: after.get(k) or "" for k in ("title_bn", "title_en", "body_bn", "body_en")},
                            "publish_at": after["publish_at"], "expires_at": after.get("expires_at"),
                            "breaking": bool(after.get("breaking"))})
    content.save_notice(before, after, caller.username, "update")
    _publish_notice(content, pages, after, now)
    return officer_notice(after, now)


def withdraw_notice(content, pages, caller: Caller, notice_id: str, now: str) -> dict:
    before = _writable_notice(content, caller, notice_id)
    after = {**before, "withdrawn_at": now, "version": before["version"] + 1, "updated_at": now,
             "updated_by": caller.username}
    content.save_notice(before, after, caller.username, "withdraw")
    _publish_notice(content, pages, after, now)
    return officer_notice(after, now)


def office_notices(content, caller: Caller, cursor: str | None, limit: int, now: str) -> dict:
    items, next_cursor = content.office_notices(caller.office_code, cursor, limit)
    return {"items": [officer_notice(n, now) for n in items], "next_cursor": next_cursor,
            "office": office_view(caller.office_code)}


def public_notices(content, area_code: str, cursor: str | None, limit: int, now: str) -> dict:
    """Published, unexpired notices of the area and the offices above it, newest first."""
    below = decode_list_cursor(cursor) if cursor else None
    streams = [content.visible_before(office, now, below, limit + 1) for office in offices_over(area_code)]
    items, more = newest_first(streams, limit)
    return {"items": [{**public_notice(n), "office": office_view(n["office_code"])} for n in items],
            "next_cursor": list_cursor(list_key(items[-1])) if more else None,
            "area": geography.area(area_code), "lineage": geography.lineage(area_code)}


def public_notice_page(content, notice_id: str, area_code: str | None, now: str) -> dict:
    """One visible notice, with the ids of the newer (previous) and older (next) notices of the
    area it is read in (default: its own office's area)."""
    notice = content.get_notice(_id(notice_id, NO_NOTICE))
    if notice is None or not visible(notice, now):
        raise NO_NOTICE
    area = area_code if area_code is not None and area_code.startswith(notice["office_code"]) \
        else notice["office_code"]
    key = list_key(notice)
    offices = offices_over(area)
    newer = [n for office in offices for n in content.visible_after(office, now, key, 1)]
    older = [n for office in offices for n in content.visible_before(office, now, key, 1)]
    previous = min(newer, key=list_key) if newer else None
    following = max(older, key=list_key) if older else None
    return {**public_notice(notice), "office": office_view(notice["office_code"]), "area_code": area,
            "previous": previous and previous["id"], "next": following and following["id"]}


# ---- photos ----------------------------------------------------------------------------------

def photo_upload(content, files, caller: Caller, body: dict, photo_id: str, now: str) -> dict:
    from ..domain.site_input import PhotoRequest
    valid = validated(PhotoRequest, body)
    key = f"photos/site/{photo_id}.{PHOTO_TYPES[valid.content_type]}"
    photo = {"id": photo_id, "office_code": caller.office_code, "key": key, "content_type": valid.content_type,
             "caption_bn": valid.caption_bn, "state": "pending", "created_at": now, "created_by": caller.username}
    content.save_photo(None, photo, caller.username, "create")
    return {**files.presigned_photo(key, valid.content_type, valid.size), "id": photo_id, "key": key}


def _own_photo(content, caller: Caller, photo_id: str) -> dict:
    photo = content.get_photo(_id(photo_id, NO_PHOTO))
    if photo is None or photo["state"] == "deleted":
        raise NO_PHOTO
    _own(caller, photo["office_code"])
    return photo


def photo_view(photo: dict, files) -> dict:
    view = {k: photo.get(k) for k in ("id", "office_code", "caption_bn", "state", "published_at", "width", "height")}
    view.update(url=files.url(photo["key"]), office=office_view(photo["office_code"]),
                thumb_url=files.url(photo["thumb_key"]) if photo.get("thumb_key") else None)
    return view


def photo_done(content, files, caller: Caller, photo_id: str, now: str) -> dict:
    """The upload is checked to be a real image, given a thumbnail, and published for the area."""
    before = _own_photo(content, caller, photo_id)
    if before["state"] == "published":
        return photo_view(before, files)
    data = files.read_upload(before["key"])
    if data is None:
        raise Invalid("photo_not_uploaded", "The photo has not been uploaded (or is over 2 MB).",
                      "ছবিটি আপলোড হয়নি (অথবা ২ মেগাবাইটের বেশি)।")
    from ..domain.images import NotAnImage, thumbnail  # Pillow loads only here
    try:
        thumb, (width, height) = thumbnail(data, before["content_type"], THUMB_WIDTH)
    except NotAnImage:
        files.delete(before["key"])
        raise Invalid("not_an_image", "The file is not a JPEG, PNG or WebP photo.",
                      "ফাইলটি JPEG, PNG বা WebP ছবি নয়।") from None
    thumb_key = f"thumbs/{photo_id}.jpg"
    files.put_image(thumb_key, thumb)
    after = {**before, "state": "published", "published_at": now, "thumb_key": thumb_key, "width": width,
             "height": height}
    content.save_photo(before, after, caller.username, "publish")
    return photo_view(after, files)


def delete_photo(content, files, caller: Caller, photo_id: str, now: str) -> dict:
    before = _own_photo(content, caller, photo_id)
    after = {**before, "state": "deleted", "deleted_at": now}
    content.save_photo(before, after, caller.username, "delete")
    files.delete(*[k for k in (before["key"], before.get("thumb_key")) if k])
    return photo_view(after, files)


def public_photos(content, files, area_code: str, limit: int = PHOTOS_SHOWN) -> dict:
    photos = [p for office in offices_over(area_code) for p in content.recent_photos(office, limit)]
    photos.sort(key=lambda p: (p["published_at"], p["id"]), reverse=True)
    views = [photo_view(p, files) for p in photos[:limit]]
    for v in views:
        del v["state"]
    return {"items": views, "area": geography.area(area_code)}


def office_photos(content, files, caller: Caller) -> dict:
    return {"items": [photo_view(p, files) for p in content.recent_photos(caller.office_code, 50)]}


# ---- the visitor counter ---------------------------------------------------------------------

def count_visit(content, area_code: str, today: date, rate: int, address: str) -> dict:
    """One visitor beacon: the page sends one for 1 view in `rate` (the visits answer names the rate), so it
    counts as `rate` views, for its area and, when that is not the whole country, for the whole site. An
    address's beacons past BEACONS_PER_ADDRESS_DAY in a day count nothing: a loop cannot inflate the counter."""
    rate, day = max(1, int(rate)), today.isoformat()
    expires_at = int(datetime.combine(today + timedelta(days=2), time(), timezone.utc).timestamp())
    if not content.claim_beacon(day, beacon_key(address, day), BEACONS_PER_ADDRESS_DAY, expires_at):
        return {"counted": 0, "sample_rate": rate}
    for area in dict.fromkeys([area_code, ""]):
        content.add_visits(area, day[:4], visit_fields(day), rate)
    return {"counted": rate, "sample_rate": rate}


def visits(content, area_code: str, today: date, rate: int) -> dict:
    return {**visit_totals(content.visit_years(area_code), today.isoformat()), "area_code": area_code,
            "sample_rate": max(1, int(rate))}


# ---- static society pages --------------------------------------------------------------------

def publish_society(societies, pages, society, today: date, *, listing_changed: bool = True) -> None:
    """s/<id>.html from the public view, and, when a society joins or leaves the list, the
    district's society sitemap (one district's ids, read from the registry's area index:
    bounded by the district, not the country)."""
    if not pages:
        return
    from ..domain.society import public_view
    _published("society page", pages.publish_society, public_view(society, today))
    if listing_changed:
        _publish_district_sitemap(societies, pages, society.upazila_code[:4])


def publish_societies(societies, pages, created: list, today: date) -> None:
    """Pages of many new societies (an import, the demo data), each district's sitemap once."""
    if not pages:
        return
    for society in created:
        publish_society(societies, pages, society, today, listing_changed=False)
    publish_society_sitemaps(societies, pages, {s.upazila_code[:4] for s in created})


def publish_society_sitemaps(societies, pages, districts) -> None:
    """Each district's society sitemap, once (an import job's pages are published chunk by chunk)."""
    if not pages:
        return
    for district in sorted(districts):
        _publish_district_sitemap(societies, pages, district)


def _publish_district_sitemap(societies, pages, district: str) -> None:
    from ..domain.society import PUBLIC_FIELDS
    try:
        ids = [s.id for s in societies.all_in_area(district, list(PUBLIC_FIELDS))]
    except Unavailable:
        logger.exception("could not read the district's societies")
        return
    _published("society sitemap", pages.publish_society_sitemap, district, ids)

