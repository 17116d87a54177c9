from __future__ import annotations

from typing import Any

from pcmd.accounts.models import Role
from pcmd.accounts.scoping import role_holders
from pcmd.audit.models import AccessLog
from pcmd.core.models import Notification

MIN_REASON = 15


def log_read(*, actor: Any, module: str, object_ref: str, purpose: str, reason: str = "",
             action: str = "read") -> AccessLog:  # fmt: skip
    """Record one read of a sensitive record. A break-the-glass read is put before every auditor at once."""
    entry = AccessLog.objects.create(user=actor, module=module, object_ref=object_ref, purpose=purpose,
                                     reason=reason, action=action)  # fmt: skip
    if purpose == AccessLog.Purpose.BREAK_GLASS:
        auditors = {user.pk: user for _, user in role_holders(roles=(Role.AUDITOR,))}
        text = f"Truy cập khẩn cấp: {actor} mở {module}:{object_ref}. Lý do: {reason}"[:255]
        link, key = "/audit/?break_glass=1", f"break-glass-{entry.pk}"
        Notification.objects.bulk_create(
            [Notification(user=u, text=text, link=link, key=key) for u in auditors.values()]
        )
    return entry
