"""The judges' scoring forms: input shape only. Marks and rubric bounds are read as text and parsed
here, so that the scoring package's checks (``sheet_problems``, ``rubric_problems``) word every
problem, naming the item and its range, all at once."""

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from chuangxian.core.forms import MemberPickerWidget, StyledFormMixin
from chuangxian.orgs.models import Member
from chuangxian.selections.models_scoring import Panel, Round, RubricItem
from chuangxian.selections.quota import plain
from chuangxian.selections.scoring import CRITERION_LABELS, DECISION, MEDIAN, TOP_MARKS, ScoringError
from chuangxian.selections.services import RubricLine
from chuangxian.selections.services.panel_settings import CompetitionSettings, overtime_from

# The tie-break chains an office may choose (each a valid ``scoring.tie_break_check`` chain).
CHAINS: tuple[tuple[str, ...], ...] = (
    (MEDIAN, TOP_MARKS, DECISION),
    (TOP_MARKS, MEDIAN, DECISION),
    (MEDIAN, DECISION),
    (TOP_MARKS, DECISION),
    (DECISION,),
)


def chain_label(chain: tuple[str, ...] | list[str]) -> str:
    return " → ".join(str(CRITERION_LABELS[name]) for name in chain)


def number(text: str) -> Decimal | None:
    """A typed number, ``None`` when empty, NaN when it is no number (the checks word that)."""
    text = text.strip().replace("，", ".").replace("。", ".")
    if not text:
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return Decimal("NaN")


class PanelForm(StyledFormMixin, forms.Form):
    """A panel's settings; the teaching competition's (round, group, the final it advances to, the
    overtime rule) are optional. ``panels``: the selection's other panels (the choices to advance to)."""

    name = forms.CharField(label=_("评审组名称"), max_length=100)
    tie_break = forms.ChoiceField(
        label=_("同分排序规则"),
        choices=[(",".join(chain), chain_label(chain)) for chain in CHAINS],
        help_text=_("最后得分相同时依次比较；仍相同的，由评审委员会决定名次并在此记录。"),
    )
    advance_count = forms.IntegerField(
        label=_("入选名额"),
        required=False,
        min_value=1,
        help_text=_("留空表示不限。教学竞赛的初赛评审组：每组晋级决赛的名额。"),
    )
    round = forms.TypedChoiceField(
        label=_("轮次"),
        choices=Round.choices,
        coerce=int,
        required=False,
        empty_value=None,
        initial=Round.ONLY,
        help_text=_("教学竞赛分初赛（按组别）和决赛；一般评选选“评审”。"),
    )
    group = forms.CharField(
        label=_("组别"), max_length=50, required=False, help_text=_("如 人文社科、自然科学、理工。")
    )
    advances_to = forms.ModelChoiceField(
        label=_("晋级到"),
        queryset=Panel.objects.none(),
        required=False,
        empty_label=_("（不晋级）"),
        help_text=_("初赛评审组：前几名（入选名额）晋级到的决赛评审组。"),
    )
    overtime_limit = forms.IntegerField(
        label=_("规定时长（分钟）"), required=False, min_value=1, help_text=_("讲课限时；留空表示不计超时。")
    )
    overtime_per_minute = forms.DecimalField(
        label=_("每超时一分钟扣分"),
        required=False,
        min_value=0,
        max_digits=4,
        decimal_places=1,
        help_text=_("不足一分钟按一分钟计。"),
    )
    overtime_cap = forms.DecimalField(
        label=_("超时扣分上限"),
        required=False,
        min_value=0,
        max_digits=4,
        decimal_places=1,
        help_text=_("留空表示不设上限。"),
    )
    overtime_grace = forms.IntegerField(
        label=_("宽限时间（秒）"), required=False, min_value=0, help_text=_("超时不超过此秒数的不扣分。")
    )

    def __init__(self, *args: Any, panels: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["advances_to"].queryset = panels  # type: ignore[attr-defined]

    @staticmethod
    def initial_of(panel: Panel) -> dict[str, object]:
        limit = panel.overtime_limit_seconds
        return {
            "name": panel.name,
            "tie_break": ",".join(panel.tie_break),
            "advance_count": panel.advance_count,
            "round": panel.round,
            "group": panel.group,
            "advances_to": panel.advances_to_id,
            "overtime_limit": limit // 60 if limit else None,
            "overtime_per_minute": panel.overtime_per_minute,
            "overtime_cap": panel.overtime_cap,
            "overtime_grace": panel.overtime_grace_seconds,
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        try:
            limit = data.get("overtime_limit")
            self.overtime = overtime_from(
                limit * 60 if limit else None,
                data.get("overtime_per_minute"),
                data.get("overtime_cap"),
                data.get("overtime_grace"),
            )
        except ScoringError as error:
            self.add_error(error.field if error.field in self.fields else None, error.message)
        return data

    def chain(self) -> list[str]:
        return str(self.cleaned_data["tie_break"]).split(",")

    def competition(self) -> CompetitionSettings:
        data = self.cleaned_data
        return CompetitionSettings(
            data["round"] or Round.ONLY, data["group"], data["advances_to"], self.overtime
        )


class RubricForm(StyledFormMixin, forms.Form):
    """The rubric as rows of name, minimum, maximum and description; empty rows are left out."""

    def __init__(self, *args: Any, items: list[RubricItem], extra: int = 3, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows = len(items) + extra
        for index in range(self.rows):
            item = items[index] if index < len(items) else None
            self.fields[f"name_{index}"] = forms.CharField(
                label=_("评分项目"), required=False, max_length=100, initial=item.name if item else ""
            )
            self.fields[f"minimum_{index}"] = forms.CharField(
                label=_("最低分"), required=False, initial=plain(item.minimum) if item else "0"
            )
            self.fields[f"maximum_{index}"] = forms.CharField(
                label=_("最高分"), required=False, initial=plain(item.maximum) if item else ""
            )
            self.fields[f"description_{index}"] = forms.CharField(
                label=_("评分要点"), required=False, max_length=500, initial=item.description if item else ""
            )

    def lines(self) -> list[RubricLine]:
        lines = []
        for index in range(self.rows):
            name = self.cleaned_data[f"name_{index}"].strip()
            maximum = number(self.cleaned_data[f"maximum_{index}"])
            if not name and maximum is None:
                continue
            minimum = number(self.cleaned_data[f"minimum_{index}"]) or Decimal(0)
            lines.append(
                RubricLine(
                    name,
                    Decimal("NaN") if maximum is None else maximum,
                    minimum,
                    self.cleaned_data[f"description_{index}"],
                )
            )
        return lines

    def row_fields(self) -> list[list[Any]]:
        return [
            [self[f"{part}_{index}"] for part in ("name", "minimum", "maximum", "description")]
            for index in range(self.rows)
        ]


class EntriesForm(StyledFormMixin, forms.Form):
    entries = forms.MultipleChoiceField(
        label=_("参评对象"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, choices: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["entries"].choices = choices  # type: ignore[attr-defined]


class JudgesForm(StyledFormMixin, forms.Form):
    judges = forms.ModelMultipleChoiceField(
        label=_("评委"),
        queryset=Member.objects.none(),
        required=False,
        widget=MemberPickerWidget(),
        help_text=_("本校会员；评委不评本单位及下属单位的参评对象（自动回避）。"),
    )

    def __init__(self, *args: Any, members: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["judges"].queryset = members  # type: ignore[attr-defined]


class SheetForm(StyledFormMixin, forms.Form):
    """One mark per rubric item, typed as text (``number``); the service checks every range."""

    def __init__(self, *args: Any, items: list[RubricItem], disabled: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for item in items:
            self.fields[item.key] = forms.CharField(
                label=f"{item.name}（{item.range_text}）",
                required=False,
                disabled=disabled,
                help_text=item.description,
                widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
            )

    def marks(self) -> dict[str, Decimal | None]:
        return {key: number(value or "") for key, value in self.cleaned_data.items()}


class TieForm(StyledFormMixin, forms.Form):
    """The committee's order of one tied set: which entry takes each place."""

    note = forms.CharField(
        label=_("决定说明"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("如评审委员会会议的时间和表决情况。"),
    )

    def __init__(self, *args: Any, entries: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.size = len(entries)
        for place in range(1, self.size + 1):
            self.fields[f"place_{place}"] = forms.TypedChoiceField(
                label=_("第 %(n)d 位") % {"n": place}, choices=entries, coerce=int
            )
        self.order_fields([f"place_{p}" for p in range(1, self.size + 1)] + ["note"])

    def order(self) -> list[int]:
        return [self.cleaned_data[f"place_{p}"] for p in range(1, self.size + 1)]
