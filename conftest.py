"""Fixtures shared by the whole suite."""

from __future__ import annotations

import pytest

from shijian.testing.seeds import restore_seeded_rules
from shijian.testing.world import World, build_world


@pytest.fixture(autouse=True)
def _seeded_rules(request: pytest.FixtureRequest) -> None:
    """The rule table as the migrations seed it, for every test that uses the database.

    A transactional test (live server, batch jobs that commit) ends with a flush
    that empties every table, including the rows data migrations seeded; the
    tests that run after it in the same process would otherwise find no rules.
    """
    marker = request.node.get_closest_marker("django_db")
    if marker is None and not {"db", "transactional_db"} & set(request.fixturenames):
        return
    request.getfixturevalue("_django_db_helper")
    restore_seeded_rules()


@pytest.fixture
def world(db: None) -> World:
    """The test jurisdiction tree with one user per role."""
    return build_world()
