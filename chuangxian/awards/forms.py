"""Awards' forms: input shape only; the rules are the services'."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from chuangxian.awards.certificate import PLACEHOLDERS, unknown_placeholders
from chuangxian.awards.models import DateFormat
from chuangxian.core import clock
from chuangxian.core.forms import DateInput, StyledFormMixin
from chuangxian.selections.models import Entry


class AnnounceForm(StyledFormMixin, forms.Form):
    entries = forms.MultipleChoiceField(
        label=_("获奖对象"), widget=forms.CheckboxSelectMultiple, required=True
    )
    awarded_on = forms.DateField(label=_("授予日期"), widget=DateInput)

    def __init__(self, *args: Any, candidates: list[Entry], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = []
        for entry in candidates:
            unit = entry.member.unit.name if entry.member is not None else entry.nominating_unit.name
            name = entry.member.name if entry.member is not None else entry.candidate_name
            choices.append((str(entry.pk), f"{name}（{unit}）"))
        entries = self.fields["entries"]
        assert isinstance(entries, forms.MultipleChoiceField)
        entries.choices = choices
        if not self.is_bound:
            entries.initial = [value for value, _label in choices]  # all of them, by default
            self.fields["awarded_on"].initial = clock.today()
        self.fields["entries"].error_messages["required"] = _("请至少勾选一个获奖对象。")


class TemplateForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label=_("证书标题"), max_length=40)
    body = forms.CharField(
        label=_("证书正文"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("可用的占位符：%(names)s。每行一段。")
        % {"names": " ".join(f"{{{p}}}" for p in PLACEHOLDERS)},
    )
    union_name = forms.CharField(label=_("工会名称"), max_length=100)
    signature = forms.CharField(label=_("落款"), max_length=100, help_text=_("例如“泉州师范学院工会”。"))
    date_format = forms.ChoiceField(label=_("日期格式"), choices=DateFormat.choices)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for name in ("body", "signature"):
            unknown = unknown_placeholders(cleaned.get(name) or "")
            if unknown:
                self.add_error(
                    name,
                    _("无法识别的占位符：%(names)s。") % {"names": "、".join(f"{{{n}}}" for n in unknown)},
                )
        return cleaned


class NoticeDraftForm(StyledFormMixin, forms.Form):
    doc_prefix = forms.CharField(
        label=_("机关代字"), max_length=40, help_text=_("例如“泉师院工”；文号在签发时编排。")
    )
    issuing_office = forms.CharField(label=_("发文机关署名"), max_length=100)


class ExemplarForm(forms.Form):
    exemplar = forms.BooleanField(required=False)
