"""Keys from the environment and the keys file; problems reported by fingerprint only."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.errors import ConfigError
from pipeline.keypool import KeyPool, fingerprint
from pipeline.keypool.keys import keys_from_env, keys_from_file

G1 = "AIzaFAKE-gemini-test-key-1"
G2 = "AIzaFAKE-gemini-test-key-2"
G3 = "AIzaFAKE-gemini-test-key-3"
Q1 = "gsk_FAKEgroqkey000000000000000001"


def test_every_env_form_is_read_in_order_with_gaps_and_duplicates_removed() -> None:
    env = {
        "GEMINI_API_KEY": G1,
        "GEMINI_API_KEY_2": G2,
        "GEMINI_API_KEY_7": G3,  # gaps are fine
        "GEMINI_API_KEYS": f"{G1}, {G3} ,",  # duplicates of the above
        "GROQ_API_KEYS": Q1,
        "UNRELATED": "x",
    }
    specs, problems = keys_from_env(env)
    assert [(s.provider, s.key) for s in specs] == [
        ("gemini", G1),
        ("gemini", G2),
        ("gemini", G3),
        ("groq", Q1),
    ]
    assert problems == []


def test_malformed_entries_are_reported_by_fingerprint_never_the_key() -> None:
    bad = "AIza with spaces pasted 12345678"
    env = {"GEMINI_API_KEY": bad, "GROQ_API_KEY": "   ", "OPENROUTER_API_KEYS": ", ,"}
    specs, problems = keys_from_env(env)
    assert specs == []
    text = " | ".join(f"{p.source}: {p.message}" for p in problems)
    assert fingerprint(bad) in text
    assert bad not in text and "with spaces" not in text
    assert "GROQ_API_KEY: is empty" in text
    assert "OPENROUTER_API_KEYS: lists no keys" in text


def test_keys_file_with_groups_labels_limits_and_key_env(tmp_path: Path) -> None:
    path = tmp_path / "keys.toml"
    path.write_text(
        f"""
[[keys]]
provider = "gemini"
key = "{G1}"
group = "project-a"
label = "team laptop"
rpm = 5

[[keys]]
provider = "gemini"
key_env = "MY_SECOND_GEMINI"
group = "project-a"

[[keys]]
provider = "groq"
key = "{Q1}"
tpm = -3

[[keys]]
provider = "nosuch"
key = "whatever-key-000000"

[[keys]]
provider = "gemini"
key_env = "NOT_SET_ANYWHERE"
"""
    )
    specs, problems = keys_from_file(path, {"MY_SECOND_GEMINI": G2})
    assert [(s.provider, s.group, s.label, s.rpm) for s in specs] == [
        ("gemini", "project-a", "team laptop", 5),
        ("gemini", "project-a", "", None),
        ("groq", "", "", None),
    ]
    assert specs[0].limit_group == specs[1].limit_group == "gemini:project-a"
    messages = [p.message for p in problems]
    assert "tpm must be a whole number ≥ 0" in messages
    assert any("unknown provider 'nosuch'" in m for m in messages)
    assert any("NOT_SET_ANYWHERE which is not set" in m for m in messages)
    pool = KeyPool.from_file(path, environ={"MY_SECOND_GEMINI": G2})
    assert pool.providers() == ["gemini", "groq"]


def test_unreadable_keys_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        keys_from_file(tmp_path / "missing.toml")
    broken = tmp_path / "broken.toml"
    broken.write_text("[[keys]\nprovider=")
    with pytest.raises(ConfigError, match="not valid TOML"):
        keys_from_file(broken)


def test_fingerprints_are_short_stable_and_keep_only_the_prefix() -> None:
    assert fingerprint(G1) == fingerprint(G1)
    assert fingerprint(G1) != fingerprint(G2)
    assert fingerprint(G1).startswith("AIza...") and len(fingerprint(G1)) == len("AIza...") + 8
    assert fingerprint(Q1).startswith("gsk_...")
    assert "FAKE" not in fingerprint(G1)


def test_keys_are_read_from_dotenv_with_the_environment_winning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_text(f"GROQ_API_KEY={Q1}\nGEMINI_API_KEY={G1}\n")
    monkeypatch.setenv("GEMINI_API_KEY", G2)
    specs, problems = keys_from_env()
    assert {(s.provider, s.key) for s in specs} == {("groq", Q1), ("gemini", G2)}
    assert problems == []
