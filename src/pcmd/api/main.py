"""The JSON API at /api/v1/: each app's router, Vietnamese errors, OpenAPI at /api/v1/docs."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError
from ninja.renderers import JSONRenderer

from pcmd.accounts.api_auth import TokenAuth
from pcmd.accounts.models import TOKEN_MODULES
from pcmd.core.errors import PcmdError
from pcmd.establishments.api import router as establishments_router
from pcmd.geography.api import router as geography_router
from pcmd.indicators.api import router as indicators_router
from pcmd.outreach.api import router as outreach_router
from pcmd.plans.api import router as plans_router
from pcmd.tips.api import router as tips_router


class VietnameseJSONRenderer(JSONRenderer):
    json_dumps_params = {"ensure_ascii": False}


_SCOPES = "\n".join(f"- `{m}:read`, `{m}:write`: {label}" for m, label in TOKEN_MODULES.items())
DESCRIPTION = f"""API của hệ thống quản lý Chương trình phòng, chống mại dâm.

Xác thực: phiên đăng nhập, hoặc khóa API (`Authorization: Bearer pcmd_…`). Một khóa thay mặt người dùng của nó
(không bao giờ rộng hơn quyền người đó), trong phạm vi đã chọn, hết hạn sau {settings.PCMD_TOKEN_DAYS} ngày (mặc định)
và thu hồi được ở trang /accounts/tokens/.

Phạm vi (`write` bao gồm `read`; `*:read`, `*:write` gồm mọi phân hệ trừ phân hệ nhạy cảm, chỉ có khi ghi rõ):

{_SCOPES}

Lỗi: 400 tham số không hợp lệ, 401 chưa xác thực hoặc khóa hết hạn, 403 khóa thiếu phạm vi hoặc chưa xác thực hai
lớp, 404 không có hoặc không thuộc phạm vi của bạn; nội dung `{{"detail": "…"}}` bằng tiếng Việt."""

ERROR_SCHEMA = {
    "type": "object",
    "properties": {
        "detail": {"type": "string", "description": "thông báo tiếng Việt"},
        "code": {"type": ["string", "null"]},
        "field": {"type": ["string", "null"]},
        "errors": {"type": "array", "items": {"type": "object", "properties": {
            "field": {"type": "string"}, "message": {"type": "string"}}}},
    },
    "required": ["detail"],
}  # fmt: skip
ERRORS = {
    400: "Tham số không hợp lệ (thông báo nêu tham số và lý do)",
    401: "Chưa đăng nhập, khóa API không hợp lệ, đã thu hồi hoặc đã hết hạn",
    403: "Khóa API thiếu phạm vi cần thiết, hoặc tài khoản chưa xác thực hai lớp",
    404: "Không có bản ghi, hoặc bản ghi không thuộc phạm vi của bạn",
}


class PcmdAPI(NinjaAPI):
    """The schema says what every route answers: its scope, and the error answers it can give."""

    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: Any = None) -> Any:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        scopes = {}
        for _, router in self._routers:
            auth = router.auth if isinstance(router.auth, list | tuple) else [router.auth]
            module = next((cb.module for cb in auth if isinstance(cb, TokenAuth)), None)
            for view in router.path_operations.values():
                for op in view.operations:
                    scopes[op.operation_id or self.get_openapi_operation_id(op)] = module
        schema["components"].setdefault("schemas", {})["Error"] = ERROR_SCHEMA
        ref = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
        for path, methods in schema["paths"].items():
            for method, details in methods.items():
                module = scopes.get(details.get("operationId"))
                codes = [400]
                if details.get("security"):
                    codes += [401, 403]
                if "{" in path or details.get("security"):
                    codes.append(404)
                for code in codes:
                    details["responses"].setdefault(code, {"description": ERRORS[code], "content": ref})
                if module:
                    need = f"{module}:{'read' if method == 'get' else 'write'}"
                    details["x-pcmd-scope"] = need
                    details["description"] = (
                        details.get("description", "") + f"\n\nPhạm vi khóa API: `{need}`."
                    ).strip()
        return schema


api = PcmdAPI(
    renderer=VietnameseJSONRenderer(),
    title="PCMD API",
    version="1",
    description=DESCRIPTION,
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
    "date_from_datetime_inexact": "ngày không hợp lệ (dạng YYYY-MM-DD)",
    "date_parsing": "ngày không hợp lệ (dạng YYYY-MM-DD)",
    "date_type": "ngày không hợp lệ (dạng YYYY-MM-DD)",
    "int_parsing": "phải là số nguyên",
    "int_parsing_size": "số quá lớn",
    "int_from_float": "phải là số nguyên",
    "int_type": "phải là số nguyên",
    "bool_parsing": "phải là true hoặc false",
    "bool_type": "phải là true hoặc false",
    "string_type": "phải là chuỗi ký tự",
    "greater_than_equal": "phải lớn hơn hoặc bằng {ge}",
    "less_than_equal": "phải nhỏ hơn hoặc bằng {le}",
    "string_too_long": "dài quá {max_length} ký tự",
    "string_pattern_mismatch": "có ký tự không được phép (ký tự điều khiển)",
}


def _reason(err: dict) -> str:
    reason = _REASONS.get(err.get("type", ""))
    if reason is None:
        return "giá trị không hợp lệ"
    try:
        return reason.format(**(err.get("ctx") or {}))
    except (KeyError, IndexError):
        return reason


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """A parameter out of its type or bounds: 400 with a Vietnamese message naming the field and the reason."""
    details = []
    for err in exc.errors:
        loc = [str(x) for x in err.get("loc", ["?"]) if not str(x).isdigit()]
        field = loc[-1] if loc else "?"
        details.append({"field": field, "message": f"Tham số «{field}»: {_reason(err)}."})
    message = " ".join(d["message"] for d in details)
    return api.create_response(request, {"detail": message, "errors": details}, status=400)


@api.exception_handler(AuthenticationError)
def auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(request, {"detail": "Cần đăng nhập hoặc khóa API hợp lệ."}, status=401)


@api.exception_handler(PcmdError)
def pcmd_error(request: HttpRequest, exc: PcmdError) -> HttpResponse:
    return api.create_response(
        request, {"detail": exc.message, "code": exc.code, "field": exc.field}, status=exc.status
    )
