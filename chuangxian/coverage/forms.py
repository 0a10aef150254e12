from django import forms
from django.utils.translation import gettext_lazy as _

from chuangxian.core.forms import StyledFormMixin


class TargetForm(StyledFormMixin, forms.Form):
    projects = forms.IntegerField(
        label=_("每个单位至少项目数"),
        min_value=0,
        max_value=20,
        error_messages={"required": _("请填写项目数。"), "min_value": _("项目数不能是负数。")},
    )
    pledge_percent = forms.IntegerField(
        label=_("公示承诺的会员比例（%）"),
        min_value=0,
        max_value=100,
        error_messages={"required": _("请填写比例。"), "max_value": _("比例不能超过 100。")},
    )
    activity_percent = forms.IntegerField(
        label=_("参加活动的会员比例（%）"),
        min_value=0,
        max_value=100,
        error_messages={"required": _("请填写比例。"), "max_value": _("比例不能超过 100。")},
    )
