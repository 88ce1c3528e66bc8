"""The run store and the live channel."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

import pytest
import redis

from pipeline.errors import InputError
from pipeline.tracing.sink import CHANNEL, EventSink
from pipeline.tracing.store import RunRecord, RunStore, live_status


def test_events_survive_a_partial_last_line_and_ids_are_checked(tmp_path: Path) -> None:
    store = RunStore(tmp_path)
    store.create(RunRecord(run_id="abc123abc123", prompt="x"))
    store.append("abc123abc123", {"event": "agent_start", "agent": "core"})
    with (tmp_path / "runs" / "abc123abc123" / "events.jsonl").open("a") as handle:
        handle.write('{"event": "agent_en')  # killed mid-write
    assert store.events("abc123abc123") == [{"event": "agent_start", "agent": "core"}]
    with pytest.raises(InputError, match="not a run id"):
        store.folder("../../etc")


def test_a_running_record_whose_process_is_gone_reads_as_interrupted(tmp_path: Path) -> None:
    record = RunRecord(run_id="def456def456", prompt="x", pid=2**22 + 12345)
    assert live_status(record) == "interrupted"
    record.status = "succeeded"
    assert live_status(record) == "succeeded"


def test_events_are_published_live_when_redis_is_configured(tmp_path: Path) -> None:
    store = RunStore(tmp_path)
    store.create(RunRecord(run_id="fed789fed789", prompt="x"))
    client = redis.Redis.from_url("redis://127.0.0.1:6379/15")
    pubsub = client.pubsub()
    pubsub.subscribe(CHANNEL.format(run_id="fed789fed789"))
    pubsub.get_message(timeout=2)  # the subscription confirmation
    sink = EventSink(store, "fed789fed789", "redis://127.0.0.1:6379/15")
    threading.Timer(0.1, lambda: sink({"event": "agent_start", "agent": "core"})).start()
    message = None
    deadline = time.monotonic() + 5
    while message is None and time.monotonic() < deadline:
        message = pubsub.get_message(timeout=1)
    sink({"event": "exchange", "agent": "core", "answer": "big"})
    sink.close()
    assert message is not None and json.loads(message["data"]) == {"event": "agent_start", "agent": "core"}
    assert store.events("fed789fed789", stream="exchanges") == [
        {"event": "exchange", "agent": "core", "answer": "big"}
    ]
    assert store.events("fed789fed789") == [{"event": "agent_start", "agent": "core"}]
    pubsub.close()
    client.close()
