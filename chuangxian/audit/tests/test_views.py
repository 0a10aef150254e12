import pytest
from django.urls import reverse

from chuangxian.audit.models import AuditEntry
from chuangxian.audit.services import audit_record
from chuangxian.orgs.services import unit_update


def test_office_browses_entries_of_a_unit_and_of_a_record(client, tree, personas):
    unit_update(unit=tree.group, name="中文系小组", kind="group", category="", actor=personas.office)
    unit_update(
        unit=tree.library, name="图书与档案馆", kind="sub_union", category="support", actor=personas.office
    )
    client.force_login(personas.office)
    page = client.get(reverse("audit:list"), {"unit": tree.college.pk}).content.decode()
    assert "中文系小组" in page
    assert "图书与档案馆" not in page
    page = client.get(reverse("audit:list"), {"type": "orgs.unit", "id": tree.library.pk}).content.decode()
    assert "图书与档案馆" in page
    assert "中文系小组" not in page


@pytest.mark.parametrize("persona", ["chair", "member", "leader", "other_office"])
def test_audit_is_office_only(client, tree, personas, persona):
    client.force_login(getattr(personas, persona))
    response = client.get(reverse("audit:list"), {"unit": tree.college.pk})
    assert response.status_code == 404


def test_secrets_are_masked(tree, personas):
    entry = audit_record(
        actor=personas.office,
        action="test.masked",
        tenant_id=tree.tenant.pk,
        data={"password": "secret", "id_number": "350502198001011234"},
    )
    assert entry.data["password"] == "***"
    assert entry.data["id_number"].startswith("350")
    assert "19800101" not in entry.data["id_number"]


@pytest.mark.parametrize("count", [5, 200])
def test_audit_list_query_count(client, tree, personas, django_assert_max_num_queries, count):
    AuditEntry.objects.bulk_create(
        [AuditEntry(tenant=tree.tenant, action="x.y", target_label=str(i)) for i in range(count)]
    )
    client.force_login(personas.office)
    with django_assert_max_num_queries(10):
        assert client.get(reverse("audit:list")).status_code == 200


def test_office_filters_the_log_by_business_area(client, tree, personas):
    unit_update(unit=tree.library, name="图书与档案馆", kind="sub_union", category="", actor=personas.office)
    audit_record(actor=personas.office, action="accounts.user.password_changed", target=personas.office)
    client.force_login(personas.office)
    page = client.get(reverse("audit:list")).content.decode()
    assert '<option value="orgs">组织与会员</option>' in page
    assert "操作代码" not in page
    page = client.get(reverse("audit:list"), {"action": "orgs"}).content.decode()
    assert '<option value="orgs" selected>组织与会员</option>' in page
    assert "修改组织" in page and "修改密码</strong>" not in page
