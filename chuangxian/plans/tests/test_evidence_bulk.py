"""The supervision matrix asks the plans provider for many units at once: one query, same answers."""

from chuangxian.assignments.evidence import EvidenceKind, provider_for
from chuangxian.campaigns.tests.factories import make_campaign


def test_bulk_mirrored_statuses_match_single_and_use_one_query(tree, django_assert_num_queries):
    campaign = make_campaign(tree.tenant)
    provider = provider_for(EvidenceKind.PLAN)
    units = [tree.college, tree.sibling, tree.library]
    single = {u.pk: provider.mirrored_status(unit=u, campaign=campaign) for u in units}
    with django_assert_num_queries(1):
        bulk = provider.mirrored_statuses(units=units, campaign=campaign)
    assert bulk == single
    assert set(bulk.values()) == {"not_started"}
