"""One process of the concurrency test: fire N acquires at once, print what was granted.

python -m tests.keypool.concurrency_worker STORE NAMESPACE N START_AT KEYS RPM
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from collections import Counter

from pipeline.keypool import KeyPool, KeySpec, NoCapacity
from pipeline.keypool.stores.redis_store import RedisStore


async def main(store_url: str, namespace: str, n: int, start_at: float, n_keys: int, rpm: int) -> None:
    store = RedisStore(store_url, namespace=namespace) if store_url.startswith("redis") else store_url
    specs = [
        KeySpec("groq", f"gsk_concurrency_test_key_{i:03d}_abcdef", rpm=rpm, rpd=10**6) for i in range(n_keys)
    ]
    pool = KeyPool(specs, store)
    granted: Counter[str] = Counter()
    refused = 0

    async def one() -> None:
        nonlocal refused
        try:
            async with pool.lease("groq", estimated_tokens=1) as lease:
                granted[lease.fingerprint] += 1
        except NoCapacity:
            refused += 1

    await asyncio.sleep(max(0.0, start_at - time.time()))
    await asyncio.gather(*(one() for _ in range(n)))
    await pool.close()
    print(json.dumps({"granted": dict(granted), "refused": refused}))


if __name__ == "__main__":
    url, ns, count, start, keys, rpm = sys.argv[1:7]
    asyncio.run(main(url, ns, int(count), float(start), int(keys), int(rpm)))
