"""The two pages every check-in target has: the host's screen with the rotating QR code, and the
page the phone opens when it scans it. Each app's views fetch (``access_*``) and call these with
its ``CheckinAdapter``; the URLs are ``<adapter.name>:host_qr`` and ``<adapter.name>:checkin``."""

from collections.abc import Callable
from typing import Any

import segno
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from chuangxian.core.checkin.adapter import CheckinAdapter, T
from chuangxian.core.checkin.codes import ROTATE_SECONDS, VALID_SECONDS
from chuangxian.core.errors import DomainError
from chuangxian.core.http import AuthedRequest


def scan_checkin(
    request: HttpRequest,
    *,
    adapter: CheckinAdapter[Any],
    target_id: int,
    record: Callable[[str, bool], HttpResponse],
    template: str,
) -> HttpResponse:
    """The phone-scan flow. A logged-out phone (WeChat's own browser usually is) has its code
    checked at once; a valid code is remembered in the session and the member is sent to log in,
    then back here, where ``record(code, scanned_before_login)`` gets True for that same code so a
    slow login does not outlast it. A refusal renders ``template`` with its message (status 400)."""
    code = request.GET.get("code", "")
    session_key = f"{adapter.name}.pending_scan"
    try:
        if not request.user.is_authenticated:
            adapter.codes.require(code, target_id)
            request.session[session_key] = {"target": target_id, "code": code}
            return redirect_to_login(request.get_full_path())
        pending = request.session.pop(session_key, None) or {}
        scanned = pending.get("target") == target_id and pending.get("code") == code
        return record(code, scanned)
    except DomainError as error:
        return render(request, template, {"error": error.message, "code": error.code}, status=400)


def host_qr_context(request: AuthedRequest, *, adapter: CheckinAdapter[T], target: T) -> dict[str, Any]:
    """The host screen's current code as a QR image, or why check-in is not open (the message of
    the adapter's ``require_open``). The screen polls ``<name>:host_qr`` every ROTATE_SECONDS, so the
    code on it is never older than that and stays valid for at least VALID_SECONDS minus it."""
    context: dict[str, Any] = {
        "rotate_seconds": ROTATE_SECONDS,
        "valid_minutes": VALID_SECONDS // 60,
        "refresh_url": reverse(f"{adapter.name}:host_qr", args=[target.pk]),
    }
    try:
        adapter.require_open(target)
    except DomainError as error:
        context["closed_message"] = error.message
        return context
    code = adapter.codes.make(target.pk)
    url = request.build_absolute_uri(
        reverse(f"{adapter.name}:checkin", args=[target.pk]) + f"?code={code.token}"
    )
    context.update(
        checkin_url=url, qr=segno.make(url, error="m").svg_data_uri(scale=8, border=2), rotation=code.rotation
    )
    return context
