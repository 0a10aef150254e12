"""Coverage pages: a unit's figures with its child units and who is missing; the Excel export; the
office's targets."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from chuangxian.campaigns.models import Campaign
from chuangxian.campaigns.selectors import campaign_chosen
from chuangxian.core.errors import DomainError
from chuangxian.core.http import AuthedRequest
from chuangxian.core.navigation import page_guard
from chuangxian.core.views import paginate, require
from chuangxian.coverage import selectors
from chuangxian.coverage.forms import TargetForm
from chuangxian.coverage.permissions import access_coverage_unit, can_open_coverage, coverage_home_unit
from chuangxian.coverage.services import TargetValues, coverage_target_clear, coverage_target_set
from chuangxian.exports.views import export_response
from chuangxian.orgs.models import UnitCategory
from chuangxian.orgs.permissions import can_configure_tenant, can_manage_unit


def _campaign(request: AuthedRequest) -> Campaign | None:
    return campaign_chosen(getattr(request.user, "tenant_id", None), request.GET.get("campaign", ""))


def _missing(request: AuthedRequest) -> str:
    missing = request.GET.get("missing", selectors.Missing.ANY)
    return missing if missing in selectors.Missing.VALUES else selectors.Missing.ANY


@page_guard(can_open_coverage)
def index(request: AuthedRequest) -> HttpResponse:
    unit = coverage_home_unit(request.user)
    require(unit is not None)
    assert unit is not None
    query = request.GET.urlencode()
    return redirect(f"{request.path}unit/{unit.pk}/" + (f"?{query}" if query else ""))


def unit(request: AuthedRequest, unit_id: int) -> HttpResponse:
    unit = access_coverage_unit(request.user, unit_id)
    campaign = _campaign(request)
    context: dict[str, object] = {"unit": unit, "campaign": campaign}
    if campaign is not None:
        missing = _missing(request)
        report = selectors.coverage_report(campaign, unit)
        context.update(
            report=report,
            missing=missing,
            missing_choices=selectors.Missing.CHOICES,
            page=paginate(
                request,
                selectors.missing_members(campaign, unit, missing),
                count=selectors.missing_count(report, missing),
            ),
            home=coverage_home_unit(request.user),
            can_configure=can_configure_tenant(request.user, unit.tenant_id),
            can_review=unit.depth > 1 and can_manage_unit(request.user, unit),
        )
    return render(request, "coverage/unit.html", context)


def export(request: AuthedRequest, unit_id: int) -> HttpResponse:
    unit = access_coverage_unit(request.user, unit_id)
    campaign = _campaign(request)
    require(campaign is not None)
    assert campaign is not None
    return export_response(request, "coverage.unit", "xlsx", {"unit": unit.pk, "campaign": campaign.pk})


def targets(request: AuthedRequest) -> HttpResponse:
    tenant_id = getattr(request.user, "tenant_id", None)
    require(tenant_id is not None and can_configure_tenant(request.user, tenant_id))
    campaign = _campaign(request)
    require(campaign is not None)
    assert campaign is not None
    current = selectors.coverage_targets(campaign)
    forms: dict[str, TargetForm] = {}
    posted = request.POST.get("category") if request.method == "POST" else None
    for category, _label in UnitCategory.choices:
        target = current.get(category) or current[""]
        initial = {
            "projects": target.projects,
            "pledge_percent": target.pledge_percent,
            "activity_percent": target.activity_percent,
        }
        bound = posted == category and "clear" not in request.POST
        forms[category] = TargetForm(
            request.POST if bound else None, initial=initial, prefix=category or "all"
        )
    if posted is not None and posted in forms:
        try:
            if "clear" in request.POST:
                coverage_target_clear(campaign=campaign, category=posted, actor=request.user)
                messages.success(request, _("已恢复为默认目标。"))
                return redirect(f"{request.path}?campaign={campaign.pk}")
            form = forms[posted]
            if form.is_valid():
                coverage_target_set(
                    campaign=campaign,
                    category=posted,
                    values=TargetValues(**form.cleaned_data),
                    actor=request.user,
                )
                messages.success(request, _("覆盖目标已保存。"))
                return redirect(f"{request.path}?campaign={campaign.pk}")
        except DomainError as error:
            messages.error(request, error.message)
    rows = [
        {
            "category": category,
            "label": label if category else _("默认（所有单位）"),
            "form": forms[category],
            "own": category in current,
        }
        for category, label in [("", ""), *[(v, lbl) for v, lbl in UnitCategory.choices if v]]
    ]
    return render(request, "coverage/targets.html", {"campaign": campaign, "rows": rows})
