"""Browser tests: Debian's Chromium driven by Playwright (never `playwright install`)."""

import os
import shutil

import pytest
from pytest_django.fixtures import django_db_setup  # noqa: F401 - the plain one: e2e tests load their own rows

CHROMIUM = os.environ.get("PCMD_CHROMIUM", "/usr/bin/chromium")
FLAGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]  # fmt: skip


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: install Debian's chromium (apt-get install chromium)."
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser, tmp_path):
    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
    p = context.new_page()
    p.set_default_timeout(15000)
    yield p
    context.close()


@pytest.fixture
def reference_data(transactional_db):
    """Units and the plan, loaded inside the transactional test (the live server flushes after)."""
    from pcmd.geography.loader import load_units
    from pcmd.plans.loader import load_plan
    from tests.conftest import PLAN_FILE

    load_units()
    load_plan(PLAN_FILE)
    # A transactional test flushes rows that data migrations seeded: put the editable lists back.
    from importlib import import_module

    from django.apps import apps

    import_module("pcmd.establishments.migrations.0002_seed_lists").forwards(apps, None)
    import_module("pcmd.outreach.migrations.0002_seed_lists").forwards(apps, None)
    import_module("pcmd.outreach.migrations.0004_seed_programs_and_models").forwards(apps, None)
    import_module("pcmd.tips.migrations.0004_seed_rules_with_sources").forwards(apps, None)
    import_module("pcmd.core.migrations.0008_calendar_new_year_2026").forwards(apps, None)


@pytest.fixture
def screenshot_dir():
    path = os.environ.get("PCMD_SCREENSHOTS")
    if path:
        os.makedirs(path, exist_ok=True)
    return path
