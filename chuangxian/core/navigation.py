"""Pages the menu may offer, each guarded by the one check its view runs.

A page that concerns no particular record (a list, a search, a start page) declares who may open it
with ``@page_guard(check)``: the view answers the same 404 as a missing record when ``check(user)``
is false, and the menu and the breadcrumbs ask ``page_allows(user, url)``, which runs that same
check. So a menu entry cannot lead to a 404, and the menu need not repeat the rule.
"""

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, get_urlconf, resolve

from chuangxian.core.errors import NotFoundError

PageCheck = Callable[[Any], bool]
View = Callable[..., HttpResponse]


def page_guard(check: PageCheck) -> Callable[[View], View]:
    """Refuse the view with a 404 unless ``check(request.user)``; the check stays readable on the
    view as ``can_open`` for ``page_allows``."""

    def decorate(view: View) -> View:
        @functools.wraps(view)
        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not check(request.user):
                raise NotFoundError()
            return view(request, *args, **kwargs)

        guarded.can_open = check  # type: ignore[attr-defined]
        return guarded

    return decorate


_NO_PAGE = object()


@functools.lru_cache(maxsize=2048)
def _page_check(urlconf: str, path: str) -> Any:
    """The ``page_guard`` check of the view at ``path`` (None: a record page; ``_NO_PAGE``: no page).
    Resolved once per path and URL configuration: the menu asks for the same twenty paths on every
    request, and resolving them was a quarter of the menu's time."""
    try:
        match = resolve(path, urlconf)
    except Resolver404:
        return _NO_PAGE
    return getattr(match.func, "can_open", None)


def page_allows(user: Any, url: str) -> bool:
    """Whether the page at ``url`` lets ``user`` in, by the check its view declared with
    ``page_guard``. A page without one is a record page whose ``access_*`` the caller has already
    answered (the member's own unit, a unit the user chairs): it is allowed here."""
    check = _page_check(get_urlconf() or settings.ROOT_URLCONF, url.split("?", 1)[0])
    if check is _NO_PAGE:
        return False
    return check is None or bool(check(user))


@dataclass(frozen=True)
class Crumb:
    """One step of a breadcrumb trail; ``url`` is None when the reader may not open that page, and
    the step is then shown as plain text (``includes/breadcrumb.html``)."""

    label: str
    url: str | None = None
