"""The project store's schema steps (Alembic), applied by ``project_store.open_project_store``."""
