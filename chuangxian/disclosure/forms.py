"""The disclosure forms: input shape only; the rules are the services' (asked from ``clean`` so that
every problem shows at once)."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from chuangxian.core import clock
from chuangxian.core.forms import (
    DateInput,
    MemberPickerWidget,
    MultipleFileField,
    StyledFormMixin,
    set_choices,
)
from chuangxian.disclosure.models import (
    ANSWER_MAX,
    TEXT_MAX,
    Category,
    DisclosureAttachment,
    FeedbackKind,
    Mode,
    Right,
)
from chuangxian.disclosure.services import ItemData, feedback_check, item_check
from chuangxian.disclosure.services.items import LABEL_MAX
from chuangxian.orgs.models import Member, MemberStatus, Unit


class ItemForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label=_("标题"), max_length=200, required=False)
    body = forms.CharField(
        label=_("公开内容"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("教职工在手机上阅读这段文字；详细材料可作为附件上传。"),
    )
    category = forms.ChoiceField(label=_("类别"), choices=[("", "—"), *Category.choices], required=False)
    mode = forms.ChoiceField(label=_("公开方式"), choices=[("", "—"), *Mode.choices], required=False)
    rights = forms.MultipleChoiceField(
        label=_("保障的权利"), required=False, widget=forms.CheckboxSelectMultiple, choices=Right.choices
    )
    units = forms.TypedMultipleChoiceField(
        label=_("公开范围"),
        coerce=int,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("不选则面向全校；选中的单位含其全部下级组织。"),
    )
    responsible_unit = forms.TypedChoiceField(
        label=_("责任部门（答复提问）"),
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("该单位的工会干部（主席、联络员、承办部门）答复教职工的提问。"),
    )
    publish_on = forms.DateField(
        label=_("公开日期"), widget=DateInput, required=False, help_text=_("留空为今天。")
    )
    review_on = forms.DateField(
        label=_("复核（到期）日期"),
        widget=DateInput,
        required=False,
        help_text=_("仅定期公开的事项：到期后应更新内容。"),
    )
    attachments = MultipleFileField(
        label=_("附件"),
        required=False,
        help_text=_("可多选：PDF、Word、Excel、PPT 或图片，每个不超过 10 MB。"),
    )
    remove_attachments = forms.TypedMultipleChoiceField(
        label=_("删除附件"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(
        self,
        *args: Any,
        units: list[Unit],
        tenant_id: int,
        attachments: list[DisclosureAttachment] | None = None,
        labels: dict[str, str] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.tenant_id = tenant_id
        self.unit_map = {unit.pk: unit for unit in units}
        choices = [(u.pk, f"{'　' * (u.depth - 1)}{u.name}") for u in units]
        set_choices(self, "units", choices)
        set_choices(self, "responsible_unit", [("", "—"), *choices])
        if labels:
            set_choices(self, "rights", [(code, labels[code]) for code in Right.values])
        if attachments:
            set_choices(self, "remove_attachments", [(a.pk, a.original_name) for a in attachments])
        else:
            del self.fields["remove_attachments"]
        if not self.is_bound and "publish_on" not in self.initial:
            self.fields["publish_on"].initial = clock.today()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        unit = self.unit_map.get(cleaned.get("responsible_unit") or 0)
        if unit is None and not self.has_error("responsible_unit"):
            self.add_error("responsible_unit", _("请选择责任部门。"))
        if unit is not None:
            data = self._data(cleaned, unit)
            for problem in item_check(data, tenant_id=self.tenant_id):
                field = problem.field if problem.field in self.fields else None
                if field is None or not self.has_error(field):
                    self.add_error(field, forms.ValidationError(problem.message, code=problem.code))
        return cleaned

    def _data(self, cleaned: dict[str, Any], unit: Unit) -> ItemData:
        return ItemData(
            title=cleaned.get("title") or "",
            body=cleaned.get("body") or "",
            category=cleaned.get("category") or "",
            mode=cleaned.get("mode") or "",
            responsible_unit=unit,
            publish_on=cleaned.get("publish_on") or clock.today(),
            rights=cleaned.get("rights") or [],
            units=[self.unit_map[pk] for pk in cleaned.get("units") or [] if pk in self.unit_map],
            review_on=cleaned.get("review_on"),
        )

    def item_data(self) -> ItemData:
        return self._data(self.cleaned_data, self.unit_map[self.cleaned_data["responsible_unit"]])

    def uploads(self) -> list[tuple[str, bytes]]:
        return [(f.name, f.read()) for f in self.cleaned_data.get("attachments") or []]


class WithdrawForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("撤回原因"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("撤回后，事项不再出现在列表中；原因记入操作日志。"),
    )


class FeedbackForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label=_("类型"), choices=FeedbackKind.choices, initial=FeedbackKind.QUESTION, widget=forms.RadioSelect
    )
    text = forms.CharField(
        label=_("内容"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": TEXT_MAX}),
        help_text=_("实名发表，本校教职工可以看到您的姓名和单位；不超过 %(n)s 字。") % {"n": TEXT_MAX},
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for problem in feedback_check(kind=cleaned.get("kind") or "", text=cleaned.get("text") or ""):
            if not self.has_error(problem.field or "text"):
                self.add_error(problem.field, forms.ValidationError(problem.message, code=problem.code))
        return cleaned


class AnswerForm(StyledFormMixin, forms.Form):
    answer = forms.CharField(
        label=_("书面答复"),
        max_length=ANSWER_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("答复在公开范围内可见。"),
    )


class RightsForm(StyledFormMixin, forms.Form):
    know = forms.CharField(label=_("知情权"), max_length=LABEL_MAX)
    participate = forms.CharField(label=_("参与权"), max_length=LABEL_MAX)
    elect = forms.CharField(label=_("选举权"), max_length=LABEL_MAX)
    supervise = forms.CharField(label=_("监督权"), max_length=LABEL_MAX)


class HandlersForm(StyledFormMixin, forms.Form):
    members = forms.ModelMultipleChoiceField(
        label=_("答复人"),
        queryset=Member.objects.none(),
        widget=MemberPickerWidget(),
        help_text=_("收到这个事项的提问通知，可以书面答复；从今天起，直到收回。"),
    )

    def __init__(self, *args: Any, tenant_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["members"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = Member.objects.filter(tenant_id=tenant_id, status=MemberStatus.ACTIVE).order_by(
            "staff_no"
        )
