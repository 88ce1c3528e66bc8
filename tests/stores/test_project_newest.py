"""Each project's number of versions and newest version in one query ("My projects" lists them),
on SQLite and on PostgreSQL."""

from __future__ import annotations

from pipeline.stores.project_store import ProjectStore
from tests.stores.test_project_store import store, url  # noqa: F401  (the stores, both kinds)


def test_newest_gives_each_projects_count_and_newest_version(store: ProjectStore) -> None:  # noqa: F811
    ada = store.user("token", "sha256-of-adas-token")
    store.create_project("a" * 32, owner=ada, name="Todos", request="build a todo app")
    store.create_project("b" * 32, owner=ada, name="Recipes", request="a recipe book")
    for n, change in enumerate(("add a rating", "add a colour")):
        store.add_version("a" * 32, job_id=f"{n}" * 32, request=change, made="edit", made_by=ada)
    assert store.newest(["a" * 32, "b" * 32, "c" * 32]) == {"a" * 32: (3, "1" * 32), "b" * 32: (1, "b" * 32)}
    assert store.newest([]) == {}
