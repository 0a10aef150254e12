"""Meeting pages: access → form → service → redirect or render."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chuangxian.campaigns.models import Campaign, CampaignStatus, PhaseAction
from chuangxian.campaigns.selectors import campaign_current_for_tenant
from chuangxian.campaigns.services import phase_require_open
from chuangxian.core.actors import Actor, actor_of
from chuangxian.core.checkin.views import host_qr_context, scan_checkin
from chuangxian.core.errors import DomainError
from chuangxian.core.http import AuthedRequest
from chuangxian.core.navigation import Crumb
from chuangxian.core.views import require, stored_file_response, upload_with_messages
from chuangxian.meetings import selectors
from chuangxian.meetings.forms import AttendanceForm, MeetingFileForm, MeetingForm
from chuangxian.meetings.models import Meeting, MeetingKind
from chuangxian.meetings.permissions import (
    access_meeting,
    access_meeting_file,
    access_unit_meetings,
    can_manage_meeting,
    can_view_unit_meetings,
)
from chuangxian.meetings.services import (
    CHECKIN,
    MeetingData,
    attendance_set,
    checkin_window,
    meeting_checkin,
    meeting_create,
    meeting_file_add,
    meeting_file_delete,
    meeting_update,
)
from chuangxian.orgs.breadcrumbs import unit_crumb
from chuangxian.orgs.models import Member, Unit
from chuangxian.orgs.permissions import can_manage_unit, member_for, officer_unit_ids
from chuangxian.orgs.selectors import member_choices_for_unit


def meeting_index(request: AuthedRequest) -> HttpResponse:
    """/meetings/: the meetings of the unit the user runs as chair or liaison, else of their own unit."""
    officer_units = officer_unit_ids(request.user)
    member = member_for(request.user)
    unit_id = officer_units[0] if officer_units else (member.unit_id if member else None)
    require(unit_id is not None)
    return redirect("meetings:list", unit_id=unit_id)


def meeting_list(request: AuthedRequest, unit_id: int) -> HttpResponse:
    unit = access_unit_meetings(request.user, unit_id)
    manage = can_manage_unit(request.user, unit)
    meetings = list(selectors.meeting_list_for_unit(unit, include_drafts=manage))
    return render(
        request,
        "meetings/list.html",
        {
            "unit": unit,
            "crumbs": [unit_crumb(request.user, unit), Crumb(label=_("会议"))],
            "meetings": meetings,
            "total": selectors.active_member_count(unit),
            "can_manage": manage,
        },
    )


def _form(
    request: AuthedRequest, unit: Any, initial: dict[str, Any], keep_host: int | None = None
) -> MeetingForm:
    campaigns = Campaign.objects.filter(tenant_id=unit.tenant_id).exclude(status=CampaignStatus.CLOSED)
    hosts = member_choices_for_unit(unit)
    if keep_host is not None:  # a host who has left since stays selectable on their meeting
        hosts = hosts | Member.objects.filter(tenant_id=unit.tenant_id, pk=keep_host)
    return MeetingForm(
        request.POST or None, initial=initial, campaigns=campaigns.order_by("-created_at"), hosts=hosts
    )


def _data(form: MeetingForm) -> MeetingData:
    return MeetingData(**form.cleaned_data)


def _default_campaign(unit: Unit) -> int | None:
    """The running campaign, when its meeting window is open for the unit today."""
    current = campaign_current_for_tenant(unit.tenant_id)
    if current is None:
        return None
    try:
        phase_require_open(campaign=current, action=PhaseAction.MEETING, unit=unit)
    except DomainError:
        return None
    return current.pk


def _back(request: AuthedRequest) -> str:
    """``?next=``: a path on this site to return to (the task that asked for the meeting), else ""."""
    back = request.GET.get("next", "")
    safe = url_has_allowed_host_and_scheme(back, allowed_hosts=None)  # a relative path only
    return back if safe and back.startswith("/") else ""


def _create_initial(request: AuthedRequest, unit: Unit) -> dict[str, Any]:
    """A task's 记录会议 link chooses the kind and the campaign (only as initial values: the form
    offers the tenant's own campaigns and checks what is posted)."""
    initial: dict[str, Any] = {"campaign": _default_campaign(unit)}
    kind = request.GET.get("kind", "")
    if kind in MeetingKind.values:
        initial["kind"] = kind
    campaign = request.GET.get("campaign", "")
    if campaign.isdigit():
        initial["campaign"] = int(campaign)
    return initial


def meeting_create_view(request: AuthedRequest, unit_id: int) -> HttpResponse:
    unit = access_unit_meetings(request.user, unit_id, manage=True)
    back = _back(request)
    form = _form(request, unit, _create_initial(request, unit))
    if request.method == "POST" and form.is_valid():
        try:
            meeting = meeting_create(unit=unit, data=_data(form), actor=request.user)
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("已记录会议「%(title)s」。") % {"title": meeting.title})
            if back:
                return redirect(back)
            return redirect("meetings:detail", meeting_id=meeting.pk)
    return render(
        request, "meetings/form.html", {"form": form, "unit": unit, "title": _("记录会议"), "back": back}
    )


def meeting_edit(request: AuthedRequest, meeting_id: int) -> HttpResponse:
    meeting = access_meeting(request.user, meeting_id, manage=True)
    initial = {
        "kind": meeting.kind,
        "title": meeting.title,
        "campaign": meeting.campaign_id,
        "starts_at": meeting.starts_at,
        "place": meeting.place,
        "host": meeting.host_id,
        "agenda": meeting.agenda,
        "minutes": meeting.minutes,
        "status": meeting.status,
    }
    form = _form(request, meeting.unit, initial, keep_host=meeting.host_id)
    if request.method == "POST" and form.is_valid():
        try:
            meeting_update(meeting=meeting, data=_data(form), actor=request.user)
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("已保存。"))
            return redirect("meetings:detail", meeting_id=meeting.pk)
    return render(
        request,
        "meetings/form.html",
        {"form": form, "unit": meeting.unit, "meeting": meeting, "title": _("修改会议记录")},
    )


def _meeting_trail(user: Actor, meeting: Meeting) -> list[Crumb]:
    """The unit (a link only for those who may open its page: a member of a group below it may read
    its meetings, not its unit page), its meetings, the meeting."""
    unit = meeting.unit
    meetings_url = reverse("meetings:list", args=[unit.pk]) if can_view_unit_meetings(user, unit) else None
    return [unit_crumb(user, unit), Crumb(label=_("会议"), url=meetings_url), Crumb(label=meeting.title)]


def meeting_detail(request: AuthedRequest, meeting_id: int) -> HttpResponse:
    meeting = access_meeting(request.user, meeting_id)
    manage = can_manage_meeting(request.user, meeting)
    roster = selectors.meeting_roster(meeting) if manage else []
    return render(
        request,
        "meetings/detail.html",
        {
            "meeting": meeting,
            "crumbs": _meeting_trail(request.user, meeting),
            "can_manage": manage,
            "rate": selectors.meeting_rate(meeting),
            "roster": roster,
            "attendees": [row for row in roster if row.attendance is not None],
            "files": selectors.meeting_files(meeting),
            "file_form": MeetingFileForm() if manage else None,
            "window": checkin_window(meeting),
        },
    )


def attendance_edit(request: AuthedRequest, meeting_id: int) -> HttpResponse:
    meeting = access_meeting(request.user, meeting_id, manage=True)
    roster = selectors.meeting_roster(meeting)
    choices = [(row.member.pk, row.member.name) for row in roster]
    present = [row.member.pk for row in roster if row.attendance is not None]
    form = AttendanceForm(request.POST or None, initial={"members": present}, choices=choices)
    if request.method == "POST" and form.is_valid():
        try:
            added, removed = attendance_set(
                meeting=meeting, member_ids=form.cleaned_data["members"], actor=request.user
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("已保存出席名单：新增 %(added)s 人，移除 %(removed)s 人。")
                % {"added": added, "removed": removed},
            )
            return redirect("meetings:detail", meeting_id=meeting.pk)
    selected = set(form["members"].value() or [])
    rows = [(row, str(row.member.pk) in {str(s) for s in selected}) for row in roster]
    return render(request, "meetings/attendance.html", {"meeting": meeting, "form": form, "rows": rows})


@require_POST
def file_upload(request: AuthedRequest, meeting_id: int) -> HttpResponse:
    meeting = access_meeting(request.user, meeting_id, manage=True)
    upload_with_messages(
        request,
        MeetingFileForm(request.POST, request.FILES),
        missing=_("请选择要上传的文件。"),
        store=lambda upload: meeting_file_add(
            meeting=meeting, upload=upload, name=upload.name or "", actor=request.user
        ),
    )
    return redirect("meetings:detail", meeting_id=meeting.pk)


def file_download(request: AuthedRequest, meeting_id: int, file_id: int) -> FileResponse:
    item = access_meeting_file(request.user, meeting_id, file_id)
    return stored_file_response(item.file, name=item.original_name, inline_image=True)


@require_POST
def file_delete(request: AuthedRequest, meeting_id: int, file_id: int) -> HttpResponse:
    access_meeting(request.user, meeting_id, manage=True)
    item = access_meeting_file(request.user, meeting_id, file_id)
    try:
        meeting_file_delete(item=item, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("已删除「%(name)s」。") % {"name": item.original_name})
    return redirect("meetings:detail", meeting_id=meeting_id)


def _host_qr_context(request: AuthedRequest, meeting: Meeting) -> dict[str, Any]:
    return {"meeting": meeting, **host_qr_context(request, adapter=CHECKIN, target=meeting)}


def _host_count_context(meeting: Meeting) -> dict[str, Any]:
    return {
        "meeting": meeting,
        "count": selectors.meeting_checked_in_count(meeting),
        "rate": selectors.meeting_rate(meeting),
    }


def checkin_host(request: AuthedRequest, meeting_id: int) -> HttpResponse:
    meeting = access_meeting(request.user, meeting_id, manage=True)
    context = _host_qr_context(request, meeting) | _host_count_context(meeting)
    return render(request, "meetings/host.html", context)


def checkin_host_qr(request: AuthedRequest, meeting_id: int) -> HttpResponse:
    meeting = access_meeting(request.user, meeting_id, manage=True)
    return render(request, "includes/checkin_host_qr.html", _host_qr_context(request, meeting))


def checkin_host_count(request: AuthedRequest, meeting_id: int) -> HttpResponse:
    meeting = access_meeting(request.user, meeting_id, manage=True)
    return render(request, "meetings/_host_count.html", _host_count_context(meeting))


@login_not_required
def checkin(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """Opened by the phone's scanner; a GET records the check-in (the code is the proof of presence).
    A logged-out phone has its valid code remembered across the login (``core.checkin.views``)."""

    def record(code: str, scanned: bool) -> HttpResponse:
        result = meeting_checkin(
            meeting_id=meeting_id, code=code, actor=actor_of(request), scanned_before_login=scanned
        )
        return render(request, "meetings/checkin_result.html", {"result": result, "meeting": result.target})

    return scan_checkin(
        request, adapter=CHECKIN, target_id=meeting_id, record=record, template="meetings/checkin_result.html"
    )
