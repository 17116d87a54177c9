from __future__ import annotations

from typing import Any

from pcmd.audit.models import AccessLog


def log_read(*, actor: Any, module: str, object_ref: str, purpose: str, reason: str = "",
             action: str = "read") -> AccessLog:  # fmt: skip
    return AccessLog.objects.create(user=actor, module=module, object_ref=object_ref, purpose=purpose,
                                    reason=reason, action=action)  # fmt: skip
