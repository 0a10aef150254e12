"""Small helpers shared by views."""

from collections.abc import Callable
from typing import Any

import segno
from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.files.uploadedfile import UploadedFile
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from chuangxian.core.checkin import ROTATE_SECONDS, VALID_SECONDS, CodeScheme
from chuangxian.core.errors import DomainError, NotFoundError
from chuangxian.core.files import KINDS


def require(condition: bool) -> None:
    """Refuse with the same 404 as a missing record, so nothing leaks that the record exists."""
    if not condition:
        raise NotFoundError()


def paginate(request: HttpRequest, items: QuerySet[Any] | list[Any], per_page: int = 50) -> Page[Any]:
    return Paginator(items, per_page).get_page(request.GET.get("page"))


def stored_file_response(
    file: FieldFile, *, name: str, kind: str, as_attachment: bool = False
) -> FileResponse:
    """A stored upload served under its original ``name``, typed by its checked ``kind`` code."""
    known = KINDS.get(kind)
    return FileResponse(
        file.open("rb"),
        as_attachment=as_attachment,
        filename=name,
        content_type=known.content_type if known else "application/octet-stream",
    )


def upload_with_messages(
    request: HttpRequest, form: forms.Form, *, store: Callable[[UploadedFile], object], missing: str
) -> None:
    """Store the ``file`` of a bound upload form with ``store`` (a service call); how it went is
    told with a message: ``missing`` when no file came, the DomainError's message, or success."""
    if not form.is_valid():
        messages.error(request, missing)
        return
    upload = form.cleaned_data["file"]
    try:
        store(upload)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("已上传「%(name)s」。") % {"name": upload.name})


def scan_checkin(
    request: HttpRequest,
    *,
    session_key: str,
    target_id: int,
    code_target: Callable[[str], int],
    wrong_target: DomainError,
    record: Callable[[str, bool], HttpResponse],
    refused: Callable[[DomainError], HttpResponse],
) -> HttpResponse:
    """The phone-scan check-in flow shared by meetings and activities.

    A logged-out phone (WeChat's own browser usually is) has its code checked at once; a valid code
    is remembered in the session and the member is sent to log in, then back here, where ``record``
    gets ``scanned_before_login=True`` for that same code so a slow login does not outlast it.
    """
    code = request.GET.get("code", "")
    if not request.user.is_authenticated:
        try:
            if code_target(code) != target_id:
                raise wrong_target
        except DomainError as error:
            return refused(error)
        request.session[session_key] = {"target": target_id, "code": code}
        return redirect_to_login(request.get_full_path())
    pending = request.session.pop(session_key, None) or {}
    scanned = pending.get("target") == target_id and pending.get("code") == code
    try:
        return record(code, scanned)
    except DomainError as error:
        return refused(error)


def host_qr_context(
    request: HttpRequest,
    *,
    namespace: str,
    codes: CodeScheme,
    target_id: int,
    require_open: Callable[[], None],
) -> dict[str, Any]:
    """The host screen's current code as a QR image, or why check-in is not open (the message of
    ``require_open``'s DomainError), for the app whose URLs ``<namespace>:checkin`` (opened by the
    phone) and ``<namespace>:host_qr`` (this fragment) take the target's id. The screen polls the
    fragment every ROTATE_SECONDS, so the code on it is never older than that and stays valid for
    at least VALID_SECONDS minus it."""
    context: dict[str, Any] = {
        "rotate_seconds": ROTATE_SECONDS,
        "valid_minutes": VALID_SECONDS // 60,
        "refresh_url": reverse(f"{namespace}:host_qr", args=[target_id]),
    }
    try:
        require_open()
    except DomainError as error:
        context["closed_message"] = error.message
        return context
    code = codes.make(target_id)
    url = request.build_absolute_uri(
        reverse(f"{namespace}:checkin", args=[target_id]) + f"?code={code.token}"
    )
    context.update(
        checkin_url=url, qr=segno.make(url, error="m").svg_data_uri(scale=8, border=2), rotation=code.rotation
    )
    return context
