"""The voter's ballot and receipt, and the tellers' entry of a paper poll."""

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from chuangxian.core.errors import DomainError
from chuangxian.core.http import AuthedRequest
from chuangxian.core.views import require
from chuangxian.orgs.permissions import member_for
from chuangxian.voting import selectors, services
from chuangxian.voting.forms import (
    ballot_answers,
    paper_data,
    paper_fields,
)
from chuangxian.voting.models import (
    Mark,
    PollMode,
)
from chuangxian.voting.permissions import (
    access_poll,
    is_eligible,
    is_teller,
)

VOTED_SESSION_KEY = "voting_receipt"


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
