"""Dashboards chart the request's own measures by its own dimensions (issue 28), and take their
records from a CSV file: every row or none, each bad row named, a size cap, and an export that
reads back in. Requests quoted here are from the tune half of the outside corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline import generate
from pipeline.templates import extract_spec
from pipeline.templates.measures import read_measures
from tests.templates.test_kinds import app_page, suite_passes
from tests.templates.test_outside_requests import tune


@pytest.mark.parametrize(
    ("request_text", "numbers", "dimensions"),
    [
        ("I want a dashboard to track my daily steps, sleep hours and water intake.",
         ["steps", "sleep_hours", "water_intake"], []),
        ("An analytics dashboard for our website: visits and sign-ups per month, imported from our spreadsheet as CSV.",
         ["visits", "sign_ups"], []),
    ],
)  # fmt: skip
def test_the_entity_holds_the_requests_measures_on_a_date_by_its_dimensions(
    request_text: str, numbers: list[str], dimensions: list[str]
) -> None:
    plan = extract_spec(tune(request_text))
    assert plan.kind == "dashboard" and plan.fit == "full" and len(plan.entities) == 1
    fields = {f.name: f.type for f in plan.entities[0].fields}
    assert fields == {
        "recorded_on": "date",
        **dict.fromkeys(numbers, "number"),
        **dict.fromkeys(dimensions, "string"),
    }


def test_a_measure_the_kinds_know_keeps_their_record_grouped_as_asked() -> None:
    plan = extract_spec(tune("A dashboard of weekly sales by region and product."))
    sale = plan.entities[0]
    assert plan.kind == "dashboard" and [e.name for e in plan.entities] == ["sale"]
    assert sale.field("amount") is not None and sale.field("sold_on") is not None
    assert sale.field("region") is not None and sale.field("product") is not None


def test_a_period_is_a_date_not_a_measure_or_a_category() -> None:
    said = read_measures("a dashboard showing revenue, orders and refunds by channel per week")
    assert said is not None
    assert (said.numbers, said.dimensions, said.period) == (
        ("revenue", "orders", "refunds"),
        ("channel",),
        "week",
    )


@pytest.mark.parametrize(
    "request_text",
    ["a weather dashboard", "a sales dashboard with charts", "an expense dashboard with charts by category"],
)
def test_a_dashboard_that_names_no_measures_keeps_the_things_it_charts(request_text: str) -> None:
    plan = extract_spec(request_text)
    assert plan.kind == "dashboard" and plan.entities[0].name != "entry"


def test_a_csv_ask_is_unmet_unless_the_app_is_a_dashboard() -> None:
    assert "importing and exporting CSV files" in extract_spec("a recipe box with a CSV export").unmet
    assert extract_spec(tune("An analytics dashboard for our website: visits and sign-ups per month, imported "
                             "from our spreadsheet as CSV.")).unmet == []  # fmt: skip


def test_the_generated_suite_imports_and_exports_csv(tmp_path: Path) -> None:
    project = tmp_path / "steps"
    generate(tune("I want a dashboard to track my daily steps, sleep hours and water intake."), out=project)
    code = (project / "backend" / "app" / "dashboard.py").read_text()
    assert 'measures=tuple(["steps", "sleep_hours", "water_intake"])' in code
    assert suite_passes(project, "tests/test_dashboard.py") >= 10  # the import's six tests among them


@pytest.mark.slow
def test_a_browser_imports_a_csv_and_sees_the_totals_change(tmp_path: Path) -> None:
    from playwright.sync_api import expect

    request_text = tune("I want a dashboard to track my daily steps, sleep hours and water intake.")
    with app_page(tmp_path, request_text, "/api/dashboard/dimensions") as (page, _base):
        expect(page.get_by_test_id("count-entry")).to_have_text("0")
        upload = page.get_by_label("Import Entries from CSV")
        upload.set_input_files(
            files=[{"name": "week.csv", "mimeType": "text/csv", "buffer": b"bad"}]
        )  # a header that names nothing: refused, and nothing changes
        expect(page.get_by_role("alert")).to_contain_text("unknown columns: bad")
        rows = "Water Intake,STEPS,recorded on,Sleep Hours\n2,8000,2026-03-01,7\n1.5,12000,2026-03-02,6.5\n"
        upload.set_input_files(files=[{"name": "week.csv", "mimeType": "text/csv", "buffer": rows.encode()}])
        expect(page.get_by_role("status")).to_have_text("Imported 2 rows from week.csv.")
        expect(page.get_by_test_id("count-entry")).to_have_text("2")
        expect(page.get_by_test_id("total-entry")).to_have_text("20,000")
        expect(page.get_by_test_id("total-entry-sleep_hours")).to_have_text("13.5")
        chart = page.get_by_role("img", name="Entries: total steps by month")
        expect(chart).to_contain_text("2026-03")
        page.get_by_label("Chart").select_option("water_intake")
        expect(page.get_by_role("img", name="Entries: total water intake by month")).to_contain_text("3.5")
