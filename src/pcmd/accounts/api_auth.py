"""Authentication for the JSON API: a browser session, or a machine's bearer token limited by its scopes.

Each router names its module (`api_auth_for("tips")`): a token is checked against `<module>:read` for reading
and `<module>:write` for any other method, on every route of the router."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from pcmd.accounts.policies import token_allows
from pcmd.accounts.services import token_authenticate
from pcmd.core.errors import Forbidden

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


class TokenAuth(HttpBearer):
    def __init__(self, module: str) -> None:
        super().__init__()
        self.module = module

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        api_token = token_authenticate(secret=token)
        if api_token is None:
            return None
        write = request.method not in SAFE_METHODS
        if not token_allows(api_token, module=self.module, write=write):
            need = f"{self.module}:{'write' if write else 'read'}"
            raise Forbidden(
                f"Khóa API không có phạm vi «{need}» (phạm vi của khóa: {', '.join(api_token.scopes)})."
            )
        request.user = api_token.user
        request.api_token = api_token  # type: ignore[attr-defined]
        return api_token.user


def api_auth_for(module: str) -> list[Any]:
    return [SessionAuth(), TokenAuth(module)]
