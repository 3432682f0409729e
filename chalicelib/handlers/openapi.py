"""GET /api/openapi.json: the API described from the same pydantic models the routes use.

Every status a route can answer is listed, and every parameter and body carries the
constraints its validation applies (enums, patterns, lengths, formats), so that a request
the document allows is refused only for a reason the document states. Rules JSON Schema
cannot express (dates not in the future, dates in order, unique registration numbers,
the contents of an import file) are stated in the descriptions.
"""
from functools import lru_cache

from chalice import Blueprint

from .api import Routes

bp = Blueprint(__name__)

BEARER = [{"bearer": []}]
JSON = "application/json"
CSV = "text/csv"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def nullable(schema: dict) -> dict:
    return {"anyOf": [schema, {"type": "null"}]}


def obj(required=(), additional: bool = True, **properties) -> dict:
    schema = {"type": "object", "required": list(required), "properties": properties}
    if not additional:
        schema["additionalProperties"] = False
    return schema


STRING, INTEGER, BOOLEAN = {"type": "string"}, {"type": "integer"}, {"type": "boolean"}
DATE = {"type": "string", "format": "date"}
STATUS = {"type": "string", "enum": ["green", "yellow", "red"]}
SOCIETY_ID_SCHEMA = {"type": "string", "pattern": "^[0-9a-f]{17}$"}
PRODUCT_ID_SCHEMA = {"type": "string", "pattern": "^[0-9a-f]{16}$"}
INVOICE_SCHEMA = {"type": "string", "pattern": "^SB[0-9]{6}[A-Z2-9]{6}$"}
SALES_BY = ("society", "product", "area", "month")
COMMITTEE_KIND = {"type": "string", "enum": ["elected", "interim", "new_registration"]}

# Statuses the routes answer, and why. 401 and 403 on protected routes may come from API Gateway's
# authorizer before the app runs; under `chalice local` those bodies are its own {"message": ...}.
WHY = {
    "400": "Invalid input: a parameter, the body or the file (error.details names each field)",
    "401": "No bearer token, or wrong credentials",
    "403": "The token is not valid, or the area or record lies outside the caller's office, or the caller's "
           "office may not do this",
    "404": "No such record",
    "409": "The record's state forbids this now: changed meanwhile, duplicate, or dissolved",
    "415": "The body's Content-Type is not one this route takes",
    "429": "Too many wrong passwords for this username; wait 15 minutes",
}
GATEWAY_STATUSES = ("401", "403", "415")  # may be answered before the app runs, in the gateway's own shape


def error(status: str) -> dict:
    schema = {"anyOf": [ref("Error"), ref("GatewayError")]} if status in GATEWAY_STATUSES else ref("Error")
    return {"description": WHY[status], "content": {JSON: {"schema": schema}}}


def ok(schema: dict, description: str = "OK", media: str = JSON) -> dict:
    return {"description": description, "content": {media: {"schema": schema}}}


CSV_FILE = ok({"type": "string", "description": "UTF-8 CSV with a byte-order mark and a header row"},
              "CSV file (Content-Disposition: attachment)", CSV)


def param(name: str, schema: dict, description: str, where: str = "query", required: bool = False) -> dict:
    return {"name": name, "in": where, "required": required or where == "path", "description": description,
            "schema": schema}


def op(summary: str, response: dict, *errors: str, params=(), body: dict | None = None,
       secured: bool = True, ok_status: str = "200", description: str | None = None) -> dict:
    operation = {"summary": summary, "parameters": list(params), "responses": {ok_status: response}}
    if description:
        operation["description"] = description
    statuses = set(errors) | ({"401", "403"} if secured else set()) | ({"415"} if body else set())
    for status in sorted(statuses):
        operation["responses"][status] = error(status)
    if secured:
        operation["security"] = BEARER
    if body:
        operation["requestBody"] = {"required": True, "content": body}
    return operation


def json_body(schema: dict) -> dict:
    return {JSON: {"schema": schema}}


def _area_codes() -> tuple[list[str], list[str], list[str], list[str]]:
    """Division, district and upazila (and metropolitan thana) codes, from the geography data."""
    from ..domain import geography
    divisions = [a["code"] for a in geography.children("")]
    districts = [a["code"] for d in divisions for a in geography.children(d)]
    upazilas = [a["code"] for z in districts for a in geography.children(z)]
    return sorted(divisions), sorted(districts), sorted(upazilas), sorted(divisions + districts + upazilas)


def _market_components() -> dict:
    """Products, orders and payments (chalicelib/domain/market.py, chalicelib/domain/payments.py)."""
    from ..domain.market import CATEGORIES, MAX_PHOTO_BYTES, ORDER_STATUSES, PHOTO_TYPES, UNITS
    from ..domain.market_input import OrderInput, ProductFields, ProductPatch
    from ..domain.payments import PURPOSES, STATES
    from ..domain.society_input import TEXT_RULE
    template = "#/components/schemas/{model}"
    fields = ProductFields.model_json_schema(ref_template=template)
    fields["properties"]["name_bn"]["description"] = TEXT_RULE
    patch = ProductPatch.model_json_schema(ref_template=template)
    patch["description"] = ("Any subset of the product fields, plus the version you read (409 stale_version when "
                            "it is no longer the stored one). null leaves a field unchanged, except "
                            "production_date, which it clears.")
    patch["properties"]["photos"]["anyOf"][0]["items"] = {
        "type": "string", "pattern": "^photos/[^/]+/[^/]+$",
        "description": "A key given by POST /api/products/{product_id}/photos for this product (400 invalid_photo "
                       "for a key of another product)"}
    order = OrderInput.model_json_schema(ref_template=template)
    phone = {"type": "string", "pattern": order["properties"]["buyer_phone"]["pattern"]}
    order["properties"]["product_id"] = {**PRODUCT_ID_SCHEMA, "description": "The product's id"}
    for name in ("buyer_name", "delivery_address"):
        order["properties"][name]["description"] = TEXT_RULE
    order["description"] = ("An order holds the stock from the buyer's first payment attempt until expires_at. The "
                            "amount (unit price x quantity) may be at most Tk 3,00,000 (400 order_too_large).")
    category, unit = {"type": "string", "enum": list(CATEGORIES)}, {"type": "string", "enum": list(UNITS)}
    order_status = {"type": "string", "enum": list(ORDER_STATUSES)}
    payment_status = {"type": "string", "enum": ["none", "pending", "completed", "failed", "refunded",
                                                 "needs_review"]}
    product = {
        "id": PRODUCT_ID_SCHEMA, "society_id": SOCIETY_ID_SCHEMA, "society_name_bn": STRING,
        "society_name_en": nullable(STRING), "registration_no": STRING, "society_address": STRING,
        "upazila_code": STRING, "name_bn": STRING, "name_en": STRING, "category": category, "unit": unit,
        "price_paisa": INTEGER, "stock": INTEGER, "created_at": STRING, "production_date": nullable(DATE),
        "brand": STRING, "description_bn": STRING, "featured": BOOLEAN, "active": BOOLEAN,
        "photos": {"type": "array", "items": STRING, "description": "Addresses of the photos on the site"},
        "facebook_url": nullable(STRING), "updated_at": nullable(STRING), "version": INTEGER,
        "district_code": STRING, "division_code": STRING,
        "area_name_bn": {"type": "string", "description": "Upazila, district"}, "area_name_en": STRING,
    }
    product_required = list(product)
    public_product = obj(product_required, **product)
    public_product["description"] = "A product as anyone sees it: never who entered it."
    public_product["not"] = {"anyOf": [{"required": [name]} for name in ("created_by", "updated_by")]}
    officer_product = obj(product_required + ["created_by", "updated_by", "photo_keys"], **product,
                          created_by=STRING, updated_by=nullable(STRING),
                          photo_keys={"type": "array", "items": STRING,
                                      "description": "The photos' keys, as a PATCH sends them back"})
    order_fields = {
        "invoice_no": INVOICE_SCHEMA, "product_id": PRODUCT_ID_SCHEMA, "product_name_bn": STRING,
        "product_name_en": STRING, "society_id": SOCIETY_ID_SCHEMA, "society_name_bn": STRING, "upazila_code": STRING,
        "quantity": INTEGER, "unit_price_paisa": INTEGER, "amount_paisa": INTEGER, "buyer_name": STRING,
        "delivery_address": STRING, "created_at": STRING, "expires_at": STRING, "status": order_status,
        "payment_status": payment_status, "payment_id": nullable(STRING), "trx_id": nullable(STRING),
        "paid_at": nullable(STRING), "attempts": INTEGER, "sms_opt_in": BOOLEAN, "version": INTEGER, "unit": unit,
    }
    order_required = list(order_fields)
    step = {"at": STRING, "status": order_status, "note": STRING}
    buyer_order = obj(order_required + ["history"], **order_fields,
                      history={"type": "array", "items": obj(["at", "status"], **step)})
    buyer_order["description"] = "The order as its buyer sees it (they gave its phone number)."
    buyer_order["not"] = {"required": ["buyer_phone"]}
    payment_fields = {
        "id": STRING, "purpose": {"type": "string", "enum": list(PURPOSES)}, "purpose_ref": STRING,
        "amount_paisa": INTEGER, "upazila_code": STRING, "society_id": STRING, "created_at": STRING,
        "state": {"type": "string", "enum": list(STATES)}, "bkash_payment_id": nullable(STRING),
        "trx_id": nullable(STRING), "completed_at": nullable(STRING), "updated_at": nullable(STRING),
        "problem": nullable(STRING), "refunded_paisa": INTEGER,
        "received_paisa": {**nullable(INTEGER), "description": "What bKash says it took, when that differs from "
                                                              "amount_paisa (a refund returns at most this)"},
        "refund_trx_ids": {"type": "array", "items": STRING}, "version": INTEGER,
    }
    payment = obj(list(payment_fields), **payment_fields)
    payment["description"] = "One bKash payment attempt (id: ours, sent to bKash as merchantInvoiceNumber)."
    payment["not"] = {"anyOf": [{"required": ["payer_phone"]}, {"required": ["customer_msisdn"]}]}
    deposit = obj(list(payment_fields) + ["payment_id", "invoice_no", "net_paisa"], **payment_fields,
                  payment_id=nullable(STRING), invoice_no=STRING, net_paisa=INTEGER)
    flagged_payment = obj(["kind", "payment_id", "state"], kind={"type": "string", "enum": ["payment"]},
                          **{**payment_fields, "payment_id": nullable(STRING)})
    flagged_payment["not"] = payment["not"]
    unmatched_ipn = obj(["kind", "id", "trx_id", "amount", "received_at", "state"],
                        kind={"type": "string", "enum": ["unmatched_ipn"]}, id=STRING, trx_id=nullable(STRING),
                        amount={"description": "As bKash's message gave it"}, received_at=STRING,
                        state={"type": "string", "enum": ["unmatched_ipn"]})
    return {
        "ProductFields": fields, "ProductPatch": patch, "OrderInput": order,
        "Product": officer_product, "PublicProduct": public_product,
        "Products": obj(["items"], items={"type": "array", "items": ref("Product")}),
        "PublicProductList": obj(["items", "next_cursor"], items={"type": "array", "items": ref("PublicProduct")},
                                 next_cursor=nullable(STRING)),
        "PhotoRequest": obj(["content_type", "size"],
                            content_type={"type": "string", "enum": list(PHOTO_TYPES)},
                            size={"type": "integer", "minimum": 1, "maximum": MAX_PHOTO_BYTES,
                                  "description": "The file's size in bytes (at most 2 MB)"}),
        "PhotoUpload": {**obj(["url", "fields", "key", "photo_url"], url=STRING,
                              fields={"type": "object", "additionalProperties": STRING}, key=STRING,
                              photo_url=STRING),
                        "description": "An S3 presigned POST, valid 10 minutes: POST the file as multipart form "
                                       "data to url, with fields, then PATCH the product's photos with key."},
        "BuyerOrder": buyer_order,
        "Order": obj(order_required + ["buyer_phone", "history"], **order_fields, buyer_phone=STRING,
                     history={"type": "array", "items": obj(["at", "status", "by"], **step, by=STRING)}),
        "Orders": obj(["items", "count"], items={"type": "array", "items": ref("Order")}, count=INTEGER),
        "PayRequest": obj(["buyer_phone"], buyer_phone={**phone,
                                                        "description": "The phone number the order was placed with"}),
        "PaymentStart": obj(["payment_id", "bkash_url", "amount_paisa", "invoice_no"], payment_id=STRING,
                            bkash_url={"type": "string", "description": "Send the buyer's browser here"},
                            amount_paisa=INTEGER, invoice_no=INVOICE_SCHEMA),
        "OrderMove": obj(["status"], status={"type": "string", "enum": ["confirmed", "dispatched", "delivered",
                                                                           "cancelled"]},
                         reason={"type": "string", "maxLength": 255,
                                 "description": "Required to cancel: 3 characters or more after trimming spaces "
                                                "(400 reason_required)"}),
        "Payment": payment,
        "RefundRequest": obj(["reason"], reason={"type": "string", "minLength": 3, "maxLength": 255,
                                                 "description": "3 to 255 characters after trimming spaces"},
                             amount_paisa={"type": "integer", "minimum": 1,
                                           "description": "Default: all that is not refunded yet; at most that "
                                                          "(400 refund_amount)"}),
        "Deposits": obj(["area_code", "items", "count", "total_paisa", "by_day"], area_code=STRING,
                        items={"type": "array", "items": deposit}, count=INTEGER, total_paisa=INTEGER,
                        by_day={"type": "array", "items": obj(["date", "count", "total_paisa"], date=DATE,
                                                                count=INTEGER, total_paisa=INTEGER)}),
        "Flagged": obj(["items", "count"], count=INTEGER,
                       items={"type": "array", "items": {"anyOf": [flagged_payment, unmatched_ipn]}}),
        "Sales": obj(["area_code", "by", "rows", "total_paisa", "orders"], area_code=STRING,
                     by={"type": "string", "enum": list(SALES_BY)}, total_paisa=INTEGER, orders=INTEGER,
                     rows={"type": "array", "items": obj(
                         ["key", "label_bn", "label_en", "orders", "quantity", "amount_paisa"], key=STRING,
                         label_bn=STRING, label_en=STRING, orders=INTEGER, quantity=INTEGER,
                         amount_paisa=INTEGER)}),
        "NoticeRequest": obj(
            ["text"], text={"type": "string", "minLength": 5, "maxLength": 320, "pattern": r"^\S[\s\S]{3,}\S$",
                            "description": "The SMS text (5 to 320 characters, spaces around it trimmed)"},
            area_code={**ref("AreaCode"), "description": "Whose subscribers (default: the caller's office's area)"},
            confirm={"type": "boolean", "description": "true: send; otherwise only the preview is answered"}),
        "Notice": obj(["area_code", "text", "recipients", "encoding", "parts_per_sms", "total_parts", "cost_paisa",
                       "sent", "skipped", "failed", "confirmed"], area_code=STRING, text=STRING, recipients=INTEGER,
                      encoding={"type": "string", "enum": ["GSM-7", "UCS-2"]}, parts_per_sms=INTEGER,
                      total_parts=INTEGER, cost_paisa=INTEGER, sent=INTEGER, skipped=INTEGER, failed=INTEGER,
                      confirmed=BOOLEAN, job_id={"type": "string", "description": "With confirm: the bulk SMS job"},
                      state={"type": "string", "description": "With confirm: the job's state (queued, or waiting "
                                                              "for the send window)"}),
        "BuyerPhone": {**phone, "description": "A Bangladeshi mobile number, as the buyer writes it"},
        "IpnResult": obj(["result"], result={"type": "string", "enum": ["subscribed", "ignored", "recorded",
                                                                          "duplicate", "unmatched"]}),
    }


def _components() -> dict:
    from ..domain.society_input import SCHEMA_PHONE, SocietyInput
    divisions, districts, upazilas, every = _area_codes()
    society = SocietyInput.model_json_schema(ref_template="#/components/schemas/{model}")
    patch = {**society, "title": "SocietyPatch", "required": [],
             "description": "Any subset of the society fields, plus the version you read (409 when it is no "
                            "longer the stored one). The result, merged with the stored record, must meet "
                            "every rule of SocietyInput."}
    patch["properties"] = {**society["properties"], "version": {"type": "integer", "minimum": 1}}
    area = obj(["code", "level", "name_en", "name_bn"], code=STRING,
               level={"type": "string", "enum": ["country", "division", "district", "upazila"]},
               name_en=STRING, name_bn=STRING, kind=STRING)
    society_fields = {
        "id": {"type": "string", "pattern": "^[0-9a-f]{17}$"}, "registration_no": STRING, "registered_on": DATE,
        "name_bn": STRING, "name_en": nullable(STRING), "address": STRING, "upazila_code": STRING,
        "committee_kind": COMMITTEE_KIND, "committee_started_on": DATE, "term_ends_on": DATE,
        "last_agm_on": nullable(DATE), "last_audit_year": nullable(STRING), "last_audit_on": nullable(DATE),
        "last_accounts_year": nullable(STRING), "last_rectification_on": nullable(DATE),
        "facebook_url": nullable(STRING), "dissolved_on": nullable(DATE),
        "days_left": INTEGER, "status": STATUS,
        "status_label": obj(["bn", "en"], bn=STRING, en=STRING),
        "area": {"type": "array", "items": ref("Area")},
        "obligations": {"type": "array", "items": ref("Obligation")},
    }
    officer_fields = {
        "paid_up_share_capital_paisa": nullable(INTEGER), "officer_phone": nullable(STRING),
        "president_phone": nullable(STRING), "secretary_phone": nullable(STRING),
        "created_at": STRING, "created_by": STRING, "updated_at": STRING, "updated_by": STRING,
        "version": INTEGER, "next_reminder_on": nullable(DATE),
    }
    required = ["id", "registration_no", "registered_on", "name_bn", "upazila_code", "committee_kind",
                "committee_started_on", "term_ends_on", "days_left", "status", "area"]
    public_society = obj(required, **society_fields)
    public_society["description"] = "A society as the public sees it: never a phone number."
    public_society["not"] = {"anyOf": [{"required": [name]} for name in
                                       ("officer_phone", "president_phone", "secretary_phone")]}
    counts = obj(["area", "total", "by_status"], area=ref("Area"), lineage={"type": "array", "items": ref("Area")},
                 total=INTEGER,
                 by_status=obj(["green", "yellow", "red"], green=INTEGER, yellow=INTEGER, red=INTEGER))
    me = obj(["username", "role", "office"], username=STRING,
             role={"type": "string", "enum": ["hq", "division", "district", "upazila"]},
             office=obj(["code", "level"], code=STRING, level=nullable(STRING), name_bn=nullable(STRING),
                        name_en=nullable(STRING), lineage={"type": "array", "items": ref("Area")}))
    return {
        "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}},
        "schemas": {
            "SocietyInput": society, "SocietyPatch": patch,
            "Login": obj(["username", "password"],
                         username={"type": "string", "minLength": 1, "maxLength": 128},
                         password={"type": "string", "minLength": 1, "maxLength": 256}),
            "OfficePatch": {**obj(additional=False, phone=nullable(
                {"type": "string", "pattern": SCHEMA_PHONE,
                 "description": "The office's SMS fallback (never public): a Bangladeshi mobile number; empty or "
                                "null clears it"}), **_office_about()["properties"]),
                "description": "The office's own details; only the office itself changes them. Absent fields stay; "
                               "the about-page fields are what GET /api/public/offices/{code} shows."},
            "Error": obj(["error"], error=obj(
                ["code", "message"], code=STRING, message=STRING, message_bn=STRING,
                details={"type": "array", "items": {"type": "object"}})),
            "GatewayError": {**obj(message=nullable(STRING), Message=STRING, Code=STRING), "minProperties": 1,
                             "description": "A refusal by API Gateway or Chalice before the app runs (in AWS, "
                                            "gateway responses give these the Error shape too)"},
            "AreaCode": {"type": "string", "enum": ["", *every],
                         "description": "BBS geocode: 2 digits a division, 4 a district, 6 an upazila or "
                                        "metropolitan thana; empty for the whole country"},
            "DistrictOrUpazilaCode": {"type": "string", "enum": sorted(districts + upazilas),
                                      "description": "BBS geocode of a district (4 digits) or upazila (6)"},
            "OfficeCode": {"type": "string", "enum": ["BD", *every],
                           "description": "BBS geocode of the office's area; BD for headquarters"},
            "Area": area,
            "Obligation": obj(["kind", "due_on", "status", "rule"],
                              kind={"type": "string", "enum": ["committee_term", "agm", "audit",
                                                               "audit_rectification", "accounts_statement"]},
                              due_on=DATE, status=STATUS, days_left=INTEGER, subject=STRING, projected=BOOLEAN,
                              rule=STRING, rule_bn=STRING),
            "PublicSociety": public_society,
            "Society": obj(required, **society_fields, **officer_fields, open_corrections={
                "type": "array", "description": "Open correction requests (one society's page only)",
                "items": obj(["id", "field", "requested_by_office"], id=STRING, field=STRING,
                             requested_by_office=STRING)}),
            "SocietyList": obj(["items", "next_cursor"], items={"type": "array", "items": ref("Society")},
                               next_cursor=nullable(STRING), area=nullable(ref("Area"))),
            "PublicSocietyList": obj(["items", "next_cursor", "area", "lineage"],
                                     items={"type": "array", "items": ref("PublicSociety")},
                                     next_cursor=nullable(STRING), area=ref("Area"),
                                     lineage={"type": "array", "items": ref("Area")}),
            "Counts": counts,
            "Me": me,
            "LoginResult": obj(["token", "expires_in", "user"], token=STRING, expires_in=INTEGER, user=me),
            "History": obj(["items", "sms"], items={"type": "array", "items": obj(
                ["at", "actor", "action"], at=STRING, actor=STRING, action=STRING,
                before=nullable({"type": "object"}), after=nullable({"type": "object"}))},
                sms={"type": "array", "items": {"type": "object"}}),
            "Tasks": obj(["items"], items={"type": "array", "items": obj(
                ["id", "kind", "society_id", "office_code", "due_on", "state"], id=STRING,
                kind={"type": "string", "enum": ["appoint_interim_committee"]}, society_id=STRING,
                office_code=STRING, due_on=DATE, state={"type": "string", "enum": ["open", "done"]},
                society_name_bn=STRING, opened_on=nullable(DATE), closed_on=nullable(DATE))}),
            "Office": obj(["code", "phone", "area"], code=STRING, phone=nullable(STRING),
                          **{k: nullable(STRING) for k in ("address_bn", "address_en", "contact_phone", "email",
                                                           "facebook_url", "working_hours_bn", "working_hours_en")},
                          officers={"type": "array", "items": {"type": "object"}},
                          updated_at=nullable(STRING), updated_by=nullable(STRING), area=ref("Area")),
            "Rules": obj(["elected_term_years", "interim_term_days", "yellow_within_days", "obligations"],
                         elected_term_years=INTEGER, interim_term_days=INTEGER, yellow_within_days=INTEGER,
                         obligations={"type": "object", "additionalProperties": obj(
                             ["rule", "rule_bn"], rule=STRING, rule_bn=STRING)}),
            "Areas": obj(["parent", "lineage", "items"], parent=ref("Area"),
                         lineage={"type": "array", "items": ref("Area")},
                         items={"type": "array", "items": ref("Area")}),
            "Calendar": obj(["area", "lineage", "today", "months"], area=ref("Area"),
                            lineage={"type": "array", "items": ref("Area")}, today=DATE,
                            months={"type": "array", "items": obj(
                                ["month", "label_bn", "label_en", "societies"],
                                month={"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}$"},
                                label_bn=STRING, label_en=STRING,
                                societies={"type": "array", "items": ref("PublicSociety")})}),
            **_market_components(),
            **_area_docs("components"),
            "ImportResult": obj(["rows", "valid", "errors", "created", "unchanged", "dry_run"],
                                rows=INTEGER, valid=INTEGER, created=INTEGER, unchanged=INTEGER, dry_run=BOOLEAN,
                                errors={"type": "array", "items": obj(
                                    ["row", "field", "message", "message_bn"], row=nullable(INTEGER),
                                    field=nullable(STRING), message=STRING, message_bn=STRING)}),
        },
    }


AREA = ref("AreaCode")
SOCIETY_ID = param("society_id", SOCIETY_ID_SCHEMA,
                   "Society id (17 lower-case hex digits); an id of no society answers 404", "path")
AREA_PARAMS = [param("area_code", AREA, "Area (default: the caller's office; public routes: the whole country)"),
               param("upazila_code", AREA, "Same as area_code (taken first when both are given)")]
LIST_PARAMS = AREA_PARAMS + [
    param("status", STATUS, "Only societies of this colour"),
    param("committee_kind", COMMITTEE_KIND, "Only this kind of committee"),
    param("q", STRING, "Part of the name (Bengali or English) or registration number"),
    param("cursor", STRING, "next_cursor of the previous page, as given (any other value answers 400: "
                            "it is an opaque page link)"),
    param("limit", {"type": "integer", "minimum": 1, "maximum": 200}, "Items per page (default 50)"),
]
CALENDAR_PARAMS = [param("area_code", ref("DistrictOrUpazilaCode"), "District or upazila", required=True),
                   param("upazila_code", ref("DistrictOrUpazilaCode"), "Same as area_code (taken first)")]
CSV_PARAMS = [param("area_code", ref("DistrictOrUpazilaCode"),
                    "District or upazila (default: the caller's office; a division or HQ office must choose "
                    "one, 400 otherwise)"),
              param("upazila_code", ref("DistrictOrUpazilaCode"), "Same as area_code (taken first)")]


PRODUCT_ID = param("product_id", PRODUCT_ID_SCHEMA, "Product id (16 lower-case hex digits); an id of no product "
                                                    "answers 404", "path")
INVOICE_NO = param("invoice_no", INVOICE_SCHEMA, "Invoice number (SB, yymmdd, 6 letters or digits); an invoice "
                                                 "number of no order answers 404", "path")
OFFICE_AREA = ("400 unknown_area: not an area code. 403 outside_jurisdiction: the area lies outside the caller's "
               "office.")


def _notice_started(operation: dict) -> dict:
    operation["responses"]["202"] = ok(ref("Notice"), "Accepted: a bulk SMS job was started")
    return operation


def _too_many_orders(operation: dict) -> dict:
    operation["responses"]["429"] = {"description": "Too many orders from this phone number this hour",
                                     "content": {JSON: {"schema": ref("Error")}}}
    return operation


def _market_paths() -> dict:
    """The Cooperative Product Sales Centre and its bKash payments."""
    from ..domain.market import CATEGORIES, ORDER_STATUSES
    from ..domain.payments import PURPOSES
    from ..domain.society_input import SCHEMA_DATE
    product = ok(ref("Product"))
    day = {**DATE, "pattern": SCHEMA_DATE}
    period = [param("from", day, "First day (Asia/Dhaka), included; not after `to` (400 invalid_period)"),
              param("to", day, "Last day (Asia/Dhaka), included")]
    purpose = param("purpose", {"type": "string", "enum": list(PURPOSES)},
                    "Only payments for this purpose (default: every purpose)")
    return {
        "/api/societies/{society_id}/products": {
            "post": op("Add a product of a society (the owning upazila office)", ok(ref("Product"), "Created"),
                       "400", "404", "409", params=[SOCIETY_ID], body=json_body(ref("ProductFields")),
                       ok_status="201",
                       description="403 outside_jurisdiction or correction_request_required: not the society's "
                                   "upazila office. 409 society_dissolved."),
            "get": op("A society's products, active or not (offices over the society)", ok(ref("Products")),
                      "404", params=[SOCIETY_ID])},
        "/api/products/{product_id}": {"patch": op(
            "Change a product (the owning upazila office)", product, "400", "404", "409",
            params=[PRODUCT_ID], body=json_body(ref("ProductPatch")),
            description="400 invalid_input, or invalid_photo (a photo key not uploaded for this product). 403: not "
                        "the product's upazila office. 409 stale_version: changed meanwhile (orders change the "
                        "stock and the version too).")},
        "/api/products/{product_id}/photos": {"post": op(
            "Permission to upload one photo of a product (the owning upazila office)",
            ok(ref("PhotoUpload"), "Created"), "400", "404", params=[PRODUCT_ID],
            body=json_body(ref("PhotoRequest")), ok_status="201",
            description="400 photo_type or photo_size. 403: not the product's upazila office.")},
        "/api/public/products": {"get": op(
            "The catalogue: active products, newest area first", ok(ref("PublicProductList")), "400",
            secured=False, params=[
                param("area_code", AREA, "Only products of societies in this area (default: the whole country)"),
                param("category", {"type": "string", "enum": list(CATEGORIES)}, "Only this category"),
                param("q", STRING, "Part of the product's, brand's or society's name"),
                param("featured", {"type": "string", "enum": ["true", "false"]}, "Only featured (or other) products"),
                param("cursor", STRING, "next_cursor of the previous page, as given (any other value answers 400 "
                                        "invalid_cursor: it is an opaque page link)"),
                param("limit", {"type": "integer", "minimum": 1, "maximum": 100}, "Items per page (default 24)")])},
        "/api/public/products/{product_id}": {"get": op(
            "A product's public page", ok(ref("PublicProduct")), "404", params=[PRODUCT_ID], secured=False,
            description="404 also for a product that is no longer active.")},
        "/api/public/orders": {"post": _too_many_orders(op(
            "Order a product (anyone); the stock is held once the buyer goes to pay, until expires_at",
            ok(ref("BuyerOrder"), "Created"),
            "400", "404", "409", body=json_body(ref("OrderInput")), ok_status="201", secured=False,
            description="400 invalid_input, or order_too_large (over Tk 3,00,000). 404 product_not_found (or no "
                        "longer active). 409 out_of_stock. 429 too_many_orders: this phone number placed "
                        "ORDERS_PER_PHONE_HOUR orders (10) this hour."))},
        "/api/public/orders/{invoice_no}/pay": {"post": op(
            "Start paying an order with bKash (the buyer)", ok(ref("PaymentStart")), "400", "404", "409",
            params=[INVOICE_NO], body=json_body(ref("PayRequest")), secured=False,
            description="404 order_not_found: no order with this invoice number and phone. 409 order_not_payable "
                        "(paid, cancelled or expired), order_expired (the time to pay is over), order_busy "
                        "(changed meanwhile), payment_in_progress (a payment of it is being completed), "
                        "payment_unavailable (bKash could not start a payment now), out_of_stock (the first "
                        "attempt holds the stock: not that many are left now).")},
        "/api/public/orders/{invoice_no}": {"get": op(
            "An order's status (the buyer)", ok(ref("BuyerOrder")), "404", secured=False, params=[
                INVOICE_NO, param("phone", ref("BuyerPhone"), "The phone number the order was placed with; "
                                                              "without it, or with another, 404", required=True)],
            description="404 order_not_found: the same answer whether the invoice number or the phone is wrong.")},
        "/api/orders": {"get": op(
            "Orders of the caller's area, newest first (officers; with the buyer's phone)", ok(ref("Orders")),
            "400", params=AREA_PARAMS + [param("status", {"type": "string", "enum": list(ORDER_STATUSES)},
                                               "Only orders in this status")],
            description=OFFICE_AREA)},
        "/api/orders/{invoice_no}/status": {"post": op(
            "Move an order on (the owning upazila office); cancelling a paid order refunds it", ok(ref("Order")),
            "400", "404", "409", params=[INVOICE_NO], body=json_body(ref("OrderMove")),
            description="paid -> confirmed | cancelled; confirmed -> dispatched | cancelled; dispatched -> "
                        "delivered. 400 reason_required: a cancellation without a reason. 403: not the order's "
                        "upazila office. 409 order_status (not a move the order's status allows), stale_version, "
                        "or, refunding the payment of a cancelled order, refund_refused, refund_unclear, "
                        "refund_in_progress, refund_unavailable, refund_unrecorded.")},
        "/api/sales": {"get": op(
            "Sales (payments credited, net of refunds) of the caller's area, by group",
            ok(ref("Sales")), "400", params=AREA_PARAMS + period + [purpose,
                param("by", {"type": "string", "enum": list(SALES_BY)},
                      "Group by (default: society); product: what was paid for")],
            description="400 invalid_date, invalid_period, invalid_parameter (by), unknown_area. 403 "
                        "outside_jurisdiction.")},
        "/api/market/notices": {"post": _notice_started(op(
            "SMS about products and prices to buyers of the area who paid for one of its products and asked for "
            "news (officers): a preview unless confirm is true", ok(ref("Notice")), "400", "409",
            body=json_body(ref("NoticeRequest")),
            description="With confirm: true the recipients go to a bulk SMS job of the caller's office (202, "
                        "GET /api/messages/jobs/{job_id} follows it): its monthly cap, the send window and the "
                        "suppression list apply. The same text to the same area on the same day is one job: "
                        "confirming it again answers 200 with that job (skipped counts its recipients). 400 "
                        "invalid_text, no_recipients. 403 outside_jurisdiction: the area lies outside the caller's "
                        "office. 409 spend_cap_reached."))},
        "/api/payments/bkash/callback": {"get": op(
            "bKash sends the buyer's browser back here; it goes on to the order page",
            {"description": "To SITE_URL/order.html?invoice=<invoice_no> (without the invoice for a paymentID "
                            "of no payment of ours)",
             "headers": {"Location": {"required": True, "schema": {"type": "string"}}}},
            secured=False, ok_status="302", params=[
                param("paymentID", STRING, "bKash's payment id"),
                param("status", STRING, "success, failure or cancel: a hint only; only bKash's execute or query "
                                        "answer settles the payment (cancel and failure make us ask bKash)"),
                param("signature", STRING, "As bKash gives it (not used)")])},
        "/api/payments/bkash/ipn": {"post": op(
            "bKash's instant payment notification (an Amazon SNS HTTP subscription)", ok(ref("IpnResult")),
            "400", "403", secured=False,
            body={"text/plain": {"schema": {"type": "string", "description": "An SNS message, as JSON"}},
                  JSON: {"schema": {"type": "object", "description": "An SNS message"}}},
            description="SNS posts its JSON as text/plain. 403 invalid_sns_message: not a genuine message of "
                        "bKash's topic (signature, certificate URL, topic or age). 400 invalid_ipn: a genuine "
                        "notification whose Message is not a JSON object. A notification only makes us ask bKash; "
                        "it never credits a payment by itself.")},
        "/api/deposits": {"get": op(
            "bKash payments credited in the caller's area (net of refunds), per day",
            {"description": "OK: JSON, or with format=csv a CSV file (Content-Disposition: attachment)",
             "content": {JSON: {"schema": ref("Deposits")},
                         CSV: {"schema": {"type": "string",
                                          "description": "UTF-8 CSV with a byte-order mark, a header row and "
                                                         "a total row"}}}},
            "400", params=AREA_PARAMS + period + [purpose,
                param("format", {"type": "string", "enum": ["json", "csv"]}, "Default: json")],
            description="400 invalid_date, invalid_period, invalid_format, unknown_area. 403 outside_jurisdiction.")},
        "/api/payments/flagged": {"get": op(
            "Payments needing review (money that could not be credited) and unmatched notifications",
            ok(ref("Flagged")), "400", params=AREA_PARAMS + [purpose],
            description=OFFICE_AREA + " Unmatched notifications are listed to headquarters only.")},
        "/api/payments/{payment_id}/refund": {"post": op(
            "Refund a payment to the payer, in full or in part (the owning upazila office)", ok(ref("Payment")),
            "400", "404", "409",
            params=[param("payment_id", STRING, "bKash's payment id (payment_id of a deposit or flagged payment)",
                          "path")],
            body=json_body(ref("RefundRequest")),
            description="400 reason_required, invalid_amount, refund_amount (0, or more than is left). 403: not "
                        "the payment's upazila office. 404 payment_not_found. 409 not_refundable (only a "
                        "completed or needs-review payment), refund_refused (by bKash), refund_unclear (bKash "
                        "did not confirm and its refund status could not say; asking again asks bKash first, never "
                        "refunding twice), refund_in_progress (another request is waiting for bKash), "
                        "refund_unavailable (bKash could not be reached; nothing was refunded), refund_unrecorded.")},
    }


AREA_DOCS = ("messaging", "message_jobs", "officers", "corrections", "site_content")


def _office_about() -> dict:
    """The about-page fields of PATCH /api/offices/{code} (domain/site_input.py), inlined."""
    from ..domain.site_input import OfficeAbout
    about = OfficeAbout.model_json_schema(ref_template="#/$defs/{model}")
    entry = about.pop("$defs")["OfficerEntry"]
    officers = about["properties"]["officers"]
    for branch in officers.get("anyOf", [officers]):
        if branch.get("type") == "array":
            branch["items"] = entry
    return about


def _area_docs(part: str) -> dict:
    """Paths or schemas each later area documents in its own handlers/docs_<area>.py."""
    from importlib import import_module
    merged: dict = {}
    for area in AREA_DOCS:
        try:
            module = import_module(f"{__package__}.docs_{area}")
        except ModuleNotFoundError:  # the area's routes declare their models now
            continue
        merged.update(getattr(module, part)())
    return merged


@lru_cache(maxsize=1)
def document() -> dict:
    society, public_society = ok(ref("Society")), ok(ref("PublicSociety"))
    return {
        "openapi": "3.1.0",
        "info": {"title": "Samabay API", "version": "1.0.0",
                 "description": "Department of Cooperatives, Bangladesh: society registry and reminders, "
                                "the Cooperative Product Sales Centre and its bKash payments. Money is in "
                                "integer paisa (Tk 1 = 100 paisa). "
                                "Errors are {\"error\": {code, message, message_bn, details}}."},
        "components": _components(),
        "paths": {
            "/api/health": {"get": op("Health check", ok(obj(["status"], status={"type": "string",
                                                                                 "enum": ["ok"]})),
                                      secured=False)},
            "/api/auth/login": {"post": op(
                "Log in; returns a JWT", ok(ref("LoginResult")), "400", "401", "403", "409", "429",
                body=json_body(ref("Login")), secured=False,
                description="401: wrong username or password, or the account is deactivated. 403: the account "
                            "must be reset by its office first. 409 new_password_required: the password is "
                            "temporary; set a new one with POST /api/auth/new-password. 429: after 10 wrong "
                            "passwords in a row, the username is locked for 15 minutes.")},
            "/api/me": {"get": op("The caller and their office", ok(ref("Me")))},
            "/api/societies": {
                "get": op("Societies in the caller's area", ok(ref("SocietyList")), "400",
                          params=LIST_PARAMS + [param("dissolved", {"type": "string", "enum": ["0", "1"]},
                                                      "1: include dissolved societies")]),
                "post": op("Register a society (the owning upazila office)", ok(ref("Society"), "Created"),
                           "400", "409", body=json_body(ref("SocietyInput")), ok_status="201")},
            "/api/societies/summary": {"get": op("Counts per status", ok(ref("Counts")),
                                                 "400", params=AREA_PARAMS)},
            "/api/societies/{society_id}": {
                "get": op("One society, with its obligations", society, "404", params=[SOCIETY_ID]),
                "patch": op("Change a society (the owning upazila office)", society, "400", "404", "409",
                            params=[SOCIETY_ID], body=json_body(ref("SocietyPatch"))),
                "delete": op("Dissolve a society (kept in history)", society, "404", "409", params=[SOCIETY_ID])},
            "/api/societies/{society_id}/history": {"get": op("Audit trail and SMS sent", ok(ref("History")),
                                                              "404", params=[SOCIETY_ID])},
            "/api/societies/import": {"post": op(
                "Import societies from a CSV or XLSX file (upazila office)", ok(ref("ImportResult")),
                "400", "409",
                params=[param("dry_run", {"type": "string", "enum": ["true", "false"], "default": "true"},
                              "true: check every row and write nothing")],
                body={CSV: {"schema": {"type": "string"}},
                      XLSX: {"schema": {"type": "string", "format": "binary"}},
                      "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}},
                description="The header row names the API fields (the template may add Bengali labels). "
                            "A file whose header or format cannot be read answers 400; row errors are listed "
                            "in the 200 reply and then nothing is written. JSON Schema cannot describe a "
                            "file's rows, so a file the schema allows may still be refused.")},
            "/api/societies/import/template.csv": {"get": op("The import template", CSV_FILE)},
            "/api/reports/societies.csv": {"get": op("CSV export of a district or upazila", CSV_FILE, "400",
                                                     params=CSV_PARAMS)},
            "/api/tasks": {"get": op("The caller's office's tasks", ok(ref("Tasks")), "400", params=[
                param("state", {"type": "string", "enum": ["open", "done", "all"]}, "Default: open")])},
            "/api/offices/{code}": {
                "get": op("An office's details (offices at or above it)", ok(ref("Office")), "404",
                          params=[param("code", ref("OfficeCode"), "Office code; BD for headquarters", "path")]),
                "patch": op("Change the office's own details", ok(ref("Office")), "400", "404",
                            params=[param("code", ref("OfficeCode"), "The caller's own office code", "path")],
                            body=json_body(ref("OfficePatch")))},
            "/api/public/rules": {"get": op("Term lengths and colour thresholds in force", ok(ref("Rules")),
                                            secured=False)},
            "/api/public/areas": {"get": op("Areas below a parent code", ok(ref("Areas")), "400", secured=False,
                                            params=[param("parent", AREA, "Parent code (default: the country)")])},
            "/api/public/stats": {"get": op("Counts per status in an area", ok(ref("Counts")), "400",
                                            params=AREA_PARAMS, secured=False)},
            "/api/public/societies": {"get": op("Public society list", ok(ref("PublicSocietyList")), "400",
                                                params=LIST_PARAMS, secured=False)},
            "/api/public/societies/{society_id}": {"get": op("Public society page", public_society, "404",
                                                             params=[SOCIETY_ID], secured=False)},
            "/api/public/calendar": {"get": op("Election calendar of a district or upazila", ok(ref("Calendar")),
                                               "400", params=CALENDAR_PARAMS, secured=False)},
            **_market_paths(),
            **_area_docs("paths"),
        },
    }


routes = Routes(bp, models="openapi")


@routes.get("/openapi.json", answers={200: "ApiDocument"}, public=True)
def openapi():
    """This document"""
    return merged(bp.current_app)


def merged(app) -> dict:
    """The routes not yet declared with their models keep their hand-written entries until they are."""
    from .document import document as generated
    new, old = generated(app), document()
    paths = {path: dict(methods) for path, methods in old["paths"].items()}
    for path, methods in new["paths"].items():
        paths.setdefault(path, {}).update(methods)
    schemas = {**old["components"]["schemas"], **new["components"]["schemas"]}
    return {**old, "paths": paths, "components": {**old["components"], "schemas": schemas}}
