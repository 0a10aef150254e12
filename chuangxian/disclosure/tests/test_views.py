"""The disclosure pages: the list (search, filters, rights, a fixed number of queries at two sizes),
the item page with its questions and answers, the office's form (every problem at once, ISO dates),
withdrawal, the rights' labels, attachments, and 404 for whoever is outside the audience."""

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from chuangxian.core import clock
from chuangxian.disclosure.models import Category, DisclosureItem, Feedback, FeedbackKind, Mode
from chuangxian.disclosure.tests.factories import PDF, answered, ask, make_item
from chuangxian.grants.permissions import grants_on
from chuangxian.orgs.tests.factories import MemberFactory, make_user
from tests.template_queries import queries_in_templates


def _queries(client, url: str) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_list_shows_the_rights_and_counts_in_a_fixed_number_of_queries(
    client, tree, personas, django_assert_max_num_queries
):
    first = make_item(tree.root, units=[tree.college], title="食堂价格调整方案")
    answered(first, personas.member)
    client.force_login(personas.member)
    url = reverse("disclosure:index")
    page = client.get(url).text
    assert "食堂价格调整方案" in page and "知情权" in page and "监督权" in page
    assert "提问 1（已答复 1） · 意见 0" in page
    ask(first, personas.member)
    assert "个待答复" not in client.get(url).text  # the member answers nothing
    client.force_login(personas.office)
    assert "1 个待答复" in client.get(url).text
    client.force_login(personas.member)
    small = _queries(client, url)
    for i in range(12):
        item = make_item(tree.root, units=[tree.group] if i % 2 else None, title=f"第{i}项")
        ask(item, personas.chair)
        answered(item, personas.member)
    with django_assert_max_num_queries(small):
        assert client.get(url).status_code == 200


def test_the_list_searches_and_filters(client, tree, personas):
    make_item(tree.root, title="职称评审办法", category=Category.MANAGEMENT, mode=Mode.STANDING)
    make_item(tree.root, title="公务接待情况", category=Category.INTEGRITY)
    client.force_login(personas.member)
    url = reverse("disclosure:index")
    page = client.get(url, {"q": "职称"}).text
    assert "职称评审办法" in page and "公务接待情况" not in page
    page = client.get(url, {"category": Category.INTEGRITY}).text
    assert "公务接待情况" in page and "职称评审办法" not in page
    page = client.get(url, {"mode": Mode.STANDING}).text
    assert "职称评审办法" in page and "公务接待情况" not in page


def test_the_item_page_reads_a_fixed_number_of_queries(client, tree, personas):
    item = make_item(tree.root, units=[tree.college], attachments=[("方案.pdf", PDF)])
    answered(item, personas.member)
    client.force_login(personas.office)
    url = reverse("disclosure:detail", args=[item.pk])
    small = _queries(client, url)
    for _ in range(10):
        ask(item, personas.chair)
    assert Feedback.objects.filter(tenant_id=tree.tenant.pk).count() == 11
    assert _queries(client, url) == small


def test_a_member_asks_and_reads_the_answer_under_real_names(client, tree, personas):
    item = make_item(tree.root, units=[tree.college])
    client.force_login(personas.member)
    url = reverse("disclosure:feedback", args=[item.pk])
    page = client.post(url, {"kind": FeedbackKind.QUESTION, "text": "  "}).text
    assert "请填写内容。" in page
    response = client.post(url, {"kind": FeedbackKind.QUESTION, "text": "<script>x</script>何时执行？"})
    question = Feedback.objects.get(tenant_id=tree.tenant.pk)
    assert response["Location"] == reverse("disclosure:detail", args=[item.pk]) + f"#q{question.pk}"
    client.force_login(personas.chair)  # not the responsible office: no answer form, and a 404
    assert 'data-testid="answer-form"' not in client.get(reverse("disclosure:detail", args=[item.pk])).text
    answer_url = reverse("disclosure:answer", args=[question.pk])
    assert client.post(answer_url, {f"q{question.pk}-answer": "答复"}).status_code == 404
    client.force_login(personas.office)
    assert 'data-testid="answer-form"' in client.get(reverse("disclosure:detail", args=[item.pk])).text
    client.post(answer_url, {f"q{question.pk}-answer": "下学期起执行。"})
    client.force_login(personas.member)
    page = client.get(reverse("disclosure:detail", args=[item.pk])).text
    assert "普通会员" in page and "中文系工会小组" in page
    assert "&lt;script&gt;x&lt;/script&gt;何时执行？" in page
    assert "校工会答复：" in page and "下学期起执行。" in page


def test_outside_the_audience_the_item_and_its_file_are_not_found(client, tree, personas):
    item = make_item(tree.root, units=[tree.college], attachments=[("方案.pdf", PDF)])
    attachment = item.attachments.get()
    file_url = reverse("disclosure:attachment", args=[item.pk, attachment.pk])
    client.force_login(personas.member)
    response = client.get(file_url)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    client.force_login(make_user(MemberFactory(unit=tree.sibling)))
    assert client.get(reverse("disclosure:detail", args=[item.pk])).status_code == 404
    assert client.get(file_url).status_code == 404
    assert client.post(reverse("disclosure:feedback", args=[item.pk]), {"text": "x"}).status_code == 404


def test_the_form_reports_every_problem_at_once_and_dates_in_iso(client, tree, personas):
    client.force_login(personas.office)
    url = reverse("disclosure:new")
    page = client.get(url).text
    assert f'value="{clock.today().isoformat()}"' in page
    page = client.post(url, {"mode": Mode.STANDING, "review_on": "2030-01-01"}).text
    for message in ("请选择责任部门。",):
        assert message in page
    page = client.post(
        url, {"mode": Mode.STANDING, "review_on": "2030-01-01", "responsible_unit": tree.root.pk}
    ).text
    for message in ("请填写标题。", "请填写公开内容。", "请选择类别。", "只有定期公开的事项有复核"):
        assert message in page
    assert not DisclosureItem.objects.filter(tenant_id=tree.tenant.pk).exists()


def test_the_office_publishes_to_one_college_with_a_file(client, tree, personas):
    client.force_login(personas.office)
    response = client.post(
        reverse("disclosure:new"),
        {
            "title": "学院年度经费预算",
            "body": "详见附件。",
            "category": Category.INTERESTS,
            "mode": Mode.PERIODIC,
            "rights": ["know", "supervise"],
            "units": [tree.college.pk],
            "responsible_unit": tree.college.pk,
            "publish_on": clock.today().isoformat(),
            "review_on": "2099-12-31",
            "attachments": [SimpleUploadedFile("预算.pdf", PDF, content_type="application/pdf")],
        },
    )
    item = DisclosureItem.objects.get(tenant_id=tree.tenant.pk)
    assert response["Location"] == reverse("disclosure:detail", args=[item.pk])
    assert item.rights == ["know", "supervise"] and not item.whole_school
    assert item.attachments.get().original_name == "预算.pdf"


def test_the_office_withdraws_with_a_reason_and_the_item_leaves_the_list(client, tree, personas):
    item = make_item(tree.root, title="拟撤回的事项")
    client.force_login(personas.office)
    url = reverse("disclosure:withdraw", args=[item.pk])
    assert "撤回原因" in client.get(url).text
    assert client.post(url, {"reason": "内容有误"})["Location"] == reverse("disclosure:index")
    page = client.get(reverse("disclosure:index")).text
    assert "已撤回「拟撤回的事项」。" in page  # the message; the list no longer links it
    assert reverse("disclosure:detail", args=[item.pk]) not in page
    assert client.get(reverse("disclosure:detail", args=[item.pk])).status_code == 404


def test_the_office_renames_a_right_and_the_list_shows_it(client, tree, personas):
    make_item(tree.root, rights=["participate"])
    client.force_login(personas.office)
    url = reverse("disclosure:rights")
    data = {"know": "知情权", "participate": "民主参与权", "elect": "选举权", "supervise": "监督权"}
    assert client.post(url, data)["Location"] == reverse("disclosure:index")
    client.force_login(personas.member)
    assert "民主参与权" in client.get(reverse("disclosure:index")).text
    assert client.get(url).status_code == 404


def test_the_office_names_a_handler_who_then_answers_and_takes_the_grant_back(client, tree, personas):
    item = make_item(tree.root, units=[tree.college])
    librarian_row = MemberFactory(unit=tree.library, name="图书馆馆员")
    librarian = make_user(librarian_row)
    question = ask(item, personas.member)
    client.force_login(personas.office)
    url = reverse("disclosure:handlers", args=[item.pk])
    assert client.post(url, {"members": [librarian_row.pk]})["Location"] == url
    assert "图书馆馆员" in client.get(url).text
    client.force_login(librarian)
    assert 'data-testid="answer-form"' in client.get(reverse("disclosure:detail", args=[item.pk])).text
    (row,) = grants_on(item)
    client.force_login(personas.office)
    client.post(reverse("disclosure:handler_revoke", args=[item.pk, row.pk]))
    client.force_login(librarian)
    assert client.get(reverse("disclosure:detail", args=[item.pk])).status_code == 404
    assert (
        client.post(
            reverse("disclosure:answer", args=[question.pk]), {f"q{question.pk}-answer": "答复"}
        ).status_code
        == 404
    )


def test_no_disclosure_page_queries_from_its_template(client, tree, personas):
    item = make_item(tree.college, units=[tree.college], attachments=[("方案.pdf", PDF)])
    answered(item, personas.member)
    ask(item, personas.chair)
    urls = {
        "office": [
            reverse("disclosure:index"),
            reverse("disclosure:new"),
            reverse("disclosure:rights"),
            reverse("disclosure:detail", args=[item.pk]),
            reverse("disclosure:edit", args=[item.pk]),
            reverse("disclosure:withdraw", args=[item.pk]),
            reverse("disclosure:handlers", args=[item.pk]),
        ],
        "chair": [reverse("disclosure:index"), reverse("disclosure:detail", args=[item.pk])],
        "member": [reverse("disclosure:index"), reverse("disclosure:detail", args=[item.pk])],
    }
    for persona, pages in urls.items():
        client.force_login(getattr(personas, persona))
        for url in pages:
            with queries_in_templates() as queries:
                assert client.get(url).status_code == 200
            assert not queries, f"{persona} {url}: {queries}"


def test_the_office_is_told_when_a_periodic_item_is_due_for_review(client, tree, personas):
    today = clock.today()
    item = make_item(
        tree.root,
        mode=Mode.PERIODIC,
        publish_on=today - timedelta(days=100),
        review_on=today - timedelta(days=1),
    )
    client.force_login(personas.office)
    assert 'data-testid="review-due"' in client.get(reverse("disclosure:index")).text
    assert 'data-testid="review-due"' in client.get(reverse("disclosure:detail", args=[item.pk])).text
    client.force_login(personas.member)
    assert 'data-testid="review-due"' not in client.get(reverse("disclosure:index")).text
