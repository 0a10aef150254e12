from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from chuangxian.campaigns.selectors import campaign_current_for_tenant, phase_current, phase_views
from chuangxian.campaigns.todos import todos_for
from chuangxian.orgs.permissions import member_for


def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    campaign = campaign_current_for_tenant(getattr(user, "tenant_id", None))
    context: dict[str, Any] = {"campaign": campaign, "member": member_for(user)}
    if campaign is not None:
        context.update(
            phases=phase_views(campaign), current=phase_current(campaign), todos=todos_for(user, campaign)
        )
    return render(request, "campaigns/home.html", context)
