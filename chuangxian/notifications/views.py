from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from chuangxian.core.views import paginate, require
from chuangxian.notifications.selectors import notification_list_for_member
from chuangxian.notifications.services import notification_mark_read
from chuangxian.orgs.permissions import member_for


def inbox(request: HttpRequest) -> HttpResponse:
    member = member_for(request.user)
    require(member is not None)
    assert member is not None
    return render(
        request, "notifications/inbox.html", {"page": paginate(request, notification_list_for_member(member))}
    )


@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    member = member_for(request.user)
    require(member is not None)
    assert member is not None
    notification_mark_read(member=member)
    return redirect("notifications:inbox")
