from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control

from chuangxian.core.errors import DomainError, NotFoundError, Refused


class NotFoundErrorMiddleware:
    """``access_*`` raises NotFoundError for missing and forbidden alike; both become a plain 404.

    A service's own refusal (``Refused``) that no view caught becomes the 403 page with its message:
    the person could see the record but may not act on it; any other rule's error (``DomainError``,
    e.g. an export asked for in a format it does not offer) the 400 page with its message.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, NotFoundError):
            raise Http404(exception.message)
        if isinstance(exception, Refused):
            raise PermissionDenied(exception.message)
        if isinstance(exception, DomainError):  # a rule refused the input and no view caught it
            return render(request, "400.html", {"exception": exception.message}, status=400)
        return None


class PrivateCacheMiddleware:
    """Every page and download may carry personal data: no shared cache and no browser copy keeps it.

    ``Cache-Control: private, no-store`` is added to every response the app builds (static files are
    served before this middleware and keep their own long cache). A view that deliberately sets its
    own ``Cache-Control`` keeps it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True, no_store=True)
        return response
