from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router
from ninja.errors import HttpError

from pcmd.accounts.api_auth import api_auth_for
from pcmd.core.errors import PcmdError
from pcmd.core.params import Text
from pcmd.indicators.policies import figures_for
from pcmd.indicators.services import matrix, parse_request

router = Router(tags=["Chỉ tiêu"], auth=api_auth_for("indicators"))


@router.get("/indicators", summary="Bảng chỉ tiêu (cùng JSON với lệnh `pcmd indicators --format json`)")
def indicators(request: HttpRequest, period: Text, unit: Text | None = None, as_of: Text | None = None,
               level: Text | None = None, indicator: Text | None = None,
               plan: Text | None = None) -> dict[str, Any]:  # fmt: skip
    try:
        req = parse_request(
            period=period, unit=unit, as_of=as_of, level=level, indicator=indicator, plan=plan
        )
    except PcmdError as exc:
        raise HttpError(
            400,
            f"Tham số «{exc.field}»: {exc.message}" if exc.field and "«" not in exc.message else exc.message,
        ) from exc
    return figures_for(request.user, matrix(req))  # docs/decisions/0003
