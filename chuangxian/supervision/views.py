"""Supervision pages: the office's matrix with one-click reminders, and a unit's own progress."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chuangxian.assignments.permissions import access_unit_task
from chuangxian.campaigns.models import Campaign, Phase
from chuangxian.campaigns.selectors import (
    campaign_chosen,
    phase_current,
)
from chuangxian.core import clock
from chuangxian.core.errors import DomainError
from chuangxian.core.http import AuthedRequest
from chuangxian.core.views import require
from chuangxian.orgs.models import UnitCategory
from chuangxian.orgs.permissions import access_unit
from chuangxian.supervision import selectors
from chuangxian.supervision.permissions import can_supervise
from chuangxian.supervision.services import reminder_send


def _campaign(request: AuthedRequest) -> Campaign | None:
    return campaign_chosen(getattr(request.user, "tenant_id", None), request.GET.get("campaign", ""))


def _phase(request: AuthedRequest, campaign: Campaign) -> Phase | None:
    phases = list(campaign.phases.all())
    chosen = request.GET.get("phase", "")
    if chosen.isdigit():
        phase = next((p for p in phases if p.pk == int(chosen)), None)
        require(phase is not None)
        return phase
    # Default: the current phase if it has tasks, else the latest phase already begun that has some
    # (in phase 2 the office still chases phase 1's late units), else the current or first phase.
    with_tasks = selectors.phase_ids_with_tasks(campaign)
    current = phase_current(campaign)
    if current and current.phase.pk in with_tasks:
        return current.phase
    today = clock.today()
    begun = [p for p in phases if p.pk in with_tasks and p.starts_on <= today]
    if begun:
        return begun[-1]
    return current.phase if current else (phases[0] if phases else None)


def matrix(request: AuthedRequest) -> HttpResponse:
    require(can_supervise(request.user))
    campaign = _campaign(request)
    context: dict[str, object] = {"campaign": campaign}
    if campaign is not None:
        phase = _phase(request, campaign)
        category = request.GET.get("category", "")
        if category not in UnitCategory.values:
            category = ""
        context.update(
            phases=list(campaign.phases.all()),
            phase=phase,
            category=category,
            categories=[(v, label) for v, label in UnitCategory.choices if v],
            matrix=selectors.supervision_matrix(campaign, phase, category=category) if phase else None,
        )
    return render(request, "supervision/matrix.html", context)


@require_POST
def remind(request: AuthedRequest, unit_task_id: int) -> HttpResponse:
    require(can_supervise(request.user))
    unit_task = access_unit_task(request.user, unit_task_id, office=True)
    try:
        reminder = reminder_send(unit_task=unit_task, actor=request.user)
    except DomainError as error:
        messages.warning(request, error.message)
    else:
        messages.success(
            request,
            _("已提醒%(name)s办理「%(task)s」。")
            % {"name": reminder.recipient.name, "task": unit_task.task.title},
        )
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = ""
    return redirect(target or "supervision:index")


def unit_progress(request: AuthedRequest, unit_id: int) -> HttpResponse:
    unit = access_unit(request.user, unit_id, manage=True)
    campaign = _campaign(request)
    rows, tally = selectors.unit_progress(unit, campaign) if campaign else ([], selectors.Tally())
    return render(
        request,
        "supervision/unit_progress.html",
        {"unit": unit, "campaign": campaign, "rows": rows, "tally": tally},
    )
