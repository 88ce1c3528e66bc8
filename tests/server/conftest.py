"""The fake provider server fixtures."""

from tests.providers.conftest import fake, fake_in_thread

__all__ = ["fake", "fake_in_thread"]
