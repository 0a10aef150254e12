"""A campaign's plan: the specs of a campaign and its phases, the phase rules, and writing its themes
and phases."""

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import transaction
from django.utils.translation import gettext as _

from chuangxian.audit.services import audit_record
from chuangxian.campaigns.models import Campaign, Phase, PhaseAction, Theme
from chuangxian.campaigns.selectors import campaign_current_forget
from chuangxian.campaigns.services._common import CampaignError, _require_office
from chuangxian.campaigns.services.judges import _judges_reterm
from chuangxian.core.actors import Actor


@dataclass(frozen=True)
class PhaseSpec:
    name: str
    starts_on: date
    ends_on: date
    actions: Sequence[str] = ()
    summary: str = ""
    ref_starts_on: date | None = None
    ref_ends_on: date | None = None


@dataclass(frozen=True)
class CampaignSpec:
    title: str
    short_title: str = ""
    doc_number: str = ""
    theme: str = ""
    goals: str = ""
    founding_text: str = ""
    themes: Sequence[str] = ()
    phases: Sequence[PhaseSpec] = field(default_factory=tuple)


def validate_phases(phases: Sequence[PhaseSpec]) -> None:
    """Phases are ordered, non-empty and contiguous: each starts the day after the previous ends.

    Raises CampaignError 'no_phases', 'phase_dates', 'phase_gap', 'phase_overlap', 'bad_action'.
    """
    if not phases:
        raise CampaignError(code="no_phases", message=_("创先活动至少要有一个阶段。"))
    known = set(PhaseAction.values)
    for index, phase in enumerate(phases, start=1):
        if not phase.name.strip():
            raise CampaignError(code="phase_name", message=_("第 %(n)s 阶段没有名称。") % {"n": index})
        if phase.starts_on > phase.ends_on:
            raise CampaignError(
                code="phase_dates",
                message=_("第 %(n)s 阶段「%(name)s」的开始日期晚于结束日期。")
                % {"n": index, "name": phase.name},
            )
        unknown = set(phase.actions) - known
        if unknown:
            raise CampaignError(
                code="bad_action",
                message=_("未知的阶段事项：%(codes)s") % {"codes": ", ".join(sorted(unknown))},
            )
    for index, (previous, current) in enumerate(itertools.pairwise(phases), start=2):
        expected = previous.ends_on + timedelta(days=1)
        if current.starts_on > expected:
            raise CampaignError(
                code="phase_gap",
                message=_("第 %(n)s 阶段应从 %(expected)s 开始，与上一阶段相接，中间不能留空档。")
                % {"n": index, "expected": expected.isoformat()},
            )
        if current.starts_on < expected:
            raise CampaignError(
                code="phase_overlap",
                message=_("第 %(n)s 阶段与上一阶段重叠：应从 %(expected)s 开始。")
                % {"n": index, "expected": expected.isoformat()},
            )


def _write_phases(campaign: Campaign, phases: Sequence[PhaseSpec]) -> None:
    Phase.objects.filter(campaign=campaign).delete()
    Phase.objects.bulk_create(
        [
            Phase(
                tenant_id=campaign.tenant_id,
                campaign=campaign,
                order=index,
                name=spec.name.strip(),
                summary=spec.summary,
                starts_on=spec.starts_on,
                ends_on=spec.ends_on,
                ref_starts_on=spec.ref_starts_on,
                ref_ends_on=spec.ref_ends_on,
                actions=list(dict.fromkeys(spec.actions)),
            )
            for index, spec in enumerate(phases, start=1)
        ]
    )


def _write_themes(campaign: Campaign, names: Sequence[str]) -> None:
    cleaned = list(dict.fromkeys(n.strip() for n in names if n.strip()))
    Theme.objects.filter(campaign=campaign).exclude(name__in=cleaned).delete()
    existing = {t.name: t for t in Theme.objects.filter(campaign=campaign)}
    for order, name in enumerate(cleaned, start=1):
        if name in existing:
            if existing[name].order != order:
                Theme.objects.filter(pk=existing[name].pk, tenant_id=campaign.tenant_id).update(order=order)
        else:
            Theme.objects.create(tenant_id=campaign.tenant_id, campaign=campaign, name=name, order=order)


@transaction.atomic
def campaign_set_themes(*, campaign: Campaign, names: Sequence[str], actor: Actor) -> None:
    """Make the campaign's themes exactly ``names``, in that order. Locks the campaign row: the
    themes are read, then missing ones inserted, and two edits at once would insert the same name.
    The school's kept running campaign is dropped (``campaign_current_forget``)."""
    locked = Campaign.objects.select_for_update().get(pk=campaign.pk, tenant_id=campaign.tenant_id)
    _require_office(actor, locked.tenant_id)
    before = list(campaign.themes.order_by("order").values_list("name", flat=True))
    _write_themes(campaign, names)
    campaign_current_forget(campaign.tenant_id)
    after = list(campaign.themes.order_by("order").values_list("name", flat=True))
    if before != after:
        audit_record(
            actor=actor,
            action="campaigns.campaign.themes_set",
            target=campaign,
            changes={"themes": [before, after]},
        )


@transaction.atomic
def campaign_set_phases(*, campaign: Campaign, phases: Sequence[PhaseSpec], actor: Actor) -> None:
    """Replace the phase plan. Validated contiguous; the campaign row is locked while writing. The
    school's kept running campaign is dropped (``campaign_current_forget``)."""
    locked = Campaign.objects.select_for_update().get(pk=campaign.pk, tenant_id=campaign.tenant_id)
    _require_office(actor, locked.tenant_id)
    validate_phases(phases)
    before = [
        (p.name, p.starts_on.isoformat(), p.ends_on.isoformat(), p.actions) for p in campaign.phases.all()
    ]
    # Reopenings hang on phases; keep them by carrying the rows over in place where the order matches.
    existing = {p.order: p for p in campaign.phases.all()}
    if len(existing) == len(phases):
        for index, spec in enumerate(phases, start=1):
            row = existing[index]
            row.name, row.summary = spec.name.strip(), spec.summary
            row.starts_on, row.ends_on = spec.starts_on, spec.ends_on
            row.actions = list(dict.fromkeys(spec.actions))
            if spec.ref_starts_on:
                row.ref_starts_on, row.ref_ends_on = spec.ref_starts_on, spec.ref_ends_on
            row.save()
    else:
        _write_phases(campaign, phases)
    campaign_current_forget(campaign.tenant_id)
    after = [
        (p.name, p.starts_on.isoformat(), p.ends_on.isoformat(), p.actions) for p in campaign.phases.all()
    ]
    if before != after:
        _judges_reterm(campaign=locked, actor=actor)
        audit_record(
            actor=actor,
            action="campaigns.campaign.phases_set",
            target=campaign,
            changes={"phases": [before, after]},
        )
