"""The shared form layer: Vietnamese numbers, NFC text, plausible dates and no preselected choice, checked on the
pages (what is stored afterwards) and on every form class PCMD declares (found by walking the package)."""

from __future__ import annotations

import importlib
import pkgutil
import unicodedata
from datetime import date, timedelta

import pytest
from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils import timezone

import pcmd
from pcmd.accounts.models import Role
from pcmd.core.forms import NumberField, PcmdForm, parse_number
from pcmd.establishments.models import Establishment, Sanction, Violation
from pcmd.outreach.models import PressItem
from tests.factories import member

NOW = date(2025, 7, 1)


@pytest.mark.parametrize(
    "text", ["5.000.000", "5 000 000", "5000000", "5\u00a0000\u00a0000", " 5.000.000 ", "5.000.000 đ"]
)
def test_five_million_typed_every_way(text):
    assert parse_number(text, money=True) == 5_000_000


@pytest.mark.parametrize(
    ("text", "reason"),
    [("5,5", "phần lẻ sau dấu phẩy"), ("5,000,000", "phần lẻ sau dấu phẩy"), ("5.5", "phân cách hàng nghìn"),
     ("1.54", "phân cách hàng nghìn"), ("năm triệu", "không phải là một số"), ("5e6", "không phải là một số")],
)  # fmt: skip
def test_ambiguous_or_wrong_numbers_are_refused_with_the_reason(text, reason):
    with pytest.raises(ValueError, match=reason):
        parse_number(text, money=True)


def _pcmd_modules():
    for info in pkgutil.walk_packages(pcmd.__path__, "pcmd."):
        if ".migrations" in info.name or info.name.rsplit(".", 1)[-1] in ("wsgi", "manage", "settings"):
            continue
        yield importlib.import_module(info.name)


def _form_classes():
    list(_pcmd_modules())
    seen, todo = [], [forms.Form]
    while todo:
        cls = todo.pop()
        for sub in cls.__subclasses__():
            todo.append(sub)
            if sub.__module__.startswith("pcmd."):
                seen.append(sub)
    assert len(seen) > 30  # the walk found the apps' forms
    return seen


def test_every_pcmd_form_is_a_pcmd_form_and_every_count_a_number_field():
    wrong_base, wrong_number = [], []
    for cls in _form_classes():
        if not issubclass(cls, (PcmdForm, AuthenticationForm)):
            wrong_base.append(cls.__qualname__)
        for name, f in cls.base_fields.items():
            if isinstance(f, forms.DecimalField | forms.FloatField):
                if (
                    name not in ("latitude", "longitude") or not f.localize
                ):  # "9,1769" read the Vietnamese way
                    wrong_number.append(f"{cls.__qualname__}.{name}")
            elif (
                isinstance(f, forms.IntegerField)
                and not isinstance(f, NumberField)
                and not (isinstance(f.widget, forms.HiddenInput) or name == "year" or name.endswith("_year"))
            ):
                wrong_number.append(f"{cls.__qualname__}.{name}")
    assert wrong_base == [] and wrong_number == []


@pytest.fixture
def lead(client):
    user = member(Role.LEAD_OFFICER, "96", on=NOW)
    client.force_login(user)
    return user


def _sanction_post(**over):
    data = {"decision_number": "QĐ-99/XPHC", "decided_on": timezone.localdate().isoformat(),
            "authority": "Chủ tịch UBND xã", "fine_amount": "0", "licence_suspended_months": "0",
            "status": "issued"}  # fmt: skip
    return {**data, **over}


@pytest.mark.django_db
def test_a_fine_typed_with_dots_is_stored_as_five_million(client, lead):
    violation = Violation.objects.filter(sanctions__isnull=True).first()
    status = Sanction.Status.choices[0][0]
    r = client.post(f"/establishments/violations/{violation.pk}/sanctions/new/",
                    _sanction_post(fine_amount="5.000.000", status=status))  # fmt: skip
    assert r.status_code == 302
    assert Sanction.objects.get(violation=violation).fine_amount == 5_000_000


@pytest.mark.django_db
def test_a_fine_with_a_decimal_comma_is_refused_naming_the_field_and_nothing_stored(client, lead):
    violation = Violation.objects.filter(sanctions__isnull=True).first()
    status = Sanction.Status.choices[0][0]
    r = client.post(f"/establishments/violations/{violation.pk}/sanctions/new/",
                    _sanction_post(fine_amount="5,5", status=status))  # fmt: skip
    body = r.content.decode()
    assert r.status_code == 200 and "Tiền phạt (đồng): «5,5» có phần lẻ sau dấu phẩy" in body
    assert 'value="5,5"' in body  # what was typed stays in place
    assert not Sanction.objects.filter(violation=violation).exists()


@pytest.mark.django_db
def test_counts_are_text_inputs_with_the_numeric_keypad_shown_back_grouped(client, lead):
    e = Establishment.objects.order_by("pk").first()
    Establishment.objects.filter(pk=e.pk).update(total_workers=1540, female_workers=12)
    body = client.get(f"/establishments/{e.pk}/edit/").content.decode()
    assert 'name="total_workers" value="1.540" inputmode="numeric"' in body.replace('type="text" ', "")
    assert 'type="number"' not in body


@pytest.mark.django_db
def test_decomposed_text_is_stored_composed(client, lead):
    title = unicodedata.normalize("NFD", "Phóng sự về Tóc Thủy ở Đầm Dơi")
    assert title != unicodedata.normalize("NFC", title)
    r = client.post("/outreach/press/", {"outlet": "bao_ca_mau", "title": title,
                                         "published_on": timezone.localdate().isoformat()})  # fmt: skip
    assert r.status_code == 302
    stored = PressItem.objects.order_by("-pk").first().title
    assert stored == unicodedata.normalize("NFC", title) == "Phóng sự về Tóc Thủy ở Đầm Dơi"


@pytest.mark.django_db
@pytest.mark.parametrize("day", [date(1900, 1, 1), date(23, 5, 1), date(1989, 12, 31), "far"])
def test_implausible_dates_are_refused_with_the_reason(client, lead, day):
    day = timezone.localdate() + timedelta(days=370) if day == "far" else day
    before = PressItem.objects.count()
    r = client.post("/outreach/press/", {"outlet": "bao_ca_mau", "title": "Tin",
                                         "published_on": day.isoformat()})  # fmt: skip
    body = r.content.decode()
    assert f"Ngày {day:%d/%m/%Y} nằm ngoài khoảng hợp lý (từ 01/01/1990" in body
    assert PressItem.objects.count() == before


@pytest.mark.django_db
def test_the_edges_of_the_plausible_range_are_accepted(client, lead):
    r = client.post("/outreach/press/", {"outlet": "bao_ca_mau", "title": "Tin cũ",
                                         "published_on": "1990-01-01"})  # fmt: skip
    assert r.status_code == 302 and PressItem.objects.filter(published_on=date(1990, 1, 1)).exists()

    class F(PcmdForm):
        on = forms.DateField()

    ahead = timezone.localdate() + timedelta(days=365)
    assert F(data={"on": ahead.isoformat()}).is_valid()
    assert not F(data={"on": (ahead + timedelta(days=2)).isoformat()}).is_valid()


def test_a_required_choice_starts_blank_and_must_be_chosen():
    class F(PcmdForm):
        kind = forms.ChoiceField(choices=[("a", "A"), ("b", "B")])
        optional = forms.ChoiceField(choices=[("a", "A")], required=False)

    html = F().as_p()
    assert '<option value="" selected>— Chọn —</option>' in html
    assert not F(data={}).is_valid()
    assert F(initial={"kind": "b"}).fields["kind"].choices[0] == ("a", "A")  # an explicit initial is kept
