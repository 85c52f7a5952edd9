"""Fixtures shared by the whole suite."""

from __future__ import annotations

from typing import Any

import pytest

from shijian.testing.calendars import drop_test_calendar, ensure_test_calendar
from shijian.testing.seeds import restore_seeded_rules
from shijian.testing.world import World, build_world


def _uses_db(request: pytest.FixtureRequest) -> bool:
    """True when the test uses the database (marker or fixture)."""
    marker = request.node.get_closest_marker("django_db")
    return marker is not None or bool({"db", "transactional_db"} & set(request.fixturenames))


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: Any) -> None:
    """The test databases, with the test calendar committed once (see ``_test_calendar``)."""
    with django_db_blocker.unblock():
        ensure_test_calendar()


@pytest.fixture(autouse=True)
def _seeded_rules(request: pytest.FixtureRequest) -> None:
    """The rule table as the migrations seed it, for every test that uses the database.

    A transactional test (live server, batch jobs that commit) ends with a flush
    that empties every table, including the rows data migrations seeded; the
    tests that run after it in the same process would otherwise find no rules.
    """
    if not _uses_db(request):
        return
    request.getfixturevalue("_django_db_helper")
    restore_seeded_rules()


@pytest.fixture(autouse=True)
def _test_calendar(request: pytest.FixtureRequest) -> None:
    """The test calendar for the years ``chinesecalendar`` lacks, for every test that uses the database.

    Code that reads the real date (views, the demo builder, browser tests) would
    otherwise stop working once its periods reach a year after the package's last
    (``shijian.testing.calendars``). Loaded once per database and again after a
    transactional test's flush; a test marked ``without_test_calendar`` sees those
    years missing, as production does before the State Council notice is loaded.
    """
    if not _uses_db(request):
        return
    request.getfixturevalue("_django_db_helper")
    if request.node.get_closest_marker("without_test_calendar") is not None:
        drop_test_calendar()
    else:
        ensure_test_calendar()


@pytest.fixture
def world(db: None) -> World:
    """The test jurisdiction tree with one user per role."""
    return build_world()
