"""The teaching competition's forms: the draw's seed and a lecture's time, input shape only."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from chuangxian.core.forms import StyledFormMixin

TIME = re.compile(r"^\s*(?:(\d{1,3})\s*[:：分]\s*)?(\d{1,5})\s*秒?\s*$")


class DrawForm(StyledFormMixin, forms.Form):
    seed = forms.CharField(
        label=_("抽签种子"),
        required=False,
        max_length=64,
        help_text=_("可不填，由系统随机生成；也可以填入现场公开产生的数字或文字（如掷骰子的结果）。"),
    )


class LectureTimeForm(StyledFormMixin, forms.Form):
    """The time a timekeeper typed, as 分:秒 (20:45) or seconds (1245); empty: the time since the start."""

    duration = forms.CharField(
        label=_("用时（分:秒）"),
        required=False,
        max_length=12,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "placeholder": "20:45", "autocomplete": "off"}),
    )

    def clean_duration(self) -> int | None:
        text = str(self.cleaned_data.get("duration") or "").strip()
        if not text:
            return None
        match = TIME.match(text)
        if match is None or (match.group(1) is not None and int(match.group(2)) >= 60):
            raise forms.ValidationError(_("请按“分:秒”填写用时，如 20:45；或只填秒数，如 1245。"))
        minutes, seconds = match.group(1), int(match.group(2))
        return int(minutes) * 60 + seconds if minutes is not None else seconds
