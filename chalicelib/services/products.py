"""The Cooperative Product Sales Centre's products: what upazila offices enter, the public catalogue,
and notices about products to buyers who asked for them (through the SMS pipeline's bulk jobs)."""
import hashlib
import secrets
from dataclasses import replace
from datetime import datetime

from ..config import settings
from ..domain import geography
from ..domain.calendar import DHAKA
from ..domain.errors import Conflict, Invalid, NotFound
from ..domain.jurisdiction import Caller, check_write
from ..domain.market import MAX_PHOTO_BYTES, PHOTO_TYPES, Product, public_product
from ..domain.sms import sms_size
from ..domain.validation import validated
from ..store.payments import WriteRefused
from .registry import readable, readable_area, writable

NO_PRODUCT = NotFound("product_not_found", "No such product.", "এমন কোনো পণ্য নেই।")
STALE = Conflict("stale_version", "Someone changed this meanwhile; reload and try again.",
                 "এর মধ্যে অন্য কেউ পরিবর্তন করেছেন; পুনরায় লোড করে আবার চেষ্টা করুন।")


def officer_product(product: Product) -> dict:
    """The product as its office sees it: photo addresses, and the keys a PATCH sends back."""
    return {**public_product(product, settings().site_url), "created_by": product.created_by,
            "updated_by": product.updated_by, "photo_keys": list(product.photos)}


def _publish(market, pages, product: Product) -> None:
    if pages:
        pages.publish_product(product)
        pages.publish_sitemap(market.active_product_ids())


def create_product(market, societies, caller: Caller, society_id: str, body: dict, product_id: str, now: str,
                   pages=None) -> Product:
    society = writable(societies, caller, society_id)
    from ..domain.market_input import ProductFields  # pydantic loads only when something is written
    fields = validated(ProductFields, body).model_dump()
    if fields["production_date"]:
        fields["production_date"] = fields["production_date"].isoformat()
    product = Product(id=product_id, society_id=society.id, society_name_bn=society.name_bn,
                      society_name_en=society.name_en, registration_no=society.registration_no,
                      society_address=society.address, upazila_code=society.upazila_code,
                      facebook_url=society.facebook_url, created_at=now, created_by=caller.username, **fields)
    market.add_product(product, caller.username)
    _publish(market, pages, product)
    return product


def society_products(market, societies, caller: Caller, society_id: str) -> list[Product]:
    readable(societies, caller, society_id)
    return sorted(market.society_products(society_id), key=lambda p: p.created_at, reverse=True)


def _owned_product(market, caller: Caller, product_id: str) -> Product:
    product = market.get_product(product_id)
    if product is None:
        raise NO_PRODUCT
    check_write(caller, product.upazila_code)
    return product


def update_product(market, caller: Caller, product_id: str, body: dict, now: str, pages=None) -> Product:
    before = _owned_product(market, caller, product_id)
    from ..domain.market_input import ProductPatch
    patch = {k: v for k, v in validated(ProductPatch, body).model_dump(exclude_unset=True).items()
             if v is not None or k == "production_date"}  # null leaves a field as it is; a date may be cleared
    expected = patch.pop("version", None)
    if expected is not None and expected != before.version:
        raise STALE
    if patch.get("production_date"):
        patch["production_date"] = patch["production_date"].isoformat()
    if "photos" in patch:
        prefix = f"photos/{product_id}/"
        if any(not key.startswith(prefix) or "/" in key[len(prefix):] for key in patch["photos"]):
            raise Invalid("invalid_photo", "Photos must be uploaded for this product first.",
                          "ছবি আগে এই পণ্যের জন্য আপলোড করুন।")
        patch["photos"] = tuple(patch["photos"])
    after = replace(before, **patch, updated_at=now, updated_by=caller.username, version=before.version + 1)
    try:
        market.replace_product(before, after, caller.username)
    except WriteRefused:
        raise STALE from None
    _publish(market, pages, after)
    return after


def photo_upload(market, uploads, caller: Caller, product_id: str, body: dict) -> dict:
    product = _owned_product(market, caller, product_id)
    content_type, size = body.get("content_type"), body.get("size")
    if content_type not in PHOTO_TYPES:
        raise Invalid("photo_type", "Upload a JPEG, PNG or WebP photo.", "JPEG, PNG বা WebP ছবি দিন।")
    if isinstance(size, bool) or not isinstance(size, int) or not 0 < size <= MAX_PHOTO_BYTES:
        raise Invalid("photo_size", "A photo must be at most 2 MB.", "ছবি সর্বোচ্চ ২ মেগাবাইট হতে পারে।")
    key = f"photos/{product.id}/{secrets.token_hex(8)}.{PHOTO_TYPES[content_type]}"
    return {**uploads.presigned_photo(key, content_type, size), "key": key}


def public_products(market, params: dict, limit: int) -> tuple[list[dict], str | None]:
    area = params.get("area_code") or ""
    geography.known_area(area)
    featured = {"true": True, "false": False}.get(params.get("featured") or "")
    items, cursor = market.catalogue(area, params.get("category") or None, (params.get("q") or "").strip() or None,
                                     featured, params.get("cursor"), limit)
    return [public_product(p, settings().site_url) for p in items], cursor


def public_product_view(market, product_id: str) -> dict:
    product = market.get_product(product_id)
    if product is None or not product.active:
        raise NO_PRODUCT
    return public_product(product, settings().site_url)


def product_notice(market, job_stores, caller: Caller, body: dict, now: datetime,
                   part_cost_paisa: int) -> tuple[dict, bool]:
    """SMS about products and prices to buyers who paid for a product of the caller's area and asked
    for such news: (the answer, whether a send started now).

    Without `confirm: true` nothing is sent: the answer is the preview (recipients, parts, cost).
    With it, the recipients go to a bulk SMS job of the caller's office, so its monthly cap, the
    send window and the suppression list apply as to any bulk send. The same text to the same
    area on the same day is one job: a second confirmation answers that job again.
    """
    from ..domain.outbox import Recipient
    from .message_jobs import start_job_once
    asked = body.get("area_code")
    area = readable_area(caller, None if asked is None else geography.known_area(asked))
    text = body.get("text")
    if not isinstance(text, str) or not 5 <= len(text.strip()) <= 320:
        raise Invalid("invalid_text", "Write the message (5 to 320 characters).", "বার্তা লিখুন (৫ থেকে ৩২০ অক্ষর)।")
    text = text.strip()
    phones = sorted({p for d in geography.districts_under(area) for p in market.subscribers(d, area)})
    size = sms_size(text)
    preview = {"area_code": area, "text": text, "recipients": len(phones), "encoding": size.encoding,
               "parts_per_sms": size.parts, "total_parts": size.parts * len(phones),
               "cost_paisa": size.parts * len(phones) * part_cost_paisa, "sent": 0, "skipped": 0, "failed": 0}
    if body.get("confirm") is not True:
        return {**preview, "confirmed": False}, False
    today = now.astimezone(DHAKA).date().isoformat()
    once = "notice:" + hashlib.sha256(f"{caller.office_code}|{area}|{today}|{text}".encode()).hexdigest()[:24]
    recipients = [Recipient(phone, text, caller.office_code, role="subscriber") for phone in phones]
    job, started = start_job_once(job_stores, caller, "product_notice", recipients, now, once,
                                  description=f"পণ্যের খবর — {text[:60]}")
    return {**preview, "job_id": job["job_id"], "state": job["state"], "confirmed": True,
            "skipped": 0 if started else len(phones)}, started
