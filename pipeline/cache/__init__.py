"""Content-addressed caching of agent answers.

CORE's plan is keyed by the normalized request; every later agent by a hash of its input
artifacts. Both keys also hold the agent's provider chain and a hash of its prompt text, so
a new prompt version or another model never reuses an old answer. Only answers a model gave
are cached: the offline templates are cheap, and caching them would hide a provider that
gets keys later.
"""

from pipeline.cache.keys import agent_key, normalize_request
from pipeline.cache.stores import CacheStore, open_cache

__all__ = ["CacheStore", "agent_key", "normalize_request", "open_cache"]
