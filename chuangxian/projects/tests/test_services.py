import io
from datetime import date
from decimal import Decimal

import pytest
import time_machine

from chuangxian.audit.models import AuditEntry
from chuangxian.campaigns.services import PhaseClosedError, phase_window_reopen
from chuangxian.core.errors import Refused
from chuangxian.projects.models import (
    Milestone,
    PersonRole,
    Project,
    ProjectPerson,
    ProjectUpdate,
    UpdateFile,
)
from chuangxian.projects.services import (
    ProjectError,
    Upload,
    milestone_add,
    milestone_complete,
    milestone_reopen,
    milestone_update,
    project_create,
    project_update,
    project_update_add,
)
from chuangxian.projects.tests.conftest import AFTER_PHASE_2, BEFORE_PHASE_2, data_for, png


def test_create_records_people_and_audit(tree, personas, project):
    assert project.unit == tree.college
    roles = set(ProjectPerson.objects.filter(project=project).values_list("member__name", "role"))
    assert roles == {("学院主席", PersonRole.RESPONSIBLE), ("普通会员", PersonRole.PARTICIPANT)}
    assert AuditEntry.objects.filter(action="projects.project.created", target_id=str(project.pk)).exists()


def test_sibling_chair_cannot_create_for_another_unit(tree, personas, campaign, phase2):
    with pytest.raises(Refused) as error:
        project_create(
            unit=tree.college,
            campaign=campaign,
            data=data_for(campaign, personas.chair_row),
            actor=personas.sibling_chair,
        )
    assert error.value.code == "forbidden"
    assert not Project.objects.exists()


def test_plain_member_cannot_create(tree, personas, campaign, phase2):
    with pytest.raises(Refused) as error:
        project_create(
            unit=tree.college,
            campaign=campaign,
            data=data_for(campaign, personas.chair_row),
            actor=personas.member,
        )
    assert error.value.code == "forbidden"


def test_responsible_must_be_in_the_unit_subtree(tree, personas, campaign, phase2):
    from chuangxian.orgs.tests.factories import MemberFactory

    outsider = MemberFactory(unit=tree.sibling, name="外人")
    with pytest.raises(ProjectError) as error:
        project_create(
            unit=tree.college, campaign=campaign, data=data_for(campaign, outsider), actor=personas.chair
        )
    assert error.value.code == "person_outside"
    assert error.value.field == "responsible"


def test_theme_must_belong_to_the_campaign(tree, personas, campaign, phase2):
    from chuangxian.campaigns.tests.factories import make_campaign

    other = make_campaign(tree.tenant, active=False)
    with pytest.raises(ProjectError) as error:
        project_create(
            unit=tree.college,
            campaign=campaign,
            data=data_for(campaign, personas.chair_row, theme=other.themes.all()[0]),
            actor=personas.chair,
        )
    assert error.value.code == "bad_theme"


def test_negative_budget_refused(tree, personas, campaign, phase2):
    with pytest.raises(ProjectError) as error:
        project_create(
            unit=tree.college,
            campaign=campaign,
            data=data_for(campaign, personas.chair_row, budget=Decimal("-1")),
            actor=personas.chair,
        )
    assert error.value.code == "bad_budget"


def test_responsible_required(tree, personas, campaign, phase2):
    with pytest.raises(ProjectError) as error:
        project_create(
            unit=tree.college,
            campaign=campaign,
            data=data_for(campaign, personas.chair_row, responsible=()),
            actor=personas.chair,
        )
    assert error.value.code == "responsible_required"


@pytest.mark.parametrize(
    ("moment", "code"), [(BEFORE_PHASE_2, "phase_not_started"), (AFTER_PHASE_2, "phase_closed")]
)
def test_create_refused_outside_the_project_window(tree, personas, campaign, moment, code):
    with time_machine.travel(moment, tick=False), pytest.raises(PhaseClosedError) as error:
        project_create(
            unit=tree.college,
            campaign=campaign,
            data=data_for(campaign, personas.chair_row),
            actor=personas.chair,
        )
    assert error.value.code == code
    assert not Project.objects.exists()


def test_create_allowed_after_the_window_when_reopened_for_the_unit(tree, personas, campaign):
    phase = campaign.phases.get(order=2)
    with time_machine.travel(AFTER_PHASE_2, tick=False):
        phase_window_reopen(
            phase=phase, unit=tree.college, until=date(2012, 1, 31), reason="补报", actor=personas.office
        )
        project = project_create(
            unit=tree.college,
            campaign=campaign,
            data=data_for(campaign, personas.chair_row),
            actor=personas.chair,
        )
    assert project.pk


def test_update_changes_fields_and_people(tree, personas, campaign, project):
    project_update(
        project=project,
        data=data_for(campaign, personas.member_row, title="新名称", budget=Decimal("1000.50")),
        actor=personas.liaison,
    )
    project.refresh_from_db()
    assert project.title == "新名称"
    assert project.budget == Decimal("1000.50")
    people = set(ProjectPerson.objects.filter(project=project).values_list("member__name", "role"))
    assert people == {("普通会员", PersonRole.RESPONSIBLE)}
    entry = AuditEntry.objects.get(action="projects.project.updated")
    assert entry.changes["title"] == ["师德讲堂", "新名称"]


def test_other_unit_cannot_update(tree, personas, campaign, project):
    with pytest.raises(Refused) as error:
        project_update(
            project=project,
            data=data_for(campaign, personas.chair_row, title="改"),
            actor=personas.sibling_chair,
        )
    assert error.value.code == "forbidden"
    project.refresh_from_db()
    assert project.title == "师德讲堂"


def test_update_refused_after_the_window(tree, personas, campaign, project):
    with time_machine.travel(AFTER_PHASE_2, tick=False), pytest.raises(PhaseClosedError):
        project_update(
            project=project, data=data_for(campaign, personas.chair_row, title="改"), actor=personas.chair
        )


def test_milestones_add_update_complete_reopen(personas, project):
    milestone = milestone_add(
        project=project, title="启动", due_on=date(2011, 4, 1), weight=2, actor=personas.chair
    )
    second = milestone_add(
        project=project, title="中期", due_on=date(2011, 8, 1), weight=3, actor=personas.chair
    )
    assert (milestone.order, second.order) == (1, 2)
    milestone_update(
        milestone=milestone, title="启动会", due_on=date(2011, 4, 2), weight=4, actor=personas.chair
    )
    milestone_complete(milestone=milestone, actor=personas.chair)
    milestone.refresh_from_db()
    assert (milestone.title, milestone.weight, milestone.done_on) == ("启动会", 4, date(2011, 3, 1))
    milestone_reopen(milestone=milestone, actor=personas.chair)
    milestone.refresh_from_db()
    assert milestone.done_on is None
    with pytest.raises(ProjectError) as error:
        milestone_reopen(milestone=milestone, actor=personas.chair)
    assert error.value.code == "not_done"
    actions = list(
        AuditEntry.objects.filter(action__startswith="projects.milestone").values_list("action", flat=True)
    )
    assert len(actions) == 5


def test_milestone_weight_must_be_positive(personas, project):
    with pytest.raises(ProjectError) as error:
        milestone_add(project=project, title="启动", due_on=date(2011, 4, 1), weight=0, actor=personas.chair)
    assert error.value.code == "bad_weight"
    assert not Milestone.objects.exists()


def test_milestone_completion_not_in_the_future(personas, project):
    milestone = milestone_add(
        project=project, title="启动", due_on=date(2011, 4, 1), weight=1, actor=personas.chair
    )
    with pytest.raises(ProjectError) as error:
        milestone_complete(milestone=milestone, done_on=date(2011, 3, 2), actor=personas.chair)
    assert error.value.code == "future_date"


def test_other_unit_cannot_touch_milestones(personas, project):
    milestone = milestone_add(
        project=project, title="启动", due_on=date(2011, 4, 1), weight=1, actor=personas.chair
    )
    with pytest.raises(Refused):
        milestone_complete(milestone=milestone, actor=personas.sibling_chair)
    with pytest.raises(Refused):
        milestone_add(project=project, title="x", due_on=date(2011, 4, 1), weight=1, actor=personas.member)


def test_update_add_with_files(personas, project):
    entry = project_update_add(
        project=project,
        day=date(2011, 2, 28),
        text="举办第一次师德讲堂",
        uploads=[Upload("现场.png", png())],
        actor=personas.chair,
    )
    item = UpdateFile.objects.get(update=entry)
    assert (item.kind, item.original_name, item.is_image) == ("png", "现场.png", True)
    assert entry.author_name
    assert AuditEntry.objects.filter(action="projects.update.added").exists()


def test_refused_file_leaves_nothing_saved(personas, project):
    with pytest.raises(ProjectError) as error:
        project_update_add(
            project=project,
            day=date(2011, 2, 28),
            text="进展",
            uploads=[Upload("现场.png", png()), Upload("病毒.exe", io.BytesIO(b"MZ\x90\x00" * 10))],
            actor=personas.chair,
        )
    assert error.value.code == "forbidden_type"
    assert "病毒.exe" in error.value.message
    assert not ProjectUpdate.objects.exists()
    assert not UpdateFile.objects.exists()
    assert not AuditEntry.objects.filter(action="projects.update.added").exists()


def test_update_text_required_and_not_in_future(personas, project):
    with pytest.raises(ProjectError) as error:
        project_update_add(project=project, day=date(2011, 2, 28), text="  ", actor=personas.chair)
    assert error.value.code == "text_required"
    with pytest.raises(ProjectError) as error:
        project_update_add(project=project, day=date(2011, 3, 2), text="x", actor=personas.chair)
    assert error.value.code == "future_date"


def test_update_add_refused_after_window(personas, project):
    with time_machine.travel(AFTER_PHASE_2, tick=False), pytest.raises(PhaseClosedError):
        project_update_add(project=project, day=date(2012, 1, 4), text="x", actor=personas.chair)
    assert not ProjectUpdate.objects.exists()
