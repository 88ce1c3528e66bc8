"""The model catalog: rows with sources, defaults that name no retired model, pool limits from it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from pipeline.artifacts import AGENTS
from pipeline.catalog import load_catalog, parse_catalog
from pipeline.cli.models import link_state
from pipeline.keypool.limits import quota_for
from pipeline.providers.live_models import LiveModel
from pipeline.settings import PROVIDERS, ChainLink, Settings


def test_every_row_says_where_its_figures_come_from_and_when() -> None:
    rows = load_catalog().rows()
    assert len(rows) >= 10
    for row in rows:
        assert row.source and date.fromisoformat(row.checked), row.model
        assert row.context > 0 and 0 < row.max_output <= row.context, row.model
        assert row.limit_scope in ("key", "project", "organization", "account")


def test_retired_models_name_a_current_replacement() -> None:
    catalog = load_catalog()
    retired = [m for m in catalog.rows() if m.retired]
    assert {(m.provider, m.model) for m in retired} >= {
        ("groq", "llama-3.3-70b-versatile"),
        ("deepseek", "deepseek-chat"),
        ("gemini", "gemini-2.5-flash"),
    }
    for m in retired:
        assert m.replacement, m.model
        assert not catalog.model(m.provider, m.replacement).is_retired(), m.replacement


def test_no_default_chain_names_a_model_retired_when_the_catalog_was_last_checked() -> None:
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    catalog = load_catalog()
    # the catalog's own date, not the calendar's: a shutdown coming later is `models --check`'s news
    checked = max(date.fromisoformat(row.checked) for row in catalog.rows())
    for agent in AGENTS:
        for link in settings.chain(agent):
            if link.provider == "template":
                continue
            info = catalog.model(link.provider, link.model)
            assert info.known and not info.is_retired(checked), f"{agent}: {link}"


def test_models_check_warns_of_a_shutdown_within_a_month_and_the_plain_listing_does_not() -> None:
    link = ChainLink("groq", "llama-3.3-70b-versatile")
    retired = date.fromisoformat(load_catalog().model("groq", link.model).retired or "")
    live: list[LiveModel] = []
    soon = link_state(link, live, None, today=retired - timedelta(days=10))
    assert soon["status"] == "retiring"
    assert soon["detail"] == f"retires on {retired.isoformat()}; use groq:openai/gpt-oss-120b"
    assert link_state(link, live, None, today=retired - timedelta(days=60))["status"] == "missing"
    assert link_state(link, None, None, today=retired - timedelta(days=10))["status"] == "listed"
    assert link_state(link, None, None, today=retired)["status"] == "retired"


@pytest.mark.parametrize("provider", [p for p in PROVIDERS if p != "local"])
def test_the_key_pools_default_limits_come_from_the_catalog(provider: str) -> None:
    catalog = load_catalog()
    row = catalog.model(provider, catalog.provider(provider).default_model)
    quota = quota_for(provider)
    assert (quota.limits.rpm, quota.limits.rpd, quota.limits.tpm, quota.limits.tpd) == (
        row.rpm,
        row.rpd,
        row.tpm,
        row.tpd,
    )
    assert quota.reset_zone == catalog.provider(provider).reset_zone


def test_gemini_days_end_at_pacific_midnight_and_a_model_not_listed_gets_its_providers_defaults() -> None:
    assert quota_for("gemini").reset_zone == "America/Los_Angeles"
    unknown = load_catalog().model("local", "some-model")
    assert not unknown.known and unknown.context == load_catalog().provider("local").context


def test_an_unknown_field_in_the_catalog_is_a_mistake() -> None:
    with pytest.raises(TypeError):
        parse_catalog({"models": [{"provider": "groq", "model": "x", "contxt": 1}]})
