from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from chuangxian.campaigns.models import Theme
from chuangxian.core.forms import (
    DateInput,
    MemberPickerWidget,
    MultipleFileField,
    StyledFormMixin,
    check_rule,
)
from chuangxian.orgs.models import Member
from chuangxian.projects.models import ProjectStatus
from chuangxian.projects.services import project_update_date_check


class ProjectForm(StyledFormMixin, forms.Form):
    theme = forms.ModelChoiceField(label=_("主题实践活动"), queryset=Theme.objects.none())
    title = forms.CharField(label=_("项目名称"), max_length=200)
    goals = forms.CharField(label=_("项目目标"), widget=forms.Textarea(attrs={"rows": 3}))
    measures = forms.CharField(label=_("主要措施"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    responsible = forms.ModelMultipleChoiceField(
        label=_("责任人"),
        queryset=Member.objects.none(),
        widget=MemberPickerWidget(),
        help_text=_("本单位（含下属工会小组）的在职会员，可选多人。"),
    )
    participants = forms.ModelMultipleChoiceField(
        label=_("参与会员"),
        queryset=Member.objects.none(),
        required=False,
        widget=MemberPickerWidget(),
    )
    budget = forms.DecimalField(
        label=_("预算（元）"),
        required=False,
        min_value=0,
        max_digits=12,
        decimal_places=2,
        help_text=_("可不填。"),
    )
    status = forms.ChoiceField(label=_("状态"), choices=ProjectStatus.choices, initial=ProjectStatus.ACTIVE)

    def __init__(self, *args: Any, themes: QuerySet[Theme], members: QuerySet[Member], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = themes  # type: ignore[attr-defined]
        self.fields["responsible"].queryset = members  # type: ignore[attr-defined]
        self.fields["participants"].queryset = members  # type: ignore[attr-defined]


class MilestoneForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label=_("节点名称"), max_length=200)
    due_on = forms.DateField(label=_("计划完成日期"), widget=DateInput())
    weight = forms.IntegerField(
        label=_("权重"),
        min_value=1,
        max_value=1000,
        initial=1,
        help_text=_("正整数；进度按已完成节点的权重计算。"),
    )


class UpdateForm(StyledFormMixin, forms.Form):
    date = forms.DateField(label=_("日期"), widget=DateInput())
    text = forms.CharField(label=_("进展情况"), widget=forms.Textarea(attrs={"rows": 4}))
    attachments = MultipleFileField(
        label=_("照片和文件"),
        required=False,
        help_text=_("可多选，最多 9 个：图片（JPEG、PNG、GIF、WebP）、PDF 和 Office 文档。"),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "date" in data:  # checked even when the text is missing: all errors in one round
            check_rule(self, lambda: project_update_date_check(data["date"]))
        return data
