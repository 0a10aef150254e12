from datetime import date

from chuangxian.projects.selectors import (
    progress_percent,
    project_detail,
    project_list_for_tenant,
    project_progress,
    with_progress,
)
from chuangxian.projects.services import milestone_add, milestone_complete


def _milestones(project, actor, weights):
    return [
        milestone_add(project=project, title=f"节点{i}", due_on=date(2011, 6, i + 1), weight=w, actor=actor)
        for i, w in enumerate(weights)
    ]


def _listed(tree, project):
    return {p.pk: p for p in with_progress(project_list_for_tenant(tree.tenant.pk))}[project.pk].progress


def test_progress_is_zero_without_milestones(tree, project):
    assert project_progress(project) == 0
    assert _listed(tree, project) == 0
    assert project_detail(project).progress == 0


def test_progress_is_zero_when_none_done(tree, personas, project):
    _milestones(project, personas.chair, [1, 3])
    assert project_progress(project) == 0
    assert _listed(tree, project) == 0


def test_progress_weighs_done_milestones(tree, personas, project):
    first, second, _third = _milestones(project, personas.chair, [1, 3, 4])
    milestone_complete(milestone=first, actor=personas.chair)
    assert project_progress(project) == 12  # 1 of 8 = 12.5 → 12 (round half to even)
    milestone_complete(milestone=second, actor=personas.chair)
    assert project_progress(project) == 50
    assert _listed(tree, project) == 50
    assert project_detail(project).progress == 50


def test_progress_is_100_when_all_done(tree, personas, project):
    for milestone in _milestones(project, personas.chair, [2, 5]):
        milestone_complete(milestone=milestone, actor=personas.chair)
    assert project_progress(project) == 100
    assert _listed(tree, project) == 100


def test_progress_percent_rounds():
    assert progress_percent(0, 0) == 0
    assert progress_percent(1, 3) == 33
    assert progress_percent(2, 3) == 67


def test_list_filters_by_theme_and_category(tree, personas, campaign, project):
    themes = list(campaign.themes.all())
    assert [p.pk for p in project_list_for_tenant(tree.tenant.pk, theme_id=themes[0].pk)] == [project.pk]
    assert list(project_list_for_tenant(tree.tenant.pk, theme_id=themes[1].pk)) == []
    assert [p.pk for p in project_list_for_tenant(tree.tenant.pk, category="college")] == [project.pk]
    assert list(project_list_for_tenant(tree.tenant.pk, category="support")) == []
    assert list(project_list_for_tenant(tree.other_tenant.pk)) == []
