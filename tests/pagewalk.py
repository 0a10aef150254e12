"""Every page a person reaches from the menus, and the first row of each list: the pages that
``bench/pages.py`` times and ``tests/test_page_queries.py`` counts the queries of.

``discover(fetch)`` starts at the home page, takes every link of the navigation bar (the menu
registry, ``core.menu``, as ``base.html`` renders it for this person, the 管理 menu and the account
menu included), opens each, and then, in each menu page's ``<main>``, the first link to each route
not met yet: the first row of a list, the first to-do of the home page. It goes no deeper. A
redirect is followed once (its target is the page). Only HTML pages count; downloads, the exports'
jobs, the admin site and links that act on a GET (opening a notification marks it read) are left
out (``SKIPPED``).

A page's ``key`` is the same at any data size (the route's name, with the menu link's query string):
the test compares the counts of the two sizes by key.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urlsplit

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import Resolver404, resolve

# Routes and namespaces that are not pages to time, each with its reason.
SKIPPED = {
    "admin": "Django's admin site, not the app's pages",
    "exports": "downloads and background export jobs (bench/exports.py times the writer)",
    "notifications:open": "a GET that marks the notification read, then redirects",
    "accounts:logout": "ends the session",
    "set_language": "a form's target",
}


@dataclass(frozen=True)
class Fetched:
    status: int
    content_type: str
    body: str  # the HTML, or the redirect's Location


Fetch = Callable[[str], Fetched]


@dataclass(frozen=True)
class Page:
    key: str  # the route ("pledges:queue"), with a menu link's query string; stable across data sizes
    url: str
    via: str  # "menu", or the key of the menu page whose first row it is
    status: int


class _Links(HTMLParser):
    """The links of the navigation bar and of ``<main>``, in document order."""

    def __init__(self) -> None:
        super().__init__()
        self.nav: list[str] = []
        self.main: list[str] = []
        self._open: list[str] = []  # "nav" / "main" while inside them

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("nav", "main"):
            self._open.append(tag)
        elif tag == "a" and self._open:
            href = dict(attrs).get("href") or ""
            if href.startswith("/") and not href.startswith("//"):
                (self.nav if self._open[-1] == "nav" else self.main).append(href.split("#", 1)[0])

    def handle_endtag(self, tag: str) -> None:
        if tag in ("nav", "main") and self._open and self._open[-1] == tag:
            self._open.pop()


def links(html: str) -> tuple[list[str], list[str]]:
    parser = _Links()
    parser.feed(html)
    return parser.nav, parser.main


def route_of(url: str) -> str | None:
    """The route's name (``namespace:name``), or None for a URL that is not one of the app's pages."""
    try:
        match = resolve(urlsplit(url).path)
    except Resolver404:
        return None
    name = match.view_name
    if name in SKIPPED or (match.namespace and match.namespace.split(":")[0] in SKIPPED):
        return None
    return name


def discover(fetch: Fetch, start: str = "/") -> list[Page]:
    """The pages of one person (``fetch`` carries their login), in the order they were found."""
    pages: dict[str, Page] = {}
    bodies: dict[str, str] = {}

    def visit(url: str, key: str, via: str) -> Page | None:
        got = fetch(url)
        if 300 <= got.status < 400 and got.body.startswith("/"):
            url, got = got.body, fetch(got.body)
        if got.status == 200 and not got.content_type.startswith("text/html"):
            return None
        page = Page(key=key, url=url, via=via, status=got.status)
        pages[key] = page
        bodies[key] = got.body
        return page

    home = visit(start, route_of(start) or start, "menu")
    menu, _main = links(bodies.get(home.key, "")) if home else ([], [])
    for url in menu:
        route = route_of(url)
        if route is None:
            continue
        query = urlsplit(url).query
        key = f"{route}?{query}" if query else route
        if key not in pages:
            visit(url, key, "menu")
    seen_routes = {key.split("?", 1)[0] for key in pages}
    for menu_page in list(pages.values()):
        for url in links(bodies[menu_page.key])[1]:
            route = route_of(url)
            if route is None or route in seen_routes:
                continue
            seen_routes.add(route)
            visit(url, route, menu_page.key)
    return list(pages.values())


def client_fetch(client: Client) -> Fetch:
    """``fetch`` through Django's test client (logged in with ``force_login``)."""

    def fetch(url: str) -> Fetched:
        response = client.get(url)
        content_type = response.get("Content-Type", "")
        if 300 <= response.status_code < 400:
            body = response.get("Location", "")
        elif content_type.startswith("text/html"):
            body = response.content.decode()
        else:
            body = ""
        return Fetched(response.status_code, content_type, body)

    return fetch


def page_queries(client: Client, url: str) -> tuple[int, int, float]:
    """(status, number of queries, seconds) of one GET of ``url`` in this process."""
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = client.get(url)
        seconds = time.perf_counter() - started
    return response.status_code, len(queries), seconds
