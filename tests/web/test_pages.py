from datetime import date

import pytest

from pcmd.accounts.models import Role
from pcmd.plans.models import Indicator, Task
from tests.factories import member

pytestmark = pytest.mark.django_db


def test_pages_need_login(client):
    for url in ["/", "/plans/", "/accounts/me/"]:
        r = client.get(url)
        assert r.status_code == 302 and r.url.startswith("/accounts/login/")


def test_login_page_is_vietnamese(client):
    body = client.get("/accounts/login/").content.decode()
    assert 'lang="vi"' in body and "Đăng nhập" in body and "Mật khẩu" in body


def test_plan_page_lists_the_fourteen_targets_in_vietnamese(client, plan):
    client.force_login(member(Role.LEAD_OFFICER, "96", on=date(2025, 7, 1)))
    body = client.get("/plans/").content.decode()
    for ind in Indicator.objects.filter(plan=plan):
        assert f'id="ind-{ind.code}"' in body
        assert ind.name in body
    assert "Sở Lao động - Thương binh và Xã hội" in body and "Sở Y tế" in body
    assert body.count('href="/plans/tasks/') == Task.objects.filter(plan=plan).count()


def test_plan_page_query_count_does_not_grow_with_tasks(client, plan, django_assert_max_num_queries):
    from pcmd.geography.selectors import units_valid_on

    client.force_login(member(Role.LEAD_OFFICER, "96", on=date(2025, 7, 1)))
    client.get("/plans/")  # warm the session
    for i, unit in enumerate(units_valid_on(on=date(2025, 7, 1), level="commune")[:30]):
        Task.objects.create(plan=plan, section="ĐP", number=1, unit=unit, text=f"Việc {i}")
    with django_assert_max_num_queries(14):
        r = client.get("/plans/")
    assert r.content.decode().count("Việc ") == 30


def test_navigation_hides_support_from_enforcement(client):
    client.force_login(member(Role.POLICE, "96", on=date(2025, 7, 1)))
    body = client.get("/").content.decode()
    assert "Tin báo – khiếu nại" in body and "Hỗ trợ" not in body


def test_errors_are_vietnamese_without_traces(client):
    client.force_login(member(Role.LEAD_OFFICER, "96", on=date(2025, 7, 1)))
    r = client.get("/plans/tasks/999999/")
    assert r.status_code == 404 and "Không tìm thấy trang" in r.content.decode()
    assert "Traceback" not in r.content.decode()


def test_security_headers(client):
    r = client.get("/accounts/login/")
    assert "default-src 'self'" in r.headers["Content-Security-Policy"]
    assert r.headers["X-Frame-Options"] == "DENY"
