"""The shared key pool: quotas per limit group, rotation, health, circuit breaker, daily reset.

from pipeline.keypool import KeyPool, NoCapacity
"""

from pipeline.keypool.keys import KeySpec, fingerprint
from pipeline.keypool.limits import Limits
from pipeline.keypool.pool import KeyPool, Lease, NoCapacity

__all__ = ["KeyPool", "KeySpec", "Lease", "Limits", "NoCapacity", "fingerprint"]
