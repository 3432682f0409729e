"""What an office enters for a product and a buyer for an order, validated (pydantic).

Kept apart from domain/market.py so that pydantic and phonenumbers load only when something
is written, not at every cold start.
"""
from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from .bangla import normalise_bn
from .market import CATEGORIES, UNITS
from .phones import normalise_bd_mobile
from .society_input import SCHEMA_PHONE, SCHEMA_TWO_SEEN, TEXT_RULE, bilingual_error

MAX_PRICE_PAISA = 10_000_000  # Tk 1 lakh per unit
MAX_STOCK = 1_000_000
MAX_QUANTITY = 1000
MAX_PHOTOS = 6
PRODUCT_ID = "^[0-9a-f]{16}$"  # secrets.token_hex(8)
# Documented, not enforced here: a key of another product is the service's 400 invalid_photo.
PhotoKey = Annotated[str, Field(json_schema_extra={
    "pattern": "^photos/[^/]+/[^/]+$",
    "description": "A key given by POST /api/products/{product_id}/photos for this product (400 invalid_photo for a "
                   "key of another product)"})]


class ProductFields(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name_bn: str = Field(min_length=2, max_length=120, description=TEXT_RULE,
                         json_schema_extra={"pattern": SCHEMA_TWO_SEEN})
    name_en: str = Field(default="", max_length=120)
    category: Literal[tuple(CATEGORIES)]
    unit: Literal[tuple(UNITS)]
    price_paisa: int = Field(ge=100, le=MAX_PRICE_PAISA, description="Price of one unit in paisa (Tk 1 = 100)")
    stock: int = Field(ge=0, le=MAX_STOCK, description="Units available to order")
    production_date: date | None = None
    brand: str = Field(default="", max_length=80)
    description_bn: str = Field(default="", max_length=1000)
    featured: bool = False
    active: bool = True

    @field_validator("name_bn", "name_en", "brand", "description_bn", mode="before")
    @classmethod
    def _normalised(cls, value):
        return normalise_bn(value) if isinstance(value, str) else value


class ProductPatch(ProductFields):
    """Any subset of the product fields, plus the version you read (409 stale_version when it is no longer the
    stored one). null leaves a field unchanged, except production_date, which it clears."""
    name_bn: str | None = Field(default=None, min_length=2, max_length=120,
                                json_schema_extra={"pattern": SCHEMA_TWO_SEEN})
    category: Literal[tuple(CATEGORIES)] | None = None
    unit: Literal[tuple(UNITS)] | None = None
    price_paisa: int | None = Field(default=None, ge=100, le=MAX_PRICE_PAISA)
    stock: int | None = Field(default=None, ge=0, le=MAX_STOCK)
    featured: bool | None = None
    active: bool | None = None
    photos: list[PhotoKey] | None = Field(default=None, max_length=MAX_PHOTOS,
                                          description="Photo keys from POST /api/products/{id}/photos, in order")
    version: int | None = Field(default=None, ge=1)


class OrderInput(BaseModel):
    """An order reserves the stock until expires_at. The amount (unit price x quantity) may be at most Tk 3,00,000
    (400 order_too_large)."""
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    product_id: str = Field(min_length=1, max_length=40, description="The product's id",
                            json_schema_extra={"pattern": PRODUCT_ID})
    quantity: int = Field(ge=1, le=MAX_QUANTITY)
    buyer_name: str = Field(min_length=2, max_length=100, description=TEXT_RULE,
                            json_schema_extra={"pattern": SCHEMA_TWO_SEEN})
    buyer_phone: str = Field(json_schema_extra={"pattern": SCHEMA_PHONE.removeprefix("^$|")})
    delivery_address: str = Field(min_length=5, max_length=300, description=TEXT_RULE,
                                  json_schema_extra={"pattern": SCHEMA_TWO_SEEN})
    sms_opt_in: bool = Field(default=False, description="Send me SMS about new products and prices")

    @field_validator("buyer_name", "delivery_address", mode="before")
    @classmethod
    def _normalised(cls, value):
        return normalise_bn(value) if isinstance(value, str) else value

    @field_validator("buyer_phone")
    @classmethod
    def _phone(cls, value: str) -> str:
        try:
            return normalise_bd_mobile(value)
        except ValueError:
            raise bilingual_error("invalid_phone", "Give a Bangladeshi mobile number (01XXXXXXXXX).",
                                  "সঠিক মোবাইল নম্বর দিন (০১XXXXXXXXX)।") from None
