"""Organisation management pages: access → form → service → redirect or render."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chuangxian.accounts.permissions import can_manage_logins
from chuangxian.accounts.services import password_reset_by_office
from chuangxian.accounts.views import slips_download
from chuangxian.core.errors import DomainError
from chuangxian.core.http import AuthedRequest
from chuangxian.core.navigation import page_guard
from chuangxian.core.roles import Capability, Role
from chuangxian.core.views import paginate, require
from chuangxian.orgs import selectors
from chuangxian.orgs.breadcrumbs import unit_trail
from chuangxian.orgs.forms import (
    MemberFilterForm,
    MemberSearchForm,
    OfficersForm,
    RoleGrantForm,
    UnitForm,
    UnitMoveForm,
)
from chuangxian.orgs.models import RoleAssignment, Unit, UnitCategory
from chuangxian.orgs.permissions import (
    access_member,
    access_unit,
    can_browse_units,
    can_configure_tenant,
    can_edit_units,
    can_grant_roles,
    can_manage_unit,
    scope_for,
)
from chuangxian.orgs.services import (
    role_grant,
    role_revoke,
    unit_create,
    unit_deactivate,
    unit_delete,
    unit_move,
    unit_officers_set,
    unit_reactivate,
    unit_update,
)


def _tenant_id(request: AuthedRequest) -> int:
    tenant_id = getattr(request.user, "tenant_id", None)
    require(tenant_id is not None)
    return int(tenant_id)  # type: ignore[arg-type]


@page_guard(can_browse_units)
def tree(request: AuthedRequest) -> HttpResponse:
    tenant_id = _tenant_id(request)
    scope = scope_for(request.user, Capability.VIEW)
    office = can_configure_tenant(request.user, tenant_id)
    category = request.GET.get("category", "")
    show_inactive = office and request.GET.get("inactive") == "1"
    rows = selectors.unit_rows_for_scope(
        scope, tenant_id=tenant_id, include_inactive=show_inactive, category=category or None
    )
    return render(
        request,
        "orgs/tree.html",
        {
            "rows": rows,
            "office": office,
            "category": category,
            "categories": UnitCategory.choices[:-1],
            "show_inactive": show_inactive,
            "total_members": sum(r.member_count for r in rows),
        },
    )


def unit_detail(request: AuthedRequest, unit_id: int) -> HttpResponse:
    unit = access_unit(request.user, unit_id)
    from chuangxian.awards.selectors import honours_of_unit  # wiring: awards sits above orgs

    return render(
        request,
        "orgs/unit_detail.html",
        {
            "unit": unit,
            "honours": honours_of_unit(unit.pk, unit.tenant_id),
            "crumbs": unit_trail(request.user, unit),
            "children": selectors.unit_children(unit),
            "officers": selectors.unit_officers(unit),
            "stats": selectors.unit_member_stats(unit),
            "office": can_configure_tenant(request.user, unit.tenant_id),
            "can_manage": can_manage_unit(request.user, unit),
            "chair_role": Role.CHAIR,
            "liaison_role": Role.LIAISON,
        },
    )


def unit_create_view(request: AuthedRequest, parent_id: int) -> HttpResponse:
    parent = access_unit(request.user, parent_id)
    require(can_edit_units(request.user, parent.tenant_id))  # no form for whom the service refuses
    form = UnitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            unit = unit_create(tenant=parent.tenant, parent=parent, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("已新建组织「%(name)s」。") % {"name": unit.name})
            return redirect("orgs:unit_detail", unit_id=unit.pk)
    return render(
        request, "orgs/unit_form.html", {"form": form, "parent": parent, "title": _("新建下级组织")}
    )


def unit_edit(request: AuthedRequest, unit_id: int) -> HttpResponse:
    unit = access_unit(request.user, unit_id)
    require(can_edit_units(request.user, unit.tenant_id))
    initial = {"name": unit.name, "kind": unit.kind, "category": unit.category}
    form = UnitForm(request.POST or None, initial=initial, is_root=unit.is_root())
    if request.method == "POST" and form.is_valid():
        try:
            unit_update(unit=unit, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("已保存。"))
            return redirect("orgs:unit_detail", unit_id=unit.pk)
    return render(request, "orgs/unit_form.html", {"form": form, "unit": unit, "title": _("修改组织信息")})


def unit_move_view(request: AuthedRequest, unit_id: int) -> HttpResponse:
    unit = access_unit(request.user, unit_id)
    require(can_edit_units(request.user, unit.tenant_id) and not unit.is_root())
    choices = selectors.unit_choices(unit.tenant_id, exclude_subtree_of=unit)
    form = UnitMoveForm(request.POST or None, choices=choices)
    if request.method == "POST" and form.is_valid():
        new_parent = access_unit(request.user, form.cleaned_data["parent"])
        try:
            unit_move(unit=unit, new_parent=new_parent, actor=request.user)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("已把「%(unit)s」移到「%(parent)s」之下。")
                % {"unit": unit.name, "parent": new_parent.name},
            )
            return redirect("orgs:unit_detail", unit_id=unit.pk)
    return render(request, "orgs/unit_form.html", {"form": form, "unit": unit, "title": _("移动组织")})


@require_POST
def unit_status(request: AuthedRequest, unit_id: int, action: str) -> HttpResponse:
    unit = access_unit(request.user, unit_id)
    require(can_edit_units(request.user, unit.tenant_id))
    services = {"deactivate": unit_deactivate, "reactivate": unit_reactivate, "delete": unit_delete}
    require(action in services)
    parent = None if unit.is_root() else Unit.objects.get_parent(unit)
    try:
        services[action](unit=unit, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("orgs:unit_detail", unit_id=unit.pk)
    done = {
        "deactivate": _("已停用「%(name)s」。"),
        "reactivate": _("已重新启用「%(name)s」。"),
        "delete": _("已删除「%(name)s」。"),
    }
    messages.success(request, done[action] % {"name": unit.name})
    if action == "delete" and parent is not None:
        return redirect("orgs:unit_detail", unit_id=parent.pk)
    return redirect("orgs:unit_detail", unit_id=unit.pk)


def unit_officers_view(request: AuthedRequest, unit_id: int) -> HttpResponse:
    unit = access_unit(request.user, unit_id)
    require(can_edit_units(request.user, unit.tenant_id) and not unit.is_root())
    officers = selectors.unit_officers(unit)
    initial = {role: members[0].pk for role, members in officers.items() if members}
    form = OfficersForm(
        request.POST or None, initial=initial, members=selectors.member_choices_for_unit(unit)
    )
    if request.method == "POST" and form.is_valid():
        try:
            unit_officers_set(unit=unit, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("已更新主席和联络员。"))
            return redirect("orgs:unit_detail", unit_id=unit.pk)
    return render(
        request, "orgs/unit_form.html", {"form": form, "unit": unit, "title": _("设置主席和联络员")}
    )


def unit_members(request: AuthedRequest, unit_id: int) -> HttpResponse:
    unit = access_unit(request.user, unit_id)
    form = MemberFilterForm(request.GET or None, initial={"status": "active"})
    status, query = "active", ""
    if form.is_valid():
        status = form.cleaned_data["status"] if "status" in request.GET else "active"
        query = form.cleaned_data["q"]
    members = selectors.member_list_for_unit(unit, status=status or None, query=query)
    return render(
        request,
        "orgs/unit_members.html",
        {
            "unit": unit,
            "form": form,
            "page": paginate(request, members),
            "show_contact": can_manage_unit(request.user, unit),
        },
    )


@page_guard(can_browse_units)
def member_search(request: AuthedRequest) -> HttpResponse:
    tenant_id = _tenant_id(request)
    scope = scope_for(request.user, Capability.VIEW)
    form = MemberSearchForm(request.GET or None)
    results = None
    if form.is_valid() and form.cleaned_data["q"]:
        results = paginate(
            request,
            selectors.member_search(
                scope,
                tenant_id=tenant_id,
                query=form.cleaned_data["q"],
                include_departed=form.cleaned_data["departed"],
            ),
        )
    return render(request, "orgs/member_search.html", {"form": form, "page": results})


def member_detail(request: AuthedRequest, member_id: int) -> HttpResponse:
    member = access_member(request.user, member_id)
    office = can_configure_tenant(request.user, member.tenant_id)
    grant_form = RoleGrantForm(unit_choices=selectors.unit_choices(member.tenant_id)) if office else None
    # Wiring, not a dependency of orgs on grants: grants sits above orgs and lists its own rows.
    from chuangxian.awards.selectors import honours_of_member
    from chuangxian.grants.selectors import grant_is_live, grant_state, grants_of_member

    grants = [
        {"grant": g, "state": grant_state(g), "live": grant_is_live(g)} for g in grants_of_member(member)
    ]
    return render(
        request,
        "orgs/member_detail.html",
        {
            "member": member,
            "roles": selectors.member_roles(member),
            "grants": grants,
            "honours": honours_of_member(member.pk, member.tenant_id),
            "office": office,
            "grant_form": grant_form,
            "show_contact": can_manage_unit(request.user, member.unit) or member.user_id == request.user.pk,
        },
    )


@require_POST
def member_role_grant(request: AuthedRequest, member_id: int) -> HttpResponse:
    member = access_member(request.user, member_id)
    require(can_grant_roles(request.user, member.tenant_id))
    form = RoleGrantForm(request.POST, unit_choices=selectors.unit_choices(member.tenant_id))
    if form.is_valid():
        unit = access_unit(request.user, form.cleaned_data["unit"])
        try:
            role_grant(member=member, unit=unit, role=form.cleaned_data["role"], actor=request.user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("已授予角色。"))
    else:
        messages.error(request, _("请选择角色和组织。"))
    return redirect("orgs:member_detail", member_id=member.pk)


@require_POST
def member_role_revoke(request: AuthedRequest, member_id: int, assignment_id: int) -> HttpResponse:
    member = access_member(request.user, member_id)
    require(can_grant_roles(request.user, member.tenant_id))
    assignment = (
        RoleAssignment.objects.filter(pk=assignment_id, member=member)
        .select_related("unit", "member")
        .first()
    )
    require(assignment is not None)
    role_revoke(assignment=assignment, actor=request.user)  # type: ignore[arg-type]
    messages.success(request, _("已收回角色。"))
    return redirect("orgs:member_detail", member_id=member.pk)


@require_POST
def member_password_reset(request: AuthedRequest, member_id: int) -> HttpResponse:
    member = access_member(request.user, member_id)
    require(can_manage_logins(request.user, member.tenant_id))
    slip = password_reset_by_office(member=member, actor=request.user)
    if slip is not None:  # random initial passwords: the new one is printed, once
        return slips_download(request, tenant=member.tenant, title=member.name, slips=[slip])
    messages.success(
        request,
        _("已重置 %(name)s 的密码为初始密码（身份证号后六位，或学校统一的初始密码），下次登录须修改。")
        % {"name": member.name},
    )
    return redirect("orgs:member_detail", member_id=member.pk)
