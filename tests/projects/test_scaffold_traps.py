"""Traps in the scaffold a model cannot see: a custom path under an entity's own path, an example
that names a record, natural field names that shadow a type or a keyword, totals of money in and
out, and contract text that does not fit."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from pipeline import Settings, agenerate
from pipeline.agents.arch import DesignNotes, parse_change, parse_design
from pipeline.agents.core import complete_plan
from pipeline.agents.parsing import ParseError
from pipeline.artifacts import FileSet
from pipeline.preview import start_app
from pipeline.templates import build_design, extract_spec, render_backend, render_frontend
from pipeline.templates.dialect import arch_dialect
from pipeline.templates.operations import normalize_operation
from pipeline.validate.runtime import npm_build, run_backend_tests
from tests.projects import flashcards
from tests.scripted import ScriptedChat, ScriptedModels

AGENTS = ("core", "arch", "backend", "uix", "debug")


def budget_plan(kind: str = "generic") -> object:
    entity = {
        "name": "payment", "plural": "payments", "label": "Payment", "plural_label": "Payments",
        "title_field": "class",
        "fields": [
            {"name": "class", "type": "string", "required": True},
            {"name": "date", "type": "date", "required": True},
            {"name": "type", "type": "string", "required": True, "choices": ["income", "expense"]},
            {"name": "amount", "type": "number", "required": True},
            {"name": "id", "type": "integer"},
            {"name": "from", "type": "string"},
            {"name": "list", "type": "string"},
            {"name": "time", "type": "integer"},
            {"name": "datetime", "type": "datetime"},
        ],
    }  # fmt: skip
    data = {"app_name": "Budget", "slug": "budget", "summary": "Money in and out.", "kind": kind,
            "features": ["monthly_totals"], "entities": [entity]}  # fmt: skip
    return complete_plan(data, extract_spec("a household budget"))


def test_field_names_that_shadow_a_type_or_a_keyword_are_kept_and_made_safe() -> None:
    plan = budget_plan()
    names = [(f.name, f.label) for f in plan.entities[0].fields]  # type: ignore[attr-defined]
    assert names[:4] == [("class_", "Class"), ("date", ""), ("type", ""), ("amount", "")]
    assert ("from_", "From") in names and ("list_", "List") in names and ("time", "") in names
    assert "id" not in [n for n, _ in names]  # every record has its id already
    assert plan.entities[0].title_field == "class_"  # type: ignore[attr-defined]


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["generic", "dashboard"])
def test_a_plan_with_a_date_field_imports_passes_its_suite_and_nets_money_in_and_out(kind: str) -> None:
    plan = budget_plan(kind)
    design = build_design(plan)  # type: ignore[arg-type]
    backend = render_backend(plan, design)  # type: ignore[arg-type]
    models = backend.files["backend/app/models.py"]
    assert "    date: Date\n" in models and "    datetime: DateTime | None = None\n" in models
    if kind == "generic":
        assert (
            "def test_monthly_totals_subtract_what_went_out"
            in backend.files["backend/tests/test_payments.py"]
        )
    else:
        assert 'negative=["expense"]' in backend.files["backend/app/dashboard.py"]
        backend.files["backend/tests/test_net.py"] = NET_DASHBOARD
    assert run_backend_tests(backend) == []  # the app imports and its own suite passes
    frontend = render_frontend(plan, design)  # type: ignore[arg-type]
    assert [d for d in npm_build(frontend) if d.severity == "error"] == []


NET_DASHBOARD = """
from fastapi.testclient import TestClient


def test_the_dashboard_total_is_money_in_less_money_out(client: TestClient) -> None:
    for amount, kind in ((100, "income"), (30, "expense")):
        body = {"class_": "x", "date": "2026-01-05", "type": kind, "amount": amount}
        assert client.post("/api/payments", json=body).status_code == 201
    summary = client.get("/api/dashboard/summary").json()
    assert [s["total"] for s in summary if s["entity"] == "payment"] == [70]
"""


@pytest.mark.slow
async def test_a_custom_path_under_an_entitys_path_is_not_taken_for_an_item_over_http(tmp_path: Path) -> None:
    chats = {
        "core": flashcards.CORE,
        "arch": flashcards.ARCH,
        "backend": flashcards.BACKEND,
        "uix": "<no-changes/>",
    }
    models = ScriptedModels(**{a: ScriptedChat().enqueue(t) for a, t in chats.items()})
    settings = Settings(
        **{f"agent_{a}": f"local:{a}" for a in AGENTS}, validate_level="run", data_dir=tmp_path / "d"
    )
    out = tmp_path / "cards"
    summary = await agenerate(flashcards.REQUEST, out=out, settings=settings, models=models)
    assert summary.status == "succeeded" and summary.dropped == [] and summary.fix_rounds == 0
    contract_test = (out / "backend" / "tests" / "test_operations.py").read_text()
    assert 'make(client, "cards")  # the record the example refers to' in contract_test  # card_id: 1 exists
    main = out / "backend" / "app" / "main.py"
    assert main.read_text().index("operations.router") < main.read_text().index("cards.router")

    def over_http() -> tuple[int, int, int]:
        app = start_app(out)
        try:
            transport = httpx.HTTPTransport(uds=str(app.socket))
            with httpx.Client(transport=transport, base_url="http://app") as client:
                card = client.post("/api/cards", json={"front": "hola", "back": "hello"}).json()
                due = client.get("/api/cards/due")
                item = client.get(f"/api/cards/{card['id']}")
                reviewed = client.post("/api/cards/review", json={"card_id": card["id"], "rating": "good"})
                assert due.status_code != 200 or due.json() == [
                    {"id": card["id"], "front": "hola", "due": None}
                ]
                assert item.status_code != 200 or item.json()["front"] == "hola"
                return due.status_code, item.status_code, reviewed.status_code
        finally:
            app.stop()

    assert over_http() == (200, 200, 200)  # the operation and the item each answer for themselves
    # the trap, shown: with the CRUD router first, /{item_id} takes "due" and answers 422
    text = main.read_text()
    ops_line = "    app.include_router(operations.router)\n"
    main.write_text(text.replace(ops_line, "").replace("    app.include_router(cards.router)\n",
                                                        "    app.include_router(cards.router)\n" + ops_line))  # fmt: skip
    assert over_http() == (422, 200, 200)


def test_what_arch_is_shown_it_can_send_back() -> None:
    plan = complete_plan(json.loads(flashcards.CORE), extract_spec(flashcards.REQUEST))
    base = build_design(plan)
    design = parse_design(flashcards.ARCH, plan, base)
    shown = [arch_dialect(op) for op in design.custom_operations]
    assert "anyOf" not in json.dumps(shown)
    again = [normalize_operation(raw, base) for raw in shown]
    assert again[0] == design.custom_operations[0]
    # an echo of the normalised form (optional values as anyOf with null) is read, not refused
    echoed = json.loads(json.dumps(design.custom_operations[0].model_dump(by_alias=True)))
    assert normalize_operation(echoed, base) == design.custom_operations[0]
    # an edit names only what changes: the rest is kept as it was
    ops = design.custom_operations
    changed = parse_change(json.dumps({"removed": ["due_cards"]}), plan, base, ops)
    assert [op.operation_id for op in changed.custom_operations] == ["review_card"]
    added = parse_change(json.dumps({"added": [{**flashcards.DUE, "path": "/api/cards/week",
                                                "operation_id": "week_count"}]}), plan, base, ops)  # fmt: skip
    assert [op.operation_id for op in added.custom_operations] == ["due_cards", "review_card", "week_count"]
    notes = DesignNotes()
    kept = parse_change(
        json.dumps({"changed": [{**flashcards.DUE, "path": "/api/cards/{id}"}], "added": [flashcards.DUE | {
            "operation_id": "week_count", "path": "/api/cards/week"}]}),
        plan, base, ops, notes,
    )  # fmt: skip
    assert kept.custom_operations[0] == ops[0]  # a change that cannot be built keeps the earlier version
    assert notes.refused and "its earlier version is kept" in notes.refused[0]
    with pytest.raises(ParseError, match="no change could be used"):
        parse_change(json.dumps({"added": [{**flashcards.DUE, "path": "/elsewhere"}]}), plan, base, ops)


def test_query_defaults_are_kept_and_nothing_is_cut_silently() -> None:
    plan = complete_plan(json.loads(flashcards.CORE), extract_spec(flashcards.REQUEST))
    base = build_design(plan)
    raw = {**flashcards.DUE, "description": "word " * 500,
           "query": [{"name": "days", "schema": {"type": "integer", "default": 7}, "required": False}]}  # fmt: skip
    shortened: list[str] = []
    op = normalize_operation(raw, base, shortened=shortened)
    assert len(op.description) <= 2_000 and shortened == [
        "GET /api/cards/due description: cut from 2499 to 2000 characters"
    ]
    design = parse_design(json.dumps({"operations": [raw]}), plan, base)
    stub = render_backend(plan, design).files["backend/app/routes/operations.py"]
    assert "days: int | None = Query(7)" in stub
    parameter = design.contract["paths"]["/api/cards/due"]["get"]["parameters"][0]
    assert parameter["schema"]["anyOf"][0]["default"] == 7


def test_a_path_segment_that_is_a_number_is_refused() -> None:
    plan = complete_plan(json.loads(flashcards.CORE), extract_spec(flashcards.REQUEST))
    with pytest.raises(ValueError, match="one record's id"):
        normalize_operation({**flashcards.DUE, "path": "/api/cards/1"}, build_design(plan))


def test_the_scaffold_frontend_never_names_an_export_api_js_lacks() -> None:
    plan = budget_plan()
    frontend: FileSet = render_frontend(plan, build_design(plan))  # type: ignore[arg-type]
    assert "frontend/src/components/ImageUpload.jsx" not in frontend.files  # no upload operation here
    assert not [path for path, text in frontend.files.items() if "uploadImage" in text]


async def test_a_cut_description_and_a_refused_operation_are_events_and_the_refusal_is_dropped(
    tmp_path: Path,
) -> None:
    from pipeline.runner import astream_run

    long = {**flashcards.DUE, "description": "Due cards. " * 300}
    bad = {**flashcards.REVIEW, "path": "/api/cards/{card_id}/review"}
    chats = {"core": flashcards.CORE, "arch": json.dumps({"operations": [long, bad]})}
    models = ScriptedModels(**{a: ScriptedChat().enqueue(t) for a, t in chats.items()})
    settings = Settings(
        agent_core="local:core", agent_arch="local:arch", validate_level="static", data_dir=tmp_path / "d"
    )
    events = [
        e
        async for e in astream_run(
            flashcards.REQUEST, out=tmp_path / "cards", settings=settings, models=models
        )
    ]
    shortened = [e for e in events if e.get("event") == "shortened"]
    assert [e["what"] for e in shortened] == [
        "GET /api/cards/due description: cut from 3299 to 2000 characters"
    ]
    refused = [e for e in events if e.get("event") == "edit_dropped" and e.get("agent") == "arch"]
    assert len(refused) == 1 and "/api/cards/{card_id}/review" in refused[0]["reason"]
    summary = events[-1]["summary"]
    assert any(d.cause == "not_built" and "{card_id}" in d.text for d in summary.dropped)
