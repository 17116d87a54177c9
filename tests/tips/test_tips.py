"""Tips: intake, clock through the services, identity protection, measures against hand counts, pages, API."""

import io
from datetime import date, datetime, time, timedelta

import pytest
from django.db import connection
from django.utils import timezone
from openpyxl import load_workbook

from pcmd.accounts.models import Role
from pcmd.accounts.services import token_create
from pcmd.audit.models import AccessLog
from pcmd.core.calendar import WorkingCalendar
from pcmd.core.errors import Conflict, Forbidden, PcmdError
from pcmd.core.models import Notification
from pcmd.core.period import Period
from pcmd.geography.selectors import unit_at
from pcmd.indicators.services import matrix, parse_request
from pcmd.tips import clock, measures
from pcmd.tips.models import Tip
from pcmd.tips.rules import rule_for
from pcmd.tips.services import TipInput, tip_classify, tip_event, tip_receive
from tests.factories import member

pytestmark = pytest.mark.django_db
NOW = date(2025, 7, 1)
SECRET_NAME = "Nguyễn Thị Bí Mật"
SECRET_PHONE = "0912 345 678"


def _at(d):
    return timezone.make_aware(datetime.combine(d, time(9, 30)))


@pytest.fixture
def police():
    return member(Role.POLICE, "96", on=NOW, full_name="Điều tra viên A")


@pytest.fixture
def tip(police):
    unit = unit_at(code="32002", on=NOW)
    return tip_receive(actor=police, data=TipInput(
        received_at=_at(date(2025, 9, 5)), channel="hotline", content="Tố giác nhà nghỉ X chứa mại dâm", unit=unit,
        reporter_name=SECRET_NAME, reporter_contact=SECRET_PHONE,
    ))  # fmt: skip


def test_a_tip_walks_its_clock_through_the_services(police, tip):
    assert tip.reference.startswith("TB-2025-") and tip.due_on is None and tip.status == "received"
    tip = tip_classify(actor=police, tip=tip, kind="crime_tip", on=date(2025, 9, 5), handler=police)
    assert tip.due_on == date(2025, 9, 25)  # 05/09 + 20 days
    tip_event(actor=police, tip=tip, type="extension_asked", on=date(2025, 9, 15), version=tip.version)
    tip.refresh_from_db()
    assert tip.extension_pending
    with pytest.raises(Forbidden, match="Người đề nghị không được tự quyết định"):
        tip_event(actor=police, tip=tip, type="extension_approved", on=date(2025, 9, 16), version=tip.version)
    leader = member(Role.LEADER, "96", on=NOW)
    tip_event(actor=leader, tip=tip, type="extension_approved", on=date(2025, 9, 16), version=tip.version)
    tip.refresh_from_db()
    # art. 147(2): a complex matter runs to at most 2 months from receipt: 05/11/2025
    assert tip.due_on == date(2025, 11, 5) and not tip.extension_pending
    with pytest.raises(Conflict):
        tip_event(
            actor=police, tip=tip, type="resolved", on=date(2025, 10, 1), note="x", version=tip.version - 1
        )
    with pytest.raises(PcmdError, match="Chưa có kết quả"):
        tip_event(actor=police, tip=tip, type="closed", on=date(2025, 10, 1), version=tip.version)
    tip_event(
        actor=police, tip=tip, type="closed", on=date(2025, 11, 5), note="Khởi tố vụ án", version=tip.version
    )
    tip.refresh_from_db()
    assert (tip.status, tip.closed_on, tip.on_time) == ("closed", date(2025, 11, 5), True)
    assert [e.due_after for e in tip.events.order_by("on", "pk")][-1] == date(2025, 11, 5)
    assert [e.actor for e in tip.events.filter(type__startswith="extension")] == [police, leader]
    assert tip.history.count() >= 4


def test_refusals_keep_nothing(police, tip):
    tip = tip_classify(actor=police, tip=tip, kind="crime_tip", on=date(2025, 9, 5))
    before = (tip.events.count(), Tip.objects.get(pk=tip.pk).version)
    with pytest.raises(PcmdError, match="sau khi đã hết hạn"):
        tip_event(actor=police, tip=tip, type="extension_asked", on=date(2025, 9, 26), amount=1)
    with pytest.raises(PcmdError, match="chỉ khi đã áp dụng «Vụ việc phức tạp»"):
        tip_event(actor=police, tip=tip, type="extension_asked", on=date(2025, 9, 10), amount=1, step=1)
    with pytest.raises(PcmdError, match="trước ngày tiếp nhận"):
        tip_event(actor=police, tip=tip, type="closed", on=date(2025, 9, 1), note="x")
    with pytest.raises(PcmdError, match="Chưa có kết quả"):
        tip_event(actor=police, tip=tip, type="resolved", on=date(2025, 9, 10))
    assert (tip.events.count(), Tip.objects.get(pk=tip.pk).version) == before
    with pytest.raises(Forbidden):
        tip_event(
            actor=member(Role.INSPECTOR, "96", on=NOW),
            tip=tip,
            type="resolved",
            on=date(2025, 9, 10),
            note="x",
        )
    with pytest.raises(PcmdError, match="tương lai"):
        tip_receive(actor=police, data=TipInput(received_at=timezone.now() + timedelta(days=1), channel="phone",
                                                content="x", unit=tip.unit))  # fmt: skip
    with pytest.raises(PcmdError, match="không có hiệu lực"):
        tip_receive(actor=police, data=TipInput(received_at=_at(date(2025, 9, 1)), channel="phone", content="x",
                                                unit=unit_at(code="32011", on=date(2023, 1, 1))))  # fmt: skip


def test_the_handler_and_the_assigner_read_the_identity_with_a_chosen_purpose(client, police, tip):
    lead = member(Role.LEAD_OFFICER, "96", on=NOW)
    handler = member(Role.POLICE, "96", on=NOW)
    tip_classify(actor=lead, tip=tip, kind="crime_tip", on=date(2025, 9, 5), handler=handler)
    tip.refresh_from_db()
    assert (tip.handler, tip.assigned_by) == (handler, lead)
    for reader in (handler, lead):
        client.force_login(reader)
        assert SECRET_NAME not in client.get(f"/tips/{tip.pk}/").content.decode()
        page = client.get(f"/tips/{tip.pk}/identity/")
        assert SECRET_NAME not in page.content.decode() and "Mục đích xem" in page.content.decode()
        assert client.post(f"/tips/{tip.pk}/identity/", {}).content.decode().count(SECRET_NAME) == 0
        r = client.post(f"/tips/{tip.pk}/identity/", {"purpose": "verify_reporter"})
        body = r.content.decode()
        assert SECRET_NAME in body and SECRET_PHONE in body and "no-store" in r["Cache-Control"]
    logs = list(AccessLog.objects.filter(object_ref=tip.reference).order_by("at", "pk"))
    assert [(g.user, g.module, g.purpose) for g in logs] == [(handler, "tips", "verify_reporter"),
                                                             (lead, "tips", "verify_reporter")]  # fmt: skip
    # the officer who received it, once somebody else is assigned, no longer reads it: need to handle only
    client.force_login(police)
    assert client.get(f"/tips/{tip.pk}/identity/").status_code == 404


def test_nobody_else_ever_sees_the_identity(client, police, tip):
    tip_classify(actor=police, tip=tip, kind="crime_tip", on=date(2025, 9, 5))
    tip_event(
        actor=police, tip=tip, type="resolved", on=date(2025, 9, 8), note="Đã xác minh", version=tip.version
    )
    inspector = member(Role.INSPECTOR, "96", on=NOW)
    commune = member(Role.LOCAL_OFFICER, "32002", on=NOW)
    leader = member(Role.LEADER, "96", on=NOW)
    for user in (inspector, commune, leader):
        client.force_login(user)
        pages = [f"/tips/{tip.pk}/", f"/tips/?reference={tip.reference}",
                 f"/api/v1/tips/{tip.pk}", f"/api/v1/tips?reference={tip.reference}"]  # fmt: skip
        for url in pages:
            r = client.get(url)
            assert r.status_code == 200, url  # they may see the tip ...
            body = r.content.decode()
            assert tip.reference in body and SECRET_NAME not in body and SECRET_PHONE not in body, (
                url
            )  # ... not who
        export = client.get(f"/tips/export.xlsx?reference={tip.reference}")
        cells = [str(c) for row in load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True)
                 for c in row]  # fmt: skip
        assert tip.reference in cells and not any(SECRET_NAME in c or SECRET_PHONE in c for c in cells)
    client.logout()
    for user in (inspector, police):  # a token acts through the API, which never carries the identity
        _, secret = token_create(user=user, name="máy", scopes=["tips:read"])
        for url in (f"/api/v1/tips/{tip.pk}", f"/api/v1/tips?reference={tip.reference}"):
            body = client.get(url, HTTP_AUTHORIZATION=f"Bearer {secret}").content.decode()
            assert tip.reference in body and SECRET_NAME not in body and SECRET_PHONE not in body
    assert not AccessLog.objects.exclude(user=police).exists()
    history_fields = {f.name for f in Tip.history.model._meta.get_fields()}
    assert "reporter_name" not in history_fields and "reporter_contact" not in history_fields
    with connection.cursor() as cur:  # at rest: ciphertext only
        cur.execute("SELECT reporter_name, reporter_contact FROM tips_tip WHERE id = %s", [tip.pk])
        raw = " ".join(cur.fetchone())
    assert raw and SECRET_NAME not in raw and "0912" not in raw


@pytest.mark.parametrize("year", [2024, 2026])
def test_t08_counts_each_matter_in_the_period_its_deadline_falls_by_hand(year):
    """T08 as the law counts it, recounted from the rows in plain Python: a matter counts in the period its deadline
    falls; closed by the deadline = on time; open past it = not on time; open and not yet due = not counted yet.
    The stored deadlines are first recomputed from the events with the clock itself."""
    p = Period.parse(str(year))
    today = timezone.localdate()
    cal = WorkingCalendar()
    counted = met = open_late = not_yet = 0
    for t in (
        Tip.objects.filter(merged_into__isnull=True).exclude(kind="out_of_scope").prefetch_related("events")
    ):
        events = [clock.Event(e.type, e.on, e.amount, e.note, e.step, e.decision_no)
                  for e in sorted(t.events.all(), key=lambda e: (e.on, e.pk))]  # fmt: skip
        rule = rule_for(t.kind, timezone.localdate(t.received_at))
        assert clock.replay(rule.spec, events, cal, remote=t.remote_area).due_on == t.due_on, t.reference
        if t.due_on is None or not p.start <= t.due_on <= p.end:
            continue
        if t.status == "closed":
            counted += 1
            met += t.closed_on <= t.due_on
        elif t.status != "suspended" and t.due_on < today:
            counted += 1
            open_late += 1
        else:
            not_yet += 1
    assert sum(measures.deadline_counted(p).values()) == counted
    assert sum(measures.deadline_met(p).values()) == met
    assert sum(measures.open_overdue(p).values()) == open_late
    if year == 2026:  # the demo's open matters past their deadline lower the year's share
        assert open_late > 0 and met < counted
    result = matrix(parse_request(period=str(year)))
    [cell] = [c for c in result["cells"] if c["indicator"] == "T08" and c["unit_code"] == "96"]
    assert (cell["numerator"], cell["denominator"]) == (met, counted)
    assert cell["value"] == round(met * 100 / counted, 2)
    # Target 100 %: one matter settled late or left past its deadline is final, so the year is "Không đạt" at once,
    # also while it runs (2026), never "Đúng tiến độ" or "Có nguy cơ".
    assert (cell["status"] == "not_achieved") == (met < counted)


def test_t09_counts_organised_rings_dismantled_by_hand():
    from pcmd.tips.models import Case

    p = Period.parse("2023")
    rings = [c for c in Case.objects.all() if c.type == "organised" and c.detected_on.year == 2023]
    done = [c for c in rings if c.status != "investigating" and c.dismantled_on and c.dismantled_on <= p.end]
    assert sum(measures.cases_detected(p).values()) == len(rings)
    assert sum(measures.cases_dismantled(p).values()) == len(done)


def test_alerts_at_receipt_7_and_2_days_before_and_overdue_once_each(client, police, tip, mailoutbox,
                                                                      django_assert_max_num_queries):  # fmt: skip
    from pcmd.tips.alerts import send_alerts

    police.email = "dtv@congan.camau.gov.vn"
    police.save()
    lead = member(Role.LEAD_OFFICER, "96", on=NOW)
    received = Notification.objects.get(user=police, link=f"/tips/{tip.pk}/")
    assert (
        received.text == f"Đã tiếp nhận {tip.reference} tại {tip.unit.name} (chưa phân loại: chưa tính hạn)."
    )
    tip_classify(
        actor=police, tip=tip, kind="crime_tip", on=date(2025, 9, 5), handler=police
    )  # due 25/09/2025
    assert send_alerts(today=date(2025, 9, 17)) == 0  # 8 days left: nothing yet
    for today, text in ((date(2025, 9, 18), "còn 7 ngày đến hạn giải quyết 25/09/2025"),
                        (date(2025, 9, 23), "còn 2 ngày đến hạn giải quyết 25/09/2025"),
                        (date(2025, 9, 26), "đã quá hạn 1 ngày (hạn 25/09/2025)")):  # fmt: skip
        with django_assert_max_num_queries(
            4
        ):  # holders, tips, keys already sent, one insert: not one per tip
            assert send_alerts(today=today) == 2  # the handler and the lead officer
        assert send_alerts(today=today) == 0  # once each
        got = Notification.objects.filter(link=f"/tips/{tip.pk}/", text=f"{tip.reference} {text}.")
        assert sorted(got.values_list("user_id", flat=True)) == sorted([police.pk, lead.pk])
    assert send_alerts(today=date(2025, 9, 27)) == 0  # overdue is told once per due date
    assert [m.to for m in mailoutbox] == [["dtv@congan.camau.gov.vn"]] * 3  # the lead officer has no e-mail
    assert mailoutbox[-1].subject == f"[PCMD] {tip.reference} đã quá hạn 1 ngày (hạn 25/09/2025)."
    client.force_login(police)
    body = client.get("/notifications/").content.decode()
    assert f"{tip.reference} đã quá hạn 1 ngày (hạn 25/09/2025)." in body and "Thông báo <b>(4)</b>" in body
    client.post("/notifications/")
    assert "Thông báo <b>" not in client.get("/notifications/").content.decode()


def test_the_worker_runs_the_alerts_daily_and_schedules_the_next_run(police, tip):
    from django_tasks_db.models import DBTaskResult

    from pcmd.tips.alerts import daily_tip_alerts, next_run, schedule_daily_alerts

    assert schedule_daily_alerts() is True and schedule_daily_alerts() is False  # one chain only
    [queued] = DBTaskResult.objects.filter(task_path=daily_tip_alerts.module_path)
    assert timezone.localtime(queued.run_after).hour == 7 and queued.run_after > timezone.now()
    daily_tip_alerts.call()
    assert DBTaskResult.objects.filter(task_path=daily_tip_alerts.module_path).count() == 2  # tomorrow's run
    assert next_run(_at(date(2025, 12, 31))) == timezone.make_aware(datetime(2026, 1, 1, 7, 0))


def test_list_and_detail_pages_query_counts_and_filters(client, police, tip, django_assert_max_num_queries):
    client.force_login(member(Role.LEAD_OFFICER, "96", on=NOW))
    with django_assert_max_num_queries(12):
        r = client.get("/tips/?work=overdue")
    body = r.content.decode()
    overdue = (
        Tip.objects.exclude(status__in=["closed", "suspended"])
        .filter(due_on__lt=timezone.localdate())
        .count()
    )
    assert f'id="n-overdue">{overdue}<' in body
    with django_assert_max_num_queries(20):
        r = client.get(f"/tips/{tip.pk}/")
    assert "Chưa phân loại" in r.content.decode()
    r = client.post("/tips/new/", {"received_at": "", "content": ""})
    assert "Thời điểm tiếp nhận: Hãy nhập thời điểm tiếp nhận." in r.content.decode()


def test_cases_filter_and_status_update_with_history(client, police, django_assert_max_num_queries):
    from pcmd.tips.models import Case

    client.force_login(police)
    rings_2023 = Case.objects.filter(type="organised", detected_on__year=2023).count()
    with django_assert_max_num_queries(12):
        body = client.get("/tips/cases/?type=organised&year=2023").content.decode()
    assert f'id="case-count">{rings_2023} vụ việc' in body
    assert "Năm phát hiện: Năm phải là một số." in client.get("/tips/cases/?year=abc").content.decode()
    case = Case.objects.filter(status="investigating").first()
    r = client.post(
        f"/tips/cases/{case.pk}/", {"status": "dismantled", "dismantled_on": "", "version": case.version}
    )
    assert "Ngày triệt phá: Vụ việc đã triệt phá phải có ngày triệt phá." in r.content.decode()
    before = case.detected_on - timedelta(days=1)
    r = client.post(f"/tips/cases/{case.pk}/", {"status": "dismantled", "dismantled_on": before.isoformat(),
                                                "version": case.version})  # fmt: skip
    assert "trước ngày phát hiện" in r.content.decode()
    on = case.detected_on + timedelta(days=3)
    client.post(
        f"/tips/cases/{case.pk}/",
        {"status": "dismantled", "dismantled_on": on.isoformat(), "version": case.version},
    )
    case.refresh_from_db()
    assert (case.status, case.dismantled_on) == ("dismantled", on)
    r = client.post(
        f"/tips/cases/{case.pk}/",
        {"status": "tried", "dismantled_on": on.isoformat(), "version": 1 if case.version != 1 else 99},
    )
    assert "người khác cập nhật" in r.content.decode()
    assert (
        "Đã triệt phá" in client.get(f"/tips/cases/{case.pk}/").content.decode().split("Lịch sử thay đổi")[1]
    )
    client.force_login(member(Role.INSPECTOR, "96", on=NOW))  # may read, may not change
    body = client.get(f"/tips/cases/{case.pk}/").content.decode()
    assert case.reference in body and "Cập nhật tình trạng" not in body


def test_two_receptions_drawing_the_same_number_both_land(police, tip, monkeypatch):
    from pcmd.tips import services

    drawn = iter([tip.reference, "TB-2025-99999"])  # the first draw collides with an existing tip
    monkeypatch.setattr(services, "_next_reference", lambda model, prefix, width: next(drawn))
    other = tip_receive(actor=police, data=TipInput(received_at=_at(date(2025, 9, 6)), channel="phone",
                                                    content="Tin thứ hai", unit=tip.unit))  # fmt: skip
    assert other.reference == "TB-2025-99999" and other.events.count() == 1


def test_intake_links_the_establishment_and_keeps_the_letter_as_protected_as_the_name(client, police):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from pcmd.establishments.models import Establishment

    unit = unit_at(code="32002", on=timezone.localdate())
    target = Establishment.objects.filter(unit=unit).exclude(registration_number="").first()
    client.force_login(police)
    base = {"received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"), "channel": "letter", "unit": unit.pk,
            "content": "Đơn tố cáo kèm theo", "reporter_name": SECRET_NAME}  # fmt: skip
    r = client.post("/tips/new/", {**base, "establishment_ref": "Không có cơ sở này"})
    assert f"Không tìm thấy cơ sở «Không có cơ sở này» ở {unit.name}" in r.content.decode()
    letter = SimpleUploadedFile(
        "don.pdf", b"%PDF-1.4 " + SECRET_NAME.encode(), content_type="application/pdf"
    )
    r = client.post(
        "/tips/new/", {**base, "establishment_ref": target.registration_number, "attachment": letter}
    )
    tip = Tip.objects.get(content="Đơn tố cáo kèm theo")
    assert r.status_code == 302 and tip.establishment == target
    tip_classify(actor=police, tip=tip, kind="denunciation", on=timezone.localdate(), handler=police)
    body = client.get(f"/tips/{tip.pk}/").content.decode()
    assert target.name in body
    assert f'href="/tips/{tip.pk}/identity/"' in body
    assert SECRET_NAME not in client.get(f"/tips/{tip.pk}/attachment").content.decode()  # asks the purpose
    got = client.post(f"/tips/{tip.pk}/attachment", {"purpose": "handling"})
    assert SECRET_NAME.encode() in b"".join(got.streaming_content) and "no-store" in got["Cache-Control"]
    log = AccessLog.objects.get(object_ref=tip.reference, action="attachment")
    assert (log.user, log.purpose) == (police, "handling")
    for role, code in ((Role.INSPECTOR, "96"), (Role.LOCAL_OFFICER, "32002"), (Role.LEADER, "96")):
        client.force_login(member(role, code, on=NOW))
        assert (
            "Được bảo mật" in client.get(f"/tips/{tip.pk}/").content.decode().split('id="attachment"')[1][:40]
        )
        assert client.get(f"/tips/{tip.pk}/attachment").status_code == 404
        assert client.post(f"/tips/{tip.pk}/attachment", {"purpose": "handling"}).status_code == 404
    assert AccessLog.objects.filter(object_ref=tip.reference, action="attachment").count() == 1


def test_a_name_that_matches_several_establishments_asks_for_more(police):
    from pcmd.establishments.models import Establishment
    from pcmd.tips.services import establishment_by_ref

    unit = unit_at(code="32002", on=timezone.localdate())
    inns = list(Establishment.objects.filter(unit=unit, name__startswith="Nhà nghỉ"))
    assert len(inns) >= 2  # the demo has many inns in An Xuyên
    with pytest.raises(PcmdError, match="Có nhiều cơ sở khớp «nha nghi»"):
        establishment_by_ref(unit=unit, ref="nha nghi")  # accents optional
    one = next(e for e in inns if sum(x.name == e.name for x in inns) == 1)
    assert establishment_by_ref(unit=unit, ref=one.name) == one


def test_separation_of_duties_and_bad_decisions_are_refused_and_save_nothing(police, tip, mailoutbox):
    tip = tip_classify(
        actor=police, tip=tip, kind="crime_tip", on=date(2025, 9, 5), handler=police
    )  # due 25/09
    leader, other_police = member(Role.LEADER, "96", on=NOW), member(Role.POLICE, "96", on=NOW)
    inspector = member(Role.INSPECTOR, "96", on=NOW)

    def state():
        t = Tip.objects.get(pk=tip.pk)
        return t.events.count(), t.version, t.due_on, t.status

    tip_event(actor=police, tip=tip, type="suspension_asked", on=date(2025, 9, 8))
    assert Notification.objects.filter(
        user=leader, text__contains="đề nghị tạm đình chỉ chờ quyết định"
    ).exists()
    before = state()
    with pytest.raises(Forbidden, match="Người đề nghị không được tự quyết định tạm đình chỉ"):
        tip_event(actor=police, tip=tip, type="suspended", on=date(2025, 9, 9), decision_no="1/QĐ")
    with pytest.raises(
        Forbidden, match="Chỉ lãnh đạo có thẩm quyền"
    ):  # the rule names the leader, not police
        tip_event(actor=other_police, tip=tip, type="suspended", on=date(2025, 9, 9), decision_no="1/QĐ")
    with pytest.raises(Forbidden):
        tip_event(actor=inspector, tip=tip, type="suspended", on=date(2025, 9, 9), decision_no="1/QĐ")
    with pytest.raises(PcmdError, match=r"Tạm đình chỉ phải có số quyết định \(BLTTHS 2015 điều 148"):
        tip_event(actor=leader, tip=tip, type="suspended", on=date(2025, 9, 9))
    with pytest.raises(PcmdError, match="không được ở tương lai"):
        tip_event(actor=leader, tip=tip, type="suspended", on=timezone.localdate() + timedelta(days=1),
                  decision_no="1/QĐ")  # fmt: skip
    with pytest.raises(PcmdError, match="trước ngày tiếp nhận"):
        tip_event(actor=leader, tip=tip, type="suspended", on=date(2025, 9, 1), decision_no="1/QĐ")
    assert state() == before
    tip_event(actor=leader, tip=tip, type="suspended", on=date(2025, 9, 9), decision_no="15/QĐ-TĐC")
    tip_event(actor=police, tip=tip, type="resumed", on=date(2025, 9, 19), decision_no="20/QĐ-PH")
    tip.refresh_from_db()
    assert tip.due_on == date(2025, 10, 5)  # 10 days stopped
    # the Procuracy's decision: entered by the handling unit, with its number
    tip_event(actor=police, tip=tip, type="extension_asked", on=date(2025, 9, 22), step=0)
    tip_event(actor=leader, tip=tip, type="extension_approved", on=date(2025, 9, 23))
    tip.refresh_from_db()
    assert tip.due_on == date(2025, 11, 17)  # 05/11 + 10 stopped days = 15/11, a Saturday (art. 134) → 17/11
    tip_event(actor=police, tip=tip, type="extension_asked", on=date(2025, 11, 10), step=1, amount=2)
    before = state()
    with pytest.raises(PcmdError, match="Phải ghi số, ngày quyết định của Viện kiểm sát cùng cấp"):
        tip_event(actor=other_police, tip=tip, type="extension_approved", on=date(2025, 11, 11))
    assert state() == before
    tip_event(
        actor=other_police, tip=tip, type="extension_approved", on=date(2025, 11, 11), decision_no="3/VKS"
    )
    assert tip.events.get(type="extension_approved", step=1, decision_no="3/VKS").actor == other_police
    tip.refresh_from_db()
    assert tip.due_on == date(2026, 1, 15)
    told = Notification.objects.filter(user=police, text__contains="đồng ý gia hạn ngày 11/11/2025")
    assert told.get().text == f"{tip.reference}: đồng ý gia hạn ngày 11/11/2025; hạn giải quyết 15/01/2026."


def test_the_attachment_is_ciphertext_at_rest_and_survives_key_rotation(client, settings, police):
    from cryptography.fernet import Fernet
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from django.core.management import call_command

    from pcmd.core import crypto

    tip = tip_receive(actor=police, data=TipInput(
        received_at=_at(date(2025, 9, 5)), channel="letter", content="Đơn kèm", unit=unit_at(code="32002", on=NOW),
        reporter_name=SECRET_NAME, attachment=ContentFile(b"%PDF-1.4 " + SECRET_NAME.encode(), name="don.pdf"),
    ))  # fmt: skip
    name = Tip.objects.get(pk=tip.pk).attachment.name

    def raw():
        with default_storage.open(name, "rb") as f:
            return f.read()

    before = raw()
    assert SECRET_NAME.encode() not in before and before.startswith(b"gAAAA")
    client.force_login(police)
    got = b"".join(client.post(f"/tips/{tip.pk}/attachment", {"purpose": "handling"}).streaming_content)
    assert got == b"%PDF-1.4 " + SECRET_NAME.encode()
    old = settings.PCMD_FIELD_KEYS[0]
    try:
        settings.PCMD_FIELD_KEYS = [Fernet.generate_key().decode(), old]
        crypto.reset_for_tests()
        out = io.StringIO()
        call_command("rotate_field_key", stdout=out)
        assert "1 tệp" in out.getvalue() or "tệp" in out.getvalue()
        settings.PCMD_FIELD_KEYS = settings.PCMD_FIELD_KEYS[:1]  # the old key is gone
        crypto.reset_for_tests()
        assert raw() != before
        got = b"".join(client.post(f"/tips/{tip.pk}/attachment", {"purpose": "handling"}).streaming_content)
        assert got == b"%PDF-1.4 " + SECRET_NAME.encode()
    finally:
        settings.PCMD_FIELD_KEYS = [old]
        crypto.reset_for_tests()
