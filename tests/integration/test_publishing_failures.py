"""A static page that cannot be published (S3 or DynamoDB failing under it) is logged; the change
it shows stands and the caller gets its answer."""
import logging

import pytest
from botocore.exceptions import EndpointConnectionError

from chalicelib.store.site import SiteFiles


@pytest.fixture
def bucket_down(monkeypatch):
    def down(self, *args, **kwargs):
        raise EndpointConnectionError(endpoint_url="https://s3.ap-southeast-1.amazonaws.com")
    monkeypatch.setattr(SiteFiles, "_put", down)


def test_a_notice_is_saved_when_its_page_cannot_be_published(as_user, bucket_down, caplog):
    api = as_user("uco.demo")
    with caplog.at_level(logging.ERROR):
        status, created = api.post("/api/notices", {"title_bn": "সভার নোটিশ", "body_bn": "আগামী সোমবার সভা।"})
    assert status == 201, created
    status, listed = as_user(None).get("/api/public/notices?area_code=404419")
    assert status == 200 and [n["id"] for n in listed["items"]] == [created["id"]]
    assert "could not publish notice page" in caplog.text


def test_an_office_about_page_is_saved_when_it_cannot_be_published(as_user, bucket_down, caplog):
    with caplog.at_level(logging.ERROR):
        status, office = as_user("uco.demo").patch("/api/offices/404419", {"address_bn": "ঝিনাইদহ সদর"})
    assert status == 200 and office["address_bn"] == "ঝিনাইদহ সদর", office
    assert "could not publish the office's page" in caplog.text
