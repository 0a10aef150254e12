from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from chuangxian.assignments.evidence import (
    EvidenceKind,
    EvidenceOption,
    evidence_kind_choices,
    evidence_kind_label,
    is_record_kind,
    subkind_choices,
)
from chuangxian.assignments.models import ReviewBy
from chuangxian.assignments.services import task_due_check
from chuangxian.campaigns.models import Phase
from chuangxian.core.forms import DateInput, StyledFormMixin, check_rule, set_choices
from chuangxian.orgs.models import Member, UnitCategory, UnitKind


class TaskForm(StyledFormMixin, forms.Form):
    phase = forms.TypedChoiceField(label=_("阶段"), coerce=int)
    title = forms.CharField(label=_("任务名称"), max_length=100)
    description = forms.CharField(
        label=_("任务要求"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    evidence_kind = forms.ChoiceField(label=_("所需材料"), choices=evidence_kind_choices)
    meeting_kind = forms.ChoiceField(
        label=_("会议类型"),
        required=False,
        help_text=_("所需材料为会议记录时：只接受这一类会议，任务页的“记录会议”也按这一类预先填好。"),
    )
    review_by = forms.ChoiceField(label=_("审核"), choices=ReviewBy.choices)
    due_on = forms.DateField(
        label=_("截止日期"),
        required=False,
        widget=DateInput(),
        help_text=_("留空则为阶段结束日期；可以晚于阶段结束，但不能早于阶段开始。"),
    )
    categories = forms.MultipleChoiceField(
        label=_("适用单位类别"),
        choices=[(v, label) for v, label in UnitCategory.choices if v],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("都不选则适用于所有类别。"),
    )
    unit_kinds = forms.MultipleChoiceField(
        label=_("适用组织类型"),
        choices=[(v, label) for v, label in UnitKind.choices if v != UnitKind.SCHOOL_UNION],
        initial=[UnitKind.SUB_UNION, UnitKind.DIRECT_GROUP],
        widget=forms.CheckboxSelectMultiple,
    )
    code = forms.CharField(
        label=_("代码"), max_length=40, required=False, help_text=_("本次创先活动内唯一；留空自动生成。")
    )
    order = forms.IntegerField(label=_("序号"), min_value=0, required=False)

    def __init__(self, *args: Any, phases: list[Phase], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.phases = {phase.pk: phase for phase in phases}
        set_choices(self, "phase", [(p.pk, f"{p.order}. {p.name}") for p in phases])
        set_choices(self, "meeting_kind", [("", _("任意会议")), *subkind_choices(EvidenceKind.MEETING)])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        phase = self.phases.get(data["phase"]) if "phase" in data else None
        if phase is not None and data.get("due_on") is not None:  # even when the title is missing
            check_rule(self, lambda: task_due_check(due_on=data["due_on"], phase=phase))
        return data


class SubmitForm(StyledFormMixin, forms.Form):
    evidence_key = forms.ChoiceField(label=_("材料"), required=False)
    document = forms.FileField(
        label=_("上传文件"), required=False, help_text=_("PDF、Word、Excel、PPT 或图片。")
    )

    def __init__(self, *args: Any, kind: str, options: list[EvidenceOption], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if is_record_kind(kind):
            set_choices(self, "evidence_key", [("", _("请选择")), *((o.key, o.label) for o in options)])
            self.fields["evidence_key"].label = evidence_kind_label(kind)
            del self.fields["document"]
        elif kind == EvidenceKind.DOCUMENT:
            del self.fields["evidence_key"]
        else:
            del self.fields["evidence_key"]
            del self.fields["document"]


class ReviewForm(StyledFormMixin, forms.Form):
    decision = forms.ChoiceField(
        label=_("审核结果"),
        choices=[("approve", _("通过")), ("return", _("退回修改"))],
        widget=forms.RadioSelect,
        initial="approve",
    )
    comment = forms.CharField(
        label=_("审核意见"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("退回时必填：写明需要修改的地方。"),
    )


class ResponsibleForm(StyledFormMixin, forms.Form):
    responsible = forms.ModelChoiceField(
        label=_("责任人"), queryset=Member.objects.none(), required=False, empty_label=_("（暂无）")
    )

    def __init__(self, *args: Any, members: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["responsible"]
        field.queryset = members  # type: ignore[attr-defined]
        field.label_from_instance = lambda m: f"{m.name}（{m.staff_no}）"  # type: ignore[attr-defined]
