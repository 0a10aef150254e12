"""The back office lists every school's working-day rows, read-only; a superuser bound to a school sees
only its own."""

from datetime import date

import pytest
from django.urls import reverse

from chuangxian.core.actors import SYSTEM
from chuangxian.orgs.tests.factories import make_user
from chuangxian.workdays.models import AdjustmentKind
from chuangxian.workdays.services import AdjustmentData, workday_adjustment_add, workday_year_confirm

pytestmark = pytest.mark.django_db


def test_the_changelist_is_read_only_and_narrowed_for_a_schools_superuser(client, tree, personas):
    for tenant, name in ((tree.tenant, "校庆放假"), (tree.other_tenant, "外校放假")):
        data = AdjustmentData(day=date(2027, 1, 4), kind=AdjustmentKind.HOLIDAY, name=name)
        workday_adjustment_add(tenant_id=tenant.pk, data=data, actor=SYSTEM)
    url = reverse("admin:workdays_workdayadjustment_changelist")
    client.force_login(personas.admin)
    page = client.get(url, {"q": "放假"})
    assert page.status_code == 200 and "校庆放假" in page.text and "外校放假" in page.text
    assert client.get(reverse("admin:workdays_workdayadjustment_add")).status_code == 403
    client.force_login(
        make_user(None, username="qzroot", is_superuser=True, is_staff=True, tenant=tree.tenant)
    )
    page = client.get(url)
    assert "校庆放假" in page.text and "外校放假" not in page.text


def test_the_years_confirmed_are_listed_read_only(client, tree, personas):
    data = AdjustmentData(day=date(2027, 2, 8), kind=AdjustmentKind.HOLIDAY, name="春节")
    workday_adjustment_add(tenant_id=tree.tenant.pk, data=data, actor=SYSTEM)
    workday_year_confirm(tenant_id=tree.tenant.pk, year=2027, actor=personas.office)
    client.force_login(personas.admin)
    page = client.get(reverse("admin:workdays_workdayyear_changelist"))
    assert page.status_code == 200 and "2027" in page.text
    assert client.get(reverse("admin:workdays_workdayyear_add")).status_code == 403
