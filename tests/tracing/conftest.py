"""The fake provider server fixtures, shared with the provider tests."""

from tests.providers.conftest import fake, fake_in_thread

__all__ = ["fake", "fake_in_thread"]
