"""The clock rules as data: which version a matter follows, what is in force, and the checks an administrator's
edit must pass (a limit above zero, well-formed extension steps, nothing retroactive for matters already received).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pcmd.accounts.models import Role
from pcmd.core.errors import PcmdError
from pcmd.tips.clock import EXTERNAL, UNITS
from pcmd.tips.models import ClockRule, Tip

# Fields that change a clock (the rest — legal text, confidence, notes — may be corrected at any time).
CLOCK_FIELDS = ("starts_on", "accept_limit", "accept_count", "limit", "limit_count", "remote_limit", "steps",
                "suspension_allowed", "resume_limit", "resume_count", "roll_days", "roll_months")  # fmt: skip
STEP_KEYS = {"name", "mode", "amount", "count", "remote_amount", "max_times", "approver", "approver_label",
             "window", "basis", "confidence"}  # fmt: skip


def rule_for(kind: str, received_on: date) -> ClockRule | None:
    """The version in force on the day the matter was received (the earliest one for older matters)."""
    if not kind:
        return None
    versions = ClockRule.objects.filter(kind=kind)
    return versions.filter(effective_from__lte=received_on).order_by("-effective_from").first() or \
        versions.order_by("effective_from").first()  # fmt: skip


def rules_in_force(on: date) -> list[ClockRule]:
    """One version per kind: the one a matter received on `on` follows (one query)."""
    latest: dict[str, ClockRule] = {}
    for r in ClockRule.objects.order_by("kind", "effective_from"):
        if r.kind not in latest or r.effective_from <= on:
            latest[r.kind] = r
    return list(latest.values())


def _window(rule: ClockRule) -> tuple[date, date | None]:
    nxt = (ClockRule.objects.filter(kind=rule.kind, effective_from__gt=rule.effective_from)
           .exclude(pk=rule.pk).order_by("effective_from").values_list("effective_from", flat=True).first())  # fmt: skip
    return rule.effective_from, nxt


def matters_following(rule: ClockRule) -> int:
    """Matters received while this version is (or would be) in force."""
    start, end = _window(rule)
    qs = Tip.objects.filter(kind=rule.kind, received_at__date__gte=start)
    return (qs.filter(received_at__date__lt=end) if end else qs).count()


def _check_steps(steps: Any) -> None:
    if not isinstance(steps, list):
        raise PcmdError("Các bước gia hạn phải là một danh sách.", field="steps")
    roles = {*Role.values, EXTERNAL}
    for i, s in enumerate(steps, 1):
        where = f"Bước gia hạn {i}"
        if not isinstance(s, dict) or not s.get("name"):
            raise PcmdError(f"{where}: phải có tên (name).", field="steps")
        if set(s) - STEP_KEYS:
            raise PcmdError(
                f"{where}: khóa không hợp lệ {', '.join(sorted(set(s) - STEP_KEYS))}.", field="steps"
            )
        for key in ("amount", "max_times", "window", "remote_amount"):
            v = s.get(key, 0 if key in ("window", "remote_amount") else None)
            if not isinstance(v, int) or v < 0 or (key in ("amount", "max_times") and v == 0):
                raise PcmdError(f"{where} «{s['name']}»: {key} phải là số nguyên "
                                f"{'lớn hơn 0' if key in ('amount', 'max_times') else 'không âm'}.", field="steps")  # fmt: skip
        if s.get("mode", "add") not in ("add", "total"):
            raise PcmdError(f"{where}: mode phải là add hoặc total.", field="steps")
        if s.get("count", "calendar") not in UNITS:
            raise PcmdError(f"{where}: count phải là calendar, working hoặc months.", field="steps")
        if s.get("approver", "") not in roles:
            raise PcmdError(f"{where}: approver phải là một vai trò ({', '.join(Role.values)}) hoặc external.",
                            field="steps")  # fmt: skip
        if s.get("confidence", "C") not in ("C", "P", "U"):
            raise PcmdError(f"{where}: confidence phải là C, P hoặc U.", field="steps")


def rule_check(*, rule: ClockRule) -> None:
    """Refuse an administrator's edit that the law or the matters already received do not allow."""
    if rule.limit is None or rule.limit <= 0:
        raise PcmdError("Thời hạn giải quyết phải lớn hơn 0: luật luôn quy định một thời hạn "
                        f"({rule.legal_basis or 'căn cứ pháp lý của loại việc'}).", field="limit")  # fmt: skip
    if rule.starts_on == "accepted" and not rule.accept_limit:
        raise PcmdError("Thời hạn tính từ ngày thụ lý thì phải có thời hạn thụ lý.", field="accept_limit")
    _check_steps(rule.steps)
    original = ClockRule.objects.filter(pk=rule.pk).first() if rule.pk else None
    changed = original is None or any(getattr(original, f) != getattr(rule, f) for f in CLOCK_FIELDS) or \
        original.effective_from != rule.effective_from  # fmt: skip
    if not changed:
        return
    n = matters_following(original or rule)
    if original is not None and n:
        _refuse_in_use(original, rule, n)
    if original is None and n:
        raise PcmdError(f"Đã có {n} việc tiếp nhận từ ngày {rule.effective_from:%d/%m/%Y}: quy tắc mới chỉ áp dụng "
                        "cho việc tiếp nhận sau ngày có hiệu lực, không hồi tố; hãy chọn ngày áp dụng muộn hơn.",
                        field="effective_from")  # fmt: skip


def _refuse_in_use(original: ClockRule, rule: ClockRule, n: int) -> None:
    tail = (f": đang áp dụng cho {n} việc tiếp nhận từ ngày {original.effective_from:%d/%m/%Y}. Thay đổi chỉ áp dụng "
            "cho việc tiếp nhận sau ngày có hiệu lực: hãy thêm một phiên bản mới với ngày áp dụng từ hôm nay trở đi.")  # fmt: skip
    if original.accept_limit and original.starts_on == "accepted" and \
            (not rule.accept_limit or rule.starts_on != "accepted"):  # fmt: skip
        raise PcmdError("Không thể bỏ giai đoạn thụ lý" + tail, field="accept_limit")
    names = {s.get("name") for s in rule.steps or [] if isinstance(s, dict)}
    for s in original.steps or []:
        if s.get("name") not in names:
            raise PcmdError(f"Không thể bỏ bước gia hạn «{s.get('name')}»" + tail, field="steps")
    if original.suspension_allowed and not rule.suspension_allowed:
        raise PcmdError("Không thể bỏ việc tạm đình chỉ" + tail, field="suspension_allowed")
    raise PcmdError("Không thể sửa thời hạn của quy tắc này" + tail, field="limit")
