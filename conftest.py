"""Fixtures shared by the whole suite."""

from __future__ import annotations

import pytest

from shijian.testing.world import World, build_world


@pytest.fixture
def world(db: None) -> World:
    """The test jurisdiction tree with one user per role."""
    return build_world()
