"""Comparing two versions of a submitted record, field by field, character by character."""

import difflib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from django import forms


@dataclass
class FieldDiff:
    label: str
    segments: list[tuple[str, str]] = field(default_factory=list)  # (op, text), op: equal/insert/delete

    @property
    def changed(self) -> bool:
        return any(op != "equal" for op, _text in self.segments)


def text_diff(old: str, new: str) -> list[tuple[str, str]]:
    """Character-level diff (Chinese has no spaces between words), as (op, text) segments.

    A one- or two-character match between two changes (a stray 「一」 or 「的」) is folded into the
    change around it, so a rewritten phrase reads as one deletion and one insertion.
    """
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    opcodes = matcher.get_opcodes()
    ops = [(tag, old[i1:i2], new[j1:j2]) for tag, i1, i2, j1, j2 in opcodes]
    for index in range(1, len(ops) - 1):
        tag, a, b = ops[index]
        if tag == "equal" and len(a) <= 2 and ops[index - 1][0] != "equal" and ops[index + 1][0] != "equal":
            ops[index] = ("replace", a, b)
    segments: list[tuple[str, str]] = []
    removed, added = "", ""
    for tag, a, b in [*ops, ("equal", "", "")]:
        if tag != "equal":
            removed, added = removed + a, added + b
            continue
        if removed:
            segments.append(("delete", removed))
        if added:
            segments.append(("insert", added))
        removed, added = "", ""
        if a:
            segments.append(("equal", a))
    return segments


def fields_diff(old: Sequence[Sequence[Any]], new: Sequence[Sequence[Any]]) -> list[FieldDiff]:
    """Per labelled field (``[(label, text), ...]``), what changed from ``old`` to ``new``.

    Fields are matched by label, in the order they first appear; a field only one side has is
    compared with an empty text.
    """
    before = {str(label): str(text) for label, text in old}
    after = {str(label): str(text) for label, text in new}
    labels = list(dict.fromkeys([*before, *after]))
    return [
        FieldDiff(label=label, segments=text_diff(before.get(label, ""), after.get(label, "")))
        for label in labels
    ]


class Numbered(Protocol):
    @property
    def number(self) -> int: ...


V = TypeVar("V", bound=Numbered)


class CompareForm(forms.Form):
    a = forms.IntegerField(min_value=1)
    b = forms.IntegerField(min_value=1)


def compare_pair(versions: Sequence[V], query: Any) -> tuple[V | None, V | None]:
    """The two versions a compare page shows: those the query names (``?a=1&b=2``), else the last two."""
    form = CompareForm(query or None)
    if form.is_valid():
        by_number = {v.number: v for v in versions}
        return by_number.get(form.cleaned_data["a"]), by_number.get(form.cleaned_data["b"])
    if len(versions) >= 2:
        return versions[-2], versions[-1]
    return None, None
