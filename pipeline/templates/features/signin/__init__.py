"""Password hashing and throttled sign-in, shared by accounts and the owner."""

from __future__ import annotations

from pipeline.templates.blueprint import FeatureDefinition, blueprint

BLUEPRINT = blueprint("signin", None, ())

DEFINITION = FeatureDefinition(BLUEPRINT)
