"""Proposal pages: my proposals and invitations, a session's proposals with the statistics, a
proposal with the actions its viewer may take, and the committee's collection settings. Access →
form → service → redirect or render (a refusal's message on the form, status 400)."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chuangxian.congress.permissions import access_session
from chuangxian.congress.selectors import congress_voters
from chuangxian.core.errors import DomainError, NotFoundError
from chuangxian.core.http import AuthedRequest
from chuangxian.orgs.models import Unit
from chuangxian.orgs.permissions import member_for
from chuangxian.proposals import selectors as reads
from chuangxian.proposals.forms import (
    AnswerForm,
    AssignForm,
    DecideForm,
    ForwardForm,
    InviteForm,
    NoteForm,
    ProposalForm,
    RateForm,
)
from chuangxian.proposals.models import CoHandler, CoSignerStatus, Proposal, Status
from chuangxian.proposals.permissions import (
    access_proposal,
    can_decide,
    can_handle,
    can_propose,
    is_proposer,
    may_rate_now,
)
from chuangxian.proposals.services import (
    cohandler_note,
    cosign_answer,
    cosigners_invite,
    proposal_answer,
    proposal_assign,
    proposal_create,
    proposal_decide,
    proposal_forward,
    proposal_rate,
    proposal_submit,
    proposal_update,
    school_sessions_collecting,
)

FORMS = ("invite", "decide", "assign", "note", "answer", "rate")


def _error(form: forms.Form, error: DomainError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


def _units(proposal: Proposal) -> Any:
    return Unit.objects.filter(tenant_id=proposal.tenant_id, is_active=True).order_by("path")


def _detail(
    request: AuthedRequest, proposal: Proposal, bound: dict[str, forms.Form] | None = None
) -> HttpResponse:
    actor = request.user
    bound = bound or {}
    draft = proposal.status == Status.DRAFT
    mine = is_proposer(actor, proposal)
    cosigners = reads.cosigners_of(proposal)
    member = member_for(actor)
    me = next((c for c in cosigners if member is not None and c.member_id == member.pk), None)
    committee = can_decide(actor, proposal.session)
    cohandlers = list(
        CoHandler.objects.filter(tenant_id=proposal.tenant_id, proposal=proposal).select_related("unit")
    )
    my_cohandlers = [
        c for c in cohandlers if proposal.status == Status.ASSIGNED and can_handle(actor, c.unit)
    ]
    answers = reads.answers_of(proposal)
    may_rate = may_rate_now(actor, proposal, answers)
    context: dict[str, Any] = {
        "proposal": proposal,
        "cosigners": cosigners,
        "cohandlers": cohandlers,
        "answers": answers,
        "merged": list(proposal.merged.filter(tenant_id=proposal.tenant_id).select_related("proposer")),
        "can_edit": mine and draft,
        "my_invitation": me if draft and me is not None and me.status == CoSignerStatus.INVITED else None,
    }
    if mine and draft:
        context["invite_form"] = bound.get("invite") or InviteForm(
            voters=congress_voters(proposal.session.congress)
        )
    if committee and proposal.status == Status.SUBMITTED:
        targets = list(
            Proposal.objects.filter(
                tenant_id=proposal.tenant_id,
                session=proposal.session,
                status__in=(Status.ACCEPTED, Status.ASSIGNED, Status.ANSWERED, Status.CLOSED),
            )
        )
        context["decide_form"] = bound.get("decide") or DecideForm(targets=targets)
    if committee and proposal.status == Status.SUBMITTED and proposal.session.congress.unit.depth > 1:
        sessions = school_sessions_collecting(proposal)
        if sessions:
            context["forward_form"] = bound.get("forward") or ForwardForm(sessions=sessions)
    forwards = list(
        proposal.forwards.filter(tenant_id=proposal.tenant_id).select_related("session__congress__unit")
    )
    context["forwards"] = [(copy, reads.answers_of(copy)) for copy in forwards]
    if committee and proposal.status in (Status.ACCEPTED, Status.ASSIGNED):
        initial = {"lead": proposal.lead_unit_id, "cohandlers": [c.unit_id for c in cohandlers]}
        context["assign_form"] = bound.get("assign") or AssignForm(units=_units(proposal), initial=initial)
    if my_cohandlers:
        context["note_forms"] = [
            (c, bound.get(f"note{c.unit_id}") or NoteForm(prefix=f"u{c.unit_id}")) for c in my_cohandlers
        ]
    if proposal.status == Status.ASSIGNED and proposal.lead_unit and can_handle(actor, proposal.lead_unit):
        context["answer_form"] = bound.get("answer") or AnswerForm()
    if may_rate:
        context["rate_form"] = bound.get("rate") or RateForm()
    status = 400 if any(f.errors for f in bound.values()) else 200
    return render(request, "proposals/detail.html", context, status=status)


def detail(request: AuthedRequest, proposal_id: int) -> HttpResponse:
    return _detail(request, access_proposal(request.user, proposal_id))


def mine(request: AuthedRequest) -> HttpResponse:
    return render(request, "proposals/mine.html", reads.my_page(request.user))


def proposal_new(request: AuthedRequest, session_id: int) -> HttpResponse:
    session = access_session(request.user, session_id)
    if not can_propose(request.user, session):
        raise NotFoundError()
    form = ProposalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            proposal = proposal_create(session=session, data=form.data_(), actor=request.user)
        except DomainError as error:
            _error(form, error)
        else:
            messages.success(request, _("提案草稿已保存。请邀请代表附议，附议人数足够后提交。"))
            return redirect("proposals:detail", proposal_id=proposal.pk)
    return render(
        request, "proposals/form.html", {"form": form, "session": session}, status=400 if form.errors else 200
    )


def proposal_edit(request: AuthedRequest, proposal_id: int) -> HttpResponse:
    proposal = access_proposal(request.user, proposal_id)
    if not (is_proposer(request.user, proposal) and proposal.status == Status.DRAFT):
        raise NotFoundError()
    initial = {n: getattr(proposal, n) for n in ("title", "category", "reasons", "suggestions")}
    form = ProposalForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            proposal_update(proposal=proposal, data=form.data_(), actor=request.user)
        except DomainError as error:
            _error(form, error)
        else:
            messages.success(request, _("提案已修改。"))
            return redirect("proposals:detail", proposal_id=proposal.pk)
    context = {"form": form, "session": proposal.session, "proposal": proposal}
    return render(request, "proposals/form.html", context, status=400 if form.errors else 200)


def _act(
    request: AuthedRequest, proposal_id: int, call: Callable[[Proposal], object], done: str
) -> HttpResponse:
    proposal = access_proposal(request.user, proposal_id)
    try:
        call(proposal)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done)
    return redirect("proposals:detail", proposal_id=proposal.pk)


@require_POST
def submit(request: AuthedRequest, proposal_id: int) -> HttpResponse:
    return _act(
        request,
        proposal_id,
        lambda p: proposal_submit(proposal=p, actor=request.user),
        _("提案已提交，等待提案工作委员会审查。"),
    )


@require_POST
def cosign(request: AuthedRequest, proposal_id: int) -> HttpResponse:
    confirm = request.POST.get("confirm") == "1"
    return _act(
        request,
        proposal_id,
        lambda p: cosign_answer(proposal=p, confirm=confirm, actor=request.user),
        _("已确认附议。") if confirm else _("已谢绝附议。"),
    )


def _form_action(
    request: AuthedRequest,
    proposal_id: int,
    key: str,
    make: Callable[[Proposal], forms.Form],
    call: Callable[[Proposal, forms.Form], object],
    done: str,
) -> HttpResponse:
    proposal = access_proposal(request.user, proposal_id)
    form = make(proposal)
    if form.is_valid():
        try:
            call(proposal, form)
        except DomainError as error:
            _error(form, error)
        else:
            messages.success(request, done)
            return redirect("proposals:detail", proposal_id=proposal.pk)
    return _detail(request, proposal, {key: form})


@require_POST
def invite(request: AuthedRequest, proposal_id: int) -> HttpResponse:
    return _form_action(
        request,
        proposal_id,
        "invite",
        lambda p: InviteForm(request.POST, voters=congress_voters(p.session.congress)),
        lambda p, f: cosigners_invite(
            proposal=p, members=list(f.cleaned_data["members"]), actor=request.user
        ),
        _("已邀请，被邀请的代表确认后即为附议人。"),
    )


@require_POST
def decide(request: AuthedRequest, proposal_id: int) -> HttpResponse:
    def make(p: Proposal) -> forms.Form:
        targets = list(
            Proposal.objects.filter(
                tenant_id=p.tenant_id,
                session=p.session,
                status__in=(Status.ACCEPTED, Status.ASSIGNED, Status.ANSWERED, Status.CLOSED),
            )
        )
        return DecideForm(request.POST, targets=targets)

    def call(p: Proposal, f: forms.Form) -> object:
        assert isinstance(f, DecideForm)
        return proposal_decide(
            proposal=p,
            decision=f.cleaned_data["decision"],
            note=f.cleaned_data["note"],
            merge_into=f.target(),
            actor=request.user,
        )

    return _form_action(request, proposal_id, "decide", make, call, _("已记录审查结论，并通知提案人。"))


@require_POST
def forward(request: AuthedRequest, proposal_id: int) -> HttpResponse:
    def call(p: Proposal, f: forms.Form) -> object:
        assert isinstance(f, ForwardForm)
        return proposal_forward(
            proposal=p, session=f.chosen(), note=f.cleaned_data["note"], actor=request.user
        )

    return _form_action(
        request,
        proposal_id,
        "forward",
        lambda p: ForwardForm(request.POST, sessions=school_sessions_collecting(p)),
        call,
        _("已转报学校教代会。"),
    )


@require_POST
def assign(request: AuthedRequest, proposal_id: int) -> HttpResponse:
    return _form_action(
        request,
        proposal_id,
        "assign",
        lambda p: AssignForm(request.POST, units=_units(p)),
        lambda p, f: proposal_assign(
            proposal=p,
            lead=f.cleaned_data["lead"],
            cohandlers=list(f.cleaned_data["cohandlers"]),
            deadline=f.cleaned_data["deadline"],
            actor=request.user,
        ),
        _("已交办，并通知承办单位。"),
    )


@require_POST
def note(request: AuthedRequest, proposal_id: int, unit_id: int) -> HttpResponse:
    proposal = access_proposal(request.user, proposal_id)
    row = (
        CoHandler.objects.filter(tenant_id=proposal.tenant_id, proposal=proposal, unit_id=unit_id)
        .select_related("unit")
        .first()
    )
    if row is None:
        return redirect("proposals:detail", proposal_id=proposal.pk)
    form = NoteForm(request.POST, prefix=f"u{unit_id}")
    if form.is_valid():
        try:
            cohandler_note(
                proposal=proposal, unit=row.unit, note=form.cleaned_data["note"], actor=request.user
            )
        except DomainError as error:
            _error(form, error)
        else:
            messages.success(request, _("协办意见已保存。"))
            return redirect("proposals:detail", proposal_id=proposal.pk)
    return _detail(request, proposal, {f"note{unit_id}": form})


@require_POST
def answer(request: AuthedRequest, proposal_id: int) -> HttpResponse:
    return _form_action(
        request,
        proposal_id,
        "answer",
        lambda p: AnswerForm(request.POST),
        lambda p, f: proposal_answer(
            proposal=p,
            category=f.cleaned_data["category"],
            text=f.cleaned_data["text"],
            done_by=f.cleaned_data["done_by"],
            actor=request.user,
        ),
        _("已答复，并请提案人和附议人评价。"),
    )


@require_POST
def rate(request: AuthedRequest, proposal_id: int) -> HttpResponse:
    return _form_action(
        request,
        proposal_id,
        "rate",
        lambda p: RateForm(request.POST),
        lambda p, f: proposal_rate(
            proposal=p, value=f.cleaned_data["value"], note=f.cleaned_data["note"], actor=request.user
        ),
        _("感谢您的评价。"),
    )
