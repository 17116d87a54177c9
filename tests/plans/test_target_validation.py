"""A target with a comparator or a value it cannot take is refused with a Vietnamese message naming the field, and
nothing is saved (plan file and /admin/)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from pcmd.plans.loader import PlanFileError, load_plan
from pcmd.plans.models import Indicator, Plan, Target
from tests.plans.test_loader import _minimal, _write

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("value", "reason"), [("150", "0–100%"), ("-5", "ngoài khoảng cho phép")])
def test_plan_file_target_value_out_of_range_is_refused(tmp_path, value, reason):
    text = _minimal().replace("value: 70", f"value: {value}")
    with pytest.raises(PlanFileError) as err:
        load_plan(_write(tmp_path, text))
    assert any(f.startswith("indicators.0.targets") and reason in r for _, f, r in err.value.problems), (
        err.value.problems
    )
    assert not Plan.objects.filter(code="test-plan").exists()


@pytest.mark.parametrize(
    ("changes", "field", "fragment"),
    [
        ({"value": Decimal("150")}, "value", "Trường «giá trị»: mục tiêu tỷ lệ phải trong khoảng 0–100%"),
        ({"value": Decimal("-1")}, "value", "Trường «giá trị»: mục tiêu không thể âm"),
        ({"comparator": ">>"}, "comparator", "so sánh"),
        ({"period_rule": "cumulative", "range_start": None}, "range_start", "Trường «từ ngày»"),
    ],
)
def test_target_edit_out_of_range_names_the_field_and_saves_nothing(changes, field, fragment):
    target = Target.objects.filter(indicator__code="T10").first()
    before = (target.comparator, target.value)
    for k, v in changes.items():
        setattr(target, k, v)
    with pytest.raises(ValidationError) as err:
        target.full_clean()
    assert field in err.value.message_dict and fragment in " ".join(err.value.message_dict[field])
    fresh = Target.objects.get(pk=target.pk)
    assert (fresh.comparator, fresh.value) == before and Indicator.objects.filter(code="T10").exists()


def test_admin_refuses_a_target_above_100_percent_and_keeps_the_old_one(client):
    from datetime import date

    from pcmd.accounts.models import Role
    from tests.factories import member

    client.force_login(
        member(Role.ADMINISTRATOR, "96", on=date(2025, 7, 1), is_staff=True, is_superuser=True)
    )
    ind = Indicator.objects.get(code="T10")
    target = ind.targets.get()
    form = client.get(f"/admin/plans/indicator/{ind.pk}/change/").context["adminform"].form
    data = {k: ("" if v is None else v) for k, v in form.initial.items() if not isinstance(v, list | dict)}
    data.update({"plan": ind.plan_id, "objective": ind.objective_id or ""})
    data.update({"levels-TOTAL_FORMS": 1, "levels-INITIAL_FORMS": 1, "levels-0-id": ind.levels.get().pk,
                 "levels-0-indicator": ind.pk, "levels-0-level": "commune"})  # fmt: skip
    data.update({"targets-TOTAL_FORMS": 1, "targets-INITIAL_FORMS": 1, "targets-0-id": target.pk,
                 "targets-0-indicator": ind.pk, "targets-0-comparator": ">=", "targets-0-value": "150",
                 "targets-0-period_rule": "each_year", "targets-0-scope": "aggregate", "targets-0-tier": ""})  # fmt: skip
    data["short_name"] = "Đổi tên cùng lúc"
    r = client.post(f"/admin/plans/indicator/{ind.pk}/change/", data)
    body = r.content.decode()
    assert r.status_code == 200 and "Trường «giá trị»: mục tiêu tỷ lệ phải trong khoảng 0–100%" in body
    target.refresh_from_db()
    ind.refresh_from_db()
    assert target.value == Decimal(20) and ind.short_name != "Đổi tên cùng lúc"  # nothing saved
