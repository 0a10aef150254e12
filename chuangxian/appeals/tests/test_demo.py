"""The demo's appeals box: the personas' appeals in every state and the ledger, through the
services (``appeals.demo``)."""

import pytest
from django.db import transaction
from django.urls import reverse

from chuangxian.appeals.models import Appeal, AppealStatus, PracticalMatter
from chuangxian.demo.models import Persona, PersonaKey
from chuangxian.demo.services import demo_tenant
from chuangxian.demo.tests.conftest import AS_OF, SMALL, load


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        load("--members", SMALL, "--as-of", AS_OF.isoformat())
        yield
        transaction.set_rollback(True)


def test_the_demo_has_appeals_in_every_state_and_a_ledger(loaded, db, client):
    tenant = demo_tenant()
    assert tenant is not None
    appeals = Appeal.objects.filter(tenant_id=tenant.pk)
    assert set(appeals.values_list("status", flat=True)) == {
        AppealStatus.SUBMITTED,
        AppealStatus.ACCEPTED,
        AppealStatus.CLOSED,
    }
    assert appeals.filter(anonymous=True).exists()
    assert appeals.filter(status=AppealStatus.SUBMITTED, due_on__lt=AS_OF).exists()  # flagged overdue
    assert appeals.filter(round=2).exists()  # reopened after 不满意
    assert PracticalMatter.objects.filter(tenant_id=tenant.pk).count() == 2
    chair = Persona.objects.get(tenant_id=tenant.pk, key=PersonaKey.CHAIR)
    member = Persona.objects.get(tenant_id=tenant.pk, key=PersonaKey.MEMBER)
    client.force_login(chair.user)
    body = client.get(reverse("appeals:inbox")).content.decode()
    assert "匿名教职工" in body and member.member.name not in body
