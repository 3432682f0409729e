"""The public site bucket: photo uploads (presigned), thumbnails, and static pages for crawlers.

A page that could not be published raises the domain's Unavailable (the change it shows stands).

Static pages: p/<id>.html (products), s/<id>.html (societies), n/<id>.html (notices),
o/<code>.html (office about pages). sitemap.xml is a sitemap index naming one sitemap per
part, each rebuilt from a bounded source when an item of it changes: p/sitemap.xml (active
products), s/sitemap-<district>.xml (one district's societies, from the registry's area index),
n/sitemap-<office>.xml (one office's notices) and o/sitemap.xml (offices with an about page).
The parts written so far are kept in ContentTable (store.content), so no change needs a scan.
"""
from ..config import settings
from ..domain.market import MAX_PHOTO_BYTES, Product, public_product
from ..domain.notices import office_key
from ..domain.product_page import (page_url, render_notice_page, render_office_page, render_product_page,
                                   render_sitemap, render_sitemap_index, render_society_page, render_urlset)
from . import aws


class SiteFiles:
    def __init__(self, content=None):
        self.bucket = settings().site_bucket
        self.s3 = aws.client("s3")
        self._content = content

    @property
    def content(self):
        if self._content is None:
            from .content import Content
            self._content = Content()
        return self._content

    def presigned_photo(self, key: str, content_type: str, size: int) -> dict:
        """An S3 POST the browser uploads one photo with: this key, this type, at most 2 MB."""
        post = self.s3.generate_presigned_post(
            Bucket=self.bucket, Key=key, Fields={"Content-Type": content_type, "Cache-Control": "public, max-age=86400"},
            Conditions=[{"Content-Type": content_type}, {"Cache-Control": "public, max-age=86400"},
                        ["content-length-range", 1, min(size, MAX_PHOTO_BYTES)]],
            ExpiresIn=600)
        return {"url": post["url"], "fields": post["fields"], "photo_url": f"{settings().site_url}/{key}"}

    def url(self, key: str) -> str:
        return f"{settings().site_url}/{key}"

    def read_upload(self, key: str, max_bytes: int = MAX_PHOTO_BYTES) -> bytes | None:
        """The uploaded file, or None when nothing (or something too large) is there."""
        try:
            head = self.s3.head_object(Bucket=self.bucket, Key=key)
        except self.s3.exceptions.ClientError:
            return None
        if head["ContentLength"] > max_bytes:
            return None
        return self.s3.get_object(Bucket=self.bucket, Key=key)["Body"].read()

    def put_image(self, key: str, data: bytes, content_type: str = "image/jpeg") -> None:
        self.s3.put_object(Bucket=self.bucket, Key=key, Body=data, ContentType=content_type,
                           CacheControl="public, max-age=86400")

    def delete(self, *keys: str) -> None:
        for key in keys:
            self.s3.delete_object(Bucket=self.bucket, Key=key)

    def _put(self, key: str, body: str, content_type: str) -> None:
        self.s3.put_object(Bucket=self.bucket, Key=key, Body=body.encode("utf-8"),
                           ContentType=f"{content_type}; charset=utf-8", CacheControl="public, max-age=300")

    # ---- static pages ----------------------------------------------------------------------
    @aws.unavailable_on_failure
    def publish_product(self, product: Product) -> None:
        """p/<id>.html with Open Graph tags: link previews work without JavaScript."""
        view = public_product(product, settings().site_url)
        self._put(f"p/{product.id}.html", render_product_page(view, settings().site_url, settings().public_api_url),
                  "text/html")

    @aws.unavailable_on_failure
    def publish_society(self, view: dict) -> None:
        """s/<id>.html from the society's public view (no phone numbers in it)."""
        self._put(f"s/{view['id']}.html", render_society_page(view, settings().site_url, settings().public_api_url),
                  "text/html")

    @aws.unavailable_on_failure
    def publish_notice(self, view: dict, office: dict) -> None:
        self._put(f"n/{view['id']}.html",
                  render_notice_page(view, office, settings().site_url, settings().public_api_url), "text/html")

    @aws.unavailable_on_failure
    def withdraw_notice(self, notice_id: str) -> None:
        self.delete(f"n/{notice_id}.html")

    @aws.unavailable_on_failure
    def publish_office(self, about: dict) -> None:
        """o/<code>.html, and the offices' sitemap with it."""
        self._put(f"o/{office_key(about['code'])}.html",
                  render_office_page(about, settings().site_url, settings().public_api_url), "text/html")
        offices = self.content.add_sitemap_part("o/sitemap.xml", about["code"])["offices"]
        self._put("o/sitemap.xml", render_urlset([page_url("o", code, settings().site_url) for code in offices]),
                  "application/xml")
        self._index("o/sitemap.xml")

    # ---- sitemaps ----------------------------------------------------------------------------
    def _index(self, part: str) -> None:
        parts = self.content.add_sitemap_part(part)["parts"]
        self._put("sitemap.xml", render_sitemap_index(self.url(p) for p in parts), "application/xml")

    @aws.unavailable_on_failure
    def publish_sitemap(self, product_ids: list[str]) -> None:
        """The products' sitemap (every active product), listed in sitemap.xml."""
        self._put("p/sitemap.xml", render_sitemap(product_ids, settings().site_url), "application/xml")
        self._index("p/sitemap.xml")

    @aws.unavailable_on_failure
    def publish_society_sitemap(self, district_code: str, society_ids: list[str]) -> None:
        part = f"s/sitemap-{district_code}.xml"
        self._put(part, render_urlset([page_url("s", i, settings().site_url) for i in society_ids]), "application/xml")
        self._index(part)

    @aws.unavailable_on_failure
    def publish_notice_sitemap(self, office_code: str, notice_ids: list[str]) -> None:
        part = f"n/sitemap-{office_key(office_code)}.xml"
        self._put(part, render_urlset([page_url("n", i, settings().site_url) for i in notice_ids]), "application/xml")
        self._index(part)

