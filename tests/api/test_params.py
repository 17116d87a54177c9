"""Every query and path parameter is checked before it reaches the database: 400 with a Vietnamese message naming
the parameter and the reason, never a 500."""

import pytest

from pcmd.accounts.models import Role
from tests.factories import member

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(client):
    user = member(Role.LEAD_OFFICER, "96")
    client.force_login(user)
    return user


@pytest.mark.parametrize(("url", "field", "reason"), [
    ("/api/v1/cases?year=10000", "year", "nhỏ hơn hoặc bằng 2100"),
    ("/api/v1/cases?year=-1", "year", "lớn hơn hoặc bằng 2000"),
    ("/api/v1/cases?year=12345678901234567890", "year", "nhỏ hơn hoặc bằng 2100"),
    ("/api/v1/cases?year=hai", "year", "phải là số nguyên"),
    ("/api/v1/tips/12345678901234567890", "tip_id", "nhỏ hơn hoặc bằng"),
    ("/api/v1/tips?page=0", "page", "lớn hơn hoặc bằng 1"),
    ("/api/v1/tips?reference=a%00b", "reference", "ký tự không được phép"),
    ("/api/v1/establishments?page_size=100000", "page_size", "nhỏ hơn hoặc bằng 500"),
    ("/api/v1/establishments?q=" + "x" * 201, "q", "dài quá 200 ký tự"),
    ("/api/v1/reach?year=99999999999999999999", "year", "nhỏ hơn hoặc bằng 2100"),
    ("/api/v1/courses?year=0", "year", "lớn hơn hoặc bằng 2000"),
    ("/api/v1/tasks/-5", "task_id", "lớn hơn hoặc bằng 1"),
    ("/api/v1/units?date=2025-02-30", "date", "ngày không hợp lệ"),
])  # fmt: skip
def test_bad_parameters_are_400_with_the_field_and_the_reason(client, officer, url, field, reason):
    r = client.get(url)
    assert r.status_code == 400, r.content
    detail = r.json()["detail"]
    assert f"Tham số «{field}»" in detail and reason in detail, detail


def test_good_bounds_still_answer(client, officer):
    assert client.get("/api/v1/cases?year=2024").status_code == 200
    assert client.get("/api/v1/tips/2147483647").status_code == 404
