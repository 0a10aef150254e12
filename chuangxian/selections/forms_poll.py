"""The democratic recommendation's form: input shape only. The electorate, secrecy, tie rule and
scrutineers are the voting engine's own choices and fields (``voting.forms``); the engine's services
check them again when the poll is made."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from chuangxian.core.forms import StyledFormMixin, check_rule
from chuangxian.voting.forms import DATETIME, Secrecy, StaffNumbersField
from chuangxian.voting.models import ElectorateKind, TieRule
from chuangxian.voting.services import poll_window_check

ELECTORATE_CHOICES = [
    (ElectorateKind.TENANT.value, ElectorateKind.TENANT.label),
    (ElectorateKind.UNITS.value, ElectorateKind.UNITS.label),
]


class SelectionPollForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label=_("投票名称"), max_length=200)
    opens_at = forms.DateTimeField(label=_("开始时间"), widget=DATETIME)
    closes_at = forms.DateTimeField(label=_("截止时间"), widget=DATETIME)
    seats = forms.IntegerField(
        label=_("推荐名额"),
        min_value=1,
        help_text=_("每人至多选这么多个；按得票从多到少、达到当选标准的获推荐。"),
    )
    electorate_kind = forms.ChoiceField(
        label=_("投票人范围"), choices=ELECTORATE_CHOICES, widget=forms.RadioSelect
    )
    electorate_units = forms.MultipleChoiceField(
        label=_("参加投票的单位"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("选择“选定单位的会员”时勾选，包括其下属单位。"),
    )
    secrecy = forms.ChoiceField(
        label=_("保密方式"), choices=Secrecy.choices, initial=Secrecy.SEALED, widget=forms.RadioSelect
    )
    tie_rule = forms.ChoiceField(label=_("票数相同时"), choices=TieRule.choices, initial=TieRule.RUNOFF)
    scrutineers = StaffNumbersField(
        label=_("监票人"),
        required=False,
        help_text=_("工号。两名及以上监票人分持密封票箱的密钥，截止后共同开箱。"),
    )

    def __init__(
        self, *args: Any, units: list[tuple[int, str]], candidates: int, tenant_id: int, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.candidates = candidates
        self.fields["electorate_units"].choices = units  # type: ignore[attr-defined]
        seats = self.fields["seats"]
        assert isinstance(seats, forms.IntegerField)
        seats.widget.attrs["max"] = max(candidates, 1)
        scrutineers = self.fields["scrutineers"]
        assert isinstance(scrutineers, StaffNumbersField)
        scrutineers.tenant_id = tenant_id

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "opens_at" in data and "closes_at" in data:
            check_rule(self, lambda: poll_window_check(data["opens_at"], data["closes_at"]))
        if data.get("seats") and data["seats"] > self.candidates:
            self.add_error("seats", _("推荐名额不能多于推荐对象数（%(n)d）。") % {"n": self.candidates})
        if data.get("electorate_kind") == ElectorateKind.UNITS and not data.get("electorate_units"):
            self.add_error("electorate_units", _("请选择参加投票的单位。"))
        return data
