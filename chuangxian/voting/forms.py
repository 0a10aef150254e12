import re
from typing import Any

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from chuangxian.core.forms import StyledFormMixin, check_rule, set_choices
from chuangxian.orgs.models import Member
from chuangxian.voting.models import (
    BallotBoxKind,
    ElectorateKind,
    MajorityBase,
    Mark,
    PollMode,
    PollPurpose,
    QuestionMethod,
    TieRule,
)
from chuangxian.voting.services import poll_window_check

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class StaffNumbersField(forms.CharField):
    """Staff numbers separated by spaces, commas or new lines, resolved to members of the tenant."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.TextInput(attrs={"placeholder": _("工号，用空格或逗号分隔")}))
        super().__init__(*args, **kwargs)
        self.tenant_id: int | None = None

    def clean(self, value: Any) -> list[Member]:
        text = super().clean(value) or ""
        numbers = [n for n in re.split(r"[\s,，、;；]+", text) if n]
        found = {
            m.staff_no: m for m in Member.objects.filter(tenant_id=self.tenant_id or 0, staff_no__in=numbers)
        }
        unknown = [n for n in numbers if n not in found]
        if unknown:
            raise forms.ValidationError(_("找不到这些工号：%(n)s") % {"n": "、".join(unknown)})
        return [found[n] for n in dict.fromkeys(numbers)]


class Secrecy(models.TextChoices):
    """The poll form's one choice of secrecy, stored as ``Poll.secret`` and ``Poll.ballot_box``."""

    SEALED = "sealed", _("无记名·密封票箱")
    PLAIN = "plain", _("无记名·公开回执")
    NAMED = "named", _("记名投票")


def secrecy_of(secret: bool, ballot_box: str) -> str:
    """The form's choice for a poll's ``secret`` and ``ballot_box``."""
    if not secret:
        return Secrecy.NAMED
    return Secrecy.PLAIN if ballot_box == BallotBoxKind.PLAIN else Secrecy.SEALED


def secrecy_fields(choice: str) -> tuple[bool, str]:
    """``secret`` and ``ballot_box`` for the form's choice (a named poll keeps the default box, unused)."""
    if choice == Secrecy.NAMED:
        return False, BallotBoxKind.SEALED
    return True, BallotBoxKind.PLAIN if choice == Secrecy.PLAIN else BallotBoxKind.SEALED


class PollForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label=_("投票名称"), max_length=200)
    purpose = forms.ChoiceField(label=_("用途"), choices=PollPurpose.choices)
    description = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    opens_at = forms.DateTimeField(label=_("开始时间"), widget=DATETIME)
    closes_at = forms.DateTimeField(label=_("截止时间"), widget=DATETIME)
    secrecy = forms.ChoiceField(
        label=_("保密方式"),
        choices=Secrecy.choices,
        initial=Secrecy.SEALED,
        widget=forms.RadioSelect,
        help_text=_(
            "密封票箱：选票加密保存，截止后由监票人共同开箱，投票人的回执（选票追踪码）只证明选票已投入、"
            "看不出内容，选举和评选推荐应使用这一方式。公开回执：回执可查到所投内容，别人要求出示回执时"
            "就能知道投了什么，只用于低风险的意见征询。记名投票：公布时显示每人的选择。"
        ),
    )
    key_threshold = forms.IntegerField(
        label=_("开箱所需监票人数"),
        required=False,
        min_value=2,
        error_messages={"min_value": _("开箱所需监票人数至少为 2 人；不填则为监票人的过半数。")},
        help_text=_(
            "密封票箱由监票人分持密钥：截止后须有这么多位监票人各自提交密钥分片才能开箱。"
            "不填则为过半数且至少 2 人；监票人少于两名时，票箱由服务器实例密钥保管（较弱）。"
        ),
    )
    mode = forms.ChoiceField(label=_("投票方式"), choices=PollMode.choices)
    electorate_kind = forms.ChoiceField(label=_("投票人范围"), choices=ElectorateKind.choices)
    electorate_units = forms.MultipleChoiceField(
        label=_("参加投票的单位"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("包括其下属单位。"),
    )
    quorum_num = forms.IntegerField(label=_("有效人数比例（分子）"), min_value=0, initial=2)
    quorum_den = forms.IntegerField(
        label=_("有效人数比例（分母）"),
        min_value=1,
        initial=3,
        help_text=_("参加投票人数达到应到人数的这一比例，投票才有效。"),
    )
    # The initial values are the model's defaults (the form would otherwise pre-select the first choice).
    majority_base = forms.ChoiceField(
        label=_("当选（通过）标准"), choices=MajorityBase.choices, initial=MajorityBase.CAST_HALF
    )
    tie_rule = forms.ChoiceField(label=_("票数相同时"), choices=TieRule.choices, initial=TieRule.RUNOFF)
    scrutineers = StaffNumbersField(
        label=_("监票人"), required=False, help_text=_("计票后核对并确认最终哈希值。")
    )
    tellers = StaffNumbersField(
        label=_("计票人"), required=False, help_text=_("纸质投票须两名以上，分别录入结果。")
    )

    def __init__(self, *args: Any, units: list[tuple[int, str]], tenant_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["electorate_units"].choices = units  # type: ignore[attr-defined]
        for name in ("scrutineers", "tellers"):
            field = self.fields[name]
            assert isinstance(field, StaffNumbersField)
            field.tenant_id = tenant_id

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "opens_at" in data and "closes_at" in data:  # with the other errors, not in a later round
            check_rule(self, lambda: poll_window_check(data["opens_at"], data["closes_at"]))
        return data


class QuestionForm(StyledFormMixin, forms.Form):
    text = forms.CharField(label=_("题目"), max_length=300)
    method = forms.ChoiceField(label=_("表决方式"), choices=QuestionMethod.choices)
    options = forms.CharField(
        label=_("候选人或选项"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("每行一个。表决事项（赞成/反对/弃权）不用填写。"),
    )
    seats = forms.IntegerField(label=_("应选名额"), min_value=1, initial=1)
    min_choices = forms.IntegerField(label=_("至少选"), min_value=0, initial=0)
    max_choices = forms.IntegerField(
        label=_("至多选"), min_value=1, initial=1, help_text=_("差额选举时一般等于应选名额。")
    )
    allow_negative = forms.BooleanField(label=_("可对候选人投反对票"), required=False)


class ShareForm(StyledFormMixin, forms.Form):
    """A scrutineer's share as typed (or filled in from the QR code's link) at the box's opening."""

    code = forms.CharField(
        label=_("您的密钥分片"),
        max_length=64,
        help_text=_("8 组、每组 4 个字母或数字（最后一组 3 个），大小写和短横线都不要紧。"),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "autocorrect": "off",
                "spellcheck": "false",
                "class": "font-monospace",
                "placeholder": "XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXX",
            }
        ),
    )


class CloseForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("提前截止理由"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class OpenForm(forms.Form):
    """The organiser's confirmation of the electorate the poll will freeze: its size as shown."""

    expected_size = forms.IntegerField(min_value=0, widget=forms.HiddenInput)


class ConfirmForm(StyledFormMixin, forms.Form):
    """A scrutineer's confirmation: the fingerprint their browser's recount computed (filled in by
    ``voting-verify.js``) and their tick that it matches the server's."""

    fingerprint = forms.CharField(max_length=19, required=False, widget=forms.HiddenInput)
    agree = forms.BooleanField(
        label=_("我已核对，两者一致"), error_messages={"required": _("请核对两个指纹一致后勾选。")}
    )


class LotForm(StyledFormMixin, forms.Form):
    """The lot that settled one tied question: the candidates drawn and how the draw went."""

    winners = forms.TypedMultipleChoiceField(
        label=_("抽中的候选人"), coerce=int, widget=forms.CheckboxSelectMultiple
    )
    note = forms.CharField(
        label=_("抽签经过"),
        help_text=_("时间、地点、由谁抽签、哪些监票人在场。"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, tie: dict[str, Any], **kwargs: Any) -> None:
        kwargs.setdefault("prefix", f"lot{tie['number']}")
        super().__init__(*args, **kwargs)
        set_choices(self, "winners", tie["candidates"])


def paper_data(questions: list[Any], post: Any) -> dict[str, Any]:
    """The tellers' paper form as the service's data: totals, then per question and option."""
    data: dict[str, Any] = {
        "ballots": post.get("ballots", ""),
        "blank": post.get("blank", "0") or "0",
        "invalid": post.get("invalid", "0") or "0",
        "questions": [],
    }
    for q in questions:
        if q.method == QuestionMethod.YES_NO:
            row = {"number": q.order}
            for mark in ("yes", "no", "abstain"):
                row[mark] = post.get(f"q{q.pk}_{mark}", "0") or "0"
            data["questions"].append(row)
        else:
            options = [
                {
                    "number": o.order,
                    "yes": post.get(f"o{o.pk}_yes", "0") or "0",
                    "no": post.get(f"o{o.pk}_no", "0") or "0",
                }
                for o in q.options.all()
            ]
            data["questions"].append({"number": q.order, "options": options})
    return data


def ballot_answers(questions: list[Any], post: Any) -> dict[int, Any]:
    """The ballot form's answers by question id: a mark for a yes/no question, {option id: mark} for
    a choice. Keys naming no question of this poll are kept, so the service refuses them as a
    tampered form."""
    answers: dict[int, Any] = {}
    known = {q.pk for q in questions}
    for key in post:
        match = re.fullmatch(r"q(\d+)(?:_o(\d+))?", key)
        if match and int(match.group(1)) not in known:
            answers[int(match.group(1))] = "tampered"
    for q in questions:
        if q.method == QuestionMethod.YES_NO:
            answers[q.pk] = post.get(f"q{q.pk}", "")
        elif q.allow_negative:
            marks = {}
            for key, value in post.items():
                match = re.fullmatch(rf"q{q.pk}_o(\d+)", key)
                if match and value:
                    marks[int(match.group(1))] = value
            answers[q.pk] = marks
        else:
            answers[q.pk] = {int(v) if v.isdigit() else -1: Mark.YES for v in post.getlist(f"q{q.pk}")}
    return answers


def paper_fields(questions: list[Any], data: dict[str, Any] | None) -> list[dict[str, Any]]:
    """The tellers' form as sections of number inputs, filled from ``data`` (the shape
    ``paper_data`` reads: the teller's saved entry, or what they just posted and must correct)."""
    data = data or {}
    by_number = {int(q.get("number", 0)): q for q in data.get("questions", [])}

    def field(name: str, label: Any, value: Any) -> dict[str, Any]:
        return {"name": name, "label": label, "value": "" if value is None else value}

    sections = [
        {
            "title": "",
            "inputs": [
                field("ballots", _("收回选票"), data.get("ballots")),
                field("blank", _("空白票"), data.get("blank", 0)),
                field("invalid", _("无效票"), data.get("invalid", 0)),
            ],
        }
    ]
    for q in questions:
        entered = by_number.get(q.order, {})
        if q.method == QuestionMethod.YES_NO:
            inputs = [
                field(f"q{q.pk}_{mark}", label, entered.get(mark, 0))
                for mark, label in (("yes", _("赞成")), ("no", _("反对")), ("abstain", _("弃权")))
            ]
        else:
            options = {int(o.get("number", 0)): o for o in entered.get("options", [])}
            inputs = []
            for o in q.options.all():
                got = options.get(o.order, {})
                inputs.append(
                    field(f"o{o.pk}_yes", _("%(name)s 赞成") % {"name": o.label}, got.get("yes", 0))
                )
                if q.allow_negative:
                    inputs.append(
                        field(f"o{o.pk}_no", _("%(name)s 反对") % {"name": o.label}, got.get("no", 0))
                    )
        sections.append({"title": f"{q.order}. {q.text}", "inputs": inputs})
    return sections
