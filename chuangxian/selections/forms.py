"""The selections' forms: input shape only; the rules are the services' (a type's are asked from
``clean`` with ``type_data_check``, so every problem shows at once)."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from chuangxian.core.forms import DateInput, StyledFormMixin
from chuangxian.selections.models import (
    REQUIRED_STAGES,
    EntryKind,
    PartyDecision,
    QuotaMode,
    Rounding,
    SelectionType,
    Stage,
)
from chuangxian.selections.services import TypeData
from chuangxian.selections.services.configure import type_data_check

DOCUMENT_HELP = _("PDF、Word 文档或照片（JPEG、PNG）。")


class TypeForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label=_("评选名称"), max_length=100)
    entry_kind = forms.ChoiceField(label=_("推荐对象"), choices=EntryKind.choices, widget=forms.RadioSelect)
    description = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    stages = forms.MultipleChoiceField(
        label=_("评选环节"),
        choices=Stage.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=list(REQUIRED_STAGES),
        help_text=_("按固定顺序进行；“单位推荐”和“结果公布”必选。"),
    )
    rule_in_post = forms.BooleanField(label=_("须为在职会员"), required=False)
    rule_cadre_years = forms.IntegerField(
        label=_("从事工会工作至少（年）"),
        required=False,
        min_value=1,
        max_value=50,
        help_text=_("留空表示不限。"),
    )
    rule_not_honoured = forms.BooleanField(label=_("本次创先活动中未获得过该荣誉"), required=False)
    rule_no_discipline = forms.BooleanField(label=_("无学校工会登记的处分记录"), required=False)
    quota_mode = forms.ChoiceField(
        label=_("名额方式"), choices=QuotaMode.choices, widget=forms.RadioSelect, initial=QuotaMode.FIXED
    )
    quota_min = forms.IntegerField(label=_("每单位至少推荐"), required=False, min_value=0, initial=0)
    quota_max = forms.IntegerField(label=_("每单位最多推荐"), required=False, min_value=1)
    quota_percent = forms.DecimalField(
        label=_("比例（%）"),
        required=False,
        max_digits=5,
        decimal_places=2,
        help_text=_("按比例时填写，如 5。"),
    )
    quota_rounding = forms.ChoiceField(
        label=_("取整方式"), choices=Rounding.choices, initial=Rounding.HALF_UP
    )
    quota_at_least_one = forms.BooleanField(label=_("有在职会员的单位至少 1 个名额"), required=False)
    is_active = forms.BooleanField(label=_("启用"), required=False, initial=True)

    @classmethod
    def initial_of(cls, item: SelectionType) -> dict[str, Any]:
        return {name: getattr(item, name) for name in cls.base_fields}

    def type_data(self) -> TypeData:
        data = self.cleaned_data
        return TypeData(
            name=data.get("name") or "",
            entry_kind=data.get("entry_kind") or "",
            stages=tuple(data.get("stages") or ()),
            description=data.get("description") or "",
            rule_in_post=bool(data.get("rule_in_post")),
            rule_cadre_years=data.get("rule_cadre_years"),
            rule_not_honoured=bool(data.get("rule_not_honoured")),
            rule_no_discipline=bool(data.get("rule_no_discipline")),
            quota_mode=data.get("quota_mode") or "",
            quota_min=data.get("quota_min") or 0,
            quota_max=data.get("quota_max"),
            quota_percent=data.get("quota_percent"),
            quota_rounding=data.get("quota_rounding") or Rounding.HALF_UP,
            quota_at_least_one=bool(data.get("quota_at_least_one")),
            is_active=bool(data.get("is_active")),
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for problem in type_data_check(self.type_data()):
            field = (
                problem.field if problem.field in self.fields and problem.field not in self.errors else None
            )
            self.add_error(field, problem.message)
        return data


class SelectionForm(StyledFormMixin, forms.Form):
    type = forms.ModelChoiceField(label=_("评选类型"), queryset=SelectionType.objects.none())
    campaign = forms.TypedChoiceField(label=_("所属创先活动"), coerce=int)
    title = forms.CharField(label=_("标题"), max_length=200, help_text=_("如：2011年度创先争优优秀项目评选"))
    nomination_ends_on = forms.DateField(label=_("推荐截止日期"), widget=DateInput())
    description = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class SelectionEditForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label=_("标题"), max_length=200)
    nomination_ends_on = forms.DateField(label=_("推荐截止日期"), widget=DateInput())
    description = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class NominateForm(StyledFormMixin, forms.Form):
    """The candidate field depends on the type: a project or a unit from a list, a member by staff
    number (a unit may have hundreds)."""

    summary = forms.CharField(label=_("主要事迹 / 推荐理由"), widget=forms.Textarea(attrs={"rows": 5}))
    minutes = forms.FileField(label=_("单位会议纪要"), help_text=DOCUMENT_HELP)

    def __init__(self, *args: Any, kind: str, choices: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if kind == EntryKind.MEMBER:
            self.fields["candidate"] = forms.CharField(
                label=_("被推荐人工号"), max_length=32, help_text=_("本单位（含下属工会小组）的会员。")
            )
        else:
            label = _("推荐项目") if kind == EntryKind.PROJECT else _("推荐的工会组织")
            self.fields["candidate"] = forms.TypedChoiceField(label=label, choices=choices, coerce=int)
        self.order_fields(["candidate", "summary", "minutes"])
        for name in ("candidate",):
            self.fields[name].widget.attrs["class"] = (
                "form-control" if kind == EntryKind.MEMBER else "form-select"
            )


class PartyReviewForm(StyledFormMixin, forms.Form):
    decision = forms.ChoiceField(
        label=_("党组织意见"), choices=PartyDecision.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("说明"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("不同意时必填。"),
    )
    opinion = forms.FileField(label=_("党组织签章的意见"), help_text=DOCUMENT_HELP)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == PartyDecision.DISAGREE and not (data.get("note") or "").strip():
            self.add_error("note", _("党组织不同意时请写明理由。"))
        return data


class OfficeReviewForm(StyledFormMixin, forms.Form):
    approve = forms.TypedChoiceField(
        label=_("初审结果"),
        choices=[("1", _("通过")), ("0", _("退回修改"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("初审意见"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("退回时必填。"),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("approve") is False and not (data.get("note") or "").strip():
            self.add_error("note", _("退回时请写明初审意见，说明需要补充或修改什么。"))
        return data


class ResubmitForm(StyledFormMixin, forms.Form):
    summary = forms.CharField(label=_("主要事迹 / 推荐理由"), widget=forms.Textarea(attrs={"rows": 5}))
    minutes = forms.FileField(label=_("补充材料或新的会议纪要"), required=False, help_text=DOCUMENT_HELP)


class StageSetForm(StyledFormMixin, forms.Form):
    stage = forms.ChoiceField(label=_("调整到环节"))
    reason = forms.CharField(
        label=_("理由"), max_length=300, help_text=_("跳过或退回环节必须写明理由，记入操作日志。")
    )

    def __init__(self, *args: Any, stages: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["stage"].choices = [(s, Stage(s).label) for s in stages]  # type: ignore[attr-defined]


class MemberRecordForm(StyledFormMixin, forms.Form):
    union_work_since = forms.DateField(
        label=_("从事工会工作起始日期"),
        required=False,
        widget=DateInput(),
        help_text=_("用于“从事工会工作满 N 年”。"),
    )
    disciplined = forms.BooleanField(label=_("有处分记录"), required=False)
    discipline_note = forms.CharField(label=_("处分记录说明"), required=False, max_length=300)


class StaffNoForm(StyledFormMixin, forms.Form):
    staff_no = forms.CharField(label=_("工号"), max_length=32)
