"""One Chromium per test module for the tests that use a generated app in a browser.

Starting Playwright's driver and launching Chromium costs one to two seconds, once per module here
instead of once per test. Each test still gets a browser context of its own: its own cookies and
storage, as a newly launched browser would have. The browser stops when its module's tests end
(``tests/templates/conftest.py``): while Playwright's sync API runs, it marks its event loop as
running in this thread, which async tests and ``asyncio.run`` in later modules would trip over."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip

_running: dict[str, Any] = {}  # "playwright" and "browser", while a module uses them


def shared_browser() -> Any:
    """This module's Chromium, launched on first use (again if it died)."""
    browser = _running.get("browser")
    if browser is not None and browser.is_connected():
        return browser
    if not CHROMIUM.exists():
        pytest.fail("Debian's chromium is needed: run `bash scripts/test`, which installs it")
    from playwright.sync_api import sync_playwright

    if "playwright" not in _running:
        _running["playwright"] = sync_playwright().start()
    browser = _running["playwright"].chromium.launch(
        executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS, headless=True
    )
    _running["browser"] = browser
    return browser


@contextmanager
def browser_context(**options: Any) -> Iterator[Any]:
    """A fresh context of the shared browser (``options`` as for ``Browser.new_context``),
    closed with its pages at the end."""
    context = shared_browser().new_context(**options)
    try:
        yield context
    finally:
        context.close()


def close_shared_browser() -> None:
    browser, playwright = _running.pop("browser", None), _running.pop("playwright", None)
    try:
        if browser is not None and browser.is_connected():
            browser.close()
    finally:
        if playwright is not None:
            playwright.stop()
