"""The guide's chapters as the reader meets them: on the page (headings, screenshots with their alt text) and in
the PDF (every chapter's title in its text; screenshots embedded when `make screens` has run, text alone else)."""

import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from PIL import Image

from pcmd.guide import chapters
from pcmd.guide.shots import all_filenames

pytestmark = pytest.mark.django_db
IMAGE_REF = re.compile(r"!\[([^\]]+)\]\(anh/([a-z0-9-]+\.png)\)")


class Reader(HTMLParser):
    """What the reader sees in the chapter: its headings in order (level, id, text) and its images (alt, src)."""

    def __init__(self) -> None:
        super().__init__()
        self.headings: list[tuple[int, str, str]] = []
        self.images: list[tuple[str, str]] = []
        self._in: tuple[int, str] | None = None
        self._depth = 0
        self._text = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "article" and a.get("id") == "guide-chapter":
            self._depth = 1
        elif self._depth and tag == "article":
            self._depth += 1
        if not self._depth:
            return
        if tag in {"h1", "h2", "h3"}:
            self._in, self._text = (int(tag[1]), a.get("id") or ""), ""
        if tag == "img":
            self.images.append((a.get("alt") or "", a.get("src") or ""))

    def handle_endtag(self, tag):
        if self._depth and tag == "article":
            self._depth -= 1
        if self._in and tag == f"h{self._in[0]}":
            self.headings.append((*self._in, " ".join(self._text.split())))
            self._in = None

    def handle_data(self, data):
        if self._in:
            self._text += data


def read(client, url: str) -> Reader:
    r = client.get(url)
    assert r.status_code == 200, url
    reader = Reader()
    reader.feed(r.content.decode())
    return reader


def sources() -> dict[str, str]:
    return {slug: path.read_text(encoding="utf-8") for _n, slug, path in chapters.chapter_files()}


@pytest.fixture
def screens(settings, tmp_path):
    settings.PCMD_SCREENS_DIR = tmp_path / "screens"
    settings.VAR_DIR = tmp_path
    settings.PCMD_SCREENS_DIR.mkdir()
    return settings.PCMD_SCREENS_DIR


def take_screens(folder: Path, names) -> None:
    for name in names:  # small real PNGs, as `make screens` would leave
        Image.new("RGB", (137, 80) if name.endswith("-desktop.png") else (39, 84), "#9b1c1c").save(
            folder / name
        )


def test_one_chapter_per_role_and_job_in_vietnamese():
    titles = [c.title for c in chapters.load(lambda name: None)]
    assert titles == [
        "Bắt đầu: đăng nhập và những phần dùng chung",
        "Cán bộ công an: tin báo và thời hạn giải quyết",
        "Đội kiểm tra liên ngành: cơ sở kinh doanh và kiểm tra",
        "Cán bộ xã, phường và sở, ngành: tuyên truyền, kế hoạch địa phương",
        "Lãnh đạo: bảng chỉ tiêu và báo cáo",
        "Cán bộ hỗ trợ: hồ sơ hỗ trợ",
        "Quản trị hệ thống: người dùng, xác thực hai lớp, kế hoạch và quy tắc",
    ]


def test_every_screenshot_a_chapter_shows_is_one_make_screens_takes():
    for slug, text in sources().items():
        for alt, name in IMAGE_REF.findall(text):
            assert name in all_filenames(), f"{slug}: {name} is not taken by make screens"
            assert alt.strip(), f"{slug}: {name} has no alt text"


def test_chapter_page_shows_its_headings_and_screenshots_with_alt_text(client, screens):
    text = sources()["cong-an"]
    refs = IMAGE_REF.findall(text)
    take_screens(screens, {name for _alt, name in refs})
    page = read(client, "/huong-dan/cong-an/")
    # The headings of the Markdown, in order, with the accent-free ids the help links use.
    written = [(len(m.group(1)), m.group(2).strip()) for m in re.finditer(r"^(#{1,3}) (.+)$", text, re.M)]
    assert [(level, t) for level, _id, t in page.headings] == written
    assert ("viec-can-lam", "Việc cần làm") in [(i, t) for _l, i, t in page.headings]
    assert ("tiep-nhan-tin-bao", "Tiếp nhận tin báo") in [(i, t) for _l, i, t in page.headings]
    # Each screenshot where the text puts it, with the words a reader without the image gets.
    assert page.images == [(alt, f"/huong-dan/anh/{name}") for alt, name in refs]
    image = client.get(f"/huong-dan/anh/{refs[0][1]}")
    assert image["Content-Type"] == "image/png" and b"".join(image.streaming_content)[:4] == b"\x89PNG"


def test_without_screenshots_the_chapter_is_the_text_alone(client, screens):
    r = client.get("/huong-dan/kiem-tra/")
    body = r.content.decode()
    page = read(client, "/huong-dan/kiem-tra/")
    assert page.images == [] and "<p></p>" not in body and 'class="shots"' not in body
    assert "Lập kế hoạch theo đề xuất" in body
    assert client.get("/huong-dan/anh/kiemtra-home-desktop.png").status_code == 404


def test_only_screenshots_are_served(client, screens, settings):
    (settings.VAR_DIR / "secret_key").write_text("not for you")
    for name in ["secret_key", "..%2Fsecret_key", "login-desktop.PNG"]:
        assert client.get(f"/huong-dan/anh/{name}").status_code == 404
    assert client.get("/huong-dan/khong-co/").status_code == 404


def test_contents_page_lists_every_chapter_and_the_pdf(client):
    body = client.get("/huong-dan/").content.decode()
    for c in chapters.load(lambda name: None):
        assert f'href="/huong-dan/{c.slug}/">{c.title}</a>' in body
    assert 'href="/huong-dan/huong-dan-su-dung.pdf"' in body


def pdf_text(path: Path) -> str:
    if not shutil.which("pdftotext"):
        pytest.fail("pdftotext not found: install poppler-utils (.ci/run does).")
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(out.split())


def pdf_images(path: Path) -> int:
    out = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True, text=True, check=True).stdout
    return len(out.splitlines()) - 2  # two header lines


def test_pdf_of_a_fresh_clone_is_the_text_with_every_chapter(client, screens, tmp_path):
    r = client.get("/huong-dan/huong-dan-su-dung.pdf")
    assert r["Content-Type"] == "application/pdf"
    assert 'filename="huong-dan-su-dung-pcmd.pdf"' in r["Content-Disposition"]
    path = tmp_path / "guide.pdf"
    path.write_bytes(b"".join(r.streaming_content))
    text = pdf_text(path)
    assert "HƯỚNG DẪN SỬ DỤNG" in text and "Mục lục" in text
    for c in chapters.load(lambda name: None):
        assert text.count(c.title) >= 2, c.title  # in the contents and at the chapter's start
    assert "Gộp việc trùng" in text and "Truy cập khẩn cấp" in text
    assert pdf_images(path) == 0


def test_pdf_embeds_the_screenshots_when_they_exist(client, screens, tmp_path):
    shown = {name for text in sources().values() for _alt, name in IMAGE_REF.findall(text)}
    take_screens(screens, shown)
    r = client.get("/huong-dan/huong-dan-su-dung.pdf")
    path = tmp_path / "guide.pdf"
    path.write_bytes(b"".join(r.streaming_content))
    assert pdf_images(path) == len(shown)
    assert "Cán bộ hỗ trợ: hồ sơ hỗ trợ" in pdf_text(path)


def test_a_missing_screenshot_inside_a_sentence_leaves_the_sentence_whole():
    from pcmd.guide.chapters import _render

    html, _toc = _render(
        "Bấm ![nút Lưu](anh/xa-activities-desktop.png) rồi chờ.\n\n![Ảnh](anh/login-phone.png)\n",
        lambda n: None,
    )
    assert html == "<p>Bấm rồi chờ.</p>"


def test_guide_pdf_command_writes_the_file(screens, tmp_path):
    from django.core.management import call_command

    out = tmp_path / "hd.pdf"
    call_command("guide_pdf", "-o", str(out))
    assert out.read_bytes()[:5] == b"%PDF-" and "Lãnh đạo: bảng chỉ tiêu và báo cáo" in pdf_text(out)
