"""Congress pages: the list, a congress (term, representatives by delegation, composition), and the
office's forms for the congress, elections, replacements and delegations. Sessions: views_session."""

from django.contrib import messages
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from chuangxian.congress import selectors
from chuangxian.congress.forms import CongressForm, DelegationForm, ElectForm, ReplaceForm, SearchForm
from chuangxian.congress.models import Congress, Representative
from chuangxian.congress.permissions import (
    access_congress,
    can_hold_congress,
    can_manage_at,
    can_manage_congress,
)
from chuangxian.congress.services import (
    congress_create,
    congress_update,
    delegation_save,
    representative_elect,
    representative_replace,
)
from chuangxian.core.errors import DomainError, NotFoundError
from chuangxian.core.forms import read_choices
from chuangxian.core.http import AuthedRequest
from chuangxian.core.tenancy import actor_rows
from chuangxian.core.views import require
from chuangxian.orgs.models import Member, MemberStatus, Unit
from chuangxian.orgs.permissions import belongs_to_a_tenant

CHECK_LABELS = {
    "teachers": _("教师代表"),
    "leaders": _("领导干部"),
    "women": _("女性代表"),
    "young": _("青年代表（35 岁以下）"),
}


def _manageable_units(request: AuthedRequest) -> list[Unit]:
    tenant_id = request.user.tenant_id
    if tenant_id is None:
        return []
    units = Unit.objects.filter(tenant_id=tenant_id, depth__lte=2, is_active=True).order_by("path")
    return [u for u in units if can_hold_congress(u) and can_manage_at(request.user, u)]


def index(request: AuthedRequest) -> HttpResponse:
    require(belongs_to_a_tenant(request.user))
    search = SearchForm(request.GET or None, placeholder=_("单位名称"))
    tenant_id = request.user.tenant_id
    assert tenant_id is not None
    congresses = selectors.congress_list(tenant_id, q=search.value)
    may_create = bool(_manageable_units(request))
    return render(
        request,
        "congress/index.html",
        {"congresses": congresses, "search": search, "may_create": may_create},
    )


def congress_new(request: AuthedRequest) -> HttpResponse:
    units = _manageable_units(request)
    require(bool(units))
    form = CongressForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        try:
            congress = congress_create(
                unit=form.cleaned_data["unit"], data=form.data_object(), actor=request.user
            )
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("已建立%(c)s。") % {"c": congress})
            return redirect("congress:detail", congress_id=congress.pk)
    return render(request, "congress/congress_form.html", {"form": form, "congress": None})


def congress_edit(request: AuthedRequest, congress_id: int) -> HttpResponse:
    congress = access_congress(request.user, congress_id, manage=True)
    initial = {
        "all_staff": congress.all_staff,
        "term_number": congress.term_number,
        "term_starts_on": congress.term_starts_on,
        "term_years": congress.term_years,
        "teachers_min": str(congress.teachers_min),
        "leaders_max": str(congress.leaders_max),
        "quorum": str(congress.quorum),
        "majority": str(congress.majority),
    }
    form = CongressForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            congress_update(congress=congress, data=form.data_object(), actor=request.user)
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("已保存。"))
            return redirect("congress:detail", congress_id=congress.pk)
    return render(request, "congress/congress_form.html", {"form": form, "congress": congress})


def detail(request: AuthedRequest, congress_id: int) -> HttpResponse:
    congress = access_congress(request.user, congress_id)
    search = SearchForm(request.GET or None, placeholder=_("代表姓名、工号或单位"))
    representatives = selectors.representatives_live(congress, q=search.value)
    delegations = selectors.delegations_of(congress)
    composition = selectors.congress_composition(congress)
    checks = [(CHECK_LABELS[c.code], c) for c in composition.checks]
    return render(
        request,
        "congress/detail.html",
        {
            "congress": congress,
            "search": search,
            "groups": selectors.group_by_delegation(delegations, representatives),
            "shown": len(representatives),
            "composition": composition,
            "checks": checks,
            "sessions": selectors.sessions_of(congress),
            "ended": selectors.representatives_ended(congress),
            "may_manage": can_manage_congress(request.user, congress),
        },
    )


def _units_in(congress: Congress) -> list[Unit]:
    return list(
        Unit.objects.filter(
            tenant_id=congress.tenant_id, path__startswith=congress.unit.path, is_active=True, depth__lte=3
        ).order_by("path")
    )


def _members_in(congress: Congress) -> QuerySet[Member]:
    return (
        Member.objects.filter(
            tenant_id=congress.tenant_id,
            status=MemberStatus.ACTIVE,
            unit__path__startswith=congress.unit.path,
        )
        .only("pk", "name", "staff_no", "name_initials")
        .order_by("staff_no")
    )


def elect(request: AuthedRequest, congress_id: int) -> HttpResponse:
    congress = access_congress(request.user, congress_id, manage=True)
    form = ElectForm(request.POST or None, units=_units_in(congress), members=_members_in(congress))
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        try:
            with transaction.atomic():  # the unit's whole result, or nothing
                for member in c["members"]:
                    representative_elect(
                        congress=congress,
                        member=member,
                        unit=c["unit"],
                        elected_on=c["elected_on"],
                        is_leader=c["is_leader"],
                        actor=request.user,
                    )
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("已登记 %(n)d 名代表。") % {"n": len(c["members"])})
            return redirect("congress:detail", congress_id=congress.pk)
    read_choices(form)
    return render(request, "congress/elect.html", {"form": form, "congress": congress})


def _representative(request: AuthedRequest, representative_id: int) -> Representative:
    rep = (
        actor_rows(Representative.objects.select_related("member", "unit", "congress__unit"), request.user)
        .filter(pk=representative_id)
        .first()
    )
    if rep is None or not can_manage_congress(request.user, rep.congress):
        raise NotFoundError()
    return rep


def replace(request: AuthedRequest, representative_id: int) -> HttpResponse:
    rep = _representative(request, representative_id)
    congress = rep.congress
    members = _members_in(congress).filter(unit__path__startswith=rep.unit.path)
    form = ReplaceForm(request.POST or None, members=members)
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        try:
            representative_replace(
                representative=rep,
                successor=c["successor"],
                elected_on=c["elected_on"],
                reason=c["reason"],
                is_leader=c["is_leader"],
                actor=request.user,
            )
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("已更换代表。"))
            return redirect("congress:detail", congress_id=congress.pk)
    read_choices(form)
    return render(request, "congress/replace.html", {"form": form, "congress": congress, "rep": rep})


def delegation(request: AuthedRequest, congress_id: int) -> HttpResponse:
    congress = access_congress(request.user, congress_id, manage=True)
    heads = [r.member for r in selectors.representatives_live(congress)]
    units = _units_in(congress)
    form = DelegationForm(request.POST or None, units=units, heads=heads)
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        try:
            delegation_save(
                congress=congress, unit=c["unit"], head=c["head"], name=c["name"], actor=request.user
            )
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("已保存代表团。"))
            return redirect("congress:detail", congress_id=congress.pk)
    return render(
        request,
        "congress/delegation.html",
        {"form": form, "congress": congress, "delegations": selectors.delegations_of(congress)},
    )
