import pytest
import time_machine
from django.urls import reverse

from chuangxian.audit.models import AuditEntry
from chuangxian.campaigns.services import PhaseClosedError
from chuangxian.core.errors import Refused
from chuangxian.projects.models import DEFAULT_NOMINATION_QUOTA, Project, ProjectStatus
from chuangxian.projects.services import (
    ProjectError,
    project_create,
    project_nominate,
    project_nomination_withdraw,
)
from chuangxian.projects.tests.conftest import AFTER_PHASE_2, data_for


def _projects(tree, personas, campaign, n, **overrides):
    return [
        project_create(
            unit=tree.college,
            campaign=campaign,
            data=data_for(campaign, personas.chair_row, title=f"项目{i}", **overrides),
            actor=personas.chair,
        )
        for i in range(n)
    ]


def test_quota_of_two_per_unit(tree, personas, campaign, phase2):
    first, second, third = _projects(tree, personas, campaign, 3)
    project_nominate(project=first, actor=personas.chair)
    project_nominate(project=second, actor=personas.liaison)
    with pytest.raises(ProjectError) as error:
        project_nominate(project=third, actor=personas.chair)
    assert error.value.code == "quota_full"
    assert "项目0" in error.value.message
    assert Project.objects.filter(nominated_at__isnull=False).count() == DEFAULT_NOMINATION_QUOTA == 2
    project_nomination_withdraw(project=first, actor=personas.chair)
    project_nominate(project=third, actor=personas.chair)
    assert set(Project.objects.filter(nominated_at__isnull=False).values_list("title", flat=True)) == {
        "项目1",
        "项目2",
    }
    assert AuditEntry.objects.filter(action="projects.project.nominated").count() == 3


def test_quota_counts_per_unit(tree, personas, campaign, phase2):
    from chuangxian.orgs.tests.factories import MemberFactory

    mine = _projects(tree, personas, campaign, 2)
    for project in mine:
        project_nominate(project=project, actor=personas.chair)
    person = MemberFactory(unit=tree.sibling, name="数计会员")
    theirs = project_create(
        unit=tree.sibling, campaign=campaign, data=data_for(campaign, person), actor=personas.sibling_chair
    )
    project_nominate(project=theirs, actor=personas.sibling_chair)


def test_twice_and_draft_and_other_unit_refused(tree, personas, campaign, phase2):
    (project,) = _projects(tree, personas, campaign, 1)
    (draft,) = _projects(tree, personas, campaign, 1, status=ProjectStatus.DRAFT)
    project_nominate(project=project, actor=personas.chair)
    with pytest.raises(ProjectError) as error:
        project_nominate(project=project, actor=personas.chair)
    assert error.value.code == "already_nominated"
    with pytest.raises(ProjectError) as error:
        project_nominate(project=draft, actor=personas.chair)
    assert error.value.code == "draft"
    with pytest.raises(Refused) as error:
        project_nomination_withdraw(project=project, actor=personas.sibling_chair)
    assert error.value.code == "forbidden"
    with pytest.raises(ProjectError) as error:
        project_nomination_withdraw(project=draft, actor=personas.chair)
    assert error.value.code == "not_nominated"


def test_nomination_refused_outside_its_window(tree, personas, campaign, phase2):
    (project,) = _projects(tree, personas, campaign, 1)
    with time_machine.travel("2012-09-01 10:00 +0800", tick=False), pytest.raises(PhaseClosedError):
        project_nominate(project=project, actor=personas.chair)
    with time_machine.travel(AFTER_PHASE_2, tick=False):  # phase 3 also allows nominations
        project_nominate(project=project, actor=personas.chair)


def test_nominate_through_the_page(client, tree, personas, campaign, phase2):
    (project,) = _projects(tree, personas, campaign, 1)
    client.force_login(personas.sibling_chair)
    assert client.post(reverse("projects:nominate", args=[project.pk])).status_code == 404
    client.force_login(personas.chair)
    assert client.post(reverse("projects:nominate", args=[project.pk])).status_code == 302
    page = client.get(reverse("projects:detail", args=[project.pk]))
    assert "已推荐参评优秀项目" in page.text
    project.refresh_from_db()
    assert project.nominated_at is not None
