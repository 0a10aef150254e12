"""The office's configuration pages: selection types and the members' eligibility records."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chuangxian.core.errors import DomainError
from chuangxian.core.filters import ListFilterForm
from chuangxian.core.http import AuthedRequest
from chuangxian.core.models import Tenant
from chuangxian.core.navigation import page_guard
from chuangxian.core.views import paginate
from chuangxian.orgs.permissions import is_tenant_office, tenant_id_for
from chuangxian.selections import selectors
from chuangxian.selections.eligibility import rules_text
from chuangxian.selections.forms import MemberRecordForm, StaffNoForm, TypeForm
from chuangxian.selections.models import EntryKind, MemberRecord, Stage
from chuangxian.selections.permissions import access_record_member, access_type
from chuangxian.selections.services import (
    DEFAULT_TYPES,
    member_record_set,
    selection_type_create,
    selection_type_update,
    selection_types_seed,
)


def _tenant(request: AuthedRequest) -> Tenant:
    tenant_id = tenant_id_for(request.user)
    assert tenant_id is not None  # the page guard let only a school's office in
    return Tenant.objects.get(pk=tenant_id)


@page_guard(is_tenant_office)
def type_list(request: AuthedRequest) -> HttpResponse:
    tenant = _tenant(request)
    filter_form = ListFilterForm(
        request.GET, search_label=_("评选名称或说明"), choices={"kind": (_("推荐对象"), EntryKind.choices)}
    )
    types = selectors.type_list_for_tenant(tenant.pk, filters=filter_form.filter)
    rows = [
        {
            "type": t,
            "rules": rules_text(selectors.rules_of(t)),
            "quota": selectors.quota_summary(t),
            "stages": [Stage(s).label for s in t.stages],
        }
        for t in types
    ]
    missing = not filter_form.filter.active and len(types) < len(DEFAULT_TYPES)
    return render(
        request,
        "selections/type_list.html",
        {"rows": rows, "missing_defaults": missing, "filter_form": filter_form},
    )


@page_guard(is_tenant_office)
def type_new(request: AuthedRequest) -> HttpResponse:
    tenant = _tenant(request)
    form = TypeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            item = selection_type_create(tenant=tenant, data=form.type_data(), actor=request.user)
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("已新建评选类型「%(name)s」。") % {"name": item.name})
            return redirect("selections:type_list")
    return render(request, "selections/type_form.html", {"form": form, "title": _("新建评选类型")})


def type_edit(request: AuthedRequest, type_id: int) -> HttpResponse:
    item = access_type(request.user, type_id)
    form = TypeForm(request.POST or None, initial=TypeForm.initial_of(item))
    if request.method == "POST" and form.is_valid():
        try:
            selection_type_update(selection_type=item, data=form.type_data(), actor=request.user)
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("已保存。"))
            return redirect("selections:type_list")
    return render(
        request, "selections/type_form.html", {"form": form, "title": _("修改评选类型"), "item": item}
    )


@require_POST
@page_guard(is_tenant_office)
def type_seed(request: AuthedRequest) -> HttpResponse:
    added = selection_types_seed(tenant=_tenant(request), actor=request.user)
    if added:
        messages.success(request, _("已添加：%(names)s。") % {"names": "、".join(t.name for t in added)})
    else:
        messages.info(request, _("默认的评选类型都已存在。"))
    return redirect("selections:type_list")


@page_guard(is_tenant_office)
def records(request: AuthedRequest) -> HttpResponse:
    tenant_id = tenant_id_for(request.user)
    assert tenant_id is not None
    lookup = StaffNoForm(request.GET if "staff_no" in request.GET else None)
    if lookup.is_valid():
        member = selectors.member_by_staff_no_in_tenant(tenant_id, lookup.cleaned_data["staff_no"])
        if member is not None:
            return redirect("selections:record_edit", member_id=member.pk)
        lookup.add_error("staff_no", _("没有这个工号的会员。"))
    filter_form = ListFilterForm(request.GET, search_label=_("姓名、工号或单位"))
    page = paginate(request, selectors.member_records(tenant_id, filters=filter_form.filter), per_page=50)
    return render(
        request, "selections/records.html", {"page": page, "filter_form": filter_form, "lookup": lookup}
    )


def record_edit(request: AuthedRequest, member_id: int) -> HttpResponse:
    member = access_record_member(request.user, member_id)
    record = MemberRecord.objects.filter(tenant_id=member.tenant_id, member=member).first()
    initial = (
        {
            "union_work_since": record.union_work_since,
            "disciplined": record.disciplined,
            "discipline_note": record.discipline_note,
        }
        if record
        else {}
    )
    form = MemberRecordForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            member_record_set(member=member, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("已保存%(name)s的评选资格信息。") % {"name": member.name})
            return redirect("selections:records")
    return render(request, "selections/record_form.html", {"form": form, "member": member})
