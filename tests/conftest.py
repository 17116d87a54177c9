from pathlib import Path

import pytest
from django.conf import settings

PLAN_FILE = Path(settings.BASE_DIR) / "plans" / "ca-mau-165-2021.yaml"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Reference data every test reads: the dated units and Plan 165 (rolled back per test on top)."""
    from pcmd.geography.loader import load_units
    from pcmd.plans.loader import load_plan

    with django_db_blocker.unblock():
        load_units()
        load_plan(PLAN_FILE)


@pytest.fixture(autouse=True)
def _fast_hasher_and_media(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def plan(db):
    from pcmd.plans.models import Plan

    return Plan.objects.get(code="ca-mau-165-2021")
