"""Appeal pages: access → form → service → redirect or render."""

from typing import Any

from django.contrib import messages
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chuangxian.appeals import selectors
from chuangxian.appeals.forms import (
    AnswerForm,
    AppealForm,
    HandlerForm,
    MessageForm,
    PeriodForm,
    RateForm,
    TransferForm,
)
from chuangxian.appeals.models import AppealCategory, AppealStatus
from chuangxian.appeals.permissions import (
    access_appeal,
    can_oversee,
    can_submit,
    may_oversee_own_school,
    may_use_inbox,
)
from chuangxian.appeals.services import (
    appeal_accept,
    appeal_answer,
    appeal_handler_name,
    appeal_message,
    appeal_rate,
    appeal_submit,
    appeal_transfer,
    routable_units,
)
from chuangxian.core.errors import DomainError
from chuangxian.core.filters import ListFilterForm
from chuangxian.core.http import AuthedRequest
from chuangxian.core.navigation import page_guard
from chuangxian.core.views import paginate, require, stored_file_response
from chuangxian.orgs.models import Member
from chuangxian.orgs.permissions import member_for


def _add_error(form: Any, error: DomainError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


@page_guard(can_submit)
def index(request: AuthedRequest) -> HttpResponse:
    """我的诉求: the member's own appeals, with the way to a new one, the inbox and the ledger."""
    return render(
        request,
        "appeals/index.html",
        {
            "appeals": selectors.appeals_of_member(request.user),
            "inbox": may_use_inbox(request.user),
            "office": may_oversee_own_school(request.user),
        },
    )


@page_guard(can_submit)
def new(request: AuthedRequest) -> HttpResponse:
    member = member_for(request.user)
    assert member is not None  # can_submit
    units = routable_units(member.tenant_id, member)
    form = AppealForm(request.POST or None, request.FILES or None, units=units)
    if request.method == "POST" and form.is_valid():
        try:
            appeal = appeal_submit(data=form.data_for(form.cleaned_data), actor=request.user)
        except DomainError as error:
            _add_error(form, error)
        else:
            messages.success(
                request, _("诉求已提交，答复期限为 %(due)s。") % {"due": appeal.due_on.isoformat()}
            )
            return redirect("appeals:detail", appeal_id=appeal.pk)
    return render(request, "appeals/new.html", {"form": form})


@page_guard(may_use_inbox)
def inbox(request: AuthedRequest) -> HttpResponse:
    filter_form = ListFilterForm(
        request.GET,
        search_label=_("主题或内容"),
        choices={
            "status": (_("状态"), AppealStatus.choices),
            "category": (_("类别"), AppealCategory.choices),
            "overdue": (_("期限"), [("yes", _("已超期"))]),
        },
    )
    page = paginate(request, selectors.inbox(request.user, filters=filter_form.filter), per_page=30)
    for appeal in page.object_list:
        appeal.overdue = selectors.is_overdue(appeal)
    return render(
        request,
        "appeals/inbox.html",
        {"page": page, "filter_form": filter_form, "office": may_oversee_own_school(request.user)},
    )


def _detail(request: AuthedRequest, appeal_id: int, **forms: Any) -> HttpResponse:
    appeal = access_appeal(request.user, appeal_id)
    page = selectors.appeal_page(appeal, request.user)
    if page.may_transfer and "transfer_form" not in forms:
        forms["transfer_form"] = TransferForm(units=page.transfer_units)
    if page.may_answer and "answer_form" not in forms:
        forms["answer_form"] = AnswerForm()
    if page.may_message and "message_form" not in forms:
        forms["message_form"] = MessageForm()
    if page.may_rate and "rate_form" not in forms:
        forms["rate_form"] = RateForm()
    if page.office and page.may_transfer and "handler_form" not in forms:
        forms["handler_form"] = HandlerForm()
    return render(request, "appeals/detail.html", {"page": page, "appeal": appeal, **forms})


def detail(request: AuthedRequest, appeal_id: int) -> HttpResponse:
    return _detail(request, appeal_id)


def attachment(request: AuthedRequest, appeal_id: int) -> FileResponse:
    appeal = access_appeal(request.user, appeal_id)
    require(bool(appeal.attachment))
    return stored_file_response(appeal.attachment, name=appeal.attachment_name or "附件")


@require_POST
def accept(request: AuthedRequest, appeal_id: int) -> HttpResponse:
    appeal = access_appeal(request.user, appeal_id, handle=True)
    try:
        appeal_accept(appeal=appeal, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("已受理，请在 %(due)s 前书面答复。") % {"due": appeal.due_on.isoformat()})
    return redirect("appeals:detail", appeal_id=appeal.pk)


@require_POST
def transfer(request: AuthedRequest, appeal_id: int) -> HttpResponse:
    appeal = access_appeal(request.user, appeal_id, handle=True)
    units = [u for u in routable_units(appeal.tenant_id) if u.pk != appeal.unit_id]
    form = TransferForm(request.POST, units=units)
    if form.is_valid():
        try:
            appeal = appeal_transfer(
                appeal=appeal, to_unit=form.chosen(), reason=form.cleaned_data["reason"], actor=request.user
            )
        except DomainError as error:
            _add_error(form, error)
        else:
            messages.success(request, _("已转交%(unit)s办理。") % {"unit": appeal.unit.name})
            if access_allowed(request, appeal.pk):
                return redirect("appeals:detail", appeal_id=appeal.pk)
            return redirect("appeals:inbox")
    return _detail(request, appeal_id, transfer_form=form)


def access_allowed(request: AuthedRequest, appeal_id: int) -> bool:
    try:
        access_appeal(request.user, appeal_id)
    except DomainError:
        return False
    return True


@require_POST
def handler(request: AuthedRequest, appeal_id: int) -> HttpResponse:
    """The office names a member, by staff number, to handle this appeal (a ``HANDLER`` grant)."""
    appeal = access_appeal(request.user, appeal_id)
    require(can_oversee(request.user, appeal.tenant_id))
    form = HandlerForm(request.POST)
    if form.is_valid():
        member = Member.objects.filter(
            tenant_id=appeal.tenant_id, staff_no=form.cleaned_data["staff_no"].strip()
        ).first()
        if member is None:
            form.add_error("staff_no", _("本校没有这个工号的教职工。"))
        else:
            try:
                appeal_handler_name(appeal=appeal, member=member, actor=request.user)
            except DomainError as error:
                form.add_error("staff_no", error.message)
            else:
                messages.success(request, _("已请%(name)s办理这条诉求。") % {"name": member.name})
                return redirect("appeals:detail", appeal_id=appeal.pk)
    return _detail(request, appeal_id, handler_form=form)


@require_POST
def answer(request: AuthedRequest, appeal_id: int) -> HttpResponse:
    appeal = access_appeal(request.user, appeal_id, handle=True)
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            appeal_answer(appeal=appeal, text=form.cleaned_data["text"], actor=request.user)
        except DomainError as error:
            _add_error(form, error)
        else:
            messages.success(request, _("已书面答复，等待提出人评价。"))
            return redirect("appeals:detail", appeal_id=appeal.pk)
    return _detail(request, appeal_id, answer_form=form)


@require_POST
def message(request: AuthedRequest, appeal_id: int) -> HttpResponse:
    appeal = access_appeal(request.user, appeal_id)
    form = MessageForm(request.POST)
    if form.is_valid():
        try:
            appeal_message(appeal=appeal, text=form.cleaned_data["text"], actor=request.user)
        except DomainError as error:
            _add_error(form, error)
        else:
            messages.success(request, _("留言已发送。"))
            return redirect("appeals:detail", appeal_id=appeal.pk)
    return _detail(request, appeal_id, message_form=form)


@require_POST
def rate(request: AuthedRequest, appeal_id: int) -> HttpResponse:
    appeal = access_appeal(request.user, appeal_id, own=True)
    form = RateForm(request.POST)
    if form.is_valid():
        try:
            appeal = appeal_rate(
                appeal=appeal,
                rating=form.cleaned_data["rating"],
                comment=form.cleaned_data["comment"],
                actor=request.user,
            )
        except DomainError as error:
            _add_error(form, error)
        else:
            if appeal.status == AppealStatus.ACCEPTED:
                messages.success(request, _("已评价为不满意，诉求将重新办理并再次答复。"))
            else:
                messages.success(request, _("感谢您的评价，诉求已办结。"))
            return redirect("appeals:detail", appeal_id=appeal.pk)
    return _detail(request, appeal_id, rate_form=form)


@page_guard(may_oversee_own_school)
def stats(request: AuthedRequest) -> HttpResponse:
    tenant_id = request.user.tenant_id
    assert tenant_id is not None and can_oversee(request.user, tenant_id)
    form = PeriodForm(request.GET)
    start, end = form.period()
    return render(
        request,
        "appeals/stats.html",
        {"stats": selectors.appeal_stats(tenant_id, start=start, end=end), "form": form},
    )
