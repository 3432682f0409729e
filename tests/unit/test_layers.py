"""The layers: nothing above the adapters names the AWS SDK (its errors reach services as domain errors)."""
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ABOVE_THE_ADAPTERS = ["app.py", "chalicelib/domain", "chalicelib/services", "chalicelib/handlers"]
SDK = re.compile(r"^\s*(from|import)\s+(boto3|botocore)\b|\b(ClientError|BotoCoreError)\b", re.MULTILINE)


def test_no_aws_sdk_name_above_the_adapters():
    files = [p for place in ABOVE_THE_ADAPTERS for p in
             ([ROOT / place] if place.endswith(".py") else sorted((ROOT / place).rglob("*.py")))]
    naming = [str(p.relative_to(ROOT)) for p in files if SDK.search(p.read_text(encoding="utf-8"))]
    assert len(files) > 20 and naming == []
