"""Campaign pages: the home page of every user, and the office's campaign configuration."""

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chuangxian.campaigns import selectors
from chuangxian.campaigns.forms import (
    CampaignCopyForm,
    CampaignEditForm,
    CampaignForm,
    JudgesForm,
    PhaseFormSet,
    ReopenForm,
)
from chuangxian.campaigns.models import Campaign, PhaseStatus, PhaseWindowReopen
from chuangxian.campaigns.services import (
    CampaignSpec,
    campaign_copy,
    campaign_create,
    campaign_judges_name,
    campaign_set_phases,
    campaign_set_themes,
    campaign_update,
    phase_window_reopen,
    phase_window_revoke,
)
from chuangxian.campaigns.todos import role_outlook_for, todos_for
from chuangxian.core.errors import DomainError
from chuangxian.core.http import AuthedRequest
from chuangxian.core.navigation import page_allows, page_guard
from chuangxian.core.views import require
from chuangxian.grants.models import GrantKind
from chuangxian.grants.views import revoke_on
from chuangxian.orgs.permissions import (
    access_unit,
    can_configure_tenant,
    is_platform_admin,
    is_tenant_office,
    member_for,
)
from chuangxian.orgs.selectors import unit_choices


def home(request: AuthedRequest) -> HttpResponse:
    user = request.user
    if is_platform_admin(user):
        return render(request, "campaigns/platform_home.html", {"tenants": selectors.platform_overview()})
    campaign = selectors.campaign_current_for_tenant(getattr(user, "tenant_id", None))
    campaigns_url = reverse("campaigns:list")
    context: dict[str, Any] = {
        "campaign": campaign,
        "member": member_for(user),
        "campaigns_url": campaigns_url if page_allows(user, campaigns_url) else None,
        "outlook": role_outlook_for(user, campaign),
    }
    if campaign is not None:
        context.update(
            phases=selectors.phase_views(campaign),
            current=selectors.phase_current(campaign),
            todos=todos_for(user, campaign),
        )
    return render(request, "campaigns/home.html", context)


def _office_tenant(request: AuthedRequest) -> int:
    tenant_id = getattr(request.user, "tenant_id", None)
    require(tenant_id is not None and can_configure_tenant(request.user, tenant_id))
    return int(tenant_id)  # type: ignore[arg-type]


def _office_campaign(request: AuthedRequest, campaign_id: int) -> Campaign:
    tenant_id = _office_tenant(request)
    campaign = selectors.campaign_get(tenant_id, campaign_id)
    require(campaign is not None)
    assert campaign is not None
    return campaign


@page_guard(is_tenant_office)
def campaign_list(request: AuthedRequest) -> HttpResponse:
    tenant_id = _office_tenant(request)
    return render(
        request, "campaigns/list.html", {"campaigns": list(selectors.campaign_list_for_tenant(tenant_id))}
    )


def campaign_new(request: AuthedRequest) -> HttpResponse:
    _office_tenant(request)
    form = CampaignForm(request.POST or None)
    formset = PhaseFormSet(request.POST or None, prefix="phases")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        data = form.cleaned_data
        spec = CampaignSpec(
            title=data["title"],
            short_title=data["short_title"],
            doc_number=data["doc_number"],
            theme=data["theme"],
            goals=data["goals"],
            themes=form.theme_names(),
            phases=formset.specs(),  # type: ignore[attr-defined]
        )
        try:
            campaign = campaign_create(tenant=request.user.tenant, spec=spec, actor=request.user)  # type: ignore[arg-type]
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("已创建创先活动。确认无误后把状态改为「进行中」。"))
            return redirect("campaigns:detail", campaign_id=campaign.pk)
    return render(
        request, "campaigns/form.html", {"form": form, "formset": formset, "title": _("新建创先活动")}
    )


def campaign_copy_view(request: AuthedRequest) -> HttpResponse:
    tenant_id = _office_tenant(request)
    sources = [(c.pk, str(c.title)) for c in selectors.campaign_list_for_tenant(tenant_id)]
    form = CampaignCopyForm(
        request.POST or None, sources=sources, initial={"source": request.GET.get("source")}
    )
    if request.method == "POST" and form.is_valid():
        source = _office_campaign(request, form.cleaned_data["source"])
        try:
            campaign = campaign_copy(
                source=source,
                title=form.cleaned_data["title"],
                starts_on=form.cleaned_data["starts_on"],
                actor=request.user,
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("已按模板创建创先活动，请检查各阶段日期。"))
            return redirect("campaigns:detail", campaign_id=campaign.pk)
    return render(request, "campaigns/simple_form.html", {"form": form, "title": _("以模板新建创先活动")})


def campaign_detail(request: AuthedRequest, campaign_id: int) -> HttpResponse:
    campaign = _office_campaign(request, campaign_id)
    return render(
        request,
        "campaigns/detail.html",
        {
            "campaign": campaign,
            "phases": selectors.phase_views(campaign),
            "reopenings": list(selectors.reopenings_for_campaign(campaign)),
        },
    )


def campaign_edit(request: AuthedRequest, campaign_id: int) -> HttpResponse:
    campaign = _office_campaign(request, campaign_id)
    initial = {
        "title": campaign.title,
        "short_title": campaign.short_title,
        "doc_number": campaign.doc_number,
        "theme": campaign.theme,
        "goals": campaign.goals,
        "status": campaign.status,
        "founding_text": campaign.founding_text,
        "themes": "\n".join(t.name for t in campaign.themes.all()),
    }
    form = CampaignEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        themes = form.theme_names()
        data.pop("themes")
        try:
            campaign_update(campaign=campaign, actor=request.user, **data)
            campaign_set_themes(campaign=campaign, names=themes, actor=request.user)
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("已保存。"))
            return redirect("campaigns:detail", campaign_id=campaign.pk)
    return render(
        request,
        "campaigns/simple_form.html",
        {"form": form, "title": _("修改创先活动"), "campaign": campaign},
    )


def campaign_phases(request: AuthedRequest, campaign_id: int) -> HttpResponse:
    campaign = _office_campaign(request, campaign_id)
    initial = [
        {
            "name": p.name,
            "starts_on": p.starts_on,
            "ends_on": p.ends_on,
            "actions": p.actions,
            "summary": p.summary,
        }
        for p in campaign.phases.all()
    ]
    formset = PhaseFormSet(request.POST or None, prefix="phases", initial=initial)
    error = None
    if request.method == "POST" and formset.is_valid():
        try:
            campaign_set_phases(campaign=campaign, phases=formset.specs(), actor=request.user)  # type: ignore[attr-defined]
        except DomainError as exc:
            error = exc.message
        else:
            messages.success(request, _("已保存阶段安排。"))
            return redirect("campaigns:detail", campaign_id=campaign.pk)
    return render(
        request, "campaigns/phases.html", {"campaign": campaign, "formset": formset, "error": error}
    )


def phase_reopen(request: AuthedRequest, campaign_id: int) -> HttpResponse:
    campaign = _office_campaign(request, campaign_id)
    closed = [
        (v.phase.pk, v.phase.name) for v in selectors.phase_views(campaign) if v.status == PhaseStatus.CLOSED
    ]
    form = ReopenForm(request.POST or None, phases=closed, units=unit_choices(campaign.tenant_id))
    if request.method == "POST" and form.is_valid():
        phase = campaign.phases.get(pk=form.cleaned_data["phase"])
        unit = access_unit(request.user, form.cleaned_data["unit"])
        try:
            phase_window_reopen(
                phase=phase,
                unit=unit,
                until=form.cleaned_data["until"],
                reason=form.cleaned_data["reason"],
                actor=request.user,
            )
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(
                request,
                _("已为「%(unit)s」重新开放「%(phase)s」。") % {"unit": unit.name, "phase": phase.name},
            )
            return redirect("campaigns:detail", campaign_id=campaign.pk)
    return render(
        request,
        "campaigns/simple_form.html",
        {
            "form": form,
            "title": _("重新开放阶段窗口"),
            "campaign": campaign,
            "empty_message": None if closed else _("目前没有已结束的阶段，无需重新开放。"),
        },
    )


@require_POST
def phase_reopen_revoke(request: AuthedRequest, campaign_id: int, reopening_id: int) -> HttpResponse:
    campaign = _office_campaign(request, campaign_id)
    reopening = PhaseWindowReopen.objects.filter(pk=reopening_id, phase__campaign=campaign).first()
    require(reopening is not None)
    phase_window_revoke(reopening=reopening, actor=request.user)  # type: ignore[arg-type]
    messages.success(request, _("已撤销补交窗口。"))
    return redirect("campaigns:detail", campaign_id=campaign.pk)


def campaign_judges_view(request: AuthedRequest, campaign_id: int) -> HttpResponse:
    """The judges of the campaign's selections (grants on it for its term): the office names and
    removes them."""
    campaign = _office_campaign(request, campaign_id)
    form = JudgesForm(request.POST or None, tenant_id=campaign.tenant_id)
    if request.method == "POST" and form.is_valid():
        try:
            named = campaign_judges_name(
                campaign=campaign, members=form.cleaned_data["members"], actor=request.user
            )
        except DomainError as error:
            form.add_error("members" if error.field is None else error.field, error.message)
        else:
            messages.success(request, _("已聘请 %(n)s 位评委。") % {"n": len(named)})
            return redirect("campaigns:judges", campaign_id=campaign.pk)
    return render(
        request,
        "campaigns/judges.html",
        {"campaign": campaign, "judges": selectors.campaign_judges(campaign), "form": form},
    )


@require_POST
def campaign_judge_revoke(request: AuthedRequest, campaign_id: int, grant_id: int) -> HttpResponse:
    campaign = _office_campaign(request, campaign_id)
    revoke_on(request, campaign, GrantKind.JUDGE, grant_id, done=_("已解聘评委。"))
    return redirect("campaigns:judges", campaign_id=campaign.pk)
