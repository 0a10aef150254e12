from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from chuangxian.campaigns.models import CampaignStatus, PhaseAction
from chuangxian.campaigns.services import PhaseSpec, phase_window_until_check
from chuangxian.core.forms import DateInput, MemberPickerWidget, StyledFormMixin, check_rule, set_choices
from chuangxian.orgs.models import Member, MemberStatus

DATE = DateInput()


class CampaignForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label=_("创先活动名称"), max_length=200)
    short_title = forms.CharField(label=_("简称"), max_length=40, required=False)
    doc_number = forms.CharField(
        label=_("文号"), max_length=60, required=False, help_text=_("如：泉师院委组工〔2010〕22号")
    )
    theme = forms.CharField(label=_("创先活动主题"), max_length=200, required=False)
    goals = forms.CharField(
        label=_("主要内容与目标"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    themes = forms.CharField(
        label=_("主题实践活动"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("每行一个，如「师德建设常态化」。"),
    )

    def theme_names(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data.get("themes", "").splitlines() if line.strip()]


class CampaignEditForm(CampaignForm):
    status = forms.ChoiceField(label=_("状态"), choices=CampaignStatus.choices)
    founding_text = forms.CharField(
        label=_("实施方案全文"), required=False, widget=forms.Textarea(attrs={"rows": 8})
    )


class PhaseForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label=_("阶段名称"), max_length=100)
    starts_on = forms.DateField(label=_("开始日期"), widget=DATE)
    ends_on = forms.DateField(label=_("结束日期"), widget=DATE)
    actions = forms.MultipleChoiceField(
        label=_("本阶段允许的事项"),
        choices=PhaseAction.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    summary = forms.CharField(label=_("阶段要求"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("starts_on") and data.get("ends_on") and data["starts_on"] > data["ends_on"]:
            self.add_error("ends_on", _("结束日期不能早于开始日期。"))
        return data


class BasePhaseFormSet(forms.BaseFormSet):  # type: ignore[type-arg,unused-ignore]
    def specs(self) -> list[PhaseSpec]:
        specs = []
        for form in self.forms:
            data = form.cleaned_data
            if not data or data.get("DELETE"):
                continue
            specs.append(
                PhaseSpec(
                    name=data["name"],
                    starts_on=data["starts_on"],
                    ends_on=data["ends_on"],
                    actions=data.get("actions", []),
                    summary=data.get("summary", ""),
                )
            )
        return sorted(specs, key=lambda s: s.starts_on)


PhaseFormSet = forms.formset_factory(PhaseForm, formset=BasePhaseFormSet, extra=1, can_delete=True)


class CampaignCopyForm(StyledFormMixin, forms.Form):
    source = forms.TypedChoiceField(label=_("以哪个创先活动为模板"), coerce=int)
    title = forms.CharField(label=_("新创先活动名称"), max_length=200)
    starts_on = forms.DateField(
        label=_("第一阶段开始日期"),
        widget=DATE,
        help_text=_("各阶段的长度和允许事项与模板相同，日期整体平移。"),
    )

    def __init__(self, *args: Any, sources: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "source", sources)


class ReopenForm(StyledFormMixin, forms.Form):
    phase = forms.TypedChoiceField(label=_("阶段"), coerce=int)
    unit = forms.TypedChoiceField(label=_("单位"), coerce=int, help_text=_("对该单位及其下级组织重新开放。"))
    until = forms.DateField(label=_("补交截止日期"), widget=DATE)
    reason = forms.CharField(
        label=_("理由"), widget=forms.Textarea(attrs={"rows": 2}), help_text=_("将记入审计日志。")
    )

    def __init__(
        self, *args: Any, phases: list[tuple[int, str]], units: list[tuple[int, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "phase", phases)
        set_choices(self, "unit", units)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "until" in data:  # checked even when the reason is missing: all errors in one round
            check_rule(self, lambda: phase_window_until_check(data["until"]))
        return data


class JudgesForm(StyledFormMixin, forms.Form):
    """Members of the school to name judges of the campaign (for its term)."""

    members = forms.ModelMultipleChoiceField(
        label=_("聘请评委"),
        queryset=Member.objects.none(),
        widget=MemberPickerWidget(),
        help_text=_("评委的任期与本次创先活动相同：从第一阶段开始到最后一阶段结束。"),
    )

    def __init__(self, *args: Any, tenant_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["members"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = Member.objects.filter(tenant_id=tenant_id, status=MemberStatus.ACTIVE).order_by(
            "staff_no"
        )
