"""The appeals' forms: input shape only; the rules are the services' (asked from ``clean`` so that
every problem shows at once)."""

from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from chuangxian.appeals.models import Appeal, AppealCategory, Rating
from chuangxian.appeals.services import AppealData, MatterData, appeal_check, matter_check
from chuangxian.core import clock
from chuangxian.core.forms import DateInput, StyledFormMixin
from chuangxian.orgs.models import Unit


def _unit_choices(units: list[Unit]) -> list[tuple[str, str]]:
    return [(str(u.pk), u.name) for u in units]


def _add(form: forms.BaseForm, problems: list[Any]) -> None:
    for problem in problems:
        if problem.field in form.errors:  # the field's own check already said what is wrong
            continue
        form.add_error(problem.field if problem.field in form.fields else None, problem.message)


class AppealForm(StyledFormMixin, forms.Form):
    subject = forms.CharField(label=_("主题"), required=False, max_length=100)
    category = forms.ChoiceField(
        label=_("类别"), required=False, choices=[("", "——"), *AppealCategory.choices]
    )
    unit = forms.ChoiceField(label=_("提交给"), help_text=_("默认提交给本学院（部门）工会。"))
    text = forms.CharField(label=_("诉求内容"), required=False, widget=forms.Textarea(attrs={"rows": 6}))
    anonymous = forms.BooleanField(
        label=_("对承办人匿名"),
        required=False,
        help_text=_("承办人看到的提出人为“匿名教职工”；系统的审计日志仍记录提交人。"),
    )
    attachment = forms.FileField(label=_("附件（可选）"), required=False)

    def __init__(self, *args: Any, units: list[Unit], **kwargs: Any) -> None:
        self.units = {str(u.pk): u for u in units}
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = _unit_choices(units)  # type: ignore[attr-defined]
        if units:
            self.fields["unit"].initial = str(units[0].pk)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        _add(self, appeal_check(self.data_for(cleaned)))
        return cleaned

    def data_for(self, cleaned: dict[str, Any]) -> AppealData:
        upload = cleaned.get("attachment")
        return AppealData(
            subject=cleaned.get("subject") or "",
            text=cleaned.get("text") or "",
            category=cleaned.get("category") or "",
            unit=self.units.get(cleaned.get("unit") or ""),
            anonymous=bool(cleaned.get("anonymous")),
            upload=upload,
            upload_name=upload.name if upload else "",
        )


class TransferForm(StyledFormMixin, forms.Form):
    unit = forms.ChoiceField(label=_("转交给"))
    reason = forms.CharField(label=_("转办理由"), max_length=300, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, units: list[Unit], **kwargs: Any) -> None:
        self.units = {str(u.pk): u for u in units}
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = _unit_choices(units)  # type: ignore[attr-defined]

    def chosen(self) -> Unit:
        return self.units[self.cleaned_data["unit"]]


class AnswerForm(StyledFormMixin, forms.Form):
    text = forms.CharField(label=_("书面答复"), widget=forms.Textarea(attrs={"rows": 6}))


class MessageForm(StyledFormMixin, forms.Form):
    text = forms.CharField(label=_("留言"), widget=forms.Textarea(attrs={"rows": 2}))


class RateForm(StyledFormMixin, forms.Form):
    rating = forms.ChoiceField(label=_("对答复的评价"), choices=Rating.choices, widget=forms.RadioSelect)
    comment = forms.CharField(label=_("评价意见（可选）"), required=False, max_length=300)


class DeskForm(StyledFormMixin, forms.Form):
    unit = forms.ChoiceField(label=_("承办部门"))
    note = forms.CharField(label=_("受理范围（可选）"), required=False, max_length=200)

    def __init__(self, *args: Any, units: list[Unit], **kwargs: Any) -> None:
        self.units = {str(u.pk): u for u in units}
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = _unit_choices(units)  # type: ignore[attr-defined]

    def chosen(self) -> Unit:
        return self.units[self.cleaned_data["unit"]]


class MatterForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label=_("事项"), required=False, max_length=120)
    unit = forms.ChoiceField(label=_("办理单位"))
    done_on = forms.DateField(label=_("办结日期"), widget=DateInput)
    beneficiaries = forms.IntegerField(label=_("受益人数"), min_value=0, initial=0)
    description = forms.CharField(
        label=_("办理情况"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    appeals = forms.MultipleChoiceField(
        label=_("解决的诉求"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(
        self, *args: Any, units: list[Unit], appeals: list[Appeal], tenant_id: int, **kwargs: Any
    ) -> None:
        self.units = {str(u.pk): u for u in units}
        self.appeal_rows = {str(a.pk): a for a in appeals}
        self.tenant_id = tenant_id
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = _unit_choices(units)  # type: ignore[attr-defined]
        self.fields["done_on"].initial = clock.today()
        self.fields["appeals"].choices = [  # type: ignore[attr-defined]
            (str(a.pk), f"{a.number} {a.subject}（{a.unit.name}，{a.get_status_display()}）") for a in appeals
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.units:
            _add(self, matter_check(self.data_for(cleaned), self.tenant_id))
        return cleaned

    def data_for(self, cleaned: dict[str, Any]) -> MatterData:
        return MatterData(
            title=cleaned.get("title") or "",
            description=cleaned.get("description") or "",
            unit=self.units.get(cleaned.get("unit") or "") or next(iter(self.units.values())),
            done_on=cleaned.get("done_on") or date.min,
            beneficiaries=cleaned.get("beneficiaries") or 0,
            appeals=[self.appeal_rows[pk] for pk in cleaned.get("appeals", []) if pk in self.appeal_rows],
        )


class PeriodForm(StyledFormMixin, forms.Form):
    """The statistics' period: submitted from–to (both optional)."""

    start = forms.DateField(label=_("提交日期自"), required=False, widget=DateInput)
    end = forms.DateField(label=_("至"), required=False, widget=DateInput)

    def period(self) -> tuple[date | None, date | None]:
        if not self.is_valid():
            return None, None
        start, end = self.cleaned_data.get("start"), self.cleaned_data.get("end")
        if start and end and start > end:
            self.add_error("end", _("结束日期不能早于开始日期。"))
            return None, None
        return start, end


class HandlerForm(StyledFormMixin, forms.Form):
    staff_no = forms.CharField(label=_("承办人工号"), max_length=32)
