"""Many processes, one pool: exactly the capacity is granted, never more per key."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import uuid
from collections import Counter
from pathlib import Path

import pytest

from pipeline.keypool.stores.redis_store import RedisStore
from tests.keypool.conftest import REDIS_URL

ROOT = Path(__file__).resolve().parents[2]


def run_workers(
    store: str, namespace: str, processes: int, per_process: int, keys: int, rpm: int
) -> tuple[Counter[str], int]:
    start_at = time.time() + 3.0  # every process imports first, then all fire together
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.keypool.concurrency_worker",
                store,
                namespace,
                str(per_process),
                str(start_at),
                str(keys),
                str(rpm),
            ],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(processes)
    ]
    granted: Counter[str] = Counter()
    refused = 0
    for proc in procs:
        out, err = proc.communicate(timeout=180)
        assert proc.returncode == 0, err
        result = json.loads(out.strip().splitlines()[-1])
        granted.update(result["granted"])
        refused += result["refused"]
    return granted, refused


@pytest.mark.parametrize(("processes", "per_process", "keys", "rpm"), [(8, 200, 10, 50)])
async def test_redis_grants_exactly_the_capacity_across_processes(
    processes: int, per_process: int, keys: int, rpm: int
) -> None:
    namespace = f"test:conc:{uuid.uuid4().hex}"
    try:
        granted, refused = run_workers(REDIS_URL, namespace, processes, per_process, keys, rpm)
    finally:
        store = RedisStore(REDIS_URL, namespace=namespace)
        await store.clear()
        await store.close()
    assert sum(granted.values()) == keys * rpm == 500
    assert refused == processes * per_process - 500
    assert len(granted) == keys and max(granted.values()) <= rpm


def test_sqlite_grants_exactly_the_capacity_across_processes(tmp_path: Path) -> None:
    granted, refused = run_workers(f"sqlite:///{tmp_path / 'usage.db'}", "-", 4, 200, 10, 50)
    assert sum(granted.values()) == 500
    assert refused == 300
    assert max(granted.values()) <= 50
