from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from chuangxian.assignments.evidence import EvidenceKind, register_provider
from chuangxian.assignments.models import TaskStatus, UnitTask
from chuangxian.assignments.services import tasks_create_defaults, unit_task_set_responsible
from chuangxian.assignments.tests.factories import PHASE1_DAY
from chuangxian.campaigns.tests.factories import make_campaign
from chuangxian.campaigns.todos import todos_for
from chuangxian.core.actors import SYSTEM
from chuangxian.notifications.models import Notification
from chuangxian.orgs.models import Member, UnitCategory
from chuangxian.orgs.services import role_grant
from chuangxian.orgs.tests.factories import MemberFactory, make_unit
from chuangxian.supervision.models import Reminder
from chuangxian.supervision.selectors import supervision_matrix
from chuangxian.supervision.services import SupervisionError, reminder_send

pytestmark = pytest.mark.usefixtures("providers")


@pytest.fixture
def campaign(tree):
    return make_campaign(tree.tenant)


@pytest.fixture
def tasks(campaign, personas):
    return {t.code: t for t in tasks_create_defaults(campaign=campaign, actor=personas.office)}


def unit_task(task, unit):
    return UnitTask.objects.get(task=task, unit=unit)


def test_matrix_has_units_by_tasks_with_statuses_and_overdue_counts(tree, campaign, tasks, providers):
    phase = campaign.phases.get(order=1)
    UnitTask.objects.filter(task=tasks["mobilisation_meeting"], unit=tree.college).update(
        status=TaskStatus.DONE
    )
    UnitTask.objects.filter(task=tasks["mobilisation_meeting"], unit=tree.sibling).update(
        status=TaskStatus.SUBMITTED
    )
    providers.plans.statuses[tree.library.pk] = "done"
    with time_machine.travel("2011-01-02 10:00 +0800"):
        matrix = supervision_matrix(campaign, phase)
    assert [c.task.code for c in matrix.columns] == ["mobilisation_meeting", "study_documents", "unit_plan"]
    rows = {r.unit.name: r for r in matrix.rows}
    assert [c.row.status.code for c in rows["文学与传播学院"].cells] == ["done", "overdue", "overdue"]
    assert [c.row.status.code for c in rows["数学与计算机科学学院"].cells] == [
        "submitted",
        "overdue",
        "overdue",
    ]
    assert [c.row.status.code for c in rows["图书馆"].cells] == ["overdue", "overdue", "done"]
    assert rows["文学与传播学院"].tally.overdue == 2 and rows["图书馆"].tally.overdue == 2
    assert [c.tally.overdue for c in matrix.columns] == [1, 3, 2]
    assert matrix.tally.overdue == 6 and matrix.tally.done == 2 and matrix.tally.total == 9


def test_matrix_filters_by_unit_category(tree, campaign, tasks):
    matrix = supervision_matrix(campaign, campaign.phases.get(order=1), category=UnitCategory.SUPPORT)
    assert [r.unit for r in matrix.rows] == [tree.library]


def _grow(tree, campaign, personas, n):
    for i in range(n):
        unit = make_unit(tree.tenant, f"学院{i:03d}", tree.root, category=UnitCategory.COLLEGE)
        chair = MemberFactory(unit=unit)
        role_grant(member=chair, unit=unit, role="chair", actor=SYSTEM)
    from chuangxian.assignments.models import Task
    from chuangxian.assignments.services import unit_tasks_sync

    for task in Task.objects.filter(campaign=campaign):
        unit_tasks_sync(task=task, actor=personas.office)


@pytest.mark.parametrize("extra_units", [2, 197])
def test_matrix_page_queries_do_not_grow_with_units(
    client, tree, personas, campaign, tasks, providers, extra_units, django_assert_max_num_queries
):
    _grow(tree, campaign, personas, extra_units)
    assert UnitTask.objects.filter(task=tasks["mobilisation_meeting"]).count() == 3 + extra_units
    client.force_login(personas.office)
    with time_machine.travel(PHASE1_DAY), django_assert_max_num_queries(14):
        page = client.get(reverse("supervision:index")).content.decode()
    assert f"学院{extra_units - 1:03d}" in page
    assert providers.plans.single_calls == 0 and providers.plans.bulk_calls == 1


class PerUnitPlans:
    """A provider that answers only one unit at a time (no ``mirrored_statuses``)."""

    def __init__(self):
        self.calls = 0

    def options(self, *, unit, campaign):
        return []

    def mirrored_status(self, *, unit, campaign):
        self.calls += 1
        return "returned"


def test_matrix_works_with_a_provider_without_bulk_lookup(tree, campaign, tasks):
    provider = PerUnitPlans()
    register_provider(
        EvidenceKind.PLAN, provider, label="工会活动方案"
    )  # the providers fixture restores the registry
    matrix = supervision_matrix(campaign, campaign.phases.get(order=1))
    assert provider.calls == 3
    assert [r.cells[2].row.status.base for r in matrix.rows] == ["returned"] * 3


@pytest.mark.parametrize("persona", ["chair", "sibling_chair", "leader", "member", "other_office"])
def test_only_the_office_sees_the_matrix_and_reminds(client, tree, personas, campaign, tasks, persona):
    ut = unit_task(tasks["mobilisation_meeting"], tree.college)
    client.force_login(getattr(personas, persona))
    assert client.get(reverse("supervision:index") + f"?campaign={campaign.pk}").status_code == 404
    assert client.post(reverse("supervision:remind", args=[ut.pk])).status_code == 404
    assert not Reminder.objects.exists() and not Notification.objects.exists()


def test_a_reminder_is_delivered_exactly_once_in_app_and_by_mail(
    tree, personas, tasks, django_capture_on_commit_callbacks
):
    Member.objects.filter(pk=personas.chair_row.pk).update(email="chair@example.edu.cn")
    ut = unit_task(tasks["mobilisation_meeting"], tree.college)
    with time_machine.travel(PHASE1_DAY, tick=False) as clock:
        with django_capture_on_commit_callbacks(execute=True):
            reminder = reminder_send(unit_task=ut, actor=personas.office)
        assert (
            Notification.objects.filter(recipient=personas.chair_row, key=f"reminder:{reminder.pk}").count()
            == 1
        )
        assert len(mail.outbox) == 1 and mail.outbox[0].to == ["chair@example.edu.cn"]
        assert "召开动员大会" in mail.outbox[0].subject

        # A double-submitted click (or an impatient repeat) within ten minutes sends nothing.
        clock.shift(timedelta(minutes=9))
        with django_capture_on_commit_callbacks(execute=True), pytest.raises(SupervisionError) as error:
            reminder_send(unit_task=ut, actor=personas.office)
        assert error.value.code == "reminded_recently" and "10:00" in error.value.message
        assert Reminder.objects.count() == 1 and len(mail.outbox) == 1

        # Later, a new click is a new reminder, delivered once again.
        clock.shift(timedelta(minutes=2))
        with django_capture_on_commit_callbacks(execute=True):
            reminder_send(unit_task=ut, actor=personas.office)
    assert Reminder.objects.count() == 2
    assert Notification.objects.filter(recipient=personas.chair_row, kind="supervision.reminder").count() == 2
    assert len(mail.outbox) == 2


def test_reminder_without_mail_address_is_in_app_only(
    tree, personas, tasks, django_capture_on_commit_callbacks
):
    ut = unit_task(tasks["mobilisation_meeting"], tree.college)
    with django_capture_on_commit_callbacks(execute=True):
        reminder_send(unit_task=ut, actor=personas.office)
    assert Notification.objects.filter(recipient=personas.chair_row).count() == 1
    assert mail.outbox == []


def test_reminder_refused_without_responsible_or_when_nothing_is_owed(tree, personas, tasks):
    with pytest.raises(SupervisionError) as error:
        reminder_send(unit_task=unit_task(tasks["mobilisation_meeting"], tree.library), actor=personas.office)
    assert error.value.code == "no_responsible"
    ut = unit_task(tasks["mobilisation_meeting"], tree.college)
    UnitTask.objects.filter(pk=ut.pk).update(status=TaskStatus.SUBMITTED)
    with pytest.raises(SupervisionError) as error:
        reminder_send(unit_task=ut, actor=personas.office)
    assert error.value.code == "nothing_owed"
    assert not Reminder.objects.exists()


def test_remind_button_goes_to_the_responsible_person(client, tree, personas, tasks):
    ut = unit_task(tasks["summary"], tree.college)
    unit_task_set_responsible(unit_task=ut, member=personas.member_row, actor=personas.office)
    client.force_login(personas.office)
    url = reverse("supervision:remind", args=[ut.pk])
    page = client.post(url, {"next": "/supervision/"}, follow=True).content.decode()
    assert "已提醒普通会员办理「提交总结」" in page
    page = client.post(url, {"next": "https://evil.example/"}, follow=True).content.decode()
    assert "10 分钟内不重复提醒" in page
    assert Notification.objects.filter(recipient=personas.member_row).count() == 1
    assert not Notification.objects.filter(recipient=personas.chair_row).exists()


def test_matrix_page_shows_labels_and_a_phone_list(client, tree, personas, tasks):
    UnitTask.objects.filter(task=tasks["mobilisation_meeting"], unit=tree.college).update(
        status=TaskStatus.SUBMITTED
    )
    client.force_login(personas.office)
    with time_machine.travel(PHASE1_DAY):
        page = client.get(reverse("supervision:index") + "?category=college").content.decode()
    assert "待审核" in page and "未开始" in page and "图书馆" not in page
    assert "d-md-none" in page and "提醒文学与传播学院办理组织学习文件" in page
    assert "提醒文学与传播学院办理召开动员大会" not in page
    # Each cell is rendered once: the phone's cards are the table's rows (app.css, .cx-stack).
    assert page.count("提醒文学与传播学院办理组织学习文件") == 1
    remind = reverse("supervision:remind", args=[unit_task(tasks["study_documents"], tree.college).pk])
    assert page.count(f'action="{remind}"') == 1


def test_unit_progress_for_its_managers_only(client, tree, personas, tasks):
    url = reverse("supervision:unit_progress", args=[tree.college.pk])
    client.force_login(personas.chair)
    with time_machine.travel("2011-01-03 10:00 +0800"):
        page = client.get(url).content.decode()
    assert "召开动员大会" in page and "逾期" in page
    for persona in ("sibling_chair", "member", "other_office"):
        client.force_login(getattr(personas, persona))
        assert client.get(url).status_code == 404


def test_home_todos_list_open_unit_tasks_for_officers_and_review_count_for_office(
    tree, personas, campaign, tasks
):
    with time_machine.travel(PHASE1_DAY):
        titles = [item.title for item in todos_for(personas.chair, campaign)]
        assert "召开动员大会（文学与传播学院）" in titles
        assert not any("数学与计算机科学学院" in t for t in titles)
        assert [i for i in todos_for(personas.member, campaign) if "文学与传播学院" in i.title] == []
        UnitTask.objects.filter(task=tasks["summary"], unit=tree.college).update(status=TaskStatus.SUBMITTED)
        titles = [item.title for item in todos_for(personas.chair, campaign)]
        assert "提交总结（文学与传播学院）" not in titles
        assert "有 1 项单位任务待审核" in [item.title for item in todos_for(personas.office, campaign)]


def test_nav_shows_supervision_to_office_and_unit_tasks_to_chairs(client, tree, personas):
    client.force_login(personas.office)
    page = client.get(reverse("home")).content.decode()
    assert reverse("supervision:index") in page
    client.force_login(personas.chair)
    page = client.get(reverse("home")).content.decode()
    assert reverse("assignments:unit_tasks", args=[tree.college.pk]) in page
    assert reverse("supervision:index") not in page
    client.force_login(personas.member)
    page = client.get(reverse("home")).content.decode()
    assert "本单位任务" not in page


def test_home_todos_wait_for_a_tasks_phase_to_begin(tree, personas, campaign, tasks):
    summary = "提交总结（文学与传播学院）"
    with time_machine.travel(PHASE1_DAY):
        assert summary not in [item.title for item in todos_for(personas.chair, campaign)]
    phase = tasks["summary"].phase
    with time_machine.travel(f"{phase.starts_on.isoformat()} 10:00 +0800"):
        assert summary in [item.title for item in todos_for(personas.chair, campaign)]


def test_the_matrix_reads_the_columns_it_shows(tree, campaign, tasks, personas, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    unit_task_set_responsible(
        unit_task=unit_task(tasks["summary"], tree.college), member=personas.chair_row, actor=personas.office
    )
    phase = tasks["summary"].phase
    with CaptureQueriesContext(connection) as captured:
        matrix = supervision_matrix(campaign, phase)
    sql = next(q["sql"] for q in captured if 'FROM "assignments_unittask"' in q["sql"])
    assert '"orgs_member"."name"' in sql
    for unread in ('"orgs_member"."id_number"', '"orgs_member"."phone"', '"assignments_task"."description"'):
        assert unread not in sql
    assert '"assignments_unittask"."review_comment"' not in sql and "campaigns_phase" not in sql
    with django_assert_num_queries(0):  # what the page and the export read is there
        for row in matrix.rows:
            for cell in row.cells:
                if cell:
                    assert cell.row.task.title and cell.row.unit.name and cell.row.task.due_on
                    if cell.can_remind:
                        assert cell.row.unit_task.responsible.name
