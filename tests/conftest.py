import random
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings

PLAN_FILE = Path(settings.BASE_DIR) / "plans" / "ca-mau-165-2021.yaml"
DEMO_TODAY = date(2026, 11, 29)
DEMO_SEED = 42


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Data every test reads, rolled back per test on top: the dated units, Plan 165 and the demo registry
    (establishments, inspections, violations, sanctions, communication, reach, local plans, pilot models, training,
    tips and cases, support cases) at scale 1 with a fixed seed and "today"."""
    from pcmd.demo.establishments import seed_establishments
    from pcmd.demo.outreach import seed_outreach, seed_outreach_registries
    from pcmd.demo.support import seed_support
    from pcmd.demo.tips import seed_tips
    from pcmd.geography.loader import load_units
    from pcmd.plans.loader import load_plan

    with django_db_blocker.unblock():
        load_units()
        load_plan(PLAN_FILE)
        seed_establishments(rng=random.Random(DEMO_SEED), scale=1, today=DEMO_TODAY)
        seed_outreach(rng=random.Random(DEMO_SEED), scale=1, today=DEMO_TODAY)
        seed_outreach_registries(rng=random.Random(DEMO_SEED), scale=1, today=DEMO_TODAY)
        seed_tips(rng=random.Random(DEMO_SEED), scale=1, today=DEMO_TODAY)
        seed_support(rng=random.Random(DEMO_SEED), scale=1, today=DEMO_TODAY)


@pytest.fixture(autouse=True)
def _fast_hasher_media_and_cache(settings, tmp_path, request):
    from django.core.cache import cache

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    if request.node.get_closest_marker("two_factor") is None:
        settings.PCMD_2FA_ROLES = ()  # tests/accounts/test_two_factor.py covers the second factor itself
    cache.clear()


@pytest.fixture
def plan(db):
    from pcmd.plans.models import Plan

    return Plan.objects.get(code="ca-mau-165-2021")
