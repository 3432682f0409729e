"""The private uploads bucket: files offices upload for the app to read (society imports), never served.

The browser uploads straight to S3 with a presigned POST whose policy fixes the key, the type and the
largest size, so a large file never passes through API Gateway (10 MB, 29 s). A lifecycle rule
(infra/resources.json) deletes what is left after a few days.
"""
from ..config import settings
from . import aws

FORM_SECONDS = 600


class Uploads:
    def __init__(self):
        self.bucket = settings().uploads_bucket
        self.s3 = aws.client("s3")

    def form(self, key: str, content_type: str, max_bytes: int) -> dict:
        """An S3 POST for one file at `key`: this Content-Type, 1 to max_bytes bytes, valid FORM_SECONDS."""
        post = self.s3.generate_presigned_post(
            Bucket=self.bucket, Key=key, Fields={"Content-Type": content_type},
            Conditions=[{"Content-Type": content_type}, ["content-length-range", 1, max_bytes]],
            ExpiresIn=FORM_SECONDS)
        return {"url": post["url"], "fields": post["fields"], "expires_in": FORM_SECONDS}

    @aws.unavailable_on_failure
    def head(self, key: str) -> dict | None:
        """{size, content_type} of the file at `key`, or None when nothing is there."""
        from botocore.exceptions import ClientError
        try:
            head = self.s3.head_object(Bucket=self.bucket, Key=key)
        except ClientError as exc:
            if exc.response["Error"]["Code"] in ("404", "NoSuchKey", "NotFound"):
                return None
            raise
        return {"size": head["ContentLength"], "content_type": head.get("ContentType", "")}

    @aws.unavailable_on_failure
    def read(self, key: str) -> bytes | None:
        try:
            return self.s3.get_object(Bucket=self.bucket, Key=key)["Body"].read()
        except self.s3.exceptions.NoSuchKey:
            return None
