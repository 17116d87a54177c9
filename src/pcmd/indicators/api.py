from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router
from ninja.errors import HttpError

from pcmd.accounts.api_auth import api_auth
from pcmd.core.errors import PcmdError
from pcmd.indicators.policies import figures_for
from pcmd.indicators.services import matrix, parse_request

router = Router(tags=["Chỉ tiêu"], auth=api_auth)


@router.get("/indicators", summary="Bảng chỉ tiêu (cùng JSON với lệnh `pcmd indicators --format json`)")
def indicators(request: HttpRequest, period: str, unit: str | None = None, as_of: str | None = None,
               level: str | None = None, indicator: str | None = None,
               plan: str | None = None) -> dict[str, Any]:  # fmt: skip
    try:
        req = parse_request(
            period=period, unit=unit, as_of=as_of, level=level, indicator=indicator, plan=plan
        )
    except PcmdError as exc:
        raise HttpError(
            422,
            f"Tham số «{exc.field}»: {exc.message}" if exc.field and "«" not in exc.message else exc.message,
        ) from exc
    return figures_for(request.user, matrix(req))  # docs/decisions/0003
