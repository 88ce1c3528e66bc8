"""What a configuration can serve in a day, before anyone launches: the planner (pure), the
day played through the real key pool (``simulate``) and the ``capacity`` command."""
