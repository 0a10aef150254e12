"""Setting a poll up: the list of polls, creating and editing a poll, adding and removing questions."""

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chuangxian.core.errors import DomainError
from chuangxian.core.http import AuthedRequest
from chuangxian.core.views import require
from chuangxian.orgs.models import Unit
from chuangxian.orgs.permissions import access_unit, member_for
from chuangxian.voting import selectors, services
from chuangxian.voting.forms import (
    PollForm,
    QuestionForm,
    Secrecy,
    secrecy_fields,
    secrecy_of,
)
from chuangxian.voting.models import (
    ElectorateKind,
    Poll,
    PollStatus,
    PollUnit,
    Question,
)
from chuangxian.voting.permissions import access_poll


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
    secret, ballot_box = secrecy_fields(data["secrecy"])
    return services.PollData(
        title=data["title"],
        purpose=data["purpose"],
        description=data["description"],
        opens_at=data["opens_at"],
        closes_at=data["closes_at"],
        secret=secret,
        ballot_box=ballot_box,
        key_threshold=data["key_threshold"] if data["secrecy"] == Secrecy.SEALED else None,
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
    field = "secrecy" if error.field == "ballot_box" and "secrecy" in form.fields else error.field
    form.add_error(field if field in form.fields else None, error.message)


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
        "secrecy": secrecy_of(poll.secret, poll.ballot_box),
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
