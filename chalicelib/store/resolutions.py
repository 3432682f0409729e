"""The private bucket of budget resolutions' scans (infra/ ResolutionsBucket): uploaded by the browser with a
presigned POST (store.uploads' form: the key, type and largest size fixed), read back only through a short-lived
presigned GET given to the society and the offices on the file's path (keys: domain.budget.resolution_key).
"""
from ..config import resolutions_bucket
from . import aws
from .uploads import Uploads

DOWNLOAD_SECONDS = 300


class Resolutions(Uploads):
    def __init__(self):
        super().__init__()
        self.bucket = resolutions_bucket()

    @aws.unavailable_on_failure
    def first_bytes(self, key: str, count: int = 16) -> bytes:
        """The file's first bytes: what its type is checked by."""
        return self.s3.get_object(Bucket=self.bucket, Key=key, Range=f"bytes=0-{count - 1}")["Body"].read()

    def download_url(self, key: str, content_type: str) -> dict:
        """A GET of the file valid DOWNLOAD_SECONDS, shown inline in its own type."""
        url = self.s3.generate_presigned_url("get_object", ExpiresIn=DOWNLOAD_SECONDS, Params={
            "Bucket": self.bucket, "Key": key, "ResponseContentType": content_type,
            "ResponseContentDisposition": "inline"})
        return {"url": url, "expires_in": DOWNLOAD_SECONDS}
