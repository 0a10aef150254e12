import io
from datetime import date

import pytest
from django.urls import reverse

from chuangxian.campaigns.todos import todos_for
from chuangxian.projects.models import Milestone, Project, ProjectUpdate
from chuangxian.projects.services import milestone_add, project_create, project_update_add
from chuangxian.projects.tests.conftest import PNG, data_for


def _login(client, user):
    client.force_login(user)
    return client


def test_every_user_of_the_tenant_sees_the_list_and_detail(client, personas, project):
    for user in (personas.member, personas.sibling_chair, personas.leader):
        _login(client, user)
        page = client.get(reverse("projects:list"))
        assert page.status_code == 200
        assert "师德讲堂" in page.text
        assert client.get(reverse("projects:detail", args=[project.pk])).status_code == 200


def test_other_tenant_gets_404(client, personas, project):
    _login(client, personas.other_office)
    assert client.get(reverse("projects:detail", args=[project.pk])).status_code == 404
    assert "师德讲堂" not in client.get(reverse("projects:list")).text


def test_list_filters(client, personas, campaign, project):
    _login(client, personas.member)
    other_theme = campaign.themes.all()[1]
    assert "师德讲堂" not in client.get(reverse("projects:list"), {"theme": other_theme.pk}).text
    assert "师德讲堂" not in client.get(reverse("projects:list"), {"category": "support"}).text
    assert "师德讲堂" in client.get(reverse("projects:list"), {"category": "college"}).text


def test_edit_only_for_the_units_managers(client, personas, project):
    url = reverse("projects:edit", args=[project.pk])
    for user in (personas.member, personas.sibling_chair, personas.other_office):
        _login(client, user)
        assert client.get(url).status_code == 404
    for user in (personas.chair, personas.liaison, personas.office):
        _login(client, user)
        assert client.get(url).status_code == 200
    _login(client, personas.sibling_chair)
    assert client.post(reverse("projects:milestone_add", args=[project.pk]), {}).status_code == 404


def test_detail_hides_edit_controls_from_others(client, personas, project):
    _login(client, personas.member)
    page = client.get(reverse("projects:detail", args=[project.pk]))
    assert reverse("projects:edit", args=[project.pk]) not in page.text
    _login(client, personas.chair)
    page = client.get(reverse("projects:detail", args=[project.pk]))
    assert reverse("projects:edit", args=[project.pk]) in page.text


def test_chair_creates_a_project_through_the_form(client, tree, personas, campaign, phase2):
    _login(client, personas.chair)
    url = reverse("projects:create", args=[tree.college.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "theme": campaign.themes.all()[0].pk,
            "title": "青年教师教学竞赛",
            "goals": "提升教学水平",
            "measures": "",
            "responsible": [personas.chair_row.pk],
            "participants": [personas.member_row.pk],
            "budget": "5000",
            "status": "active",
        },
    )
    project = Project.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("projects:detail", args=[project.pk])
    _login(client, personas.sibling_chair)
    assert client.get(url).status_code == 404


def test_create_form_shows_phase_refusal(client, tree, personas, campaign):
    import time_machine

    from chuangxian.projects.tests.conftest import AFTER_PHASE_2

    _login(client, personas.chair)
    with time_machine.travel(AFTER_PHASE_2, tick=False):
        response = client.post(
            reverse("projects:create", args=[tree.college.pk]),
            {
                "theme": campaign.themes.all()[0].pk,
                "title": "x",
                "goals": "y",
                "responsible": [personas.chair_row.pk],
                "status": "active",
            },
        )
    assert response.status_code == 200
    assert "结束" in response.text
    assert not Project.objects.exists()


def test_negative_budget_is_refused_by_the_form(client, tree, personas, campaign, phase2):
    _login(client, personas.chair)
    response = client.post(
        reverse("projects:create", args=[tree.college.pk]),
        {
            "theme": campaign.themes.all()[0].pk,
            "title": "x",
            "goals": "y",
            "responsible": [personas.chair_row.pk],
            "budget": "-5",
            "status": "active",
        },
    )
    assert response.status_code == 200
    assert not Project.objects.exists()


def test_milestone_and_update_through_the_page(client, personas, project):
    _login(client, personas.chair)
    response = client.post(
        reverse("projects:milestone_add", args=[project.pk]),
        {"title": "启动", "due_on": "2011-04-01", "weight": 2},
    )
    assert response.status_code == 302
    milestone = Milestone.objects.get()
    client.post(reverse("projects:milestone_done", args=[project.pk, milestone.pk]))
    page = client.get(reverse("projects:detail", args=[project.pk]))
    assert 'data-testid="progress">100%' in page.text
    upload = io.BytesIO(PNG)
    upload.name = "现场.png"
    response = client.post(
        reverse("projects:update_add", args=[project.pk]),
        {"date": "2011-02-20", "text": "启动会", "attachments": [upload]},
    )
    assert response.status_code == 302
    item = ProjectUpdate.objects.get().files.get()
    download = client.get(reverse("projects:file_download", args=[project.pk, item.pk]))
    assert download.status_code == 200
    _login(client, personas.other_office)
    assert client.get(reverse("projects:file_download", args=[project.pk, item.pk])).status_code == 404


def test_refused_upload_through_the_page_saves_nothing(client, personas, project):
    _login(client, personas.chair)
    bad = io.BytesIO(b"not an image at all")
    bad.name = "照片.png"
    response = client.post(
        reverse("projects:update_add", args=[project.pk]),
        {"date": "2011-02-20", "text": "启动会", "attachments": [bad]},
    )
    assert response.status_code == 400
    assert "照片.png" in response.text
    assert not ProjectUpdate.objects.exists()


def test_todo_for_chair_until_the_unit_has_a_project(tree, personas, campaign, phase2):
    titles = [item.title for item in todos_for(personas.chair, campaign)]
    assert "本单位还没有项目" in titles
    assert "本单位还没有项目" not in [item.title for item in todos_for(personas.member, campaign)]
    project_create(
        unit=tree.college,
        campaign=campaign,
        data=data_for(campaign, personas.chair_row),
        actor=personas.chair,
    )
    assert "本单位还没有项目" not in [item.title for item in todos_for(personas.chair, campaign)]
    assert "本单位还没有项目" in [item.title for item in todos_for(personas.sibling_chair, campaign)]


def test_no_todo_outside_the_project_window(tree, personas, campaign):
    import time_machine

    from chuangxian.projects.tests.conftest import AFTER_PHASE_2

    with time_machine.travel(AFTER_PHASE_2, tick=False):
        assert "本单位还没有项目" not in [item.title for item in todos_for(personas.chair, campaign)]


def _many_projects(tree, personas, campaign, n):
    from chuangxian.orgs.tests.factories import MemberFactory

    for i in range(n):
        person = MemberFactory(unit=tree.college, name=f"会员{i}")
        project = project_create(
            unit=tree.college,
            campaign=campaign,
            data=data_for(campaign, person, title=f"项目{i}"),
            actor=personas.chair,
        )
        milestone_add(project=project, title="节点", due_on=date(2011, 5, 1), weight=1, actor=personas.chair)


@pytest.mark.parametrize("n", [10, 200])
def test_list_query_count_is_flat(client, tree, personas, campaign, phase2, django_assert_max_num_queries, n):
    _many_projects(tree, personas, campaign, n)
    _login(client, personas.chair)
    with django_assert_max_num_queries(12):  # 11, and the page's nominated projects (selections)
        page = client.get(reverse("projects:list"))
    assert page.status_code == 200


@pytest.mark.parametrize("n", [10, 100])
def test_detail_query_count_is_flat(client, personas, project, django_assert_max_num_queries, n):
    for i in range(n):
        project_update_add(
            project=project,
            day=date(2011, 2, 1 + i % 28),
            text=f"进展{i}",
            uploads=[],
            actor=personas.chair,
        )
    from chuangxian.projects.services import Upload

    project_update_add(
        project=project,
        day=date(2011, 2, 1),
        text="带照片",
        uploads=[Upload("a.png", io.BytesIO(PNG))],
        actor=personas.chair,
    )
    _login(client, personas.chair)
    # 10, the project's honours (awards), its entries, the selections taking nominations and the
    # unit that nominates it (selections)
    with django_assert_max_num_queries(14):
        page = client.get(reverse("projects:detail", args=[project.pk]))
    assert page.status_code == 200


def test_list_filter_defaults_to_all_categories(client, personas, project):
    _login(client, personas.member)
    page = client.get(reverse("projects:list"))
    assert "未分类" not in page.text
    assert "全部类别" in page.text


def test_a_missing_text_and_a_future_date_show_in_one_response(client, personas, project):
    """The date rule is not held back until the required field is filled in (a second round)."""
    _login(client, personas.chair)
    response = client.post(
        reverse("projects:update_add", args=[project.pk]), {"date": "2011-03-02", "text": ""}
    )
    assert response.status_code == 400
    form = response.context["update_form"]
    errors = form.errors.as_data()
    assert {name: [e.code for e in found] for name, found in errors.items()} == {
        "text": ["required"],
        "date": ["future_date"],
    }
    assert "进展日期不能晚于今天" in response.text and form.errors["text"][0] in response.text
    assert not ProjectUpdate.objects.exists()
