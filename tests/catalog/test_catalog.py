"""The model catalog: rows with sources, defaults that name no retired model, pool limits from it."""

from __future__ import annotations

from datetime import date

import pytest

from pipeline.artifacts import AGENTS
from pipeline.catalog import load_catalog, parse_catalog
from pipeline.keypool.limits import quota_for
from pipeline.settings import PROVIDERS, Settings


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


def test_no_default_chain_names_a_retired_or_unknown_model() -> None:
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    catalog = load_catalog()
    for agent in AGENTS:
        for link in settings.chain(agent):
            if link.provider == "template":
                continue
            info = catalog.model(link.provider, link.model)
            assert info.known and not info.is_retired(), f"{agent}: {link}"
    # a month from now, still none (dates announced for shutdown count too)
    later = date(date.today().year + (date.today().month == 12), date.today().month % 12 + 1, 1)
    for agent in AGENTS:
        for link in settings.chain(agent):
            if link.provider != "template":
                assert not catalog.model(link.provider, link.model).is_retired(later), f"{agent}: {link}"


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
