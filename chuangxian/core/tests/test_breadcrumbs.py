"""A breadcrumb never links to a page its reader cannot open: the steps above what they may see are
plain text (``includes/breadcrumb.html`` fed by ``core.navigation.Crumb`` lists from the views)."""

import re

import pytest
import time_machine
from django.urls import reverse

from chuangxian.assignments.models import UnitTask
from chuangxian.assignments.services import tasks_create_defaults, unit_task_set_responsible
from chuangxian.assignments.tests.factories import providers  # noqa: F401  (a fixture)
from chuangxian.campaigns.tests.factories import make_campaign
from chuangxian.meetings.tests.factories import make_meeting
from chuangxian.study.services import study_document_publish

pytestmark = pytest.mark.usefixtures("providers")

TRAIL = re.compile(r'<ol class="breadcrumb[^"]*">(.*?)</ol>', re.S)
HREF = re.compile(r'href="([^"]+)"')
STEP = re.compile(r'<li class="breadcrumb-item[^"]*"[^>]*>(.*?)</li>', re.S)
TAG = re.compile(r"<[^>]+>")


def trail(client, url):
    """The breadcrumb of the page at ``url``: its steps as text, and the links among them."""
    response = client.get(url)
    assert response.status_code == 200
    [inner] = TRAIL.findall(response.content.decode())
    return [TAG.sub("", step).strip() for step in STEP.findall(inner)], HREF.findall(inner)


def broken_links(client, links):
    return [url for url in links if client.get(url).status_code != 200]


@pytest.mark.parametrize("persona", ["member", "chair", "liaison", "leader", "office"])
def test_unit_page_links_only_the_units_the_reader_may_open(client, tree, personas, persona):
    client.force_login(getattr(personas, persona))
    unit = tree.group if persona == "member" else tree.college
    steps, links = trail(client, reverse("orgs:unit_detail", args=[unit.pk]))
    assert steps[0] == "校工会"  # the ancestors are still named
    assert broken_links(client, links) == []


def test_member_sees_the_school_union_as_text_on_their_unit_page(client, tree, personas):
    client.force_login(personas.member)
    steps, links = trail(client, reverse("orgs:unit_detail", args=[tree.group.pk]))
    assert steps == ["校工会", "文学与传播学院", "中文系工会小组"]
    assert links == []


def test_office_gets_every_ancestor_as_a_link(client, tree, personas):
    client.force_login(personas.office)
    steps, links = trail(client, reverse("orgs:unit_detail", args=[tree.group.pk]))
    assert steps == ["校工会", "文学与传播学院", "中文系工会小组"]
    assert links == [reverse("orgs:unit_detail", args=[u.pk]) for u in (tree.root, tree.college)]


def test_meeting_of_the_college_seen_by_a_member_of_its_group(client, tree, personas):
    """A member of 中文系工会小组 may read the college's meetings, not the college's unit page."""
    meeting = make_meeting(tree.college, personas.chair)
    client.force_login(personas.member)
    for url in (
        reverse("meetings:list", args=[tree.college.pk]),
        reverse("meetings:detail", args=[meeting.pk]),
    ):
        steps, links = trail(client, url)
        assert steps[0] == "文学与传播学院"
        assert broken_links(client, links) == []


def test_unit_task_seen_by_its_responsible_person(client, tree, personas):
    """The member named responsible for a task of the college may open the task, not the college's
    task list."""
    campaign = make_campaign(tree.tenant)
    tasks = {t.code: t for t in tasks_create_defaults(campaign=campaign, actor=personas.office)}
    unit_task = UnitTask.objects.get(task=tasks["summary"], unit=tree.college)
    unit_task_set_responsible(unit_task=unit_task, member=personas.member_row, actor=personas.office)
    client.force_login(personas.member)
    steps, links = trail(client, reverse("assignments:unit_task", args=[unit_task.pk]))
    assert steps[0] == "文学与传播学院的任务"
    assert broken_links(client, links) == []


def test_study_document_seen_by_the_platform_admin(client, tree, personas):
    """The platform admin may read a school's study document but has no school's study list."""
    campaign = make_campaign(tree.tenant)
    with time_machine.travel("2010-12-20 10:00 +0800", tick=False):
        document = study_document_publish(
            tenant=tree.tenant, campaign=campaign, title="实施方案", body="……", actor=personas.office
        )
        client.force_login(personas.admin)
        steps, links = trail(client, reverse("study:detail", args=[document.pk]))
        assert steps == ["文件学习", "文件"]
        assert broken_links(client, links) == []
