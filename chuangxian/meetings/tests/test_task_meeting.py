"""A phase task whose evidence is a meeting asks for one kind of meeting (召开动员大会: the
mobilisation meeting): its evidence list offers only that kind, and 记录会议 on the task page opens
the unit's meeting form with the kind and campaign chosen and comes back to the task once saved."""

import importlib
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine
from django.apps import apps
from django.urls import reverse

from chuangxian.assignments.models import Task, UnitTask
from chuangxian.assignments.selectors import evidence_options
from chuangxian.assignments.services import (
    AssignmentError,
    task_update,
    tasks_create_defaults,
    unit_task_submit,
)
from chuangxian.campaigns.tests.factories import make_campaign
from chuangxian.meetings.models import Meeting, MeetingKind, MeetingStatus
from chuangxian.meetings.tests.factories import make_meeting

PHASE1_DAY = "2010-12-21 09:00 +0800"  # inside phase 1 (2010-12-15 – 2010-12-31), after the meetings


@pytest.fixture
def phase1():
    with time_machine.travel(PHASE1_DAY, tick=False):
        yield


@pytest.fixture
def campaign(tree, personas, phase1):
    campaign = make_campaign(tree.tenant)
    tasks_create_defaults(campaign=campaign, actor=personas.office)
    return campaign


def _unit_task(tree, campaign, code: str) -> UnitTask:
    return UnitTask.objects.select_related("task__campaign", "unit").get(
        task__campaign=campaign, task__code=code, unit=tree.college
    )


@pytest.fixture
def meetings(tree, personas, campaign):
    held = {"campaign": campaign, "status": MeetingStatus.HELD}
    mobilisation = make_meeting(tree.college, personas.chair, kind=MeetingKind.MOBILISATION, **held)
    study = make_meeting(tree.college, personas.chair, kind=MeetingKind.STUDY, title="学习实施方案", **held)
    return mobilisation, study


def test_the_seed_tasks_declare_the_meeting_they_ask_for(campaign):
    kinds = dict(Task.objects.filter(campaign=campaign).values_list("code", "meeting_kind"))
    assert kinds == {
        "mobilisation_meeting": "mobilisation",
        "study_documents": "study",
        "unit_plan": "",
        "summary": "",
    }


def test_evidence_choices_exclude_a_study_meeting_for_the_mobilisation_task(tree, campaign, meetings):
    mobilisation, study = meetings
    task = _unit_task(tree, campaign, "mobilisation_meeting")
    assert [o.key for o in evidence_options(task)] == [f"meetings.meeting:{mobilisation.pk}"]
    study_task = _unit_task(tree, campaign, "study_documents")
    assert [o.key for o in evidence_options(study_task)] == [f"meetings.meeting:{study.pk}"]


def test_the_service_refuses_a_study_meeting_for_the_mobilisation_task(tree, personas, campaign, meetings):
    _mobilisation, study = meetings
    task = _unit_task(tree, campaign, "mobilisation_meeting")
    with pytest.raises(AssignmentError) as refused:
        unit_task_submit(unit_task=task, evidence_key=f"meetings.meeting:{study.pk}", actor=personas.chair)
    assert refused.value.code == "evidence_unknown"
    task.refresh_from_db()
    assert task.evidence_key == ""


def test_a_task_without_a_kind_offers_every_meeting(tree, personas, campaign, meetings):
    task = _unit_task(tree, campaign, "mobilisation_meeting")
    task_update(task=task.task, meeting_kind="", actor=personas.office)
    assert len(evidence_options(_unit_task(tree, campaign, "mobilisation_meeting"))) == 2


def _record_url(client, unit_task) -> str:
    page = client.get(reverse("assignments:unit_task", args=[unit_task.pk]))
    assert page.status_code == 200
    return page.context["record_url"]


def test_the_record_meeting_link_prefills_the_kind_and_the_campaign(client, tree, personas, campaign):
    task = _unit_task(tree, campaign, "mobilisation_meeting")
    client.force_login(personas.chair)
    url = _record_url(client, task)
    parts = urlsplit(url)
    assert parts.path == reverse("meetings:create", args=[tree.college.pk])
    assert parse_qs(parts.query) == {
        "kind": ["mobilisation"],
        "campaign": [str(campaign.pk)],
        "next": [reverse("assignments:unit_task", args=[task.pk])],
    }
    page = client.get(reverse("assignments:unit_task", args=[task.pk])).content.decode()
    assert "记录会议" in page
    form = client.get(url).context["form"]
    assert form["kind"].value() == "mobilisation"
    assert form["campaign"].value() == campaign.pk
    study_form = client.get(_record_url(client, _unit_task(tree, campaign, "study_documents"))).context[
        "form"
    ]
    assert study_form["kind"].value() == "study"


def test_no_record_link_for_those_who_may_not_record_the_units_meetings(client, tree, personas, campaign):
    """The office may submit a unit's task, and record its meetings; a member of another unit sees
    no task page at all."""
    task = _unit_task(tree, campaign, "mobilisation_meeting")
    client.force_login(personas.sibling_chair)
    assert client.get(reverse("assignments:unit_task", args=[task.pk])).status_code == 404
    client.force_login(personas.office)
    assert _record_url(client, task).startswith(reverse("meetings:create", args=[tree.college.pk]))


def _post(client, url):
    return client.post(
        url,
        {
            "kind": "mobilisation",
            "title": "",
            "campaign": parse_qs(urlsplit(url).query)["campaign"][0],
            "starts_at": "2010-12-20T15:00",
            "place": "学院报告厅",
            "status": "held",
        },
    )


def test_the_round_trip_returns_to_the_task_which_then_offers_the_meeting(client, tree, personas, campaign):
    task = _unit_task(tree, campaign, "mobilisation_meeting")
    client.force_login(personas.chair)
    response = _post(client, _record_url(client, task))
    assert response.status_code == 302
    assert response.url == reverse("assignments:unit_task", args=[task.pk])
    meeting = Meeting.objects.get(unit=tree.college)
    assert (meeting.kind, meeting.campaign_id) == (MeetingKind.MOBILISATION, campaign.pk)
    assert [o.key for o in evidence_options(task)] == [f"meetings.meeting:{meeting.pk}"]
    page = client.get(response.url).content.decode()
    assert f'value="meetings.meeting:{meeting.pk}"' in page


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "javascript:alert(1)"])
def test_the_way_back_never_leaves_the_site(client, tree, personas, campaign, target):
    client.force_login(personas.chair)
    url = f"{reverse('meetings:create', args=[tree.college.pk])}?kind=mobilisation&campaign={campaign.pk}"
    response = _post(client, f"{url}&next={target}")
    meeting = Meeting.objects.get(unit=tree.college)
    assert response.url == reverse("meetings:detail", args=[meeting.pk])


def test_the_migration_gives_existing_seed_tasks_their_meeting_kind(campaign):
    Task.objects.filter(campaign=campaign).update(meeting_kind="")
    migration = importlib.import_module("chuangxian.assignments.migrations.0004_task_meeting_kind")
    migration.set_seed_meeting_kinds(apps, None)
    kinds = dict(Task.objects.filter(campaign=campaign).values_list("code", "meeting_kind"))
    assert (kinds["mobilisation_meeting"], kinds["study_documents"], kinds["summary"]) == (
        "mobilisation",
        "study",
        "",
    )


def test_the_office_sets_the_meeting_kind_on_the_task_form(client, tree, personas, campaign):
    task = Task.objects.get(campaign=campaign, code="mobilisation_meeting")
    client.force_login(personas.office)
    url = reverse("assignments:task_edit", args=[task.pk])
    page = client.get(url).content.decode()
    assert 'name="meeting_kind"' in page
    assert "任意会议" in page
    assert str(MeetingKind.STUDY.label) in page
    data = {
        "phase": task.phase_id,
        "title": task.title,
        "evidence_kind": "meeting",
        "meeting_kind": MeetingKind.STUDY,
        "review_by": task.review_by,
        "unit_kinds": task.unit_kinds,
        "code": task.code,
        "order": task.order,
    }
    assert client.post(url, data).status_code == 302
    task.refresh_from_db()
    assert task.meeting_kind == MeetingKind.STUDY


def test_an_unknown_meeting_kind_is_refused_and_nothing_changes(tree, personas, campaign):
    task = Task.objects.get(campaign=campaign, code="mobilisation_meeting")
    with pytest.raises(AssignmentError) as refused:
        task_update(task=task, actor=personas.office, meeting_kind="party")
    assert refused.value.code == "bad_meeting_kind"
    task.refresh_from_db()
    assert task.meeting_kind == MeetingKind.MOBILISATION


def test_no_record_link_where_the_phase_allows_no_meeting_unless_reopened(client, tree, personas, campaign):
    """A meeting task set in phase 2 (which allows no meetings): saving the meeting would be refused
    ('phase_closed'), so the task page offers no form to fill, until the office reopens phase 1."""
    from datetime import date

    from chuangxian.assignments.services import task_create
    from chuangxian.campaigns.services import phase_window_reopen

    with time_machine.travel("2011-03-01 09:00 +0800", tick=False):
        phase2 = campaign.phases.get(order=2)
        task = task_create(
            campaign=campaign,
            phase=phase2,
            title="召开推进会",
            evidence_kind="meeting",
            meeting_kind=MeetingKind.MOBILISATION,
            actor=personas.office,
        )
        unit_task = UnitTask.objects.get(task=task, unit=tree.college)
        client.force_login(personas.chair)
        page = client.get(reverse("assignments:unit_task", args=[unit_task.pk]))
        assert page.status_code == 200
        assert page.context.get("record_url") is None
        assert "记录会议" not in page.content.decode()
        phase_window_reopen(
            phase=campaign.phases.get(order=1),
            unit=tree.college,
            until=date(2011, 3, 10),
            reason="补开动员大会",
            actor=personas.office,
        )
        assert _record_url(client, unit_task) is not None
