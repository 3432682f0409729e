"""What `local.site` stores in the site bucket: gzipped text, pages that name versioned copies of
their scripts and styles, a year's caching only for those copies."""
import gzip
import json
import re

from local.site import ASK_FIRST, FOREVER, WEB, site_objects


def objects() -> dict[str, dict]:
    return {o["Key"]: o for o in site_objects("https://api.example.gov.bd/v1/")}


def body(obj: dict) -> bytes:
    return gzip.decompress(obj["Body"]) if obj.get("ContentEncoding") == "gzip" else obj["Body"]


def test_every_text_file_is_stored_gzipped_and_unpacks_to_its_source():
    stored = objects()
    for path in WEB.rglob("*.js"):
        obj = stored[path.relative_to(WEB).as_posix()]
        assert obj["ContentEncoding"] == "gzip" and body(obj) == path.read_bytes()
        assert len(obj["Body"]) < path.stat().st_size
    css = stored["site.css"]
    assert css["ContentType"] == "text/css; charset=utf-8" and len(css["Body"]) * 3 < len(body(css))


def test_pages_name_versioned_copies_that_are_cached_for_a_year():
    stored = objects()
    page = body(stored["officer.html"]).decode()
    named = re.findall(r'(?:href|src)="(v/[0-9a-f]{12}/[^"]+)"', page)
    assert "js/officer.js" in {n.split("/", 2)[2] for n in named}
    assert {n.split("/", 2)[2] for n in named} >= {"site.css", "icon.svg"}
    for key in named:
        assert stored[key]["CacheControl"] == FOREVER
    assert 'src="config.js"' in page and 'href="officer.webmanifest"' in page  # not versioned
    for key in ("officer.html", "index.html", "config.js", "officer.webmanifest", "sw.js", "js/officer.js"):
        assert stored[key]["CacheControl"] == ASK_FIRST, key


def test_a_change_to_any_file_makes_a_new_version(tmp_path, monkeypatch):
    import local.site as site
    before = re.search(r"v/([0-9a-f]{12})/", body(objects()["index.html"]).decode()).group(1)
    copy = tmp_path / "web"
    copy.mkdir()
    for path in WEB.rglob("*"):
        if path.is_file():
            target = copy / path.relative_to(WEB)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(path.read_bytes())
    (copy / "site.css").write_text((WEB / "site.css").read_text() + "\n/* changed */\n")
    monkeypatch.setattr(site, "WEB", copy)
    after = re.search(r"v/([0-9a-f]{12})/", body(objects()["index.html"]).decode()).group(1)
    assert after != before
    assert f"v/{after}/js/common.js" in objects()


def config_of(objects: list[dict]) -> dict:
    body = gzip.decompress(next(o for o in objects if o["Key"] == "config.js")["Body"]).decode()
    return json.loads(body.removeprefix("window.SAMABAY = ").rstrip().removesuffix(";"))


def test_config_names_the_edge_cache_for_public_reads_only_when_there_is_one():
    assert "publicApiBase" not in config_of(site_objects("http://127.0.0.1:8000"))  # the local stack
    config = config_of(site_objects("https://api.example/v1/", "https://d111.cloudfront.net/"))
    assert config["apiBase"] == "https://api.example/v1" and config["publicApiBase"] == "https://d111.cloudfront.net"
