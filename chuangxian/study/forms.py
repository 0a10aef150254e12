from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from chuangxian.core.forms import DateInput, MultipleFileField, StyledFormMixin, check_rule, set_choices
from chuangxian.study.services import study_due_check

DATE = DateInput()


class StudyDocumentForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label=_("标题"), max_length=200)
    body = forms.CharField(
        label=_("正文或内容摘要"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("会员在手机上阅读这段文字。"),
    )
    published_on = forms.DateField(
        label=_("发布日期"), widget=DATE, required=False, help_text=_("留空为今天。")
    )
    due_on = forms.DateField(label=_("学习截止日期"), widget=DATE, required=False)
    units = forms.TypedMultipleChoiceField(
        label=_("发给哪些单位"),
        coerce=int,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("不选则发给全部单位；选中的单位含其全部下级组织。"),
    )
    attachments = MultipleFileField(
        label=_("附件"),
        required=False,
        help_text=_("可多选：PDF、Word、Excel、PPT 或图片，每个不超过 10 MB。"),
    )

    def __init__(self, *args: Any, unit_choices: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "units", unit_choices)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "due_on" in data and "published_on" in data:  # even when the title is missing: one round
            check_rule(
                self, lambda: study_due_check(due_on=data["due_on"], published_on=data["published_on"])
            )
        return data
