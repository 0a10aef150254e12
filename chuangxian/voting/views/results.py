"""The released result, its printout, the ballot list (page and JSON) and the recount page."""

from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header

from chuangxian.core.http import AuthedRequest
from chuangxian.core.views import paginate, require
from chuangxian.exports.views import export_response
from chuangxian.voting import selectors
from chuangxian.voting.models import PollStatus
from chuangxian.voting.permissions import (
    access_poll,
    can_manage_poll,
    can_see_result,
    is_officer,
)


def result(request: AuthedRequest, poll_id: int) -> HttpResponse:
    poll = access_poll(request.user, poll_id)
    require(can_see_result(request.user, poll))
    return render(
        request,
        "voting/result.html",
        {"poll": poll, "view": selectors.result_view(poll), "scrutineers": selectors.scrutineers(poll)},
    )


def result_print(request: AuthedRequest, poll_id: int) -> HttpResponse:
    poll = access_poll(request.user, poll_id)
    require(can_see_result(request.user, poll))
    return export_response(request, "voting.result", "pdf", {"poll": poll.pk}, inline=True)


def ballots(request: AuthedRequest, poll_id: int) -> HttpResponse:
    poll = access_poll(request.user, poll_id)
    require(
        can_see_result(request.user, poll)
        or (
            poll.status == PollStatus.TALLIED
            and (can_manage_poll(request.user, poll) or is_officer(request.user, poll))
        )
    )
    receipt = request.GET.get("receipt", "").strip().upper()
    rows = selectors.published_ballots(poll)
    found = None
    if receipt:
        found = next((r for r in rows if r["receipt"] == receipt), None)
    return render(
        request,
        "voting/ballots.html",
        {"poll": poll, "page": paginate(request, rows, per_page=100), "receipt": receipt, "found": found},
    )


def ballots_json(request: AuthedRequest, poll_id: int) -> HttpResponse:
    poll = access_poll(request.user, poll_id)
    require(can_see_result(request.user, poll))
    response = JsonResponse(selectors.published_list(poll), json_dumps_params={"ensure_ascii": False})
    response["Content-Disposition"] = content_disposition_header(True, f"poll-{poll.pk}-ballots.json") or ""
    return response


def verify(request: AuthedRequest, poll_id: int) -> HttpResponse:
    poll = access_poll(request.user, poll_id)
    require(can_see_result(request.user, poll))
    return render(
        request,
        "voting/verify.html",
        {"poll": poll, "published": selectors.published_list(poll)},
    )
