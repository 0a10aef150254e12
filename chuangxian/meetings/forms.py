from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from chuangxian.campaigns.models import Campaign
from chuangxian.core.forms import DateTimeInput, StyledFormMixin
from chuangxian.meetings.models import MeetingKind, MeetingStatus
from chuangxian.orgs.models import Member

DATETIME = DateTimeInput()


class MeetingForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("会议类型"), choices=MeetingKind.choices)
    title = forms.CharField(
        label=_("会议名称"), max_length=200, required=False, help_text=_("留空则使用会议类型作为名称。")
    )
    campaign = forms.ModelChoiceField(
        label=_("所属创先活动"),
        queryset=Campaign.objects.none(),
        required=False,
        empty_label=_("（不属于任何创先活动）"),
    )
    starts_at = forms.DateTimeField(label=_("开始时间"), widget=DATETIME)
    place = forms.CharField(label=_("地点"), max_length=200, required=False)
    host = forms.ModelChoiceField(label=_("主持人"), queryset=Member.objects.none(), required=False)
    agenda = forms.CharField(label=_("议程"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    minutes = forms.CharField(
        label=_("会议纪要"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("会后填写：会议内容、讨论和决定的事项。"),
    )
    status = forms.ChoiceField(
        label=_("状态"),
        choices=MeetingStatus.choices,
        initial=MeetingStatus.SCHEDULED,
        help_text=_(
            "草稿只有本单位负责人能看到；「待召开」和「已召开」的会议本单位会员都能看到，并可以签到。"
        ),
    )

    def __init__(
        self, *args: Any, campaigns: QuerySet[Campaign], hosts: QuerySet[Member], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = campaigns  # type: ignore[attr-defined]
        self.fields["host"].queryset = hosts  # type: ignore[attr-defined]


class MeetingFileForm(StyledFormMixin, forms.Form):
    file = forms.FileField(
        label=_("照片或文件"),
        help_text=_("可以上传图片（JPEG、PNG、GIF、WebP）、PDF 和 Office 文档（Word、Excel、PowerPoint）。"),
    )


class AttendanceForm(forms.Form):
    members = forms.TypedMultipleChoiceField(
        label=_("出席人员"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, choices: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["members"].choices = choices  # type: ignore[attr-defined]
