"""Browser journeys: Playwright (pip) driving Debian's Chromium against pytest-django's live server.

Never `playwright install`: the browser is the system one, found on PATH.
"""

import os
import shutil
from collections.abc import Iterator

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make around it
# are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]

PHONE = {
    "viewport": {"width": 390, "height": 844},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if executable is None:
        pytest.fail("Chromium is not installed: `make test` installs Debian's chromium package.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_context(browser, live_server):  # type: ignore[no-untyped-def]
    """``new_context(phone=True)`` opens an isolated browser context (own cookies) on the live server."""
    contexts = []

    def make(phone: bool = False, locale: str = "zh-CN"):  # type: ignore[no-untyped-def]
        options = dict(PHONE if phone else DESKTOP)
        context = browser.new_context(base_url=live_server.url, locale=locale, **options)
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


def open_menu(page) -> None:  # type: ignore[no-untyped-def]
    """Open the phone navigation drawer and wait until Bootstrap has finished sliding it open; a link
    clicked mid-animation can miss on a busy machine."""
    import re

    from playwright.sync_api import expect

    page.get_by_role("button", name="菜单").click()
    expect(page.locator("#nav")).to_have_class(re.compile(r"\bshow\b"))
