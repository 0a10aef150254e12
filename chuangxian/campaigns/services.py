"""Every write to campaigns, their themes and phases, and phase-window reopenings."""

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from chuangxian.accounts.models import User
from chuangxian.audit.services import audit_record, diff, snapshot
from chuangxian.campaigns.models import Campaign, CampaignStatus, Phase, PhaseAction, PhaseWindowReopen, Theme
from chuangxian.campaigns.permissions import can_configure_campaigns, can_reopen_phase
from chuangxian.core import clock
from chuangxian.core.actors import Actor
from chuangxian.core.attachments import discard
from chuangxian.core.errors import DomainError, Refused
from chuangxian.core.models import Tenant
from chuangxian.core.scope import lineage
from chuangxian.orgs.models import Unit

CAMPAIGN_FIELDS = ("title", "short_title", "doc_number", "theme", "goals", "status")


class CampaignError(DomainError):
    pass


class PhaseClosedError(CampaignError):
    pass


def _require_office(actor: Actor, tenant_id: int) -> None:
    """Refused 'not_office' unless ``actor`` is the campaign office of the school (or the system)."""
    if not can_configure_campaigns(actor, tenant_id):
        raise Refused(_("只有本校工会（创先办）可以配置创先活动。"), code="not_office")


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
                Theme.objects.filter(pk=existing[name].pk).update(order=order)
        else:
            Theme.objects.create(tenant_id=campaign.tenant_id, campaign=campaign, name=name, order=order)


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
    """Change the campaign's fields. Refused 'not_office' unless the school's office or the system."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    _require_office(actor, campaign.tenant_id)
    before = snapshot(campaign, CAMPAIGN_FIELDS)
    for key, value in fields.items():
        if key not in (*CAMPAIGN_FIELDS, "founding_text"):
            raise ValueError(f"not a campaign field: {key}")
        setattr(campaign, key, value.strip() if isinstance(value, str) and key != "goals" else value)
    if not campaign.title:
        raise CampaignError(code="title", message=_("请填写创先活动名称。"), field="title")
    campaign.save()
    changes = diff(before, snapshot(campaign, CAMPAIGN_FIELDS))
    if changes:
        audit_record(actor=actor, action="campaigns.campaign.updated", target=campaign, changes=changes)
    return campaign


@transaction.atomic
def campaign_set_status(*, campaign: Campaign, status: str, actor: Actor) -> Campaign:
    return campaign_update(campaign=campaign, actor=actor, status=CampaignStatus(status))


@transaction.atomic
def campaign_set_themes(*, campaign: Campaign, names: Sequence[str], actor: Actor) -> None:
    """Make the campaign's themes exactly ``names``, in that order. Locks the campaign row: the
    themes are read, then missing ones inserted, and two edits at once would insert the same name."""
    locked = Campaign.objects.select_for_update().get(pk=campaign.pk)
    _require_office(actor, locked.tenant_id)
    before = list(campaign.themes.order_by("order").values_list("name", flat=True))
    _write_themes(campaign, names)
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
    """Replace the phase plan. Validated contiguous; the campaign row is locked while writing."""
    locked = Campaign.objects.select_for_update().get(pk=campaign.pk)
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
    after = [
        (p.name, p.starts_on.isoformat(), p.ends_on.isoformat(), p.actions) for p in campaign.phases.all()
    ]
    if before != after:
        audit_record(
            actor=actor,
            action="campaigns.campaign.phases_set",
            target=campaign,
            changes={"phases": [before, after]},
        )


def _reopening_for(phase: Phase, unit: Unit, day: date) -> PhaseWindowReopen | None:
    """An active reopening of ``phase`` for ``unit`` or one of its ancestors, valid on ``day``."""
    ancestors = lineage(unit.path, unit.steplen)
    return (
        PhaseWindowReopen.objects.filter(
            tenant_id=phase.tenant_id,
            phase=phase,
            unit__path__in=ancestors,
            until__gte=day,
            revoked_at__isnull=True,
        )
        .order_by("-until")
        .first()
    )


def phase_require_open(
    *, campaign: Campaign, action: str, unit: Unit | None = None, on: date | None = None
) -> Phase:
    """The phase of ``campaign`` that allows ``action`` today, or PhaseClosedError saying when it closed.

    A closed window counts as open for a unit the office reopened it for (until the reopening's date).
    Raises PhaseClosedError 'phase_not_started', 'phase_closed', or 'action_not_in_campaign'.
    """
    day = on or clock.today()
    phases = [p for p in campaign.phases.all() if action in p.actions]
    if not phases:
        raise PhaseClosedError(
            code="action_not_in_campaign",
            message=_("本次创先活动没有安排「%(action)s」这一事项。") % {"action": PhaseAction(action).label},
        )
    for phase in phases:
        if phase.starts_on <= day <= phase.ends_on:
            return phase
    if unit is not None:
        for phase in phases:
            if phase.ends_on < day and _reopening_for(phase, unit, day) is not None:
                return phase
    label = PhaseAction(action).label
    upcoming = [p for p in phases if p.starts_on > day]
    if upcoming and not [p for p in phases if p.ends_on < day]:
        first = upcoming[0]
        raise PhaseClosedError(
            code="phase_not_started",
            message=_("「%(action)s」要到%(phase)s阶段（%(start)s 起）才开放。")
            % {"action": label, "phase": first.name, "start": first.starts_on.isoformat()},
        )
    last = max((p for p in phases if p.ends_on < day), key=lambda p: p.ends_on)
    raise PhaseClosedError(
        code="phase_closed",
        message=_(
            "「%(action)s」的办理时间已于 %(end)s 结束（%(phase)s阶段）。如需补交，请联系学校工会申请重新开放。"
        )
        % {"action": label, "end": last.ends_on.isoformat(), "phase": last.name},
    )


def phase_window_until_check(until: date) -> None:
    """A reopening lasts until today or later. Raises CampaignError 'until_past'; ReopenForm runs it
    too."""
    if until < clock.today():
        raise CampaignError(code="until_past", message=_("补交截止日期不能早于今天。"), field="until")


@transaction.atomic
def phase_window_reopen(
    *, phase: Phase, unit: Unit, until: date, reason: str, actor: Actor
) -> PhaseWindowReopen:
    """Reopen a phase's window for one unit (and its subtree) until ``until``, with a reason.

    Refused 'not_office' unless ``actor`` is a person of the school's campaign office (the
    reopening names who made it). Raises CampaignError 'reason_required', 'until_past',
    'wrong_tenant', 'phase_not_closed'.
    """
    if not can_reopen_phase(actor, phase.tenant_id) or not isinstance(actor, User):
        raise Refused(_("只有本校工会（创先办）的工作人员可以重新开放阶段窗口。"), code="not_office")
    if not reason.strip():
        raise CampaignError(code="reason_required", message=_("请写明重新开放的理由。"), field="reason")
    phase_window_until_check(until)
    today = clock.today()
    if unit.tenant_id != phase.tenant_id:
        raise CampaignError(code="wrong_tenant", message=_("该单位不属于本校。"), field="unit")
    if phase.ends_on >= today:
        raise CampaignError(code="phase_not_closed", message=_("该阶段尚未结束，无需重新开放。"))
    reopening = PhaseWindowReopen.objects.create(
        tenant_id=phase.tenant_id,
        phase=phase,
        unit=unit,
        until=until,
        reason=reason.strip(),
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action="campaigns.phase.window_reopened",
        target=reopening,
        unit=unit,
        data={"phase": phase.name, "campaign": phase.campaign_id, "until": until, "reason": reason.strip()},
    )
    return reopening


@transaction.atomic
def phase_window_revoke(*, reopening: PhaseWindowReopen, actor: Actor) -> None:
    """Withdraw a reopening. Refused 'not_office' unless the school's office or the system."""
    reopening = PhaseWindowReopen.objects.select_for_update().get(pk=reopening.pk)
    _require_office(actor, reopening.tenant_id)
    if reopening.revoked_at is None:
        reopening.revoked_at = clock.now()
        reopening.save(update_fields=["revoked_at"])
        audit_record(
            actor=actor, action="campaigns.phase.window_revoked", target=reopening, unit=reopening.unit
        )


@transaction.atomic
def campaign_attach_founding_file(
    *, campaign: Campaign, filename: str, content: bytes, actor: Actor
) -> Campaign:
    """Store the campaign's founding document (the implementation plan) as a file. Refused
    'not_office' unless the school's office or the system."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    _require_office(actor, campaign.tenant_id)
    previous = campaign.founding_file.name or ""
    discard(campaign.founding_file)  # a replaced file goes after commit
    campaign.founding_file.save(filename, ContentFile(content), save=False)
    campaign.save(update_fields=["founding_file"])
    audit_record(
        actor=actor,
        action="campaigns.campaign.founding_file_attached",
        target=campaign,
        changes={"founding_file": [previous, campaign.founding_file.name]},
    )
    return campaign
