"""How the tests run a generated backend's own pytest suite: with pytest's own plugins only, as
in the fresh venv of its pins its owner runs it in.

This interpreter has every plugin of the dev extras and their dependencies installed (hypothesis,
schemathesis, langsmith, anyio, benchmark, ...), and pytest loads each one by its entry point in
every run: about 3 s of CPU per run before the first test, paid dozens of times per suite. The
apps' requirements name none of them and their tests use none."""

from __future__ import annotations

APP_PYTEST_ENV = {"PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"}
