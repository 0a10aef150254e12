import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from chuangxian.audit.models import AuditEntry
from chuangxian.core.errors import Refused
from chuangxian.exports.services import ExportFile, export_run
from chuangxian.orgs.services import unit_update


def _rows(content: bytes) -> list[tuple]:
    sheet = load_workbook(io.BytesIO(content)).active
    return list(sheet.iter_rows(min_row=2, values_only=True))


def test_office_exports_the_log_of_a_unit(tree, personas):
    unit_update(unit=tree.group, name="中文系小组", kind="group", category="", actor=personas.office)
    unit_update(unit=tree.library, name="图书与档案馆", kind="sub_union", category="", actor=personas.office)
    result = export_run(actor=personas.office, name="audit.log", fmt="xlsx", params={"unit": tree.college.pk})
    assert isinstance(result, ExportFile)
    header, *rows = _rows(result.content)
    assert header == ("时间", "操作人", "操作", "对象", "变更", "附加信息")
    targets = [row[3] for row in rows]
    assert "中文系小组" in targets and "图书与档案馆" not in targets
    assert any("中文系小组" in (row[4] or "") for row in rows)


def test_the_business_area_filter_narrows_the_export(tree, personas):
    AuditEntry.objects.create(tenant=tree.tenant, action="x.y", target_label="这条")
    AuditEntry.objects.create(tenant=tree.tenant, action="z.y", target_label="别的")
    result = export_run(actor=personas.office, name="audit.log", fmt="xlsx", params={"action": "x"})
    assert isinstance(result, ExportFile)
    assert [row[3] for row in _rows(result.content)[1:]] == ["这条"]


@pytest.mark.parametrize("persona", ["chair", "member", "leader", "sibling_chair"])
def test_only_the_office_of_the_school_may_export_the_log(client, tree, personas, persona):
    actor = getattr(personas, persona)
    with pytest.raises(Refused):
        export_run(actor=actor, name="audit.log", fmt="xlsx", params={})
    client.force_login(actor)
    response = client.get(reverse("exports:run", args=["audit.log", "xlsx"]))
    assert response.status_code in (403, 404)


def test_an_other_schools_unit_is_refused_and_its_log_not_exported(tree, personas):
    with pytest.raises(Refused):
        export_run(actor=personas.office, name="audit.log", fmt="xlsx", params={"unit": tree.other_root.pk})
    with pytest.raises(Refused):
        export_run(
            actor=personas.other_office, name="audit.log", fmt="xlsx", params={"unit": tree.college.pk}
        )
    AuditEntry.objects.create(tenant=tree.tenant, action="x.y", target_label="本校")
    result = export_run(actor=personas.other_office, name="audit.log", fmt="xlsx", params={"action": "x"})
    assert isinstance(result, ExportFile) and result.rows == 0


def test_the_page_links_the_export_and_the_link_gives_the_file(client, tree, personas):
    client.force_login(personas.office)
    page = client.get(reverse("audit:list"), {"unit": tree.college.pk, "action": "orgs"}).content.decode()
    url = reverse("exports:run", args=["audit.log", "xlsx"]) + f"?unit={tree.college.pk}&amp;action=orgs"
    assert url in page and "导出 Excel" in page
    response = client.get(url.replace("&amp;", "&"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


@pytest.mark.parametrize("count", [5, 300])
def test_export_query_count_does_not_grow(tree, personas, django_assert_max_num_queries, count):
    AuditEntry.objects.bulk_create(
        [AuditEntry(tenant=tree.tenant, action="x.y", target_label=str(i)) for i in range(count)]
    )
    with django_assert_max_num_queries(6):
        result = export_run(actor=personas.office, name="audit.log", fmt="xlsx", params={"action": "x."})
    assert isinstance(result, ExportFile) and result.rows == count
