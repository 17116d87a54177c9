"""Writes on tips and cases. Every clock change appends an event and replays the whole clock (clock.replay):
a refused event leaves nothing behind."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from pcmd.accounts.models import Agency, Membership, Role
from pcmd.accounts.scoping import scope_for
from pcmd.audit.models import TIP_PURPOSES
from pcmd.audit.services import MIN_REASON, log_read
from pcmd.core.calendar import WorkingCalendar
from pcmd.core.crypto import read_decrypted
from pcmd.core.errors import Conflict, Forbidden, NotFound, PcmdError
from pcmd.core.locking import claim
from pcmd.core.text import find_one
from pcmd.geography.models import AdminUnit
from pcmd.tips import clock
from pcmd.tips.alerts import approvers_of, handling_unit_of, notify
from pcmd.tips.models import Case, CasePerson, ClockEvent, Kind, Tip
from pcmd.tips.policies import HANDLERS, can_break_glass, can_read_identity, require_handle, require_receive
from pcmd.tips.rules import rule_for


@dataclass
class TipInput:
    received_at: datetime
    channel: str
    content: str
    unit: AdminUnit
    kind: str = ""
    anonymous: bool = False
    reporter_name: str = ""
    reporter_contact: str = ""
    establishment: Any = None
    handler: Any = None
    competent_body: Agency | None = None
    attachment: Any = None
    remote_area: bool = False


def _rule(kind: str, tip: Tip | None = None, received_on: date | None = None) -> clock.RuleSpec | None:
    """The rule version a matter follows: the one in force on the day it was received."""
    day = received_on or (timezone.localdate(tip.received_at) if tip is not None else timezone.localdate())
    rule = rule_for(kind, day)
    return rule.spec if rule else None


def _events(tip: Tip) -> list[clock.Event]:
    return [clock.Event(e.type, e.on, e.amount, e.note, e.step, e.decision_no)
            for e in tip.events.order_by("on", "pk")]  # fmt: skip


def _next_reference(model: Any, prefix: str, width: int) -> str:
    last = (
        model.objects.filter(reference__startswith=prefix)
        .order_by("-reference")
        .values_list("reference", flat=True)
        .first()
    )
    n = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{n:0{width}d}"


def _save_numbered(obj: Any, prefix: str, width: int) -> None:
    """Save with the next free reference; two officers saving at once may draw the same one: draw again."""
    for attempt in range(5):
        obj.reference = _next_reference(type(obj), prefix, width)
        try:
            with transaction.atomic():
                obj.save()
            return
        except IntegrityError:
            if attempt == 4:
                raise
            obj.pk = None


def _apply_state(tip: Tip, state: clock.State) -> None:
    tip.due_on = state.due_on
    tip.due_count = state.due_count if state.due_on else ""
    tip.extension_pending = state.pending_extension is not None
    tip.closed_on = state.closed_on
    tip.on_time = state.on_time
    tip.result = state.result
    status = state.status
    if status == "received" and tip.kind:
        status = Tip.Status.IN_PROGRESS
    tip.status = status if tip.kind or status == "closed" else Tip.Status.RECEIVED


@transaction.atomic
def tip_receive(*, actor: Any, data: TipInput) -> Tip:
    require_receive(actor, data.unit)
    when = data.received_at
    if when > timezone.now():
        raise PcmdError("Thời điểm tiếp nhận không được ở tương lai.", field="received_at")
    day = timezone.localdate(when)
    if data.unit.level != "commune" or not data.unit.is_valid_on(day):
        raise PcmdError(
            f"Xã, phường «{data.unit.name}» không có hiệu lực vào ngày {day:%d/%m/%Y}.", field="unit"
        )
    if not data.content.strip():
        raise PcmdError("Nội dung không được để trống.", field="content")
    if data.anonymous and (data.reporter_name.strip() or data.reporter_contact.strip()):
        raise PcmdError("Tin nặc danh không ghi họ tên, liên hệ của người báo.", field="reporter_name")
    if data.channel not in Tip.Channel.values:
        raise PcmdError("Hình thức tiếp nhận không hợp lệ.", field="channel")
    if data.establishment is not None and data.establishment.unit_id != data.unit.pk:
        raise PcmdError(
            f"Cơ sở «{data.establishment.name}» không ở {data.unit.name}.", field="establishment_ref"
        )
    tip = Tip(
        created_by=actor, updated_by=actor, assigned_by=actor if data.handler else None,
        **{**data.__dict__, "content": data.content.strip(), "attachment": data.attachment or ""},
    )  # fmt: skip
    tip._history_user = actor  # type: ignore[attr-defined]
    events = [clock.Event("received", day)]
    rule = _rule(data.kind, received_on=day)
    state = clock.replay(rule, events, WorkingCalendar(), remote=data.remote_area) if rule else None
    if state:
        _apply_state(tip, state)
    _save_numbered(tip, f"TB-{day.year}-", 5)
    ClockEvent.objects.create(tip=tip, type="received", on=day, actor=actor, due_after=tip.due_on)
    due = f", hạn giải quyết {tip.due_on:%d/%m/%Y}" if tip.due_on else " (chưa phân loại: chưa tính hạn)"
    for user in handling_unit_of(tip, actor=actor):
        notify(
            user, f"Đã tiếp nhận {tip.reference} tại {tip.unit.name}{due}.", tip, key=f"tip-{tip.pk}-received"
        )
    return tip


def _locked(tip: Tip, version: int | None, actor: Any) -> None:
    """Optimistic lock: bump the version only if nobody saved since the user opened the page."""
    q = Tip.objects.filter(pk=tip.pk)
    if version is not None:
        q = q.filter(version=version)
    if not q.update(version=F("version") + 1, updated_by=actor, updated_at=timezone.now()):
        raise Conflict()
    tip.version = (version or tip.version) + 1


def tip_classify_preview(*, actor: Any, tip: Tip, kind: str, on: date, handler: Any = None,
                         remote_area: bool | None = None) -> clock.State:  # fmt: skip
    """The clock as classification would start it, checked exactly as tip_classify checks it; nothing is saved."""
    return _classify_checked(actor, tip, kind, on, handler, remote_area)


def _classify_checked(actor: Any, tip: Tip, kind: str, on: date, handler: Any,
                      remote_area: bool | None) -> clock.State:  # fmt: skip
    require_handle(actor, tip)
    if on > timezone.localdate():
        raise PcmdError("Ngày phân loại không được ở tương lai.", field="on")
    if kind not in Kind.values:
        raise PcmdError("Loại việc không hợp lệ.", field="kind")
    rule = _rule(kind, tip)
    if rule is None:
        raise PcmdError("Chưa có quy tắc thời hạn cho loại việc này: quản trị cần bổ sung.", field="kind")
    if handler is not None and not Membership.objects.filter(user=handler, role__in=HANDLERS).exists():
        raise PcmdError(
            "Người được giao phải là cán bộ thụ lý (công an hoặc cơ quan thường trực).", field="handler"
        )
    remote = tip.remote_area if remote_area is None else remote_area
    return clock.replay(
        rule, [*_events(tip), clock.Event("classified", on)], WorkingCalendar(), remote=remote
    )


@transaction.atomic
def tip_classify(*, actor: Any, tip: Tip, kind: str, on: date, competent_body: Agency | None = None,
                 handler: Any = None, version: int | None = None, remote_area: bool | None = None) -> Tip:  # fmt: skip
    state = _classify_checked(actor, tip, kind, on, handler, remote_area)
    if remote_area is not None:
        tip.remote_area = remote_area
    _locked(tip, version, actor)
    tip.kind = kind
    tip.competent_body = competent_body or tip.competent_body
    if handler is not None and handler.pk != tip.handler_id:
        tip.handler, tip.assigned_by = (
            handler,
            actor,
        )  # the assigner keeps reading the identity with the handler
    _apply_state(tip, state)
    tip.updated_by = actor
    tip._history_user = actor  # type: ignore[attr-defined]
    tip.save()
    ClockEvent.objects.create(tip=tip, type="classified", on=on, actor=actor, due_after=state.due_on,
                              note=tip.get_kind_display())  # fmt: skip
    if tip.handler_id and tip.handler_id != getattr(actor, "pk", None):
        notify(tip.handler, f"Bạn được giao giải quyết {tip.reference}, hạn {tip.due_on:%d/%m/%Y}.", tip,
                key=f"tip-{tip.pk}-assigned-{tip.handler_id}")  # fmt: skip
    return tip


APPROVALS = ("extension_approved", "extension_refused", "suspended")


def _pending_ask(tip: Tip, type: str) -> ClockEvent | None:
    return tip.events.filter(type=type).order_by("-on", "-pk").select_related("actor").first()


def _require_approver(actor: Any, tip: Tip, rule: clock.RuleSpec, type: str) -> None:
    """Separation of duties: the one who asked does not decide; the decision belongs to the role the rule names.
    Another body's decision (the Procuracy's) is entered by the handling unit with its number and date."""
    state = clock.replay(rule, _events(tip), WorkingCalendar(), remote=tip.remote_area)
    if type == "suspended":
        ask, role, label = (
            _pending_ask(tip, "suspension_asked"),
            rule_suspension_approver(tip),
            "tạm đình chỉ",
        )
        basis = rule.suspension_basis
    else:
        if state.pending is None:
            raise PcmdError("Không có đề nghị gia hạn nào đang chờ quyết định.", field="type")
        step = rule.steps[state.pending[0]]
        if step.approver == clock.EXTERNAL:
            require_handle(actor, tip)
            return
        ask, role, label, basis = (
            _pending_ask(tip, "extension_asked"),
            step.approver,
            f"«{step.name}»",
            step.basis,
        )
    if ask is not None and ask.actor_id == getattr(actor, "pk", None):
        raise Forbidden(f"Người đề nghị không được tự quyết định {label}: việc này do {Role(role).label.lower()} "
                        f"quyết định ({basis or 'phân công, phân cấp thẩm quyền'}).")  # fmt: skip
    if not scope_for(actor, roles=(role,)).covers(tip.unit):
        raise Forbidden(f"Chỉ {Role(role).label.lower()} có thẩm quyền tại {tip.unit.name} mới quyết định {label}"
                        f"{f' ({basis})' if basis else ''}.")  # fmt: skip


def rule_suspension_approver(tip: Tip) -> str:
    rule = rule_for(tip.kind, timezone.localdate(tip.received_at))
    return rule.suspension_approver if rule else Role.LEADER


def can_decide(actor: Any, tip: Tip) -> bool:
    """Whether `actor` holds a role this matter's rule names for a decision (extension step, suspension)."""
    rule = rule_for(tip.kind, timezone.localdate(tip.received_at))
    if rule is None:
        return False
    roles = {s.get("approver") for s in rule.steps or []} | {rule.suspension_approver}
    roles = {r for r in roles if r in Role.values}
    return bool(roles) and scope_for(actor, roles=tuple(roles)).covers(tip.unit)


def tip_event_preview(*, actor: Any, tip: Tip, type: str, on: date, amount: int | None = None, note: str = "",
                      step: int | None = None, decision_no: str = "") -> clock.State:  # fmt: skip
    """The clock as it would stand after the step, checked exactly as tip_event checks it; nothing is saved."""
    return _checked(actor, tip, type, on, amount, note, step, decision_no)[1]


def _checked(actor: Any, tip: Tip, type: str, on: date, amount: int | None, note: str, step: int | None,
             decision_no: str) -> tuple[clock.RuleSpec, clock.State]:  # fmt: skip
    if type in ("received", "classified") or type not in ClockEvent.Type.values:
        raise PcmdError("Sự kiện không hợp lệ.", field="type")
    rule = _rule(tip.kind, tip)
    if type in APPROVALS and rule is not None:
        _require_approver(actor, tip, rule, type)
    else:
        require_handle(actor, tip)
    if on > timezone.localdate():
        raise PcmdError("Ngày của sự kiện không được ở tương lai.", field="on")
    if rule is None:
        raise PcmdError("Hãy phân loại việc trước khi ghi các bước giải quyết.", field="type")
    if tip.merged_into_id and type != "closed":
        raise PcmdError(f"Việc đã được gộp vào {tip.merged_into}: giải quyết ở hồ sơ đó.")
    new = clock.Event(type, on, amount, note, step, decision_no.strip())
    return rule, clock.replay(rule, [*_events(tip), new], WorkingCalendar(), remote=tip.remote_area)


@transaction.atomic
def tip_event(*, actor: Any, tip: Tip, type: str, on: date, amount: int | None = None, note: str = "",
              version: int | None = None, to_body: Agency | None = None, step: int | None = None,
              decision_no: str = "") -> ClockEvent:  # fmt: skip
    """Record one step of the clock, by the person entitled to it; the actor and the time are recorded."""
    rule, state = _checked(actor, tip, type, on, amount, note, step, decision_no)
    _locked(tip, version, actor)
    _apply_state(tip, state)
    if type == "transferred" and to_body is not None:
        tip.competent_body = to_body
    tip._history_user = actor  # type: ignore[attr-defined]
    tip.save()
    ask = _pending_ask(tip, "suspension_asked" if type == "suspended" else "extension_asked") \
        if type in APPROVALS else None  # fmt: skip
    asked_step = (
        state.pending[0] if type == "extension_asked" and state.pending else ask.step if ask else step
    )
    event = ClockEvent.objects.create(tip=tip, type=type, on=on, amount=amount, note=note.strip(), actor=actor,
                                      due_after=state.due_on, step=asked_step,
                                      decision_no=decision_no.strip())  # fmt: skip
    if ask is not None and ask.actor_id and ask.actor_id != getattr(actor, "pk", None):
        label = dict(ClockEvent.Type.choices)[type]
        notify(ask.actor, f"{tip.reference}: {label.lower()} ngày {on:%d/%m/%Y}; hạn giải quyết "
                          f"{tip.due_on:%d/%m/%Y}.", tip, key=f"tip-{tip.pk}-decided-{event.pk}")  # fmt: skip
    if type in ("extension_asked", "suspension_asked"):
        what = "gia hạn" if type == "extension_asked" else "tạm đình chỉ"
        if type == "extension_asked" and state.pending is not None:
            s = rule.steps[state.pending[0]]
            role, what = s.approver, f"«{s.name}»"
        else:
            role = rule_suspension_approver(tip)
        deciders = handling_unit_of(tip) if role == clock.EXTERNAL else approvers_of(tip.unit, role)
        for user in deciders:
            if user.pk != getattr(actor, "pk", None):
                notify(user, f"{tip.reference}: đề nghị {what} chờ quyết định (hạn hiện tại "
                              f"{tip.due_on:%d/%m/%Y}).", tip, key=f"tip-{tip.pk}-ask-{event.pk}")  # fmt: skip
    return event


@transaction.atomic
def tip_merge(*, actor: Any, tip: Tip, into: Tip) -> Tip:
    """Mark `tip` as the same matter as `into`; both records are kept, the duplicate is counted once."""
    require_handle(actor, tip)
    require_handle(actor, into)
    if tip.pk == into.pk or into.merged_into_id == tip.pk:
        raise PcmdError("Không thể gộp một việc vào chính nó.", field="into")
    tip.merged_into = into.merged_into or into
    tip._history_user = actor  # type: ignore[attr-defined]
    tip.save(update_fields=["merged_into", "updated_at"])
    return tip


def _check_purpose(purpose: str) -> None:
    if purpose not in dict(TIP_PURPOSES):
        raise PcmdError("Hãy chọn mục đích xem danh tính.", field="purpose")


def tip_identity(*, actor: Any, tip: Tip, purpose: str) -> dict[str, Any]:
    """The reporter's identity for the people handling the matter, logged with the purpose they chose; for
    anyone else it does not exist."""
    if not can_read_identity(actor, tip):
        raise NotFound()
    _check_purpose(purpose)
    log_read(actor=actor, module="tips", object_ref=tip.reference, purpose=purpose)
    return _identity(tip)


def tip_break_glass(*, actor: Any, tip: Tip, reason: str) -> dict[str, Any]:
    """An administrator's emergency read: a written reason, logged and put before the auditors at once."""
    if not can_break_glass(actor, tip):
        raise NotFound()
    if len(reason.strip()) < MIN_REASON:
        raise PcmdError(f"Truy cập khẩn cấp phải ghi rõ lý do (ít nhất {MIN_REASON} ký tự).", field="reason")
    log_read(
        actor=actor, module="tips", object_ref=tip.reference, purpose="break_glass", reason=reason.strip()
    )
    return _identity(tip)


def _identity(tip: Tip) -> dict[str, Any]:
    full = Tip.objects.only("reporter_name", "reporter_contact", "anonymous", "attachment").get(pk=tip.pk)
    return {"name": full.reporter_name, "contact": full.reporter_contact, "anonymous": full.anonymous,
            "attachment": bool(full.attachment)}  # fmt: skip


def establishment_by_ref(*, unit: AdminUnit, ref: str) -> Any:
    """The establishment a tip is about, by registration number or by name within the commune (the registry is a
    sibling: reached through the tip's link, not imported)."""
    model: Any = Tip._meta.get_field("establishment").related_model
    return find_one(model.objects.filter(unit=unit), ref, code_field="registration_number", where=unit.name,
                    what="cơ sở", field="establishment_ref")  # fmt: skip


def tip_attachment(*, actor: Any, tip: Tip, purpose: str) -> tuple[str, bytes]:
    """The attached file (encrypted at rest: it may name the denouncer) as (file name, bytes): the same people as
    for the identity, each opening logged with its purpose."""
    if not can_read_identity(actor, tip) or not tip.attachment:
        raise NotFound()
    _check_purpose(purpose)
    log_read(actor=actor, module="tips", object_ref=tip.reference, purpose=purpose, action="attachment")
    return Path(tip.attachment.name or "").name, read_decrypted(tip.attachment)


@dataclass
class CaseInput:
    detected_on: date
    unit: AdminUnit
    type: str
    handling: str
    summary: str = ""
    status: str = Case.Status.INVESTIGATING
    dismantled_on: date | None = None
    tips: list[Tip] = field(default_factory=list)
    establishments: list[Any] = field(default_factory=list)
    persons: list[tuple[str, int, str]] = field(default_factory=list)  # (role, count, handling)


def _check_dismantled(status: str, dismantled_on: date | None, detected_on: date) -> None:
    if status not in Case.Status.values:
        raise PcmdError("Tình trạng không hợp lệ.", field="status")
    if status != Case.Status.INVESTIGATING and dismantled_on is None:
        raise PcmdError("Vụ việc đã triệt phá phải có ngày triệt phá.", field="dismantled_on")
    if dismantled_on and dismantled_on < detected_on:
        raise PcmdError("Ngày triệt phá trước ngày phát hiện.", field="dismantled_on")
    if dismantled_on and dismantled_on > timezone.localdate():
        raise PcmdError("Ngày triệt phá không được ở tương lai.", field="dismantled_on")


@transaction.atomic
def case_record(*, actor: Any, data: CaseInput) -> Case:
    require_receive(actor, data.unit)
    if data.detected_on > timezone.localdate():
        raise PcmdError("Ngày phát hiện không được ở tương lai.", field="detected_on")
    if data.unit.level != "commune" or not data.unit.is_valid_on(data.detected_on):
        raise PcmdError(f"Xã, phường «{data.unit.name}» không có hiệu lực vào ngày {data.detected_on:%d/%m/%Y}.",
                        field="unit")  # fmt: skip
    _check_dismantled(data.status, data.dismantled_on, data.detected_on)
    case = Case(detected_on=data.detected_on, unit=data.unit, type=data.type,
                handling=data.handling, status=data.status, dismantled_on=data.dismantled_on,
                summary=data.summary.strip(), created_by=actor, updated_by=actor)  # fmt: skip
    case._history_user = actor  # type: ignore[attr-defined]
    _save_numbered(case, f"VV-{data.detected_on.year}-", 4)
    case.tips.set(data.tips)
    case.establishments.set(data.establishments)
    CasePerson.objects.bulk_create(
        [CasePerson(case=case, role=r, count=c, handling=h) for r, c, h in data.persons if c > 0]
    )
    return case


@transaction.atomic
def case_update_status(*, actor: Any, case: Case, status: str, dismantled_on: date | None,
                       version: int) -> Case:  # fmt: skip
    require_receive(actor, case.unit)
    _check_dismantled(status, dismantled_on, case.detected_on)
    claim(case, version)
    case.status, case.dismantled_on, case.updated_by = status, dismantled_on, actor
    case._history_user = actor  # type: ignore[attr-defined]
    case.save()
    return case
