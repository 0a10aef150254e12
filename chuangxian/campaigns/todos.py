"""What a user personally still has to do, shown on the home page.

Feature apps register a provider at start-up (in their ``AppConfig.ready``); each provider returns the
items it knows about. This issue registers none, so the list starts empty.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from chuangxian.campaigns.models import Campaign


@dataclass(frozen=True)
class TodoItem:
    title: str
    url: str
    due: date | None = None
    detail: str = ""


TodoProvider = Callable[[Any, Campaign], list[TodoItem]]
_providers: list[TodoProvider] = []


def register(provider: TodoProvider) -> TodoProvider:
    if provider not in _providers:
        _providers.append(provider)
    return provider


def todos_for(user: Any, campaign: Campaign) -> list[TodoItem]:
    items: list[TodoItem] = []
    for provider in _providers:
        items.extend(provider(user, campaign))
    return sorted(items, key=lambda item: (item.due is None, item.due or date.max, item.title))
