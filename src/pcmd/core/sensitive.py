"""Pages and downloads that can show protected data (a denouncer's identity, an intake attachment, a support
client). `reveals` marks such a view: its answers are never cached (`Cache-Control: no-store`), and the test that
walks every route as every role finds it by this mark and expects 404 for everyone but the people handling it."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.http import HttpRequest
from django.views.decorators.cache import never_cache

IDENTITY = "identity"  # a denouncer's identity or the intake attachment: the assigned handlers only
BREAK_GLASS = "break_glass"  # the same, read in an emergency by an administrator with a written reason
SUPPORT = "support"  # a support client: the provider's staff only
R = TypeVar("R")


def reveals(kind: str) -> Callable[[Callable[..., R]], Callable[..., R]]:
    def mark(view: Callable[..., R]) -> Callable[..., R]:
        @wraps(view)
        @never_cache
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> R:
            return view(request, *args, **kwargs)

        wrapped.pcmd_reveals = kind  # type: ignore[attr-defined]
        return wrapped

    return mark
