"""Acting on the page in a browser only once its scripts are done changing what is acted on."""

from __future__ import annotations

from typing import Any


def service_known(page: Any) -> None:
    """Waits until the page has learnt whether the service has model keys: without keys it ticks
    "offline" itself when it hears back, so the form's options are final only from then on."""
    page.wait_for_selector("body[data-service-known]", state="attached")


def tick_offline(page: Any) -> None:
    """Tick "offline" only after the page has learnt whether the service has model keys.

    Without keys the page ticks it itself when it hears back; a click landing in between would
    untick it again, and Playwright would rightly report the checkbox did not change.
    """
    service_known(page)
    page.check("#offline")


def job_shown(page: Any) -> None:
    """Waits until the page has drawn the end of the job it follows in full (versions, files,
    diff, the pane it turns to). A click before that, say on the phone's "Chat", could be
    overruled when the page turns to the preview as its last fetches answer."""
    page.wait_for_selector("#job[data-shown]", state="attached", timeout=60_000)
