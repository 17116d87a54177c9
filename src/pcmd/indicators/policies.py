"""Who may read which figures (docs/decisions/0003-scope-of-figures.md): every role reads the aggregate figures of
every unit of the province; sensitive indicators only by the roles that answer for that data."""

from __future__ import annotations

from typing import Any

from pcmd.accounts.models import Role
from pcmd.accounts.scoping import scope_for

SENSITIVE_FIGURE_ROLES = frozenset({Role.LEAD_OFFICER, Role.LEADER, Role.SUPPORT_WORKER, Role.AUDITOR})


def may_read_sensitive(actor: Any) -> bool:
    return bool(scope_for(actor).roles & SENSITIVE_FIGURE_ROLES)


def hidden_indicators(actor: Any, result: dict[str, Any]) -> set[str]:
    """Codes of the sensitive indicators of `result` the actor may not read."""
    if may_read_sensitive(actor):
        return set()
    return {i["code"] for i in result["indicators"] if i.get("sensitive")}


def figures_for(actor: Any, result: dict[str, Any]) -> dict[str, Any]:
    """The matrix result as the actor may read it: without the sensitive indicators they may not read."""
    hidden = hidden_indicators(actor, result)
    if not hidden:
        return result
    return {**result, "indicators": [i for i in result["indicators"] if i["code"] not in hidden],
            "cells": [c for c in result["cells"] if c["indicator"] not in hidden]}  # fmt: skip
