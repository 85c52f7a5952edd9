"""Public pages and APIs never show ID-card or phone numbers (the personal-data scan)."""

from __future__ import annotations

import pytest
from django.test import Client

from shijian.accounts.models import User
from shijian.core.identifiers import idcard_make
from shijian.testing.privacy import personal_data_found
from shijian.testing.world import World

pytestmark = pytest.mark.django_db

#: Every public page and public API GET; later apps append theirs.
PUBLIC_URLS = [
    "/",
    "/login/",
    "/tools/uscc/",
    "/tools/uscc/?code=914403001922038216",
    "/tools/deadline/",
    "/tools/deadline/?rule=complaint.accept&start=2026-03-02",
    "/api/v1/health",
    "/api/v1/rules",
    "/api/v1/divisions/410305",
    "/api/openapi.json",
]


def test_the_scanner_finds_what_it_must() -> None:
    import datetime as dt

    number = idcard_make("410305", dt.date(1980, 5, 17), 12)
    assert personal_data_found(f"法定代表人身份证 {number}") == [number]
    assert personal_data_found("联系电话13912345678。") == ["13912345678"]
    assert personal_data_found("统一社会信用代码 914403001922038216") == []
    assert personal_data_found("4103****1234 139****5678") == []


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_public_output_has_no_personal_data(world: World, url: str) -> None:
    # Seed personal data where a careless page could pick it up.
    User.objects.filter(pk=world.users[next(iter(world.users))].pk).update(phone="13912345678")
    response = Client().get(url)
    assert response.status_code == 200, url
    assert personal_data_found(response.content.decode()) == [], url
