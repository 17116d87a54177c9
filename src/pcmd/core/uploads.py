"""Uploaded files are checked by their content, not their name: the magic bytes (puremagic) must be those of an
allowed type and agree with the extension; Office files must be the right kind of zip. HTML or SVG renamed .pdf,
an executable renamed .png and a spreadsheet renamed .docx are refused with a Vietnamese message.

Use `upload_problem` (a message or None), `check_upload` (raises PcmdError) in services, or `clean_upload`
(raises ValidationError) in a form's clean_<field>."""

from __future__ import annotations

import zipfile
from typing import Any

import puremagic
from django import forms

from pcmd.core.errors import PcmdError

LABELS = {"pdf": "PDF", "jpg": "ảnh JPG", "png": "ảnh PNG", "docx": "Word (.docx)", "xlsx": "Excel (.xlsx)",
          "doc": "Word 97–2003 (.doc)", "xls": "Excel 97–2003 (.xls)", "odt": "OpenDocument (.odt)",
          "ods": "OpenDocument (.ods)"}  # fmt: skip
EXTENSIONS = {"pdf": ("pdf",), "jpg": ("jpg", "jpeg"), "png": ("png",), "docx": ("docx",), "xlsx": ("xlsx",),
              "doc": ("doc",), "xls": ("xls",), "odt": ("odt",), "ods": ("ods",)}  # fmt: skip
ZIP = {".docx", ".xlsx", ".pptx", ".zip", ".odt", ".ods", ".odp", ".jar"}
OLE = {".doc", ".xls", ".msi", ".ppt", ".msg", ".pub", ".vsd"}  # the compound-file header is shared
MAGIC = {"pdf": {".pdf"}, "jpg": {".jpg", ".jpeg", ".jfif", ".jpe"}, "png": {".png"}, "docx": ZIP, "xlsx": ZIP,
         "odt": ZIP, "ods": ZIP, "doc": OLE, "xls": OLE}  # fmt: skip
# a zip must hold the part of its kind (a spreadsheet renamed .docx is refused)
OOXML_PART = {
    "docx": "word/document.xml",
    "xlsx": "xl/workbook.xml",
    "odt": "content.xml",
    "ods": "content.xml",
}
DOCUMENTS = ("pdf", "jpg", "png", "docx")
EVIDENCE = ("pdf", "jpg", "png", "docx", "xlsx", "doc", "xls", "odt", "ods")


def _kind_of_name(name: str) -> str | None:
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return next((k for k, exts in EXTENSIONS.items() if ext in exts), None)


def _magic(f: Any) -> set[str]:
    f.seek(0)
    head = f.read(8192)
    f.seek(0)
    try:
        return {m.extension.lower() for m in puremagic.magic_string(head)}
    except puremagic.PureError:
        return set()


def _ooxml_has(f: Any, part: str) -> bool:
    try:
        f.seek(0)
        with zipfile.ZipFile(f) as z:
            return part in z.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    finally:
        f.seek(0)


def upload_problem(f: Any, *, allowed: tuple[str, ...], max_mb: int = 20) -> str | None:
    """Why this upload is refused, in Vietnamese, or None when its content is one of `allowed`."""
    kinds = ", ".join(LABELS[k] for k in allowed)
    if (getattr(f, "size", 0) or 0) > max_mb * 1024 * 1024:
        return f"Tệp lớn hơn {max_mb} MB."
    kind = _kind_of_name(getattr(f, "name", "") or "")
    if kind not in allowed:
        return f"Chỉ nhận tệp {kinds}."
    found = _magic(f)
    if not found & MAGIC[kind] or (kind in OOXML_PART and not _ooxml_has(f, OOXML_PART[kind])):
        return f"Nội dung tệp «{f.name}» không phải {LABELS[kind]} như tên tệp (chỉ nhận {kinds})."
    return None


def check_upload(f: Any, *, allowed: tuple[str, ...], field: str, max_mb: int = 20) -> None:
    problem = upload_problem(f, allowed=allowed, max_mb=max_mb)
    if problem:
        raise PcmdError(problem, field=field)


def clean_upload(f: Any, *, allowed: tuple[str, ...], max_mb: int = 20) -> Any:
    if f:
        problem = upload_problem(f, allowed=allowed, max_mb=max_mb)
        if problem:
            raise forms.ValidationError(problem)
    return f
