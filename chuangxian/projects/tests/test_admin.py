"""The back office lists projects (with milestones, people and updates) and the
coverage targets read-only, tenant by tenant. (CoverageTarget's admin is checked here because
chuangxian/coverage/admin.py was added with this change.)"""

from datetime import date

import pytest
from django.urls import reverse

from chuangxian.coverage.services import TargetValues, coverage_target_set
from chuangxian.orgs.tests.factories import make_user
from chuangxian.projects.services import milestone_add, project_update_add


@pytest.fixture
def filled(personas, project):
    milestone_add(
        project=project, title="开讲第一期", due_on=date(2011, 4, 1), weight=2, actor=personas.chair
    )
    project_update_add(
        project=project, day=date(2011, 3, 1), text="邀请了主讲人", uploads=[], actor=personas.chair
    )
    return project


def test_changelists_and_change_page_render_for_the_superuser(client, personas, filled):
    client.force_login(personas.admin)
    page = client.get(reverse("admin:projects_project_changelist"))
    assert page.status_code == 200 and "师德讲堂" in page.text
    detail = client.get(reverse("admin:projects_project_change", args=[filled.pk]))
    assert detail.status_code == 200
    assert "开讲第一期" in detail.text and "邀请了主讲人" in detail.text and "学院主席" in detail.text
    filtered = client.get(reverse("admin:projects_project_changelist"), {"status": "active", "q": "师德"})
    assert filtered.status_code == 200


def test_back_office_is_read_only(client, personas, filled):
    client.force_login(personas.admin)
    assert client.get(reverse("admin:projects_project_add")).status_code == 403
    assert (
        client.post(reverse("admin:projects_project_change", args=[filled.pk]), {"title": "改名"}).status_code
        == 403
    )
    client.post(reverse("admin:projects_project_delete", args=[filled.pk]), {"post": "yes"})
    filled.refresh_from_db()
    assert filled.title == "师德讲堂"


def test_a_superuser_of_another_tenant_does_not_see_these_projects(client, tree, personas, filled):
    other_admin = make_user(None, tenant=tree.other_tenant, is_superuser=True, is_staff=True)
    client.force_login(other_admin)
    assert "师德讲堂" not in client.get(reverse("admin:projects_project_changelist")).text
    assert client.get(reverse("admin:projects_project_change", args=[filled.pk])).status_code == 302


def test_coverage_targets_changelist(client, personas, campaign):
    coverage_target_set(
        campaign=campaign,
        category="college",
        values=TargetValues(projects=2, pledge_percent=90, activity_percent=80),
        actor=personas.office,
    )
    client.force_login(personas.admin)
    page = client.get(reverse("admin:coverage_coveragetarget_changelist"))
    assert page.status_code == 200 and "90" in page.text
    assert client.get(reverse("admin:coverage_coveragetarget_add")).status_code == 403
