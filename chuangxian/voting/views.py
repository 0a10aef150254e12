"""Voting pages: the organiser's setup and dashboard, the voter's ballot and receipt, the tellers'
paper entry, and the released result with its ballot list."""

from typing import Any

from django.contrib import messages
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chuangxian.core import clock
from chuangxian.core.errors import DomainError
from chuangxian.core.http import AuthedRequest
from chuangxian.core.views import download_response, paginate, require
from chuangxian.grants.models import GrantKind
from chuangxian.orgs.models import Unit
from chuangxian.orgs.permissions import access_unit, member_for
from chuangxian.voting import selectors, services, tally
from chuangxian.voting.exports import result_pdf
from chuangxian.voting.forms import (
    CloseForm,
    ConfirmForm,
    LotForm,
    OpenForm,
    PollForm,
    QuestionForm,
    ballot_answers,
    paper_data,
    paper_fields,
)
from chuangxian.voting.models import (
    ElectorateKind,
    Mark,
    Poll,
    PollMode,
    PollStatus,
    PollUnit,
    Question,
    TieRule,
)
from chuangxian.voting.permissions import (
    access_poll,
    can_manage_poll,
    can_see_result,
    is_eligible,
    is_officer,
    is_teller,
    officer_kinds,
)

VOTED_SESSION_KEY = "voting_receipt"


def index(request: AuthedRequest) -> HttpResponse:
    member = member_for(request.user)
    organiser_units = selectors.organiser_units(request.user)
    return render(
        request,
        "voting/index.html",
        {
            "mine": list(selectors.polls_for_member(member)) if member else [],
            "organised": list(selectors.polls_organised_in(organiser_units)[:100]),
            "organiser_units": organiser_units,
        },
    )


def _unit_choices(unit: Unit) -> list[tuple[int, str]]:
    return [
        (u.pk, ("　" * (u.depth - unit.depth)) + u.name)
        for u in Unit.objects.filter(
            tenant_id=unit.tenant_id, path__startswith=unit.path, is_active=True
        ).order_by("path")
    ]


def _poll_data(form: PollForm, unit: Unit) -> services.PollData:
    data = form.cleaned_data
    ids = [int(v) for v in data["electorate_units"]]
    return services.PollData(
        title=data["title"],
        purpose=data["purpose"],
        description=data["description"],
        opens_at=data["opens_at"],
        closes_at=data["closes_at"],
        secret=data["secret"],
        mode=data["mode"],
        electorate_kind=data["electorate_kind"],
        electorate_units=list(Unit.objects.filter(tenant_id=unit.tenant_id, pk__in=ids)),
        quorum_num=data["quorum_num"],
        quorum_den=data["quorum_den"],
        majority_base=data["majority_base"],
        tie_rule=data["tie_rule"],
        scrutineers=data["scrutineers"],
        tellers=data["tellers"],
    )


def _form_error(form: Any, error: DomainError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


def poll_create_view(request: AuthedRequest, unit_id: int) -> HttpResponse:
    unit = access_unit(request.user, unit_id, manage=True)
    # No unit is ticked for the organiser: a ticked 校工会 reaches every unit of the school.
    initial = {"electorate_kind": ElectorateKind.TENANT if unit.depth == 1 else ElectorateKind.UNITS}
    form = PollForm(
        request.POST or None, initial=initial, units=_unit_choices(unit), tenant_id=unit.tenant_id
    )
    if request.method == "POST" and form.is_valid():
        try:
            poll = services.poll_create(unit=unit, data=_poll_data(form, unit), actor=request.user)
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("已创建投票（草稿），请添加题目。"))
            return redirect("voting:detail", poll_id=poll.pk)
    return render(request, "voting/form.html", {"form": form, "unit": unit, "title": _("组织投票")})


def poll_edit(request: AuthedRequest, poll_id: int) -> HttpResponse:
    poll = access_poll(request.user, poll_id, manage=True)
    require(poll.status == PollStatus.DRAFT)
    officers = selectors.officer_staff_numbers(poll)
    initial = {
        **{name: getattr(poll, name) for name in services.POLL_FIELDS},
        "electorate_units": list(
            PollUnit.objects.filter(tenant_id=poll.tenant_id, poll=poll).values_list("unit_id", flat=True)
        ),
        "scrutineers": " ".join(officers["scrutineers"]),
        "tellers": " ".join(officers["tellers"]),
    }
    form = PollForm(
        request.POST or None, initial=initial, units=_unit_choices(poll.unit), tenant_id=poll.tenant_id
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.poll_update(poll=poll, data=_poll_data(form, poll.unit), actor=request.user)
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("已保存。"))
            return redirect("voting:detail", poll_id=poll.pk)
    return render(
        request, "voting/form.html", {"form": form, "unit": poll.unit, "poll": poll, "title": _("修改投票")}
    )


def question_add_view(request: AuthedRequest, poll_id: int) -> HttpResponse:
    poll = access_poll(request.user, poll_id, manage=True)
    form = QuestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.question_add(
                poll=poll,
                data=services.QuestionData(
                    text=data["text"],
                    method=data["method"],
                    options=data["options"].splitlines(),
                    seats=data["seats"],
                    min_choices=data["min_choices"],
                    max_choices=data["max_choices"],
                    allow_negative=data["allow_negative"],
                ),
                actor=request.user,
            )
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("已添加题目。"))
            return redirect("voting:detail", poll_id=poll.pk)
    return render(request, "voting/question_form.html", {"form": form, "poll": poll})


def _poll_action(request: AuthedRequest, poll: Poll, action: Any, success: str) -> HttpResponse:
    try:
        action()
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, success)
    return redirect("voting:detail", poll_id=poll.pk)


@require_POST
def question_remove_view(request: AuthedRequest, poll_id: int, question_id: int) -> HttpResponse:
    poll = access_poll(request.user, poll_id, manage=True)
    question = Question.objects.filter(tenant_id=poll.tenant_id, poll=poll, pk=question_id).first()
    require(question is not None)
    assert question is not None
    return _poll_action(
        request,
        poll,
        lambda: services.question_remove(question=question, actor=request.user),
        _("已删除题目。"),
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
        "can_vote": selectors.can_vote_now(poll, member_for(request.user)),
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


def vote(request: AuthedRequest, poll_id: int) -> HttpResponse:
    """The ballot: fill in, check on a confirmation screen, cast; the receipt is shown once.

    ``step`` is "review" (check and show the confirmation), "edit" (back to the filled-in ballot)
    or "cast"."""
    poll = access_poll(request.user, poll_id)
    member = member_for(request.user)
    require(member is not None and is_eligible(request.user, poll))
    assert member is not None
    questions = selectors.ballot_questions(poll)
    context: dict[str, Any] = {"poll": poll, "questions": questions, "answers": {}, "marks": Mark.choices}
    if request.method != "POST":
        context["voted"] = selectors.has_voted(poll, member)
        return render(request, "voting/vote.html", context)
    # A POST is checked by the service, which also says when this voter has already voted.
    answers = ballot_answers(questions, request.POST)
    blank = request.POST.get("blank") == "1"
    step = request.POST.get("step")
    context.update(answers=answers, blank=blank)
    try:
        if step == "cast":
            cast = services.ballot_cast(
                poll=poll,
                member=member,
                answers=answers,
                blank=blank,
                questions=questions,
                actor=request.user,
            )
            request.session[VOTED_SESSION_KEY] = {"poll": poll.pk, "receipt": cast.receipt}
            return redirect("voting:voted", poll_id=poll.pk)
        if step == "edit":
            context["voted"] = selectors.has_voted(poll, member)
        else:
            services.ballot_check(poll=poll, member=member, answers=answers, blank=blank, questions=questions)
            context.update(
                confirm=True,
                summary=selectors.ballot_summary(questions, answers),
                hidden=_hidden(request.POST),
            )
    except DomainError as error:
        # Whoever has already voted sees that, whatever else is wrong now (say, the poll closed).
        if error.code == "already_voted" or (error.code == "closed" and selectors.has_voted(poll, member)):
            context["voted"] = True
        else:
            messages.error(request, error.message)
    return render(request, "voting/vote.html", context)


def _hidden(post: Any) -> list[tuple[str, str]]:
    return [
        (key, value)
        for key in post
        for value in post.getlist(key)
        if key not in ("csrfmiddlewaretoken", "step")
    ]


def voted(request: AuthedRequest, poll_id: int) -> HttpResponse:
    poll = access_poll(request.user, poll_id)
    shown = request.session.pop(VOTED_SESSION_KEY, None)
    receipt = shown["receipt"] if shown and shown.get("poll") == poll.pk else None
    return render(request, "voting/voted.html", {"poll": poll, "receipt": receipt})


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
    return download_response(
        result_pdf(poll=poll, printed_on=clock.today()),
        filename=f"{poll.title}结果.pdf",
        kind="pdf",
        inline=True,
    )


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


def paper(request: AuthedRequest, poll_id: int) -> HttpResponse:
    poll = access_poll(request.user, poll_id)
    member = member_for(request.user)
    require(member is not None and is_teller(request.user, poll))
    assert member is not None
    require(poll.mode != PollMode.ONLINE)
    questions = selectors.ballot_questions(poll)
    state = selectors.paper_state(poll, questions, member)
    entered = state["mine"]
    if request.method == "POST":
        data = entered = paper_data(questions, request.POST)
        try:
            agreed = services.paper_entry_submit(poll=poll, teller=member, data=data, actor=request.user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            if agreed:
                messages.success(request, _("两名计票人录入的结果一致，纸质选票结果已确认。"))
            else:
                messages.info(request, _("已保存您的录入。等待另一名计票人录入；两人结果一致后才会确认。"))
            return redirect("voting:paper", poll_id=poll.pk)
    return render(
        request, "voting/paper.html", {"poll": poll, **state, "sections": paper_fields(questions, entered)}
    )
