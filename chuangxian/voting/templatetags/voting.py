from typing import Any

from django import template

from chuangxian.voting import tally

register = template.Library()


@register.filter
def get_answer(answers: Any, key: Any) -> Any:
    """``answers[key]`` for the ballot form's re-display; empty when there is none."""
    if isinstance(answers, dict):
        return answers.get(key, "")
    return ""


@register.filter
def fingerprint(final_hash: str) -> str:
    """The final hash's short fingerprint (``tally.fingerprint``), as people compare it."""
    return tally.fingerprint(final_hash or "")
