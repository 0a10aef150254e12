import pytest
from django.urls import reverse

from chuangxian.audit.models import AuditEntry
from chuangxian.exports.tests.helpers import (
    assert_link_gives_the_file,
    assert_refused,
    export_file,
    export_in_queries,
    header,
    rows,
    run_url,
)
from chuangxian.orgs.services import unit_update


def test_office_exports_the_log_of_a_unit(tree, personas):
    unit_update(unit=tree.group, name="中文系小组", kind="group", category="", actor=personas.office)
    unit_update(unit=tree.library, name="图书与档案馆", kind="sub_union", category="", actor=personas.office)
    result = export_file(personas.office, "audit.log", {"unit": tree.college.pk})
    assert header(result.content) == ("时间", "操作人", "操作", "对象", "变更", "附加信息")
    targets = [row[3] for row in rows(result.content)]
    assert "中文系小组" in targets and "图书与档案馆" not in targets
    assert any("中文系小组" in (row[4] or "") for row in rows(result.content))


def test_the_business_area_filter_narrows_the_export(tree, personas):
    AuditEntry.objects.create(tenant=tree.tenant, action="x.y", target_label="这条")
    AuditEntry.objects.create(tenant=tree.tenant, action="z.y", target_label="别的")
    result = export_file(personas.office, "audit.log", {"action": "x"})
    assert [row[3] for row in rows(result.content)] == ["这条"]


@pytest.mark.parametrize("persona", ["chair", "member", "leader", "sibling_chair"])
def test_only_the_office_of_the_school_may_export_the_log(client, tree, personas, persona):
    assert_refused(getattr(personas, persona), "audit.log", client=client)


def test_an_other_schools_unit_is_refused_and_its_log_not_exported(tree, personas):
    assert_refused(personas.office, "audit.log", {"unit": tree.other_root.pk})
    assert_refused(personas.other_office, "audit.log", {"unit": tree.college.pk})
    AuditEntry.objects.create(tenant=tree.tenant, action="x.y", target_label="本校")
    assert export_file(personas.other_office, "audit.log", {"action": "x"}).rows == 0


def test_the_page_links_the_export_and_the_link_gives_the_file(client, tree, personas):
    client.force_login(personas.office)
    page = client.get(reverse("audit:list"), {"unit": tree.college.pk, "action": "orgs"}).content.decode()
    assert "导出 Excel" in page
    assert_link_gives_the_file(client, page, f"{run_url('audit.log')}?unit={tree.college.pk}&amp;action=orgs")


@pytest.mark.parametrize("count", [5, 300])
def test_export_query_count_does_not_grow(tree, personas, django_assert_max_num_queries, count):
    AuditEntry.objects.bulk_create(
        [AuditEntry(tenant=tree.tenant, action="x.y", target_label=str(i)) for i in range(count)]
    )
    result = export_in_queries(
        django_assert_max_num_queries, 6, personas.office, "audit.log", {"action": "x."}
    )
    assert result.rows == count
