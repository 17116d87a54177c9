"""Errors that reach users: a code, a Vietnamese message, and the field it concerns when there is one."""

from __future__ import annotations


class PcmdError(Exception):
    code = "error"
    status = 400

    def __init__(self, message: str, *, field: str | None = None, code: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        if code:
            self.code = code


class NotFound(PcmdError):
    """Same error for "missing" and "not yours": a record's existence is not revealed."""

    code = "not_found"
    status = 404

    def __init__(self, message: str = "Không tìm thấy bản ghi hoặc bạn không có quyền xem."):
        super().__init__(message)


class Forbidden(PcmdError):
    code = "forbidden"
    status = 403


class Conflict(PcmdError):
    """Optimistic locking: someone saved the record after this user opened it."""

    code = "conflict"
    status = 409

    def __init__(
        self,
        message: str = "Bản ghi đã được người khác cập nhật sau khi bạn mở. Không có gì bị ghi đè: "
        "hãy tải lại trang để xem nội dung mới rồi nhập lại thay đổi của bạn.",
    ):
        super().__init__(message)
