"""Whole runs through the HTTP path: every agent asks the fake server, with several keys each."""

from __future__ import annotations

import pytest

from pipeline import Settings, agenerate
from pipeline.keypool import fingerprint
from pipeline.runner import astream_run
from pipeline.templates import build_design, extract_spec, project_files, render_backend, render_frontend
from pipeline.testing.fake_llm import FakeLLMServer
from tests.providers.conftest import key


def settings_for(fake: FakeLLMServer, **overrides: object) -> Settings:
    urls = {f"{p}_base_url": url for p, url in fake.urls.items()}
    return Settings(**urls, **overrides)  # type: ignore[arg-type]


def use_keys(monkeypatch: pytest.MonkeyPatch, provider: str, *tags: str) -> list[str]:
    keys = [key(provider, tag, i) for i, tag in enumerate(tags)]
    monkeypatch.setenv(f"{provider.upper()}_API_KEYS", ",".join(keys))
    return keys


async def test_every_agent_answers_over_http_with_several_keys(
    fake: FakeLLMServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    for provider in ("gemini", "groq", "deepseek", "openrouter"):
        use_keys(monkeypatch, provider, "good", "good", "good")
    summary = await agenerate(
        "a library system to track books, members and loans", settings=settings_for(fake)
    )
    providers = {r.agent: r.provider for r in summary.agents}
    assert providers == {
        "core": "deepseek",
        "arch": "deepseek",
        "backend": "groq",
        "uix": "gemini",
        "debug": "rules",
    }
    for report in summary.agents:
        if report.agent != "debug":
            assert report.key_fingerprint.startswith(("sk-...", "gsk_...", "AIza..."))
            assert report.tokens_in > 0 and report.tokens_out > 0
            assert report.fallback_reason == ""
    assert [d for d in summary.diagnostics if d.severity == "error"] == []
    agents_called = sorted(c["agent"] for c in fake.calls)
    assert agents_called == ["arch", "backend", "core", "uix"]
    plan = extract_spec("a library system to track books, members and loans")
    expected = {
        **render_backend(plan, build_design(plan)).files,
        **render_frontend(plan, build_design(plan)).files,
    }
    # the scaffold, plus the test file BACKEND added in the answer protocol
    added = "backend/tests/test_empty_lists.py"
    root = set(project_files(plan, build_design(plan)))  # README, contract, and what ships the app
    assert set(summary.files_written) == set(expected) | root | {added}


async def test_a_provider_whose_keys_all_fail_401_falls_back_and_reports_them(
    fake: FakeLLMServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = use_keys(monkeypatch, "groq", "invalid", "invalid")
    use_keys(monkeypatch, "openrouter", "good")
    settings = settings_for(fake, agent_core="template", agent_arch="template", agent_uix="template")
    summary = await agenerate("build a todo app", settings=settings)
    backend = next(r for r in summary.agents if r.agent == "backend")
    assert backend.provider == "openrouter"
    assert "key rejected (401)" in backend.fallback_reason
    retired = sorted(ev["key"] for ev in summary.key_events if ev["to"] == "retired")
    assert retired == sorted(fingerprint(k) for k in bad)
    dumped = summary.model_dump_json()
    assert all(k not in dumped for k in bad)


async def test_exhausted_chain_ends_on_templates_and_says_why(
    fake: FakeLLMServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_keys(monkeypatch, "groq", "limited", "limited")
    use_keys(monkeypatch, "openrouter", "broke")
    settings = settings_for(fake, agent_core="template", agent_arch="template", agent_uix="template")
    summary = await agenerate("expense tracker with categories and monthly totals", settings=settings)
    backend = next(r for r in summary.agents if r.agent == "backend")
    assert backend.provider == "template"
    assert "groq: no groq key has room" in backend.fallback_reason
    assert "openrouter" in backend.fallback_reason
    states = {(ev["key"], ev["to"]) for ev in summary.key_events}
    assert (fingerprint(key("openrouter", "broke", 0)), "retired") in states
    assert (fingerprint(key("groq", "limited", 0)), "cooling") in states
    assert [d for d in summary.diagnostics if d.severity == "error"] == []


async def test_parallel_agents_on_one_provider_each_report_their_own_key_changes(
    fake: FakeLLMServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_keys(monkeypatch, "openrouter", "invalid", "good")
    settings = settings_for(
        fake,
        agent_core="template",
        agent_arch="template",
        agent_backend="openrouter:m",
        agent_uix="openrouter:m",
        key_store="memory",
        cache=False,
    )
    events = [e async for e in astream_run("build a todo app", settings=settings)]
    retired = [e for e in events if e["event"] == "key_state" and e["to"] == "retired"]
    assert len(retired) == 1
    swapped = [e["agent"] for e in events if e["event"] == "provider_end" and e.get("keys_tried", 1) == 2]
    assert swapped == [retired[0]["agent"]]  # credited to the agent whose call hit the bad key
