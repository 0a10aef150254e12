"""A guard for tests: the SQL that runs while a template renders.

A template only shows what its view computed (docs/architecture.md, "Thin views, dumb templates"): a
queryset handed over unevaluated, a related object not selected, a method that reads the database,
each runs its query from inside the template, once per row at worst, and out of sight of the
selector whose query count is tested. ``queries_in_templates()`` collects every statement executed
while any template's nodes render (``django.template.base.Template._render``: after the context
processors, which compute the per-request context once, ``core.context_processors``).
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from typing import Any
from unittest import mock

from django.db import connections
from django.template.base import Template

_state = threading.local()


def _rendering() -> int:
    return getattr(_state, "depth", 0)


@contextmanager
def queries_in_templates() -> Iterator[list[str]]:
    """Yield a list that fills with ``"SQL  ← template:line"`` for each statement run, on any
    database connection of this thread, while a template renders."""
    found: list[str] = []
    render = Template._render

    def guarded_render(self: Template, context: Any) -> Any:
        _state.depth = _rendering() + 1
        try:
            return render(self, context)
        finally:
            _state.depth -= 1

    def watch(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        if _rendering():
            found.append(f"{sql[:200]}  ← {_where()}")
        return execute(sql, params, many, context)

    with ExitStack() as stack:
        stack.enter_context(mock.patch.object(Template, "_render", guarded_render))
        for alias in connections:
            stack.enter_context(connections[alias].execute_wrapper(watch))
        yield found


def _where() -> str:
    """The innermost frame of the app's code (a template tag, a model method) that ran the query."""
    frames = [
        f for f in traceback.extract_stack() if "/chuangxian/" in f.filename and "/tests/" not in f.filename
    ]
    return f"{frames[-1].filename.rsplit('/chuangxian/', 1)[-1]}:{frames[-1].lineno}" if frames else "?"
