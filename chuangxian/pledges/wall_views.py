"""示诺: a unit's pledge wall, as a page (the whole tenant reads it) and as the unit's own Excel and
PDF exports."""

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from chuangxian.core import clock
from chuangxian.core.filters import ListFilterForm
from chuangxian.core.http import AuthedRequest
from chuangxian.core.views import download_response, paginate, require
from chuangxian.exports.views import export_response
from chuangxian.orgs.models import Unit
from chuangxian.orgs.permissions import can_view_unit
from chuangxian.pledges import selectors
from chuangxian.pledges.exports import wall_pdf
from chuangxian.pledges.models import PUBLIC_STATUSES, PledgeStatus, PledgeType
from chuangxian.pledges.permissions import access_wall_unit
from chuangxian.pledges.views import _campaign

WALL_PAGE = 20


def pledge_wall_view(request: AuthedRequest, unit_id: int) -> HttpResponse:
    """示诺: the published pledges of a unit and its subtree, readable by the whole tenant; searchable
    by member (name or pinyin initials) and text, filtered by status, type and unit, 20 to a page."""
    unit = access_wall_unit(request.user, unit_id)
    campaign = _campaign(request)
    filter_form = ListFilterForm(
        request.GET,
        search_label=_("姓名、拼音首字母或承诺内容"),
        choices={
            "status": (_("状态"), [(s, PledgeStatus(s).label) for s in PUBLIC_STATUSES]),
            "type": (_("类型"), PledgeType.choices),
            "unit": (_("单位"), selectors.wall_unit_choices(unit)),
        },
    )
    page = paginate(
        request,
        selectors.pledge_wall(unit=unit, campaign=campaign, filters=filter_form.filter),
        per_page=WALL_PAGE,
    )
    return render(
        request,
        "pledges/wall.html",
        {
            "unit": unit,
            "campaign": campaign,
            "page": page,
            "filter_form": filter_form,
            "can_export": can_view_unit(request.user, unit),
        },
    )


def _export_unit(request: AuthedRequest, unit_id: int) -> Unit:
    """A unit prints or exports its own wall: its members and the roles covering it."""
    unit = access_wall_unit(request.user, unit_id)
    require(can_view_unit(request.user, unit))
    return unit


def pledge_wall_xlsx(request: AuthedRequest, unit_id: int) -> HttpResponse:
    """The wall as Excel through the export registry (``pledges.wall``): the service checks the
    right; a large wall becomes a background job."""
    unit = _export_unit(request, unit_id)
    campaign = _campaign(request)
    return export_response(request, "pledges.wall", "xlsx", {"unit": unit.pk, "campaign": campaign.pk})


def pledge_wall_pdf(request: AuthedRequest, unit_id: int) -> HttpResponse:
    unit = _export_unit(request, unit_id)
    campaign = _campaign(request)
    return download_response(
        wall_pdf(unit=unit, campaign=campaign, printed_on=clock.today()),
        filename=f"{unit.name}承诺墙.pdf",
        kind="pdf",
        inline=True,
    )
