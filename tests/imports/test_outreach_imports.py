"""Activities and roster imports: stable keys (the export's id), never a match on title or on a name without its
accents; exports that run no formula and re-import with no change."""

from datetime import date, timedelta
from io import BytesIO

import pytest
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from pcmd.accounts.models import Role
from pcmd.outreach.models import CommunicationActivity, Official
from pcmd.outreach.xlsx import ACTIVITY_COLUMNS, ROSTER_COLUMNS, import_activities, import_roster
from tests.factories import member

pytestmark = pytest.mark.django_db
NOW = date(2025, 7, 1)


@pytest.fixture
def lead():
    return member(Role.LEAD_OFFICER, "96", on=NOW)


def _file(tmp_path, header, rows, name="f.xlsx"):
    wb = Workbook()
    wb.active.append(header)
    for r in rows:
        wb.active.append(r)
    wb.save(tmp_path / name)
    return tmp_path / name


def _activity(title, male, female):
    day = (timezone.localdate() - timedelta(days=3)).strftime("%d/%m/%Y")
    return [day, "32002", "Loa truyền thanh", "Cộng đồng dân cư", title, male, female, 0]


def test_a_second_session_with_the_same_title_is_a_new_activity_with_its_counts(tmp_path, lead):
    header = [h for _, h, _ in ACTIVITY_COLUMNS]
    first = import_activities(path=_file(tmp_path, header, [_activity("Nói chuyện chuyên đề", 10, 12)]),
                              original_name="a.xlsx", actor=lead)  # fmt: skip
    second = import_activities(path=_file(tmp_path, header, [_activity("Nói chuyện chuyên đề", 7, 9)]),
                               original_name="b.xlsx", actor=lead)  # fmt: skip
    assert first.ok and second.ok and second.batch.created_count == 1
    rows = CommunicationActivity.objects.filter(title="Nói chuyện chuyên đề").order_by("pk")
    assert [(a.participants_male, a.participants_female) for a in rows] == [(10, 12), (7, 9)]
    again = import_activities(path=_file(tmp_path, header, [_activity("Nói chuyện chuyên đề", 7, 9)]),
                              original_name="c.xlsx", actor=lead)  # fmt: skip
    assert (again.batch.created_count, again.batch.unchanged_count) == (0, 1) and rows.count() == 2


def test_roster_people_whose_names_differ_only_by_accents_are_two_people(tmp_path):
    officer = member(Role.LOCAL_OFFICER, "32002", on=NOW)
    header = [h for _, h, _ in ROSTER_COLUMNS]
    rows = [
        ["Nguyễn Thị Hòa", "32002", "", "", "01/08/2025", ""],
        ["Nguyễn Thị Hoa", "32002", "", "", "01/08/2025", ""],
    ]
    report = import_roster(path=_file(tmp_path, header, rows), original_name="r.xlsx", actor=officer)
    assert report.ok, report.errors
    assert set(Official.objects.filter(full_name__in=["Nguyễn Thị Hòa", "Nguyễn Thị Hoa"]).values_list("full_name", flat=True)) == {
        "Nguyễn Thị Hòa", "Nguyễn Thị Hoa"}  # fmt: skip


def _download(client, url):
    r = client.get(url)
    return b"".join(r.streaming_content)


def test_activities_export_re_imports_with_no_change_and_its_id_updates_exactly_that_record(
    client, tmp_path, lead
):
    client.force_login(lead)
    data = _download(client, "/outreach/export.xlsx")
    path = tmp_path / "export.xlsx"
    path.write_bytes(data)
    stamps = dict(CommunicationActivity.objects.values_list("pk", "participants_male"))
    count = CommunicationActivity.objects.count()
    report = import_activities(path=path, original_name="export.xlsx", actor=lead)
    assert report.ok, report.errors[:3]
    assert (report.batch.created_count, report.batch.updated_count, report.batch.unchanged_count) == (
        0,
        0,
        len(stamps),
    )
    assert CommunicationActivity.objects.count() == count
    wb = load_workbook(path)
    ws = wb.active
    header = [c.value for c in ws[1]]
    target_id = ws.cell(row=2, column=header.index("Mã PCMD (không sửa)") + 1).value
    ws.cell(row=2, column=header.index("Người tham dự: nam") + 1).value = 987
    wb.save(path)
    report = import_activities(path=path, original_name="export.xlsx", actor=lead)
    assert report.ok and (report.batch.created_count, report.batch.updated_count) == (0, 1)
    after = dict(CommunicationActivity.objects.values_list("pk", "participants_male"))
    assert after == {**stamps, target_id: 987}


FORMULAS = [
    '=HYPERLINK("http://x","bấm")',
    "+1+1",
    "-2+3",
    "@SUM(A1)",
    "\t=1",
    "\r=1",
    "   =cmd|' /C calc'!A0",
]


def test_exports_write_formula_like_text_as_text_and_it_round_trips(client, tmp_path, lead):
    from pcmd.establishments.models import Establishment

    client.force_login(lead)
    chosen = list(Establishment.objects.order_by("pk")[: len(FORMULAS)])
    for e, text in zip(chosen, FORMULAS, strict=True):
        e.notes = text
        e.save()
    data = _download(client, "/establishments/export.xlsx")
    wb = load_workbook(BytesIO(data))
    ws = wb.active
    notes_col = [c.value for c in ws[1]].index("Ghi chú") + 1
    cells = {
        ws.cell(row=r, column=notes_col).value: ws.cell(row=r, column=notes_col)
        for r in range(2, ws.max_row + 1)
    }
    for text in FORMULAS:
        assert cells[text].data_type == "s" and cells[text].quotePrefix
    import zipfile

    sheet = zipfile.ZipFile(BytesIO(data)).read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in sheet
    path = tmp_path / "export.xlsx"
    path.write_bytes(data)
    from pcmd.establishments.xlsx import import_establishments

    report = import_establishments(path=path, original_name="export.xlsx", actor=lead)
    assert report.ok and report.batch.updated_count == 0
    assert [Establishment.objects.get(pk=e.pk).notes for e in chosen] == FORMULAS
