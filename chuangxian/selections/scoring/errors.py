"""The scoring arithmetic's refusals: one ``DomainError`` type, and one that carries every problem.

A judge's sheet or the office's rubric is checked whole, so a form shows every problem at once:
``Invalid.problems`` holds one ``ScoringError`` per problem (its ``field`` is the rubric item's key
when the problem is one item's), and ``Invalid.message`` joins their sentences.
"""

from collections.abc import Sequence

from chuangxian.core.errors import DomainError


class ScoringError(DomainError):
    """A mark, a rubric, a rule or a ranking request the arithmetic refuses; ``code`` names why."""


class Invalid(ScoringError):
    """Several problems found together (code ``invalid``); ``problems`` lists them in order."""

    def __init__(self, problems: Sequence[ScoringError]) -> None:
        self.problems = tuple(problems)
        super().__init__(code="invalid", message="；".join(p.message for p in self.problems))


def raise_problems(problems: Sequence[ScoringError]) -> None:
    """Raise ``Invalid`` when there is any problem; nothing otherwise."""
    if problems:
        raise Invalid(problems)
