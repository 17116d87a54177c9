"""Uploads are judged by their content: magic bytes and, for Office files, the parts of the zip."""

import io

import docx
import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from pcmd.core.uploads import DOCUMENTS, EVIDENCE, upload_problem


def _docx() -> bytes:
    b = io.BytesIO()
    docx.Document().save(b)
    return b.getvalue()


def _xlsx() -> bytes:
    b = io.BytesIO()
    openpyxl.Workbook().save(b)
    return b.getvalue()


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 32


@pytest.mark.parametrize(("name", "content"), [
    ("don.pdf", b"%PDF-1.4 noi dung"), ("anh.png", PNG), ("anh.jpg", JPG), ("anh.JPEG", JPG),
    ("don.docx", _docx()),
])  # fmt: skip
def test_real_documents_pass(name, content):
    assert upload_problem(SimpleUploadedFile(name, content), allowed=DOCUMENTS) is None


@pytest.mark.parametrize(("name", "content", "why"), [
    ("don.pdf", b"<html><script>alert(1)</script></html>", "không phải PDF"),
    ("anh.png", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>', "không phải ảnh PNG"),
    ("anh.jpg", PNG, "không phải ảnh JPG"),
    ("don.docx", _xlsx(), "không phải Word (.docx)"),
    ("don.docx", b"PK\x03\x04 not really a zip", "không phải Word (.docx)"),
    ("chay.exe", b"MZ\x90\x00", "Chỉ nhận tệp PDF, ảnh JPG, ảnh PNG, Word (.docx)"),
    ("trang.html", b"<html></html>", "Chỉ nhận tệp"),
    ("khong-duoi", b"%PDF-1.4", "Chỉ nhận tệp"),
])  # fmt: skip
def test_disguised_or_unknown_files_are_refused_with_the_reason(name, content, why):
    problem = upload_problem(SimpleUploadedFile(name, content), allowed=DOCUMENTS)
    assert problem and why in problem


def test_size_and_the_evidence_kinds():
    big = SimpleUploadedFile("to.pdf", b"%PDF-1.4" + b"0" * (2 * 1024 * 1024))
    assert upload_problem(big, allowed=DOCUMENTS, max_mb=1) == "Tệp lớn hơn 1 MB."
    assert upload_problem(SimpleUploadedFile("bang.xlsx", _xlsx()), allowed=EVIDENCE) is None
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600
    assert upload_problem(SimpleUploadedFile("cu.doc", ole), allowed=EVIDENCE) is None
    assert "không phải" in upload_problem(SimpleUploadedFile("cu.xls", b"%PDF-1.4"), allowed=EVIDENCE)
