"""Second factor before anything else for the roles that need it (DESIGN §7)."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import quote

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect

from pcmd.accounts.twofactor import required_for

OPEN_PATHS = (
    "/accounts/2fa/",
    "/accounts/logout/",
    "/accounts/login/",
    "/static/",
    "/huong-dan/",
)  # the guide is public


class RequireTwoFactor:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not request.path.startswith(OPEN_PATHS)
            and not user.is_verified()  # type: ignore[attr-defined]
            and required_for(user)
        ):
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": "Cần xác thực hai lớp: đăng nhập trên trình duyệt và nhập mã."},
                                    status=403, json_dumps_params={"ensure_ascii": False})  # fmt: skip
            return redirect(f"/accounts/2fa/?next={quote(request.get_full_path())}")
        return self.get_response(request)
