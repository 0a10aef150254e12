"""The judges' scoring forms: input shape only. Marks and rubric bounds are read as text and parsed
here, so that the scoring package's checks (``sheet_problems``, ``rubric_problems``) word every
problem, naming the item and its range, all at once."""

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from chuangxian.core.forms import MemberPickerWidget, StyledFormMixin
from chuangxian.orgs.models import Member
from chuangxian.selections.models_scoring import RubricItem
from chuangxian.selections.quota import plain
from chuangxian.selections.scoring import CRITERION_LABELS, DECISION, MEDIAN, TOP_MARKS
from chuangxian.selections.services import RubricLine

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
    name = forms.CharField(label=_("评审组名称"), max_length=100)
    tie_break = forms.ChoiceField(
        label=_("同分排序规则"),
        choices=[(",".join(chain), chain_label(chain)) for chain in CHAINS],
        help_text=_("最后得分相同时依次比较；仍相同的，由评审委员会决定名次并在此记录。"),
    )
    advance_count = forms.IntegerField(
        label=_("入选名额"), required=False, min_value=1, help_text=_("留空表示不限。")
    )

    def chain(self) -> list[str]:
        return str(self.cleaned_data["tie_break"]).split(",")


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
