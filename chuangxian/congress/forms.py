"""The congress's forms: input shape only; the services decide (asked from ``clean`` through
``check_rule`` where a rule can be checked before writing, so every problem shows at once)."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from chuangxian.congress.models import TermYears
from chuangxian.congress.services import CongressData, SessionData
from chuangxian.congress.services.congresses import congress_check
from chuangxian.core import clock
from chuangxian.core.forms import DateInput, DateTimeInput, MemberPickerWidget, StyledFormMixin, check_rule
from chuangxian.orgs.models import Member, Unit
from chuangxian.voting.models import PollPurpose


class SearchForm(forms.Form):
    q = forms.CharField(label=_("搜索"), required=False, max_length=60)

    def __init__(self, *args: Any, placeholder: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs.update(
            {"class": "form-control form-control-sm", "placeholder": placeholder}
        )

    @property
    def value(self) -> str:
        return str(self.cleaned_data.get("q", "")).strip() if self.is_valid() else ""


def _ratio_field(label: Any, initial: str, help_text: Any = "") -> forms.CharField:
    return forms.CharField(label=label, initial=initial, max_length=7, help_text=help_text)


def _parse_ratio(form: forms.Form, name: str) -> tuple[int, int] | None:
    raw = str(form.cleaned_data.get(name, "")).replace("／", "/").strip()
    try:
        num, den = (int(part) for part in raw.split("/"))
    except ValueError:
        form.add_error(name, _("请写成分数，例如 2/3。"))
        return None
    return num, den


class CongressForm(StyledFormMixin, forms.Form):
    unit = forms.ModelChoiceField(label=_("单位"), queryset=Unit.objects.none())
    all_staff = forms.BooleanField(
        label=_("全体教职工大会"),
        required=False,
        help_text=_("教职工人数较少的单位召开全体教职工大会：不选举代表，本单位全体在职会员都是与会人员。"),
    )
    term_number = forms.IntegerField(label=_("届次"), min_value=1, max_value=99, initial=1)
    term_starts_on = forms.DateField(label=_("本届开始日期"), widget=DateInput)
    term_years = forms.TypedChoiceField(label=_("任期"), choices=TermYears.choices, coerce=int, initial=5)
    teachers_min = _ratio_field(_("教师代表不少于"), "3/5", _("占全体代表的比例，例如 3/5 即 60%。"))
    leaders_max = _ratio_field(_("领导干部不超过"), "1/5", _("处级及以上领导干部占全体代表的比例。"))
    quorum = _ratio_field(_("法定人数"), "2/3", _("签到代表达到全体代表的这一比例，方可开始选举或表决。"))
    majority = forms.ChoiceField(
        label=_("通过标准"),
        choices=(("1/2", _("超过全体代表的半数")), ("2/3", _("达到全体代表的三分之二"))),
        initial="1/2",
    )

    def __init__(self, *args: Any, units: list[Unit] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["unit"]
        assert isinstance(field, forms.ModelChoiceField)
        if units is None:
            del self.fields["unit"]
        else:
            field.queryset = (
                Unit.objects.filter(pk__in=[u.pk for u in units], tenant_id=units[0].tenant_id)
                if units
                else Unit.objects.none()
            )
            field.choices = [("", "---------")] + [(u.pk, u.name) for u in units]
        if not self.is_bound and "term_starts_on" not in self.initial:
            self.fields["term_starts_on"].initial = clock.today()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for name in ("teachers_min", "leaders_max", "quorum", "majority"):
            if name in cleaned:
                cleaned[f"{name}_pair"] = _parse_ratio(self, name)
        pairs = [
            cleaned.get(f"{name}_pair") for name in ("teachers_min", "leaders_max", "quorum", "majority")
        ]
        if all(pairs):
            # The service's own check of the numbers, so its problems show with the fields' at once.
            check_rule(self, lambda: congress_check(self._data_object(cleaned)))
        return cleaned

    def _data_object(self, c: dict[str, Any]) -> CongressData:
        return CongressData(
            term_number=c.get("term_number") or 1,
            term_starts_on=c.get("term_starts_on") or clock.today(),
            term_years=c.get("term_years") or 5,
            all_staff=bool(c.get("all_staff")),
            teachers_min=c["teachers_min_pair"],
            leaders_max=c["leaders_max_pair"],
            quorum=c["quorum_pair"],
            majority=c["majority_pair"],
        )

    def data_object(self) -> CongressData:
        return self._data_object(self.cleaned_data)


class ElectForm(StyledFormMixin, forms.Form):
    unit = forms.ModelChoiceField(label=_("选举单位"), queryset=Unit.objects.none())
    members = forms.ModelMultipleChoiceField(
        label=_("当选代表"),
        queryset=Member.objects.none(),
        widget=MemberPickerWidget(),
        help_text=_("登记该单位选举产生的代表，可一次选择多人。"),
    )
    elected_on = forms.DateField(label=_("当选日期"), widget=DateInput)
    is_leader = forms.BooleanField(label=_("领导干部（处级及以上）"), required=False)

    def __init__(self, *args: Any, units: list[Unit], members: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit_field = self.fields["unit"]
        member_field = self.fields["members"]
        assert isinstance(unit_field, forms.ModelChoiceField)
        assert isinstance(member_field, forms.ModelMultipleChoiceField)
        unit_field.queryset = Unit.objects.filter(pk__in=[u.pk for u in units], tenant_id=units[0].tenant_id)
        unit_field.choices = [("", "---------")] + [(u.pk, u.name) for u in units]
        member_field.queryset = members
        if not self.is_bound:
            self.fields["elected_on"].initial = clock.today()


class ReplaceForm(StyledFormMixin, forms.Form):
    successor = forms.ModelMultipleChoiceField(
        label=_("新代表"), queryset=Member.objects.none(), widget=MemberPickerWidget()
    )
    elected_on = forms.DateField(label=_("补选日期"), widget=DateInput)
    reason = forms.CharField(label=_("更换原因"), max_length=200)
    is_leader = forms.BooleanField(label=_("领导干部（处级及以上）"), required=False)

    def __init__(self, *args: Any, members: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["successor"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = members
        if not self.is_bound:
            self.fields["elected_on"].initial = clock.today()

    def clean_successor(self) -> Any:
        chosen = self.cleaned_data["successor"]
        if len(chosen) != 1:
            raise forms.ValidationError(_("请选择一名新代表。"))
        return chosen[0]


class DelegationForm(StyledFormMixin, forms.Form):
    unit = forms.ModelChoiceField(label=_("单位"), queryset=Unit.objects.none())
    name = forms.CharField(
        label=_("代表团名称"), required=False, max_length=100, help_text=_("留空时为“单位名称 + 代表团”。")
    )
    head = forms.ModelChoiceField(label=_("团长"), queryset=Member.objects.none(), required=False)

    def __init__(self, *args: Any, units: list[Unit], heads: list[Member], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit_field, head_field = self.fields["unit"], self.fields["head"]
        assert isinstance(unit_field, forms.ModelChoiceField) and isinstance(
            head_field, forms.ModelChoiceField
        )
        unit_field.queryset = Unit.objects.filter(pk__in=[u.pk for u in units], tenant_id=units[0].tenant_id)
        unit_field.choices = [("", "---------")] + [(u.pk, u.name) for u in units]
        tenant_id = units[0].tenant_id
        head_field.queryset = Member.objects.filter(pk__in=[m.pk for m in heads], tenant_id=tenant_id)
        head_field.choices = [("", _("（暂不指定）"))] + [(m.pk, f"{m.name}（{m.staff_no}）") for m in heads]


class SessionForm(StyledFormMixin, forms.Form):
    number = forms.IntegerField(label=_("第几次会议"), min_value=1, max_value=99, initial=1)
    starts_at = forms.DateTimeField(label=_("开始时间"), widget=DateTimeInput)
    ends_at = forms.DateTimeField(label=_("结束时间"), widget=DateTimeInput)
    place = forms.CharField(label=_("地点"), required=False, max_length=200)
    note = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("starts_at"), cleaned.get("ends_at")
        if start and end and end <= start:
            self.add_error("ends_at", _("结束时间必须晚于开始时间。"))
        return cleaned

    def data_object(self) -> SessionData:
        c = self.cleaned_data
        return SessionData(
            number=c["number"],
            starts_at=c["starts_at"],
            ends_at=c["ends_at"],
            place=c["place"],
            note=c["note"],
        )


class AgendaForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label=_("议程"), max_length=200)
    description = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class DocumentForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label=_("文件名称"), required=False, max_length=200)
    file = forms.FileField(label=_("文件"), help_text=_("PDF、Word、Excel 或 PowerPoint。"))


class SessionPollForm(StyledFormMixin, forms.Form):
    purpose = forms.ChoiceField(
        label=_("类型"),
        choices=(
            (PollPurpose.RESOLUTION, _("表决（赞成 / 反对 / 弃权）")),
            (PollPurpose.ELECTION, _("选举")),
        ),
    )
    title = forms.CharField(label=_("名称"), max_length=200)
    question = forms.CharField(label=_("表决事项 / 选举职务"), max_length=300)
    candidates = forms.CharField(
        label=_("候选人（选举时填写，每行一个）"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    seats = forms.IntegerField(label=_("应选名额"), min_value=1, initial=1)
    closes_at = forms.DateTimeField(label=_("截止时间"), widget=DateTimeInput)
    secret = forms.BooleanField(label=_("无记名投票（密封票箱）"), required=False, initial=True)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        cleaned["candidate_list"] = tuple(
            line.strip() for line in str(cleaned.get("candidates", "")).splitlines() if line.strip()
        )
        if cleaned.get("purpose") == PollPurpose.ELECTION and not cleaned["candidate_list"]:
            self.add_error("candidates", _("选举请填写候选人，每行一个。"))
        return cleaned


class AttendanceForm(forms.Form):
    members = forms.ModelMultipleChoiceField(
        label=_("出席代表"),
        queryset=Member.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, voters: list[Member], tenant_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["members"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = Member.objects.filter(tenant_id=tenant_id, pk__in=[m.pk for m in voters])
        field.choices = [(m.pk, f"{m.name}（{m.staff_no}）") for m in voters]
