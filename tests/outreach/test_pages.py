"""The module's pages: lists with filters and paging, forms refusing with Vietnamese reasons, edits with version
and history, imports all-or-nothing, the activity export."""

from datetime import date, timedelta
from io import BytesIO

import pytest
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from pcmd.accounts.models import Role
from pcmd.core.models import ImportBatch
from pcmd.geography.selectors import units_valid_on
from pcmd.outreach.models import CommunicationActivity, Course, LocalPlan, Official, SchoolYear, ZoneYear
from pcmd.outreach.xlsx import ACTIVITY_COLUMNS
from tests.factories import member

pytestmark = pytest.mark.django_db
NOW = date(2025, 7, 1)


@pytest.fixture
def lead(client):
    user = member(Role.LEAD_OFFICER, "96", on=NOW)
    client.force_login(user)
    return user


@pytest.mark.parametrize(
    ("url", "bound"),
    [("/outreach/?period=2024Q2", 16), ("/outreach/reach/?year=2024", 15), ("/outreach/plans/?year=2023", 15),
     ("/outreach/models/", 11), ("/outreach/training/?level=commune", 14), ("/outreach/press/", 8)],
)  # fmt: skip
def test_lists_stay_flat(client, lead, url, bound, django_assert_max_num_queries):
    with django_assert_max_num_queries(bound):
        r = client.get(url)
    assert r.status_code == 200


def test_activity_filters_and_export_match_the_rows(client, lead):
    body = client.get("/outreach/", {"period": "2024Q2", "target_group": "students"}).content.decode()
    expected = CommunicationActivity.objects.filter(
        held_on__gte=date(2024, 4, 1), held_on__lte=date(2024, 6, 30), target_group="students"
    ).count()
    assert f"({expected} dòng)" in body
    r = client.get("/outreach/export.xlsx", {"period": "2024Q2", "target_group": "students"})
    rows = list(
        load_workbook(BytesIO(b"".join(r.streaming_content)), read_only=True)
        .worksheets[0]
        .iter_rows(values_only=True)
    )
    assert len(rows) - 1 == expected and {row[3] for row in rows[1:]} == {"Học sinh, sinh viên"}
    assert "Kỳ (năm, quý: 2025, 2025Q3): " in client.get("/outreach/", {"period": "2024Q9"}).content.decode()


def test_reach_page_shows_the_years_records_and_refuses_reach_above_workers(client, lead):
    body = client.get("/outreach/reach/", {"year": 2023}).content.decode()
    assert body.count("/outreach/reach/zone-years/") == ZoneYear.objects.filter(year=2023).count()
    assert body.count("/outreach/reach/school-years/") == SchoolYear.objects.filter(year=2023).count()
    zone = ZoneYear.objects.filter(year=2023).first().zone
    zone.years.filter(year=2020).delete()
    r = client.post("/outreach/reach/?year=2020", {"action": "zone_year", "zy-zone": zone.pk, "zy-year": 2020,
                                                   "zy-workers": 100, "zy-workers_reached": 150, "zy-source": "BQL"})  # fmt: skip
    text = r.content.decode()
    assert "Số người lao động được tuyên truyền: Số người lao động được tuyên truyền (150) lớn hơn" in text
    assert (
        'value="BQL"' in text and not zone.years.filter(year=2020).exists()
    )  # the input stays, nothing saved


def test_editing_a_yearly_figure_checks_the_version_and_keeps_history(client, lead):
    from pcmd.outreach.services import school_year_record

    school = SchoolYear.objects.filter(year=2023).first().school
    row = school_year_record(
        actor=lead, school=school, year=2020, enrolled=900, students_reached=700, source="Sở GDĐT"
    )
    url = f"/outreach/reach/school-years/{row.pk}/"
    data = {"enrolled": row.enrolled, "students_reached": row.students_reached - 1, "source": "Sở GDĐT (điều chỉnh)",
            "version": row.version}  # fmt: skip
    assert client.post(url, data).status_code == 302
    stale = client.post(url, {**data, "students_reached": 1})
    assert stale.status_code == 409 and "Không có gì bị ghi đè" in stale.content.decode()
    row.refresh_from_db()
    assert row.students_reached == data["students_reached"] and row.version == data["version"] + 1
    page = client.get(url).content.decode()
    assert "nguồn số liệu: Sở GDĐT → Sở GDĐT (điều chỉnh)" in page and "Tạo mới" in page


def test_plans_page_lists_units_of_the_years_level_without_a_plan(client, lead):
    for year, level in [(2023, "district"), (2025, "commune")]:
        body = client.get("/outreach/plans/", {"year": year}).content.decode()
        valid = units_valid_on(on=date(year, 12, 31), level=level, province="96")
        without = valid.exclude(pk__in=LocalPlan.objects.filter(year=year).values("unit_id")).count()
        assert f'<span id="without-count">{without}</span>' in body


def test_a_commune_officer_sees_only_their_communes_plans(client):
    plan = LocalPlan.objects.filter(unit__level="commune", unit__valid_from__gte=NOW).first()
    officer = member(Role.LOCAL_OFFICER, plan.unit.code, on=NOW)
    client.force_login(officer)
    body = client.get("/outreach/plans/", {"year": plan.year}).content.decode()
    assert body.count("/outreach/plans/") - body.count('href="/outreach/plans/"') == 1
    other = LocalPlan.objects.exclude(unit=plan.unit).first()
    assert client.get(f"/outreach/plans/{other.pk}/").status_code == 404


def _book(header, rows, name):
    wb = Workbook()
    ws = wb.active
    ws.append(header)
    for row in rows:
        ws.append(row)
    out = BytesIO()
    wb.save(out)
    out.seek(0)
    out.name = name
    return out


def _activities(rows):
    return _book([h for _, h, _ in ACTIVITY_COLUMNS], rows, "hoat-dong.xlsx")


def test_activity_import_all_or_nothing_with_reasons_and_no_double_entry(client, lead):
    day = (timezone.localdate() - timedelta(days=3)).strftime("%d/%m/%Y")
    good = [day, "32002", "Loa truyền thanh", "Cộng đồng dân cư", "Phát thanh phòng, chống mại dâm", 0, 0, 0]
    before = CommunicationActivity.objects.count()
    bad = [
        ["15/03/2024", "32011", "Tờ rơi", "Cộng đồng dân cư", "x", 1, 1, 1],  # Phường 2 until 30/11/2024
        ["15/03/2025", "32011", "Tờ rơi", "Cộng đồng dân cư", "y", 1, 1, 1],  # ... not valid after it
        [day, "32002", "Bồ câu đưa thư", "Học sinh", "z", 1, 1, 1],
        [day, "32002", "Tờ rơi", "Cộng đồng dân cư", "t", -1, 1, 1],
        ["01/01/2099", "32002", "Tờ rơi", "Cộng đồng dân cư", "u", 1, 1, 1],
    ]
    r = client.post("/outreach/import/", {"file": _activities([good, *bad])})
    body = r.content.decode()
    assert r.status_code == 422 and CommunicationActivity.objects.count() == before
    assert (
        "<td>4</td><td>Mã xã, phường</td><td>xã, phường mã «32011» không có hiệu lực vào ngày 15/03/2025</td>"
        in body
    )
    assert "không có hình thức «Bồ câu đưa thư»" in body and "không có đối tượng «Học sinh»" in body
    assert "<td>6</td><td>Người tham dự: nam</td><td>phải là số nguyên không âm</td>" in body
    assert "<td>7</td><td>Ngày tổ chức</td><td>ngày 01/01/2099 ngoài khoảng hợp lệ (từ 01/01/1990 đến" in body
    assert ImportBatch.objects.get(kind="activities").status == "refused"
    r = client.post("/outreach/import/", {"file": _activities([good, bad[0]])})
    assert r.status_code == 200 and CommunicationActivity.objects.count() == before + 2
    again = client.post("/outreach/import/", {"file": _activities([good])})
    assert "thêm mới 0, thay đổi 0, không thay đổi 1" in again.content.decode()
    assert CommunicationActivity.objects.count() == before + 2


def test_participant_import_checks_the_roster(client, lead):
    course = Course.objects.filter(starts_on__year=2024, level="province").first()
    a, b = (Official.objects.create(full_name=n, unit=course.unit, active_from=date(2021, 1, 1))
            for n in ("Nguyễn Văn Mới", "Trần Thị Mới"))  # fmt: skip
    url = f"/outreach/training/courses/{course.pk}/"
    header = ["Mã cán bộ", "Họ và tên"]
    rows = [[a.code, a.full_name], ["CB99999", "Không Có"], [b.code, "Tên Khác"], [a.code, ""]]
    r = client.post(url, {"action": "import", "i-file": _book(header, rows, "hv.xlsx")})
    body = r.content.decode()
    assert r.status_code == 422
    assert "mã «CB99999» không có trong danh sách cán bộ" in body
    assert f"mã {b.code} là của «{b.full_name}», không phải «Tên Khác»" in body and "trùng với dòng 2" in body
    assert not course.participations.filter(official__in=[a, b]).exists()
    r = client.post(
        url,
        {
            "action": "import",
            "i-file": _book(header, [[a.code, a.full_name], [b.code.lower(), ""]], "hv.xlsx"),
        },
    )
    assert r.status_code == 302 and course.participations.filter(official__in=[a, b]).count() == 2


def test_adding_a_participant_from_the_form_and_course_history(client, lead):
    course = Course.objects.filter(starts_on__year=2024).first()
    url = f"/outreach/training/courses/{course.pk}/"
    r = client.post(url, {"action": "add", "p-official": ""})
    assert "Cán bộ trong danh sách: Hãy chọn một giá trị." in r.content.decode()
    r = client.post(url, {"action": "edit", "title": course.title + " (sửa)", "starts_on": course.starts_on.isoformat(),
                          "ends_on": (course.starts_on - timedelta(days=1)).isoformat(), "level": course.level,
                          "unit": course.unit_id, "version": course.version})  # fmt: skip
    assert "Đến ngày: Ngày kết thúc phải từ ngày khai giảng trở đi." in r.content.decode()
    r = client.post(url, {"action": "edit", "title": course.title + " (sửa)", "starts_on": course.starts_on.isoformat(),
                          "ends_on": course.ends_on.isoformat(), "level": course.level, "unit": course.unit_id,
                          "version": course.version})  # fmt: skip
    assert r.status_code == 302
    page = client.get(url).content.decode()
    assert f"tên lớp, khóa: {course.title} → {course.title} (sửa)" in page


def test_api_lists_match_the_rows_and_refuse_bad_parameters(client, lead, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        body = client.get("/api/v1/activities", {"period": "2023", "target_group": "youth"}).json()
    assert (
        body["count"]
        == CommunicationActivity.objects.filter(held_on__year=2023, target_group="youth").count()
    )
    reach = client.get("/api/v1/reach", {"year": 2023}).json()
    assert sum(r["reached"] for r in reach if r["kind"] == "industrial_zone") == sum(
        ZoneYear.objects.filter(year=2023).values_list("workers_reached", flat=True)
    )
    with django_assert_max_num_queries(12):
        plans = client.get("/api/v1/local-plans", {"year": 2025, "level": "commune"}).json()
    assert len(plans) == LocalPlan.objects.filter(year=2025, unit__level="commune").count()
    courses = client.get("/api/v1/courses", {"year": 2024}).json()
    assert sum(c["participants"] for c in courses) == sum(
        c.participations.count() for c in Course.objects.filter(starts_on__year=2024)
    )
    r = client.get("/api/v1/activities", {"period": "2023Q7"})
    assert r.status_code == 400 and "«period»" in r.json()["detail"]
    assert client.get("/api/v1/local-plans", {"year": 2023, "level": "province"}).status_code == 400
    client.logout()
    assert client.get("/api/v1/courses").status_code == 401


def test_an_activity_for_students_names_the_school_and_keeps_its_evidence(client, lead):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from pcmd.outreach.models import ActivityForm, School

    unit = units_valid_on(on=timezone.localdate(), level="commune", province="96").first()
    data = {"held_on": timezone.localdate().isoformat(), "unit": unit.pk, "form": ActivityForm.objects.first().pk,
            "target_group": "students", "title": "Ngoại khóa phòng, chống mại dâm", "participants_male": 40,
            "participants_female": 45, "materials": 85}  # fmt: skip
    r = client.post("/outreach/", data)
    assert "Trường (khi đối tượng là học sinh, sinh viên): Hãy chọn trường nơi học sinh" in r.content.decode()
    school = School.objects.first()
    photo = SimpleUploadedFile("anh.exe", b"MZ", content_type="application/octet-stream")
    r = client.post("/outreach/", {**data, "school": school.pk, "evidence": photo})
    assert "Chỉ nhận tệp PDF, ảnh JPG, ảnh PNG, Word (.docx)." in r.content.decode()
    photo = SimpleUploadedFile("anh.jpg", b"\xff\xd8\xff\xe0JFIF", content_type="image/jpeg")
    assert client.post("/outreach/", {**data, "school": school.pk, "evidence": photo}).status_code == 302
    a = CommunicationActivity.objects.get(title=data["title"])
    assert a.school == school and a.history.count() == 1
    assert (
        b"".join(client.get(f"/outreach/activities/{a.pk}/evidence").streaming_content)
        == b"\xff\xd8\xff\xe0JFIF"
    )
    outsider = member(Role.LOCAL_OFFICER, "32002", on=NOW)
    if not unit.path.startswith(outsider.memberships.get().unit.path):
        client.force_login(outsider)
        assert client.get(f"/outreach/activities/{a.pk}/evidence").status_code == 404


def test_roster_import_checks_units_dates_and_scope_and_never_lists_a_person_twice(client):
    officer = member(Role.LOCAL_OFFICER, "32002", on=NOW)
    client.force_login(officer)
    header = [
        "Họ và tên",
        "Mã đơn vị (tỉnh, huyện, xã)",
        "Mã cơ quan",
        "Chức vụ",
        "Làm công tác từ ngày",
        "Đến ngày",
    ]
    good = ["Lê Thị Mới", "32002", "", "Công chức Văn hóa - Xã hội", "01/08/2025", ""]
    rows = [
        good,
        [
            "Trần Văn Cũ",
            "32002",
            "",
            "",
            "01/03/2023",
            "",
        ],  # 32002 was Phường 4 then: not this officer's unit
        ["Phạm Văn Xa", "32044", "", "", "01/08/2025", ""],  # another commune
        ["Võ Thị Sai", "32002", "khong-co", "", "01/08/2025", ""],
        [*good[:4], "01/08/2025", ""],  # the same person twice
        ["Đỗ Văn Ngược", "32002", "", "", "01/08/2025", "01/01/2025"],
    ]
    before = Official.objects.count()
    r = client.post("/outreach/training/import/", {"file": _book(header, rows, "can-bo.xlsx")})
    body = r.content.decode()
    assert r.status_code == 422 and Official.objects.count() == before
    assert (
        "<td>3</td><td>Mã đơn vị (tỉnh, huyện, xã)</td><td>bạn không có quyền ghi danh sách cán bộ của Phường 4</td>"
        in body
    )
    assert "bạn không có quyền ghi danh sách cán bộ của" in body.split("<td>4</td>")[1]
    assert (
        "không có cơ quan mã «khong-co»" in body and "Ngày thôi làm công tác phải sau ngày bắt đầu." in body
    )
    assert "<td>6</td><td>Họ và tên</td><td>trùng với dòng 2</td>" in body
    ok = client.post("/outreach/training/import/", {"file": _book(header, [good], "can-bo.xlsx")})
    assert ok.status_code == 200 and Official.objects.count() == before + 1
    again = client.post("/outreach/training/import/", {"file": _book(header, [good], "can-bo.xlsx")})
    assert (
        "thêm mới 0, thay đổi 0, không thay đổi 1" in again.content.decode()
        and Official.objects.count() == before + 1
    )
    added = Official.objects.get(full_name="Lê Thị Mới")
    assert added.unit.name == "Phường An Xuyên" and added.history.get().history_user == officer


def test_roster_search_ignores_accents_and_the_plans_gap_list_keeps_to_the_users_scope(client, lead):
    from pcmd.core.text import normalise

    someone = Official.objects.filter(full_name__contains="Thị").first()
    same = Official.objects.filter(full_name=someone.full_name).count()
    body = client.get(
        "/outreach/training/", {"name": normalise(someone.full_name)}
    ).content.decode()  # no accents
    assert body.count(f">{someone.full_name}</a>") == min(same, 50)
    commune = LocalPlan.objects.filter(year=2025, unit__level="commune").first().unit
    client.force_login(member(Role.LOCAL_OFFICER, commune.code, on=NOW))
    body = client.get("/outreach/plans/", {"year": 2025}).content.decode()
    assert (
        '<span id="without-count">0</span>' in body
    )  # their commune has its plan; the others are not theirs


def test_an_activity_for_establishment_workers_names_the_establishments_reached(client, lead):
    from pcmd.establishments.models import Establishment
    from pcmd.outreach.models import ActivityForm

    unit = units_valid_on(on=timezone.localdate(), level="commune", province="96").get(code="32002")
    inns = list(Establishment.objects.filter(homes__unit=unit).exclude(registration_number="").distinct()[:2])
    data = {"held_on": timezone.localdate().isoformat(), "unit": unit.pk, "form": ActivityForm.objects.first().pk,
            "target_group": "establishment_workers", "title": "Tuyên truyền tại nhà nghỉ", "participants_male": 3,
            "participants_female": 9, "materials": 12}  # fmt: skip
    r = client.post("/outreach/", data)
    assert "Hãy ghi các cơ sở nơi người lao động được tuyên truyền." in r.content.decode()
    r = client.post("/outreach/", {**data, "establishment_refs": "Cơ sở không tồn tại"})
    assert "Không tìm thấy cơ sở «Cơ sở không tồn tại» ở Phường An Xuyên" in r.content.decode()
    refs = "\n".join(e.registration_number for e in inns)
    assert client.post("/outreach/", {**data, "establishment_refs": refs}).status_code == 302
    a = CommunicationActivity.objects.get(title="Tuyên truyền tại nhà nghỉ")
    assert set(a.establishments.all()) == set(inns)
    # The same through the import, with one reference per cell separated by ";".
    row = [timezone.localdate().strftime("%d/%m/%Y"), "32002", "Tờ rơi", "Người lao động tại cơ sở kinh doanh dịch vụ",
           "Phát tờ rơi tại cơ sở", 1, 2, 30, "", "", "; ".join(e.registration_number for e in inns)]  # fmt: skip
    assert client.post("/outreach/import/", {"file": _activities([row])}).status_code == 200
    imported = CommunicationActivity.objects.get(title="Phát tờ rơi tại cơ sở")
    assert set(imported.establishments.all()) == set(inns)
    bad = client.post(
        "/outreach/import/", {"file": _activities([[*row[:4], "Khác", *row[5:10], "không-có-mã"]])}
    )
    assert "không có cơ sở «không-có-mã» ở Phường An Xuyên" in bad.content.decode()
