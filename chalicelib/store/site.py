"""The public site bucket: photo uploads (presigned) and static product pages for crawlers."""
from ..config import settings
from ..domain.market import MAX_PHOTO_BYTES, Product, public_product
from ..domain.product_page import render_product_page, render_sitemap
from . import aws


class SiteFiles:
    def __init__(self):
        self.bucket = settings().site_bucket
        self.s3 = aws.client("s3")

    def presigned_photo(self, key: str, content_type: str, size: int) -> dict:
        """An S3 POST the browser uploads one photo with: this key, this type, at most 2 MB."""
        post = self.s3.generate_presigned_post(
            Bucket=self.bucket, Key=key, Fields={"Content-Type": content_type, "Cache-Control": "public, max-age=86400"},
            Conditions=[{"Content-Type": content_type}, {"Cache-Control": "public, max-age=86400"},
                        ["content-length-range", 1, min(size, MAX_PHOTO_BYTES)]],
            ExpiresIn=600)
        return {"url": post["url"], "fields": post["fields"], "photo_url": f"{settings().site_url}/{key}"}

    def _put(self, key: str, body: str, content_type: str) -> None:
        self.s3.put_object(Bucket=self.bucket, Key=key, Body=body.encode("utf-8"),
                           ContentType=f"{content_type}; charset=utf-8", CacheControl="public, max-age=300")

    def publish_product(self, product: Product) -> None:
        """p/<id>.html with Open Graph tags: link previews work without JavaScript."""
        view = public_product(product, settings().site_url)
        self._put(f"p/{product.id}.html", render_product_page(view, settings().site_url, settings().public_api_url),
                  "text/html")

    def publish_sitemap(self, product_ids: list[str]) -> None:
        self._put("sitemap.xml", render_sitemap(product_ids, settings().site_url), "application/xml")
