import io

import pytest
import time_machine
from django.urls import reverse

from chuangxian.plans.models import PlanStatus, PlanVersion, UnitPlan
from chuangxian.plans.services import plan_approve, plan_return, plan_submit
from chuangxian.plans.tests.conftest import docx_bytes

pytestmark = pytest.mark.usefixtures("phase1")

FORM = {"goals": "建设模范职工之家", "measures": "每月一次学习会", "schedule": "12月", "project": "书香工会"}


def test_chair_writes_and_submits_through_the_form(client, tree, personas, campaign):
    client.force_login(personas.chair)
    response = client.post(reverse("plans:edit", args=[tree.college.pk]), {**FORM, "action": "submit"})
    plan = UnitPlan.objects.get()
    assert response.url == reverse("plans:detail", args=[plan.pk])
    assert plan.status == PlanStatus.SUBMITTED
    page = client.get(response.url).content.decode()
    assert "书香工会" in page and "待审核" in page


def test_chair_uploads_a_docx(client, tree, personas, campaign):
    client.force_login(personas.chair)
    upload = io.BytesIO(docx_bytes())
    upload.name = "学院方案.docx"
    client.post(reverse("plans:edit", args=[tree.college.pk]), {"file": upload, "action": "save"})
    version = PlanVersion.objects.get()
    assert version.file_name == "学院方案.docx"
    response = client.get(reverse("plans:file", args=[version.plan_id, 1]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"PK")


def test_lying_file_shows_a_message_and_saves_nothing(client, tree, personas, campaign):
    client.force_login(personas.chair)
    upload = io.BytesIO(b"%PDF-1.4 fake")
    upload.name = "学院方案.docx"
    response = client.post(
        reverse("plans:edit", args=[tree.college.pk]), {**FORM, "file": upload, "action": "save"}
    )
    assert response.status_code == 200
    assert "扩展名与实际内容不符" in response.content.decode()
    assert not UnitPlan.objects.exists()


@pytest.mark.parametrize("persona", ["member", "sibling_chair", "leader", "other_office"])
def test_others_cannot_edit_a_units_plan(client, tree, personas, campaign, persona):
    client.force_login(getattr(personas, persona))
    response = client.post(reverse("plans:edit", args=[tree.college.pk]), {**FORM, "action": "save"})
    assert response.status_code == 404
    assert not UnitPlan.objects.exists()


def test_office_returns_with_comment_and_the_unit_sees_it_prefilled(client, tree, personas, campaign, draft):
    plan_submit(plan=draft, actor=personas.chair)
    client.force_login(personas.office)
    response = client.post(reverse("plans:review", args=[draft.pk]), {"decision": "returned", "comment": ""})
    assert response.status_code == 200
    assert "退回方案时请写明修改意见" in response.content.decode()
    client.post(reverse("plans:review", args=[draft.pk]), {"decision": "returned", "comment": "请细化措施"})
    draft.refresh_from_db()
    assert draft.status == PlanStatus.RETURNED

    client.force_login(personas.chair)
    page = client.get(reverse("plans:edit", args=[tree.college.pk])).content.decode()
    assert "请细化措施" in page
    assert "每月一次学习会" in page  # the returned text is kept


def test_unit_cannot_review_through_the_view(client, personas, draft):
    plan_submit(plan=draft, actor=personas.chair)
    client.force_login(personas.chair)
    response = client.post(reverse("plans:review", args=[draft.pk]), {"decision": "approved"})
    assert response.status_code == 404
    draft.refresh_from_db()
    assert draft.status == PlanStatus.SUBMITTED


def test_member_sees_only_the_approved_version(client, tree, personas, campaign, draft):
    plan_submit(plan=draft, actor=personas.chair)
    plan_return(plan=draft, comment="内部意见：太简单", actor=personas.office)
    from chuangxian.plans.services import PlanContent, plan_save_and_submit

    plan_save_and_submit(
        unit=tree.college,
        campaign=campaign,
        content=PlanContent(goals="第二版目标", measures="第二版措施"),
        actor=personas.chair,
    )
    plan_approve(plan=draft, actor=personas.office)
    client.force_login(personas.member)
    index = client.get(reverse("plans:index")).content.decode()
    assert reverse("plans:detail", args=[draft.pk]) in index
    page = client.get(reverse("plans:detail", args=[draft.pk])).content.decode()
    assert "第二版措施" in page
    assert "内部意见" not in page
    assert "每月一次学习会" not in page
    assert client.get(reverse("plans:version", args=[draft.pk, 1])).status_code == 404
    assert client.get(reverse("plans:compare", args=[draft.pk])).status_code == 404


def test_compare_page_highlights_changes(client, tree, personas, campaign, draft):
    plan_submit(plan=draft, actor=personas.chair)
    plan_return(plan=draft, comment="改", actor=personas.office)
    client.force_login(personas.chair)
    client.post(
        reverse("plans:edit", args=[tree.college.pk]),
        {**FORM, "measures": "每月两次学习会", "action": "save"},
    )
    page = client.get(reverse("plans:compare", args=[draft.pk]) + "?a=1&b=2").content.decode()
    assert '<del class="bg-danger-subtle">一</del>' in page
    assert '<ins class="bg-success-subtle">两</ins>' in page


def test_office_list_only_for_office(client, personas, campaign):
    client.force_login(personas.chair)
    assert client.get(reverse("plans:office_list")).status_code == 404
    client.force_login(personas.office)
    assert client.get(reverse("plans:index")).url == reverse("plans:office_list")


@pytest.mark.parametrize("rounds", [1, 8])
def test_plan_page_query_count_does_not_grow_with_versions(
    client, tree, personas, campaign, draft, rounds, django_assert_max_num_queries
):
    from chuangxian.plans.services import PlanContent, plan_save_and_submit

    plan_submit(plan=draft, actor=personas.chair)
    for i in range(rounds):
        plan_return(plan=draft, comment=f"第{i}次意见", actor=personas.office)
        plan_save_and_submit(
            unit=tree.college,
            campaign=campaign,
            content=PlanContent(goals=f"目标{i}", measures="m"),
            actor=personas.chair,
        )
    client.force_login(personas.office)
    with django_assert_max_num_queries(9):
        response = client.get(reverse("plans:detail", args=[draft.pk]))
    assert response.status_code == 200
    assert f"第{rounds - 1}次意见" in response.content.decode()


def test_office_list_shows_when_each_version_was_submitted(client, tree, personas, campaign, draft):
    """Not the row's last write (a review, or the demo loading): the current version's submission."""
    from chuangxian.plans.services import plan_save_draft
    from chuangxian.plans.tests.conftest import CONTENT

    plan_submit(plan=draft, actor=personas.chair)  # 2010-12-20 10:00 (+08:00)
    with time_machine.travel("2010-12-28 15:30 +0800", tick=False):
        plan_approve(plan=draft, actor=personas.office)
        plan_save_draft(unit=tree.sibling, campaign=campaign, content=CONTENT, actor=personas.sibling_chair)
    client.force_login(personas.office)
    page = client.get(reverse("plans:office_list")).content.decode()
    assert "提交于 2010-12-20 10:00" in page
    assert "未提交" in page
    assert "2010-12-28" not in page
