from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from chuangxian.core.forms import DateInput, StyledFormMixin, check_rule
from chuangxian.pledges.models import PledgeType
from chuangxian.pledges.services import pledge_due_check, pledge_progress_date_check


class PledgeForm(StyledFormMixin, forms.Form):
    type = forms.ChoiceField(label=_("承诺类型"), choices=PledgeType.choices)
    content = forms.CharField(
        label=_("承诺内容"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("结合本岗位写明要做到的具体事情。"),
    )
    due_on = forms.DateField(label=_("完成时限"), widget=DateInput())
    check_standard = forms.CharField(
        label=_("检验标准"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("如何检验承诺是否兑现，例如：学生评教优良率达到 90%。"),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "due_on" in data:  # checked even when another field is missing: all errors in one round
            check_rule(self, lambda: pledge_due_check(data["due_on"]))
        return data


class ReviewForm(StyledFormMixin, forms.Form):
    decision = forms.ChoiceField(
        label=_("审核结果"),
        choices=[("approve", _("通过并公示")), ("return", _("退回修改"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("审核意见"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ProgressForm(StyledFormMixin, forms.Form):
    on = forms.DateField(label=_("日期"), widget=DateInput())
    text = forms.CharField(label=_("践诺情况"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "on" in data:
            check_rule(self, lambda: pledge_progress_date_check(data["on"]))
        return data


class ReportForm(StyledFormMixin, forms.Form):
    text = forms.CharField(
        label=_("述诺内容"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("对照检验标准，说明承诺兑现的情况。"),
    )


class RateForm(StyledFormMixin, forms.Form):
    grade = forms.ChoiceField(label=_("评诺等级"), choices=[], widget=forms.RadioSelect)


class RatingConfigForm(StyledFormMixin, forms.Form):
    scale = forms.CharField(
        label=_("评诺等级"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("每行一个等级：名称 空格 分值，从高到低，例如「优秀 95」。"),
    )
    weight_self = forms.IntegerField(label=_("自评权重"), min_value=0, max_value=100)
    weight_peer = forms.IntegerField(label=_("同事互评权重"), min_value=0, max_value=100)
    weight_leader = forms.IntegerField(label=_("单位领导评议权重"), min_value=0, max_value=100)
    weight_org = forms.IntegerField(label=_("组织评定权重"), min_value=0, max_value=100)
    top_share_num = forms.IntegerField(label=_("最高等级比例（分子）"), min_value=0, max_value=100)
    top_share_den = forms.IntegerField(label=_("最高等级比例（分母）"), min_value=1, max_value=100)

    def clean_scale(self) -> list[tuple[str, int]]:
        rows: list[tuple[str, int]] = []
        for number, line in enumerate(self.cleaned_data["scale"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = line.split()
            if len(parts) != 2 or not parts[1].isdigit():
                raise forms.ValidationError(
                    _("第 %(n)s 行格式不对：请写成「名称 分值」，例如「优秀 95」。") % {"n": number}
                )
            rows.append((parts[0], int(parts[1])))
        return rows
