"""The coverage services on the permission table (tests/service_permissions): the targets are campaign
configuration, set by the school's campaign office (or the system)."""

from chuangxian.campaigns.tests.factories import make_campaign
from chuangxian.core.actors import SYSTEM
from chuangxian.coverage.services import TargetValues, coverage_target_clear, coverage_target_set
from chuangxian.orgs.models import UnitCategory
from tests.service_permissions.harness import OFFICE, ServiceCase


def _campaign_with_a_category_target(w):
    campaign = make_campaign(w.tree.tenant)
    coverage_target_set(
        campaign=campaign, category=UnitCategory.COLLEGE, values=TargetValues(2, 90, 80), actor=SYSTEM
    )
    return campaign


CASES = [
    ServiceCase(
        service=coverage_target_set,
        allowed=OFFICE,
        arrange=lambda w: make_campaign(w.tree.tenant),
        act=lambda w, campaign, actor: coverage_target_set(
            campaign=campaign, category=UnitCategory.COLLEGE, values=TargetValues(1, 100, 90), actor=actor
        ),
    ),
    ServiceCase(
        service=coverage_target_clear,
        allowed=OFFICE,
        arrange=_campaign_with_a_category_target,
        act=lambda w, campaign, actor: coverage_target_clear(
            campaign=campaign, category=UnitCategory.COLLEGE, actor=actor
        ),
    ),
]
