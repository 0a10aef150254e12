import io

import pytest
from django.urls import reverse

from chuangxian.core.actors import SYSTEM
from chuangxian.orgs.models import Unit
from chuangxian.orgs.services import unit_create
from chuangxian.orgs.tests.factories import MemberFactory
from chuangxian.study.models import StudyConfirmation, StudyDocument
from chuangxian.study.services import study_confirm


def test_office_publishes_with_attachments_to_chosen_units(client, tree, personas, campaign):
    client.force_login(personas.office)
    files = [io.BytesIO(b"%PDF-1.4\n" + b"1" * 100), io.BytesIO(b"\x89PNG\r\n\x1a\n" + b"0" * 50)]
    files[0].name, files[1].name = "方案.pdf", "海报.png"
    response = client.post(
        reverse("study:new"),
        {"title": "学习材料", "body": "正文", "units": [tree.college.pk], "attachments": files},
    )
    document = StudyDocument.objects.get()
    assert response.url == reverse("study:detail", args=[document.pk])
    assert not document.all_units
    assert sorted(document.attachments.values_list("original_name", flat=True)) == ["方案.pdf", "海报.png"]


def test_publishing_is_office_only(client, personas, campaign):
    client.force_login(personas.chair)
    assert client.post(reverse("study:new"), {"title": "t", "body": "b"}).status_code == 404
    assert not StudyDocument.objects.exists()


def test_member_reads_downloads_and_confirms(client, personas, document):
    client.force_login(personas.member)
    page = client.get(reverse("study:detail", args=[document.pk])).content.decode()
    assert "我已学习" in page
    attachment = document.attachments.get()
    response = client.get(reverse("study:attachment", args=[document.pk, attachment.pk]))
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    client.post(reverse("study:confirm", args=[document.pk]))
    client.post(reverse("study:confirm", args=[document.pk]))
    assert StudyConfirmation.objects.count() == 1
    assert "已学习" in client.get(reverse("study:index")).content.decode()


@pytest.mark.parametrize("persona", ["sibling_chair", "other_office"])
def test_document_for_other_units_is_not_found(client, personas, college_document, persona):
    client.force_login(getattr(personas, persona))
    assert client.get(reverse("study:detail", args=[college_document.pk])).status_code == 404
    assert client.post(reverse("study:confirm", args=[college_document.pk])).status_code == 404
    assert not StudyConfirmation.objects.exists()


def test_chair_sees_missing_names_of_own_subtree_only(client, tree, personas, document):
    client.force_login(personas.chair)
    page = client.get(reverse("study:unit_status", args=[document.pk, tree.college.pk])).content.decode()
    assert "普通会员" in page and "未学习 3 人" in page
    assert client.get(reverse("study:unit_status", args=[document.pk, tree.sibling.pk])).status_code == 404
    client.force_login(personas.member)
    assert client.get(reverse("study:unit_status", args=[document.pk, tree.group.pk])).status_code == 404


def test_rates_page_is_office_only(client, personas, document):
    client.force_login(personas.office)
    assert "文学与传播学院" in client.get(reverse("study:rates", args=[document.pk])).content.decode()
    client.force_login(personas.chair)
    assert client.get(reverse("study:rates", args=[document.pk])).status_code == 404


@pytest.mark.parametrize("count", [10, 300])
def test_unit_status_query_count_is_flat(
    client, tree, personas, document, count, django_assert_max_num_queries
):
    members = [MemberFactory(unit=tree.group) for _ in range(count)]
    for member in members[::2]:
        study_confirm(document=document, member=member, actor=SYSTEM)
    client.force_login(personas.chair)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("study:unit_status", args=[document.pk, tree.college.pk]))
    assert response.status_code == 200


@pytest.mark.parametrize("count", [10, 300])
def test_rates_query_count_is_flat(client, tree, personas, document, count, django_assert_max_num_queries):
    for i in range(count):
        unit = unit_create(
            tenant=tree.tenant, parent=tree.root, name=f"单位{i}", kind="sub_union", category="", actor=SYSTEM
        )
        member = MemberFactory(unit=unit)
        if i % 3 == 0:
            study_confirm(document=document, member=member, actor=SYSTEM)
    assert Unit.objects.count() > count
    client.force_login(personas.office)
    with django_assert_max_num_queries(9):
        response = client.get(reverse("study:rates", args=[document.pk]))
    assert response.status_code == 200
    assert "单位1" in response.content.decode()


@pytest.mark.parametrize("published_on", ["2011-01-05", ""])  # empty: published today, 2010-12-20
def test_a_missing_title_and_a_due_date_before_publishing_show_in_one_response(
    client, personas, campaign, published_on
):
    """The due-date rule is not held back until the required field is filled in (a second round)."""
    client.force_login(personas.office)
    response = client.post(
        reverse("study:new"),
        {"title": "", "body": "正文", "published_on": published_on, "due_on": "2010-12-19"},
    )
    assert response.status_code == 200
    form = response.context["form"]
    errors = form.errors.as_data()
    assert {name: [e.code for e in found] for name, found in errors.items()} == {
        "title": ["required"],
        "due_on": ["due_before_published"],
    }
    page = response.content.decode()
    assert "学习截止日期不能早于发布日期" in page and form.errors["title"][0] in page
    assert not StudyDocument.objects.exists()
