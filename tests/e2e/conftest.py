"""The real local stack (moto server + chalice local + site in S3), and headless Chromium."""
import json
import os
import socket
import subprocess
import urllib.error
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from local.stack import running_stack

SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Stack:
    moto_url: str
    api_url: str
    site_url: str
    env: dict
    state: Path
    bkash_url: str = ""


@contextmanager
def isolated_stack(folder: Path):
    """A local stack with demo data on free ports; the process environment is restored afterwards."""
    moto_port, api_port, bkash_port = free_port(), free_port(), free_port()
    state = folder / "env.json"
    saved = dict(os.environ)
    try:
        with running_stack(moto_port, api_port, demo=True, state=state, api_log=state.with_name("api.log"),
                           bkash_port=bkash_port) as env:
            yield Stack(moto_url=f"http://127.0.0.1:{moto_port}", api_url=f"http://127.0.0.1:{api_port}",
                        site_url=f"http://127.0.0.1:{moto_port}/{env['SITE_BUCKET']}/index.html",
                        env=env, state=state, bkash_url=f"http://127.0.0.1:{bkash_port}")
    finally:
        os.environ.clear()
        os.environ.update(saved)
        from chalicelib.store import aws
        aws.reset()


@pytest.fixture(scope="session")
def stack(tmp_path_factory):
    """Started once for the e2e suite; `state` is the file `make scan` reads."""
    with isolated_stack(tmp_path_factory.mktemp("stack")) as started:
        yield started


@pytest.fixture(scope="session")
def playwright():
    if not os.path.exists(CHROMIUM):
        subprocess.run(["bash", "local/install-browser.sh"], check=True)
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright):
    browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


def phone_context(browser, service_workers: str):
    return browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=2, is_mobile=True,
                               has_touch=True, locale="bn-BD", service_workers=service_workers)


@contextmanager
def page_without_script_errors(browser, service_workers: str):
    """A phone page; the test fails if a script on it threw an error nobody caught."""
    context = phone_context(browser, service_workers)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(f"{page.url}: {error}"))
    yield page
    context.close()
    assert not errors, errors


@pytest.fixture
def phone_page(browser):
    """A page the size of a small Android phone (360 px wide), without the officer app's service
    worker: a test's page.route() sees every request (a service worker's own fetches pass by it)."""
    with page_without_script_errors(browser, "block") as page:
        yield page


@pytest.fixture
def phone_app(browser):
    """A phone page with the officer app's service worker, as a phone has it."""
    with page_without_script_errors(browser, "allow") as page:
        yield page


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def api_call(stack, method, path, body=None, token=None):
    """A JSON call to the stack's API over HTTP: (status, decoded body)."""
    request = urllib.request.Request(stack.api_url + path, method=method,
                                     data=json.dumps(body).encode() if body is not None else None,
                                     headers={"Content-Type": "application/json",
                                              **({"Authorization": f"Bearer {token}"} if token else {})})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read() or b"null")
