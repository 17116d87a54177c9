"""API tokens mean their scope: checked on every route, sensitive modules only when named, expiry, last use,
revocation by the owner or an administrator, never more than the owner; scopes in the OpenAPI schema."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from pcmd.accounts.models import ApiToken, Role
from pcmd.accounts.services import token_create
from pcmd.api.main import api
from tests.factories import member
from tests.routes import routes

pytestmark = pytest.mark.django_db
MODULE_OF = {"plan": "plans", "tasks": "plans", "establishments": "establishments", "inspections": "establishments",
             "tips": "tips", "cases": "tips", "activities": "outreach", "reach": "outreach",
             "local-plans": "outreach", "pilot-models": "outreach", "courses": "outreach",
             "indicators": "indicators"}  # fmt: skip
SAMPLE = {"plan": "/api/v1/plan", "tasks": "/api/v1/tasks/1", "establishments": "/api/v1/establishments",
          "inspections": "/api/v1/inspections?period=2024", "tips": "/api/v1/tips", "cases": "/api/v1/cases",
          "activities": "/api/v1/activities", "reach": "/api/v1/reach?year=2024",
          "local-plans": "/api/v1/local-plans?year=2024", "pilot-models": "/api/v1/pilot-models",
          "courses": "/api/v1/courses", "indicators": "/api/v1/indicators?period=2024&indicator=T01"}  # fmt: skip


@pytest.fixture
def police():
    return member(Role.POLICE, "96")


def _get(client, url, secret):
    return client.get(url, HTTP_AUTHORIZATION=f"Bearer {secret}")


def test_every_api_route_is_covered_by_the_walk():
    api_routes = {r.split("/")[2] for r, _ in routes() if r.startswith("api/v1/") and r.count("/") >= 2}
    assert api_routes - {"", "openapi.json", "docs", "units"} == set(MODULE_OF)


def test_a_token_reaches_its_scopes_only(client, police):
    _, indicators = token_create(user=police, name="bảng chỉ tiêu", scopes=["indicators:read"])
    r = _get(client, "/api/v1/tips", indicators)
    assert r.status_code == 403 and "tips:read" in r.json()["detail"]
    for first, url in SAMPLE.items():
        r = _get(client, url, indicators)
        if MODULE_OF[first] == "indicators":
            assert r.status_code == 200, url
        else:
            assert r.status_code == 403, url
    _, everything = token_create(user=police, name="mọi thứ", scopes=["*:read"])  # sensitive only when named
    for first, url in SAMPLE.items():
        r = _get(client, url, everything)
        assert (r.status_code == 403) == (MODULE_OF[first] == "tips"), url
    _, tips = token_create(user=police, name="tin báo", scopes=["tips:write"])  # write includes read
    assert _get(client, "/api/v1/tips", tips).status_code == 200
    assert (
        _get(client, "/api/v1/units?date=2025-07-01&level=province", indicators).status_code == 200
    )  # public


def test_a_token_never_reaches_more_than_its_owner(client):
    inspector = member(Role.INSPECTOR, "32002")
    _, secret = token_create(user=inspector, name="máy", scopes=["tips:read", "*:read"])
    mine = _get(client, "/api/v1/tips", secret).json()
    with_session = client.get("/api/v1/tips", HTTP_AUTHORIZATION="")
    assert with_session.status_code == 401
    client.force_login(inspector)
    assert client.get("/api/v1/tips").json()["count"] == mine["count"]


def test_expired_and_revoked_tokens_get_401_and_last_use_is_recorded(client, police):
    token, secret = token_create(user=police, name="máy", scopes=["indicators:read"], days=30)
    assert token.expires_at.date() == (timezone.now() + timedelta(days=30)).date()
    assert token.last_used_at is None
    assert _get(client, "/api/v1/indicators?period=2024&indicator=T01", secret).status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None
    default, _ = token_create(user=police, name="mặc định")
    assert default.scopes == ["*:read"]
    assert (default.expires_at - timezone.now()).days in (89, 90)
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    r = _get(client, "/api/v1/indicators?period=2024&indicator=T01", secret)
    assert r.status_code == 401 and "hết hạn" in r.json()["detail"]
    _, other = token_create(user=police, name="máy 2", scopes=["indicators:read"])
    client.force_login(police)
    page = client.get("/accounts/tokens/").content.decode()
    assert "máy 2" in page and "Đã hết hạn" in page
    two = ApiToken.objects.get(name="máy 2")
    client.post("/accounts/tokens/", {"action": "revoke", "token": two.pk})
    two.refresh_from_db()
    assert two.revoked_at is not None and two.revoked_by == police
    client.logout()
    assert _get(client, "/api/v1/indicators?period=2024", other).status_code == 401


def test_owner_and_administrators_revoke_nobody_else(client, police):
    token, secret = token_create(user=police, name="máy", scopes=["indicators:read"])
    stranger = member(Role.POLICE, "96")
    client.force_login(stranger)
    assert (
        "máy" not in client.get("/accounts/tokens/").content.decode().split("<tbody>")[1].split("</tbody>")[0]
    )
    assert client.post("/accounts/tokens/", {"action": "revoke", "token": token.pk}).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
    admin = member(Role.ADMINISTRATOR, "96")
    client.force_login(admin)
    client.post("/accounts/tokens/", {"action": "revoke", "token": token.pk})
    token.refresh_from_db()
    assert token.revoked_by == admin
    client.logout()
    assert _get(client, "/api/v1/indicators?period=2024", secret).status_code == 401


def test_a_token_made_on_the_page_is_shown_once_with_its_scopes(client, police):
    client.force_login(police)
    r = client.post("/accounts/tokens/", {"action": "create", "name": "Cổng dữ liệu", "scopes": ["indicators:read"],
                                          "days": 400})  # fmt: skip
    assert (
        "Không được lớn hơn 366" in r.content.decode() and not ApiToken.objects.filter(user=police).exists()
    )
    r = client.post("/accounts/tokens/", {"action": "create", "name": "Cổng dữ liệu", "scopes": ["indicators:read"],
                                          "days": 7})  # fmt: skip
    secret = r.content.decode().split("<code>")[1].split("</code>")[0]
    assert secret.startswith("pcmd_") and "no-store" in r["Cache-Control"]
    assert secret not in client.get("/accounts/tokens/").content.decode()
    client.logout()
    assert _get(client, "/api/v1/indicators?period=2024&indicator=T01", secret).status_code == 200
    assert _get(client, "/api/v1/establishments", secret).status_code == 403


def test_the_command_sets_scopes_and_days(police, capsys):
    call_command("create_token", police.username, "--scope", "plans:read", "--days", "10")
    token = ApiToken.objects.get(user=police)
    assert token.scopes == ["plans:read"] and (token.expires_at - timezone.now()).days == 9
    with pytest.raises(Exception, match="Phạm vi không hợp lệ: support:read"):
        call_command("create_token", police.username, "--scope", "support:read")


def test_the_schema_documents_scopes_and_error_answers():
    schema = api.get_openapi_schema()
    assert "tips:read" in schema["info"]["description"]
    for path, methods in schema["paths"].items():
        for details in methods.values():
            codes = set(details["responses"])
            assert 400 in codes, path
            if path.split("/")[3] != "units":
                module = MODULE_OF[path.split("/")[3]]
                assert details["x-pcmd-scope"] == f"{module}:read" and {401, 403, 404} <= codes, path
