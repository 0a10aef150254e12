"""The office sets the coverage targets of a campaign, for all units or for one unit category."""

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from chuangxian.audit.services import audit_record
from chuangxian.campaigns.models import Campaign
from chuangxian.core.actors import Actor
from chuangxian.core.errors import DomainError, Refused
from chuangxian.coverage.models import CoverageTarget
from chuangxian.coverage.permissions import can_set_coverage_targets
from chuangxian.orgs.models import UnitCategory


class CoverageError(DomainError):
    pass


@dataclass(frozen=True)
class TargetValues:
    projects: int
    pledge_percent: int
    activity_percent: int


def _check(values: TargetValues) -> None:
    if not 0 <= values.projects <= 20:
        raise CoverageError(
            code="bad_projects", message=_("每个单位的项目数应在 0 到 20 之间。"), field="projects"
        )
    for name, value in (
        ("pledge_percent", values.pledge_percent),
        ("activity_percent", values.activity_percent),
    ):
        if not 0 <= value <= 100:
            raise CoverageError(code="bad_percent", message=_("比例应在 0 到 100 之间。"), field=name)


def _require_office(actor: Actor, campaign: Campaign) -> None:
    if not can_set_coverage_targets(actor, campaign):
        raise Refused(_("只有本校工会（创先办）可以设置覆盖目标。"), code="not_office")


@transaction.atomic
def coverage_target_set(
    *, campaign: Campaign, category: str, values: TargetValues, actor: Actor
) -> CoverageTarget:
    """Set the targets for ``category`` ("" = every unit without targets of its own category).

    Refused 'not_office' unless ``actor`` is the school's campaign office or the system. Raises
    CoverageError 'bad_category', 'bad_projects', 'bad_percent'.
    """
    _require_office(actor, campaign)
    if category not in UnitCategory.values:
        raise CoverageError(code="bad_category", message=_("请选择单位类别。"), field="category")
    _check(values)
    target = (
        CoverageTarget.objects.select_for_update()
        .filter(tenant_id=campaign.tenant_id, campaign=campaign, category=category)
        .first()
    )
    before = (
        {
            "projects": target.projects,
            "pledge_percent": target.pledge_percent,
            "activity_percent": target.activity_percent,
        }
        if target
        else {}
    )
    if target is None:
        target = CoverageTarget(tenant_id=campaign.tenant_id, campaign=campaign, category=category)
    target.projects = values.projects
    target.pledge_percent = values.pledge_percent
    target.activity_percent = values.activity_percent
    target.save()
    after = {
        "projects": values.projects,
        "pledge_percent": values.pledge_percent,
        "activity_percent": values.activity_percent,
    }
    audit_record(
        actor=actor,
        action="coverage.target.set",
        target=target,
        changes={k: [before.get(k), v] for k, v in after.items() if before.get(k) != v},
        data={"campaign": campaign.pk, "category": category or "*"},
    )
    return target


@transaction.atomic
def coverage_target_clear(*, campaign: Campaign, category: str, actor: Actor) -> None:
    """Drop a category's own targets so it follows the default again (the default row stays).

    Refused 'not_office' as ``coverage_target_set``; CoverageError 'default_kept' for the default.
    """
    _require_office(actor, campaign)
    if not category:
        raise CoverageError(code="default_kept", message=_("默认目标不能删除，可以直接修改。"))
    deleted, _rows = CoverageTarget.objects.filter(
        tenant_id=campaign.tenant_id, campaign=campaign, category=category
    ).delete()
    if deleted:
        audit_record(
            actor=actor,
            action="coverage.target.set",
            tenant_id=campaign.tenant_id,
            data={"campaign": campaign.pk, "category": category, "cleared": True},
        )
