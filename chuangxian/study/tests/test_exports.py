import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from chuangxian.core.actors import SYSTEM
from chuangxian.core.errors import Refused
from chuangxian.exports.services import ExportFile, export_run
from chuangxian.orgs.tests.factories import MemberFactory
from chuangxian.study.services import study_confirm


def _rows(content: bytes) -> list[tuple]:
    sheet = load_workbook(io.BytesIO(content)).active
    return list(sheet.iter_rows(min_row=2, values_only=True))


def test_the_chair_exports_who_has_studied_in_the_college(tree, personas, document):
    study_confirm(document=document, member=personas.member_row, actor=SYSTEM)
    params = {"document": document.pk, "unit": tree.college.pk}
    result = export_run(actor=personas.chair, name="study.confirmations", fmt="xlsx", params=params)
    assert isinstance(result, ExportFile)
    header, *rows = _rows(result.content)
    assert header == ("工号", "姓名", "单位", "是否已学习", "确认时间")
    by_name = {row[1]: row for row in rows}
    assert by_name["普通会员"][0] == personas.member_row.staff_no
    assert by_name["普通会员"][3] == "是" and by_name["普通会员"][4] is not None
    assert by_name["学院主席"][3] == "否" and by_name["学院主席"][4] is None
    assert "数计主席" not in by_name
    sheet = load_workbook(io.BytesIO(result.content)).active
    assert sheet.cell(row=3, column=1).data_type == "s"


def test_show_narrows_to_one_tab(tree, personas, document):
    study_confirm(document=document, member=personas.member_row, actor=SYSTEM)
    params = {"document": document.pk, "unit": tree.college.pk, "show": "confirmed"}
    result = export_run(actor=personas.chair, name="study.confirmations", fmt="xlsx", params=params)
    assert isinstance(result, ExportFile)
    assert [row[1] for row in _rows(result.content)[1:]] == ["普通会员"]
    params["show"] = "missing"
    result = export_run(actor=personas.chair, name="study.confirmations", fmt="xlsx", params=params)
    assert isinstance(result, ExportFile)
    assert "普通会员" not in [row[1] for row in _rows(result.content)[1:]]


@pytest.mark.parametrize(
    ("persona", "unit"), [("sibling_chair", "college"), ("member", "group"), ("other_office", "college")]
)
def test_who_may_not_see_the_unit_status_may_not_export_it(client, tree, personas, document, persona, unit):
    actor = getattr(personas, persona)
    params = {"document": document.pk, "unit": getattr(tree, unit).pk}
    with pytest.raises(Refused):
        export_run(actor=actor, name="study.confirmations", fmt="xlsx", params=params)
    client.force_login(actor)
    assert client.get(reverse("exports:run", args=["study.confirmations", "xlsx"]), params).status_code in (
        403,
        404,
    )


def test_a_document_not_sent_to_the_sibling_is_not_exported_for_it(tree, personas, college_document):
    params = {"document": college_document.pk, "unit": tree.sibling.pk}
    with pytest.raises(Refused):
        export_run(actor=personas.sibling_chair, name="study.confirmations", fmt="xlsx", params=params)


def test_the_page_links_the_export(client, tree, personas, document):
    client.force_login(personas.chair)
    page = client.get(
        reverse("study:unit_status", args=[document.pk, tree.college.pk]), {"show": "confirmed"}
    )
    url = (
        reverse("exports:run", args=["study.confirmations", "xlsx"])
        + f"?document={document.pk}&amp;unit={tree.college.pk}&amp;show=confirmed"
    )
    assert url in page.content.decode()
    response = client.get(url.replace("&amp;", "&"))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")


@pytest.mark.parametrize("count", [10, 300])
def test_export_query_count_does_not_grow(tree, personas, document, count, django_assert_max_num_queries):
    members = [MemberFactory(unit=tree.group) for _ in range(count)]
    for member in members[::2]:
        study_confirm(document=document, member=member, actor=SYSTEM)
    params = {"document": document.pk, "unit": tree.college.pk}
    with django_assert_max_num_queries(8):
        result = export_run(actor=personas.chair, name="study.confirmations", fmt="xlsx", params=params)
    assert isinstance(result, ExportFile) and result.rows >= count
