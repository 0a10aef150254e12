"""What every list page shares to narrow its rows: a "?q=" text search, choice filters and a date range.

A view reads the query string with ``ListFilterForm`` (a GET form that keeps the chosen values and
forgives a bad one: it is dropped, not fatal), hands the resulting ``ListFilter`` to its selector,
and the selector turns it into ``Q`` objects with ``text_q`` and ``date_range_q``. The filters only
narrow a queryset the selector has already scoped to what the user may see, so a value typed into
the address bar (another tenant's unit, a hidden status) can find nothing more than the page shows.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django import forms
from django.db.models import Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chuangxian.core.forms import DateInput, StyledFormMixin

MAX_QUERY = 60


def text_q(text: str, fields: Sequence[str], *, initials: Sequence[str] = ()) -> Q:
    """Rows where every word of ``text`` is found in one of ``fields`` (contains, case-insensitive).

    ``initials`` names pinyin-initials columns (``orgs.Member.name_initials``): a word of ASCII
    letters also matches where such a column starts with it, so "zw" finds 张伟, as the member search
    does. An empty ``text`` matches everything.
    """
    condition = Q()
    for word in text.split()[:5]:
        either = Q()
        for name in fields:
            either |= Q(**{f"{name}__icontains": word})
        if word.isascii() and word.isalpha():
            for name in initials:
                either |= Q(**{f"{name}__startswith": word.lower()})
        condition &= either
    return condition


def date_range_q(name: str, start: date | None, end: date | None, *, moments: bool = False) -> Q:
    """Rows whose ``name`` falls on ``start`` .. ``end`` (both days included, either may be open).

    ``moments`` for a DateTimeField: the days are those of the installation's time zone (Asia/Shanghai),
    compared as a half-open range of aware datetimes so that the column's index serves.
    """
    condition = Q()
    if moments:
        zone = timezone.get_current_timezone()
        if start is not None:
            condition &= Q(**{f"{name}__gte": datetime.combine(start, time.min, tzinfo=zone)})
        if end is not None:
            condition &= Q(
                **{f"{name}__lt": datetime.combine(end + timedelta(days=1), time.min, tzinfo=zone)}
            )
        return condition
    if start is not None:
        condition &= Q(**{f"{name}__gte": start})
    if end is not None:
        condition &= Q(**{f"{name}__lte": end})
    return condition


def subtree_q(path_field: str, units: QuerySet[Any], unit_id: int | None) -> Q:
    """Rows of the unit ``unit_id`` and its subtree: ``path_field`` starts with that unit's path, read
    in a subquery so that the list stays one query. ``units`` are those the page offers (the tenant's,
    a subtree): an id outside them finds nothing. No id, no condition."""
    if unit_id is None:
        return Q()
    path = units.filter(pk=unit_id).values("path")[:1]
    return Q(**{f"{path_field}__startswith": Subquery(path)})


@dataclass(frozen=True)
class ListFilter:
    """The filters chosen on a list page: the search text, a value per choice filter, a date range."""

    q: str = ""
    values: dict[str, str] = field(default_factory=dict)
    start: date | None = None
    end: date | None = None

    def get(self, name: str) -> str:
        return self.values.get(name, "")

    def number(self, name: str) -> int | None:
        value = self.get(name)
        return int(value) if value.isdigit() else None

    @property
    def active(self) -> bool:
        return bool(self.q or any(self.values.values()) or self.start or self.end)


NO_FILTER = ListFilter()


class ListFilterForm(StyledFormMixin, forms.Form):
    """The GET form above a list: a search box, then one select per choice filter, then (with
    ``dates``) a from–to date range. Choice filters are ``{name: (label, [(value, label), ...])}``;
    each select starts with its "all" option ("" = no filter)."""

    q = forms.CharField(required=False, max_length=MAX_QUERY)

    def __init__(
        self,
        data: Any,
        *,
        search_label: Any,
        choices: dict[str, tuple[Any, Iterable[tuple[Any, Any]]]] | None = None,
        dates: Any = None,
        keep: Iterable[str] = (),
    ) -> None:
        super().__init__(data, auto_id="filter-%s")
        self.fields["q"].label = search_label
        self.fields["q"].widget = forms.TextInput(attrs={"type": "search", "placeholder": search_label})
        for name, (label, options) in (choices or {}).items():
            self.fields[name] = forms.ChoiceField(
                label=label, required=False, choices=[("", _("全部%(what)s") % {"what": label}), *options]
            )
        if dates:
            self.fields["start"] = forms.DateField(label=dates, required=False, widget=DateInput)
            self.fields["end"] = forms.DateField(label=_("至"), required=False, widget=DateInput)
        self.choice_names = list(choices or {})
        # Query-string values the form does not show but must send again (the activities' tab).
        self.kept = [(name, data.get(name, "")) for name in keep if data.get(name)]
        for bound in self.fields.values():
            css = bound.widget.attrs.get("class", "")
            if isinstance(bound.widget, forms.Select):
                bound.widget.attrs["data-autosubmit"] = ""  # applied on choice where a page loads the script
                bound.widget.attrs["class"] = f"{css} form-select-sm".strip()
            else:
                bound.widget.attrs["class"] = f"{css} form-control-sm".strip()
        self.full_clean()
        self.filter = self._filter()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and start > end:  # the range is dropped whole, with the reason shown
            self.add_error("end", _("结束日期不能早于开始日期。"))
            cleaned.pop("start", None)
        return cleaned

    def _filter(self) -> ListFilter:
        """What was valid of what was chosen: a bad value is left out (and shown as an error)."""
        ok = {name: value for name, value in self.cleaned_data.items() if name not in self.errors}
        return ListFilter(
            q=str(ok.get("q") or "").strip(),
            values={name: str(ok.get(name) or "") for name in self.choice_names},
            start=ok.get("start"),
            end=ok.get("end"),
        )
