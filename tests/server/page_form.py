"""Filling the page's form in a browser, once the page knows what the service can do."""

from __future__ import annotations

from typing import Any


def tick_offline(page: Any) -> None:
    """Tick "offline" only after the page has learnt whether the service has model keys.

    Without keys the page ticks it itself when it hears back; a click landing in between would
    untick it again, and Playwright would rightly report the checkbox did not change.
    """
    page.wait_for_selector("body[data-service-known]", state="attached")
    page.check("#offline")
