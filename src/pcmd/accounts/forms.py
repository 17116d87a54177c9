from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm

from pcmd.accounts.models import TOKEN_MODULES
from pcmd.core.forms import NumberField, PcmdForm


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "Tên đăng nhập hoặc mật khẩu không đúng. Lưu ý: mật khẩu phân biệt chữ hoa, chữ thường; "
        "sau 5 lần sai liên tiếp từ cùng một địa chỉ, tài khoản bị tạm khóa 15 phút khi đăng nhập từ địa chỉ đó.",
        "inactive": "Tài khoản này đã bị khóa. Hãy liên hệ quản trị hệ thống.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "Tên đăng nhập"
        self.fields["password"].label = "Mật khẩu"
        self.fields["username"].widget = forms.TextInput(
            attrs={"autofocus": True, "autocomplete": "username"}
        )


class OtpForm(PcmdForm):
    token = forms.CharField(
        label="Mã xác thực",
        max_length=16,
        error_messages={"required": "Hãy nhập mã 6 số trên ứng dụng xác thực (hoặc một mã dự phòng)."},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


def _scope_choices() -> list[tuple[str, str]]:
    out = [("*:read", "Đọc mọi phân hệ không nhạy cảm"), ("*:write", "Ghi mọi phân hệ không nhạy cảm")]
    for module, label in TOKEN_MODULES.items():
        out += [(f"{module}:read", f"{label}: đọc"), (f"{module}:write", f"{label}: ghi")]
    return out


class TokenForm(PcmdForm):
    name = forms.CharField(label="Tên khóa (máy, hệ thống dùng khóa)", max_length=100,
                           error_messages={"required": "Hãy đặt tên cho khóa."})  # fmt: skip
    scopes = forms.MultipleChoiceField(label="Phạm vi", choices=_scope_choices, widget=forms.CheckboxSelectMultiple,
                                       error_messages={"required": "Hãy chọn ít nhất một phạm vi."})  # fmt: skip
    days = NumberField(label="Hiệu lực (ngày)", min_value=1, max_value=366,
                       initial=lambda: settings.PCMD_TOKEN_DAYS)  # fmt: skip


class EnrolmentForm(PcmdForm):
    code = forms.CharField(label="Mã đăng ký (do quản trị hệ thống cấp)", max_length=20,
                           error_messages={"required": "Hãy nhập mã đăng ký do quản trị hệ thống cấp."},
                           widget=forms.TextInput(attrs={"autocomplete": "off", "autofocus": True}))  # fmt: skip


class ResetFactorForm(PcmdForm):
    reason = forms.CharField(label="Lý do đặt lại", max_length=255,
                             error_messages={"required": "Ghi lý do đặt lại (ví dụ: mất điện thoại)."})  # fmt: skip
