"""The guide as one PDF (WeasyPrint): a title page, the contents, then every chapter with its screenshots.

Built once per state of the sources (chapters and screenshots) and kept in var/guide/; without screenshots it is
the text alone.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from pcmd.guide import chapters


def _file_uri(name: str) -> str | None:
    path = chapters.screenshot_path(name)
    return path.resolve().as_uri() if path else None


def build() -> bytes:
    from weasyprint import HTML

    html = render_to_string(
        "guide/pdf.html",
        {"chapters": chapters.load(_file_uri, one_document=True), "today": timezone.localdate()},
    )
    return HTML(string=html, base_url=str(settings.PCMD_GUIDE_DIR)).write_pdf()


def _sources_key() -> str:
    digest = hashlib.sha256()
    for _n, _slug, path in chapters.chapter_files():
        digest.update(path.name.encode() + path.read_bytes())
    screens = Path(settings.PCMD_SCREENS_DIR)
    for png in sorted(screens.glob("*.png")) if screens.is_dir() else []:
        stat = png.stat()
        digest.update(f"{png.name}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:16]


def built() -> Path:
    """The PDF for the current sources, built when they changed."""
    folder = Path(settings.VAR_DIR) / "guide"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"huong-dan-{_sources_key()}.pdf"
    if not path.exists():
        for old in folder.glob("huong-dan-*.pdf"):
            old.unlink(missing_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_bytes(build())
        tmp.replace(path)
    return path
