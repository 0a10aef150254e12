import pytest
from django.urls import reverse

from chuangxian.core.actors import SYSTEM
from chuangxian.exports.tests.helpers import (
    assert_link_gives_the_file,
    assert_refused,
    export_file,
    export_in_queries,
    header,
    rows,
    run_url,
    sheet,
)
from chuangxian.orgs.tests.factories import MemberFactory
from chuangxian.study.services import study_confirm


def test_the_chair_exports_who_has_studied_in_the_college(tree, personas, document):
    study_confirm(document=document, member=personas.member_row, actor=SYSTEM)
    params = {"document": document.pk, "unit": tree.college.pk}
    result = export_file(personas.chair, "study.confirmations", params)
    assert header(result.content) == ("工号", "姓名", "单位", "是否已学习", "确认时间")
    by_name = {row[1]: row for row in rows(result.content)}
    assert by_name["普通会员"][0] == personas.member_row.staff_no
    assert by_name["普通会员"][3] == "是" and by_name["普通会员"][4] is not None
    assert by_name["学院主席"][3] == "否" and by_name["学院主席"][4] is None
    assert "数计主席" not in by_name
    assert sheet(result.content).cell(row=3, column=1).data_type == "s"


def test_show_narrows_to_one_tab(tree, personas, document):
    study_confirm(document=document, member=personas.member_row, actor=SYSTEM)
    params = {"document": document.pk, "unit": tree.college.pk, "show": "confirmed"}
    result = export_file(personas.chair, "study.confirmations", params)
    assert [row[1] for row in rows(result.content)] == ["普通会员"]
    params["show"] = "missing"
    result = export_file(personas.chair, "study.confirmations", params)
    assert "普通会员" not in [row[1] for row in rows(result.content)]


@pytest.mark.parametrize(
    ("persona", "unit"), [("sibling_chair", "college"), ("member", "group"), ("other_office", "college")]
)
def test_who_may_not_see_the_unit_status_may_not_export_it(client, tree, personas, document, persona, unit):
    params = {"document": document.pk, "unit": getattr(tree, unit).pk}
    assert_refused(getattr(personas, persona), "study.confirmations", params, client=client)


def test_a_document_not_sent_to_the_sibling_is_not_exported_for_it(tree, personas, college_document):
    params = {"document": college_document.pk, "unit": tree.sibling.pk}
    assert_refused(personas.sibling_chair, "study.confirmations", params)


def test_the_page_links_the_export(client, tree, personas, document):
    client.force_login(personas.chair)
    page = client.get(
        reverse("study:unit_status", args=[document.pk, tree.college.pk]), {"show": "confirmed"}
    )
    link = f"{run_url('study.confirmations')}?document={document.pk}&amp;unit={tree.college.pk}&amp;show=confirmed"
    assert_link_gives_the_file(client, page.content.decode(), link)


@pytest.mark.parametrize("count", [10, 300])
def test_export_query_count_does_not_grow(tree, personas, document, count, django_assert_max_num_queries):
    members = [MemberFactory(unit=tree.group) for _ in range(count)]
    for member in members[::2]:
        study_confirm(document=document, member=member, actor=SYSTEM)
    params = {"document": document.pk, "unit": tree.college.pk}
    result = export_in_queries(
        django_assert_max_num_queries, 8, personas.chair, "study.confirmations", params
    )
    assert result.rows >= count
