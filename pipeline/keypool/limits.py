"""Quota arithmetic: per-provider defaults, windows, and the provider's own daily reset.

Pure functions over timestamps (seconds since the epoch, UTC). The minute window is a
sliding 60 s log (exact: never more than the limit in any 60 s); the day window is the
provider's calendar day, which ends at *its* midnight (Gemini: US Pacific, DST aware).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from pipeline.catalog import load_catalog

MINUTE = 60.0


@dataclass(frozen=True)
class Limits:
    """A limit group's windows; ``None`` means the provider sets no such limit."""

    rpm: int | None = None
    """Requests per minute."""
    rpd: int | None = None
    """Requests per (provider) day."""
    tpm: int | None = None
    """Tokens per minute."""
    tpd: int | None = None
    """Tokens per (provider) day."""

    def tightened(self, other: Limits) -> Limits:
        """The stricter of each window (a learned limit only ever lowers a configured one)."""

        def low(a: int | None, b: int | None) -> int | None:
            return b if a is None else a if b is None else min(a, b)

        return Limits(
            low(self.rpm, other.rpm),
            low(self.rpd, other.rpd),
            low(self.tpm, other.tpm),
            low(self.tpd, other.tpd),
        )

    def overridden(self, rpm: int | None, rpd: int | None, tpm: int | None, tpd: int | None) -> Limits:
        """Per-key settings from the keys file replace the provider's defaults where given."""
        return replace(
            self,
            rpm=self.rpm if rpm is None else rpm,
            rpd=self.rpd if rpd is None else rpd,
            tpm=self.tpm if tpm is None else tpm,
            tpd=self.tpd if tpd is None else tpd,
        )


@dataclass(frozen=True)
class ProviderQuota:
    limits: Limits
    reset_zone: str
    """The time zone whose midnight ends the provider's day."""


def quota_for(provider: str) -> ProviderQuota:
    """The provider's day boundary and default limits, from the model catalog (a keys file
    overrides them per key)."""
    catalog = load_catalog()
    return ProviderQuota(Limits(*catalog.default_limits(provider)), catalog.provider(provider).reset_zone)


def day_id(now: float, zone: str) -> str:
    """The provider's calendar day that ``now`` falls in, e.g. ``2026-03-08``."""
    return datetime.fromtimestamp(now, ZoneInfo(zone)).date().isoformat()


def next_reset(now: float, zone: str) -> float:
    """The next midnight in ``zone`` after ``now`` (DST aware: days may be 23 or 25 hours)."""
    tz = ZoneInfo(zone)
    local = datetime.fromtimestamp(now, tz)
    midnight = datetime.combine(local.date() + timedelta(days=1), datetime.min.time(), tzinfo=tz)
    return midnight.timestamp()
