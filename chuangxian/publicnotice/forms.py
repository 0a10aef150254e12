"""The public notice's forms: input shape only; the rules are the services' (asked from ``clean``
with ``check_rule`` / ``objection_check`` so that every problem shows at once)."""

from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from chuangxian.core import clock
from chuangxian.core.forms import DateInput, MemberPickerWidget, StyledFormMixin, check_rule
from chuangxian.orgs.models import Member, MemberStatus
from chuangxian.publicnotice.models import DEFAULT_WORKING_DAYS, NoticeItem
from chuangxian.publicnotice.services import objection_check
from chuangxian.publicnotice.services.publish import MAX_WORKING_DAYS, MIN_WORKING_DAYS, notice_period
from chuangxian.selections.models import Entry

ACHIEVEMENTS_PREFIX = "achievements_"


class PublishForm(StyledFormMixin, forms.Form):
    starts_on = forms.DateField(label=_("公示开始日期"), widget=DateInput)
    working_days = forms.IntegerField(
        label=_("公示期（工作日）"),
        min_value=MIN_WORKING_DAYS,
        max_value=MAX_WORKING_DAYS,
        initial=DEFAULT_WORKING_DAYS,
        help_text=_("按国家法定节假日和调休计算；开始日期是工作日时当天算第 1 天。"),
    )
    contact = forms.CharField(
        label=_("异议受理方式"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("受理部门、电话或电子邮箱，例如“校工会办公室，电话 0595-22919500”。"),
    )
    intro = forms.CharField(
        label=_("公示说明（可选）"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("留空时使用“经单位推荐和评审，现将拟表彰（推荐）对象予以公示”。"),
    )
    doc_prefix = forms.CharField(
        label=_("机关代字（可选）"),
        required=False,
        max_length=40,
        help_text=_("填写后同时签发一份带文号的公文，如“泉师院委组工”；留空则只在平台上公示。"),
    )
    issuing_office = forms.CharField(label=_("发文机关署名"), required=False, max_length=100)

    def __init__(self, *args: Any, entries: list[Entry], tenant_id: int, **kwargs: Any) -> None:
        self.entries = entries
        self.tenant_id = tenant_id
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.fields["starts_on"].initial = clock.today()
        for entry in entries:
            self.fields[f"{ACHIEVEMENTS_PREFIX}{entry.pk}"] = forms.CharField(
                label=_("%(name)s（%(unit)s）的主要事迹")
                % {"name": entry.candidate_name, "unit": entry.nominating_unit.name},
                initial=entry.summary,
                widget=forms.Textarea(attrs={"rows": 3}),
            )

    def achievement_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name.startswith(ACHIEVEMENTS_PREFIX)]

    def other_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if not name.startswith(ACHIEVEMENTS_PREFIX)]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, days = cleaned.get("starts_on"), cleaned.get("working_days")
        if isinstance(start, date) and isinstance(days, int):
            check_rule(self, lambda: notice_period(start, days, tenant_id=self.tenant_id))
        if cleaned.get("doc_prefix") and not cleaned.get("issuing_office"):
            self.add_error("issuing_office", _("签发公文时请填写发文机关署名。"))
        return cleaned

    def achievements(self) -> dict[int, str]:
        return {entry.pk: self.cleaned_data[f"{ACHIEVEMENTS_PREFIX}{entry.pk}"] for entry in self.entries}


class ObjectionForm(StyledFormMixin, forms.Form):
    # Not ``required``: a missing name or contact gets the notice's own sentence (objection_check).
    real_name = forms.CharField(label=_("真实姓名"), required=False, max_length=50)
    contact = forms.CharField(
        label=_("联系方式"), required=False, max_length=100, help_text=_("手机、电话或电子邮箱，用于答复。")
    )
    item = forms.TypedChoiceField(
        label=_("针对的公示对象（可选）"), required=False, coerce=int, empty_value=None
    )
    text = forms.CharField(
        label=_("异议内容"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("请写明具体事实，并尽量提供线索或证明材料。"),
    )

    def __init__(
        self, *args: Any, items: list[NoticeItem], roster_name: str | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.roster_name = roster_name
        self.items = {item.pk: item for item in items}
        field = self.fields["item"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("（整体或其他）")), *((item.pk, item.name) for item in items)]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for problem in objection_check(
            real_name=cleaned.get("real_name") or "",
            contact=cleaned.get("contact") or "",
            text=cleaned.get("text") or "",
            roster_name=self.roster_name,
        ):
            self.add_error(problem.field, forms.ValidationError(problem.message, code=problem.code))
        return cleaned

    def chosen_item(self) -> NoticeItem | None:
        pk = self.cleaned_data.get("item")
        return self.items.get(pk) if pk else None


class AnswerForm(StyledFormMixin, forms.Form):
    result = forms.ChoiceField(
        label=_("调查结论"),
        choices=[
            ("rejected", _("异议不成立")),
            ("substantiated", _("异议成立（移出该公示对象，须重新公示）")),
        ],
        widget=forms.RadioSelect,
    )
    answer = forms.CharField(
        label=_("书面答复"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("调查核实的经过和结论；提出人可以看到。"),
    )
    item = forms.TypedChoiceField(
        label=_("移出的公示对象"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_("提出人没有指明对象、而异议成立时选择。"),
    )

    def __init__(self, *args: Any, items: list[NoticeItem], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.items = {item.pk: item for item in items}
        field = self.fields["item"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "—"), *((item.pk, item.name) for item in items)]

    def chosen_item(self) -> NoticeItem | None:
        pk = self.cleaned_data.get("item")
        return self.items.get(pk) if pk else None


class DisciplineForm(StyledFormMixin, forms.Form):
    members = forms.ModelMultipleChoiceField(
        label=_("纪检监察人员"),
        queryset=Member.objects.none(),
        widget=MemberPickerWidget(),
        help_text=_("收到本评选公示的每条异议，可以调查核实并书面答复；从今天起，直到收回。"),
    )

    def __init__(self, *args: Any, tenant_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["members"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = Member.objects.filter(tenant_id=tenant_id, status=MemberStatus.ACTIVE).order_by(
            "staff_no"
        )
