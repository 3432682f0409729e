"""Publish web/ to the site bucket, with config.js telling the pages where the API is.

Used by `make run` against moto, and by the deploy step against AWS:
    python -m local.site --bucket <SiteBucketName> --api-base https://<api-id>.execute-api.../v1 \
        --public-api-base https://<PublicApiURL>   # the public pages' GETs, cached at the edge

Every text file is stored gzipped with `Content-Encoding: gzip` (S3 serves objects as they are;
every browser accepts gzip). The scripts, styles and icons are also stored under a versioned
folder, `v/<hash of web/>/`, cached for a year: the pages are rewritten to name those copies
and are themselves never cached without asking, so a deploy reaches every phone at once.
"""
import argparse
import gzip
import hashlib
import json
import mimetypes
import re
from pathlib import Path

import boto3

WEB = Path(__file__).resolve().parent.parent / "web"
TYPES = {".js": "text/javascript", ".mjs": "text/javascript", ".css": "text/css",
         ".html": "text/html", ".json": "application/json", ".webmanifest": "application/manifest+json",
         ".svg": "image/svg+xml"}
COMPRESSED = {".js", ".mjs", ".css", ".html", ".json", ".webmanifest", ".svg", ".txt"}
VERSIONED = {".js", ".mjs", ".css", ".svg"}
FOREVER = "public, max-age=31536000, immutable"
ASK_FIRST = "no-cache"  # kept, but checked with the server (ETag) before each use
# What a page names by a relative path that has a versioned copy: scripts, styles, icons.
ASSET_REF = re.compile(r'(\s(?:href|src)=")((?:js|vendor)/[^"]+|[\w-]+\.(?:css|svg))"')


def content_type(path: Path) -> str:
    kind = TYPES.get(path.suffix) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return f"{kind}; charset=utf-8" if kind.startswith("text/") or kind.endswith("json") else kind


def build_id(files: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.relative_to(WEB).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


def versioned_page(html: str, build: str) -> str:
    return ASSET_REF.sub(lambda m: f'{m.group(1)}v/{build}/{m.group(2)}"', html)


def stored(key: str, body: bytes, kind: str, cache: str) -> dict:
    """The put_object arguments for one file: gzipped when it is text."""
    extra = {}
    if Path(key).suffix in COMPRESSED:
        body = gzip.compress(body, compresslevel=9, mtime=0)
        extra["ContentEncoding"] = "gzip"
    return {"Key": key, "Body": body, "ContentType": kind, "CacheControl": cache, **extra}


def site_objects(api_base: str, public_api_base: str = "") -> list[dict]:
    files = [p for p in sorted(WEB.rglob("*")) if p.is_file()]
    build = build_id(files)
    objects = []
    for path in files:
        key, body, kind = path.relative_to(WEB).as_posix(), path.read_bytes(), content_type(path)
        if path.suffix == ".html":
            body = versioned_page(body.decode("utf-8"), build).encode("utf-8")
        objects.append(stored(key, body, kind, ASK_FIRST))
        if path.suffix in VERSIONED:
            objects.append(stored(f"v/{build}/{key}", body, kind, FOREVER))
    settings = {"apiBase": api_base.rstrip("/"), "build": build}
    if public_api_base:
        settings["publicApiBase"] = public_api_base.rstrip("/")
    config = f"window.SAMABAY = {json.dumps(settings)};\n"
    objects.append(stored("config.js", config.encode(), "text/javascript; charset=utf-8", ASK_FIRST))
    return objects


def publish_site(bucket: str, api_base: str, region: str, public_api_base: str = "") -> int:
    s3 = boto3.client("s3", region_name=region)
    objects = site_objects(api_base, public_api_base)
    for obj in objects:
        s3.put_object(Bucket=bucket, **obj)
    return len(objects)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--bucket", required=True)
    parser.add_argument("--api-base", required=True)
    parser.add_argument("--public-api-base", default="", help="the stack's PublicApiURL (default: --api-base)")
    parser.add_argument("--region", default="ap-southeast-1")
    args = parser.parse_args()
    print(f"published {publish_site(args.bucket, args.api_base, args.region, args.public_api_base)} files")
