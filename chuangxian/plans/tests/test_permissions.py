import pytest

from chuangxian.core.errors import NotFoundError
from chuangxian.plans.permissions import access_plan
from chuangxian.plans.services import plan_approve, plan_submit

pytestmark = pytest.mark.usefixtures("phase1")


@pytest.mark.parametrize("persona", ["chair", "liaison", "office", "admin"])
def test_managers_and_office_see_a_draft(draft, personas, persona):
    assert access_plan(getattr(personas, persona), draft.pk) == draft


@pytest.mark.parametrize("persona", ["member", "sibling_chair", "other_office", "leader"])
def test_others_do_not_see_a_draft(draft, personas, persona):
    with pytest.raises(NotFoundError):
        access_plan(getattr(personas, persona), draft.pk)


def test_members_of_the_subtree_see_the_approved_plan_other_units_do_not(draft, personas):
    plan_submit(plan=draft, actor=personas.chair)
    with pytest.raises(NotFoundError):
        access_plan(personas.member, draft.pk)
    plan_approve(plan=draft, actor=personas.office)
    assert access_plan(personas.member, draft.pk) == draft
    assert access_plan(personas.leader, draft.pk) == draft
    for persona in ("sibling_chair", "other_office"):
        with pytest.raises(NotFoundError):
            access_plan(getattr(personas, persona), draft.pk)


def test_missing_plan_is_not_found(personas, db):
    with pytest.raises(NotFoundError):
        access_plan(personas.office, 999999)
