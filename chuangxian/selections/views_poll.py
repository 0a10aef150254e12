"""The democratic recommendation's page: the office starts the poll from the selection. The poll
then runs on the voting engine's pages (opening, voting, closing, the box, the count, publishing);
the selection page links to them (``_poll_links.html``, ``selectors_poll.poll_link_of``)."""

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from chuangxian.core import clock
from chuangxian.core.errors import DomainError
from chuangxian.core.http import AuthedRequest
from chuangxian.orgs.models import Unit
from chuangxian.orgs.selectors import unit_choices
from chuangxian.selections.forms_poll import SelectionPollForm
from chuangxian.selections.models import SelectionStatus, Stage
from chuangxian.selections.permissions import access_selection
from chuangxian.selections.selectors_poll import poll_candidates, selection_poll_of
from chuangxian.selections.services.poll import SelectionPollData, option_label, selection_poll_create
from chuangxian.voting.forms import secrecy_fields
from chuangxian.voting.models import ElectorateKind

# A service's field, where it sits on this form.
FIELDS = {"ballot_box": "secrecy", "key_threshold": "scrutineers", "max_choices": "seats"}


def _initial(title: str, candidates: int) -> dict[str, Any]:
    start = timezone.localtime(clock.now()).replace(second=0, microsecond=0)
    return {
        "title": _("%(title)s 民主推荐") % {"title": title},
        "opens_at": start,
        "closes_at": start + timedelta(days=3),
        "seats": candidates,
        "electorate_kind": ElectorateKind.TENANT,
    }


def _data(form: SelectionPollForm, tenant_id: int) -> SelectionPollData:
    data = form.cleaned_data
    secret, ballot_box = secrecy_fields(data["secrecy"])
    ids = [int(v) for v in data["electorate_units"]]
    units = Unit.objects.filter(tenant_id=tenant_id, pk__in=ids) if ids else Unit.objects.none()
    return SelectionPollData(
        title=data["title"],
        opens_at=data["opens_at"],
        closes_at=data["closes_at"],
        seats=data["seats"],
        electorate_kind=data["electorate_kind"],
        electorate_units=list(units) if data["electorate_kind"] == ElectorateKind.UNITS else [],
        secret=secret,
        ballot_box=ballot_box,
        tie_rule=data["tie_rule"],
        scrutineers=data["scrutineers"],
    )


def poll_new(request: AuthedRequest, selection_id: int) -> HttpResponse:
    selection = access_selection(request.user, selection_id, configure=True)
    standing = selection_poll_of(selection)
    if standing is not None:
        return redirect("voting:detail", poll_id=standing.poll_id)
    candidates = poll_candidates(selection)
    form = SelectionPollForm(
        request.POST or None,
        initial=_initial(selection.title, len(candidates)),
        units=unit_choices(selection.tenant_id),
        candidates=len(candidates),
        tenant_id=selection.tenant_id,
    )
    if request.method == "POST" and form.is_valid():
        try:
            made = selection_poll_create(
                selection=selection, data=_data(form, selection.tenant_id), actor=request.user
            )
        except DomainError as error:
            field = FIELDS.get(error.field or "", error.field)
            form.add_error(field if field in form.fields else None, error.message)
        else:
            messages.success(
                request,
                _("已发起民主推荐（草稿）。请核对后点“开始投票”；投票、截止、开箱计票和公布都在本页进行。"),
            )
            return redirect("voting:detail", poll_id=made.poll_id)
    at_stage = selection.status == SelectionStatus.OPEN and selection.stage == Stage.POLL
    return render(
        request,
        "selections/poll_form.html",
        {
            "selection": selection,
            "form": form,
            "candidates": candidates,
            "labels": [option_label(e.candidate_name, e.nominating_unit.name) for e in candidates],
            "at_stage": at_stage,
        },
        status=400 if request.method == "POST" else 200,
    )
