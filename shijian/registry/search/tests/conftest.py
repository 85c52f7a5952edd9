"""Fixtures of the search tests: the test URLconf, the app's templates, a few industries."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from shijian.registry.models import Industry

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"


@pytest.fixture(autouse=True)
def search_site(settings: Any) -> None:
    """Mount the search URLs and make its templates findable (as INSTALLED_APPS will in the project)."""
    settings.ROOT_URLCONF = "shijian.registry.search.tests.urls"
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["DIRS"] = [*templates[0]["DIRS"], str(TEMPLATES_DIR)]
    settings.TEMPLATES = templates


@pytest.fixture
def industries(db: None) -> None:
    """Section C (manufacturing) with division 34 and section F (trade) with division 51."""
    for code, name, level, parent in (
        ("C", "制造业", "section", None),
        ("34", "通用设备制造业", "division", "C"),
        ("F", "批发和零售业", "section", None),
        ("51", "批发业", "division", "F"),
    ):
        Industry.objects.update_or_create(
            code=code, defaults={"name": name, "level": level, "parent_id": parent}
        )
