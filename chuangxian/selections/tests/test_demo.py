"""The demo school has the seed's six selection types and one selection in progress."""

from datetime import date

import pytest
from django.urls import reverse

from chuangxian.demo.models import Persona, PersonaKey
from chuangxian.demo.services import demo_load
from chuangxian.demo.tree import min_members
from chuangxian.selections.models import Entry, Selection, SelectionStatus, SelectionType, Stage
from chuangxian.selections.services import DEFAULT_TYPES


@pytest.mark.django_db
def test_the_demo_has_the_six_types_and_a_selection_at_its_nomination(client):
    tenant = demo_load(as_of=date(2030, 3, 1), members=min_members()).tenant
    assert sorted(SelectionType.objects.filter(tenant=tenant).values_list("name", flat=True)) == sorted(
        d.name for d in DEFAULT_TYPES
    )
    selection = Selection.objects.get(tenant=tenant)
    assert (selection.status, selection.stage) == (SelectionStatus.OPEN, Stage.NOMINATION)
    assert selection.nomination_ends_on > date(2030, 3, 1)
    entries = Entry.objects.filter(selection=selection)
    assert entries.count() >= 3
    chair = Persona.objects.get(tenant=tenant, key=PersonaKey.CHAIR)
    assert entries.filter(nominated_by=chair.user).count() == 1
    assert all(e.files.count() == 1 for e in entries)
    client.force_login(chair.user)
    page = client.get(reverse("selections:detail", args=[selection.pk]))
    assert page.status_code == 200 and "推荐" in page.text
