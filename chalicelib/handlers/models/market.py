"""The Cooperative Product Sales Centre: products, the catalogue, orders (handlers/market.py)."""
from datetime import date as Date
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from ...domain.market import (CATEGORIES, MAX_PHOTO_BYTES, OFFICE_MOVES, ORDER_STATUSES, PAYMENT_STATUSES,
                              PHOTO_TYPES, UNITS)
from ...domain.market_input import OrderInput, ProductFields, ProductPatch  # noqa: F401  (the routes' bodies)
from ...domain.society_input import SCHEMA_PHONE
from .common import AreaCode, AreaQuery, Cursor, Out, Query, SocietyPath  # noqa: F401  (SocietyPath: routes)

ProductId = Annotated[str, Field(pattern="^[0-9a-f]{16}$")]
InvoiceNo = Annotated[str, Field(pattern="^SB[0-9]{6}[A-Z2-9]{6}$")]
SocietyIdText = Annotated[str, Field(pattern="^[0-9a-f]{17}$")]
Category = Literal[tuple(CATEGORIES)]
Unit = Literal[tuple(UNITS)]
OrderStatus = Literal[ORDER_STATUSES]
PHONE = SCHEMA_PHONE.removeprefix("^$|")
# Checked by the service, not here, so that any phone that is not the order's is the same 404.
BuyerPhone = Annotated[str, Field(json_schema_extra={"pattern": PHONE})]


# ---- requests --------------------------------------------------------------------------------

class ProductPath(BaseModel):
    product_id: ProductId = Field(description="Product id (16 lower-case hex digits); an id of no product answers "
                                              "404")


class InvoicePath(BaseModel):
    invoice_no: InvoiceNo = Field(description="Invoice number (SB, yymmdd, 6 letters or digits); an invoice number "
                                              "of no order answers 404")


class PhotoRequest(BaseModel):
    """A photo of a product (the site's own photos are SitePhotoRequest)."""
    model_config = ConfigDict(defer_build=True)
    content_type: Literal[tuple(PHOTO_TYPES)]
    size: int = Field(ge=1, le=MAX_PHOTO_BYTES, description="The file's size in bytes (at most 2 MB)")


class PayRequest(BaseModel):
    model_config = ConfigDict(defer_build=True)
    buyer_phone: Annotated[str, Field(pattern=PHONE)] = Field(description="The phone number the order was placed with")


class OrderMove(BaseModel):
    model_config = ConfigDict(defer_build=True)
    status: Literal[tuple(s for s in ORDER_STATUSES if any(s in moves for moves in OFFICE_MOVES.values()))]
    reason: str | None = Field(None, max_length=255, description="Required to cancel: 3 characters or more after "
                                                                 "trimming spaces (400 reason_required)")


class NoticeRequest(BaseModel):
    model_config = ConfigDict(defer_build=True)
    text: str = Field(min_length=5, max_length=320, pattern=r"^\S[\s\S]{3,}\S$",
                      description="The SMS text (5 to 320 characters, spaces around it trimmed)")
    area_code: AreaCode | None = Field(None, description="Whose subscribers (default: the caller's office's area)")
    confirm: bool | None = Field(None, description="true: send; otherwise only the preview is answered")


class CatalogueQuery(Query):
    area_code: AreaCode | None = Field(None, description="Only products of societies in this area (default: the "
                                                         "whole country)")
    category: Category | None = Field(None, description="Only this category")
    q: str | None = Field(None, description="Part of the product's, brand's or society's name")
    featured: Literal["true", "false"] | None = Field(None, description="Only featured (or other) products")
    cursor: Cursor | None = None
    limit: int = Field(24, ge=1, le=100, description="Items per page (default 24)")


class BuyerQuery(Query):
    phone: BuyerPhone = Field(description="The phone number the order was placed with; with another, 404")


class OrdersQuery(AreaQuery):
    status: OrderStatus | None = Field(None, description="Only orders in this status")


# ---- answers ---------------------------------------------------------------------------------

class PublicProduct(Out):
    """A product as anyone sees it: never who entered it."""
    id: ProductId
    society_id: SocietyIdText
    society_name_bn: str
    society_name_en: str | None
    registration_no: str
    society_address: str
    upazila_code: str
    name_bn: str
    name_en: str
    category: Category
    unit: Unit
    price_paisa: int
    stock: int
    created_at: str
    production_date: Date | None
    brand: str
    description_bn: str
    featured: bool
    active: bool
    photos: list[str] = Field(description="Addresses of the photos on the site")
    facebook_url: str | None
    updated_at: str | None
    version: int
    district_code: str
    division_code: str
    area_name_bn: str = Field(description="Upazila, district")
    area_name_en: str


class Product(PublicProduct):
    """A product as its office sees it."""
    created_by: str
    updated_by: str | None
    photo_keys: list[str] = Field(description="The photos' keys, as a PATCH sends them back")


class Products(Out):
    items: list[Product]


class PublicProductList(Out):
    items: list[PublicProduct]
    next_cursor: str | None


class PhotoUpload(Out):
    """An S3 presigned POST, valid 10 minutes: POST the file as multipart form data to url, with fields, then PATCH
    the product's photos with key."""
    url: str
    fields: dict[str, str]
    key: str
    photo_url: str


class BuyerStep(Out):
    at: str
    status: OrderStatus
    note: str | None = None


class OfficeStep(BuyerStep):
    by: str


class BuyerOrder(Out):
    """The order as its buyer sees it (they gave its phone number)."""
    invoice_no: InvoiceNo
    product_id: ProductId
    product_name_bn: str
    product_name_en: str
    society_id: SocietyIdText
    society_name_bn: str
    society_name_en: str | None = None
    upazila_code: str
    quantity: int
    unit_price_paisa: int
    amount_paisa: int
    buyer_name: str
    delivery_address: str
    created_at: str
    expires_at: str
    status: OrderStatus
    payment_status: Literal[PAYMENT_STATUSES]
    payment_id: str | None
    trx_id: str | None
    paid_at: str | None
    attempts: int
    sms_opt_in: bool = Field(description="The buyer asked for product news: subscribed once a payment completes")
    stock_reserved: bool = Field(description="The stock is held for this order (since the buyer first went to pay)")
    version: int
    unit: Unit
    history: list[BuyerStep]


class Order(BuyerOrder):
    """An order as the offices over it see it: with the buyer's phone and who moved it."""
    buyer_phone: str
    history: list[OfficeStep]
    next_statuses: list[OrderStatus] = Field(description="What the caller's office may make of the order now "
                                               "(empty when it only reads it)")


class Orders(Out):
    items: list[Order]
    count: int


class PaymentStart(Out):
    payment_id: str
    bkash_url: str = Field(description="Send the buyer's browser here")
    amount_paisa: int
    invoice_no: InvoiceNo


class Notice(Out):
    area_code: str
    text: str
    recipients: int
    encoding: Literal["GSM-7", "UCS-2"]
    parts_per_sms: int
    total_parts: int
    cost_paisa: int
    sent: int
    skipped: int
    failed: int
    confirmed: bool
    job_id: str | None = Field(None, description="With confirm: the bulk SMS job")
    state: str | None = Field(None, description="With confirm: the job's state (queued, or waiting for the send "
                                                "window)")
