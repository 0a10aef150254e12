"""An entry's pages: the entry with its files and review record, and the forms of its stages (the
party organisation's opinion, the office's first review, a returned entry's resubmission, withdrawal)."""

from typing import Any

from django.contrib import messages
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chuangxian.core.errors import DomainError
from chuangxian.core.http import AuthedRequest
from chuangxian.core.views import require, stored_file_response
from chuangxian.review.selectors import decisions_of
from chuangxian.selections import selectors
from chuangxian.selections.forms import OfficeReviewForm, PartyReviewForm, ResubmitForm
from chuangxian.selections.models import EntryStatus, SelectionStatus, Stage
from chuangxian.selections.permissions import (
    access_entry,
    access_entry_file,
    can_manage_entry,
    can_review_entry,
)
from chuangxian.selections.services import (
    entry_office_review,
    entry_party_review,
    entry_resubmit,
    entry_withdraw,
)
from chuangxian.selections.views import add_error


def _entry_context(request: AuthedRequest, entry: Any, **forms: Any) -> dict[str, Any]:
    selection = entry.selection
    stage = selection.stage if selection.status == SelectionStatus.OPEN else ""
    manage = can_manage_entry(request.user, entry)
    review = can_review_entry(request.user, entry)
    context: dict[str, Any] = {
        "entry": entry,
        "selection": selection,
        "files": selectors.entry_files(entry),
        "decisions": decisions_of(entry),
        "can_manage": manage,
        "can_withdraw": manage
        and (
            (stage == Stage.NOMINATION and entry.status == EntryStatus.NOMINATED)
            or entry.status == EntryStatus.RETURNED
        ),
    }
    if manage and stage == Stage.PARTY_REVIEW and entry.status == EntryStatus.NOMINATED:
        context["party_form"] = forms.get("party_form") or PartyReviewForm(
            initial={"decision": entry.party_decision, "note": entry.party_note}
        )
    if manage and stage == Stage.OFFICE_REVIEW and entry.status == EntryStatus.RETURNED:
        context["resubmit_form"] = forms.get("resubmit_form") or ResubmitForm(
            initial={"summary": entry.summary}
        )
    if review and stage == Stage.OFFICE_REVIEW and entry.status == EntryStatus.NOMINATED:
        context["review_form"] = forms.get("review_form") or OfficeReviewForm()
    return context


def entry_detail(request: AuthedRequest, entry_id: int) -> HttpResponse:
    entry = access_entry(request.user, entry_id)
    return render(request, "selections/entry.html", _entry_context(request, entry))


@require_POST
def entry_withdraw_view(request: AuthedRequest, entry_id: int) -> HttpResponse:
    entry = access_entry(request.user, entry_id, manage=True)
    try:
        entry_withdraw(entry=entry, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("已撤回推荐。"))
    return redirect("selections:entry", entry_id=entry.pk)


def _entry_form_post(
    request: AuthedRequest, entry: Any, form: Any, key: str, call: Any, done: str
) -> HttpResponse:
    if form.is_valid():
        try:
            call(form.cleaned_data)
        except DomainError as error:
            add_error(form, error)
        else:
            messages.success(request, done)
            return redirect("selections:entry", entry_id=entry.pk)
    return render(request, "selections/entry.html", _entry_context(request, entry, **{key: form}), status=400)


@require_POST
def entry_resubmit_view(request: AuthedRequest, entry_id: int) -> HttpResponse:
    entry = access_entry(request.user, entry_id, manage=True)

    def call(data: dict[str, Any]) -> None:
        upload = data["minutes"]
        entry_resubmit(
            entry=entry,
            summary=data["summary"],
            minutes=upload,
            minutes_name=upload.name if upload else "",
            actor=request.user,
        )

    form = ResubmitForm(request.POST, request.FILES)
    return _entry_form_post(request, entry, form, "resubmit_form", call, _("已重新提交，等待初审。"))


@require_POST
def entry_party_review_view(request: AuthedRequest, entry_id: int) -> HttpResponse:
    entry = access_entry(request.user, entry_id, manage=True)

    def call(data: dict[str, Any]) -> None:
        entry_party_review(
            entry=entry,
            decision=data["decision"],
            note=data["note"],
            opinion=data["opinion"],
            opinion_name=data["opinion"].name,
            actor=request.user,
        )

    form = PartyReviewForm(request.POST, request.FILES)
    return _entry_form_post(request, entry, form, "party_form", call, _("已登记党组织意见。"))


@require_POST
def entry_office_review_view(request: AuthedRequest, entry_id: int) -> HttpResponse:
    entry = access_entry(request.user, entry_id)
    require(can_review_entry(request.user, entry))

    def call(data: dict[str, Any]) -> None:
        entry_office_review(entry=entry, approve=data["approve"], note=data["note"], actor=request.user)

    form = OfficeReviewForm(request.POST)
    return _entry_form_post(request, entry, form, "review_form", call, _("已记录初审结果。"))


def entry_file(request: AuthedRequest, entry_id: int, file_id: int) -> FileResponse:
    item = access_entry_file(request.user, entry_id, file_id)
    return stored_file_response(item.file, name=item.original_name)
