"""Backup and restore of the whole system: the database (SQLite's online backup, or pg_dump for PostgreSQL) and
the uploaded files, in one .tar.gz with a manifest. Restore refuses an archive this code cannot read (another
engine, newer migrations, a field key that does not open it) before touching anything, and keeps the files it
replaces."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection, connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from pcmd.core.errors import PcmdError

FORMAT = 1


def _engine() -> str:
    return "sqlite" if connection.vendor == "sqlite" else "postgresql"


def _pg_env() -> tuple[list[str], dict[str, str]]:
    db = settings.DATABASES["default"]
    args = ["--host", str(db.get("HOST") or "127.0.0.1"), "--port", str(db.get("PORT") or 5432),
            "--username", str(db.get("USER") or "postgres"), "--dbname", str(db["NAME"])]  # fmt: skip
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return args, env


def _applied() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        out.setdefault(app, []).append(name)
    return {app: sorted(names) for app, names in sorted(out.items())}


def _canary() -> str | None:
    from pcmd.core.models import FieldKeyCheck

    row = FieldKeyCheck.objects.first()
    return row.token if row else None


def create(path: Path) -> dict[str, Any]:
    """Write the archive; return its manifest."""
    media = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        if _engine() == "sqlite":
            db_file = work / "db.sqlite3"
            source = sqlite3.connect(str(settings.DATABASES["default"]["NAME"]))
            target = sqlite3.connect(str(db_file))
            with target:
                source.backup(target)  # consistent even while the server writes
            source.close()
            target.close()
        else:
            db_file = work / "db.dump"
            args, env = _pg_env()
            subprocess.run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", *args, "--file",
                            str(db_file)], check=True, env=env, capture_output=True)  # fmt: skip
        files = [p for p in media.rglob("*") if p.is_file()] if media.exists() else []
        manifest = {"format": FORMAT, "created_at": timezone.now().isoformat(), "engine": _engine(),
                    "migrations": _applied(), "field_key_check": _canary(), "media_files": len(files),
                    "database_bytes": db_file.stat().st_size}  # fmt: skip
        (work / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1))
        path.parent.mkdir(parents=True, exist_ok=True)
        with tarfile.open(path, "w:gz") as tar:
            tar.add(work / "manifest.json", arcname="manifest.json")
            tar.add(db_file, arcname=db_file.name)
            for f in files:
                tar.add(f, arcname=f"media/{f.relative_to(media).as_posix()}")
    return manifest


def _check(manifest: dict[str, Any]) -> None:
    if manifest.get("format") != FORMAT:
        raise PcmdError("Tệp không phải bản sao lưu của hệ thống này (khác định dạng).", field="file")
    if manifest["engine"] != _engine():
        raise PcmdError(
            f"Bản sao lưu là của cơ sở dữ liệu {manifest['engine']}, hệ thống đang dùng {_engine()}: không khôi phục "
            "chéo loại cơ sở dữ liệu.",
            field="file",
        )
    known = MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    newer = [f"{app}.{name}" for app, names in manifest["migrations"].items() for name in names
             if app in {a for a, _ in known} and (app, name) not in known]  # fmt: skip
    if newer:
        raise PcmdError(
            "Bản sao lưu được tạo bởi phiên bản mới hơn của hệ thống (có "
            + ", ".join(newer[:5])
            + "): hãy cập nhật "
            "mã nguồn trước khi khôi phục.",
            field="file",
        )
    token = manifest.get("field_key_check")
    if token:
        from cryptography.fernet import InvalidToken

        from pcmd.core import crypto

        try:
            ok = crypto._fernet().decrypt(token.encode()).decode() == crypto.CANARY
        except InvalidToken:
            ok = False
        if not ok:
            raise PcmdError(
                "Khóa PCMD_FIELD_KEY hiện tại không mở được dữ liệu mã hóa trong bản sao lưu: đặt khóa đã dùng khi sao "
                "lưu (có thể kèm khóa mới) rồi chạy lại. Chưa có gì bị thay đổi.",
                field="PCMD_FIELD_KEY",
            )


def restore(path: Path) -> dict[str, Any]:
    """Replace the database and the uploaded files with the archive's. The files replaced are moved aside."""
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        try:
            with tarfile.open(path, "r:gz") as tar:
                tar.extractall(work, filter="data")
            manifest = json.loads((work / "manifest.json").read_text())
        except (tarfile.TarError, OSError, KeyError, ValueError) as exc:
            raise PcmdError(f"Không đọc được tệp sao lưu: {exc.__class__.__name__}.", field="file") from exc
        _check(manifest)
        connections.close_all()
        if manifest["engine"] == "sqlite":
            target = Path(str(settings.DATABASES["default"]["NAME"]))
            for suffix in ("-wal", "-shm"):
                Path(f"{target}{suffix}").unlink(missing_ok=True)
            shutil.copyfile(work / "db.sqlite3", target)
        else:
            args, env = _pg_env()
            subprocess.run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges",
                            "--single-transaction", *args, str(work / "db.dump")], check=True, env=env,
                           capture_output=True)  # fmt: skip
        media = Path(settings.MEDIA_ROOT)
        kept = None
        if media.exists() and any(media.iterdir()):
            kept = media.with_name(f"{media.name}.before-restore-{datetime.now():%Y%m%d-%H%M%S}")
            media.rename(kept)
        if (work / "media").exists():
            shutil.copytree(work / "media", media)
        else:
            media.mkdir(parents=True, exist_ok=True)
    cache.clear()
    return {**manifest, "media_kept_at": str(kept) if kept else None}
