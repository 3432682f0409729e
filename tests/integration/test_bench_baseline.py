"""The cold-start baseline (bench/minimal_app.py) must read what the app reads, or its ratio compares a
real read with an empty one (it queried a partition no society is in, and answered no societies)."""
from chalice.test import Client

from bench import minimal_app
from chalicelib.domain.society import PUBLIC_FIELDS
from chalicelib.store.societies import CURSOR_KEY
from tests.integration.conftest import Api
from tests.integration.test_public_api import seed

PATH = "/api/public/societies?upazila_code=404419"


def test_the_cold_start_baseline_answers_the_societies_the_app_answers(client, as_user):
    seed(as_user)
    status, ours = Api(client).get(PATH)
    assert status == 200 and ours["items"]
    with Client(minimal_app.app) as baseline:
        reply = baseline.http.get(PATH)
    assert reply.status_code == 200
    items = reply.json_body["items"]
    assert [item["id"]["S"] for item in items] == [society["id"] for society in ours["items"]]


def test_the_cold_start_baseline_asks_for_the_fields_the_app_asks_for():
    assert minimal_app.FIELDS == PUBLIC_FIELDS + CURSOR_KEY
