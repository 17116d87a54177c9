from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from pcmd.core.models import Notification


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "web/error.html", {"code": 404, "title": "Không tìm thấy trang",
                  "message": "Trang hoặc bản ghi không tồn tại, hoặc bạn không có quyền xem."}, status=404)  # fmt: skip


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "web/error.html", {"code": 403, "title": "Không có quyền",
                  "message": "Bạn không có quyền thực hiện thao tác này."}, status=403)  # fmt: skip


def error_500(request: HttpRequest) -> HttpResponse:
    return render(request, "web/error.html", {"code": 500, "title": "Lỗi hệ thống",
                  "message": "Hệ thống gặp lỗi. Dữ liệu bạn đã lưu trước đó không bị ảnh hưởng; hãy thử lại sau "
                  "hoặc báo cho quản trị hệ thống."}, status=500)  # fmt: skip


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "web/error.html", {"code": 403, "title": "Phiên làm việc đã hết hạn",
                  "message": "Biểu mẫu đã quá hạn hoặc không hợp lệ. Hãy tải lại trang rồi gửi lại."}, status=403)  # fmt: skip


@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    """The user's in-app notices (deadlines, extension requests); POST marks them read."""
    mine = Notification.objects.filter(user_id=int(request.user.pk or 0))
    if request.method == "POST":
        mine.filter(read_at__isnull=True).update(read_at=timezone.now())
        return redirect("notifications")
    return render(request, "web/notifications.html", {"items": mine.order_by("-created_at")[:100]})
