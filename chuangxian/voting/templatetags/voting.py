from typing import Any

from django import template

register = template.Library()


@register.filter
def get_answer(answers: Any, key: Any) -> Any:
    """``answers[key]`` for the ballot form's re-display; empty when there is none."""
    if isinstance(answers, dict):
        return answers.get(key, "")
    return ""
