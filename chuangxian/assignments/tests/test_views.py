import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from chuangxian.assignments.models import Task, TaskStatus, UnitTask
from chuangxian.assignments.services import task_create, tasks_create_defaults
from chuangxian.assignments.tests.factories import PDF, PHASE1_DAY
from chuangxian.campaigns.tests.factories import make_campaign

pytestmark = pytest.mark.usefixtures("providers")


@pytest.fixture
def campaign(tree):
    return make_campaign(tree.tenant)


@pytest.fixture
def tasks(campaign, personas):
    return {t.code: t for t in tasks_create_defaults(campaign=campaign, actor=personas.office)}


def test_office_generates_defaults_from_the_task_list(client, campaign, personas):
    client.force_login(personas.office)
    page = client.get(reverse("assignments:campaign_tasks", args=[campaign.pk])).content.decode()
    assert "生成默认任务" in page
    response = client.post(reverse("assignments:defaults", args=[campaign.pk]), follow=True)
    page = response.content.decode()
    assert "召开动员大会" in page and "提交总结" in page
    assert Task.objects.filter(campaign=campaign).count() == 4


@pytest.mark.parametrize("persona", ["chair", "leader", "member", "other_office"])
def test_only_office_manages_tasks(client, campaign, personas, persona):
    client.force_login(getattr(personas, persona))
    assert client.get(reverse("assignments:campaign_tasks", args=[campaign.pk])).status_code == 404
    assert client.post(reverse("assignments:defaults", args=[campaign.pk])).status_code == 404
    assert not Task.objects.exists()


def test_office_creates_a_task_with_a_form_and_sees_errors(client, campaign, personas):
    client.force_login(personas.office)
    phase = campaign.phases.get(order=1)
    url = reverse("assignments:task_new", args=[campaign.pk])
    data = {
        "phase": phase.pk,
        "title": "报送联系人",
        "evidence_kind": "none",
        "review_by": "none",
        "unit_kinds": ["sub_union"],
        "due_on": "2010-12-01",
    }
    page = client.post(url, data).content.decode()
    assert "截止日期不能早于阶段开始日期 2010-12-15" in page
    data["due_on"] = ""
    assert client.post(url, data).status_code == 302
    task = Task.objects.get(title="报送联系人")
    assert task.due_on == phase.ends_on and UnitTask.objects.filter(task=task).count() == 3
    edit = reverse("assignments:task_edit", args=[task.pk])
    assert (
        client.post(edit, {**data, "title": "报送联系人信息", "categories": ["support"]}).status_code == 302
    )
    assert UnitTask.objects.filter(task__title="报送联系人信息").count() == 1


def test_unit_task_list_shows_status_responsible_and_due(client, tree, personas, tasks):
    client.force_login(personas.chair)
    with time_machine.travel(PHASE1_DAY):
        page = client.get(reverse("assignments:unit_tasks", args=[tree.college.pk])).content.decode()
    assert "召开动员大会" in page and "学院主席" in page and "2010-12-31" in page and "未开始" in page
    with time_machine.travel("2011-01-03 10:00 +0800"):
        page = client.get(reverse("assignments:unit_tasks", args=[tree.college.pk])).content.decode()
    assert "逾期" in page
    # ?campaign= naming another school's campaign is a 404, not an empty list.
    foreign = make_campaign(tree.other_tenant)
    url = reverse("assignments:unit_tasks", args=[tree.college.pk])
    assert client.get(url, {"campaign": foreign.pk}).status_code == 404


def test_another_units_chair_cannot_see_or_submit(client, tree, personas, tasks):
    ut = UnitTask.objects.get(task=tasks["summary"], unit=tree.college)
    client.force_login(personas.sibling_chair)
    assert client.get(reverse("assignments:unit_tasks", args=[tree.college.pk])).status_code == 404
    assert client.get(reverse("assignments:unit_task", args=[ut.pk])).status_code == 404
    assert client.post(reverse("assignments:unit_task_start", args=[ut.pk])).status_code == 404
    assert UnitTask.objects.get(pk=ut.pk).status == TaskStatus.NOT_STARTED


@time_machine.travel(PHASE1_DAY)
def test_chair_uploads_office_returns_then_approves(client, tree, personas, campaign):
    task = task_create(
        campaign=campaign, phase=campaign.phases.get(order=1), title="材料", actor=personas.office
    )
    ut = UnitTask.objects.get(task=task, unit=tree.college)
    client.force_login(personas.chair)
    page = client.get(reverse("assignments:unit_task", args=[ut.pk])).content.decode()
    assert "提交审核" in page
    bad = SimpleUploadedFile("方案.pdf", b"MZ fake", content_type="application/pdf")
    page = client.post(
        reverse("assignments:unit_task_submit", args=[ut.pk]), {"document": bad}
    ).content.decode()
    assert "类型不允许上传" in page
    upload = SimpleUploadedFile("方案.pdf", PDF, content_type="application/pdf")
    assert (
        client.post(reverse("assignments:unit_task_submit", args=[ut.pk]), {"document": upload}).status_code
        == 302
    )
    assert (
        client.post(
            reverse("assignments:unit_task_review", args=[ut.pk]), {"decision": "approve"}
        ).status_code
        == 404
    )
    download = client.get(reverse("assignments:unit_task_document", args=[ut.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF

    client.force_login(personas.office)
    review = reverse("assignments:unit_task_review", args=[ut.pk])
    page = client.post(review, {"decision": "return", "comment": ""}).content.decode()
    assert "退回时请写明需要修改的地方" in page
    client.post(review, {"decision": "return", "comment": "请加盖公章"})
    assert UnitTask.objects.get(pk=ut.pk).status == TaskStatus.RETURNED

    client.force_login(personas.chair)
    upload = SimpleUploadedFile("方案2.pdf", PDF, content_type="application/pdf")
    client.post(reverse("assignments:unit_task_submit", args=[ut.pk]), {"document": upload})
    client.force_login(personas.office)
    client.post(review, {"decision": "approve"})
    assert UnitTask.objects.get(pk=ut.pk).status == TaskStatus.DONE


def test_office_changes_the_responsible_person(client, tree, personas, tasks):
    ut = UnitTask.objects.get(task=tasks["summary"], unit=tree.college)
    url = reverse("assignments:unit_task_responsible", args=[ut.pk])
    client.force_login(personas.chair)
    assert client.post(url, {"responsible": personas.member_row.pk}).status_code == 404
    client.force_login(personas.office)
    assert client.post(url, {"responsible": personas.member_row.pk}).status_code == 302
    assert UnitTask.objects.get(pk=ut.pk).responsible == personas.member_row


def test_unit_task_list_query_count_does_not_grow_with_tasks(
    client, tree, personas, campaign, django_assert_max_num_queries
):
    client.force_login(personas.chair)
    phase = campaign.phases.get(order=1)
    url = reverse("assignments:unit_tasks", args=[tree.college.pk])
    task_create(campaign=campaign, phase=phase, title="任务0", actor=personas.office)
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200
    for n in range(1, 20):
        task_create(campaign=campaign, phase=phase, title=f"任务{n}", actor=personas.office)
    with django_assert_max_num_queries(12):
        assert "任务19" in client.get(url).content.decode()


def test_after_the_due_date_the_page_says_when_it_closed_instead_of_a_form(client, tree, personas, tasks):
    ut = UnitTask.objects.get(task=tasks["mobilisation_meeting"], unit=tree.college)
    client.force_login(personas.chair)
    with time_machine.travel("2011-01-05 10:00 +0800"):
        page = client.get(reverse("assignments:unit_task", args=[ut.pk])).content.decode()
        assert "提交截止日期 2010-12-31 已过" in page and "提交审核" not in page
        response = client.post(reverse("assignments:unit_task_submit", args=[ut.pk]), {"evidence_key": "x"})
    assert "提交截止日期 2010-12-31 已过" in response.content.decode()
    assert UnitTask.objects.get(pk=ut.pk).status == TaskStatus.NOT_STARTED


def test_admin_lists_tasks_read_only(client, personas, tasks):
    client.force_login(personas.admin)
    for name in ("admin:assignments_task_changelist", "admin:assignments_unittask_changelist"):
        page = client.get(reverse(name)).content.decode()
        assert "召开动员大会" in page
    assert client.get(reverse("admin:assignments_task_add")).status_code == 403
    assert client.get(reverse("admin:supervision_reminder_changelist")).status_code == 200


def test_task_list_counts_a_plan_task_by_the_plan_review_in_constant_queries(
    client, tree, personas, campaign, tasks, providers, django_assert_max_num_queries
):
    # The unit task of 制定工会活动方案 is never submitted itself: it follows the plan's review.
    providers.plans.statuses[tree.college.pk] = "done"
    providers.plans.statuses[tree.sibling.pk] = "submitted"
    client.force_login(personas.office)
    url = reverse("assignments:campaign_tasks", args=[campaign.pk])
    with django_assert_max_num_queries(14):
        page = client.get(url).content.decode()
    plan_row = page.split('data-task="unit_plan"')[1].split("</li>")[0]
    assert "已完成 1 / 3 个单位，待审核 1" in plan_row
    phase = campaign.phases.get(order=2)
    for n in range(10):
        task_create(campaign=campaign, phase=phase, title=f"任务{n}", actor=personas.office)
    with django_assert_max_num_queries(14):
        assert "任务9" in client.get(url).content.decode()


@time_machine.travel(PHASE1_DAY)
@pytest.mark.parametrize("persona", ["colleague", "leader"])
def test_who_may_read_a_unit_task_but_not_act_for_the_unit_gets_a_404_and_nothing_changes(
    client, tree, personas, campaign, persona
):
    """A plain member of the college and the leadership may read its task page; submitting, starting
    or marking it done is a 404 and changes nothing. The service refuses them too (code 'forbidden'),
    so this holds even if the view's own check were lost."""
    from chuangxian.assignments.models import EvidenceKind, ReviewBy
    from chuangxian.audit.models import AuditEntry
    from chuangxian.orgs.tests.factories import MemberFactory, make_user

    phase = campaign.phases.get(order=1)
    task = task_create(campaign=campaign, phase=phase, title="材料", actor=personas.office)
    free = task_create(
        campaign=campaign,
        phase=phase,
        title="自查",
        evidence_kind=EvidenceKind.NONE,
        review_by=ReviewBy.NONE,
        actor=personas.office,
    )
    ut = UnitTask.objects.get(task=task, unit=tree.college)
    free_ut = UnitTask.objects.get(task=free, unit=tree.college)
    if persona == "colleague":
        client.force_login(make_user(MemberFactory(unit=tree.college, name="学院会员")))
    else:
        client.force_login(personas.leader)
    assert client.get(reverse("assignments:unit_task", args=[ut.pk])).status_code == 200
    before = AuditEntry.objects.count()
    upload = SimpleUploadedFile("方案.pdf", PDF, content_type="application/pdf")
    submit = reverse("assignments:unit_task_submit", args=[ut.pk])
    assert client.post(submit, {"document": upload}).status_code == 404
    assert client.post(reverse("assignments:unit_task_start", args=[ut.pk])).status_code == 404
    assert client.post(reverse("assignments:unit_task_done", args=[free_ut.pk])).status_code == 404
    ut.refresh_from_db()
    assert ut.status == TaskStatus.NOT_STARTED and not ut.document and ut.submitted_by is None
    assert UnitTask.objects.get(pk=free_ut.pk).status == TaskStatus.NOT_STARTED
    assert AuditEntry.objects.count() == before


def test_a_missing_title_and_a_due_date_before_the_phase_show_in_one_response(client, campaign, personas):
    """The date rule is not held back until the required field is filled in (a second round)."""
    client.force_login(personas.office)
    phase = campaign.phases.get(order=1)
    data = {
        "phase": phase.pk,
        "title": "",
        "evidence_kind": "none",
        "review_by": "none",
        "unit_kinds": ["sub_union"],
        "due_on": "2010-12-01",
    }
    response = client.post(reverse("assignments:task_new", args=[campaign.pk]), data)
    assert response.status_code == 200
    errors = response.context["form"].errors.as_data()
    assert {name: [e.code for e in found] for name, found in errors.items()} == {
        "title": ["required"],
        "due_on": ["due_before_phase"],
    }
    page = response.content.decode()
    assert "截止日期不能早于阶段开始日期 2010-12-15" in page
    assert errors["title"][0].messages[0] in page
    assert not Task.objects.exists()
