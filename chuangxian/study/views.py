"""Document study pages: access → form → service → redirect or render."""

from typing import Any

from django.contrib import messages
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chuangxian.campaigns.models import Campaign
from chuangxian.campaigns.selectors import campaign_current_for_tenant
from chuangxian.core.errors import DomainError
from chuangxian.core.http import AuthedRequest
from chuangxian.core.navigation import Crumb, page_allows, page_guard
from chuangxian.core.roles import Capability
from chuangxian.core.views import paginate, require, stored_file_response
from chuangxian.orgs.models import Unit
from chuangxian.orgs.permissions import (
    access_unit,
    belongs_to_a_tenant,
    member_for,
    role_assignments_for,
    scope_for,
)
from chuangxian.orgs.selectors import unit_choices
from chuangxian.study import selectors
from chuangxian.study.forms import StudyDocumentForm
from chuangxian.study.models import StudyAttachment
from chuangxian.study.permissions import (
    access_study_document,
    can_publish_study,
    can_view_study_status,
    document_targets_member,
)
from chuangxian.study.services import study_confirm, study_document_publish


def _tenant_id(request: AuthedRequest) -> int:
    tenant_id = getattr(request.user, "tenant_id", None)
    require(tenant_id is not None)
    return int(tenant_id)  # type: ignore[arg-type]


@page_guard(belongs_to_a_tenant)
def study_index(request: AuthedRequest) -> HttpResponse:
    tenant_id = _tenant_id(request)
    office = can_publish_study(request.user, tenant_id)
    member = member_for(request.user)
    scope = scope_for(request.user, Capability.VIEW)
    context: dict[str, Any] = {"office": office}
    if office:
        context["page"] = paginate(request, selectors.study_documents_for_office(tenant_id))
    else:
        mine = list(selectors.study_documents_for_member(member)[:50]) if member else []
        context["mine"] = mine
        if not scope.is_empty():
            seen = {d.pk for d in mine}
            context["others"] = [
                d
                for d in selectors.study_documents_in_scope(tenant_id, scope.prefixes)[:50]
                if d.pk not in seen
            ]
    return render(request, "study/index.html", context)


def study_new(request: AuthedRequest) -> HttpResponse:
    tenant_id = _tenant_id(request)
    require(can_publish_study(request.user, tenant_id))
    campaign: Campaign | None = campaign_current_for_tenant(tenant_id)
    form = StudyDocumentForm(
        request.POST or None, request.FILES or None, unit_choices=unit_choices(tenant_id)
    )
    if campaign is None:
        form.add_error(None, _("暂无进行中的创先活动，请先启用一个创先活动。"))
    elif request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        units = None
        if data["units"]:
            units = list(Unit.objects.filter(tenant_id=tenant_id, pk__in=data["units"]))
        try:
            document = study_document_publish(
                tenant=request.user.tenant,  # type: ignore[arg-type]
                campaign=campaign,
                title=data["title"],
                body=data["body"],
                units=units,
                due_on=data["due_on"],
                published_on=data["published_on"],
                attachments=[(f.name, f.read()) for f in data["attachments"]],
                actor=request.user,
            )
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("已发布学习文件「%(title)s」。") % {"title": document.title})
            return redirect("study:detail", document_id=document.pk)
    return render(request, "study/form.html", {"form": form})


def study_detail(request: AuthedRequest, document_id: int) -> HttpResponse:
    document = access_study_document(request.user, document_id)
    member = member_for(request.user)
    confirmation = None
    targeted = member is not None and document_targets_member(document, member)
    if targeted:
        assert member is not None
        confirmation = document.confirmations.filter(member=member).first()
    managed = sorted(
        {
            unit_id
            for role, unit_id, _path in role_assignments_for(request.user)
            if role in ("chair", "liaison", "leader")
        }
    )
    index_url = reverse("study:index")  # the platform admin reads a school's document, has no list
    return render(
        request,
        "study/detail.html",
        {
            "document": document,
            "crumbs": [
                Crumb(label=_("文件学习"), url=index_url if page_allows(request.user, index_url) else None),
                Crumb(label=_("文件")),
            ],
            "attachments": list(document.attachments.all()),
            "targeted": targeted,
            "confirmation": confirmation,
            "office": can_publish_study(request.user, document.tenant_id),
            "managed_units": list(
                Unit.objects.filter(tenant_id=document.tenant_id, pk__in=managed).order_by("path")
            ),
        },
    )


@require_POST
def study_confirm_view(request: AuthedRequest, document_id: int) -> HttpResponse:
    document = access_study_document(request.user, document_id)
    member = member_for(request.user)
    require(member is not None)
    assert member is not None
    try:
        _confirmation, created = study_confirm(document=document, member=member, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("已确认学习，谢谢！") if created else _("您已经确认过了。"))
    return redirect("study:detail", document_id=document.pk)


def study_unit_status(request: AuthedRequest, document_id: int, unit_id: int) -> HttpResponse:
    document = access_study_document(request.user, document_id)
    unit = access_unit(request.user, unit_id)
    require(can_view_study_status(request.user, unit))
    status, missing, confirmed = selectors.study_status_for_unit(document, unit)
    show = "confirmed" if request.GET.get("show") == "confirmed" else "missing"
    page = paginate(request, confirmed if show == "confirmed" else missing, per_page=100)
    return render(
        request,
        "study/unit_status.html",
        {"document": document, "unit": unit, "status": status, "page": page, "show": show},
    )


def study_rates(request: AuthedRequest, document_id: int) -> HttpResponse:
    document = access_study_document(request.user, document_id)
    require(can_publish_study(request.user, document.tenant_id))
    rows = selectors.study_rates_by_unit(document)
    total = sum(r.total for r in rows)
    confirmed = sum(r.confirmed for r in rows)
    return render(
        request,
        "study/rates.html",
        {
            "document": document,
            "rows": rows,
            "total": total,
            "confirmed": confirmed,
            "rate": round(100 * confirmed / total) if total else 0,
        },
    )


def study_attachment(request: AuthedRequest, document_id: int, attachment_id: int) -> FileResponse:
    document = access_study_document(request.user, document_id)
    attachment = StudyAttachment.objects.filter(
        tenant_id=document.tenant_id, document=document, pk=attachment_id
    ).first()
    require(attachment is not None)
    assert attachment is not None
    return stored_file_response(attachment.file, name=attachment.name)
