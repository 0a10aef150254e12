from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from chuangxian.activities.models import ActivityKind, AudienceGroup
from chuangxian.activities.selectors import BrandWindow
from chuangxian.activities.services import activity_signup_check, activity_times_check
from chuangxian.core.forms import DateTimeInput, StyledFormMixin, check_rule, style_widgets

DATETIME = DateTimeInput()


class ActivityForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("活动类型"), choices=ActivityKind.choices)
    title = forms.CharField(label=_("活动名称"), max_length=200)
    description = forms.CharField(
        label=_("活动内容"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    starts_at = forms.DateTimeField(label=_("开始时间"), widget=DATETIME)
    ends_at = forms.DateTimeField(label=_("结束时间"), widget=DATETIME)
    place = forms.CharField(label=_("地点"), max_length=200, required=False)
    capacity = forms.IntegerField(
        label=_("名额"), required=False, min_value=1, help_text=_("留空表示不限人数。")
    )
    whole_tenant = forms.BooleanField(label=_("面向全校"), required=False)
    audience_units = forms.MultipleChoiceField(
        label=_("参加单位"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("不面向全校时，选择参加的单位；选中的单位包括其下属单位。"),
    )
    audience_groups = forms.MultipleChoiceField(
        label=_("限定人群"),
        required=False,
        choices=AudienceGroup.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "不选表示参加范围内的会员都可参加。岗位类别多选时满足其一即可，不同类别须同时满足"
            "（如“教师”加“青年教职工”即青年教师）；青年教职工按活动开始时未满35周岁计。"
        ),
    )
    signup_opens_at = forms.DateTimeField(label=_("报名开始"), widget=DATETIME)
    signup_closes_at = forms.DateTimeField(label=_("报名截止"), widget=DATETIME)
    is_brand = forms.BooleanField(
        label=_("品牌活动"), required=False, help_text=_("本单位的品牌活动（第三阶段）。")
    )

    def __init__(
        self,
        *args: Any,
        units: list[tuple[int, str]],
        allow_whole_tenant: bool,
        brand: BrandWindow | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["audience_units"].choices = units  # type: ignore[attr-defined]
        if brand is not None:
            self.fields["is_brand"].help_text = _(
                "本单位的品牌活动，属于“%(phase)s”阶段：现在即可创建筹划，但开始时间须在 %(start)s 至 %(end)s 之间。"
            ) % {
                "phase": brand.phase_name,
                "start": brand.starts_on.isoformat(),
                "end": brand.ends_on.isoformat(),
            }
        if not allow_whole_tenant:
            del self.fields["whole_tenant"]
        if self.data.get("cancel_outside"):
            self.ask_cancel_outside()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        # Checked even when another field is missing: all errors in one round.
        if "starts_at" in data and "ends_at" in data:
            check_rule(
                self, lambda: activity_times_check(starts_at=data["starts_at"], ends_at=data["ends_at"])
            )
        if "signup_opens_at" in data and "signup_closes_at" in data:
            check_rule(
                self,
                lambda: activity_signup_check(
                    opens_at=data["signup_opens_at"],
                    closes_at=data["signup_closes_at"],
                    ends_at=data.get("ends_at"),
                ),
            )
        return data

    def ask_cancel_outside(self) -> None:
        """Add the confirmation a narrowed audience needs (see ``activity_update``)."""
        if "cancel_outside" not in self.fields:
            self.fields["cancel_outside"] = forms.BooleanField(
                label=_("取消这些会员的报名"),
                required=False,
                help_text=_("他们会收到通知；空出的名额按候补顺序递补。"),
            )
            style_widgets(self)


class CloseForm(StyledFormMixin, forms.Form):
    report = forms.CharField(
        label=_("活动总结"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("简要写明活动开展情况、参加人数和效果。"),
    )


class PhotoForm(StyledFormMixin, forms.Form):
    file = forms.FileField(label=_("活动照片"), help_text=_("可以上传 JPEG、PNG、GIF、WebP 图片。"))
