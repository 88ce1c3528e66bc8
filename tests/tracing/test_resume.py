"""A run killed with SIGKILL resumes from its checkpoint: finished agents are not asked again,
and the project is the one an uninterrupted run makes."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from pipeline.testing.fake_llm import FakeLLMServer
from tests.conftest import project_tree
from tests.providers.conftest import key

ROOT = Path(__file__).resolve().parents[2]


def env_for(fake: FakeLLMServer, data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if "_API_KEY" not in k and not k.startswith("PIPELINE_")}
    env.update({f"PIPELINE_{p.upper()}_BASE_URL": url for p, url in fake.urls.items()})
    env.update(
        {
            f"{p.upper()}_API_KEYS": ",".join(key(p, "good", i) for i in range(2))
            for p in ("gemini", "groq", "deepseek", "openrouter")
        }
    )
    env["PIPELINE_DATA_DIR"] = str(data_dir)
    env["PYTHONPATH"] = str(ROOT)
    return env


def calls(fake: FakeLLMServer) -> dict[str, int]:
    with urllib.request.urlopen(f"http://127.0.0.1:{fake.port}/_calls") as response:
        found: dict[str, int] = {}
        for call in json.loads(response.read()):
            found[call["agent"]] = found.get(call["agent"], 0) + 1
        return found


read_tree = project_tree


def run_cli(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.parametrize("kill_after", ["arch", "backend"])
def test_killed_run_resumes_without_calling_finished_agents(
    fake_in_thread: FakeLLMServer, tmp_path: Path, kill_after: str
) -> None:
    fake = fake_in_thread
    fake.latency = 0.8
    env = env_for(fake, tmp_path / "data")
    proc = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "build a todo app", "--out", str(tmp_path / "killed"), "--json"],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 120
    run_id = ""
    # kill once the step after `kill_after` has started: `kill_after` is then checkpointed
    wait_for = {"arch": ("backend", "uix"), "backend": ("debug",)}[kill_after]
    while time.monotonic() < deadline:
        runs = list((tmp_path / "data" / "runs").glob("*/events.jsonl"))
        if runs:
            run_id = runs[0].parent.name
            events = [json.loads(line) for line in runs[0].read_text().splitlines() if line.strip()]
            if any(e.get("event") == "agent_start" and e.get("agent") in wait_for for e in events):
                break
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert run_id
    # the --json stream named the run in its first line, before the kill
    assert proc.stdout is not None
    first = json.loads(proc.stdout.readline())
    assert first["event"] == "run_start" and first["run_id"] == run_id
    before = calls(fake)
    assert before.get("core") == 1 and before.get("arch") == 1
    assert not (tmp_path / "killed" / "README.md").exists()

    listed = run_cli(["runs", "--json"], env, tmp_path)
    assert json.loads(listed.stdout.splitlines()[0])["status"] == "interrupted"

    resumed = run_cli(["resume", run_id, "--json"], env, tmp_path)
    assert resumed.returncode == 0, resumed.stderr
    summary = json.loads(resumed.stdout.strip().splitlines()[-1])
    assert summary["event"] == "summary" and summary["status"] == "succeeded"
    after = calls(fake)
    assert after["core"] == 1 and after["arch"] == 1  # finished agents were not asked again
    if kill_after == "backend":
        assert after["backend"] == before["backend"] and after["uix"] == before["uix"]

    whole = run_cli(["build a todo app", "--out", str(tmp_path / "whole"), "--json"], env, tmp_path)
    assert whole.returncode == 0, whole.stderr
    assert read_tree(tmp_path / "killed") == read_tree(tmp_path / "whole")

    trace = run_cli(["trace", run_id], env, tmp_path)
    assert (
        trace.returncode == 0 and "succeeded" in trace.stdout and "deepseek:deepseek-v4-flash" in trace.stdout
    )


def test_resume_of_an_unknown_or_finished_run_is_a_clear_error(tmp_path: Path) -> None:
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("PIPELINE_")},
        "PIPELINE_DATA_DIR": str(tmp_path / "d"),
        "PYTHONPATH": str(ROOT),
    }
    missing = run_cli(["resume", "abcdef123456"], env, tmp_path)
    assert missing.returncode == 2 and "no run abcdef123456" in missing.stderr
    done = run_cli(["build a todo app", "--out", str(tmp_path / "o")], env, tmp_path)
    assert done.returncode == 0
    run_id = json.loads(run_cli(["runs", "--json"], env, tmp_path).stdout.splitlines()[0])["run_id"]
    again = run_cli(["resume", run_id], env, tmp_path)
    assert again.returncode == 1 and "already finished" in again.stderr and "Traceback" not in again.stderr


def test_replay_command_rebuilds_the_project_without_the_provider(
    fake_in_thread: FakeLLMServer, tmp_path: Path
) -> None:
    env = env_for(fake_in_thread, tmp_path / "data")
    first = run_cli(
        ["expense tracker with categories and monthly totals", "--out", str(tmp_path / "first"), "--json"],
        env,
        tmp_path,
    )
    assert first.returncode == 0, first.stderr
    run_id = json.loads(first.stdout.strip().splitlines()[-1])["run_id"]
    calls_before = sum(calls(fake_in_thread).values())
    env_without_provider = {
        **env,
        **{
            f"PIPELINE_{p.upper()}_BASE_URL": "http://127.0.0.1:9/none"
            for p in ("gemini", "groq", "deepseek", "openrouter")
        },
    }
    replayed = run_cli(
        ["replay", run_id, "--out", str(tmp_path / "second"), "--json"], env_without_provider, tmp_path
    )
    assert replayed.returncode == 0, replayed.stderr
    assert sum(calls(fake_in_thread).values()) == calls_before
    assert read_tree(tmp_path / "first") == read_tree(tmp_path / "second")
    summary = json.loads(replayed.stdout.strip().splitlines()[-1])
    assert {a["agent"]: a["provider"] for a in summary["agents"]}["core"] == "local"


def test_trace_of_a_run_with_a_swapped_key_and_a_fix_round_reads_in_order(
    fake_in_thread: FakeLLMServer, tmp_path: Path
) -> None:
    env = env_for(fake_in_thread, tmp_path / "data")
    env["GROQ_API_KEYS"] = f"{key('groq', 'invalid', 0)},{key('groq', 'buggy', 1)}"
    run = run_cli(["build a todo app", "--out", str(tmp_path / "app"), "--json"], env, tmp_path)
    assert run.returncode == 0, run.stderr
    summary = json.loads(run.stdout.strip().splitlines()[-1])
    assert summary["fix_rounds"] == 1 and [r["next"] for r in summary["rounds"]] == [["backend"], []]
    trace = run_cli(["trace", summary["run_id"]], {**env, "COLUMNS": "200"}, tmp_path).stdout
    lines = trace.splitlines()
    at = {
        name: next(i for i, line in enumerate(lines) if name in line)
        for name in ("BACKEND  (parallel)", "DEBUG  →", "BACKEND — fix round 1", "DEBUG — fix round 1")
    }
    assert (
        at["BACKEND  (parallel)"] < at["DEBUG  →"] < at["BACKEND — fix round 1"] < at["DEBUG — fix round 1"]
    )
    assert "(key #2: 1 key(s) failed first)" in trace and "active → retired" in trace
    assert "[contract.missing-route]" in trace
    debug = [r for r in summary["agents"] if r["agent"] == "debug"]
    assert [(r["round"], r["provider"]) for r in debug] == [
        (0, "groq"),
        (1, "rules"),
    ]  # its model advised round 0
    with urllib.request.urlopen(f"http://127.0.0.1:{fake_in_thread.port}/_calls") as response:
        backend_calls = [c for c in json.loads(response.read()) if c["agent"] == "backend"]
    fix_prompt = backend_calls[-1]["request"]["messages"][-1]["content"]
    assert (
        "These checks failed" in fix_prompt and "Advice: Make it pass [contract.missing-route]" in fix_prompt
    )
