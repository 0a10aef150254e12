"""Roster import pages: upload, preview (with progress for large files), confirm, discard."""

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRefresh

from chuangxian.core.errors import DomainError
from chuangxian.core.http import AuthedRequest
from chuangxian.exports.views import export_response
from chuangxian.roster.forms import ConfirmForm, UploadForm
from chuangxian.roster.models import ImportStatus, RosterImport, RowOutcome
from chuangxian.roster.permissions import access_roster_import, access_roster_tenant
from chuangxian.roster.selectors import (
    ROWS_PER_PAGE,
    roster_import_counts,
    roster_import_departs_user,
    roster_import_list_for_tenant,
    roster_import_rows,
    roster_row_views,
)
from chuangxian.roster.services import (
    roster_import_confirm_start,
    roster_import_discard,
    roster_import_upload,
)


def import_start(request: AuthedRequest) -> HttpResponse:
    tenant = access_roster_tenant(request.user)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            roster_import = roster_import_upload(
                tenant=tenant,
                upload=upload,
                original_name=upload.name,
                mode=form.cleaned_data["mode"],
                departure_status=form.cleaned_data["departure_status"],
                actor=request.user,
            )
        except DomainError as error:
            form.add_error("file", error.message)
        else:
            return redirect("roster:detail", roster_import_id=roster_import.pk)
    imports = Paginator(roster_import_list_for_tenant(tenant.pk), 20).get_page(request.GET.get("page"))
    return render(request, "roster/start.html", {"form": form, "imports": imports, "tenant": tenant})


def template_download(request: AuthedRequest) -> HttpResponse:
    """The import template (the ``roster.template`` export), for the office of the school."""
    access_roster_tenant(request.user)
    return export_response(request, "roster.template", "xlsx", {})


def _confirm_form(roster_import: RosterImport, data: Any = None) -> ConfirmForm:
    return ConfirmForm(
        data,
        departures=roster_import.departure_count,
        departure_label=roster_import.get_departure_status_display(),
    )


def import_detail(request: AuthedRequest, roster_import_id: int) -> HttpResponse:
    roster_import = access_roster_import(request.user, roster_import_id)
    context: dict[str, Any] = {"imp": roster_import}
    if roster_import.status in (ImportStatus.READY, ImportStatus.DONE):
        requested = request.GET.get("outcome", "")
        outcome = requested if requested in RowOutcome.values else ""
        page = Paginator(roster_import_rows(roster_import, outcome or None), ROWS_PER_PAGE).get_page(
            request.GET.get("page")
        )
        context.update(
            outcome=outcome,
            counts=roster_import_counts(roster_import, outcome),
            page=page,
            rows=roster_row_views(
                list(page.object_list),
                roster_import.get_departure_status_display(),
                done=roster_import.status == ImportStatus.DONE,
            ),
            confirm_form=_confirm_form(roster_import),
            departs_me=roster_import.status == ImportStatus.READY
            and roster_import_departs_user(roster_import, request.user),
        )
    return render(request, "roster/detail.html", context)


def import_progress(request: AuthedRequest, roster_import_id: int) -> HttpResponse:
    """The progress bar, polled by htmx; once the job is done the page reloads itself."""
    roster_import = access_roster_import(request.user, roster_import_id)
    if not roster_import.is_running:
        return HttpResponseClientRefresh()
    return render(request, "roster/_progress.html", {"imp": roster_import, "oob": True})


@require_POST
def import_confirm(request: AuthedRequest, roster_import_id: int) -> HttpResponse:
    roster_import = access_roster_import(request.user, roster_import_id)
    form = _confirm_form(roster_import, request.POST)
    if not form.is_valid():
        for error in form.errors.get("acknowledge", []):
            messages.error(request, str(error))
        return redirect("roster:detail", roster_import_id=roster_import.pk)
    try:
        roster_import = roster_import_confirm_start(roster_import_id=roster_import.pk, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        if roster_import.status == ImportStatus.DONE:
            messages.success(
                request,
                _("名册已导入：新增 %(new)s 人，更新 %(updated)s 人，标记离校 %(departed)s 人。")
                % {
                    "new": roster_import.new_count,
                    "updated": roster_import.updated_count,
                    "departed": roster_import.departure_count,
                },
            )
    return redirect("roster:detail", roster_import_id=roster_import.pk)


@require_POST
def import_discard(request: AuthedRequest, roster_import_id: int) -> HttpResponse:
    roster_import = access_roster_import(request.user, roster_import_id)
    try:
        roster_import_discard(roster_import_id=roster_import.pk, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("roster:detail", roster_import_id=roster_import.pk)
    messages.info(request, _("已放弃这次导入，名册没有任何改动。"))
    return redirect("roster:start")
