from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser

from pcmd.accounts.models import Membership, Role
from pcmd.accounts.scoping import scope_for
from pcmd.geography.models import AdminUnit
from pcmd.geography.selectors import unit_at
from tests.factories import PASSWORD, UserFactory, member

pytestmark = pytest.mark.django_db
OLD = date(2023, 1, 1)


def _visible(user) -> set[str]:
    return set(AdminUnit.objects.filter(scope_for(user).unit_q("")).values_list("code", flat=True))


def test_commune_officer_sees_only_their_commune():
    user = member(Role.LOCAL_OFFICER, "31999", on=OLD)
    assert _visible(user) == {"31999"}


def test_district_officer_sees_district_and_its_communes():
    user = member(Role.LOCAL_OFFICER, "970", on=OLD)
    codes = _visible(user)
    assert "970" in codes and len(codes) == 1 + 16  # Đầm Dơi and its 16 communes of 2021
    assert "31999" not in codes


def test_provincial_officer_sees_everything_including_merged_bac_lieu():
    user = member(Role.LEAD_OFFICER, "96", on=date(2025, 7, 1))
    scope = scope_for(user)
    assert scope.everything
    assert AdminUnit.objects.filter(scope.unit_q("")).count() == AdminUnit.objects.count()


def test_anonymous_and_expired_memberships_see_nothing():
    assert scope_for(AnonymousUser()).is_empty
    user = member(Role.LOCAL_OFFICER, "31999", on=OLD)
    Membership.objects.filter(user=user).update(valid_to=date(2024, 1, 1))
    assert scope_for(user, on=date(2025, 1, 1)).is_empty


def test_scope_is_one_query_and_cached(django_assert_num_queries):
    user = member(Role.LOCAL_OFFICER, "31999", on=OLD)
    with django_assert_num_queries(1):
        scope_for(user)
        scope_for(user)


def test_argon2_is_the_production_hasher():
    """Tests swap in a fast hasher; the settings module itself puts argon2 first."""
    from pcmd import settings as pcmd_settings

    assert pcmd_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_lockout_after_repeated_failures(client, settings):
    settings.AXES_FAILURE_LIMIT = 3
    user = UserFactory(username="bi-khoa")
    unit_at(code="96", on=OLD)
    for _ in range(3):
        client.post("/accounts/login/", {"username": "bi-khoa", "password": "sai"})
    r = client.post("/accounts/login/", {"username": "bi-khoa", "password": PASSWORD})
    assert r.status_code == 429
    assert "tạm khóa" in r.content.decode()
    assert "_auth_user_id" not in client.session
    assert user.pk  # the account itself is untouched


def test_wrong_password_message_is_vietnamese(client):
    UserFactory(username="can-bo")
    r = client.post("/accounts/login/", {"username": "can-bo", "password": "sai"})
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in r.content.decode()


def test_password_change_in_vietnamese(client):
    user = UserFactory(username="doi-mk")
    client.force_login(user)
    r = client.post(
        "/accounts/password/", {"old_password": "sai", "new_password1": "a", "new_password2": "b"}
    )
    body = r.content.decode()
    assert "Mật khẩu cũ" in body and "không chính xác" in body
    r = client.post("/accounts/password/", {"old_password": PASSWORD, "new_password1": "Kh0ng-de-doan-2026",
                                            "new_password2": "Kh0ng-de-doan-2026"})  # fmt: skip
    assert r.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Kh0ng-de-doan-2026")
