import pytest
from django.urls import reverse

from chuangxian.orgs.models import Member, RoleAssignment, Unit
from chuangxian.orgs.tests.factories import make_user


@pytest.mark.parametrize("model", ["unit", "member", "roleassignment"])
def test_back_office_lists_org_records_read_only(client, tree, personas, model):
    client.force_login(personas.admin)
    assert client.get(reverse(f"admin:orgs_{model}_changelist")).status_code == 200
    assert client.get(reverse(f"admin:orgs_{model}_add")).status_code == 403


def test_no_unaudited_edit_of_a_unit_member_or_role(client, tree, personas):
    client.force_login(personas.admin)
    client.post(reverse("admin:orgs_unit_change", args=[tree.library.pk]), {"name": "改名"})
    client.post(reverse("admin:orgs_member_delete", args=[personas.member_row.pk]), {"post": "yes"})
    assignment = RoleAssignment.objects.filter(member=personas.chair_row).first()
    client.post(reverse("admin:orgs_roleassignment_delete", args=[assignment.pk]), {"post": "yes"})
    assert Unit.objects.get(pk=tree.library.pk).name == "图书馆"
    assert Member.objects.filter(pk=personas.member_row.pk).exists()
    assert RoleAssignment.objects.filter(pk=assignment.pk).exists()


def test_member_page_shows_no_id_number_and_a_tenant_bound_admin_sees_only_their_tenant(
    client, tree, personas
):
    member = personas.member_row
    Member.objects.filter(pk=member.pk).update(id_number="350502198001011234")
    client.force_login(personas.admin)
    assert "350502198001011234" not in client.get(reverse("admin:orgs_member_change", args=[member.pk])).text
    other_admin = make_user(None, tenant=tree.other_tenant, is_superuser=True, is_staff=True)
    client.force_login(other_admin)
    page = client.get(reverse("admin:orgs_unit_changelist")).text
    assert "外校学院" in page and "文学与传播学院" not in page
