import pytest

from chuangxian.assignments.models import UnitTask
from chuangxian.assignments.permissions import access_task, access_unit_task
from chuangxian.assignments.services import tasks_create_defaults
from chuangxian.campaigns.tests.factories import make_campaign
from chuangxian.core.errors import NotFoundError


@pytest.fixture
def college_task(tree, personas, providers):
    campaign = make_campaign(tree.tenant)
    tasks = tasks_create_defaults(campaign=campaign, actor=personas.office)
    return UnitTask.objects.get(task=tasks[0], unit=tree.college)


@pytest.mark.parametrize(
    ("persona", "view", "manage", "office"),
    [
        ("office", True, True, True),
        ("chair", True, True, False),
        ("liaison", True, True, False),
        ("leader", True, False, False),
        ("sibling_chair", False, False, False),
        ("member", False, False, False),  # a member of a group below the college
        ("other_office", False, False, False),
    ],
)
def test_who_may_see_submit_and_review_a_unit_task(personas, college_task, persona, view, manage, office):
    user = getattr(personas, persona)
    for flags, expected in (({}, view), ({"manage": True}, manage), ({"office": True}, office)):
        if expected:
            assert access_unit_task(user, college_task.pk, **flags) == college_task
        else:
            with pytest.raises(NotFoundError):
                access_unit_task(user, college_task.pk, **flags)


def test_a_member_of_the_unit_itself_may_read_its_tasks(tree, personas, college_task):
    from chuangxian.orgs.tests.factories import MemberFactory, make_user

    colleague = make_user(MemberFactory(unit=tree.college))
    assert access_unit_task(colleague, college_task.pk) == college_task
    with pytest.raises(NotFoundError):
        access_unit_task(colleague, college_task.pk, manage=True)


@pytest.mark.parametrize("persona", ["chair", "leader", "member", "other_office"])
def test_only_the_tenants_office_reaches_a_task_definition(personas, college_task, persona):
    assert access_task(personas.office, college_task.task_id) == college_task.task
    with pytest.raises(NotFoundError):
        access_task(getattr(personas, persona), college_task.task_id)


def test_the_responsible_person_may_open_and_submit_their_task_only(tree, personas, college_task):
    from chuangxian.assignments.services import unit_task_set_responsible

    with pytest.raises(NotFoundError):
        access_unit_task(personas.member, college_task.pk)
    unit_task_set_responsible(unit_task=college_task, member=personas.member_row, actor=personas.office)
    assert access_unit_task(personas.member, college_task.pk, manage=True) == college_task
    with pytest.raises(NotFoundError):
        access_unit_task(personas.member, college_task.pk, office=True)
    other = UnitTask.objects.filter(unit=tree.college).exclude(pk=college_task.pk).first()
    with pytest.raises(NotFoundError):
        access_unit_task(personas.member, other.pk)
