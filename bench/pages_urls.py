"""The app's URLs (``config.urls``) and ``/bench/hello/``, for ``bench/pages_settings.py`` only.

``/bench/layout/`` is the base layout around a heading (``bench/templates/bench/layout.html``).

The hello world goes through every middleware as a page does (the session, the user, the login
requirement, the password-change check, the headers) and answers a line of text: what any logged-in
page costs before its own work.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import include, path


def hello(request: HttpRequest) -> HttpResponse:
    return HttpResponse(f"hello {request.user.pk}", content_type="text/plain; charset=utf-8")


def layout(request: HttpRequest) -> HttpResponse:
    """The base layout around a heading: what every page pays for its menu, the unread badge and
    ``base.html`` before its own queries and content (the floor of any real page)."""
    return render(request, "bench/layout.html")


urlpatterns = [
    path("bench/hello/", hello, name="bench_hello"),
    path("bench/layout/", layout, name="bench_layout"),
    path("", include("config.urls")),
]
