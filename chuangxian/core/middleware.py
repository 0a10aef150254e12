from collections.abc import Callable

from django.http import Http404, HttpRequest, HttpResponse

from chuangxian.core.errors import NotFoundError


class NotFoundErrorMiddleware:
    """``access_*`` raises NotFoundError for missing and forbidden alike; both become a plain 404."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, NotFoundError):
            raise Http404(exception.message)
        return None
