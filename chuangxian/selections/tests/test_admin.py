"""The back office lists every school's selections and entries, read-only; a superuser bound to a
school sees only its own."""

from django.urls import reverse

from chuangxian.campaigns.tests.factories import make_campaign
from chuangxian.orgs.tests.factories import make_user
from chuangxian.selections.tests.factories import make_selection, make_type, nominate


def test_the_changelists_are_read_only_and_narrowed_for_a_schools_superuser(
    client, tree, personas, selection, colleagues
):
    entry = nominate(selection, tree.college, colleagues[0])
    make_selection(make_campaign(tree.other_tenant), make_type(tree.other_tenant), title="外校评选")
    client.force_login(personas.admin)
    page = client.get(reverse("admin:selections_selection_changelist"))
    assert page.status_code == 200 and "2011年度评选" in page.text and "外校评选" in page.text
    assert client.get(reverse("admin:selections_entry_change", args=[entry.pk])).status_code == 200
    for name in ("selectiontype", "memberrecord", "entry"):
        assert client.get(reverse(f"admin:selections_{name}_changelist")).status_code == 200
    assert client.get(reverse("admin:selections_selection_add")).status_code == 403
    client.force_login(
        make_user(None, username="qzroot", is_superuser=True, is_staff=True, tenant=tree.tenant)
    )
    page = client.get(reverse("admin:selections_selection_changelist"))
    assert "2011年度评选" in page.text and "外校评选" not in page.text
