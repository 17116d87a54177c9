"""Navigation shown on every page. Modules not built yet are listed, greyed, so users see what is coming."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from pcmd.accounts.models import Role
from pcmd.accounts.scoping import scope_for

# (label, url name or None while not built, roles that see it or None for everyone)
NAV: list[tuple[str, str | None, tuple[str, ...] | None]] = [
    ("Tổng quan", "dashboard:home", None),
    ("Kế hoạch", "plans:current", None),
    ("Cơ sở kinh doanh", "establishments:list", None),
    ("Kiểm tra", None, None),
    ("Tin báo – khiếu nại", "tips:list", None),
    ("Tuyên truyền", "outreach:activities", None),
    ("Tập huấn", "outreach:training", None),
    ("Hỗ trợ", "support:list", (Role.SUPPORT_WORKER,)),
    ("Báo cáo", "reports:list", (Role.LEAD_OFFICER, Role.LEADER, Role.ADMINISTRATOR)),
    ("Nhật ký truy cập", "audit:log", (Role.AUDITOR,)),
    ("Quản trị", "admin:index", (Role.ADMINISTRATOR,)),
]


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    scope = scope_for(user)
    items = []
    for label, name, roles in NAV:
        if roles and not (scope.has_role(*roles) or (user.is_superuser and Role.ADMINISTRATOR in roles)):
            continue
        url = reverse(name) if name else None
        active = bool(url) and (request.path == url if url == "/" else request.path.startswith(url or "-"))
        items.append({"label": label, "url": url, "active": active})
    longest = max((len(str(i["url"])) for i in items if i["active"]), default=0)
    for i in items:  # /outreach/training/ is "Tập huấn", not also "Tuyên truyền"
        i["active"] = bool(i["active"]) and len(str(i["url"])) == longest
    from pcmd.core.models import Notification

    unread = Notification.objects.filter(user=user, read_at__isnull=True).count()
    return {"nav_items": items, "user_scope": scope, "unread_notifications": unread}
