"""The errors a kind's rules raise (``app/rules.py``), answered by the web layer with their status."""

from __future__ import annotations

from pipeline.templates.blueprint import FeatureDefinition, blueprint

BLUEPRINT = blueprint("rules", None, ())

DEFINITION = FeatureDefinition(BLUEPRINT)
