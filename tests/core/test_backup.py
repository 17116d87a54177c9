"""Backup and restore, run as an operator would: the commands in a separate process on a scratch database of the
engine this suite runs on (SQLite file, or a scratch PostgreSQL database)."""

import os
import subprocess
import sys
import uuid

import pytest
from cryptography.fernet import Fernet
from django.db import connection

pytestmark = pytest.mark.django_db


@pytest.fixture
def scratch(tmp_path):
    env = {**os.environ, "PCMD_MEDIA_ROOT": str(tmp_path / "media"), "PCMD_FIELD_KEY": Fernet.generate_key().decode(),
           "SECRET_KEY": "backup-test-" + "x" * 50, "DJANGO_SETTINGS_MODULE": "pcmd.settings"}  # fmt: skip
    env.pop("PCMD_DB", None)
    name = None
    if connection.vendor == "sqlite":
        env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'scratch.sqlite3'}"
    else:
        name = f"pcmd_backup_{uuid.uuid4().hex[:8]}"
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], check=True)
        env["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{name}"
    yield env, tmp_path
    if name:
        subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", name], check=True)


def pcmd(env, *args, check=True):
    r = subprocess.run([sys.executable, "-m", "pcmd.manage", *args], env=env, capture_output=True, text=True,
                       timeout=600)  # fmt: skip
    if check and r.returncode != 0:
        raise AssertionError(r.stderr[-3000:])
    return r


DELETE = "from pcmd.core.models import CalendarException; CalendarException.objects.filter(note__startswith='sao lưu').delete()"
COUNT = """
from pcmd.core.models import CalendarException, FieldKeyCheck
from pcmd.support.models import Provider
print(CalendarException.objects.filter(note__startswith="sao lưu").count(), Provider.objects.count())
"""


def test_restore_brings_back_rows_and_files_and_refuses_what_it_cannot_read(scratch):
    env, tmp = scratch
    pcmd(env, "migrate", "-v0")
    seed = """
from datetime import date
from pathlib import Path
from django.conf import settings
from pcmd.core import crypto
from pcmd.core.models import CalendarException
crypto.verify_keys()
for d in (3, 4):
    CalendarException.objects.create(day=date(2027, 1, d), kind="day_off", note="sao lưu thử")
Path(settings.MEDIA_ROOT, "imports").mkdir(parents=True)
Path(settings.MEDIA_ROOT, "imports", "a.xlsx").write_bytes(b"PK-test")
"""
    pcmd(env, "shell", "-v0", "-c", seed)
    archive = tmp / "b.tar.gz"
    out = pcmd(env, "backup", "-o", str(archive)).stdout
    assert "Đã sao lưu" in out and "1 tệp đính kèm" in out
    # Things go wrong after the backup: rows deleted, a file lost, another written.
    pcmd(env, "shell", "-v0", "-c", DELETE)
    (tmp / "media" / "imports" / "a.xlsx").unlink()
    (tmp / "media" / "imports" / "b.xlsx").write_bytes(b"later")
    assert pcmd(env, "shell", "-v0", "-c", COUNT).stdout.split()[0] == "0"

    refused = pcmd(env, "restore", str(archive), check=False)
    assert refused.returncode != 0 and "--yes" in refused.stderr
    wrong_key = pcmd({**env, "PCMD_FIELD_KEY": Fernet.generate_key().decode()}, "restore", str(archive), "--yes",
                     check=False)  # fmt: skip
    assert wrong_key.returncode != 0 and "Chưa có gì bị thay đổi" in wrong_key.stderr
    assert pcmd(env, "shell", "-v0", "-c", COUNT).stdout.split()[0] == "0"  # still the state before

    done = pcmd(env, "restore", str(archive), "--yes").stdout
    assert "Đã khôi phục" in done and "được giữ ở" in done
    assert pcmd(env, "shell", "-v0", "-c", COUNT).stdout.split()[0] == "2"
    assert (tmp / "media" / "imports" / "a.xlsx").read_bytes() == b"PK-test"
    kept = next(p for p in tmp.iterdir() if p.name.startswith("media.before-restore-"))
    assert (kept / "imports" / "b.xlsx").read_bytes() == b"later"  # nothing lost: the replaced files are kept
    garbage = tmp / "x.tar.gz"
    garbage.write_bytes(b"not an archive")
    bad = pcmd(env, "restore", str(garbage), "--yes", check=False)
    assert bad.returncode != 0 and "Không đọc được tệp sao lưu" in bad.stderr
