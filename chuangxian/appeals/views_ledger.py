"""The office's list of handling offices and the ledger of practical matters (办实事台账)."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chuangxian.appeals import selectors
from chuangxian.appeals.forms import DeskForm, MatterForm
from chuangxian.appeals.models import AppealDesk, PracticalMatter
from chuangxian.appeals.permissions import access_matter, may_oversee_own_school, may_read_ledger
from chuangxian.appeals.services import desk_add, desk_remove, matter_record, matter_update
from chuangxian.core.errors import DomainError
from chuangxian.core.filters import ListFilterForm
from chuangxian.core.http import AuthedRequest
from chuangxian.core.navigation import page_guard
from chuangxian.core.tenancy import actor_rows
from chuangxian.core.views import paginate, require
from chuangxian.orgs.models import Unit


def _tenant(request: AuthedRequest) -> int:
    tenant_id = request.user.tenant_id
    assert tenant_id is not None
    return tenant_id


@page_guard(may_oversee_own_school)
def desks(request: AuthedRequest) -> HttpResponse:
    tenant_id = _tenant(request)
    listed = selectors.desks(tenant_id)
    taken = {d.unit_id for d in listed}
    units = [
        u
        for u in Unit.objects.filter(tenant_id=tenant_id, is_active=True, depth__gt=1).order_by("path")
        if u.pk not in taken
    ]
    form = DeskForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        try:
            desk_add(unit=form.chosen(), note=form.cleaned_data["note"], actor=request.user)
        except DomainError as error:
            form.add_error("unit" if error.field else None, error.message)
        else:
            messages.success(request, _("已加入承办部门列表。"))
            return redirect("appeals:desks")
    return render(request, "appeals/desks.html", {"desks": listed, "form": form})


@require_POST
def desk_delete(request: AuthedRequest, desk_id: int) -> HttpResponse:
    desk = actor_rows(AppealDesk.objects.all(), request.user).filter(pk=desk_id).first()
    require(
        desk is not None and may_oversee_own_school(request.user) and desk.tenant_id == request.user.tenant_id
    )
    assert desk is not None
    desk_remove(desk=desk, actor=request.user)
    messages.success(request, _("已从承办部门列表中移除。"))
    return redirect("appeals:desks")


@page_guard(may_read_ledger)
def ledger(request: AuthedRequest) -> HttpResponse:
    tenant_id = _tenant(request)
    filter_form = ListFilterForm(request.GET, search_label=_("事项或办理情况"))
    page = paginate(request, selectors.matter_list(tenant_id, filters=filter_form.filter), per_page=30)
    return render(
        request,
        "appeals/ledger.html",
        {"page": page, "filter_form": filter_form, "office": may_oversee_own_school(request.user)},
    )


def _matter_form(request: AuthedRequest, tenant_id: int, matter: PracticalMatter | None = None) -> MatterForm:
    units = list(Unit.objects.filter(tenant_id=tenant_id, is_active=True).order_by("path"))
    appeals = selectors.linkable_appeals(tenant_id)
    initial = {}
    if matter is not None:
        linked = selectors.matter_appeals(matter)
        known = {a.pk for a in appeals}
        appeals += [a for a in linked if a.pk not in known]
        initial = {
            "title": matter.title,
            "description": matter.description,
            "unit": str(matter.unit_id),
            "done_on": matter.done_on,
            "beneficiaries": matter.beneficiaries,
            "appeals": [str(a.pk) for a in linked],
        }
    elif request.GET.get("appeal", "").isdigit():
        initial = {"appeals": [request.GET["appeal"]]}
    return MatterForm(
        request.POST or None, initial=initial, units=units, appeals=appeals, tenant_id=tenant_id
    )


@page_guard(may_oversee_own_school)
def matter_new(request: AuthedRequest) -> HttpResponse:
    tenant_id = _tenant(request)
    form = _matter_form(request, tenant_id)
    if request.method == "POST" and form.is_valid():
        try:
            matter = matter_record(
                tenant_id=tenant_id, data=form.data_for(form.cleaned_data), actor=request.user
            )
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("已登记到办实事台账。"))
            return redirect("appeals:matter", matter_id=matter.pk)
    return render(request, "appeals/matter_form.html", {"form": form, "matter": None})


def matter_edit(request: AuthedRequest, matter_id: int) -> HttpResponse:
    matter = access_matter(request.user, matter_id, edit=True)
    form = _matter_form(request, matter.tenant_id, matter)
    if request.method == "POST" and form.is_valid():
        try:
            matter_update(matter=matter, data=form.data_for(form.cleaned_data), actor=request.user)
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("已保存。"))
            return redirect("appeals:matter", matter_id=matter.pk)
    return render(request, "appeals/matter_form.html", {"form": form, "matter": matter})


def matter(request: AuthedRequest, matter_id: int) -> HttpResponse:
    matter = access_matter(request.user, matter_id)
    return render(
        request,
        "appeals/matter.html",
        {
            "matter": matter,
            "appeals": selectors.matter_appeals(matter),
            "office": may_oversee_own_school(request.user) and matter.tenant_id == request.user.tenant_id,
        },
    )
