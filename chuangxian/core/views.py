"""Small helpers shared by views."""

from collections.abc import Callable
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse

from chuangxian.core.errors import DomainError, NotFoundError


def require(condition: bool) -> None:
    """Refuse with the same 404 as a missing record, so nothing leaks that the record exists."""
    if not condition:
        raise NotFoundError()


def paginate(request: HttpRequest, items: QuerySet[Any] | list[Any], per_page: int = 50) -> Page[Any]:
    return Paginator(items, per_page).get_page(request.GET.get("page"))


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
