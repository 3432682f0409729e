"""Producer societies' products and buyers' orders (seed 001: the Cooperative Product Sales Centre).

Stock is reserved when the buyer goes to pay (an anonymous order holds nothing: anyone could
place orders to empty a society's stock), and given back when the order expires unpaid or is
cancelled; a payment never touches stock, so a payment credited twice could not sell twice.
"""
from dataclasses import asdict, dataclass, field, replace

from . import geography
from .bangla import bn_digits, search_form

CATEGORIES = {
    "food": ("খাদ্যপণ্য", "Food"), "dairy": ("দুগ্ধজাত", "Dairy"), "fish": ("মাছ", "Fish"),
    "agriculture": ("কৃষিপণ্য", "Agricultural produce"), "handicraft": ("হস্তশিল্প", "Handicraft"),
    "textile": ("বস্ত্র ও তাঁত", "Textiles"), "other": ("অন্যান্য", "Other"),
}
UNITS = {"kg": ("কেজি", "kg"), "litre": ("লিটার", "litre"), "piece": ("পিস", "piece"),
         "dozen": ("ডজন", "dozen"), "packet": ("প্যাকেট", "packet"), "metre": ("মিটার", "metre")}


def quantity_bn(quantity: int, unit: str) -> str:
    """'২ কেজি': how a person reads an order's amount, in Bengali digits with its unit."""
    return f"{bn_digits(quantity)} {UNITS.get(unit, (unit, unit))[0]}"


MAX_ORDER_PAISA = 30_000_000  # Tk 3 lakh: above a bKash customer's daily payment limit anyway
PHOTO_TYPES = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}
MAX_PHOTO_BYTES = 2 * 1024 * 1024

ORDER_STATUSES = ("awaiting_payment", "paid", "confirmed", "dispatched", "delivered", "cancelled", "expired")
OFFICE_MOVES = {  # what the owning office may do next
    "paid": {"confirmed", "cancelled"},
    "confirmed": {"dispatched", "cancelled"},
    "dispatched": {"delivered"},
}
SOLD = ("paid", "confirmed", "dispatched", "delivered")


def office_moves(order_status: str) -> list[str]:
    """What the owning office may make of an order now, in the order a screen offers them."""
    return [s for s in ORDER_STATUSES if s in OFFICE_MOVES.get(order_status, ())]
# An order's payment_status: where its latest payment attempt stands (the payment's own state is finer).
PAYMENT_STATUSES = ("none", "pending", "completed", "failed", "refunded", "needs_review")
SALES_BY = ("society", "product", "area", "month")  # how the sales report groups sold orders


@dataclass(frozen=True)
class Product:
    id: str
    society_id: str
    society_name_bn: str
    society_name_en: str
    registration_no: str
    society_address: str
    upazila_code: str
    name_bn: str
    name_en: str
    category: str
    unit: str
    price_paisa: int
    stock: int
    created_at: str
    created_by: str
    production_date: str | None = None
    brand: str = ""
    description_bn: str = ""
    featured: bool = False
    active: bool = True
    photos: tuple = ()
    facebook_url: str | None = None
    updated_at: str | None = None
    updated_by: str | None = None
    version: int = 1

    @property
    def search_text(self) -> str:
        return search_form(" ".join((self.name_bn, self.name_en, self.brand, self.society_name_bn,
                                     self.society_name_en)))


@dataclass(frozen=True)
class Order:
    invoice_no: str
    product_id: str
    product_name_bn: str
    product_name_en: str
    society_id: str
    society_name_bn: str
    upazila_code: str
    quantity: int
    unit: str
    unit_price_paisa: int
    amount_paisa: int
    buyer_name: str
    buyer_phone: str
    delivery_address: str
    created_at: str
    expires_at: str
    status: str = "awaiting_payment"
    payment_status: str = "none"
    payment_id: str | None = None
    trx_id: str | None = None
    paid_at: str | None = None
    attempts: int = 0
    sms_opt_in: bool = False      # subscribes the buyer to product notices once a payment completes
    society_name_en: str = ""
    stock_reserved: bool = False  # since the buyer first went to pay
    history: tuple = field(default=())
    version: int = 1


def product_as_dict(product: Product) -> dict:
    values = asdict(product)
    values["photos"] = list(product.photos)
    return values


def product_from_dict(values: dict) -> Product:
    known = {k: v for k, v in values.items() if k in Product.__dataclass_fields__}
    for name in ("price_paisa", "stock", "version"):
        known[name] = int(known[name])
    known["photos"] = tuple(known.get("photos") or ())
    return Product(**known)


def order_as_dict(order: Order) -> dict:
    values = asdict(order)
    values["history"] = [dict(h) for h in order.history]
    return values


def order_from_dict(values: dict) -> Order:
    known = {k: v for k, v in values.items() if k in Order.__dataclass_fields__}
    for name in ("quantity", "unit_price_paisa", "amount_paisa", "attempts", "version"):
        known[name] = int(known[name])
    known["history"] = tuple(dict(h) for h in known.get("history") or ())
    known.setdefault("stock_reserved", True)  # orders stored before this field reserved stock when placed
    return Order(**known)


def price_order(product: Product, quantity: int) -> int:
    return product.price_paisa * quantity


def order_step(order: Order, status: str, at: str, by: str, note: str = "", **changes) -> Order:
    """The order in its next status, with the step appended to its history."""
    entry = {"at": at, "status": status, "by": by}
    if note:
        entry["note"] = note
    return replace(order, status=status, history=order.history + (entry,), version=order.version + 1, **changes)


def public_product(product: Product, site_url: str) -> dict:
    """What anyone may see: everything but who entered it (products carry no personal data);
    photos as addresses on the site, where they were uploaded."""
    values = product_as_dict(product)
    for name in ("created_by", "updated_by"):
        values.pop(name, None)
    values["photos"] = [f"{site_url}/{key}" for key in product.photos]
    return {**values, **area_fields(product.upazila_code)}


def area_fields(upazila_code: str) -> dict:
    """The product's area by code and by name (upazila, district), for cards and filters."""
    names = {a["level"]: a for a in geography.lineage(upazila_code)}
    upazila, district = names.get("upazila", {}), names.get("district", {})
    return {"district_code": upazila_code[:4], "division_code": upazila_code[:2],
            "area_name_bn": ", ".join(n for n in (upazila.get("name_bn"), district.get("name_bn")) if n),
            "area_name_en": ", ".join(n for n in (upazila.get("name_en"), district.get("name_en")) if n)}


def buyer_view(order: Order) -> dict:
    """The order as its buyer sees it (they proved the phone); no other buyer's data exists in it."""
    values = order_as_dict(order)
    values.pop("buyer_phone", None)
    values["history"] = [{k: v for k, v in h.items() if k != "by"} for h in order.history]
    return values
