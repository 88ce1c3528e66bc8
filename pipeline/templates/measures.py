"""A dashboard's own measures and dimensions, read from the request: "weekly sales by region and
product" charts sales (a number) on a date, grouped by region and by product; "track my daily
steps, sleep hours and water intake" charts three numbers a day."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.templates import naming

# what comes before the measures: "a dashboard of", "to track my", "showing our", "for website"
_LEAD = re.compile(
    r"(?:\b(?:dashboards?|analytics|charts?|graphs?|kpis?|visuali[sz]e[sd]?|track(?:s|ing)?|monitor(?:s|ing)?|"
    r"log(?:s|ging)?|record(?:s|ing)?|measur(?:e|es|ing)|shows?|showing|plots?|plotting)\s+|:\s*)"
    r"(?:(?:of|for|on|over)\s+)?(?:(?:my|our|the|their|your|a|an)\s+)?"
    r"(?P<list>[a-z][a-z0-9 ,&'/-]*?)"
    r"(?:\s+(?:by|per|across|broken\s+down\s+by|grouped\s+by|split\s+by)\s+(?P<dims>[a-z][a-z ,&/-]*?))?"
    r"\s*(?=[.;:!?]|\bwith\b|\bso\b|\bthat\b|\bwhich\b|\bwhere\b|\bin\s+(?:a|one)\b|\bover\s+time\b|$)"
)
# a lead that leads on to another ("an analytics dashboard for", "a dashboard to track my")
_CHAINED = re.compile(
    r"^(?:(?:dashboards?|analytics|charts?|graphs?|kpis?|app|tool|page)\s+)*(?:(?:to|that|which|for|of)\s+)?"
    r"(?:(?:track|monitor|log|record|measure|show|showing|shows|plot|chart|see|view)s?\s+)?"
    r"(?:(?:of|for|on)\s+)?(?:(?:my|our|the|their|your)\s+)?"
)
_PERIODS = {"day": "daily", "week": "weekly", "month": "monthly", "quarter": "quarterly", "year": "yearly"}
_PERIOD_WORDS = re.compile(
    r"\b(?:daily|weekly|monthly|quarterly|yearly|annual|every\s+day|each\s+day|today's)\b"
)
# words about the chart or the person, never a measure
_NOT_MEASURES = {
    "dashboard", "dashboards", "analytics", "chart", "charts", "graph", "graphs", "kpi", "kpis", "data", "stats",
    "statistics", "metrics", "numbers", "progress", "trends", "trend", "app", "application", "tool", "website",
    "site", "business", "company", "team", "performance", "overview", "report", "reports", "me", "it", "them",
    "everything", "things", "time", "habits", "health", "fitness", "results", "totals", "activity", "shop",
    "store", "shops", "stores", "sales team", "family", "household", "startup", "project", "projects",
}  # fmt: skip
_NOT_MEASURE_WORDS = re.compile(r"\b(?:total|number of|amount of|count of|how many|my|our|the|of|website)\b")
_TIME_DIMENSIONS = {
    "day",
    "days",
    "date",
    "week",
    "weeks",
    "month",
    "months",
    "year",
    "years",
    "quarter",
    "time",
}


@dataclass(frozen=True)
class Measures:
    """What a dashboard charts: numbers, by which categories (the date is always kept)."""

    numbers: tuple[str, ...]
    dimensions: tuple[str, ...]
    period: str = ""
    """``day``, ``week``, ``month``…: how often a row is recorded, when the request says."""

    def field_specs(self) -> list[str]:
        """The entity's fields, in ``vocabulary.parse_field`` form: the date first (it names a row)."""
        return [
            "recorded_on:date!",
            *(f"{n}:number!" for n in self.numbers),
            *(f"{d}:string" for d in self.dimensions),
        ]


_INNER_LEAD = re.compile(r"\b(?:showing|shows|tracking|tracks|monitoring|charting|plotting|measuring)\b")


def _names(chunk: str, *, measures: bool = True) -> list[str]:
    out: list[str] = []
    chunk = _INNER_LEAD.split(chunk)[-1]  # "for a bakery showing revenue…": what it shows
    for item in re.split(r",|\band\b|&|/|\bplus\b|\bper\b|\bby\b", _CHAINED.sub("", chunk.strip())):
        words = _NOT_MEASURE_WORDS.sub(" ", _PERIOD_WORDS.sub(" ", item)).split()
        words = [w for w in words if w not in {"a", "an", "per", "each", "every"}]
        if not words or len(words) > 3:
            continue
        if measures and (" ".join(words) in _NOT_MEASURES or words[-1] in _NOT_MEASURES | _TIME_DIMENSIONS):
            continue
        name = naming.identifier(" ".join(words), fallback="")
        if name and name not in out:
            out.append(name)
    return out


def read_measures(lowered: str) -> Measures | None:
    """The request's measures and dimensions, or None when it names no numbers to chart."""
    for match in _LEAD.finditer(lowered):
        numbers = _names(match["list"])
        if not numbers:
            continue
        dims_said = _names(match["dims"] or "", measures=False)
        period = next((p for p, w in _PERIODS.items() if w in lowered), "")
        period = next((d for d in dims_said if d in _TIME_DIMENSIONS), period)
        dims = tuple(d for d in dims_said if d not in _TIME_DIMENSIONS and d not in numbers)
        return Measures(tuple(numbers[:6]), dims[:4], period.removesuffix("s"))
    return None
