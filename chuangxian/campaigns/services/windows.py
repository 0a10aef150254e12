"""Phase windows: whether a phase allows an action today, and the office reopening a closed window for
one unit."""

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from chuangxian.accounts.models import User
from chuangxian.audit.services import audit_record
from chuangxian.campaigns.models import Campaign, Phase, PhaseAction, PhaseWindowReopen
from chuangxian.campaigns.permissions import can_reopen_phase
from chuangxian.campaigns.services._common import CampaignError, PhaseClosedError, _require_office
from chuangxian.core import clock
from chuangxian.core.actors import Actor
from chuangxian.core.errors import Refused
from chuangxian.core.scope import lineage
from chuangxian.orgs.models import Unit


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
    reopening = PhaseWindowReopen.objects.select_for_update().get(
        pk=reopening.pk, tenant_id=reopening.tenant_id
    )
    _require_office(actor, reopening.tenant_id)
    if reopening.revoked_at is None:
        reopening.revoked_at = clock.now()
        reopening.save(update_fields=["revoked_at"])
        audit_record(
            actor=actor, action="campaigns.phase.window_revoked", target=reopening, unit=reopening.unit
        )
