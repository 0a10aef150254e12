"""Nominating projects for the excellent-project selection (优秀项目评选), withdrawing a nomination,
and the office's nomination quota per unit."""

from django.db import transaction
from django.utils.translation import gettext as _

from chuangxian.audit.services import audit_record
from chuangxian.campaigns.models import Campaign, PhaseAction
from chuangxian.campaigns.services import phase_require_open
from chuangxian.core import clock
from chuangxian.core.actors import Actor
from chuangxian.core.errors import Refused
from chuangxian.orgs.models import Unit
from chuangxian.projects.models import (
    MAX_NOMINATION_QUOTA,
    MIN_NOMINATION_QUOTA,
    Project,
    ProjectSettings,
    ProjectStatus,
)
from chuangxian.projects.permissions import can_configure_projects
from chuangxian.projects.selectors import nomination_counts, nomination_quota
from chuangxian.projects.services._common import ProjectError, _require_manager


@transaction.atomic
def project_nominate(*, project: Project, actor: Actor) -> Project:
    """Nominate the project for the excellent-project selection (优秀项目评选).

    At most the campaign's nomination quota (``ProjectSettings``, default 2) per unit. Locks the project
    row, then the unit row, so that two nominations of the same unit cannot both pass the quota check,
    and reads the quota after that lock, so that a concurrent lowering (``project_settings_set``, which
    locks the same unit rows) is seen. Raises Refused 'forbidden'; ProjectError 'already_nominated',
    'draft', 'quota_full'; PhaseClosedError (the nomination window).
    """
    project = (
        Project.objects.select_for_update()
        .select_related("unit", "campaign")
        .get(pk=project.pk, tenant_id=project.tenant_id)
    )
    _require_manager(actor, project)
    Unit.objects.select_for_update().filter(pk=project.unit_id, tenant_id=project.tenant_id).first()
    phase_require_open(campaign=project.campaign, action=PhaseAction.NOMINATION, unit=project.unit)
    if project.nominated_at is not None:
        raise ProjectError(code="already_nominated", message=_("该项目已经推荐参评。"))
    if project.status == ProjectStatus.DRAFT:
        raise ProjectError(
            code="draft", message=_("筹备中的项目不能推荐参评，请先把状态改为“实施中”或“已完成”。")
        )
    nominated = list(
        Project.objects.filter(
            tenant_id=project.tenant_id,
            campaign_id=project.campaign_id,
            unit_id=project.unit_id,
            nominated_at__isnull=False,
        ).values_list("title", flat=True)
    )
    quota = nomination_quota(project.campaign)
    if len(nominated) >= quota:
        raise ProjectError(
            code="quota_full",
            message=_(
                "每个单位最多推荐 %(n)s 个项目参评，本单位已推荐：%(titles)s。如需更换，请先撤回其中一个。"
            )
            % {"n": quota, "titles": "、".join(nominated)},
        )
    project.nominated_at = clock.now()
    project.save(update_fields=["nominated_at", "updated_at"])
    audit_record(actor=actor, action="projects.project.nominated", target=project, unit=project.unit)
    return project


@transaction.atomic
def project_nomination_withdraw(*, project: Project, actor: Actor) -> Project:
    """Withdraw a nomination, inside the nomination window. Raises Refused 'forbidden'; ProjectError
    'not_nominated'; PhaseClosedError."""
    project = (
        Project.objects.select_for_update()
        .select_related("unit", "campaign")
        .get(pk=project.pk, tenant_id=project.tenant_id)
    )
    _require_manager(actor, project)
    phase_require_open(campaign=project.campaign, action=PhaseAction.NOMINATION, unit=project.unit)
    if project.nominated_at is None:
        raise ProjectError(code="not_nominated", message=_("该项目没有推荐参评，无需撤回。"))
    project.nominated_at = None
    project.save(update_fields=["nominated_at", "updated_at"])
    audit_record(
        actor=actor, action="projects.project.nomination_withdrawn", target=project, unit=project.unit
    )
    return project


@transaction.atomic
def project_settings_set(*, campaign: Campaign, nomination_quota: int, actor: Actor) -> ProjectSettings:
    """The office sets the campaign's nomination quota per unit (1–10).

    Lowering it below what a unit has already nominated is refused, naming those units: nominations
    are never withdrawn behind a unit's back; the unit (or the office, on the project page) withdraws
    first. Locks the settings row, then the rows of the units with nominations (the lock
    ``project_nominate`` takes), and counts under those locks. Raises Refused 'not_office';
    ProjectError 'bad_quota', 'quota_below_nominated'.
    """
    if not can_configure_projects(actor, campaign):
        raise Refused(_("只有学校工会（创先办）可以设置推荐名额。"), code="not_office")
    if not MIN_NOMINATION_QUOTA <= nomination_quota <= MAX_NOMINATION_QUOTA:
        raise ProjectError(
            code="bad_quota",
            message=_("每单位推荐名额应在 %(min)s 到 %(max)s 之间。")
            % {"min": MIN_NOMINATION_QUOTA, "max": MAX_NOMINATION_QUOTA},
            field="nomination_quota",
        )
    ProjectSettings.objects.get_or_create(tenant_id=campaign.tenant_id, campaign=campaign)
    settings = ProjectSettings.objects.select_for_update().get(
        tenant_id=campaign.tenant_id, campaign=campaign
    )
    before = settings.nomination_quota
    nominating = Project.objects.filter(
        tenant_id=campaign.tenant_id, campaign=campaign, nominated_at__isnull=False
    ).values("unit_id")
    list(
        Unit.objects.select_for_update()
        .filter(tenant_id=campaign.tenant_id, pk__in=nominating)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    over = [row for row in nomination_counts(campaign) if row.count > nomination_quota]
    if over:
        raise ProjectError(
            code="quota_below_nominated",
            message=_("以下单位已推荐的项目多于 %(n)s 个：%(units)s。请先撤回多余的推荐，再调低名额。")
            % {
                "n": nomination_quota,
                "units": "、".join(
                    _("%(unit)s（%(count)s 个）") % {"unit": row.unit_name, "count": row.count}
                    for row in over
                ),
            },
            field="nomination_quota",
        )
    settings.nomination_quota = nomination_quota
    settings.save(update_fields=["nomination_quota", "updated_at"])
    audit_record(
        actor=actor,
        action="projects.settings.updated",
        target=settings,
        tenant_id=campaign.tenant_id,
        changes={"nomination_quota": [before, nomination_quota]},
    )
    return settings
