"""Every call priced: genai-prices first, the catalog where it has no price; a run's cost cap and
the service's daily budget stop paid calls, never free ones."""

from __future__ import annotations

import asyncio
import io
import json
from pathlib import Path

import pytest
import redis

from pipeline import agenerate
from pipeline.catalog.pricing import price
from pipeline.cli import main
from pipeline.server.daily import MemoryDaily, RedisDaily
from pipeline.testing.fake_llm import FakeLLMServer
from tests.providers.test_runs import settings_for, use_keys

GROQ = "groq:openai/gpt-oss-120b"
# Groq's published price for openai/gpt-oss-120b, USD per 1M tokens (genai-prices 0.2.3; Groq's pricing page)
PER_M_IN, PER_M_OUT = 0.15, 0.60


async def test_a_paid_run_costs_its_tokens_at_the_published_price(
    fake: FakeLLMServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_keys(
        monkeypatch, "groq", "good", "good"
    )  # BACKEND and UIX in parallel: one key's 8,000 TPM holds one
    chains = {f"agent_{a}": GROQ for a in ("core", "arch", "backend", "uix", "debug")}
    summary = await agenerate("build a todo app", settings=settings_for(fake, **chains))
    priced = [r for r in summary.agents if r.provider == "groq"]
    assert len(priced) == 4
    for r in priced:
        assert r.cost_usd == pytest.approx(
            (r.tokens_in * PER_M_IN + r.tokens_out * PER_M_OUT) / 1e6, rel=1e-6
        )
        assert r.cost_usd and r.cost_usd > 0
    assert summary.cost_usd == pytest.approx(sum(r.cost_usd or 0 for r in priced))


async def test_the_run_cost_cap_stops_paid_calls_and_free_links_still_answer(
    fake: FakeLLMServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_keys(monkeypatch, "groq", "good")
    use_keys(monkeypatch, "openrouter", "good")
    chains = {f"agent_{a}": f"{GROQ},openrouter:free" for a in ("core", "arch", "backend", "uix", "debug")}
    summary = await agenerate("build a todo app", settings=settings_for(fake, max_cost_usd=0.0005, **chains))
    assert not any(c["provider"] == "groq" for c in fake.calls)  # no paid call could fit under the cap
    reports = {r.agent: r for r in summary.agents}
    assert reports["core"].provider == "openrouter" and reports["core"].cost_usd == 0.0
    assert "cost budget of $0.0005 would be exceeded" in reports["core"].fallback_reason
    assert summary.cost_usd == 0.0


def test_max_cost_on_the_cli_falls_back_to_templates_and_says_why(
    fake_in_thread: FakeLLMServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    for provider, url in fake_in_thread.urls.items():
        monkeypatch.setenv(f"PIPELINE_{provider.upper()}_BASE_URL", url)
    use_keys(monkeypatch, "deepseek", "good")
    monkeypatch.setenv("PIPELINE_AGENT_CORE", "deepseek:deepseek-v4-flash")
    out = io.StringIO()
    code = main(
        ["build a todo app", "--max-cost", "0.00001", "--json", "--out", str(tmp_path / "t")], stdout=out
    )
    summary = json.loads(out.getvalue().splitlines()[-1])
    assert code == 0 and summary["cost_usd"] == 0.0
    core = next(a for a in summary["agents"] if a["agent"] == "core")
    assert core["provider"] == "template" and "cost budget" in core["fallback_reason"]
    assert fake_in_thread.calls == []
    runs = io.StringIO()
    assert main(["runs", "--json"], stdout=runs) == 0
    assert json.loads(runs.getvalue().splitlines()[-1])["cost_usd"] == 0.0


@pytest.mark.parametrize("store", ["memory", "redis"])
async def test_the_daily_budget_is_never_overspent_however_many_workers_reserve_at_once(store: str) -> None:
    url = "redis://127.0.0.1:6379/14"
    redis.Redis.from_url(url).flushdb()
    ledgers = [RedisDaily(url) for _ in range(4)] if store == "redis" else [MemoryDaily()] * 4
    try:
        granted = await asyncio.gather(*(ledgers[i % 4].reserve("groq", 0.01, budget=0.1) for i in range(50)))
        assert sum(granted) == 10  # exactly the budget, never a call more
        await ledgers[0].settle("groq", -0.004)  # a call cost less than its reservation
        figures = await ledgers[1].figures()
        assert figures["spend_usd"] == pytest.approx(0.096)
        assert figures["spend_by_provider"] == {"groq": pytest.approx(0.096)}
    finally:
        for ledger in ledgers[: 4 if store == "redis" else 1]:
            await ledger.close()
        redis.Redis.from_url(url).flushdb()


def test_prices_come_from_genai_prices_then_the_catalog_and_cached_input_costs_less() -> None:
    full = price("deepseek", "deepseek-v4-flash", 10_000, 1_000)
    cached = price("deepseek", "deepseek-v4-flash", 10_000, 1_000, cached_in=9_000)
    assert full.source == "genai-prices" and cached.usd is not None and full.usd is not None
    assert cached.usd < full.usd
    assert price("openrouter", "qwen/qwen3-coder:free", 10_000, 1_000).usd == 0.0
    assert price("local", "anything", 10_000, 1_000).usd == 0.0
    assert price("groq", "no-such-model", 1, 1).usd is None  # unknown: a cost cap will not risk it


def test_the_services_daily_budget_stops_paid_calls_and_stats_show_the_spend(
    fake_in_thread: FakeLLMServer, tmp_path: Path
) -> None:
    import httpx

    from tests.providers.conftest import key
    from tests.server.test_service import Service, wait_done

    env = {f"PIPELINE_{p.upper()}_BASE_URL": url for p, url in fake_in_thread.urls.items()}
    env.update({"DEEPSEEK_API_KEYS": key("deepseek", "good"), "PIPELINE_DAILY_BUDGET_USD": "0.003",
                "GROQ_API_KEYS": ",".join(key("groq", "good", i) for i in range(2)), "GEMINI_API_KEYS": ""})  # fmt: skip
    svc = Service(tmp_path, **env)
    try:
        with httpx.Client(base_url=svc.url, timeout=30) as client:
            spent, costs = [], []
            for request in ("build a todo app", "build a notes app", "build a habit tracker"):
                job_id = client.post("/api/v1/generate", json={"prompt": request}).json()["job_id"]
                job = wait_done(client, job_id)
                assert job["status"] == "succeeded"
                costs.append(job["summary"]["cost_usd"])  # type: ignore[index]
                spend = client.get("/api/v1/ai/stats").json()["spend"]
                spent.append(spend["today_usd"])
                assert spend["today_usd"] <= 0.003 and spend["daily_budget_usd"] == 0.003
            assert spent[0] > 0 and set(spend["per_provider"]) <= {"deepseek", "groq"}
            # every reservation was settled to its call's real price: the day's spend is what the jobs cost
            assert spend["today_usd"] == pytest.approx(sum(costs), abs=1e-6)
            assert sum(spend["per_provider"].values()) == pytest.approx(sum(costs), abs=1e-6)
            reasons = " ".join(a["fallback_reason"] for a in job["summary"]["agents"])  # type: ignore[index]
            assert "daily budget of $0.003 is spent" in reasons  # the day ran out before the third app did
    finally:
        svc.stop()
