"""Writes on tips and cases. Every clock change appends an event and replays the whole clock (clock.replay):
a refused event leaves nothing behind."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from pcmd.accounts.models import Agency, Membership, Role
from pcmd.accounts.scoping import role_holders
from pcmd.audit.services import log_read
from pcmd.core.calendar import WorkingCalendar
from pcmd.core.errors import Conflict, Forbidden, NotFound, PcmdError
from pcmd.core.locking import claim
from pcmd.core.models import Notification
from pcmd.core.text import find_one
from pcmd.geography.models import AdminUnit
from pcmd.tips import clock
from pcmd.tips.models import Case, CasePerson, ClockEvent, ClockRule, Kind, Tip
from pcmd.tips.policies import HANDLERS, can_read_identity, require_handle, require_receive


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


def _rule(kind: str) -> ClockRule | None:
    return ClockRule.objects.filter(kind=kind).first() if kind else None


def _events(tip: Tip) -> list[clock.Event]:
    return [clock.Event(e.type, e.on, e.amount, e.note) for e in tip.events.order_by("on", "pk")]


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
        created_by=actor, updated_by=actor,
        **{**data.__dict__, "content": data.content.strip(), "attachment": data.attachment or ""},
    )  # fmt: skip
    tip._history_user = actor  # type: ignore[attr-defined]
    events = [clock.Event("received", day)]
    rule = _rule(data.kind)
    state = clock.replay(rule, events, WorkingCalendar()) if rule else None
    if state:
        _apply_state(tip, state)
    _save_numbered(tip, f"TB-{day.year}-", 5)
    ClockEvent.objects.create(tip=tip, type="received", on=day, actor=actor, due_after=tip.due_on)
    return tip


def _locked(tip: Tip, version: int | None, actor: Any) -> None:
    """Optimistic lock: bump the version only if nobody saved since the user opened the page."""
    q = Tip.objects.filter(pk=tip.pk)
    if version is not None:
        q = q.filter(version=version)
    if not q.update(version=F("version") + 1, updated_by=actor, updated_at=timezone.now()):
        raise Conflict()
    tip.version = (version or tip.version) + 1


@transaction.atomic
def tip_classify(*, actor: Any, tip: Tip, kind: str, on: date, competent_body: Agency | None = None,
                 handler: Any = None, version: int | None = None) -> Tip:  # fmt: skip
    require_handle(actor, tip)
    if kind not in Kind.values:
        raise PcmdError("Loại việc không hợp lệ.", field="kind")
    rule = _rule(kind)
    if rule is None:
        raise PcmdError("Chưa có quy tắc thời hạn cho loại việc này: quản trị cần bổ sung.", field="kind")
    if handler is not None and not Membership.objects.filter(user=handler, role__in=HANDLERS).exists():
        raise PcmdError(
            "Người được giao phải là cán bộ thụ lý (công an hoặc cơ quan thường trực).", field="handler"
        )
    events = [*_events(tip), clock.Event("classified", on)]
    state = clock.replay(rule, events, WorkingCalendar())
    _locked(tip, version, actor)
    tip.kind = kind
    tip.competent_body = competent_body or tip.competent_body
    tip.handler = handler or tip.handler
    _apply_state(tip, state)
    tip.updated_by = actor
    tip._history_user = actor  # type: ignore[attr-defined]
    tip.save()
    ClockEvent.objects.create(tip=tip, type="classified", on=on, actor=actor, due_after=state.due_on,
                              note=tip.get_kind_display())  # fmt: skip
    if tip.handler_id and tip.handler_id != getattr(actor, "pk", None):
        _notify(tip.handler, f"Bạn được giao giải quyết {tip.reference}, hạn {tip.due_on:%d/%m/%Y}.", tip,
                key=f"tip-{tip.pk}-assigned-{tip.handler_id}")  # fmt: skip
    return tip


@transaction.atomic
def tip_event(*, actor: Any, tip: Tip, type: str, on: date, amount: int | None = None, note: str = "",
              version: int | None = None, to_body: Agency | None = None) -> ClockEvent:  # fmt: skip
    require_handle(actor, tip)
    if type in ("received", "classified") or type not in ClockEvent.Type.values:
        raise PcmdError("Sự kiện không hợp lệ.", field="type")
    if on > timezone.localdate():
        raise PcmdError("Ngày của sự kiện không được ở tương lai.", field="on")
    rule = _rule(tip.kind)
    if rule is None:
        raise PcmdError("Hãy phân loại việc trước khi ghi các bước giải quyết.", field="type")
    if tip.merged_into_id and type != "closed":
        raise PcmdError(f"Việc đã được gộp vào {tip.merged_into}: giải quyết ở hồ sơ đó.")
    state = clock.replay(rule, [*_events(tip), clock.Event(type, on, amount, note)], WorkingCalendar())
    _locked(tip, version, actor)
    _apply_state(tip, state)
    if type == "transferred" and to_body is not None:
        tip.competent_body = to_body
    tip._history_user = actor  # type: ignore[attr-defined]
    tip.save()
    event = ClockEvent.objects.create(tip=tip, type=type, on=on, amount=amount, note=note.strip(), actor=actor,
                                      due_after=state.due_on)  # fmt: skip
    if type == "extension_asked":
        for user in supervisors_of(tip.unit):
            _notify(user, f"{tip.reference}: đề nghị gia hạn chờ quyết định (hạn hiện tại {tip.due_on:%d/%m/%Y}).",
                    tip, key=f"tip-{tip.pk}-ext-{event.pk}")  # fmt: skip
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


def tip_identity(*, actor: Any, tip: Tip) -> dict[str, str]:
    """The reporter's identity for a handler, logged; anyone else is refused."""
    if not can_read_identity(actor, tip):
        raise Forbidden("Danh tính người tố giác, tố cáo được pháp luật bảo vệ: bạn không có quyền xem.")
    full = Tip.objects.only("reporter_name", "reporter_contact").get(pk=tip.pk)
    log_read(actor=actor, module="tips", object_ref=tip.reference, purpose="handling")
    return {"name": full.reporter_name, "contact": full.reporter_contact}


def establishment_by_ref(*, unit: AdminUnit, ref: str) -> Any:
    """The establishment a tip is about, by registration number or by name within the commune (the registry is a
    sibling: reached through the tip's link, not imported)."""
    model: Any = Tip._meta.get_field("establishment").related_model
    return find_one(model.objects.filter(unit=unit), ref, code_field="registration_number", where=unit.name,
                    what="cơ sở", field="establishment_ref")  # fmt: skip


def tip_attachment(*, actor: Any, tip: Tip) -> Any:
    """The attached file may name the denouncer: the same people as for the identity, each opening logged."""
    if not can_read_identity(actor, tip) or not tip.attachment:
        raise NotFound()
    log_read(actor=actor, module="tips", object_ref=tip.reference, purpose="handling", action="attachment")
    return tip.attachment


def supervisors_of(unit: AdminUnit, holders: list[tuple[str, Any]] | None = None) -> list[Any]:
    """Lead officers whose unit contains `unit`; pass `holders` (accounts.scoping.role_holders) when asking for
    many units so it stays one query."""
    if holders is None:
        holders = role_holders(roles=(Role.LEAD_OFFICER,))
    return list({user.pk: user for path, user in holders if unit.path.startswith(path)}.values())


def _notify(user: Any, text: str, tip: Tip, *, key: str) -> None:
    Notification.objects.get_or_create(
        user=user, key=key, defaults={"text": text, "link": f"/tips/{tip.pk}/"}
    )


def send_alerts(*, today: date, days: int = 3) -> int:
    """Notify handlers and supervisors of tips due within `days` or overdue, once per tip, state and due date
    (three queries whatever the number of tips). Returns the notices offered (repeats are ignored)."""
    holders = role_holders(roles=(Role.LEAD_OFFICER,))
    open_tips = (
        Tip.objects.exclude(status__in=[Tip.Status.CLOSED, Tip.Status.SUSPENDED])
        .filter(due_on__lte=today + timedelta(days=days), merged_into__isnull=True)
        .select_related("unit", "handler")
    )
    notices = []
    for tip in open_tips:
        assert tip.due_on is not None
        late = tip.due_on < today
        text = (f"{tip.reference} đã quá hạn từ {tip.due_on:%d/%m/%Y}." if late
                else f"{tip.reference} sắp đến hạn: {tip.due_on:%d/%m/%Y}.")  # fmt: skip
        key = f"tip-{tip.pk}-{'late' if late else 'soon'}-{tip.due_on:%Y%m%d}"
        users = {u.pk: u for u in ([tip.handler] if tip.handler else []) + supervisors_of(tip.unit, holders)}
        notices += [Notification(user=u, text=text, link=f"/tips/{tip.pk}/", key=key) for u in users.values()]
    Notification.objects.bulk_create(notices, ignore_conflicts=True)
    return len(notices)


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
