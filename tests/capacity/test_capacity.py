"""What a set of keys can serve in a day: the planner against a hand calculation, and a day of
requests played through the real key pool with no quota ever exceeded."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
import redis

from pipeline.cli import main

KEYS = """
[[keys]]
provider = "gemini"
key = "AIza-capacity-test-key-one-0001"
group = "proj-b"
rpm = 5
rpd = 20
tpm = 250000

[[keys]]
provider = "groq"
key = "gsk_capacity-test-key-one-0001"
group = "org-a"
tpd = 200000
"""


@pytest.fixture
def keys(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "keys.toml"
    path.write_text(KEYS)
    monkeypatch.setenv("PIPELINE_KEYS_FILE", str(path))
    return path


def capacity(*args: str) -> dict[str, object]:
    out = io.StringIO()
    assert main(["capacity", *args, "--json"], stdout=out) == 0
    return dict(json.loads(out.getvalue()))


def test_capacity_matches_a_hand_calculation(keys: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # CORE and ARCH on Gemini first, Groq after; BACKEND and UIX on Groq. Each agent: 1 call and
    # 4,000 tokens an app. By hand: Gemini's 20 requests a day serve 20 / 2 = 10 apps (its daily
    # request window binds; 250,000 tokens a minute would serve 45,000). Those 10 apps took 10 x 8,000
    # = 80,000 of Groq's 200,000 tokens a day; then all four agents use Groq: 16,000 tokens an app,
    # 120,000 / 16,000 = 7.5 more, and Groq's daily token window binds. 17.5 apps: 17.
    for agent in ("CORE", "ARCH"):
        monkeypatch.setenv(f"PIPELINE_AGENT_{agent}", "gemini:gemini-3.5-flash,groq:openai/gpt-oss-120b")
    for agent in ("BACKEND", "UIX"):
        monkeypatch.setenv(f"PIPELINE_AGENT_{agent}", "groq:openai/gpt-oss-120b")
    plan = capacity("--calls-per-app", "1", "--tokens-per-app", "4000")
    assert plan["apps_per_day"] == 17 and plan["model_apps"] == 17
    assert plan["binding"] == {"provider": "groq", "group": "groq:org-a", "window": "tpd"}
    links = {(link["agent"], link["link"]): link for link in plan["links"]}  # type: ignore[attr-defined]
    gemini = links[("core", "gemini:gemini-3.5-flash")]
    assert gemini["apps_per_day"] == 10 and gemini["binding"]["window"] == "rpd"
    assert links[("core", "groq:openai/gpt-oss-120b")]["apps_per_day"] == 7.5
    assert links[("backend", "groq:openai/gpt-oss-120b")]["apps_per_day"] == 17.5
    assert links[("backend", "groq:openai/gpt-oss-120b")]["binding"]["window"] == "tpd"
    # the cache: half of the requests answered from it doubles the apps; paid links are priced
    assert (
        capacity("--calls-per-app", "1", "--tokens-per-app", "4000", "--cache-hit-rate", "0.5")[
            "apps_per_day"
        ]
        == 35
    )
    per_app = links[("backend", "groq:openai/gpt-oss-120b")]["cost_per_app_usd"]
    assert per_app == pytest.approx((3200 * 0.15 + 800 * 0.60) / 1e6)
    assert float(plan["daily_cost_usd"]) > 0  # type: ignore[arg-type]


@pytest.mark.parametrize("store", ["memory", "redis://127.0.0.1:6379/13"])
def test_a_simulated_day_never_exceeds_a_quota(
    keys: Path, monkeypatch: pytest.MonkeyPatch, store: str
) -> None:
    if store.startswith("redis"):
        redis.Redis.from_url(store).flushdb()
    monkeypatch.setenv("DEEPSEEK_API_KEY", "sk-capacity-test-paid-key-0001")
    out = io.StringIO()
    code = main(
        ["capacity", "--simulate", "--users", "3000", "--seed", "3", "--store", store, "--json"], stdout=out
    )
    result = json.loads(out.getvalue())
    assert code == 0 and result["quota_violations"] == 0
    assert result["requests"] == (
        result["refused_by_client_limits"]
        + result["from_cache"]
        + result["by_providers"]
        + result["by_templates"]
    )
    assert result["refused_by_client_limits"] > 0 and result["from_cache"] > 0
    assert (
        0 < result["calls"]["gemini:gemini-3.5-flash"] <= 40
    )  # 20 a Pacific day; the day crosses one midnight
    assert result["cost_usd"] > 0
    if store.startswith("redis"):
        redis.Redis.from_url(store).flushdb()


@pytest.mark.parametrize("command", [["--help"], ["keys"], ["runs"], ["models"], ["capacity"]])
def test_light_commands_import_no_langgraph_or_provider_code(command: list[str], tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "pipeline", *command],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr[-500:]
    imported = {line.split("|")[-1].strip() for line in done.stderr.splitlines() if "|" in line}
    assert not any(
        m.startswith(("langgraph", "langchain", "pipeline.providers", "pipeline.graph")) for m in imported
    )


async def test_an_apps_cost_per_agent_comes_from_recorded_runs(
    keys: Path, fake: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pipeline.capacity.demand import recorded_demand
    from pipeline.runner import astream_run
    from pipeline.settings import Settings
    from pipeline.tracing.sink import EventSink
    from pipeline.tracing.store import RunRecord, RunStore
    from tests.providers.test_runs import settings_for, use_keys

    use_keys(monkeypatch, "groq", "good", "good")
    chains = {f"agent_{a}": "groq:openai/gpt-oss-120b" for a in ("core", "arch", "backend", "uix")}
    settings = settings_for(fake, **chains)  # type: ignore[arg-type]
    store = RunStore(Settings().data_dir)
    record = RunRecord(run_id="c0ffee000001", prompt="build a todo app")
    store.create(record)
    sink = EventSink(store, record.run_id, None)
    async for event in astream_run("build a todo app", settings=settings, run_id=record.run_id):
        if event.get("event") != "summary":
            sink(event)
    sink.close()
    demand = recorded_demand(Settings())
    assert demand is not None
    assert demand["core"].calls == 1 and 300 < demand["core"].tokens < 2_000
    assert demand["uix"].tokens > demand["arch"].tokens  # UIX's prompt shows App.jsx; ARCH's is small


def test_a_group_with_no_known_limits_is_planned_without_dividing_by_zero() -> None:
    from pipeline.capacity.plan import Demand, Group, plan_capacity
    from pipeline.keypool.limits import Limits

    groups = [
        Group("groq", "limited", Limits(rpm=30, rpd=1000)),
        Group("gemini", "unknown", Limits()),  # a key whose limits nobody configured or learned
    ]
    plan = plan_capacity(
        {"backend": ["groq:m"], "uix": ["gemini:m"]},
        groups,
        {"backend": Demand(calls=2, tokens=0), "uix": Demand(calls=1, tokens=0)},
    )
    # Groq's 1,000 requests a day bind at 500 apps; Gemini's unknown limits bind nothing
    assert plan.apps_per_day == 500
