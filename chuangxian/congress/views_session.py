"""Session pages: the session (agenda, documents, live quorum, polls), its forms, the attendance
list, the host's QR screen and the phone's check-in page (``core.checkin.views``)."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chuangxian.congress import selectors
from chuangxian.congress.forms import AgendaForm, AttendanceForm, DocumentForm, SessionForm, SessionPollForm
from chuangxian.congress.models import AgendaItem, Session
from chuangxian.congress.permissions import (
    access_congress,
    access_document,
    access_session,
    can_manage_congress,
    is_voter,
)
from chuangxian.congress.services import (
    CHECKIN,
    agenda_item_add,
    agenda_item_move,
    agenda_item_remove,
    document_add,
    document_remove,
    session_attendance_set,
    session_checkin,
    session_create,
    session_poll_create,
    session_update,
)
from chuangxian.congress.services.attendance import checkin_require_open
from chuangxian.core.actors import actor_of
from chuangxian.core.checkin.views import host_qr_context, scan_checkin
from chuangxian.core.errors import DomainError, NotFoundError
from chuangxian.core.http import AuthedRequest
from chuangxian.core.tenancy import actor_rows
from chuangxian.core.views import stored_file_response
from chuangxian.orgs.permissions import member_for


def _form_error(form: Any, error: DomainError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


def session_new(request: AuthedRequest, congress_id: int) -> HttpResponse:
    congress = access_congress(request.user, congress_id, manage=True)
    next_number = len(selectors.sessions_of(congress)) + 1
    form = SessionForm(request.POST or None, initial={"number": next_number})
    if request.method == "POST" and form.is_valid():
        try:
            session = session_create(congress=congress, data=form.data_object(), actor=request.user)
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("已建立%(s)s。") % {"s": session})
            return redirect("congress:session", session_id=session.pk)
    return render(
        request, "congress/session_form.html", {"form": form, "congress": congress, "session": None}
    )


def session_edit(request: AuthedRequest, session_id: int) -> HttpResponse:
    session = access_session(request.user, session_id, manage=True)
    initial = {f: getattr(session, f) for f in ("number", "starts_at", "ends_at", "place", "note")}
    form = SessionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            session_update(session=session, data=form.data_object(), actor=request.user)
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("已保存。"))
            return redirect("congress:session", session_id=session.pk)
    return render(
        request,
        "congress/session_form.html",
        {"form": form, "congress": session.congress, "session": session},
    )


def _checkin_state(session: Session) -> str:
    try:
        checkin_require_open(session)
    except DomainError as error:
        return error.message
    return ""


def session_detail(request: AuthedRequest, session_id: int) -> HttpResponse:
    session = access_session(request.user, session_id)
    may_manage = can_manage_congress(request.user, session.congress)
    member = member_for(request.user)
    context = {
        "session": session,
        "congress": session.congress,
        "agenda": selectors.session_agenda(session),
        "documents": selectors.session_documents(session),
        "polls": selectors.session_polls(session),
        "quorum": selectors.session_quorum(session),
        "may_manage": may_manage,
        "is_voter": is_voter(request.user, session.congress),
        "attended": selectors.attended(session, member),
        "checkin_closed": _checkin_state(session),
        "agenda_form": AgendaForm() if may_manage else None,
        "document_form": DocumentForm() if may_manage else None,
    }
    return render(request, "congress/session.html", context)


def session_quorum(request: AuthedRequest, session_id: int) -> HttpResponse:
    """The quorum card alone, polled by the session page and the host's screen (htmx, every 5 s)."""
    session = access_session(request.user, session_id)
    return render(
        request, "congress/_quorum.html", {"session": session, "quorum": selectors.session_quorum(session)}
    )


@require_POST
def agenda_add(request: AuthedRequest, session_id: int) -> HttpResponse:
    session = access_session(request.user, session_id, manage=True)
    form = AgendaForm(request.POST)
    if form.is_valid():
        try:
            agenda_item_add(session=session, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            messages.error(request, error.message)
    else:
        messages.error(request, _("请填写议程。"))
    return redirect("congress:session", session_id=session.pk)


def _agenda_item(request: AuthedRequest, item_id: int) -> AgendaItem:
    item = (
        actor_rows(AgendaItem.objects.select_related("session__congress__unit"), request.user)
        .filter(pk=item_id)
        .first()
    )
    if item is None or not can_manage_congress(request.user, item.session.congress):
        raise NotFoundError()
    return item


@require_POST
def agenda_move(request: AuthedRequest, item_id: int) -> HttpResponse:
    item = _agenda_item(request, item_id)
    agenda_item_move(item=item, up=request.POST.get("direction") != "down", actor=request.user)
    return redirect("congress:session", session_id=item.session_id)


@require_POST
def agenda_remove(request: AuthedRequest, item_id: int) -> HttpResponse:
    item = _agenda_item(request, item_id)
    agenda_item_remove(item=item, actor=request.user)
    messages.success(request, _("已删除议程「%(t)s」。") % {"t": item.title})
    return redirect("congress:session", session_id=item.session_id)


@require_POST
def document_upload(request: AuthedRequest, session_id: int) -> HttpResponse:
    session = access_session(request.user, session_id, manage=True)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            document_add(
                session=session,
                upload=upload,
                name=upload.name,
                title=form.cleaned_data["title"],
                actor=request.user,
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("已上传。"))
    else:
        messages.error(request, _("请选择要上传的文件。"))
    return redirect("congress:session", session_id=session.pk)


def document_file(request: AuthedRequest, document_id: int) -> FileResponse:
    document = access_document(request.user, document_id)
    return stored_file_response(document.file, name=document.original_name)


@require_POST
def document_delete(request: AuthedRequest, document_id: int) -> HttpResponse:
    document = access_document(request.user, document_id)
    if not can_manage_congress(request.user, document.session.congress):
        raise NotFoundError()
    document_remove(document=document, actor=request.user)
    messages.success(request, _("已删除「%(t)s」。") % {"t": document.title})
    return redirect("congress:session", session_id=document.session_id)


def attendance(request: AuthedRequest, session_id: int) -> HttpResponse:
    session = access_session(request.user, session_id, manage=True)
    voters = list(
        selectors.congress_voters(session.congress).select_related("unit").order_by("unit__path", "name")
    )
    present = {row.member_id for row in selectors.session_attendees(session)}
    form = AttendanceForm(
        request.POST or None, voters=voters, tenant_id=session.tenant_id, initial={"members": sorted(present)}
    )
    if request.method == "POST" and form.is_valid():
        try:
            added, removed = session_attendance_set(
                session=session, member_ids=[m.pk for m in form.cleaned_data["members"]], actor=request.user
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request, _("出席名单已保存：新增 %(a)d 人，取消 %(r)d 人。") % {"a": added, "r": removed}
            )
            return redirect("congress:session", session_id=session.pk)
    return render(request, "congress/attendance.html", {"form": form, "session": session, "voters": voters})


def poll_new(request: AuthedRequest, session_id: int) -> HttpResponse:
    session = access_session(request.user, session_id, manage=True)
    form = SessionPollForm(request.POST or None, initial={"closes_at": session.ends_at, "secret": True})
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        try:
            poll = session_poll_create(
                session=session,
                title=c["title"],
                purpose=c["purpose"],
                closes_at=c["closes_at"],
                question=c["question"],
                candidates=c["candidate_list"],
                seats=c["seats"],
                secret=c["secret"],
                actor=request.user,
            )
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("已建立投票草稿；核对题目后即可在会议达到法定人数时开始投票。"))
            return redirect("voting:detail", poll_id=poll.pk)
    return render(request, "congress/poll_form.html", {"form": form, "session": session})


def host(request: AuthedRequest, session_id: int) -> HttpResponse:
    session = access_session(request.user, session_id, manage=True)
    context = {
        "session": session,
        "quorum": selectors.session_quorum(session),
        **host_qr_context(request, adapter=CHECKIN, target=session),
    }
    return render(request, "congress/host.html", context)


def host_qr(request: AuthedRequest, session_id: int) -> HttpResponse:
    session = access_session(request.user, session_id, manage=True)
    return render(
        request, "includes/checkin_host_qr.html", host_qr_context(request, adapter=CHECKIN, target=session)
    )


@login_not_required
def checkin(request: HttpRequest, session_id: int) -> HttpResponse:
    """Opened by the phone's scanner; a GET records the check-in (the code is the proof of presence)."""

    def record(code: str, scanned: bool) -> HttpResponse:
        result = session_checkin(
            session_id=session_id, code=code, actor=actor_of(request), scanned_before_login=scanned
        )
        return render(request, "congress/checkin_result.html", {"result": result, "session": result.target})

    return scan_checkin(
        request, adapter=CHECKIN, target_id=session_id, record=record, template="congress/checkin_result.html"
    )
