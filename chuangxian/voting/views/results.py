"""The released result, its printout, the ballot list (page and JSON) and the recount page."""

from typing import Any

from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header

from chuangxian.core.http import AuthedRequest
from chuangxian.core.views import paginate, require
from chuangxian.exports.views import export_response
from chuangxian.voting import selectors
from chuangxian.voting.models import Poll, PollStatus
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
        {
            "poll": poll,
            "view": selectors.result_view(poll),
            "scrutineers": selectors.scrutineers(poll),
            "count": selectors.box_count(poll),
        },
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
    rows = selectors.published_ballots(poll)
    if poll.sealed:
        return _sealed_ballots(request, poll, rows)
    receipt = request.GET.get("receipt", "").strip().upper()
    found = None
    if receipt:
        found = next((r for r in rows if r["receipt"] == receipt), None)
    return render(
        request,
        "voting/ballots.html",
        {"poll": poll, "page": paginate(request, rows, per_page=100), "receipt": receipt, "found": found},
    )


def _tracker_typed(text: str) -> str:
    """A tracker as typed, in its published form ``K7QF-9M2X-3HTW`` (case, spaces and dashes aside)."""
    raw = "".join(c for c in text.upper() if c.isalnum())
    return "-".join(raw[i : i + 4] for i in range(0, len(raw), 4)) if len(raw) == 12 else text.strip().upper()


def _sealed_ballots(request: AuthedRequest, poll: Poll, rows: list[dict[str, Any]]) -> HttpResponse:
    """A sealed poll's two published lists, one page of one of them at a time: the trackers (a voter
    finds theirs: their ballot is in the box) and the opened ballots, with their counts compared.
    Nothing on the page ties a tracker to a ballot."""
    trackers = selectors.box_trackers(poll)
    tracker = _tracker_typed(request.GET.get("tracker", ""))
    showing = "trackers" if request.GET.get("list") == "trackers" else "ballots"
    return render(
        request,
        "voting/ballots.html",
        {
            "poll": poll,
            "sealed": True,
            "showing": showing,
            "page": paginate(request, trackers if showing == "trackers" else rows, per_page=100),
            "tracker": tracker,
            "tracker_found": bool(tracker) and tracker in set(trackers),
            "count": selectors.BoxCount(trackers=len(trackers), opened=len(rows)),
        },
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
