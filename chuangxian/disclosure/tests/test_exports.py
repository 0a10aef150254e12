"""The items export (``disclosure.items``): every item with its audience, responsible office and
counts of questions, answered questions and comments, withdrawn ones with the reason; the office
only; linked from the list; a bounded number of queries whatever the rows."""

from django.urls import reverse

from chuangxian.disclosure.models import FeedbackKind
from chuangxian.disclosure.services import feedback_post, item_withdraw
from chuangxian.disclosure.tests.factories import answered, ask, make_item
from chuangxian.exports.tests.helpers import (
    assert_link_gives_the_file,
    assert_refused,
    export_file,
    export_in_queries,
    header,
    rows,
)


def test_the_office_exports_the_items_with_their_counts(tree, personas):
    item = make_item(tree.root, units=[tree.college, tree.sibling], title="=SUM(A1)食堂价格")
    answered(item, personas.member)
    ask(item, personas.member)
    feedback_post(item=item, kind=FeedbackKind.COMMENT, text="建议公开测算依据", actor=personas.chair)
    gone = make_item(tree.root, title="已撤回的事项")
    item_withdraw(item=gone, reason="数据有误", actor=personas.office)
    content = export_file(personas.office, "disclosure.items").content
    assert header(content)[:2] == ("标题", "类别") and header(content)[-4:] == (
        "提问数",
        "已答复",
        "意见建议数",
        "状态",
    )
    by_title = {row[0]: row for row in rows(content)}
    row = by_title["=SUM(A1)食堂价格"]  # text, never a formula
    assert row[4] == "文学与传播学院、数学与计算机科学学院" and row[5] == "校工会"
    assert row[3] == "知情权、监督权"
    assert row[8:] == (2, 1, 1, "公开")
    assert by_title["已撤回的事项"][-1] == "已撤回：数据有误"


def test_members_and_other_schools_may_not(client, tree, personas):
    assert_refused(personas.member, "disclosure.items", {}, client=client)
    assert_refused(personas.chair, "disclosure.items", {}, client=client)


def test_the_list_links_the_export_in_a_bounded_number_of_queries(
    client, django_assert_max_num_queries, tree, personas
):
    make_item(tree.root)
    client.force_login(personas.office)
    page = client.get(reverse("disclosure:index")).content.decode()
    assert_link_gives_the_file(client, page, reverse("exports:run", args=["disclosure.items", "xlsx"]))
    export_in_queries(django_assert_max_num_queries, 10, personas.office, "disclosure.items", {})
    for i in range(8):
        ask(make_item(tree.root, units=[tree.college], title=f"事项{i}"), personas.member)
    export_in_queries(django_assert_max_num_queries, 10, personas.office, "disclosure.items", {})
