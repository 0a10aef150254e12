"""Running a poll: the organiser's dashboard, opening, closing, reminding, tallying, confirming,
breaking ties by lot or run-off, and publishing."""

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chuangxian.core import clock
from chuangxian.core.errors import DomainError
from chuangxian.core.http import AuthedRequest
from chuangxian.core.views import require
from chuangxian.grants.models import GrantKind
from chuangxian.orgs.permissions import member_for
from chuangxian.voting import selectors, services, tally
from chuangxian.voting.forms import (
    CloseForm,
    ConfirmForm,
    LotForm,
    OpenForm,
)
from chuangxian.voting.models import (
    Poll,
    PollMode,
    PollStatus,
    Question,
    TieRule,
)
from chuangxian.voting.permissions import (
    access_poll,
    can_manage_poll,
    officer_kinds,
)
from chuangxian.voting.views.setup import (
    _form_error,
    _poll_action,
)


def poll_open_view(request: AuthedRequest, poll_id: int) -> HttpResponse:
    """The confirmation step of opening: how many voters will be frozen and from where; the POST
    carries the size the organiser saw, and the service refuses if it has changed since."""
    poll = access_poll(request.user, poll_id, manage=True)
    if poll.status != PollStatus.DRAFT:
        return redirect("voting:detail", poll_id=poll.pk)
    form = OpenForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                opened = services.poll_open(
                    poll=poll, expected_size=form.cleaned_data["expected_size"], actor=request.user
                )
            except DomainError as error:
                messages.error(request, error.message)
            else:
                if opened.status == PollStatus.SCHEDULED:
                    messages.success(
                        request,
                        _("投票人名单已固定。投票将于 %(t)s 开始，届时通知投票人。")
                        % {"t": timezone.localtime(opened.opens_at).strftime("%Y-%m-%d %H:%M")},
                    )
                elif opened.mode == PollMode.PAPER:
                    messages.success(request, _("投票已开始，投票人名单已固定。"))
                else:
                    messages.success(request, _("投票已开始，已通知投票人。"))
                return redirect("voting:detail", poll_id=poll.pk)
        else:
            messages.error(request, _("请在本页核对投票人名单后再确认。"))
    preview = selectors.electorate_preview(poll)
    return render(
        request,
        "voting/open.html",
        {
            "poll": poll,
            "preview": preview,
            "form": OpenForm(initial={"expected_size": preview.size}),
            "scheduled": clock.now() < poll.opens_at,
            "box_plan": selectors.box_plan(poll),
        },
    )


@require_POST
def poll_close_view(request: AuthedRequest, poll_id: int) -> HttpResponse:
    poll = access_poll(request.user, poll_id, manage=True)
    reason = request.POST.get("reason", "")
    return _poll_action(
        request,
        poll,
        lambda: services.poll_close(poll=poll, actor=request.user, reason=reason),
        _("投票已截止。"),
    )


@require_POST
def poll_remind_view(request: AuthedRequest, poll_id: int) -> HttpResponse:
    poll = access_poll(request.user, poll_id, manage=True)
    try:
        sent = services.poll_remind(poll=poll, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("已提醒 %(n)d 位尚未投票的会员。") % {"n": sent})
    return redirect("voting:detail", poll_id=poll.pk)


@require_POST
def poll_tally_view(request: AuthedRequest, poll_id: int) -> HttpResponse:
    poll = access_poll(request.user, poll_id, manage=True)
    return _poll_action(
        request,
        poll,
        lambda: services.poll_tally(poll=poll, actor=request.user),
        _("计票完成，请监票人复核结果指纹后公布。"),
    )


@require_POST
def poll_publish_view(request: AuthedRequest, poll_id: int) -> HttpResponse:
    poll = access_poll(request.user, poll_id, manage=True)
    return _poll_action(
        request, poll, lambda: services.poll_publish(poll=poll, actor=request.user), _("结果已公布。")
    )


def _tie(poll: Poll, request: AuthedRequest) -> dict[str, Any]:
    number = request.POST.get("question", "")
    tie = next((t for t in selectors.poll_ties(poll) if str(t["number"]) == number), None)
    require(tie is not None)
    assert tie is not None
    return tie


@require_POST
def poll_lot_view(request: AuthedRequest, poll_id: int) -> HttpResponse:
    """Record the lot that settled one tied question (tie rule: lot)."""
    poll = access_poll(request.user, poll_id, manage=True)
    tie = _tie(poll, request)
    form = LotForm(request.POST, tie=tie)
    if form.is_valid():
        try:
            services.lot_record(
                poll=poll,
                question_number=tie["number"],
                winners=form.cleaned_data["winners"],
                note=form.cleaned_data["note"],
                actor=request.user,
            )
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("已记录抽签结果。"))
            return redirect("voting:detail", poll_id=poll.pk)
    return poll_detail(request, poll.pk, lot_forms={tie["number"]: form})


@require_POST
def poll_runoff_view(request: AuthedRequest, poll_id: int) -> HttpResponse:
    """Start a draft run-off among one question's tied candidates (tie rule: run-off)."""
    poll = access_poll(request.user, poll_id, manage=True)
    tie = _tie(poll, request)
    try:
        runoff = services.runoff_create(poll=poll, question_number=tie["number"], actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("voting:detail", poll_id=poll.pk)
    messages.success(request, _("已生成再次投票的草稿，请检查时间后开始投票。"))
    return redirect("voting:detail", poll_id=runoff.pk)


def poll_confirm_view(request: AuthedRequest, poll_id: int) -> HttpResponse:
    """A scrutineer's confirmation: the page recounts the ballot list in the browser and shows the
    recomputed fingerprint next to the server's; the scrutineer ticks that they match."""
    poll = access_poll(request.user, poll_id)
    member = member_for(request.user)
    officer = selectors.scrutineer_get(poll, member)
    require(officer is not None)
    assert member is not None
    if poll.status != PollStatus.TALLIED:
        return redirect("voting:detail", poll_id=poll.pk)
    form = ConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.scrutineer_confirm(
                poll=poll, member=member, fingerprint=form.cleaned_data["fingerprint"], actor=request.user
            )
        except DomainError as error:
            form.add_error(None, error.message)  # the fingerprint field is hidden: say it above the form
        else:
            messages.success(request, _("已确认：您复核的结果与计票结果一致。"))
            return redirect("voting:detail", poll_id=poll.pk)
    return render(
        request,
        "voting/confirm.html",
        {
            "poll": poll,
            "form": form,
            "officer": officer,
            "fingerprint": tally.fingerprint(poll.final_hash),
            "published": selectors.published_list(poll),
        },
    )


def poll_detail(
    request: AuthedRequest, poll_id: int, lot_forms: dict[int, LotForm] | None = None
) -> HttpResponse:
    poll = access_poll(request.user, poll_id)
    manage = can_manage_poll(request.user, poll)
    kinds = officer_kinds(request.user, poll)
    questions = list(Question.objects.filter(tenant_id=poll.tenant_id, poll=poll).prefetch_related("options"))
    officers = selectors.poll_officers(poll)
    member = member_for(request.user)
    box = selectors.box_state(poll)
    context = {
        "poll": poll,
        "questions": questions,
        "officers": officers,
        "manage": manage,
        "is_scrutineer": GrantKind.SCRUTINEER in kinds,
        "is_teller": GrantKind.TELLER in kinds,
        "turnout": selectors.poll_turnout(poll),
        "pending": services.pending_before_publish(poll) if poll.status == PollStatus.TALLIED else [],
        "close_form": CloseForm(),
        "can_vote": selectors.can_vote_now(poll, member),
        "box": box,
        "my_share": box.holder(member) if box else None,
        "ties": _ties_with_forms(poll, lot_forms or {}) if manage else [],
    }
    return render(request, "voting/detail.html", context)


def _ties_with_forms(poll: Poll, lot_forms: dict[int, LotForm]) -> list[dict[str, Any]]:
    """Each tied question of a counted poll, with a lot form where the rule is a lot still to draw."""
    if poll.status not in (PollStatus.TALLIED, PollStatus.PUBLISHED):
        return []
    ties = selectors.poll_ties(poll)
    for tie in ties:
        if poll.tie_rule == TieRule.LOT and poll.status == PollStatus.TALLIED and tie["lot"] is None:
            tie["form"] = lot_forms.get(tie["number"]) or LotForm(tie=tie)
    return ties
