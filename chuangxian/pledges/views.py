"""Pledge pages: access → form → service → redirect or render."""

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chuangxian.campaigns.models import Campaign
from chuangxian.campaigns.selectors import campaign_current_for_tenant
from chuangxian.core import clock
from chuangxian.core.errors import DomainError
from chuangxian.core.forms import set_choices
from chuangxian.core.http import AuthedRequest
from chuangxian.core.roles import Capability, roles_with
from chuangxian.core.tenancy import actor_rows
from chuangxian.core.views import paginate, require
from chuangxian.orgs.models import Member, Unit
from chuangxian.orgs.permissions import can_configure_tenant, member_for, role_assignments_for
from chuangxian.pledges import selectors
from chuangxian.pledges.forms import (
    PledgeForm,
    ProgressForm,
    RateForm,
    RatingConfigForm,
    ReportForm,
    ReviewForm,
)
from chuangxian.pledges.models import Pledge, PledgeStatus
from chuangxian.pledges.permissions import (
    access_pledge,
    access_review_unit,
    can_review_pledge,
    can_see_pledge_history,
    is_owner,
)
from chuangxian.pledges.rating import (
    pledge_rate,
    pledge_rating_config_set,
    pledge_rating_finalize,
    rater_kind_for,
    rating_config,
)
from chuangxian.pledges.services import (
    PledgeContent,
    can_transition,
    pledge_progress_add,
    pledge_report_submit,
    pledge_review,
    pledge_submit,
)
from chuangxian.review.views import history_page


def _campaign(request: AuthedRequest) -> Campaign:
    campaign = campaign_current_for_tenant(getattr(request.user, "tenant_id", None))
    require(campaign is not None)
    assert campaign is not None
    return campaign


def _member(request: AuthedRequest) -> Member:
    member = member_for(request.user)
    require(member is not None)
    assert member is not None
    return member


def _managed_units(request: AuthedRequest) -> list[Unit]:
    ids = {u for role, u, _p in role_assignments_for(request.user) if role in roles_with(Capability.MANAGE)}
    units = actor_rows(Unit.objects.all(), request.user)
    return list(units.filter(pk__in=ids, is_active=True).order_by("path"))


def pledge_mine(request: AuthedRequest) -> HttpResponse:
    """我的承诺: the member's pledge in the current campaign, and the units they review."""
    campaign = campaign_current_for_tenant(getattr(request.user, "tenant_id", None))
    member = member_for(request.user)
    pledge = selectors.pledge_for_member(member=member, campaign=campaign) if member and campaign else None
    return render(
        request,
        "pledges/mine.html",
        {
            "campaign": campaign,
            "member": member,
            "pledge": pledge,
            "managed": _managed_units(request),
            "can_configure": campaign is not None and can_configure_tenant(request.user, campaign.tenant_id),
        },
    )


RATE_FILTERS = {"unrated": False, "rated": True, "all": None}


def pledge_to_rate(request: AuthedRequest) -> HttpResponse:
    """待我评议: the reported pledges of the current campaign the user may rate, unrated first by default."""
    campaign = _campaign(request)
    shown = request.GET.get("show", "unrated")
    if shown not in RATE_FILTERS:
        shown = "unrated"
    page = paginate(
        request, selectors.pledges_to_rate(user=request.user, campaign=campaign, rated=RATE_FILTERS[shown])
    )
    return render(
        request,
        "pledges/to_rate.html",
        {
            "campaign": campaign,
            "shown": shown,
            "counts": selectors.pledges_to_rate_counts(user=request.user, campaign=campaign),
            "page": page,
            "rows": selectors.rate_rows(request.user, page),
        },
    )


def pledge_write(request: AuthedRequest) -> HttpResponse:
    """Write a new pledge, or edit a draft or returned one; save as draft or submit for review."""
    campaign = _campaign(request)
    member = _member(request)
    pledge = selectors.pledge_for_member(member=member, campaign=campaign)
    if pledge is not None and pledge.status not in (PledgeStatus.DRAFT, PledgeStatus.RETURNED):
        messages.info(request, _("您已经提交过本次创先活动的承诺，每位会员每次创先活动只能提交一份承诺。"))
        return redirect("pledges:detail", pledge_id=pledge.pk)
    initial: dict[str, Any] = {}
    if pledge is not None:
        initial = {
            "type": pledge.type,
            "content": pledge.content,
            "due_on": pledge.due_on,
            "check_standard": pledge.check_standard,
        }
    form = PledgeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        submit = "draft" not in request.POST
        try:
            pledge = pledge_submit(
                member=member,
                campaign=campaign,
                content=PledgeContent(
                    type=data["type"],
                    content=data["content"],
                    due_on=data["due_on"],
                    check_standard=data["check_standard"],
                ),
                submit=submit,
                actor=request.user,
            )
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("承诺已提交，等待本单位审核。") if submit else _("草稿已保存。"))
            return redirect("pledges:detail", pledge_id=pledge.pk)
    return render(request, "pledges/write.html", {"form": form, "campaign": campaign, "pledge": pledge})


def _detail_context(request: AuthedRequest, pledge: Pledge) -> dict[str, Any]:
    owner = is_owner(request.user, pledge)
    reviewer = can_review_pledge(request.user, pledge) and not owner
    status = pledge.status
    return {
        "pledge": pledge,
        "owner": owner,
        "can_edit": owner and status in (PledgeStatus.DRAFT, PledgeStatus.RETURNED),
        "can_review": reviewer and status == PledgeStatus.IN_REVIEW,
        "can_progress": owner and status in (PledgeStatus.PUBLISHED, PledgeStatus.FULFILLING),
        "can_report": owner and can_transition(status, PledgeStatus.REPORTED),
        "show_comment": (owner or reviewer) and bool(pledge.review_comment),
        "can_see_history": can_see_pledge_history(request.user, pledge),
        "rater_kind": rater_kind_for(request.user, pledge) if status == PledgeStatus.REPORTED else None,
        **selectors.pledge_detail(pledge),
    }


def pledge_detail(request: AuthedRequest, pledge_id: int) -> HttpResponse:
    pledge = access_pledge(request.user, pledge_id)
    return render(request, "pledges/detail.html", _full_context(request, pledge))


def pledge_history(request: AuthedRequest, pledge_id: int) -> HttpResponse:
    """修改记录/对比: the pledge's submitted versions, a compare of two, and its reviews."""
    pledge = access_pledge(request.user, pledge_id)
    require(can_see_pledge_history(request.user, pledge))
    return history_page(
        request,
        subject=pledge,
        title=_("%(name)s的承诺") % {"name": pledge.member.name},
        back_url=reverse("pledges:detail", args=[pledge.pk]),
    )


def _rate_form(pledge: Pledge, data: Any = None) -> RateForm:
    form = RateForm(data)
    set_choices(form, "grade", [(label, label) for label, _points in rating_config(pledge.campaign).scale])
    return form


def _full_context(request: AuthedRequest, pledge: Pledge) -> dict[str, Any]:
    context = _detail_context(request, pledge)
    context.update(
        review_form=ReviewForm(),
        progress_form=ProgressForm(initial={"on": clock.today()}),
        report_form=ReportForm(),
    )
    if context["rater_kind"]:
        context["rate_form"] = _rate_form(pledge)
    return context


def _post(
    request: AuthedRequest, pledge: Pledge, form_name: str, form: Any, action: Any, done: str
) -> HttpResponse:
    if form.is_valid():
        try:
            action(form.cleaned_data)
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, done)
            return redirect("pledges:detail", pledge_id=pledge.pk)
    context = _full_context(request, pledge)
    context[form_name] = form
    return render(request, "pledges/detail.html", context, status=400)


@require_POST
def pledge_review_view(request: AuthedRequest, pledge_id: int) -> HttpResponse:
    pledge = access_pledge(request.user, pledge_id)
    require(can_review_pledge(request.user, pledge))
    return _post(
        request,
        pledge,
        "review_form",
        ReviewForm(request.POST),
        lambda d: pledge_review(
            pledge=pledge, approve=d["decision"] == "approve", comment=d["comment"], actor=request.user
        ),
        _("审核结果已保存。"),
    )


@require_POST
def pledge_progress_view(request: AuthedRequest, pledge_id: int) -> HttpResponse:
    pledge = access_pledge(request.user, pledge_id)
    require(is_owner(request.user, pledge))
    return _post(
        request,
        pledge,
        "progress_form",
        ProgressForm(request.POST),
        lambda d: pledge_progress_add(pledge=pledge, on=d["on"], text=d["text"], actor=request.user),
        _("践诺情况已记录。"),
    )


@require_POST
def pledge_report_view(request: AuthedRequest, pledge_id: int) -> HttpResponse:
    pledge = access_pledge(request.user, pledge_id)
    require(is_owner(request.user, pledge))
    return _post(
        request,
        pledge,
        "report_form",
        ReportForm(request.POST),
        lambda d: pledge_report_submit(pledge=pledge, text=d["text"], actor=request.user),
        _("述诺已提交。"),
    )


@require_POST
def pledge_rate_view(request: AuthedRequest, pledge_id: int) -> HttpResponse:
    pledge = access_pledge(request.user, pledge_id)
    return _post(
        request,
        pledge,
        "rate_form",
        _rate_form(pledge, request.POST),
        lambda d: pledge_rate(pledge=pledge, grade=d["grade"], actor=request.user),
        _("评诺已保存。"),
    )


@require_POST
def pledge_finalize_view(request: AuthedRequest, unit_id: int) -> HttpResponse:
    unit = access_review_unit(request.user, unit_id)
    campaign = _campaign(request)
    try:
        done = pledge_rating_finalize(unit=unit, campaign=campaign, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("已评定 %(n)s 份承诺。") % {"n": len(done)})
    return redirect("pledges:queue", unit_id=unit.pk)


def pledge_queue(request: AuthedRequest, unit_id: int) -> HttpResponse:
    """The unit's review queue for its chair and liaison (and the office)."""
    unit = access_review_unit(request.user, unit_id)
    campaign = _campaign(request)
    page = paginate(
        request,
        selectors.pledge_review_queue(unit=unit, campaign=campaign, reviewer=member_for(request.user)),
    )
    counts = selectors.pledge_status_counts(unit=unit, campaign=campaign)
    return render(
        request,
        "pledges/queue.html",
        {
            "unit": unit,
            "campaign": campaign,
            "page": page,
            "can_finalize": can_configure_tenant(request.user, unit.tenant_id),
            "status_rows": [(value, label, counts.get(value, 0)) for value, label in PledgeStatus.choices],
        },
    )


def pledge_rating_settings(request: AuthedRequest) -> HttpResponse:
    """The office sets how 评诺 is scored in the current campaign."""
    campaign = _campaign(request)
    require(can_configure_tenant(request.user, campaign.tenant_id))
    config = rating_config(campaign)
    initial = {
        "scale": "\n".join(f"{label} {points}" for label, points in config.scale),
        **{f"weight_{kind}": config.weights.get(kind, 0) for kind in ("self", "peer", "leader", "org")},
        "top_share_num": config.top_share_num,
        "top_share_den": config.top_share_den,
    }
    form = RatingConfigForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            pledge_rating_config_set(
                campaign=campaign,
                scale=data["scale"],
                weights={kind: data[f"weight_{kind}"] for kind in ("self", "peer", "leader", "org")},
                top_share=(data["top_share_num"], data["top_share_den"]),
                actor=request.user,
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("评诺规则已保存。"))
            return redirect("pledges:rating_settings")
    return render(request, "pledges/rating_settings.html", {"form": form, "campaign": campaign})
