"""The app's URLs (``config.urls``) and ``/bench/hello/``, for ``bench/pages_settings.py`` only.

The hello world goes through every middleware as a page does (the session, the user, the login
requirement, the password-change check, the headers) and answers a line of text: what any logged-in
page costs before its own work.
"""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def hello(request: HttpRequest) -> HttpResponse:
    return HttpResponse(f"hello {request.user.pk}", content_type="text/plain; charset=utf-8")


urlpatterns = [
    path("bench/hello/", hello, name="bench_hello"),
    path("", include("config.urls")),
]
