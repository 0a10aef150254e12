"""The proposal forms; each service checks everything again (the forms only shape the input)."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from chuangxian.core.forms import DateInput, MemberPickerWidget, StyledFormMixin
from chuangxian.orgs.models import Member, Unit
from chuangxian.proposals.models import AnswerCategory, Category, Proposal, Satisfaction
from chuangxian.proposals.services import ProposalData


class ProposalForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label=_("案由"), max_length=200, help_text=_("一事一案：只写一个问题。"))
    category = forms.ChoiceField(label=_("类别"), choices=Category.choices)
    reasons = forms.CharField(label=_("理由 / 情况分析"), widget=forms.Textarea(attrs={"rows": 5}))
    suggestions = forms.CharField(label=_("具体建议"), widget=forms.Textarea(attrs={"rows": 5}))

    def data_(self) -> ProposalData:
        d = self.cleaned_data
        return ProposalData(d["title"], d["reasons"], d["suggestions"], d["category"])


class InviteForm(StyledFormMixin, forms.Form):
    members = forms.ModelMultipleChoiceField(
        label=_("邀请附议的代表"),
        queryset=Member.objects.none(),
        widget=MemberPickerWidget(),
        help_text=_("本届教代会代表；每位代表在系统中确认后才算附议。"),
    )

    def __init__(self, *args: Any, voters: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = voters  # type: ignore[attr-defined]


class CollectionForm(StyledFormMixin, forms.Form):
    opens_on = forms.DateField(label=_("征集开始日期"), widget=DateInput)
    closes_on = forms.DateField(
        label=_("征集截止日期"), widget=DateInput, help_text=_("默认在会议开始前 15 天截止。")
    )
    min_cosigners = forms.IntegerField(label=_("至少附议人数"), min_value=0, max_value=20)
    reply_days = forms.IntegerField(label=_("答复期限（天）"), min_value=1, max_value=365)


DECISIONS = [
    ("accept", _("立案")),
    ("merge", _("并案（并入已立案的提案）")),
    ("convert", _("转为意见建议")),
    ("reject", _("不予立案")),
]


class DecideForm(StyledFormMixin, forms.Form):
    decision = forms.ChoiceField(label=_("审查结论"), choices=DECISIONS, widget=forms.RadioSelect)
    merge_into = forms.TypedChoiceField(label=_("并入的提案"), required=False, coerce=int, empty_value=None)
    note = forms.CharField(
        label=_("审查意见"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("转为意见建议或不予立案时必填，将告知提案人。"),
    )

    def __init__(self, *args: Any, targets: list[Proposal], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.targets = {p.pk: p for p in targets}
        self.fields["merge_into"].choices = [  # type: ignore[attr-defined]
            ("", "—"),
            *((p.pk, f"{p.number or ''} {p.title}") for p in targets),
        ]

    def target(self) -> Proposal | None:
        pk = self.cleaned_data.get("merge_into")
        return self.targets.get(pk) if pk else None


class AssignForm(StyledFormMixin, forms.Form):
    lead = forms.ModelChoiceField(label=_("主办单位"), queryset=Unit.objects.none())
    cohandlers = forms.ModelMultipleChoiceField(
        label=_("协办单位"), queryset=Unit.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    deadline = forms.DateField(
        label=_("答复期限"), required=False, widget=DateInput, help_text=_("留空按征集设置的天数计算。")
    )

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lead"].queryset = units  # type: ignore[attr-defined]
        self.fields["cohandlers"].queryset = units  # type: ignore[attr-defined]


class NoteForm(StyledFormMixin, forms.Form):
    note = forms.CharField(label=_("协办意见"), widget=forms.Textarea(attrs={"rows": 3}))


class AnswerForm(StyledFormMixin, forms.Form):
    category = forms.ChoiceField(
        label=_("答复类别"), choices=AnswerCategory.choices, widget=forms.RadioSelect
    )
    text = forms.CharField(label=_("办理情况及措施"), widget=forms.Textarea(attrs={"rows": 5}))
    done_by = forms.DateField(
        label=_("计划完成日期"), required=False, widget=DateInput, help_text=_("A 类、B 类必填。")
    )


class RateForm(StyledFormMixin, forms.Form):
    value = forms.ChoiceField(
        label=_("您对答复的评价"), choices=Satisfaction.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("意见"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("不满意时必填。"),
    )


class ForwardForm(StyledFormMixin, forms.Form):
    session = forms.TypedChoiceField(label=_("转报到学校教代会的会议"), coerce=int)
    note = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, sessions: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sessions = {s.pk: s for s in sessions}
        self.fields["session"].choices = [(s.pk, str(s)) for s in sessions]  # type: ignore[attr-defined]

    def chosen(self) -> Any:
        return self.sessions[self.cleaned_data["session"]]
