"""Input shapes of the notice pages."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from chuangxian.core import clock
from chuangxian.core.forms import DateInput, StyledFormMixin, check_rule
from chuangxian.documents.services import MAX_YEAR, MIN_YEAR, NoticeFields, notice_dates_check

DATE = DateInput()


class NoticeForm(StyledFormMixin, forms.Form):
    # Not "prefix": that name is taken by Form's own field-name prefix.
    doc_prefix = forms.CharField(label=_("机关代字"), max_length=40, help_text=_("如：泉师院委组工。"))
    year = forms.IntegerField(label=_("年份"), min_value=MIN_YEAR, max_value=MAX_YEAR)
    title = forms.CharField(label=_("标题"), max_length=200)
    addressees = forms.CharField(
        label=_("主送机关"), max_length=300, required=False, help_text=_("如：各二级工会、直属工会小组。")
    )
    body = forms.CharField(
        label=_("正文"),
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("每段一行；“一、”开头的行按一级标题排版。"),
    )
    issuing_office = forms.CharField(label=_("发文机关署名"), max_length=100)
    marking = forms.CharField(
        label=_("发文机关标志"),
        max_length=60,
        required=False,
        help_text=_("版头红色大字；留空则为“发文机关署名 + 文件”。"),
    )
    signed_on = forms.DateField(label=_("成文日期"), required=False, widget=DATE)
    cc = forms.CharField(
        label=_("抄送机关"), max_length=300, required=False, help_text=_("多个机关用逗号隔开。")
    )
    printing_office = forms.CharField(label=_("印发机关"), max_length=100, required=False)
    printed_on = forms.DateField(label=_("印发日期"), required=False, widget=DATE)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = clock.today().year
        self.fields["signed_on"].initial = clock.today()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "signed_on" in data and "printed_on" in data:  # even when the title is missing: one round
            check_rule(
                self, lambda: notice_dates_check(signed_on=data["signed_on"], printed_on=data["printed_on"])
            )
        return data

    def notice_fields(self) -> NoticeFields:
        data = dict(self.cleaned_data)
        return NoticeFields(prefix=data.pop("doc_prefix"), **data)


class AttachmentForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label=_("附件名称"), max_length=200)
    file = forms.FileField(label=_("文件"), required=False, help_text=_("可选：PDF、Word、Excel、图片等。"))


class RevokeForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(label=_("撤销理由"), max_length=300, widget=forms.Textarea(attrs={"rows": 3}))


class SeriesStartForm(StyledFormMixin, forms.Form):
    doc_prefix = forms.CharField(label=_("机关代字"), max_length=40)
    year = forms.IntegerField(label=_("年份"), min_value=MIN_YEAR, max_value=MAX_YEAR)
    first_number = forms.IntegerField(
        label=_("起始号码"), min_value=1, help_text=_("本序列第一份公文的号码。")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = clock.today().year
