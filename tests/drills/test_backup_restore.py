"""Drill: back up a populated installation, restore it on a fresh database with an empty media folder, and compare
what people see: the indicator matrix JSON is identical and every uploaded file (an encrypted tip attachment, a
generated report, an import's kept file) is readable. Run as an operator would, the commands in separate processes
on the engine of this test run (tests/core/test_backup.py covers refusals and damage)."""

import os
import subprocess
import sys
import uuid

import pytest
from cryptography.fernet import Fernet
from django.db import connection

pytestmark = pytest.mark.django_db

POPULATE = """
from datetime import date
from django.core.files.base import ContentFile
from django.utils import timezone
from pcmd.accounts.models import User
from pcmd.core.models import ImportBatch
from pcmd.geography.selectors import unit_at
from pcmd.reports.models import GeneratedReport
from pcmd.reports.services import render_report
from pcmd.tips.services import TipInput, tip_receive
police = User.objects.get(username="congan")
tip = tip_receive(actor=police, data=TipInput(received_at=timezone.now(), channel="letter", content="Đơn sao lưu",
    unit=unit_at(code="32002", on=date(2025, 7, 1)), reporter_name="Người Báo Sao Lưu",
    attachment=ContentFile(b"%PDF-1.4 thu to giac", name="don.pdf")))
report = GeneratedReport.objects.create(kind="yearly", period="2024", format="xlsx")
render_report(report)
print(tip.pk, report.pk)
"""

READ = """
import hashlib, sys
from pcmd.core.crypto import read_decrypted
from pcmd.reports.models import GeneratedReport
from pcmd.tips.models import Tip
tip, report = Tip.objects.get(pk={tip}), GeneratedReport.objects.get(pk={report})
print(read_decrypted(tip.attachment).decode(), tip.reporter_name)
print(hashlib.sha256(report.file.read()).hexdigest())
"""


def _env(tmp, tag, key):
    env = {**os.environ, "PCMD_MEDIA_ROOT": str(tmp / f"media-{tag}"), "PCMD_FIELD_KEY": key,
           "SECRET_KEY": "drill-" + "x" * 50, "DJANGO_SETTINGS_MODULE": "pcmd.settings"}  # fmt: skip
    env.pop("PCMD_DB", None)
    if connection.vendor == "sqlite":
        env["DATABASE_URL"] = f"sqlite:///{tmp / f'{tag}.sqlite3'}"
        return env, None
    name = f"pcmd_drill_{tag}_{uuid.uuid4().hex[:8]}"
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], check=True)
    env["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{name}"
    return env, name


def _pcmd(env, *args):
    r = subprocess.run([sys.executable, "-m", "pcmd.manage", *args], env=env, capture_output=True, text=True,
                       timeout=900)  # fmt: skip
    assert r.returncode == 0, r.stderr[-3000:]
    return r.stdout


def test_backup_then_restore_on_a_fresh_database_gives_the_same_figures_and_files(tmp_path):
    key = Fernet.generate_key().decode()
    source, source_db = _env(tmp_path, "source", key)
    fresh, fresh_db = _env(tmp_path, "fresh", key)
    try:
        _pcmd(source, "migrate", "-v0")
        _pcmd(source, "load_units", "--province", "96")
        _pcmd(source, "load_plan", "plans/ca-mau-165-2021.yaml")
        _pcmd(source, "seed_demo", "--scale", "1", "--seed", "42", "--today", "2026-11-29")
        tip, report = _pcmd(source, "shell", "-v0", "-c", POPULATE).split()[-2:]
        matrix = ["indicators", "--period", "2021..2025", "--format", "json"]
        before = _pcmd(source, *matrix)
        files_before = _pcmd(source, "shell", "-v0", "-c", READ.format(tip=tip, report=report))
        archive = tmp_path / "drill.tar.gz"
        _pcmd(source, "backup", "-o", str(archive))

        _pcmd(fresh, "migrate", "-v0")  # a new machine: empty database, no media folder
        assert "Đã khôi phục" in _pcmd(fresh, "restore", str(archive), "--yes")
        assert _pcmd(fresh, *matrix) == before
        files_after = _pcmd(fresh, "shell", "-v0", "-c", READ.format(tip=tip, report=report))
        assert files_after == files_before and "%PDF-1.4 thu to giac Người Báo Sao Lưu" in files_after
    finally:
        for name in (source_db, fresh_db):
            if name:
                subprocess.run(
                    ["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", name], check=True
                )
