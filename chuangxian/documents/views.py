"""Official notice pages: the list, drafting, issuing, the HTML rendition, .docx/.pdf downloads, revoking."""

from django.contrib import messages
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chuangxian.campaigns.selectors import campaign_current_for_tenant
from chuangxian.core.errors import DomainError
from chuangxian.core.http import AuthedRequest
from chuangxian.core.models import Tenant
from chuangxian.core.views import paginate, require, stored_file_response
from chuangxian.documents import rendering, selectors
from chuangxian.documents.forms import AttachmentForm, NoticeForm, RevokeForm, SeriesStartForm
from chuangxian.documents.permissions import access_notice, can_manage_notices
from chuangxian.documents.services import (
    EDITABLE_FIELDS,
    notice_attachment_add,
    notice_attachment_remove,
    notice_create,
    notice_delete,
    notice_issue,
    notice_revoke,
    notice_series_set_start,
    notice_update,
)
from chuangxian.exports.views import export_response
from chuangxian.orgs.permissions import tenant_id_for


def _tenant_id(request: AuthedRequest) -> int:
    tenant_id = tenant_id_for(request.user)
    require(tenant_id is not None)
    return int(tenant_id)  # type: ignore[arg-type]


def _office_tenant_id(request: AuthedRequest) -> int:
    tenant_id = _tenant_id(request)
    require(can_manage_notices(request.user, tenant_id))
    return tenant_id


def _office_tenant(request: AuthedRequest) -> Tenant:
    return Tenant.objects.get(pk=_office_tenant_id(request))


def notice_list(request: AuthedRequest) -> HttpResponse:
    tenant_id = _tenant_id(request)
    page = paginate(request, selectors.notice_list_for_user(request.user, tenant_id), per_page=30)
    return render(
        request,
        "documents/notice_list.html",
        {"page": page, "office": can_manage_notices(request.user, tenant_id)},
    )


def notice_new(request: AuthedRequest) -> HttpResponse:
    tenant = _office_tenant(request)
    form = NoticeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            notice = notice_create(
                tenant=tenant,
                fields=form.notice_fields(),
                campaign=campaign_current_for_tenant(tenant.pk),
                actor=request.user,
            )
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("已保存草稿。检查无误后即可签发，文号在签发时分配。"))
            return redirect("documents:notice_detail", notice_id=notice.pk)
    return render(request, "documents/notice_form.html", {"form": form, "title": _("起草公文")})


def notice_edit(request: AuthedRequest, notice_id: int) -> HttpResponse:
    notice = access_notice(request.user, notice_id, manage=True)
    if not notice.is_draft:
        messages.error(request, _("公文已经印发，不能再修改；如有错误，请撤销后另行发文。"))
        return redirect("documents:notice_detail", notice_id=notice.pk)
    initial = {name: getattr(notice, name) for name in EDITABLE_FIELDS}
    initial["doc_prefix"] = initial.pop("prefix")
    form = NoticeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            notice_update(notice=notice, fields=form.notice_fields(), actor=request.user)
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("已保存。"))
            return redirect("documents:notice_detail", notice_id=notice.pk)
    return render(
        request, "documents/notice_form.html", {"form": form, "notice": notice, "title": _("修改公文草稿")}
    )


def notice_detail(request: AuthedRequest, notice_id: int) -> HttpResponse:
    notice = access_notice(request.user, notice_id)
    attachments = selectors.notice_attachments(notice)
    office = can_manage_notices(request.user, notice.tenant_id)
    return render(
        request,
        "documents/notice_detail.html",
        {
            "notice": notice,
            "layout": rendering.notice_layout(notice, attachments),
            "attachments": attachments,
            "office": office,
            "attachment_form": AttachmentForm() if office and notice.is_draft else None,
        },
    )


def notice_issue_view(request: AuthedRequest, notice_id: int) -> HttpResponse:
    notice = access_notice(request.user, notice_id, manage=True)
    if request.method == "POST":
        try:
            notice = notice_issue(notice=notice, actor=request.user)
        except DomainError as error:
            messages.error(request, error.message)
            if error.code == "incomplete":
                return redirect("documents:notice_edit", notice_id=notice.pk)
        else:
            messages.success(request, _("已签发，文号为 %(number)s。") % {"number": notice.document_number})
        return redirect("documents:notice_detail", notice_id=notice.pk)
    return render(
        request,
        "documents/notice_issue.html",
        {
            "notice": notice,
            "next_number": selectors.series_next_number(notice.tenant_id, notice.prefix, notice.year),
        },
    )


def notice_revoke_view(request: AuthedRequest, notice_id: int) -> HttpResponse:
    notice = access_notice(request.user, notice_id, manage=True)
    form = RevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            notice_revoke(notice=notice, reason=form.cleaned_data["reason"], actor=request.user)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request, _("已撤销，文号 %(number)s 保留不再使用。") % {"number": notice.document_number}
            )
            return redirect("documents:notice_detail", notice_id=notice.pk)
    return render(request, "documents/notice_revoke.html", {"form": form, "notice": notice})


@require_POST
def notice_delete_view(request: AuthedRequest, notice_id: int) -> HttpResponse:
    notice = access_notice(request.user, notice_id, manage=True)
    try:
        notice_delete(notice=notice, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("documents:notice_detail", notice_id=notice.pk)
    messages.success(request, _("已删除草稿。"))
    return redirect("documents:notice_list")


@require_POST
def attachment_add(request: AuthedRequest, notice_id: int) -> HttpResponse:
    notice = access_notice(request.user, notice_id, manage=True)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            notice_attachment_add(
                notice=notice,
                title=form.cleaned_data["title"],
                upload=upload,
                filename=upload.name if upload else "",
                actor=request.user,
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("已添加附件。"))
    else:
        messages.error(request, _("请填写附件名称。"))
    return redirect("documents:notice_detail", notice_id=notice.pk)


@require_POST
def attachment_remove(request: AuthedRequest, notice_id: int, attachment_id: int) -> HttpResponse:
    notice = access_notice(request.user, notice_id, manage=True)
    attachment = selectors.notice_attachment_get(notice, attachment_id)
    require(attachment is not None)
    assert attachment is not None
    try:
        notice_attachment_remove(attachment=attachment, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("documents:notice_detail", notice_id=notice.pk)


def attachment_download(request: AuthedRequest, notice_id: int, attachment_id: int) -> FileResponse:
    notice = access_notice(request.user, notice_id)
    attachment = selectors.notice_attachment_get(notice, attachment_id)
    require(attachment is not None and bool(attachment.file))
    assert attachment is not None
    return stored_file_response(attachment.file, name=attachment.title)


def notice_pdf(request: AuthedRequest, notice_id: int) -> HttpResponse:
    """The notice's PDF (the ``documents.notice`` export); a 404 for whom may not read it."""
    notice = access_notice(request.user, notice_id)
    return export_response(request, "documents.notice", "pdf", {"notice": notice.pk})


def notice_docx(request: AuthedRequest, notice_id: int) -> HttpResponse:
    """The notice's Word file (the ``documents.notice`` export); a 404 for whom may not read it."""
    notice = access_notice(request.user, notice_id)
    return export_response(request, "documents.notice", "docx", {"notice": notice.pk})


def series_list(request: AuthedRequest) -> HttpResponse:
    tenant = _office_tenant(request)
    form = SeriesStartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            sequence = notice_series_set_start(
                tenant=tenant,
                prefix=form.cleaned_data["doc_prefix"],
                year=form.cleaned_data["year"],
                first_number=form.cleaned_data["first_number"],
                actor=request.user,
            )
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(
                request,
                _("%(series)s 的第一份公文将编为 %(n)s 号。")
                % {"series": str(sequence), "n": sequence.first_number},
            )
            return redirect("documents:series")
    return render(
        request,
        "documents/series.html",
        {"form": form, "series": selectors.series_list_for_tenant(tenant.pk)},
    )
