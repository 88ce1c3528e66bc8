"""Edits and reviews over HTTP: an edit answered by the fake model in the answer protocol, and
the service's review pause answered through its API."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import httpx
import pytest

from pipeline import aedit, agenerate
from pipeline.testing.fake_llm import FakeLLMServer
from tests.providers.test_runs import settings_for, use_keys
from tests.server.test_service import Service, wait_done


async def test_an_edit_over_http_is_answered_in_the_protocol_and_keeps_a_hand_change(
    fake: FakeLLMServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    for provider in ("gemini", "groq", "deepseek"):
        use_keys(monkeypatch, provider, "good")
    root = tmp_path / "todo"
    await agenerate("build a todo app", out=root, settings=settings_for(fake))
    readme = root / "README.md"
    readme.write_text(readme.read_text() + "\nDeployed at our team's server.\n")
    fake.calls.clear()
    summary = await aedit(root, "add a rating to todos", settings=settings_for(fake))
    reports = {r.agent: r for r in summary.agents}
    assert {a: reports[a].provider for a in ("core", "arch", "backend", "uix")} == {
        "core": "deepseek", "arch": "deepseek", "backend": "groq", "uix": "gemini",
    }  # fmt: skip
    core_call = next(c for c in fake.calls if c["agent"] == "core")
    asked = json.dumps(core_call["request"])
    assert "Current plan:" in asked and "add a rating to todos" in asked
    backend_call = next(c for c in fake.calls if c["agent"] == "backend")
    assert "The user asks to change the app: add a rating to todos" in json.dumps(backend_call["request"])
    contract = json.loads((root / "openapi.json").read_text())
    assert "rating" in contract["components"]["schemas"]["TodoCreate"]["properties"]
    assert "Deployed at our team's server." in readme.read_text()  # merged with the new README
    assert "rating" in (root / "frontend" / "src" / "views" / "TodoForm.jsx").read_text()
    assert (root / "frontend" / "src" / "App.jsx").read_text().count("Made with pipeline") == 1
    assert (root / "backend" / "tests" / "test_empty_lists.py").is_file()  # the model's file from before
    assert summary.conflicts == []


def test_the_service_waits_for_review_and_goes_on_with_the_answer(tmp_path: Path) -> None:
    svc = Service(tmp_path)
    try:
        with httpx.Client(base_url=svc.url, timeout=30) as client:

            def start() -> str:
                accepted = client.post(
                    "/api/v1/generate",
                    json={"prompt": "build a todo app", "options": {"offline": True, "review": True}},
                )
                assert accepted.status_code == 202, accepted.text
                client.headers["X-Job-Secret"] = accepted.json()["job_secret"]  # the creator's
                return str(accepted.json()["job_id"])

            # approve the plan after adding a field to it; approve the design
            job_id = start()
            job = wait_done(client, job_id, until=("awaiting_review", "failed"))
            assert job["status"] == "awaiting_review"
            review = job["review"]
            assert isinstance(review, dict) and review["stage"] == "plan"
            plan = review["plan"]
            plan["entities"][0]["fields"].append({"name": "effort", "type": "integer"})
            assert client.post(f"/api/v1/jobs/{job_id}/review", json={"action": "bogus"}).status_code == 422
            answered = client.post(f"/api/v1/jobs/{job_id}/review", json={"action": "edit", "plan": plan})
            assert answered.status_code == 202
            job = wait_done(client, job_id, until=("awaiting_review", "failed", "partial", "succeeded"))
            assert job["status"] == "awaiting_review" and job["review"]["stage"] == "design"  # type: ignore[index]
            assert client.post(f"/api/v1/jobs/{job_id}/review", json={"action": "approve"}).status_code == 202
            job = wait_done(client, job_id)
            assert job["status"] == "succeeded"
            archive = zipfile.ZipFile(io.BytesIO(client.get(f"/api/v1/jobs/{job_id}/archive").content))
            contract = json.loads(archive.read("openapi.json"))
            assert "effort" in contract["components"]["schemas"]["TodoCreate"]["properties"]
            assert client.post(f"/api/v1/jobs/{job_id}/review", json={"action": "approve"}).status_code == 409
            events = client.get(f"/api/v1/jobs/{job_id}/events").text
            assert events.count("event: review") == 2 and "event: end" in events

            # reject: nothing is made
            job_id = start()
            wait_done(client, job_id, until=("awaiting_review",))
            assert client.post(f"/api/v1/jobs/{job_id}/review", json={"action": "reject"}).status_code == 202
            job = wait_done(client, job_id, until=("rejected", "failed", "partial", "succeeded"))
            assert job["status"] == "rejected"
            assert client.get(f"/api/v1/jobs/{job_id}/archive").status_code == 409
    finally:
        svc.stop()
