from django import forms
from django.contrib.auth.forms import AuthenticationForm

from pcmd.core.forms import PcmdForm


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "Tên đăng nhập hoặc mật khẩu không đúng. Lưu ý: mật khẩu phân biệt chữ hoa, chữ thường; "
        "sau 5 lần sai liên tiếp tài khoản bị tạm khóa 15 phút.",
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
