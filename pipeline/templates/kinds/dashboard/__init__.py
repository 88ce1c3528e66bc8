"""Charts and totals over the things another kind keeps (or the request names), with CSV import
and export."""

from __future__ import annotations

from pipeline.templates.blueprint import INT, NUM, STR, KindDefinition, View, arr, blueprint, obj, op

BLUEPRINT = blueprint(
    "dashboard", "dashboard", (View("dashboard", "Dashboard", "DashboardView"),),
    op("get", "/api/dashboard/summary", "dashboard_summary", "Summary cards: counts, totals and averages",
       handler="summary",
       response=arr(obj(entity=STR, label=STR, measure=STR, count=INT, total=NUM, average=NUM,
                        measures=arr(obj(name=STR, total=NUM, average=NUM))))),
    op("get", "/api/dashboard/breakdown", "dashboard_breakdown", "Totals grouped by a field or by month",
       handler="breakdown", query={"entity": STR, "by": STR, "measure": {"type": "string", "default": ""}},
       response=arr(obj(key=STR, count=INT, total=NUM)),
       description="`by` is one of the dimensions the summary lists for the entity, or `month`; others are 422."),
    op("get", "/api/dashboard/dimensions", "dashboard_dimensions", "What each entity can be grouped by",
       handler="dimensions",
       response=arr(obj(entity=STR, label=STR, measure=STR, measures=arr(STR), columns=arr(STR), by=arr(STR)))),
    op("post", "/api/dashboard/import", "dashboard_import", "Import records from a CSV file", creates=True,
       handler="import_records",
       request=obj(entity=STR, csv={"type": "string", "maxLength": 4_000_000}), response=obj(entity=STR, imported=INT),
       description="The header names the entity's fields (any case, spaces or order); every row is checked "
                   "first and either all rows are added or none: 422 lists each bad row, 413 over 1 MB."),
    op("get", "/api/dashboard/export", "dashboard_export", "Export an entity's records as CSV",
       handler="export_csv", query={"entity": STR}, response=obj(filename=STR, csv=STR)),
)  # fmt: skip

DEFINITION = KindDefinition(
    key="dashboard",
    priority=900,
    cues=(),  # chosen by charts words (vocabulary.DASHBOARD) over another kind's things
    blueprint=BLUEPRINT,
    prompt="dashboard (charts and totals over the entities)",
    prompt_group="business",
    does=("visualise", "visualize", "chart", "graph", "plot", "analyse", "analyze", "summarise", "summarize"),
)  # fmt: skip
