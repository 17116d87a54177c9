"""The JSON API at /api/v1/: each app's router, Vietnamese errors, OpenAPI at /api/v1/docs."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError
from ninja.renderers import JSONRenderer

from pcmd.core.errors import PcmdError
from pcmd.establishments.api import router as establishments_router
from pcmd.geography.api import router as geography_router
from pcmd.indicators.api import router as indicators_router
from pcmd.outreach.api import router as outreach_router
from pcmd.plans.api import router as plans_router
from pcmd.tips.api import router as tips_router


class VietnameseJSONRenderer(JSONRenderer):
    json_dumps_params = {"ensure_ascii": False}


api = NinjaAPI(
    renderer=VietnameseJSONRenderer(),
    title="PCMD API",
    version="1",
    description="API của hệ thống quản lý Chương trình phòng, chống mại dâm. Xác thực: phiên đăng nhập "
    "hoặc khóa API (Authorization: Bearer pcmd_…).",
    urls_namespace="api-v1",
)
api.add_router("/", geography_router)
api.add_router("/", plans_router)
api.add_router("/", establishments_router)
api.add_router("/", tips_router)
api.add_router("/", outreach_router)
api.add_router("/", indicators_router)

_REASONS = {
    "missing": "thiếu tham số bắt buộc",
    "date_from_datetime_parsing": "ngày không hợp lệ (dạng YYYY-MM-DD)",
    "date_parsing": "ngày không hợp lệ (dạng YYYY-MM-DD)",
    "int_parsing": "phải là số nguyên",
}


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    details = []
    for err in exc.errors:
        field = str(err.get("loc", ["?"])[-1])
        reason = _REASONS.get(err.get("type", ""), err.get("msg", "giá trị không hợp lệ"))
        details.append({"field": field, "message": f"Tham số «{field}»: {reason}."})
    message = " ".join(d["message"] for d in details)
    return api.create_response(request, {"detail": message, "errors": details}, status=422)


@api.exception_handler(AuthenticationError)
def auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(request, {"detail": "Cần đăng nhập hoặc khóa API hợp lệ."}, status=401)


@api.exception_handler(PcmdError)
def pcmd_error(request: HttpRequest, exc: PcmdError) -> HttpResponse:
    return api.create_response(
        request, {"detail": exc.message, "code": exc.code, "field": exc.field}, status=exc.status
    )
