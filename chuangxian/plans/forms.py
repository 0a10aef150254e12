from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from chuangxian.campaigns.models import Theme
from chuangxian.core.forms import MemberPickerWidget, StyledFormMixin
from chuangxian.orgs.models import Member
from chuangxian.review.models import Outcome

TEXTAREA = {"rows": 4}


class PlanForm(StyledFormMixin, forms.Form):
    goals = forms.CharField(label=_("目标"), required=False, widget=forms.Textarea(attrs=TEXTAREA))
    measures = forms.CharField(label=_("措施"), required=False, widget=forms.Textarea(attrs=TEXTAREA))
    theme: forms.ModelChoiceField[Theme] = forms.ModelChoiceField(
        label=_("对应主题实践活动"), queryset=Theme.objects.none(), required=False, empty_label=_("（不限）")
    )
    project = forms.CharField(
        label=_("拟开展项目"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("一个分工会一个项目：写明项目名称和主要内容。"),
    )
    schedule = forms.CharField(label=_("时间安排"), required=False, widget=forms.Textarea(attrs=TEXTAREA))
    responsible_members: forms.ModelMultipleChoiceField[Member] = forms.ModelMultipleChoiceField(
        label=_("责任人（从本单位会员中选择）"),
        queryset=Member.objects.none(),
        required=False,
        widget=MemberPickerWidget(),
    )
    responsible = forms.CharField(
        label=_("责任人（补充说明）"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("如：主席张三负责统筹，联络员李四负责材料报送。"),
    )
    file = forms.FileField(
        label=_("或上传方案文件"),
        required=False,
        help_text=_("Word（.docx）或 PDF，不超过 10 MB。"),
        widget=forms.ClearableFileInput(attrs={"accept": ".docx,.pdf"}),
    )
    remove_file = forms.BooleanField(label=_("删除已上传的文件"), required=False)

    def __init__(self, *args: Any, themes: Any, members: Any, has_file: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = themes  # type: ignore[attr-defined]
        self.fields["responsible_members"].queryset = members  # type: ignore[attr-defined]
        if not has_file:
            del self.fields["remove_file"]


class ReviewForm(StyledFormMixin, forms.Form):
    decision = forms.ChoiceField(label=_("审核结果"), choices=Outcome.choices, widget=forms.RadioSelect)
    comment = forms.CharField(
        label=_("审核意见"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("退回时必填：写明需要修改的地方。"),
    )
