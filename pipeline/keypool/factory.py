"""The pool the settings describe: keys from the environment (and the keys file), the configured store."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pipeline.keypool.keys import KeyProblem, KeySpec, keys_from_env, keys_from_file
from pipeline.keypool.pool import KeyPool
from pipeline.settings import Settings


def keys_from_settings(settings: Settings) -> tuple[list[KeySpec], list[KeyProblem]]:
    """The keys of the environment, then those of the keys file that the environment lacks."""
    specs, problems = keys_from_env()
    if settings.keys_file is not None:
        file_specs, file_problems = keys_from_file(settings.keys_file)
        known = {(s.provider, s.key) for s in specs}
        specs += [s for s in file_specs if (s.provider, s.key) not in known]
        problems += file_problems
    return specs, problems


def pool_from_settings(
    settings: Settings, *, on_event: Callable[[dict[str, Any]], None] | None = None, store: str | None = None
) -> KeyPool:
    specs, problems = keys_from_settings(settings)
    return KeyPool(specs, store or settings.key_store_url(), problems=problems, on_event=on_event)
