import pytest

from chuangxian.activities.selectors import activities_organised_in
from chuangxian.activities.tests.factories import make_activity
from chuangxian.core.roles import Capability
from chuangxian.orgs.permissions import scope_for

pytestmark = pytest.mark.usefixtures("in_phase2")


def test_organised_lists_the_managed_subtree_with_drafts(tree, personas, campaign):
    college = make_activity(
        campaign, tree.college, personas.chair, whole_tenant=False, audience_units=[tree.college]
    )
    group_draft = make_activity(
        campaign, tree.group, personas.chair, publish=False, whole_tenant=False, audience_units=[tree.group]
    )
    make_activity(
        campaign, tree.sibling, personas.sibling_chair, whole_tenant=False, audience_units=[tree.sibling]
    )
    make_activity(campaign, tree.root, personas.office)

    chair_sees = activities_organised_in(scope_for(personas.chair, Capability.MANAGE))
    assert {a.pk for a in chair_sees} == {college.pk, group_draft.pk}
    assert activities_organised_in(scope_for(personas.member, Capability.MANAGE)).count() == 0
    assert activities_organised_in(scope_for(personas.office, Capability.MANAGE)).count() == 4
    assert activities_organised_in(scope_for(personas.other_office, Capability.MANAGE)).count() == 0
