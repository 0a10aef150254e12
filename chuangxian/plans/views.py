"""Unit plan pages: access → form → service → redirect or render."""

from typing import Any

from django.contrib import messages
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chuangxian.campaigns.models import Campaign
from chuangxian.campaigns.selectors import campaign_current_for_tenant
from chuangxian.core.errors import DomainError
from chuangxian.core.http import AuthedRequest
from chuangxian.core.views import paginate, require, stored_file_response
from chuangxian.orgs.models import UnitCategory
from chuangxian.orgs.permissions import access_unit, member_for
from chuangxian.orgs.selectors import member_choices_for_unit
from chuangxian.plans import selectors
from chuangxian.plans.forms import PlanForm, ReviewForm
from chuangxian.plans.models import PlanStatus, PlanVersion, UnitPlan
from chuangxian.plans.permissions import (
    access_plan,
    can_edit_plan,
    can_review_plans,
    can_see_plan_history,
    managed_unit_ids,
)
from chuangxian.plans.services import (
    PlanContent,
    PlanUpload,
    plan_approve,
    plan_return,
    plan_save_and_submit,
    plan_save_draft,
    plan_submit,
)
from chuangxian.review.diff import compare_pair
from chuangxian.review.models import Outcome


def _campaign(request: AuthedRequest) -> Campaign:
    campaign = campaign_current_for_tenant(request.user.tenant_id)
    require(campaign is not None)
    assert campaign is not None
    return campaign


def plan_index(request: AuthedRequest) -> HttpResponse:
    """The office goes to its review list; a chair or liaison sees their units; a member the
    approved plans of their unit."""
    tenant_id = request.user.tenant_id
    if tenant_id is not None and can_review_plans(request.user, tenant_id):
        return redirect("plans:office_list")
    campaign = campaign_current_for_tenant(tenant_id)
    member = member_for(request.user)
    context: dict[str, Any] = {"campaign": campaign}
    if campaign is not None:
        managed = managed_unit_ids(request.user)
        context["managed"] = selectors.plans_for_units(campaign=campaign, unit_ids=managed)
        context["approved"] = selectors.plans_approved_for_member(member, campaign) if member else []
    return render(request, "plans/index.html", context)


def plan_office_list(request: AuthedRequest) -> HttpResponse:
    tenant_id = request.user.tenant_id
    require(tenant_id is not None and can_review_plans(request.user, int(tenant_id)))
    campaign = _campaign(request)
    status = request.GET.get("status", "")
    category = request.GET.get("category", "")
    page = paginate(
        request, selectors.plan_units_for_office(campaign=campaign, status=status, category=category)
    )
    return render(
        request,
        "plans/office_list.html",
        {
            "campaign": campaign,
            "page": page,
            "rows": selectors.plan_rows(campaign=campaign, units=list(page.object_list)),
            "counts": selectors.plan_status_counts(campaign),
            "status": status,
            "category": category,
            "statuses": [(selectors.NOT_STARTED, _("未填写")), *PlanStatus.choices],
            "categories": UnitCategory.choices[:-1],
        },
    )


def plan_unit(request: AuthedRequest, unit_id: int) -> HttpResponse:
    """A unit's plan for the current campaign: its page if it exists, otherwise the form."""
    unit = access_unit(request.user, unit_id)
    campaign = _campaign(request)
    plan = selectors.plan_for_unit(unit=unit, campaign=campaign)
    if plan is not None:
        access_plan(request.user, plan.pk)
        return redirect("plans:detail", plan_id=plan.pk)
    require(can_edit_plan(request.user, unit))
    return redirect("plans:edit", unit_id=unit.pk)


def _content(form: PlanForm) -> PlanContent:
    data = form.cleaned_data
    return PlanContent(
        goals=data["goals"],
        measures=data["measures"],
        theme=data["theme"],
        project=data["project"],
        schedule=data["schedule"],
        responsible=data["responsible"],
        responsible_members=tuple(data["responsible_members"]),
    )


def _initial(version: PlanVersion | None) -> dict[str, Any]:
    if version is None:
        return {}
    return {
        "goals": version.goals,
        "measures": version.measures,
        "theme": version.theme_id,
        "project": version.project,
        "schedule": version.schedule,
        "responsible": version.responsible,
        "responsible_members": [member_id for member_id, _name in version.responsible_members],
    }


def plan_edit(request: AuthedRequest, unit_id: int) -> HttpResponse:
    unit = access_unit(request.user, unit_id, manage=True)
    campaign = _campaign(request)
    plan = selectors.plan_for_unit(unit=unit, campaign=campaign)
    version = selectors.plan_version(plan, plan.current_number) if plan else None
    if plan is not None and plan.status in (PlanStatus.SUBMITTED, PlanStatus.APPROVED):
        messages.info(request, _("方案已提交或已通过，不能修改。"))
        return redirect("plans:detail", plan_id=plan.pk)
    form = PlanForm(
        request.POST or None,
        request.FILES or None,
        initial=_initial(version),
        themes=campaign.themes.all(),
        members=member_choices_for_unit(unit).select_related("unit"),  # the service checks member.unit
        has_file=bool(version and version.file),
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data.get("file")
        save = plan_save_and_submit if request.POST.get("action") == "submit" else plan_save_draft
        try:
            plan = save(
                unit=unit,
                campaign=campaign,
                content=_content(form),
                upload=PlanUpload(name=upload.name, content=upload) if upload else None,
                remove_file=form.cleaned_data.get("remove_file", False),
                actor=request.user,
            )
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            if plan.status == PlanStatus.SUBMITTED:
                messages.success(request, _("方案已提交，请等待学校工会审核。"))
            else:
                messages.success(request, _("已保存草稿。"))
            return redirect("plans:detail", plan_id=plan.pk)
    reviews = selectors.plan_reviews(plan) if plan else []
    return render(
        request,
        "plans/edit.html",
        {
            "form": form,
            "unit": unit,
            "campaign": campaign,
            "plan": plan,
            "version": version,
            "reviews": reviews,
        },
    )


def plan_detail(request: AuthedRequest, plan_id: int) -> HttpResponse:
    plan = access_plan(request.user, plan_id)
    history = can_see_plan_history(request.user, plan)
    review_form = ReviewForm(initial={"decision": Outcome.APPROVED})
    return _render_detail(request, plan, history=history, review_form=review_form)


def _render_detail(
    request: AuthedRequest, plan: UnitPlan, *, history: bool, review_form: ReviewForm
) -> HttpResponse:
    if history:
        version = selectors.plan_version(plan, plan.current_number)
        versions = selectors.plan_versions(plan)
        reviews = selectors.plan_reviews(plan)
    else:
        version, versions, reviews = selectors.plan_approved_version(plan), [], []
    can_edit = history and can_edit_plan(request.user, plan.unit)
    reviewer = can_review_plans(request.user, plan.tenant_id)
    return render(
        request,
        "plans/detail.html",
        {
            "plan": plan,
            "version": version,
            "versions": versions,
            "reviews": reviews,
            "history": history,
            "can_edit": can_edit and plan.status in (PlanStatus.DRAFT, PlanStatus.RETURNED),
            "can_submit": can_edit and plan.status == PlanStatus.DRAFT,
            "can_review": reviewer and plan.status == PlanStatus.SUBMITTED,
            "reviewer": reviewer,
            "review_form": review_form,
        },
    )


@require_POST
def plan_submit_view(request: AuthedRequest, plan_id: int) -> HttpResponse:
    plan = access_plan(request.user, plan_id)
    require(can_edit_plan(request.user, plan.unit))
    try:
        plan_submit(plan=plan, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("方案已提交，请等待学校工会审核。"))
    return redirect("plans:detail", plan_id=plan.pk)


@require_POST
def plan_review(request: AuthedRequest, plan_id: int) -> HttpResponse:
    plan = access_plan(request.user, plan_id)
    require(can_review_plans(request.user, plan.tenant_id))
    form = ReviewForm(request.POST)
    if form.is_valid():
        review = plan_approve if form.cleaned_data["decision"] == Outcome.APPROVED else plan_return
        try:
            review(plan=plan, comment=form.cleaned_data["comment"], actor=request.user)
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            if form.cleaned_data["decision"] == Outcome.APPROVED:
                messages.success(request, _("已通过「%(unit)s」的方案。") % {"unit": plan.unit.name})
            else:
                messages.success(request, _("已退回「%(unit)s」的方案。") % {"unit": plan.unit.name})
            return redirect("plans:detail", plan_id=plan.pk)
    plan.refresh_from_db()
    return _render_detail(request, plan, history=True, review_form=form)


def plan_version_view(request: AuthedRequest, plan_id: int, number: int) -> HttpResponse:
    plan = access_plan(request.user, plan_id)
    require(can_see_plan_history(request.user, plan))
    version = selectors.plan_version(plan, number)
    require(version is not None)
    return render(request, "plans/version.html", {"plan": plan, "version": version})


def plan_compare(request: AuthedRequest, plan_id: int) -> HttpResponse:
    plan = access_plan(request.user, plan_id)
    require(can_see_plan_history(request.user, plan))
    versions = selectors.plan_versions(plan)
    old, new = compare_pair(versions, request.GET)
    diff = selectors.plan_version_diff(old, new) if old is not None and new is not None else None
    return render(
        request,
        "plans/compare.html",
        {"plan": plan, "versions": versions, "diff": diff, "old": old, "new": new},
    )


def plan_file(request: AuthedRequest, plan_id: int, number: int) -> FileResponse:
    plan = access_plan(request.user, plan_id)
    if not can_see_plan_history(request.user, plan):
        require(plan.status == PlanStatus.APPROVED and number == plan.current_number)
    version = selectors.plan_version(plan, number)
    require(version is not None and bool(version.file))
    assert version is not None
    return stored_file_response(version.file, name=version.file_name)
