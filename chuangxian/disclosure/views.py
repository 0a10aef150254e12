"""Disclosure pages: access → form → service → redirect or render."""

from typing import Any

from django.contrib import messages
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chuangxian.core import clock
from chuangxian.core.errors import DomainError
from chuangxian.core.filters import ListFilterForm
from chuangxian.core.forms import read_choices
from chuangxian.core.http import AuthedRequest
from chuangxian.core.navigation import page_guard
from chuangxian.core.views import paginate, require, stored_file_response
from chuangxian.disclosure import selectors
from chuangxian.disclosure.forms import (
    AnswerForm,
    FeedbackForm,
    HandlersForm,
    ItemForm,
    RightsForm,
    WithdrawForm,
)
from chuangxian.disclosure.models import Category, DisclosureAttachment, DisclosureItem, Feedback, Mode, Right
from chuangxian.disclosure.permissions import access_item, access_question, can_publish
from chuangxian.disclosure.services import (
    feedback_post,
    item_handlers_name,
    item_publish,
    item_update,
    item_withdraw,
    question_answer,
    rights_update,
)
from chuangxian.grants.models import GrantKind
from chuangxian.grants.views import revoke_on
from chuangxian.orgs.models import Unit
from chuangxian.orgs.permissions import belongs_to_a_tenant, is_tenant_office


def _tenant_id(request: AuthedRequest) -> int:
    tenant_id = request.user.tenant_id
    require(tenant_id is not None)
    assert tenant_id is not None
    return tenant_id


def _add_error(form: Any, error: DomainError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


def _units(tenant_id: int) -> list[Unit]:
    return list(
        Unit.objects.filter(tenant_id=tenant_id, is_active=True).only(
            "id", "tenant_id", "name", "depth", "path"
        )
    )


@page_guard(belongs_to_a_tenant)
def index(request: AuthedRequest) -> HttpResponse:
    tenant_id = _tenant_id(request)
    filter_form = ListFilterForm(
        request.GET,
        search_label=_("标题或内容"),
        choices={"category": (_("类别"), Category.choices), "mode": (_("公开方式"), Mode.choices)},
    )
    page = paginate(
        request, selectors.item_list_for(request.user, tenant_id, filters=filter_form.filter), per_page=20
    )
    labels = selectors.rights_labels(tenant_id)
    selectors.label_rights(page.object_list, labels, request.user)
    return render(
        request,
        "disclosure/index.html",
        {
            "page": page,
            "filter_form": filter_form,
            "labels": [labels[code] for code in Right.values],
            "office": can_publish(request.user, tenant_id),
            "today": clock.today(),
        },
    )


@page_guard(is_tenant_office)
def new(request: AuthedRequest) -> HttpResponse:
    tenant_id = _tenant_id(request)
    form = ItemForm(
        request.POST or None,
        request.FILES or None,
        units=_units(tenant_id),
        tenant_id=tenant_id,
        labels=selectors.rights_labels(tenant_id),
    )
    if request.method == "POST" and form.is_valid():
        try:
            item = item_publish(
                tenant_id=tenant_id, data=form.item_data(), attachments=form.uploads(), actor=request.user
            )
        except DomainError as error:
            _add_error(form, error)
        else:
            messages.success(request, _("已发布校务公开事项「%(title)s」。") % {"title": item.title})
            return redirect("disclosure:detail", item_id=item.pk)
    return render(request, "disclosure/form.html", {"form": form, "item": None})


def edit(request: AuthedRequest, item_id: int) -> HttpResponse:
    item = access_item(request.user, item_id, manage=True)
    require(item.withdrawn_at is None)
    attachments = list(DisclosureAttachment.objects.filter(tenant_id=item.tenant_id, item=item))
    initial = {
        "title": item.title,
        "body": item.body,
        "category": item.category,
        "mode": item.mode,
        "rights": item.rights,
        "units": [row.unit_id for row in item.audience.all()],
        "responsible_unit": item.responsible_unit_id,
        "publish_on": item.publish_on,
        "review_on": item.review_on,
    }
    form = ItemForm(
        request.POST or None,
        request.FILES or None,
        initial=initial,
        units=_units(item.tenant_id),
        tenant_id=item.tenant_id,
        attachments=attachments,
        labels=selectors.rights_labels(item.tenant_id),
    )
    if request.method == "POST" and form.is_valid():
        try:
            item_update(
                item=item,
                data=form.item_data(),
                attachments=form.uploads(),
                remove_attachments=form.cleaned_data.get("remove_attachments") or [],
                actor=request.user,
            )
        except DomainError as error:
            _add_error(form, error)
        else:
            messages.success(request, _("已保存修改。"))
            return redirect("disclosure:detail", item_id=item.pk)
    return render(request, "disclosure/form.html", {"form": form, "item": item})


def withdraw(request: AuthedRequest, item_id: int) -> HttpResponse:
    item = access_item(request.user, item_id, manage=True)
    require(item.withdrawn_at is None)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            item_withdraw(item=item, reason=form.cleaned_data["reason"], actor=request.user)
        except DomainError as error:
            _add_error(form, error)
        else:
            messages.success(request, _("已撤回「%(title)s」。") % {"title": item.title})
            return redirect("disclosure:index")
    return render(request, "disclosure/withdraw.html", {"form": form, "item": item})


def _detail(
    request: AuthedRequest,
    item: DisclosureItem,
    form: FeedbackForm | None = None,
    answer_forms: dict[int, AnswerForm] | None = None,
) -> HttpResponse:
    require(item.withdrawn_at is None)
    page = selectors.item_page(item, request.user)
    if form is None and page.can_post:
        form = FeedbackForm()
    answer_forms = answer_forms or {}
    rows = [(row, answer_forms.get(row.pk) or AnswerForm(prefix=f"q{row.pk}")) for row in page.feedback]
    return render(request, "disclosure/detail.html", {"page": page, "item": item, "form": form, "rows": rows})


def detail(request: AuthedRequest, item_id: int) -> HttpResponse:
    return _detail(request, access_item(request.user, item_id))


@require_POST
def feedback(request: AuthedRequest, item_id: int) -> HttpResponse:
    item = access_item(request.user, item_id)
    form = FeedbackForm(request.POST)
    if form.is_valid():
        try:
            row = feedback_post(
                item=item, kind=form.cleaned_data["kind"], text=form.cleaned_data["text"], actor=request.user
            )
        except DomainError as error:
            _add_error(form, error)
        else:
            messages.success(
                request, _("提问已提交，责任部门将书面答复。") if row.is_question else _("意见建议已发表。")
            )
            return redirect(_item_url(item, row))
    return _detail(request, item, form)


def _item_url(item: DisclosureItem, row: Feedback) -> str:
    return f"{reverse('disclosure:detail', args=[item.pk])}#q{row.pk}"


@require_POST
def answer(request: AuthedRequest, question_id: int) -> HttpResponse:
    question = access_question(request.user, question_id)
    form = AnswerForm(request.POST, prefix=f"q{question.pk}")
    if form.is_valid():
        try:
            question_answer(question=question, answer=form.cleaned_data["answer"], actor=request.user)
        except DomainError as error:
            _add_error(form, error)
        else:
            messages.success(request, _("已书面答复。"))
            return redirect(_item_url(question.item, question))
    item = access_item(request.user, question.item_id)
    return _detail(request, item, answer_forms={question.pk: form})


def attachment(request: AuthedRequest, item_id: int, attachment_id: int) -> FileResponse:
    item = access_item(request.user, item_id)
    require(item.withdrawn_at is None)
    row = DisclosureAttachment.objects.filter(tenant_id=item.tenant_id, item=item, pk=attachment_id).first()
    require(row is not None)
    assert row is not None
    return stored_file_response(row.file, name=row.original_name)


@page_guard(is_tenant_office)
def rights(request: AuthedRequest) -> HttpResponse:
    tenant_id = _tenant_id(request)
    labels = selectors.rights_labels(tenant_id)
    form = RightsForm(request.POST or None, initial=labels)
    if request.method == "POST" and form.is_valid():
        try:
            rights_update(tenant_id=tenant_id, labels=form.cleaned_data, actor=request.user)
        except DomainError as error:
            _add_error(form, error)
        else:
            messages.success(request, _("已保存四项权利的名称。"))
            return redirect("disclosure:index")
    return render(request, "disclosure/rights.html", {"form": form})


def handlers(request: AuthedRequest, item_id: int) -> HttpResponse:
    """The item's handler grants: the office names members who answer its questions, and takes the
    grants back."""
    item = access_item(request.user, item_id, manage=True)
    require(item.withdrawn_at is None)
    form = HandlersForm(request.POST or None, tenant_id=item.tenant_id)
    if request.method == "POST" and form.is_valid():
        try:
            named = item_handlers_name(item=item, members=form.cleaned_data["members"], actor=request.user)
        except DomainError as error:
            form.add_error("members" if error.field is None else error.field, error.message)
        else:
            messages.success(request, _("已指定 %(n)s 名答复人。") % {"n": len(named)})
            return redirect("disclosure:handlers", item_id=item.pk)
    read_choices(form)
    return render(
        request,
        "disclosure/handlers.html",
        {"item": item, "grants": selectors.handler_grants(item), "form": form},
    )


@require_POST
def handler_revoke(request: AuthedRequest, item_id: int, grant_id: int) -> HttpResponse:
    item = access_item(request.user, item_id, manage=True)
    revoke_on(request, item, GrantKind.HANDLER, grant_id, done=_("已收回答复权限。"))
    return redirect("disclosure:handlers", item_id=item.pk)
