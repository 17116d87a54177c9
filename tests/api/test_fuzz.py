"""A short, seeded schema-based fuzz run of the whole API against the demo data (both engines: the suite runs on
PostgreSQL with DATABASE_URL): no server error, no status code the schema does not document."""

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error, status_code_conformance

from pcmd.accounts.models import Role
from pcmd.accounts.services import token_create
from tests.factories import member

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Called as WSGI, each request would close the database connection at its end (as in production); the test
    client does not, and neither must this run, or PostgreSQL loses the test's transaction."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def bearer(db):
    user = member(Role.LEAD_OFFICER, "96")
    _, secret = token_create(user=user, name="fuzz", scopes=["*:read", "tips:read"])
    return {"Authorization": f"Bearer {secret}"}


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=25, derandomize=True, deadline=None, database=None,
          suppress_health_check=list(HealthCheck))  # fmt: skip
def test_the_api_answers_what_its_schema_says(case, bearer):
    case.call_and_validate(headers=bearer, checks=[not_a_server_error, status_code_conformance])
