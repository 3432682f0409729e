"""pydantic errors as per-field messages in Bengali and English (forms, API and imports).

A person reads these next to the field they typed in: plain words, the limits in the language's own
digits, never pydantic's wording or a pattern."""
from .bangla import bn_digits
from .errors import Invalid

# error type: (Bengali, English), formatted with the error's context (min_length, ge, …)
FIELD_ERRORS = {
    "missing": ("এই তথ্য আবশ্যক।", "This is required."),
    "extra_forbidden": ("এই ঘর গ্রহণযোগ্য নয়।", "This field is not accepted."),
    "string_too_short": ("কমপক্ষে {min_length} অক্ষর লিখুন।", "Write at least {min_length} characters."),
    "string_too_long": ("{max_length} অক্ষরের বেশি লেখা যাবে না।", "Write at most {max_length} characters."),
    "string_pattern_mismatch": ("লেখার ধরন সঠিক নয়।", "This is not written in the expected form."),
    "literal_error": ("তালিকা থেকে একটি বেছে নিন।", "Choose one from the list."),
    "enum": ("তালিকা থেকে একটি বেছে নিন।", "Choose one from the list."),
    "date_from_datetime_parsing": ("তারিখ YYYY-MM-DD আকারে দিন।", "Give the date as YYYY-MM-DD."),
    "date_parsing": ("তারিখ YYYY-MM-DD আকারে দিন।", "Give the date as YYYY-MM-DD."),
    "date_type": ("তারিখ YYYY-MM-DD আকারে দিন।", "Give the date as YYYY-MM-DD."),
    "datetime_parsing": ("তারিখ ও সময় সঠিক নয়।", "The date and time are not valid."),
    "datetime_from_date_parsing": ("তারিখ ও সময় সঠিক নয়।", "The date and time are not valid."),
    "string_type": ("লেখা দিন।", "Write some text."),
    "int_parsing": ("পূর্ণসংখ্যা দিন।", "Give a whole number."),
    "int_type": ("পূর্ণসংখ্যা দিন।", "Give a whole number."),
    "int_from_float": ("পূর্ণসংখ্যা দিন।", "Give a whole number."),
    "bool_type": ("হ্যাঁ বা না দিন।", "Give yes or no."),
    "bool_parsing": ("হ্যাঁ বা না দিন।", "Give yes or no."),
    "greater_than_equal": ("সংখ্যাটি কমপক্ষে {ge} হতে হবে।", "The number must be at least {ge}."),
    "greater_than": ("সংখ্যাটি {gt}-এর বেশি হতে হবে।", "The number must be more than {gt}."),
    "less_than_equal": ("সংখ্যাটি {le}-এর বেশি হতে পারে না।", "The number must be at most {le}."),
    "less_than": ("সংখ্যাটি {lt}-এর কম হতে হবে।", "The number must be less than {lt}."),
    "too_short": ("কমপক্ষে {min_length}টি দিন।", "Give at least {min_length}."),
    "too_long": ("{max_length}টির বেশি দেওয়া যাবে না।", "Give at most {max_length}."),
    "url_parsing": ("সঠিক ওয়েব ঠিকানা দিন।", "Give a valid web address."),
    "url_scheme": ("ঠিকানা https:// দিয়ে শুরু করুন।", "Start the address with https://."),
}
UNKNOWN = ("তথ্যটি সঠিক নয়।", "This is not valid.")


def _message(err: dict) -> tuple[str, str]:
    ctx = err.get("ctx") or {}
    if ctx.get("bn"):  # our own rules (PydanticCustomError) carry both languages
        return ctx["bn"], err["msg"]
    if err["type"] == "value_error":  # a validator's ValueError: its text is ours, in English
        return UNKNOWN[0], str(err["msg"]).removeprefix("Value error, ")
    bn, en = FIELD_ERRORS.get(err["type"], UNKNOWN)
    try:
        return bn.format(**{k: bn_digits(v) for k, v in ctx.items()}), en.format(**ctx)
    except (KeyError, IndexError):
        return UNKNOWN


def validation_details(exc) -> list[dict]:
    """Per-field messages from a pydantic ValidationError."""
    details = []
    for err in exc.errors(include_url=False):
        message_bn, message = _message(err)
        details.append({
            "field": ".".join(str(p) for p in err["loc"]) or None,
            "code": err["type"],
            "message": message,
            "message_bn": message_bn,
        })
    return details


def validated(model, body, context: dict | None = None):
    """The body as an instance of the pydantic `model`, or Invalid naming every field that is wrong."""
    # pydantic loads only when something is validated, so read-only cold starts skip it.
    from pydantic import ValidationError
    try:
        return model.model_validate(body, context=context)
    except ValidationError as exc:
        raise Invalid("invalid_input", "Some fields are not valid.", "কিছু তথ্য সঠিক নয়।",
                      validation_details(exc)) from None
