"""The user guide's chapters: Markdown files in docs/huong-dan/ (settings.PCMD_GUIDE_DIR), one per role and job.

A file `NN-slug.md` is chapter NN at /huong-dan/slug/; its first `# ` line is its title. Headings get accent-free
ids ("Tiếp nhận tin báo" -> `tiep-nhan-tin-bao`), the anchors of the help links. An image names a screenshot of
`make screens` (`![Danh sách tin báo](anh/congan-tips-desktop.png)`): shown when the file is in
settings.PCMD_SCREENS_DIR, left out otherwise, so the guide reads and builds on a fresh clone without them.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import markdown
from django.conf import settings
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from pcmd.core.text import normalise

FILE = re.compile(r"^(\d+)-([a-z0-9-]+)\.md$")
IMAGE = re.compile(r"^(?:.*/)?([a-z0-9-]+\.png)$")


def slugify(value: str, separator: str = "-") -> str:
    """Accent-free, lower-case, hyphenated: the anchors people can read in a link."""
    return re.sub(r"[^a-z0-9]+", separator, normalise(value)).strip(separator)


@dataclass(frozen=True)
class Chapter:
    number: int
    slug: str
    title: str
    html: str
    anchors: tuple[str, ...]  # the ids of its headings, in order
    toc: tuple[tuple[int, str, str], ...]  # (level, id, text) of its headings below the title


class _Screenshots(Treeprocessor):
    """Point each image at a screenshot that exists (through `src_for`), drop the others."""

    def __init__(self, md: markdown.Markdown, src_for: Callable[[str], str | None]) -> None:
        super().__init__(md)
        self.src_for = src_for

    def run(self, root: etree.Element) -> None:
        for parent in list(root.iter()):
            for img in [child for child in parent if child.tag == "img"]:
                match = IMAGE.match(img.get("src", ""))
                src = self.src_for(match.group(1)) if match else None
                if src is None:
                    _remove_keeping_tail(parent, img)
                    continue
                img.set("src", src)
                img.set("class", "shot phone" if match and match.group(1).endswith("-phone.png") else "shot")
            if parent.tag == "p" and len(parent) == 0 and not (parent.text or "").strip():
                parent.set("data-empty", "1")
        for parent in list(root.iter()):  # paragraphs that held only missing images
            for p in [c for c in parent if c.tag == "p" and c.get("data-empty")]:
                parent.remove(p)
            for p in [c for c in parent if c.tag == "p" and c.find("img") is not None]:
                p.set("class", "shots")


def _remove_keeping_tail(parent: etree.Element, child: etree.Element) -> None:
    """Remove an element; the text after it stays where it was."""
    tail = (child.tail or "").strip()
    index = list(parent).index(child)
    if tail and index:
        prev = parent[index - 1]
        prev.tail = f"{(prev.tail or '').rstrip()} {tail}"
    elif tail:
        parent.text = f"{(parent.text or '').rstrip()} {tail}".strip()
    parent.remove(child)


class _ScreenshotExtension(Extension):
    def __init__(self, src_for: Callable[[str], str | None]) -> None:
        super().__init__()
        self.src_for = src_for

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.treeprocessors.register(_Screenshots(md, self.src_for), "pcmd_screenshots", 5)


def screenshot_path(name: str) -> Path | None:
    path = Path(settings.PCMD_SCREENS_DIR) / name
    return path if IMAGE.match(name) and path.is_file() else None


def _render(text: str, src_for: Callable[[str], str | None], id_prefix: str = "") -> tuple[str, list[dict]]:
    def ids(value: str, separator: str) -> str:
        return id_prefix + slugify(value, separator)

    md = markdown.Markdown(
        extensions=["toc", "tables", "attr_list", "sane_lists", _ScreenshotExtension(src_for)],
        extension_configs={"toc": {"slugify": ids, "toc_depth": "1-3"}},
        output_format="html",
    )
    html = md.convert(text)
    return html, md.toc_tokens


def _flatten(tokens: list[dict]) -> list[tuple[int, str, str]]:
    out: list[tuple[int, str, str]] = []
    for t in tokens:
        out.append((t["level"], t["id"], t["name"]))
        out += _flatten(t["children"])
    return out


def chapter_files() -> list[tuple[int, str, Path]]:
    found = []
    for path in sorted(Path(settings.PCMD_GUIDE_DIR).glob("*.md")):
        m = FILE.match(path.name)
        if m:
            found.append((int(m.group(1)), m.group(2), path))
    return found


def load(src_for: Callable[[str], str | None], *, one_document: bool = False) -> list[Chapter]:
    """Every chapter, rendered with images pointed where `src_for` says (a URL for the pages, a file for the PDF).
    `one_document`: heading ids carry the chapter's slug, so chapters put together keep them unique."""
    chapters = []
    for number, slug, path in chapter_files():
        html, tokens = _render(path.read_text(encoding="utf-8"), src_for, f"{slug}--" if one_document else "")
        headings = _flatten(tokens)
        title = next((name for level, _id, name in headings if level == 1), slug)
        chapters.append(
            Chapter(
                number=number,
                slug=slug,
                title=title,
                html=html,
                anchors=tuple(i for _level, i, _name in headings),
                toc=tuple(h for h in headings if h[0] > 1),
            )
        )
    return chapters
