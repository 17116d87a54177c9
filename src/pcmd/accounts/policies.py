"""What an API token may reach: its scopes, within what its user may reach (selectors scope by the user)."""

from __future__ import annotations

from typing import Any

from pcmd.accounts.models import SENSITIVE_MODULES, TOKEN_MODULES, ApiToken, Role
from pcmd.accounts.scoping import scope_for
from pcmd.core.errors import PcmdError


def token_allows(token: ApiToken, *, module: str, write: bool) -> bool:
    """`<module>:read|write` named, or `*:read|write` for a module that is not sensitive; write includes read."""
    actions = ("write",) if write else ("read", "write")
    named = {f"{module}:{a}" for a in actions}
    wildcard = set() if module in SENSITIVE_MODULES else {f"*:{a}" for a in actions}
    return bool(set(token.scopes or []) & (named | wildcard))


def check_scopes(scopes: list[str]) -> list[str]:
    """The scopes a token may be given: known ones only, read if none."""
    clean = sorted({s.strip() for s in scopes if s.strip()}) or ["*:read"]
    unknown = [s for s in clean if s.split(":")[0] not in {*TOKEN_MODULES, "*"} or s.split(":")[-1]
               not in ("read", "write") or s.count(":") != 1]  # fmt: skip
    if unknown:
        raise PcmdError(f"Phạm vi không hợp lệ: {', '.join(unknown)} (dạng phân_hệ:read hoặc phân_hệ:write).",
                        field="scopes")  # fmt: skip
    return clean


def can_manage_token(actor: Any, token: ApiToken) -> bool:
    """The token's owner, or an administrator."""
    return token.user_id == actor.pk or scope_for(actor).has_role(Role.ADMINISTRATOR)
