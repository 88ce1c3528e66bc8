from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.templates.browser import close_shared_browser


@pytest.fixture(autouse=True, scope="module")
def _one_browser_per_module() -> Iterator[None]:
    """The module's browser, if one of its tests started it, stops with the module."""
    yield
    close_shared_browser()
