"""The user guide at /huong-dan/: open to everyone (it helps people who cannot sign in yet) and holds no records."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from pcmd.guide import chapters
from pcmd.guide import pdf as guide_pdf


def _image_url(name: str) -> str | None:
    return reverse("guide:image", args=[name]) if chapters.screenshot_path(name) else None


def index(request: HttpRequest) -> HttpResponse:
    return render(request, "guide/index.html", {"chapters": chapters.load(_image_url)})


def chapter_page(request: HttpRequest, slug: str) -> HttpResponse:
    every = chapters.load(_image_url)
    current = next((c for c in every if c.slug == slug), None)
    if current is None:
        raise Http404("Không có chương hướng dẫn này.")
    i = every.index(current)
    ctx = {"chapter": current, "chapters": every, "previous": every[i - 1] if i else None,
           "next": every[i + 1] if i + 1 < len(every) else None}  # fmt: skip
    return render(request, "guide/chapter.html", ctx)


def image(request: HttpRequest, name: str) -> FileResponse:
    path = chapters.screenshot_path(name)
    if path is None:
        raise Http404("Không có ảnh này.")
    return FileResponse(path.open("rb"), content_type="image/png")


def pdf(request: HttpRequest) -> FileResponse:
    path = guide_pdf.built()
    return FileResponse(path.open("rb"), as_attachment=True, filename="huong-dan-su-dung-pcmd.pdf",
                        content_type="application/pdf")  # fmt: skip
