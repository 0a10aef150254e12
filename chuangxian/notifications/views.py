from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chuangxian.core.filters import ListFilterForm
from chuangxian.core.http import AuthedRequest
from chuangxian.core.views import paginate, require
from chuangxian.notifications.permissions import access_notification
from chuangxian.notifications.selectors import notification_list_for_member
from chuangxian.notifications.services import notification_mark_read
from chuangxian.orgs.permissions import member_for


def inbox(request: AuthedRequest) -> HttpResponse:
    member = member_for(request.user)
    require(member is not None)
    assert member is not None
    filter_form = ListFilterForm(
        request.GET,
        search_label=_("标题或内容"),
        choices={"status": (_("状态"), [("unread", _("未读")), ("read", _("已读"))])},
        dates=_("日期"),
    )
    notices = notification_list_for_member(member, filters=filter_form.filter)
    return render(
        request, "notifications/inbox.html", {"page": paginate(request, notices), "filter_form": filter_form}
    )


def notification_open(request: AuthedRequest, notification_id: int) -> HttpResponse:
    """Following a notice marks it read, then leads to what it is about (or back to the inbox)."""
    notice = access_notification(request.user, notification_id)
    notification_mark_read(member=notice.recipient, notification_ids=[notice.pk], actor=request.user)
    if notice.url and url_has_allowed_host_and_scheme(notice.url, {request.get_host()}):
        return redirect(notice.url)
    return redirect("notifications:inbox")


@require_POST
def mark_all_read(request: AuthedRequest) -> HttpResponse:
    member = member_for(request.user)
    require(member is not None)
    assert member is not None
    notification_mark_read(member=member, actor=request.user)
    return redirect("notifications:inbox")
