"""Chair and liaison submit, or the office reviews twice, at the same moment: one transition wins."""

from collections.abc import Callable

import pytest

from chuangxian.plans.models import PlanStatus, UnitPlan
from chuangxian.plans.services import plan_approve, plan_return, plan_save_draft, plan_submit
from chuangxian.plans.tests.conftest import CONTENT
from chuangxian.review.models import Decision
from tests.races import postgres_race, recording, run_together

pytestmark = [*postgres_race, pytest.mark.usefixtures("phase1")]


def _race(*calls: Callable[[], object]) -> list[str]:
    outcomes: list[str] = []
    assert run_together(*[recording(outcomes, call) for call in calls]) == []
    return sorted(outcomes)


def test_first_draft_by_two_officers_makes_one_plan(tree, personas, campaign):
    outcomes = _race(
        lambda: plan_save_draft(unit=tree.college, campaign=campaign, content=CONTENT, actor=personas.chair),
        lambda: plan_save_draft(
            unit=tree.college, campaign=campaign, content=CONTENT, actor=personas.liaison
        ),
    )
    assert outcomes == ["ok", "ok"]
    plan = UnitPlan.objects.get()
    assert plan.versions.count() == 1


def test_approve_and_return_at_once_one_wins(tree, personas, campaign, draft):
    plan_submit(plan=draft, actor=personas.chair)
    outcomes = _race(
        lambda: plan_approve(plan=draft, actor=personas.office),
        lambda: plan_return(plan=draft, comment="改", actor=personas.office),
    )
    assert outcomes == ["not_submitted", "ok"]
    assert Decision.objects.count() == 1
    draft.refresh_from_db()
    assert draft.status in (PlanStatus.APPROVED, PlanStatus.RETURNED)
