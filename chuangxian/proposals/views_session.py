"""A session's proposals page (the list with its statistics) and the committee's session pages: the
collection's settings, the reminder of overdue proposals, the handling report. Access → form →
service → redirect or render."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chuangxian.awards.forms import NoticeDraftForm
from chuangxian.congress.permissions import access_session
from chuangxian.core.errors import DomainError
from chuangxian.core.filters import ListFilterForm
from chuangxian.core.http import AuthedRequest
from chuangxian.core.views import paginate
from chuangxian.proposals import selectors as reads
from chuangxian.proposals.forms import CollectionForm
from chuangxian.proposals.models import Status
from chuangxian.proposals.permissions import can_decide, can_propose
from chuangxian.proposals.services import collection_set, default_window, proposals_remind_overdue
from chuangxian.proposals.services.report import proposals_report_draft
from chuangxian.proposals.views import _error


def session_list(request: AuthedRequest, session_id: int) -> HttpResponse:
    session = access_session(request.user, session_id)
    search = ListFilterForm(
        request.GET, search_label=_("案由、提案人或主办单位"), choices={"status": (_("状态"), Status.choices)}
    )
    rows = reads.session_proposals(
        session, request.user, q=search.filter.q, status=search.filter.values["status"]
    )
    context = {
        "session": session,
        "page": paginate(request, rows),
        "filter_form": search,
        "stats": reads.session_stats(session),
        "collection": reads.collection_for(session),
        "can_propose": can_propose(request.user, session),
        "committee": can_decide(request.user, session),
    }
    return render(request, "proposals/session.html", context)


def collection(request: AuthedRequest, session_id: int) -> HttpResponse:
    session = access_session(request.user, session_id, manage=True)
    current = reads.collection_for(session)
    opens, closes = default_window(session)
    initial = (
        {
            "opens_on": current.opens_on,
            "closes_on": current.closes_on,
            "min_cosigners": current.min_cosigners,
            "reply_days": current.reply_days,
        }
        if current
        else {"opens_on": opens, "closes_on": closes, "min_cosigners": 2, "reply_days": 60}
    )
    form = CollectionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            collection_set(session=session, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            _error(form, error)
        else:
            messages.success(request, _("提案征集设置已保存。"))
            return redirect("proposals:session", session_id=session.pk)
    return render(
        request,
        "proposals/collection.html",
        {"form": form, "session": session},
        status=400 if form.errors else 200,
    )


@require_POST
def remind(request: AuthedRequest, session_id: int) -> HttpResponse:
    session = access_session(request.user, session_id, manage=True)
    try:
        n = proposals_remind_overdue(session=session, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("已催办 %(n)d 件逾期提案。") % {"n": n} if n else _("没有逾期未答复的提案。")
        )
    return redirect("proposals:session", session_id=session.pk)


def report(request: AuthedRequest, session_id: int) -> HttpResponse:
    """The handling report drafted as an official notice (the documents engine renders .docx/.pdf)."""
    session = access_session(request.user, session_id, manage=True)
    form = NoticeDraftForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            notice = proposals_report_draft(
                session=session,
                prefix=form.cleaned_data["doc_prefix"],
                issuing_office=form.cleaned_data["issuing_office"],
                actor=request.user,
            )
        except DomainError as error:
            _error(form, error)
        else:
            messages.success(request, _("已生成提案办理情况报告草稿，请核对后签发。"))
            return redirect("documents:notice_edit", notice_id=notice.pk)
    return render(
        request,
        "proposals/report.html",
        {"session": session, "form": form},
        status=400 if form.errors else 200,
    )
