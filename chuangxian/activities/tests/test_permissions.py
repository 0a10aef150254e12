import pytest

from chuangxian.activities.permissions import access_activity, can_manage_activity, can_view_activity
from chuangxian.activities.services import ActivityError, activity_close, activity_publish
from chuangxian.activities.tests.factories import make_activity
from chuangxian.core.errors import NotFoundError, Refused

pytestmark = pytest.mark.usefixtures("in_phase2")


@pytest.fixture
def college_activity(tree, personas, campaign):
    return make_activity(
        campaign, tree.college, personas.chair, publish=False, whole_tenant=False, audience_units=[tree.group]
    )


@pytest.mark.parametrize(
    ("persona", "manage", "view_draft", "view_published"),
    [
        ("office", True, True, True),
        ("chair", True, True, True),
        ("liaison", True, True, True),
        ("leader", False, False, True),  # reads everything in the tenant once published
        ("member", False, False, True),  # in the audience (中文系)
        ("sibling_chair", False, False, False),  # another unit, not invited
        ("other_office", False, False, False),  # another tenant
    ],
)
def test_who_sees_and_manages(personas, college_activity, persona, manage, view_draft, view_published):
    user = getattr(personas, persona)
    assert can_manage_activity(user, college_activity) is manage
    assert can_view_activity(user, college_activity) is view_draft
    activity_publish(activity=college_activity, actor=personas.chair)
    college_activity.refresh_from_db()
    assert can_view_activity(user, college_activity) is view_published
    if view_published:
        assert access_activity(user, college_activity.pk).pk == college_activity.pk
    else:
        with pytest.raises(NotFoundError):
            access_activity(user, college_activity.pk)
    if not manage:
        with pytest.raises(NotFoundError):
            access_activity(user, college_activity.pk, manage=True)


@pytest.mark.parametrize("persona", ["sibling_chair", "member", "leader", "other_office"])
def test_only_organisers_publish_and_close(personas, college_activity, persona):
    with pytest.raises(Refused) as error:
        activity_publish(activity=college_activity, actor=getattr(personas, persona))
    assert error.value.code == "forbidden"
    activity_publish(activity=college_activity, actor=personas.office)
    with pytest.raises(Refused) as error:
        activity_close(activity=college_activity, report="x", actor=getattr(personas, persona))
    assert error.value.code == "forbidden"


def test_publish_twice_refused(personas, college_activity):
    activity_publish(activity=college_activity, actor=personas.chair)
    with pytest.raises(ActivityError) as error:
        activity_publish(activity=college_activity, actor=personas.chair)
    assert error.value.code == "not_draft"
