"""Pages and downloads that can show protected data (a denouncer's identity, an intake attachment, a support
client). `reveals` marks such a view: its answers are never cached (`Cache-Control: no-store`), and the test that
walks every route as every role finds it by this mark and expects 404 for everyone but the people handling it."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache

IDENTITY = "identity"  # a denouncer's identity or the intake attachment: the assigned handlers only
BREAK_GLASS = "break_glass"  # the same, read in an emergency by an administrator with a written reason
SUPPORT = "support"  # a support client: the provider's staff only


def reveals(kind: str) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    def mark(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        @never_cache
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            return view(request, *args, **kwargs)

        wrapped.pcmd_reveals = kind  # type: ignore[attr-defined]
        return wrapped

    return mark
