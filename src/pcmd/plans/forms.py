from django import forms

from pcmd.core.forms import PcmdForm
from pcmd.plans.models import Task


class TaskProgressForm(PcmdForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(
        label="Trạng thái",
        choices=Task.Status.choices,
        error_messages={"invalid_choice": "Trạng thái không hợp lệ."},
    )
    progress_note = forms.CharField(
        label="Tiến độ, kết quả",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"max_length": "Tiến độ, kết quả dài quá %(limit_value)d ký tự."},
    )
    evidence = forms.FileField(
        label="Tài liệu minh chứng (PDF, Word, Excel, ảnh; tối đa 20 MB)",
        required=False,
        error_messages={"invalid": "Tệp tải lên không hợp lệ.", "empty": "Tệp tải lên rỗng."},
    )

    def clean(self):
        data = super().clean() or {}
        if data.get("status") == Task.Status.DONE and not (data.get("progress_note") or "").strip():
            self.add_error("progress_note", "Nhiệm vụ hoàn thành cần ghi kết quả thực hiện.")
        return data
