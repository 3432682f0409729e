"""An office's own details: anyone above or in it reads them; only the office itself changes them."""
from ..domain import geography
from ..domain.errors import Invalid, NotAllowed, NotFound
from ..domain.jurisdiction import Caller, check_read

# The code is the path of the office's resource: no such office is 404, like any record.
UNKNOWN_OFFICE = NotFound("office_not_found", "No such office.", "এমন কোনো অফিস নেই।")


def _office(code: str) -> dict:
    area = geography.area(code)
    if area is None:
        raise UNKNOWN_OFFICE
    return area


def get_office(offices, caller: Caller, code: str) -> dict:
    area = _office(code)
    check_read(caller, code)
    return {**offices.get(code), "area": area}


def update_office(offices, caller: Caller, code: str, body: dict, now: str) -> dict:
    area = _office(code)
    if caller.office_code != code:
        raise NotAllowed("own_office_only", "An office changes only its own details.",
                         "অফিস কেবল নিজের তথ্য পরিবর্তন করতে পারে।")
    phone = body.get("phone")
    if set(body) - {"phone"} or not (phone is None or isinstance(phone, str)):
        raise Invalid("invalid_input", "Send only the office phone.", "শুধু অফিসের ফোন নম্বর পাঠান।")
    if "phone" not in body:  # nothing to change: the phone is the SMS fallback, never cleared by omission
        return {**offices.get(code), "area": area}
    from ..domain.phones import normalise_bd_mobile  # phonenumbers only when a phone is written, not at cold start
    try:
        phone = normalise_bd_mobile(phone) if phone else None
    except ValueError:
        raise Invalid("invalid_phone", "Enter a Bangladeshi mobile number such as 01712345678.",
                      "সঠিক মোবাইল নম্বর দিন, যেমন ০১৭১২৩৪৫৬৭৮।") from None
    return {**offices.save(code, phone, caller.username, now), "area": area}
