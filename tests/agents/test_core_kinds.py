"""On the model path CORE chooses the kind, and the kind's working app is the scaffold the
models edit: a model adds rules to a game or a shop instead of to a list."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline import Settings, agenerate
from pipeline.agents.briefs import load_prompt
from pipeline.agents.core import parse_plan
from pipeline.templates.registry import BLUEPRINTS
from tests.scripted import ScriptedChat, ScriptedModels
from tests.templates.test_kinds import suite_passes


def _plan(**extra: object) -> str:
    return json.dumps({"app_name": "Friends Trivia", "summary": "Test your friends.", **extra})


def test_the_prompt_offers_every_kind_we_build() -> None:
    prompt = load_prompt("core")
    assert all(kind in prompt for kind in BLUEPRINTS)


def test_the_models_kind_is_taken_when_we_build_it() -> None:
    plan = parse_plan(_plan(kind="quiz", entities=[{"name": "player", "plural": "players", "label": "Player",
                                                     "plural_label": "Players", "title_field": "name",
                                                     "fields": [{"name": "name", "type": "string", "required": True}]}]),
                      "an app to test my friends on geography")  # fmt: skip
    assert plan.kind == "quiz" and plan.app_name == "Friends Trivia"


def test_an_unknown_kind_falls_back_to_the_requests_own() -> None:
    assert parse_plan(_plan(kind="rocket_launcher"), "a snake game").kind == "snake"
    assert parse_plan(_plan(kind="rm -rf /"), "a todo app").kind == "todo"


def test_a_game_stays_a_game_when_the_model_names_no_kind() -> None:
    entities = [{"name": "move", "plural": "moves", "label": "Move", "plural_label": "Moves", "title_field": "cell",
                 "fields": [{"name": "cell", "type": "integer", "required": True}]}]  # fmt: skip
    assert parse_plan(_plan(entities=entities), "make a connect four game").kind == "connect_four"
    assert parse_plan(_plan(entities=entities), "a todo app").kind == "generic"


def test_a_shop_gets_products_its_checkout_can_price() -> None:
    partial = [
        {"name": "product", "plural": "products", "label": "Product", "plural_label": "Products", "title_field": "name",
         "fields": [{"name": "name", "type": "string", "required": True}]},
        {"name": "review", "plural": "reviews", "label": "Review", "plural_label": "Reviews", "title_field": "body",
         "fields": [{"name": "body", "type": "text", "required": True},
                    {"name": "product_id", "type": "reference", "references": "product", "required": True}]},
    ]  # fmt: skip
    plan = parse_plan(_plan(kind="shop", entities=partial), "a place to sell my candles")
    product = plan.entities[0]
    assert plan.kind == "shop" and product.name == "product"
    assert {"name", "price", "quantity"} <= {f.name for f in product.fields}
    review = plan.entity("review")
    assert review is not None and review.field("product_id") is not None  # the link still resolves


@pytest.mark.slow
async def test_cores_kind_becomes_the_scaffold_the_models_edit(tmp_path: Path) -> None:
    """A request the offline reader would make a list of; CORE says it is a quiz, and the written
    project is the quiz, its own suite passing."""
    request = "an app to test my friends on geography"
    models = ScriptedModels(
        core=ScriptedChat().enqueue(_plan(kind="quiz")),
        arch=ScriptedChat().enqueue(json.dumps({"custom_operations": []})),
        backend=ScriptedChat().enqueue("<no-changes/>"),
        uix=ScriptedChat().enqueue("<no-changes/>"),
    )
    settings = Settings(**{f"agent_{a}": f"local:{a}" for a in ("core", "arch", "backend", "uix", "debug")})
    out = tmp_path / "trivia"
    summary = await agenerate(request, out=out, settings=settings, models=models)
    assert summary.status == "succeeded", summary.diagnostics
    assert (out / "backend" / "app" / "quiz.py").is_file()
    assert "/api/quiz/answers" in json.loads((out / "openapi.json").read_text())["paths"]
    assert "QuizView" in (out / "frontend" / "src" / "App.jsx").read_text()
    assert suite_passes(out, "tests/test_quiz.py") == 4
