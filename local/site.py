"""Publish web/ to the site bucket, with config.js telling the pages where the API is.

Used by `make run` against moto, and by the deploy step against AWS:
    python -m local.site --bucket <SiteBucketName> --api-base https://<api-id>.execute-api.../v1
"""
import argparse
import json
import mimetypes
from pathlib import Path

import boto3

WEB = Path(__file__).resolve().parent.parent / "web"
TYPES = {".js": "text/javascript", ".mjs": "text/javascript", ".css": "text/css",
         ".html": "text/html", ".json": "application/json", ".webmanifest": "application/manifest+json",
         ".svg": "image/svg+xml"}


def content_type(path: Path) -> str:
    kind = TYPES.get(path.suffix) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return f"{kind}; charset=utf-8" if kind.startswith("text/") or kind.endswith("json") else kind


def publish_site(bucket: str, api_base: str, region: str) -> int:
    s3 = boto3.client("s3", region_name=region)
    files = [p for p in sorted(WEB.rglob("*")) if p.is_file()]
    for path in files:
        s3.put_object(Bucket=bucket, Key=path.relative_to(WEB).as_posix(), Body=path.read_bytes(),
                      ContentType=content_type(path), CacheControl="public, max-age=300")
    config = f"window.SAMABAY = {json.dumps({'apiBase': api_base.rstrip('/')})};\n"
    s3.put_object(Bucket=bucket, Key="config.js", Body=config.encode(), ContentType="text/javascript; charset=utf-8",
                  CacheControl="no-cache")
    return len(files) + 1


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--bucket", required=True)
    parser.add_argument("--api-base", required=True)
    parser.add_argument("--region", default="ap-southeast-1")
    args = parser.parse_args()
    print(f"published {publish_site(args.bucket, args.api_base, args.region)} files")
