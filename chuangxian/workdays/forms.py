from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from chuangxian.core.forms import DateInput, StyledFormMixin, check_rule
from chuangxian.workdays.calendar import MAX_WORKING_DAYS
from chuangxian.workdays.models import AdjustmentKind
from chuangxian.workdays.services import (
    FIRST_YEAR,
    LAST_YEAR,
    NAME_MAX,
    AdjustmentData,
    adjustment_check,
    adjustment_day_check,
)


class AdjustmentForm(StyledFormMixin, forms.Form):
    """A row of the table. Its service's checks run in ``clean`` too (the year, the name, a day that
    has a row already), so every error shows at once."""

    day = forms.DateField(
        label=_("日期"),
        widget=DateInput(),
        error_messages={"required": _("请选择日期。"), "invalid": _("请填写正确的日期，例如 2027-02-06。")},
    )
    kind = forms.ChoiceField(
        label=_("类型"),
        choices=AdjustmentKind.choices,
        error_messages={
            "required": _("请选择“放假”或“调休上班”。"),
            "invalid_choice": _("请选择“放假”或“调休上班”。"),
        },
    )
    name = forms.CharField(
        label=_("名称"),
        max_length=NAME_MAX,
        help_text=_("例如：春节、国庆节调休、校庆放假。"),
        error_messages={"required": _("请填写名称，例如“春节”。"), "max_length": _("名称不能超过 40 个字。")},
    )

    def __init__(self, *args: Any, tenant_id: int, exclude_id: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.tenant_id = tenant_id
        self.exclude_id = exclude_id

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("day") and data.get("kind") and data.get("name"):
            check_rule(self, lambda: adjustment_check(self.adjustment_data()))
        if data.get("day") and "day" not in self.errors:
            day = data["day"]
            check_rule(
                self,
                lambda: adjustment_day_check(tenant_id=self.tenant_id, day=day, exclude_id=self.exclude_id),
            )
        return data

    def adjustment_data(self) -> AdjustmentData:
        data = self.cleaned_data
        return AdjustmentData(day=data["day"], kind=data["kind"], name=data["name"])


class CalculatorForm(StyledFormMixin, forms.Form):
    """从 [日期] 起 [N] 个工作日: a GET form on the page, so the office can check a deadline."""

    start = forms.DateField(
        label=_("从"),
        widget=DateInput(),
        error_messages={
            "required": _("请选择起始日期。"),
            "invalid": _("请填写正确的日期，例如 2026-09-30。"),
        },
    )
    days = forms.IntegerField(
        label=_("工作日数"),
        min_value=1,
        max_value=MAX_WORKING_DAYS,
        error_messages={
            "required": _("请填写工作日数。"),
            "invalid": _("工作日数应是整数。"),
            "min_value": _("工作日数至少为 1。"),
            "max_value": _("工作日数不能超过 %(limit_value)s。"),
        },
    )

    def clean_start(self) -> date:
        start: date = self.cleaned_data["start"]
        if not FIRST_YEAR <= start.year <= LAST_YEAR:
            raise forms.ValidationError(
                _("日期应在 %(first)s 年到 %(last)s 年之间。") % {"first": FIRST_YEAR, "last": LAST_YEAR}
            )
        return start


class YearForm(forms.Form):
    """The year a confirmation of the whole year's arrangement is about (a hidden field of the
    button)."""

    year = forms.IntegerField(
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        error_messages={
            "required": _("请选择年份。"),
            "invalid": _("年份应是整数。"),
            "min_value": _("年份应在 2000 年到 2100 年之间。"),
            "max_value": _("年份应在 2000 年到 2100 年之间。"),
        },
    )
