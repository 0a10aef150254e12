"""The nomination quota per unit is a campaign setting the office edits (default 2, seed 六(二))."""

import pytest
from django.db import connection
from django.urls import reverse

from chuangxian.audit.models import AuditEntry
from chuangxian.campaigns.tests.factories import make_campaign
from chuangxian.core.errors import DomainError, Refused
from chuangxian.orgs.tests.factories import MemberFactory
from chuangxian.projects.models import Project, ProjectSettings
from chuangxian.projects.selectors import nomination_counts, nomination_quota
from chuangxian.projects.services import (
    ProjectError,
    project_create,
    project_nominate,
    project_nomination_withdraw,
    project_settings_set,
)
from chuangxian.projects.tests.conftest import data_for
from tests.races import recording, run_together


def _projects(unit, person, actor, campaign, n):
    return [
        project_create(
            unit=unit, campaign=campaign, data=data_for(campaign, person, title=f"项目{i}"), actor=actor
        )
        for i in range(n)
    ]


def _code(call) -> str:
    with pytest.raises(DomainError) as error:
        call()
    return error.value.code


# Services


def test_default_is_two_without_a_settings_row(campaign):
    assert nomination_quota(campaign) == 2
    assert not ProjectSettings.objects.exists()


def test_raising_the_quota_lets_a_unit_nominate_more(tree, personas, campaign, phase2):
    projects = _projects(tree.college, personas.chair_row, personas.chair, campaign, 3)
    project_settings_set(campaign=campaign, nomination_quota=3, actor=personas.office)
    for project in projects:
        project_nominate(project=project, actor=personas.chair)
    assert Project.objects.filter(nominated_at__isnull=False).count() == 3
    entry = AuditEntry.objects.get(action="projects.settings.updated")
    assert entry.changes == {"nomination_quota": [2, 3]}


def test_a_quota_of_one_refuses_the_second_nomination(tree, personas, campaign, phase2):
    first, second = _projects(tree.college, personas.chair_row, personas.chair, campaign, 2)
    project_settings_set(campaign=campaign, nomination_quota=1, actor=personas.office)
    project_nominate(project=first, actor=personas.chair)
    with pytest.raises(ProjectError) as error:
        project_nominate(project=second, actor=personas.chair)
    assert error.value.code == "quota_full" and "最多推荐 1 个" in error.value.message


@pytest.mark.parametrize("quota", [0, 11, -1])
def test_quota_outside_one_to_ten_is_refused(personas, campaign, quota):
    call = lambda: project_settings_set(campaign=campaign, nomination_quota=quota, actor=personas.office)  # noqa: E731
    assert _code(call) == "bad_quota"


@pytest.mark.parametrize("who", ["chair", "liaison", "leader", "member", "other_office"])
def test_only_the_office_of_the_tenant_sets_the_quota(personas, campaign, who):
    with pytest.raises(Refused) as error:
        project_settings_set(campaign=campaign, nomination_quota=3, actor=getattr(personas, who))
    assert error.value.code == "not_office"
    assert nomination_quota(campaign) == 2


def test_lowering_below_what_units_nominated_is_refused_naming_them(tree, personas, campaign, phase2):
    college = _projects(tree.college, personas.chair_row, personas.chair, campaign, 2)
    for project in college:
        project_nominate(project=project, actor=personas.chair)
    person = MemberFactory(unit=tree.sibling, name="数计会员")
    (sibling,) = _projects(tree.sibling, person, personas.sibling_chair, campaign, 1)
    project_nominate(project=sibling, actor=personas.sibling_chair)
    with pytest.raises(ProjectError) as error:
        project_settings_set(campaign=campaign, nomination_quota=1, actor=personas.office)
    assert error.value.code == "quota_below_nominated"
    assert "文学与传播学院（2 个）" in error.value.message
    assert "数学与计算机科学学院" not in error.value.message
    assert nomination_quota(campaign) == 2
    assert Project.objects.filter(nominated_at__isnull=False).count() == 3  # nothing withdrawn
    project_nomination_withdraw(project=college[0], actor=personas.office)
    project_settings_set(campaign=campaign, nomination_quota=1, actor=personas.office)
    assert nomination_quota(campaign) == 1


def test_the_quota_is_per_campaign(tree, personas, campaign):
    other = make_campaign(tree.other_tenant)
    project_settings_set(campaign=other, nomination_quota=5, actor=personas.other_office)
    assert nomination_quota(other) == 5
    assert nomination_quota(campaign) == 2


def test_nomination_counts_by_unit(tree, personas, campaign, phase2):
    for project in _projects(tree.college, personas.chair_row, personas.chair, campaign, 2):
        project_nominate(project=project, actor=personas.chair)
    rows = nomination_counts(campaign)
    assert [(r.unit_name, r.count) for r in rows] == [("文学与传播学院", 2)]


# Views


def test_office_edits_the_quota_from_the_projects_list(client, personas, campaign):
    client.force_login(personas.office)
    assert reverse("projects:settings") in client.get(reverse("projects:list")).text
    page = client.get(reverse("projects:settings"))
    assert page.status_code == 200 and 'value="2"' in page.text
    response = client.post(reverse("projects:settings"), {"nomination_quota": "3"})
    assert response.status_code == 302
    assert nomination_quota(campaign) == 3
    response = client.post(reverse("projects:settings"), {"nomination_quota": "12"})
    assert response.status_code == 200 and nomination_quota(campaign) == 3


def test_lowering_too_far_shows_the_units_on_the_page(client, tree, personas, campaign, phase2):
    for project in _projects(tree.college, personas.chair_row, personas.chair, campaign, 2):
        project_nominate(project=project, actor=personas.chair)
    client.force_login(personas.office)
    response = client.post(reverse("projects:settings"), {"nomination_quota": "1"})
    assert response.status_code == 200
    assert "文学与传播学院（2 个）" in response.text
    assert nomination_quota(campaign) == 2


@pytest.mark.parametrize("who", ["chair", "liaison", "leader", "member", "sibling_chair"])
def test_settings_page_is_not_found_for_anyone_but_the_office(client, personas, campaign, who):
    client.force_login(getattr(personas, who))
    assert reverse("projects:settings") not in client.get(reverse("projects:list")).text
    assert client.get(reverse("projects:settings")).status_code == 404
    assert client.post(reverse("projects:settings"), {"nomination_quota": "5"}).status_code == 404
    assert nomination_quota(campaign) == 2


def test_other_tenants_office_sets_only_its_own_campaign(client, tree, personas, campaign):
    other = make_campaign(tree.other_tenant)
    client.force_login(personas.other_office)
    assert client.post(reverse("projects:settings"), {"nomination_quota": "4"}).status_code == 302
    assert nomination_quota(other) == 4 and nomination_quota(campaign) == 2


def test_settings_page_queries(client, personas, campaign, django_assert_max_num_queries):
    client.force_login(personas.office)
    with django_assert_max_num_queries(10):
        assert client.get(reverse("projects:settings")).status_code == 200


# Concurrency: a unit nominating while the office lowers the quota never ends over the quota.


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_lowering_and_nominating_at_once_never_exceed_the_quota(tree, personas, campaign, phase2):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises every writer")
    first, second = _projects(tree.college, personas.chair_row, personas.chair, campaign, 2)
    project_nominate(project=first, actor=personas.chair)
    outcomes: list[str] = []
    errors = run_together(
        recording(outcomes, lambda: project_nominate(project=second, actor=personas.chair)),
        recording(
            outcomes,
            lambda: project_settings_set(campaign=campaign, nomination_quota=1, actor=personas.office),
        ),
    )
    assert errors == []
    assert sorted(outcomes) in (["ok", "quota_below_nominated"], ["ok", "quota_full"])
    nominated = Project.objects.filter(nominated_at__isnull=False).count()
    assert nominated <= nomination_quota(campaign)
