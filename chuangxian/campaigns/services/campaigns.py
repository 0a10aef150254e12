"""Creating, copying and changing a campaign, and its founding file."""

from datetime import date
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from chuangxian.audit.services import audit_record, diff, snapshot
from chuangxian.campaigns.models import Campaign, CampaignStatus
from chuangxian.campaigns.selectors import campaign_current_forget
from chuangxian.campaigns.services._common import CampaignError, _require_office
from chuangxian.campaigns.services.plan import (
    CampaignSpec,
    PhaseSpec,
    _write_phases,
    _write_themes,
    validate_phases,
)
from chuangxian.core.actors import Actor
from chuangxian.core.attachments import discard
from chuangxian.core.models import Tenant

CAMPAIGN_FIELDS = ("title", "short_title", "doc_number", "theme", "goals", "status")


@transaction.atomic
def campaign_create(
    *, tenant: Tenant, spec: CampaignSpec, actor: Actor, copied_from: Campaign | None = None
) -> Campaign:
    """Create a campaign with its themes and phases (validated contiguous). Starts as 筹备中.

    Refused 'not_office' unless ``actor`` is the school's campaign office or the system.
    """
    _require_office(actor, tenant.pk)
    if not spec.title.strip():
        raise CampaignError(code="title", message=_("请填写创先活动名称。"), field="title")
    validate_phases(spec.phases)
    campaign = Campaign.objects.create(
        tenant=tenant,
        title=spec.title.strip(),
        short_title=spec.short_title.strip(),
        doc_number=spec.doc_number.strip(),
        theme=spec.theme.strip(),
        goals=spec.goals,
        founding_text=spec.founding_text,
        copied_from=copied_from,
    )
    _write_themes(campaign, spec.themes)
    _write_phases(campaign, spec.phases)
    audit_record(
        actor=actor,
        action="campaigns.campaign.created",
        target=campaign,
        changes=diff({}, snapshot(campaign, CAMPAIGN_FIELDS)),
        data={"copied_from": copied_from.pk if copied_from else None, "phases": len(spec.phases)},
    )
    campaign_current_forget(campaign.tenant_id)
    return campaign


@transaction.atomic
def campaign_copy(*, source: Campaign, title: str, starts_on: date, actor: Actor) -> Campaign:
    """Use a campaign as a template: same themes, phases of the same lengths starting on
    ``starts_on``, same actions. Reference dates are kept from the template. Refused 'not_office'
    as ``campaign_create``."""
    _require_office(actor, source.tenant_id)
    phases = list(source.phases.order_by("order"))
    if not phases:
        raise CampaignError(code="no_phases", message=_("作为模板的创先活动没有阶段，无法复制。"))
    shift = starts_on - phases[0].starts_on
    spec = CampaignSpec(
        title=title,
        short_title="",
        doc_number="",
        theme=source.theme,
        goals=source.goals,
        founding_text="",
        themes=list(source.themes.order_by("order").values_list("name", flat=True)),
        phases=[
            PhaseSpec(
                name=p.name,
                summary=p.summary,
                starts_on=p.starts_on + shift,
                ends_on=p.ends_on + shift,
                actions=list(p.actions),
                ref_starts_on=p.ref_starts_on or p.starts_on,
                ref_ends_on=p.ref_ends_on or p.ends_on,
            )
            for p in phases
        ],
    )
    return campaign_create(tenant=source.tenant, spec=spec, actor=actor, copied_from=source)


@transaction.atomic
def campaign_update(*, campaign: Campaign, actor: Actor, **fields: Any) -> Campaign:
    """Change the campaign's fields. Refused 'not_office' unless the school's office or the system.
    The school's kept running campaign is dropped (``campaign_current_forget``)."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk, tenant_id=campaign.tenant_id)
    _require_office(actor, campaign.tenant_id)
    before = snapshot(campaign, CAMPAIGN_FIELDS)
    for key, value in fields.items():
        if key not in (*CAMPAIGN_FIELDS, "founding_text"):
            raise ValueError(f"not a campaign field: {key}")
        setattr(campaign, key, value.strip() if isinstance(value, str) and key != "goals" else value)
    if not campaign.title:
        raise CampaignError(code="title", message=_("请填写创先活动名称。"), field="title")
    campaign.save()
    campaign_current_forget(campaign.tenant_id)
    changes = diff(before, snapshot(campaign, CAMPAIGN_FIELDS))
    if changes:
        audit_record(actor=actor, action="campaigns.campaign.updated", target=campaign, changes=changes)
    return campaign


@transaction.atomic
def campaign_set_status(*, campaign: Campaign, status: str, actor: Actor) -> Campaign:
    return campaign_update(campaign=campaign, actor=actor, status=CampaignStatus(status))


@transaction.atomic
def campaign_attach_founding_file(
    *, campaign: Campaign, filename: str, content: bytes, actor: Actor
) -> Campaign:
    """Store the campaign's founding document (the implementation plan) as a file. Refused
    'not_office' unless the school's office or the system."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk, tenant_id=campaign.tenant_id)
    _require_office(actor, campaign.tenant_id)
    previous = campaign.founding_file.name or ""
    discard(campaign.founding_file)  # a replaced file goes after commit
    campaign.founding_file.save(filename, ContentFile(content), save=False)
    campaign.save(update_fields=["founding_file"])
    campaign_current_forget(campaign.tenant_id)
    audit_record(
        actor=actor,
        action="campaigns.campaign.founding_file_attached",
        target=campaign,
        changes={"founding_file": [previous, campaign.founding_file.name]},
    )
    return campaign
