"""An office's own details: anyone above or in it reads them; only the office itself changes them.

Two kinds of detail: the office `phone` (the SMS fallback for officers with no number of
their own; never public) and the about page (address, the published contact number,
e-mail, Facebook page, working hours, officers' names and titles), which the public reads.
"""
from ..domain import geography
from ..domain.errors import Invalid, NotAllowed, NotFound, Unavailable
from ..domain.facebook import messenger_url
from ..domain.jurisdiction import Caller, check_read
from ..domain.validation import validated
from ..observability import logger
from ..store.offices import ABOUT_FIELDS

# The code is the path of the office's resource: no such office is 404, like any record.
UNKNOWN_OFFICE = NotFound("office_not_found", "No such office.", "এমন কোনো অফিস নেই।")
PUBLIC_FIELDS = ("code",) + ABOUT_FIELDS + ("updated_at",)


def _office(code: str) -> dict:
    area = geography.area(code)
    if area is None:
        raise UNKNOWN_OFFICE
    return area


def get_office(offices, caller: Caller, code: str) -> dict:
    area = _office(code)
    check_read(caller, code)
    return {**offices.get(code), "area": area}


def public_office(offices, code: str) -> dict:
    """The about page: published fields only (never the SMS phone or who edited it)."""
    area = _office(code)
    return public_view(offices.get(code), area)


def public_view(details: dict, area: dict) -> dict:
    view = {k: details.get(k) for k in PUBLIC_FIELDS}
    view.update(officers=[{k: o.get(k) or "" for k in ("name_bn", "name_en", "title_bn", "title_en")}
                          for o in details.get("officers") or []],
                name_bn=area["name_bn"], name_en=area["name_en"], area=area,
                lineage=geography.lineage(details["code"]), messenger_url=messenger_url(details.get("facebook_url")))
    return view


def _phone(phone) -> str | None:
    if not (phone is None or isinstance(phone, str)):
        raise Invalid("invalid_phone", "Enter a Bangladeshi mobile number such as 01712345678.",
                      "সঠিক মোবাইল নম্বর দিন, যেমন ০১৭১২৩৪৫৬৭৮।")
    from ..domain.phones import normalise_bd_mobile  # phonenumbers only when a phone is written, not at cold start
    try:
        return normalise_bd_mobile(phone) if phone else None
    except ValueError:
        raise Invalid("invalid_phone", "Enter a Bangladeshi mobile number such as 01712345678.",
                      "সঠিক মোবাইল নম্বর দিন, যেমন ০১৭১২৩৪৫৬৭৮।") from None


def update_office(offices, caller: Caller, code: str, body: dict, now: str, pages=None) -> dict:
    """Change any of the office's details; absent fields stay (the phone is never cleared by omission)."""
    area = _office(code)
    if caller.office_code != code:
        raise NotAllowed("own_office_only", "An office changes only its own details.",
                         "অফিস কেবল নিজের তথ্য পরিবর্তন করতে পারে।")
    unknown = set(body) - {"phone", *ABOUT_FIELDS}
    if unknown:
        raise Invalid("invalid_input", "Unknown fields: " + ", ".join(sorted(unknown)),
                      "অজানা তথ্য: " + ", ".join(sorted(unknown)))
    changes = {}
    if "phone" in body:
        changes["phone"] = _phone(body["phone"])
    about = {k: body[k] for k in ABOUT_FIELDS if k in body}
    if about:
        from ..domain.site_input import OfficeAbout  # pydantic loads only when something is written
        valid = validated(OfficeAbout, about)
        for name in about:
            value = getattr(valid, name)
            changes[name] = [o.model_dump() for o in value or []] if name == "officers" else (value or None)
    if not changes:
        return {**offices.get(code), "area": area}
    after = offices.update(code, changes, caller.username, now)
    if about and pages:
        try:
            pages.publish_office(public_view(after, area))
        except Unavailable:
            logger.exception("could not publish the office's page")
    return {**after, "area": area}
