"""Awards' pages: access → form → service → redirect or render."""

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chuangxian.awards import selectors
from chuangxian.awards.certificate import Wording, certificates_pdf, sample_page
from chuangxian.awards.forms import AnnounceForm, ExemplarForm, NoticeDraftForm, TemplateForm
from chuangxian.awards.permissions import access_award, can_manage_awards
from chuangxian.awards.services import (
    award_exemplar_set,
    awards_announce,
    awards_notice_draft,
    certificate_template_save,
)
from chuangxian.core import clock
from chuangxian.core.errors import DomainError, NotFoundError
from chuangxian.core.filters import ListFilterForm
from chuangxian.core.http import AuthedRequest
from chuangxian.core.models import Tenant
from chuangxian.core.navigation import page_guard
from chuangxian.core.views import download_response, paginate, require
from chuangxian.orgs.permissions import belongs_to_a_tenant, can_configure_tenant, tenant_id_for
from chuangxian.selections.models import EntryKind, SelectionStatus, Stage
from chuangxian.selections.permissions import access_selection


def _add_error(form: Any, error: DomainError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


def results(request: AuthedRequest, selection_id: int) -> HttpResponse:
    selection = access_selection(request.user, selection_id)
    rows = selectors.results_rows(selection, request.user)
    office = can_manage_awards(request.user, selection.tenant_id)
    return render(
        request,
        "awards/results.html",
        {
            "selection": selection,
            "rows": rows,
            "office": office,
            # The template page is the school's own (a platform admin of no school has none).
            "template_link": office and tenant_id_for(request.user) == selection.tenant_id,
            "at_final": selection.status == SelectionStatus.FINISHED and selection.stage == Stage.FINAL,
            "any_certificate": any(row.may_see_certificate for row in rows),
        },
    )


def announce(request: AuthedRequest, selection_id: int) -> HttpResponse:
    selection = access_selection(request.user, selection_id, configure=True)
    at_final = selection.status == SelectionStatus.FINISHED and selection.stage == Stage.FINAL
    candidates = selectors.candidates_for_announcement(selection) if at_final else []
    form = AnnounceForm(request.POST if request.method == "POST" else None, candidates=candidates)
    if request.method == "POST" and at_final and form.is_valid():
        try:
            created = awards_announce(
                selection=selection,
                entry_ids=[int(v) for v in form.cleaned_data["entries"]],
                awarded_on=form.cleaned_data["awarded_on"],
                actor=request.user,
            )
        except DomainError as error:
            _add_error(form, error)
        else:
            messages.success(request, _("已公布 %(n)s 位（个）获奖对象。") % {"n": len(created)})
            return redirect("awards:results", selection_id=selection.pk)
    return render(
        request, "awards/announce.html", {"selection": selection, "form": form, "at_final": at_final}
    )


def _pdf(pages: list[Any], filename: str) -> HttpResponse:
    return download_response(certificates_pdf(pages), filename=filename, kind="pdf")


def certificate(request: AuthedRequest, award_id: int) -> HttpResponse:
    award = access_award(request.user, award_id)
    wording = selectors.wording_of(selectors.certificate_template_for(Tenant.objects.get(pk=award.tenant_id)))
    page = selectors.certificate_page(wording, award)
    return _pdf([page], _("证书-%(name)s-%(no)s.pdf") % {"name": award.name, "no": award.certificate_no})


def certificates(request: AuthedRequest, selection_id: int) -> HttpResponse:
    """Every certificate of the selection the requester may see, one page each, in one PDF."""
    selection = access_selection(request.user, selection_id)
    awards = [row.award for row in selectors.results_rows(selection, request.user) if row.may_see_certificate]
    require(bool(awards))
    wording = selectors.wording_of(
        selectors.certificate_template_for(Tenant.objects.get(pk=selection.tenant_id))
    )
    pages = [selectors.certificate_page(wording, award) for award in awards]
    return _pdf(pages, _("证书-%(title)s.pdf") % {"title": selection.title})


def _office_tenant(request: AuthedRequest) -> Tenant:
    tenant_id = tenant_id_for(request.user)
    if tenant_id is None or not can_configure_tenant(request.user, tenant_id):
        raise NotFoundError()
    return Tenant.objects.get(pk=tenant_id)


def template_edit(request: AuthedRequest) -> HttpResponse:
    """The school's certificate template with a preview of a made-up winner's certificate; "预览"
    shows the form's wording without saving it."""
    tenant = _office_tenant(request)
    template = selectors.certificate_template_for(tenant)
    initial = {
        "title": template.title,
        "body": template.body,
        "union_name": template.union_name,
        "signature": template.signature,
        "date_format": template.date_format,
    }
    form = TemplateForm(request.POST if request.method == "POST" else None, initial=initial)
    wording = selectors.wording_of(template)
    if request.method == "POST" and form.is_valid():
        wording = Wording(**form.cleaned_data)
        if "preview" not in request.POST:
            try:
                certificate_template_save(tenant=tenant, actor=request.user, **form.cleaned_data)
            except DomainError as error:
                _add_error(form, error)
            else:
                messages.success(request, _("已保存证书模板。"))
                return redirect("awards:template")
    return render(
        request,
        "awards/template.html",
        {"form": form, "page": sample_page(wording, clock.today()), "saved": template.pk is not None},
    )


@require_POST
def exemplar(request: AuthedRequest, award_id: int) -> HttpResponse:
    award = access_award(request.user, award_id, manage=True)
    form = ExemplarForm(request.POST)
    value = form.is_valid() and bool(form.cleaned_data["exemplar"])
    award_exemplar_set(award=award, exemplar=value, actor=request.user)
    if value:
        messages.success(request, _("已将%(name)s标记为先进典型。") % {"name": award.name})
    else:
        messages.success(request, _("已取消%(name)s的先进典型标记。") % {"name": award.name})
    return redirect("awards:results", selection_id=award.selection_id)


def notice_draft(request: AuthedRequest, selection_id: int) -> HttpResponse:
    selection = access_selection(request.user, selection_id, configure=True)
    tenant = Tenant.objects.get(pk=selection.tenant_id)
    form = NoticeDraftForm(
        request.POST if request.method == "POST" else None,
        initial={"issuing_office": selectors.certificate_template_for(tenant).union_name},
    )
    if request.method == "POST" and form.is_valid():
        try:
            notice = awards_notice_draft(
                selection=selection,
                prefix=form.cleaned_data["doc_prefix"],
                issuing_office=form.cleaned_data["issuing_office"],
                actor=request.user,
            )
        except DomainError as error:
            _add_error(form, error)
        else:
            messages.success(request, _("已生成通知草稿，请核对后签发。"))
            return redirect("documents:notice_edit", notice_id=notice.pk)
    return render(request, "awards/notice_draft.html", {"selection": selection, "form": form})


@page_guard(belongs_to_a_tenant)
def exemplars(request: AuthedRequest) -> HttpResponse:
    tenant_id = tenant_id_for(request.user)
    assert tenant_id is not None
    filter_form = ListFilterForm(
        request.GET,
        search_label=_("姓名、单位或荣誉"),
        choices={"kind": (_("类别"), EntryKind.choices)},
    )
    page = paginate(request, selectors.exemplar_list(tenant_id, filters=filter_form.filter), per_page=30)
    return render(request, "awards/exemplars.html", {"page": page, "filter_form": filter_form})
