"""Public-notice pages: access → form → service → redirect or render."""

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chuangxian.core.errors import DomainError
from chuangxian.core.filters import ListFilterForm
from chuangxian.core.forms import read_choices
from chuangxian.core.http import AuthedRequest
from chuangxian.core.navigation import page_guard
from chuangxian.core.views import paginate, require
from chuangxian.grants.models import GrantKind
from chuangxian.grants.views import revoke_on
from chuangxian.orgs.permissions import belongs_to_a_tenant, member_for, tenant_id_for
from chuangxian.publicnotice import selectors
from chuangxian.publicnotice.forms import AnswerForm, DisciplineForm, ObjectionForm, PublishForm
from chuangxian.publicnotice.models import DEFAULT_WORKING_DAYS, NoticeItem, ObjectionStatus, PublicNotice
from chuangxian.publicnotice.permissions import access_notice, access_objection, can_answer, can_publish
from chuangxian.publicnotice.services import (
    REAL_NAME_RULE,
    OfficialNotice,
    discipline_name,
    entries_in_the_running,
    notice_finalise,
    notice_period,
    notice_publish,
    objection_answer,
    objection_file,
    unlisted_entries,
)
from chuangxian.selections.models import SelectionStatus, Stage
from chuangxian.selections.permissions import access_selection
from chuangxian.workdays.calendar import WorkdayPeriod


def _add_error(form: Any, error: DomainError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


@page_guard(belongs_to_a_tenant)
def index(request: AuthedRequest) -> HttpResponse:
    tenant_id = tenant_id_for(request.user)
    assert tenant_id is not None
    filter_form = ListFilterForm(
        request.GET,
        search_label=_("公示或评选标题"),
        choices={"state": (_("状态"), [("current", _("有效")), ("withdrawn", _("已撤下"))])},
    )
    page = paginate(
        request, selectors.notice_list_for_tenant(tenant_id, filters=filter_form.filter), per_page=30
    )
    awaiting = selectors.selections_awaiting_notice(tenant_id) if can_publish(request.user, tenant_id) else []
    return render(
        request, "publicnotice/index.html", {"page": page, "filter_form": filter_form, "awaiting": awaiting}
    )


def publish(request: AuthedRequest, selection_id: int) -> HttpResponse:
    selection = access_selection(request.user, selection_id, configure=True)
    latest = selectors.latest_notice(selection)
    at_notice = selection.status == SelectionStatus.OPEN and selection.stage == Stage.NOTICE
    # A new round: the first, after a withdrawal, or when entries came into the running after the
    # standing round was published (it lists them not; publishing again withdraws it).
    unlisted = (
        unlisted_entries(selection, latest) if at_notice and latest is not None and latest.is_current else []
    )
    may_publish = at_notice and (latest is None or not latest.is_current or bool(unlisted))
    entries = entries_in_the_running(selection) if may_publish else []
    initial: dict[str, Any] = {}
    if latest is not None:  # a new round starts from the last one's wording
        initial = {"working_days": latest.working_days, "contact": latest.contact, "intro": latest.intro}
    form = PublishForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        entries=entries,
        tenant_id=selection.tenant_id,
    )
    if request.method == "POST" and may_publish and form.is_valid() and "preview" not in request.POST:
        data = form.cleaned_data
        official = OfficialNotice(data["doc_prefix"], data["issuing_office"]) if data["doc_prefix"] else None
        try:
            notice = notice_publish(
                selection=selection,
                starts_on=data["starts_on"],
                working_days=data["working_days"],
                contact=data["contact"],
                intro=data["intro"],
                achievements=form.achievements(),
                official=official,
                actor=request.user,
            )
        except DomainError as error:
            _add_error(form, error)
        else:
            messages.success(
                request, _("公示已发布，公示期至 %(end)s。") % {"end": notice.ends_on.isoformat()}
            )
            return redirect("publicnotice:detail", notice_id=notice.pk)
    period = _period(form, selection.tenant_id) if may_publish else None
    return render(
        request,
        "publicnotice/publish.html",
        {
            "selection": selection,
            "form": form,
            "may_publish": may_publish,
            "at_notice": at_notice,
            "latest": latest,
            "unlisted": unlisted,
            "period": period,
            "rule": REAL_NAME_RULE,
        },
    )


def _period(form: PublishForm, tenant_id: int) -> WorkdayPeriod | None:
    """The period the form describes (its end shown beside the form), when its start and length are
    valid; the initial values before the first submission."""
    if form.is_bound:
        form.is_valid()
        start, days = form.cleaned_data.get("starts_on"), form.cleaned_data.get("working_days")
    else:
        start, days = form.fields["starts_on"].initial, form.initial.get("working_days", DEFAULT_WORKING_DAYS)
    if start is None or days is None or form.has_error("starts_on") or form.has_error("working_days"):
        return None
    return notice_period(start, days, tenant_id=tenant_id)


def _detail(request: AuthedRequest, notice: PublicNotice, form: ObjectionForm | None = None) -> HttpResponse:
    page = selectors.notice_page(notice, request.user)
    if form is None and page.can_object:
        member = member_for(request.user)
        form = ObjectionForm(initial={"real_name": member.name if member else ""}, items=page.items)
    return render(
        request,
        "publicnotice/detail.html",
        {"page": page, "notice": notice, "form": form, "rule": REAL_NAME_RULE},
    )


def detail(request: AuthedRequest, notice_id: int) -> HttpResponse:
    return _detail(request, access_notice(request.user, notice_id))


@require_POST
def object_view(request: AuthedRequest, notice_id: int) -> HttpResponse:
    notice = access_notice(request.user, notice_id)
    items = list(NoticeItem.objects.filter(tenant_id=notice.tenant_id, notice=notice))
    member = member_for(request.user)
    form = ObjectionForm(request.POST, items=items, roster_name=member.name if member else None)
    if form.is_valid():
        try:
            objection = objection_file(
                notice=notice,
                real_name=form.cleaned_data["real_name"],
                contact=form.cleaned_data["contact"],
                text=form.cleaned_data["text"],
                item=form.chosen_item(),
                actor=request.user,
            )
        except DomainError as error:
            _add_error(form, error)
        else:
            messages.success(request, _("异议已提交，学校工会和纪检监察人员将调查核实并书面答复。"))
            return redirect("publicnotice:objection", objection_id=objection.pk)
    return _detail(request, notice, form)


@require_POST
def finalise(request: AuthedRequest, notice_id: int) -> HttpResponse:
    notice = access_notice(request.user, notice_id)
    require(can_publish(request.user, notice.tenant_id))
    try:
        notice_finalise(selection=notice.selection, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("公示期满且异议均已处理，评选进入“结果公布”。"))
    return redirect("publicnotice:detail", notice_id=notice.pk)


def _objection_page(
    request: AuthedRequest, objection_id: int, form: AnswerForm | None = None
) -> HttpResponse:
    objection = access_objection(request.user, objection_id)
    answerer = can_answer(request.user, objection.notice.selection)
    if form is None and answerer and objection.status == ObjectionStatus.OPEN:
        items = list(NoticeItem.objects.filter(tenant_id=objection.tenant_id, notice=objection.notice))
        form = AnswerForm(items=items)
    return render(
        request,
        "publicnotice/objection.html",
        {"objection": objection, "notice": objection.notice, "form": form, "answerer": answerer},
    )


def objection_detail(request: AuthedRequest, objection_id: int) -> HttpResponse:
    return _objection_page(request, objection_id)


@require_POST
def answer(request: AuthedRequest, objection_id: int) -> HttpResponse:
    objection = access_objection(request.user, objection_id, answer=True)
    items = list(NoticeItem.objects.filter(tenant_id=objection.tenant_id, notice=objection.notice))
    form = AnswerForm(request.POST, items=items)
    if form.is_valid():
        try:
            objection_answer(
                objection=objection,
                substantiated=form.cleaned_data["result"] == "substantiated",
                answer=form.cleaned_data["answer"],
                item=form.chosen_item(),
                actor=request.user,
            )
        except DomainError as error:
            _add_error(form, error)
        else:
            messages.success(request, _("已书面答复。"))
            return redirect("publicnotice:objection", objection_id=objection.pk)
    return _objection_page(request, objection_id, form)


def discipline(request: AuthedRequest, selection_id: int) -> HttpResponse:
    """The selection's discipline-inspection grants: the office names and takes them back."""
    selection = access_selection(request.user, selection_id, configure=True)
    form = DisciplineForm(request.POST or None, tenant_id=selection.tenant_id)
    if request.method == "POST" and form.is_valid():
        try:
            named = discipline_name(
                selection=selection, members=form.cleaned_data["members"], actor=request.user
            )
        except DomainError as error:
            form.add_error("members" if error.field is None else error.field, error.message)
        else:
            messages.success(request, _("已授予 %(n)s 人纪检监察权限。") % {"n": len(named)})
            return redirect("publicnotice:discipline", selection_id=selection.pk)
    read_choices(form)
    return render(
        request,
        "publicnotice/discipline.html",
        {"selection": selection, "grants": selectors.discipline_grants(selection), "form": form},
    )


@require_POST
def discipline_revoke(request: AuthedRequest, selection_id: int, grant_id: int) -> HttpResponse:
    selection = access_selection(request.user, selection_id, configure=True)
    revoke_on(request, selection, GrantKind.DISCIPLINE, grant_id, done=_("已收回纪检监察权限。"))
    return redirect("publicnotice:discipline", selection_id=selection.pk)
