import pytest

from chuangxian.audit.models import AuditEntry
from chuangxian.core.errors import Refused
from chuangxian.coverage.models import CoverageTarget
from chuangxian.coverage.selectors import coverage_targets
from chuangxian.coverage.services import (
    CoverageError,
    TargetValues,
    coverage_target_clear,
    coverage_target_set,
)
from chuangxian.orgs.models import UnitCategory

pytestmark = pytest.mark.django_db


def test_office_sets_a_category_target_and_it_is_audited(personas, campaign):
    coverage_target_set(
        campaign=campaign,
        category=UnitCategory.OFFICE,
        values=TargetValues(1, 100, 90),
        actor=personas.office,
    )
    coverage_target_set(
        campaign=campaign,
        category=UnitCategory.OFFICE,
        values=TargetValues(2, 100, 80),
        actor=personas.office,
    )
    assert coverage_targets(campaign)[UnitCategory.OFFICE].activity_percent == 80
    assert CoverageTarget.objects.filter(campaign=campaign).count() == 1
    entry = AuditEntry.objects.filter(action="coverage.target.set").order_by("-pk").first()
    assert entry.changes == {"projects": [1, 2], "activity_percent": [90, 80]}


@pytest.mark.parametrize("actor", ["chair", "leader", "member", "other_office", "admin"])
def test_only_the_office_of_the_tenant_sets_targets(personas, campaign, actor):
    with pytest.raises(Refused) as caught:
        coverage_target_set(
            campaign=campaign, category="", values=TargetValues(1, 50, 50), actor=getattr(personas, actor)
        )
    assert caught.value.code == "not_office"
    assert not CoverageTarget.objects.exists()


@pytest.mark.parametrize(
    ("category", "values", "code"),
    [
        ("nonsense", TargetValues(1, 100, 100), "bad_category"),
        ("", TargetValues(-1, 100, 100), "bad_projects"),
        ("", TargetValues(21, 100, 100), "bad_projects"),
        ("", TargetValues(1, 101, 100), "bad_percent"),
        ("", TargetValues(1, 100, -5), "bad_percent"),
    ],
)
def test_bad_values_are_refused_and_nothing_saved(personas, campaign, category, values, code):
    with pytest.raises(CoverageError) as caught:
        coverage_target_set(campaign=campaign, category=category, values=values, actor=personas.office)
    assert caught.value.code == code
    assert "请" in caught.value.message or "应在" in caught.value.message
    assert not CoverageTarget.objects.exists()
    assert not AuditEntry.objects.filter(action="coverage.target.set").exists()


def test_clearing_a_category_falls_back_to_the_default(personas, campaign):
    coverage_target_set(campaign=campaign, category="", values=TargetValues(1, 90, 90), actor=personas.office)
    coverage_target_set(
        campaign=campaign,
        category=UnitCategory.SUPPORT,
        values=TargetValues(0, 50, 50),
        actor=personas.office,
    )
    coverage_target_clear(campaign=campaign, category=UnitCategory.SUPPORT, actor=personas.office)
    targets = coverage_targets(campaign)
    assert UnitCategory.SUPPORT not in targets and targets[""].pledge_percent == 90
    with pytest.raises(CoverageError):
        coverage_target_clear(campaign=campaign, category="", actor=personas.office)
    with pytest.raises(Refused):
        coverage_target_clear(campaign=campaign, category=UnitCategory.OFFICE, actor=personas.chair)
