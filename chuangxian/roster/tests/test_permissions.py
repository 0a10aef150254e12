"""Only the campaign office of the tenant imports its roster; everyone else gets a plain 404."""

import pytest
from django.urls import reverse

from chuangxian.core.errors import NotFoundError
from chuangxian.roster.permissions import access_roster_import, access_roster_tenant, can_import_roster
from chuangxian.roster.tests.factories import person, upload, xlsx_bytes

OUTSIDERS = ["chair", "liaison", "member", "leader", "sibling_chair", "other_office"]


@pytest.fixture
def roster_import(tree, personas):
    return upload(tree, personas.office, xlsx_bytes([person("2010001", "张伟")]))


def test_office_may_import_its_own_tenant(tree, personas):
    assert can_import_roster(personas.office, tree.tenant.pk)
    assert access_roster_tenant(personas.office) == tree.tenant
    assert not can_import_roster(personas.office, tree.other_tenant.pk)


@pytest.mark.parametrize("persona", OUTSIDERS)
def test_others_may_not(tree, personas, persona, roster_import):
    user = getattr(personas, persona)
    assert not can_import_roster(user, tree.tenant.pk)
    with pytest.raises(NotFoundError):
        access_roster_import(user, roster_import.pk)
    if persona != "other_office":
        with pytest.raises(NotFoundError):
            access_roster_tenant(user)


def test_other_tenants_office_imports_only_into_its_own(tree, personas):
    assert access_roster_tenant(personas.other_office) == tree.other_tenant


def test_platform_admin_without_a_tenant_has_no_roster_to_import_into(personas, roster_import):
    with pytest.raises(NotFoundError):
        access_roster_tenant(personas.admin)
    assert access_roster_import(personas.admin, roster_import.pk) == roster_import


def test_missing_and_forbidden_look_the_same(personas, roster_import):
    with pytest.raises(NotFoundError):
        access_roster_import(personas.office, roster_import.pk + 1000)


@pytest.mark.parametrize("persona", OUTSIDERS)
def test_pages_are_404_for_everyone_but_the_office(client, personas, persona, roster_import):
    client.force_login(getattr(personas, persona))
    urls = [
        reverse("roster:detail", args=[roster_import.pk]),
        reverse("roster:progress", args=[roster_import.pk]),
    ]
    if persona != "other_office":
        urls += [reverse("roster:start"), reverse("roster:template")]
    for url in urls:
        assert client.get(url).status_code == 404, url
    for name in ("roster:confirm", "roster:discard"):
        assert client.post(reverse(name, args=[roster_import.pk])).status_code == 404
    roster_import.refresh_from_db()
    assert roster_import.status == "ready"


def test_anonymous_users_are_sent_to_log_in(client, roster_import):
    response = client.get(reverse("roster:detail", args=[roster_import.pk]))
    assert response.status_code == 302
    assert "/accounts/login/" in response.url
