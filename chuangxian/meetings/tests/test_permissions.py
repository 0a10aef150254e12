import pytest

from chuangxian.core.errors import NotFoundError
from chuangxian.meetings.models import MeetingStatus
from chuangxian.meetings.permissions import access_meeting, can_manage_meeting, can_view_meeting
from chuangxian.meetings.tests.factories import make_meeting


@pytest.fixture
def meeting(tree, personas):
    return make_meeting(tree.college, personas.chair)


@pytest.fixture
def draft(tree, personas):
    return make_meeting(tree.college, personas.chair, status=MeetingStatus.DRAFT)


@pytest.mark.parametrize(
    ("persona", "view", "manage"),
    [
        ("chair", True, True),
        ("liaison", True, True),
        ("office", True, True),
        ("admin", True, True),
        ("leader", True, False),
        ("member", True, False),  # member of a group below the college
        ("sibling_chair", False, False),
        ("other_office", False, False),
    ],
)
def test_who_sees_and_manages_a_published_meeting(meeting, personas, persona, view, manage):
    user = getattr(personas, persona)
    assert can_view_meeting(user, meeting) is view
    assert can_manage_meeting(user, meeting) is manage


@pytest.mark.parametrize(("persona", "view"), [("chair", True), ("member", False), ("leader", False)])
def test_drafts_are_for_officers(draft, personas, persona, view):
    assert can_view_meeting(getattr(personas, persona), draft) is view


def test_access_raises_not_found_for_forbidden_and_missing(meeting, personas):
    with pytest.raises(NotFoundError):
        access_meeting(personas.sibling_chair, meeting.pk)
    with pytest.raises(NotFoundError):
        access_meeting(personas.member, meeting.pk, manage=True)
    with pytest.raises(NotFoundError):
        access_meeting(personas.chair, meeting.pk + 999)
    assert access_meeting(personas.chair, meeting.pk, manage=True) == meeting


def test_member_of_the_parent_unit_does_not_see_a_group_meeting(tree, personas):
    group_meeting = make_meeting(tree.group, personas.chair)
    # 学院主席 manages the group (it lies below the college); a member of the college itself who holds
    # no role is not a member of the group.
    from chuangxian.orgs.tests.factories import MemberFactory, make_user

    college_member = make_user(MemberFactory(unit=tree.college))
    assert can_view_meeting(personas.chair, group_meeting)
    assert not can_view_meeting(college_member, group_meeting)
    assert can_view_meeting(personas.member, group_meeting)
