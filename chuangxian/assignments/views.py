"""Task pages: the office's task list per campaign, a unit's task list, and one unit task."""

from typing import Any

from django.contrib import messages
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chuangxian.assignments import selectors
from chuangxian.assignments.evidence import EvidenceKind, is_record_kind, record_url_for
from chuangxian.assignments.forms import ResponsibleForm, ReviewForm, SubmitForm, TaskForm
from chuangxian.assignments.models import TaskStatus, UnitTask
from chuangxian.assignments.permissions import (
    access_task,
    access_unit_task,
    can_review_unit_task,
    can_submit_unit_task,
)
from chuangxian.assignments.services import (
    campaign_tasks_sync,
    task_create,
    task_delete,
    task_update,
    tasks_create_defaults,
    unit_task_mark_done,
    unit_task_review,
    unit_task_set_responsible,
    unit_task_start,
    unit_task_submit,
)
from chuangxian.campaigns.models import Campaign, Phase
from chuangxian.campaigns.selectors import campaign_chosen, campaign_current_for_tenant, campaign_get
from chuangxian.core.errors import DomainError, NotFoundError, Refused
from chuangxian.core.forms import read_choices
from chuangxian.core.http import AuthedRequest
from chuangxian.core.navigation import Crumb
from chuangxian.core.views import require, stored_file_response
from chuangxian.orgs.permissions import (
    access_unit,
    can_configure_tenant,
    can_manage_unit,
    can_view_unit,
    member_for,
)
from chuangxian.orgs.selectors import member_choices_for_unit
from chuangxian.review.views import history_page


def _office_campaign(request: AuthedRequest, campaign_id: int) -> Campaign:
    tenant_id = request.user.tenant_id
    require(tenant_id is not None and can_configure_tenant(request.user, tenant_id))
    assert tenant_id is not None
    campaign = campaign_get(tenant_id, campaign_id)
    require(campaign is not None)
    assert campaign is not None
    return campaign


def index(request: AuthedRequest) -> HttpResponse:
    """The office goes to the current campaign's task list; anyone else to their unit's tasks."""
    tenant_id = request.user.tenant_id
    if tenant_id is not None and can_configure_tenant(request.user, tenant_id):
        campaign = campaign_current_for_tenant(tenant_id)
        if campaign is not None:
            return redirect("assignments:campaign_tasks", campaign_id=campaign.pk)
        return redirect("campaigns:list")
    member = member_for(request.user)
    require(member is not None)
    assert member is not None
    return redirect("assignments:unit_tasks", unit_id=member.unit_id)


def campaign_tasks(request: AuthedRequest, campaign_id: int) -> HttpResponse:
    campaign = _office_campaign(request, campaign_id)
    return render(
        request,
        "assignments/campaign_tasks.html",
        {"campaign": campaign, "phases": selectors.task_list_for_campaign(campaign)},
    )


def _phases(campaign: Campaign) -> list[Phase]:
    return list(campaign.phases.all())


def _task_fields(campaign: Campaign, data: dict[str, Any]) -> dict[str, Any]:
    fields = dict(data)
    fields["phase"] = campaign.phases.get(pk=fields["phase"])
    return fields


def task_new(request: AuthedRequest, campaign_id: int) -> HttpResponse:
    campaign = _office_campaign(request, campaign_id)
    form = TaskForm(
        request.POST or None, phases=_phases(campaign), initial={"phase": request.GET.get("phase")}
    )
    if request.method == "POST" and form.is_valid():
        try:
            task = task_create(
                campaign=campaign, actor=request.user, **_task_fields(campaign, form.cleaned_data)
            )
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("已新建任务「%(title)s」。") % {"title": task.title})
            return redirect("assignments:campaign_tasks", campaign_id=campaign.pk)
    return render(
        request, "assignments/task_form.html", {"form": form, "campaign": campaign, "title": _("新建任务")}
    )


def task_edit(request: AuthedRequest, task_id: int) -> HttpResponse:
    task = access_task(request.user, task_id)
    campaign = _office_campaign(request, task.campaign_id)
    initial = {
        "phase": task.phase_id,
        "title": task.title,
        "code": task.code,
        "description": task.description,
        "categories": task.categories,
        "unit_kinds": task.unit_kinds,
        "due_on": task.due_on,
        "evidence_kind": task.evidence_kind,
        "meeting_kind": task.meeting_kind,
        "review_by": task.review_by,
        "order": task.order,
    }
    form = TaskForm(request.POST or None, phases=_phases(campaign), initial=initial)
    if request.method == "POST" and form.is_valid():
        fields = _task_fields(campaign, form.cleaned_data)
        if fields["order"] is None:
            fields["order"] = task.order
        try:
            task_update(task=task, actor=request.user, **fields)
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("已保存。"))
            return redirect("assignments:campaign_tasks", campaign_id=campaign.pk)
    return render(
        request,
        "assignments/task_form.html",
        {"form": form, "campaign": campaign, "task": task, "title": _("修改任务")},
    )


@require_POST
def task_delete_view(request: AuthedRequest, task_id: int) -> HttpResponse:
    task = access_task(request.user, task_id)
    try:
        task_delete(task=task, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("已删除任务「%(title)s」。") % {"title": task.title})
    return redirect("assignments:campaign_tasks", campaign_id=task.campaign_id)


@require_POST
def tasks_defaults(request: AuthedRequest, campaign_id: int) -> HttpResponse:
    campaign = _office_campaign(request, campaign_id)
    created = tasks_create_defaults(campaign=campaign, actor=request.user)
    if created:
        messages.success(
            request,
            _("已生成默认任务：%(titles)s。") % {"titles": "、".join(t.title for t in created)},
        )
    else:
        messages.info(request, _("默认任务都已存在，没有新增。"))
    return redirect("assignments:campaign_tasks", campaign_id=campaign.pk)


@require_POST
def tasks_sync(request: AuthedRequest, campaign_id: int) -> HttpResponse:
    campaign = _office_campaign(request, campaign_id)
    added = campaign_tasks_sync(campaign=campaign, actor=request.user)
    messages.success(request, _("已同步：新增 %(n)d 个单位任务。") % {"n": added})
    return redirect("assignments:campaign_tasks", campaign_id=campaign.pk)


def unit_tasks(request: AuthedRequest, unit_id: int) -> HttpResponse:
    unit = access_unit(request.user, unit_id)
    campaign = campaign_chosen(request.user.tenant_id, request.GET.get("campaign", ""))
    rows = selectors.unit_task_list_for_unit(unit, campaign) if campaign else []
    return render(
        request,
        "assignments/unit_tasks.html",
        {
            "unit": unit,
            "campaign": campaign,
            "rows": rows,
            "can_manage": can_manage_unit(request.user, unit),
        },
    )


def _not_found_if_forbidden(error: DomainError) -> None:
    """A service that refuses the actor itself answers like ``access_*``: a 404 that says nothing."""
    if isinstance(error, Refused):
        raise NotFoundError() from error


def _detail(request: AuthedRequest, unit_task: UnitTask, **forms: Any) -> HttpResponse:
    row = selectors.unit_task_row(unit_task)
    can_submit = can_submit_unit_task(request.user, unit_task)
    office = can_review_unit_task(request.user, unit_task)
    task = unit_task.task
    own_cycle = not row.status.mirrored
    submittable = own_cycle and row.status.base in (
        TaskStatus.NOT_STARTED,
        TaskStatus.IN_PROGRESS,
        TaskStatus.RETURNED,
    )
    refusal = selectors.window_refusal(unit_task) if can_submit and submittable else None
    if refusal is not None:
        submittable = False
    unit = unit_task.unit
    tasks_url = f"{reverse('assignments:unit_tasks', args=[unit.pk])}?campaign={task.campaign_id}"
    context: dict[str, Any] = {
        # The responsible person may open this task, not the unit's list unless they may see the unit.
        "crumbs": [
            Crumb(
                label=_("%(unit)s的任务") % {"unit": unit.name},
                url=tasks_url if can_view_unit(request.user, unit) else None,
            ),
            Crumb(label=task.title),
        ],
        "window_message": refusal[1] if refusal else "",
        "row": row,
        "unit_task": unit_task,
        "task": task,
        "can_submit": can_submit and submittable,
        "can_start": can_submit and own_cycle and row.status.base == TaskStatus.NOT_STARTED,
        "can_mark_done": can_submit
        and submittable
        and task.evidence_kind == EvidenceKind.NONE
        and not task.needs_review,
        "can_review": office and own_cycle and row.status.base == TaskStatus.SUBMITTED,
        "office": office,
        "mirrored_options": [] if own_cycle else selectors.evidence_options(unit_task),
    }
    if context["can_submit"] and not context["can_mark_done"]:
        options = selectors.evidence_options(unit_task)
        context["submit_form"] = forms.get("submit_form") or SubmitForm(
            kind=task.evidence_kind, options=options
        )
        context["no_options"] = is_record_kind(task.evidence_kind) and not options
        if task.evidence_kind == EvidenceKind.MEETING:  # 记录会议: record it here, come back to submit
            context["record_url"] = record_url_for(
                task.evidence_kind,
                user=request.user,
                unit_task=unit_task,
                back=reverse("assignments:unit_task", args=[unit_task.pk]),
            )
    if context["can_review"]:
        context["review_form"] = forms.get("review_form") or ReviewForm()
    if office:
        context["responsible_form"] = forms.get("responsible_form") or ResponsibleForm(
            members=member_choices_for_unit(unit_task.unit),
            initial={"responsible": unit_task.responsible_id},
        )
        read_choices(context["responsible_form"])
    return render(request, "assignments/unit_task.html", context)


def unit_task_detail(request: AuthedRequest, unit_task_id: int) -> HttpResponse:
    return _detail(request, access_unit_task(request.user, unit_task_id))


def unit_task_history(request: AuthedRequest, unit_task_id: int) -> HttpResponse:
    """修改记录/对比: what was submitted each time, a compare of two submissions, the office's reviews.
    For whoever may see the unit task (its page shows the latest review comment too)."""
    unit_task = access_unit_task(request.user, unit_task_id)
    return history_page(
        request,
        subject=unit_task,
        title=f"{unit_task.task.title} · {unit_task.unit.name}",
        back_url=reverse("assignments:unit_task", args=[unit_task.pk]),
    )


@require_POST
def unit_task_submit_view(request: AuthedRequest, unit_task_id: int) -> HttpResponse:
    unit_task = access_unit_task(request.user, unit_task_id, manage=True)
    form = SubmitForm(
        request.POST,
        request.FILES,
        kind=unit_task.task.evidence_kind,
        options=selectors.evidence_options(unit_task),
    )
    if form.is_valid():
        upload = form.cleaned_data.get("document")
        try:
            unit_task_submit(
                unit_task=unit_task,
                actor=request.user,
                evidence_key=form.cleaned_data.get("evidence_key") or "",
                document=upload,
                document_name=upload.name if upload else "",
            )
        except DomainError as error:
            _not_found_if_forbidden(error)
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("已提交「%(title)s」。") % {"title": unit_task.task.title})
            return redirect("assignments:unit_task", unit_task_id=unit_task.pk)
    return _detail(request, unit_task, submit_form=form)


@require_POST
def unit_task_start_view(request: AuthedRequest, unit_task_id: int) -> HttpResponse:
    unit_task = access_unit_task(request.user, unit_task_id, manage=True)
    try:
        unit_task_start(unit_task=unit_task, actor=request.user)
    except DomainError as error:
        _not_found_if_forbidden(error)
        raise
    return redirect("assignments:unit_task", unit_task_id=unit_task.pk)


@require_POST
def unit_task_done_view(request: AuthedRequest, unit_task_id: int) -> HttpResponse:
    unit_task = access_unit_task(request.user, unit_task_id, manage=True)
    try:
        unit_task_mark_done(unit_task=unit_task, actor=request.user)
    except DomainError as error:
        _not_found_if_forbidden(error)
        messages.error(request, error.message)
    else:
        messages.success(request, _("已标为完成。"))
    return redirect("assignments:unit_task", unit_task_id=unit_task.pk)


@require_POST
def unit_task_review_view(request: AuthedRequest, unit_task_id: int) -> HttpResponse:
    unit_task = access_unit_task(request.user, unit_task_id, office=True)
    form = ReviewForm(request.POST)
    if form.is_valid():
        approve = form.cleaned_data["decision"] == "approve"
        try:
            unit_task_review(
                unit_task=unit_task, approve=approve, comment=form.cleaned_data["comment"], actor=request.user
            )
        except DomainError as error:
            _not_found_if_forbidden(error)
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("已审核通过。") if approve else _("已退回，并通知了责任人。"))
            return redirect("assignments:unit_task", unit_task_id=unit_task.pk)
    return _detail(request, unit_task, review_form=form)


@require_POST
def unit_task_responsible_view(request: AuthedRequest, unit_task_id: int) -> HttpResponse:
    unit_task = access_unit_task(request.user, unit_task_id, office=True)
    form = ResponsibleForm(request.POST, members=member_choices_for_unit(unit_task.unit))
    if form.is_valid():
        try:
            unit_task_set_responsible(
                unit_task=unit_task, member=form.cleaned_data["responsible"], actor=request.user
            )
        except DomainError as error:
            _not_found_if_forbidden(error)
            form.add_error("responsible", error.message)
        else:
            messages.success(request, _("已更新责任人。"))
            return redirect("assignments:unit_task", unit_task_id=unit_task.pk)
    return _detail(request, unit_task, responsible_form=form)


def unit_task_document(request: AuthedRequest, unit_task_id: int) -> FileResponse:
    unit_task = access_unit_task(request.user, unit_task_id)
    require(bool(unit_task.document))
    return stored_file_response(unit_task.document, name=unit_task.document_name)
