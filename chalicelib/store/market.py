"""Products and orders in DynamoDB (one table).

    PRODUCT#<id>   a product; index `catalogue` ("ACTIVE", "<upazila code>#<id>") lists active
                   products of any area by code prefix; `by_society` lists a society's products
    ORDER#<inv>    an order; index `orders` ("<district>", "<created_at>#<inv>"), and `awaiting`
                   ("AWAITING", expires_at) while it waits for payment
    ORDERS#<phone>#<hour>   orders a phone number placed in that hour (expires by TTL `ttl`)
    SUBSCRIBER#<district>#<phone>   a buyer who asked for product notices; in the by_society
                   index under ("SUBSCRIBERS#<district>", "<upazila>#<phone>"): an area's list is a query
The stock is taken with the order's first payment attempt, in the same transaction; expiring or
cancelling gives it back.
"""
import time

from boto3.dynamodb.conditions import Attr, Key

from ..config import settings
from ..domain.bangla import search_form
from ..domain.market import Order, Product, order_as_dict, order_from_dict, product_as_dict, product_from_dict
from . import aws
from .audit import audit_put
from .pages import INVALID_CURSOR, all_items, decode_key, encode_cursor, filled_page
from .transactions import Change, WriteRefused, transact

def _product_item(product: Product) -> dict:
    item = {k: v for k, v in product_as_dict(product).items() if v is not None}
    item.update(pk=f"PRODUCT#{product.id}", product_sk=f"{product.created_at}#{product.id}",
                search=product.search_text)
    if product.active:
        item.update(catalogue="ACTIVE", area_sk=f"{product.upazila_code}#{product.id}")
    return item


def _order_item(order: Order) -> dict:
    item = {k: v for k, v in order_as_dict(order).items() if v is not None}
    item.update(pk=f"ORDER#{order.invoice_no}", order_district=order.upazila_code[:4],
                order_sk=f"{order.created_at}#{order.invoice_no}")
    if order.status == "awaiting_payment":
        item["awaiting"] = "AWAITING"
    return item


CATALOGUE_KEY = {"pk", "catalogue", "area_sk"}  # what a catalogue page's last key holds


def _catalogue_start(cursor: str | None) -> dict | None:
    if not cursor:
        return None
    key = decode_key(cursor)
    if set(key) != CATALOGUE_KEY:
        raise INVALID_CURSOR
    return key


class Market:
    def __init__(self):
        self.table = aws.table(settings().market_table)
        self.client = self.table.meta.client

    # products
    def add_product(self, product: Product, actor: str) -> None:
        transact(self.client, {
            "product": {"Put": {"TableName": self.table.name, "Item": _product_item(product),
                                "ConditionExpression": "attribute_not_exists(pk)"}},
            "audit": audit_put("product", product.id, "create", actor, None, product_as_dict(product))})

    def get_product(self, product_id: str) -> Product | None:
        item = self.table.get_item(Key={"pk": f"PRODUCT#{product_id}"}, ConsistentRead=True).get("Item")
        return product_from_dict(item) if item else None

    def replace_product(self, before: Product, after: Product, actor: str) -> None:
        """Write `after` if the product is still at `before`'s version (stock moves by orders bump it too)."""
        transact(self.client, {
            "product": {"Put": {"TableName": self.table.name, "Item": _product_item(after),
                                "ConditionExpression": "version = :v",
                                "ExpressionAttributeValues": {":v": before.version}}},
            "audit": audit_put("product", after.id, "update", actor, product_as_dict(before),
                               product_as_dict(after))})

    def society_products(self, society_id: str) -> list[Product]:
        page = self.table.query(IndexName="by_society", KeyConditionExpression=Key("society_id").eq(society_id)
                                & Key("product_sk").gt(" "))
        return [product_from_dict(i) for i in page["Items"]]

    def catalogue(self, area_code: str, category: str | None, text: str | None, featured: bool | None,
                  cursor: str | None, limit: int) -> tuple[list[Product], str | None]:
        key = Key("catalogue").eq("ACTIVE")
        if area_code:
            key = key & Key("area_sk").begins_with(area_code)
        conditions = []
        if category:
            conditions.append(Attr("category").eq(category))
        if text:
            conditions.append(Attr("search").contains(search_form(text)))
        if featured is not None:
            conditions.append(Attr("featured").eq(featured))
        query = {"IndexName": "catalogue", "KeyConditionExpression": key}
        for condition in conditions:
            query["FilterExpression"] = query["FilterExpression"] & condition if "FilterExpression" in query \
                else condition
        items, start = filled_page(self.table, limit, _catalogue_start(cursor), **query)
        return [product_from_dict(i) for i in items], encode_cursor(start) if start else None

    def active_product_ids(self) -> list[str]:
        return [i["id"] for i in all_items(self.table, IndexName="catalogue", ProjectionExpression="id",
                                           KeyConditionExpression=Key("catalogue").eq("ACTIVE"))]

    # orders
    def place_order(self, order: Order) -> None:
        transact(self.client, {"order": {"Put": {"TableName": self.table.name, "Item": _order_item(order),
                                                 "ConditionExpression": "attribute_not_exists(pk)"}}})

    def count_order(self, phone: str, hour: str, limit: int) -> bool:
        """One more order from `phone` in `hour` (any text naming the hour); False, counting nothing,
        when it has placed `limit` already."""
        return aws.written(self.table.update_item, Key={"pk": f"ORDERS#{phone}#{hour}"},
                           UpdateExpression="ADD placed :one SET #ttl = :ttl",
                           ConditionExpression="attribute_not_exists(placed) OR placed < :limit",
                           ExpressionAttributeNames={"#ttl": "ttl"},
                           ExpressionAttributeValues={":one": 1, ":limit": limit, ":ttl": int(time.time()) + 7200})

    def get_order(self, invoice_no: str) -> Order | None:
        item = self.table.get_item(Key={"pk": f"ORDER#{invoice_no}"}, ConsistentRead=True).get("Item")
        return order_from_dict(item) if item else None

    def save_order(self, before: Order, after: Order, actor: str, action: str, restock: bool = False,
                   reserve: bool = False) -> None:
        """`after` if the order is still at `before`'s version; with its stock back when `restock`, or
        taken when `reserve` (WriteRefused with step "stock" when the product has not that many left
        or is no longer on sale)."""
        steps = {"order": {"Put": {"TableName": self.table.name, "Item": _order_item(after),
                                   "ConditionExpression": "version = :v",
                                   "ExpressionAttributeValues": {":v": before.version}}}}
        key = {"pk": f"PRODUCT#{after.product_id}"}
        if restock:
            steps["stock"] = {"Update": {"TableName": self.table.name, "Key": key,
                                         "UpdateExpression": "SET stock = stock + :q, version = version + :one",
                                         "ConditionExpression": "attribute_exists(pk)",
                                         "ExpressionAttributeValues": {":q": after.quantity, ":one": 1}}}
        elif reserve:
            steps["stock"] = {"Update": {"TableName": self.table.name, "Key": key,
                                         "UpdateExpression": "SET stock = stock - :q, version = version + :one",
                                         "ConditionExpression": "attribute_exists(pk) AND stock >= :q AND active = :yes",
                                         "ExpressionAttributeValues": {":q": after.quantity, ":one": 1, ":yes": True}}}
        steps["audit"] = audit_put("order", after.invoice_no, action, actor, order_as_dict(before),
                                   order_as_dict(after))
        transact(self.client, steps)

    def paid(self, before: Order, after: Order) -> Change:
        """The order marked paid, to be written with the payment that pays it (step "order"): only
        from awaiting payment, at this amount."""
        return Change({"order": {"Put": {
            "TableName": self.table.name, "Item": _order_item(after),
            "ConditionExpression": "version = :v AND #s = :awaiting AND amount_paisa = :amount",
            "ExpressionAttributeNames": {"#s": "status"},
            "ExpressionAttributeValues": {":v": before.version, ":awaiting": "awaiting_payment",
                                          ":amount": before.amount_paisa}}}})

    def awaiting_orders(self, expired_before: str) -> list[Order]:
        """Every order still awaiting payment whose time to pay ended before `expired_before`."""
        key = Key("awaiting").eq("AWAITING") & Key("expires_at").lt(expired_before)
        return [order_from_dict(i) for i in all_items(self.table, IndexName="awaiting", KeyConditionExpression=key)]

    def district_orders(self, district_code: str, start: str = "", end: str = "~") -> list[Order]:
        key = Key("order_district").eq(district_code) & Key("order_sk").between(start or " ", end)
        return [order_from_dict(i) for i in all_items(self.table, IndexName="orders", KeyConditionExpression=key,
                                                      ScanIndexForward=False)]

    def add_subscriber(self, phone: str, upazila_code: str, now: str) -> None:
        """A buyer who asked for SMS about products of this upazila (opt-in, kept until they opt out)."""
        district = upazila_code[:4]
        aws.written(self.table.put_item, Item={"pk": f"SUBSCRIBER#{district}#{upazila_code}#{phone}", "phone": phone,
                                               "upazila_code": upazila_code, "opted_in_at": now,
                                               "society_id": f"SUBSCRIBERS#{district}",
                                               "product_sk": f"{upazila_code}#{phone}"},
                    ConditionExpression="attribute_not_exists(pk)")

    def subscribers(self, district_code: str, within: str = "") -> list[str]:
        """Subscribers of a district, or of the area `within` it (an upazila's code)."""
        key = Key("society_id").eq(f"SUBSCRIBERS#{district_code}")
        key = key & (Key("product_sk").begins_with(within + "#") if len(within) > 4 else Key("product_sk").gt(" "))
        return [i["phone"] for i in all_items(self.table, IndexName="by_society", KeyConditionExpression=key)]


__all__ = ["Market", "WriteRefused"]
