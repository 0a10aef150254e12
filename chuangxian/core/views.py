"""Small helpers shared by views."""

from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest

from chuangxian.core.errors import NotFoundError


def require(condition: bool) -> None:
    """Refuse with the same 404 as a missing record, so nothing leaks that the record exists."""
    if not condition:
        raise NotFoundError()


def paginate(request: HttpRequest, items: QuerySet[Any] | list[Any], per_page: int = 50) -> Page[Any]:
    return Paginator(items, per_page).get_page(request.GET.get("page"))
