"""pydantic errors as per-field messages in Bengali and English (forms, API and imports)."""
from .errors import Invalid

FIELD_ERRORS_BN = {
    "missing": "এই তথ্য আবশ্যক।",
    "extra_forbidden": "এই ঘর গ্রহণযোগ্য নয়।",
    "string_too_short": "লেখাটি খুব ছোট।",
    "string_too_long": "লেখাটি খুব বড়।",
    "literal_error": "তালিকা থেকে একটি বেছে নিন।",
    "date_from_datetime_parsing": "তারিখ YYYY-MM-DD আকারে দিন।",
    "date_parsing": "তারিখ YYYY-MM-DD আকারে দিন।",
    "date_type": "তারিখ YYYY-MM-DD আকারে দিন।",
    "string_type": "লেখা দিন।",
    "int_parsing": "পূর্ণসংখ্যা দিন।",
    "int_type": "পূর্ণসংখ্যা দিন।",
    "greater_than_equal": "সংখ্যাটি খুব ছোট।",
    "less_than_equal": "সংখ্যাটি খুব বড়।",
}


def validation_details(exc) -> list[dict]:
    """Per-field messages from a pydantic ValidationError."""
    details = []
    for err in exc.errors(include_url=False):
        ctx = err.get("ctx") or {}
        details.append({
            "field": ".".join(str(p) for p in err["loc"]) or None,
            "code": err["type"],
            "message": err["msg"],
            "message_bn": ctx.get("bn") or FIELD_ERRORS_BN.get(err["type"], "তথ্যটি সঠিক নয়।"),
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
