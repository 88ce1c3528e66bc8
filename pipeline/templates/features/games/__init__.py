"""What every game keeps the same way (``app/games.py``: its table, a new game for a named player,
loading one, refusing a move once it has ended, the leaderboard) and the view pieces every game's
page shares (``Leaderboard``, ``PlayerForm``, ``useGame``)."""

from __future__ import annotations

from pipeline.templates.blueprint import FeatureDefinition, blueprint

BLUEPRINT = blueprint("games", None, ())

DEFINITION = FeatureDefinition(BLUEPRINT)
