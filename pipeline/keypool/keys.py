"""API keys from the environment, ``.env`` and a TOML keys file.

Forms read for each provider X in GEMINI, GROQ, DEEPSEEK, OPENROUTER:
``X_API_KEY``, ``X_API_KEY_2`` … ``X_API_KEY_N`` (gaps allowed) and ``X_API_KEYS=a,b,c``.
A key is never shown: everything that talks about one uses :func:`fingerprint`.
"""

from __future__ import annotations

import hashlib
import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.errors import ConfigError

KEYED_PROVIDERS = ("gemini", "groq", "deepseek", "openrouter")
_ENV_NAME = re.compile(r"^(GEMINI|GROQ|DEEPSEEK|OPENROUTER)_API_KEY(?:S|_(\d+))?$")
_KEY_SHAPE = re.compile(r"^[A-Za-z0-9._\-:/+=]{8,512}$")


def fingerprint(key: str) -> str:
    """A short, stable, non-reversible name for a key: ``gsk_...a1b2c3d4``."""
    digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    prefix = re.match(r"^(AIza|gsk_|sk-or-|sk-)", key)
    return f"{prefix[1] if prefix else ''}...{digest}"


@dataclass(frozen=True)
class KeySpec:
    """One key and what the operator said about it."""

    provider: str
    key: str = field(repr=False)
    group: str = ""
    """Keys of one project/organization/account share one quota: give them the same group."""
    label: str = ""
    rpm: int | None = None
    rpd: int | None = None
    tpm: int | None = None
    tpd: int | None = None

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.key)

    @property
    def limit_group(self) -> str:
        return f"{self.provider}:{self.group or self.fingerprint}"


@dataclass
class KeyProblem:
    """A key entry that could not be used, described without the key itself."""

    source: str
    message: str


def _check_key(provider: str, key: str, source: str, problems: list[KeyProblem]) -> str | None:
    key = key.strip().strip('"').strip("'")
    if not key:
        problems.append(KeyProblem(source, "is empty"))
        return None
    if not _KEY_SHAPE.match(key):
        problems.append(
            KeyProblem(
                source,
                f"key {fingerprint(key)} has spaces or characters no {provider} key has; check for a paste error",
            )
        )
        return None
    return key


def keys_from_env(environ: Mapping[str, str] | None = None) -> tuple[list[KeySpec], list[KeyProblem]]:
    """Every key the environment names, in a stable order, duplicates removed."""
    env = _with_dotenv() if environ is None else environ
    found: list[tuple[str, int, str, str]] = []  # provider, order, source name, key
    problems: list[KeyProblem] = []
    for name in sorted(env):
        match = _ENV_NAME.match(name)
        if not match:
            continue
        provider = match[1].lower()
        value = env[name]
        if name.endswith("_KEYS"):
            parts = value.split(",")
            if value.strip() and all(not p.strip() for p in parts):
                problems.append(KeyProblem(name, "lists no keys"))
            for index, part in enumerate(parts):
                if not part.strip():
                    continue
                key = _check_key(provider, part, f"{name}[{index}]", problems)
                if key:
                    found.append((provider, 10_000 + index, name, key))
        else:
            key = _check_key(provider, value, name, problems)
            if key:
                found.append((provider, int(match[2] or 1), name, key))
    found.sort(key=lambda item: (item[0], item[1]))
    return _dedupe([KeySpec(provider=p, key=k) for p, _, _, k in found]), problems


def _with_dotenv() -> dict[str, str]:
    """The process environment over ``.env`` (the environment wins, as pydantic-settings does)."""
    from dotenv import dotenv_values

    values = (
        {k: v for k, v in dotenv_values(".env").items() if v is not None} if Path(".env").is_file() else {}
    )
    return {**values, **os.environ}


def keys_from_file(
    path: Path, environ: Mapping[str, str] | None = None
) -> tuple[list[KeySpec], list[KeyProblem]]:
    """Keys from a TOML file of ``[[keys]]`` tables (see the README)."""
    env = os.environ if environ is None else environ
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(f"keys file {path} does not exist", hint="check PIPELINE_KEYS_FILE") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"keys file {path} is not valid TOML: {exc}") from exc
    entries = data.get("keys", [])
    if not isinstance(entries, list):
        raise ConfigError(f"keys file {path}: 'keys' must be a list of [[keys]] tables")
    specs: list[KeySpec] = []
    problems: list[KeyProblem] = []
    for index, entry in enumerate(entries):
        source = f"{path.name} [[keys]] #{index + 1}"
        if not isinstance(entry, dict):
            problems.append(KeyProblem(source, "is not a table"))
            continue
        provider = str(entry.get("provider", "")).lower()
        if provider not in (*KEYED_PROVIDERS, "local"):
            problems.append(
                KeyProblem(
                    source, f"has unknown provider {provider!r}; use one of {', '.join(KEYED_PROVIDERS)}"
                )
            )
            continue
        raw = entry.get("key")
        if raw is None and "key_env" in entry:
            raw = env.get(str(entry["key_env"]))
            if raw is None:
                problems.append(
                    KeyProblem(source, f"names environment variable {entry['key_env']} which is not set")
                )
                continue
        if not isinstance(raw, str):
            problems.append(KeyProblem(source, "has no 'key' (or 'key_env')"))
            continue
        key = _check_key(provider, raw, source, problems)
        if not key:
            continue
        limits: dict[str, int | None] = {}
        for name in ("rpm", "rpd", "tpm", "tpd"):
            value = entry.get(name)
            if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 0):
                problems.append(KeyProblem(source, f"{name} must be a whole number ≥ 0"))
                value = None
            limits[name] = value
        specs.append(
            KeySpec(
                provider=provider,
                key=key,
                group=str(entry.get("group", "")),
                label=str(entry.get("label", "")),
                **limits,
            )
        )
    return _dedupe(specs), problems


def _dedupe(specs: list[KeySpec]) -> list[KeySpec]:
    seen: set[tuple[str, str]] = set()
    unique: list[KeySpec] = []
    for spec in specs:
        if (spec.provider, spec.key) not in seen:
            seen.add((spec.provider, spec.key))
            unique.append(spec)
    return unique
