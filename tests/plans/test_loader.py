import textwrap

import pytest

from pcmd.plans.loader import PlanFileError, load_plan
from pcmd.plans.models import Indicator, Plan, Program, Target, Task
from tests.conftest import PLAN_FILE

pytestmark = pytest.mark.django_db


def test_plan_165_has_the_fourteen_targets(plan):
    codes = list(Indicator.objects.filter(plan=plan).order_by("order").values_list("code", flat=True))
    assert codes == [f"T{i:02d}" for i in range(1, 15)]
    t10 = Indicator.objects.get(plan=plan, code="T10")
    [target] = t10.targets.all()
    assert (target.comparator, target.value, target.period_rule) == (">=", 20, "each_year")
    t11 = Indicator.objects.get(plan=plan, code="T11").targets.get()
    assert (t11.range_start.isoformat(), t11.range_end.isoformat()) == ("2021-01-01", "2025-12-31")
    assert sorted(Target.objects.filter(indicator__code="T14").values_list("tier", "value")) == [
        ("local", 50),
        ("province", 70),
    ]
    assert plan.number == "165/KH-UBND" and plan.issued_on.isoformat() == "2021-12-06"
    assert plan.program.decision == "1629/QĐ-TTg"


def test_lead_agency_changes_on_1_march_2025(plan):
    leads = list(
        plan.agency_roles.filter(role="lead").order_by("valid_from").values_list("agency__code", "valid_to")
    )
    assert [code for code, _ in leads] == ["so-ldtbxh", "so-yte"]
    assert leads[0][1].isoformat() == "2025-02-28"


def test_tasks_as_written_with_owners_to_confirm(plan):
    tasks = Task.objects.filter(plan=plan, unit=plan.province)
    assert tasks.filter(section="II.1").count() == 6 and tasks.filter(section="II.2").count() == 2
    assert not tasks.filter(owners_confirmed=True).exists()
    assert not tasks.filter(lead_agency__isnull=False).exists()
    assert tasks.get(section="II.2", number=2).text.startswith(
        "Xây dựng các hoạt động lồng ghép cho nhóm phụ nữ"
    )


def test_dated_level_of_district_targets(plan):
    levels = list(
        Indicator.objects.get(plan=plan, code="T06").levels.values_list("level", "valid_to", "valid_from")
    )
    assert [lv for lv, *_ in levels] == ["district", "commune"]


def test_reloading_is_idempotent_and_keeps_progress(plan):
    task = Task.objects.get(plan=plan, section="II.1", number=1)
    task.status = Task.Status.DONE
    task.progress_note = "Đã làm"
    task.save()
    counts = (Plan.objects.count(), Indicator.objects.count(), Target.objects.count(), Task.objects.count())
    result = load_plan(PLAN_FILE)
    assert not result.created
    assert (
        Plan.objects.count(),
        Indicator.objects.count(),
        Target.objects.count(),
        Task.objects.count(),
    ) == counts
    task.refresh_from_db()
    assert (task.status, task.progress_note) == (Task.Status.DONE, "Đã làm")


def _write(tmp_path, text: str):
    path = tmp_path / "plan.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def _minimal(**overrides) -> str:
    parts = {
        "program": "program: {code: p-test, name: Thử, decision: 1/QĐ, decided_on: 2021-01-01, start_year: 2021, end_year: 2025}",
        "plan": "plan: {code: test-plan, number: 1/KH, issued_on: 2021-12-06, signer: A, issuer: B, province: '96', title: T, period: 2021..2025}",
        "objectives": "objectives: [{code: I.1, kind: general, text: X}]",
        "indicators": textwrap.dedent("""\
            indicators:
              - code: X01
                name: Thử
                short_name: Thử
                numerator: establishments.inspections
                period_type: year
                levels: [{level: commune}]
                confidence: U
                targets: [{comparator: ">=", value: 70, period: each_year}]"""),
    }
    parts.update(overrides)
    return "\n".join(parts.values()) + "\n"


def test_minimal_file_loads(tmp_path):
    result = load_plan(_write(tmp_path, _minimal()))
    assert result.created and Plan.objects.filter(code="test-plan").exists()


@pytest.mark.parametrize(
    ("override", "line", "field", "reason"),
    [
        ({"indicators": _minimal().split("\n", 3)[3].replace('">="', '">>"')}, 12, "indicators.0.targets.0.comparator", "phải là một trong"),
        ({"indicators": _minimal().split("\n", 3)[3].replace("value: 70", "value: bảy mươi")}, 12, "indicators.0.targets.0.value", "phải là một số"),
        ({"indicators": _minimal().split("\n", 3)[3].replace("    period_type: year\n", "")}, 5, "indicators.0.period_type", "thiếu trường bắt buộc"),
        ({"plan": "plan: {code: test-plan, number: 1/KH, issued_on: 2021-13-06, signer: A, issuer: B, province: '96', title: T, period: 2021..2025}"}, 2, "plan.issued_on", "ngày không hợp lệ"),
        ({"plan": "plan: {code: test-plan, number: 1/KH, issued_on: 2021-12-06, signer: A, issuer: B, province: '96', title: T, period: 2021-2025}"}, 2, "plan.period", "không hợp lệ"),
        ({"objectives": "objectives: [{code: I.1, kind: tổng quát, text: X}]"}, 3, "objectives.0.kind", "phải là một trong"),
    ],
)  # fmt: skip
def test_malformed_files_name_line_field_and_reason(tmp_path, override, line, field, reason):
    with pytest.raises(PlanFileError) as err:
        load_plan(_write(tmp_path, _minimal(**override)))
    problems = err.value.problems
    assert any(ln == line and f == field and reason in r for ln, f, r in problems), problems
    assert not Plan.objects.filter(code="test-plan").exists()


def test_yaml_syntax_error_names_the_line(tmp_path):
    text = _minimal().replace(
        "objectives: [{code: I.1, kind: general, text: X}]", "objectives: [{code: I.1, kind: general"
    )
    with pytest.raises(PlanFileError) as err:
        load_plan(_write(tmp_path, text))
    assert err.value.problems[0][1] == "(cú pháp YAML)" and err.value.problems[0][0] is not None


def test_an_error_found_while_writing_leaves_nothing(tmp_path):
    """The province is checked against the units only when writing: the transaction must roll back."""
    text = _minimal(
        plan="plan: {code: test-plan, number: 1/KH, issued_on: 2021-12-06, signer: A, issuer: B, province: '42', title: T, period: 2021..2025}"
    )
    with pytest.raises(PlanFileError, match=r"plan\.province"):
        load_plan(_write(tmp_path, text))
    assert not Program.objects.filter(code="p-test").exists()


def test_unknown_references_are_refused(tmp_path):
    text = (
        _minimal() + "agency_roles: [{agency: khong-co, role: lead, valid_from: 2021-01-01, confidence: U}]\n"
    )
    with pytest.raises(PlanFileError, match="cơ quan «khong-co» chưa khai báo"):
        load_plan(_write(tmp_path, text))


def test_command_refuses_with_message(tmp_path):
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="Không tìm thấy tệp"):
        call_command("load_plan", str(tmp_path / "missing.yaml"))


@pytest.mark.parametrize("part", ["numerator", "denominator"])
def test_a_measure_name_no_module_provides_is_refused_with_the_known_ones(tmp_path, part):
    from pcmd.core.measures import known_names

    good, bad = "establishments.inspections", "establishments.inspectoins"
    text = _minimal()
    assert f"    numerator: {good}\n" in text
    if part == "numerator":
        text = text.replace(f"    numerator: {good}\n", f"    numerator: {bad}\n")
    else:
        text = text.replace(f"    numerator: {good}\n", f"    numerator: {good}\n    denominator: {bad}\n")
    with pytest.raises(PlanFileError) as err:
        load_plan(_write(tmp_path, text))
    (line, field, reason), *_ = err.value.problems
    assert field == f"indicators.0.{part}" and f"«{bad}» không phải phép đo" in reason
    assert all(name in reason for name in known_names()) and good in known_names()
    assert text.splitlines()[line - 1].strip() == f"{part}: {bad}"
    assert not Plan.objects.filter(code="test-plan").exists()
