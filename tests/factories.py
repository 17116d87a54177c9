"""Factories shared by the apps' tests (users with memberships on real units)."""

from datetime import date

import factory

from pcmd.accounts.models import Agency, Membership, Role, User
from pcmd.geography.selectors import unit_at

PASSWORD = "mat-khau-thu-nghiem"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"Cán bộ {n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        if create:
            instance.save()


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    code = factory.Sequence(lambda n: f"agency-{n}")
    name = factory.Sequence(lambda n: f"Cơ quan {n}")
    unit = factory.LazyFunction(lambda: unit_at(code="96", on=date(2025, 7, 1)))


def member(
    role: str = Role.LOCAL_OFFICER, unit_code: str = "96", on: date = date(2025, 7, 1), agency=None, **kw
):
    """A user with one membership on the unit with `unit_code` valid on `on`."""
    unit = unit_at(code=unit_code, on=on)
    user = UserFactory(**kw)
    Membership.objects.create(user=user, agency=agency or AgencyFactory(unit=unit), unit=unit, role=role)
    return user
